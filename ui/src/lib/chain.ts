// The chain a request travels, as the answer shows it: this computer → its network → (the proxy
// or VPN) → (the CDN or gateway that answered) → the site's server, and the other places that
// tried. Each link is ok, broken or unknown, from the diagnosis alone.
import { vantagePoints } from "./evidence";
import { groupOf } from "./view";
import { STATUS_PROVIDERS } from "./catalogue/brands";
import type { Culprit, Diagnosis } from "./types";

export type LinkState = "ok" | "broken" | "unknown";
export type LinkKind = "computer" | "network" | "dns" | "proxy" | "vpn" | "gateway" | "server";
export type Link = { kind: LinkKind; state: LinkState; name?: string };
export type Elsewhere = { failed: number; total: number; state: LinkState };

/** Culprits on this computer, its network, its address book; a setting in between. */
const COMPUTER: readonly Culprit[] = ["hosts_file", "clock_skew"];
const NETWORK: readonly Culprit[] = [
  "no_network", "captive_portal", "packet_loss", "slow_network", "firewall", "network_path", "path_mtu", "ipv6",
  "tls_interception",
];
const DNS: readonly Culprit[] = ["dns_resolver", "dns_hijack", "dns_blocked", "dns_stale", "cdn_edge"];
const SERVER: readonly Culprit[] = ["origin", "site_unreachable", "site_tls", "site_dns"];

/** The links, in order, each with what the evidence says of it. */
export function chainOf(d: Diagnosis): Link[] {
  const c = d.culprit;
  const up = d.verdict === "up" || d.verdict === "degraded";
  const before = (broken: boolean): LinkState => (broken ? "broken" : up || SERVER.includes(c) || d.verdict === "just_you" ? "ok" : "unknown");
  const links: Link[] = [
    { kind: "computer", state: COMPUTER.includes(c) ? "broken" : "ok" },
    { kind: "network", state: before(NETWORK.includes(c)) },
    { kind: "dns", state: before(DNS.includes(c)) },
  ];
  if (d.evidence.vpn) links.push({ kind: "vpn", state: before(c === "vpn"), name: d.evidence.vpn });
  if (d.evidence.proxy) links.push({ kind: "proxy", state: before(c === "proxy") });
  const served = d.evidence.answer?.served_by;
  const answered = d.evidence.answer?.status_code !== undefined;
  if (served?.gateway) links.push({ kind: "gateway", state: answered ? "ok" : "unknown", name: served.name });
  const server: LinkState = up || d.verdict === "just_you" ? "ok" : SERVER.includes(c) ? "broken" : "unknown";
  links.push({ kind: "server", state: server });
  return links;
}

/** How many other places could not open it, of those that reported; null when none were asked. */
export function elsewhereOf(d: Diagnosis): Elsewhere | null {
  const points = d.checks.filter((c) => groupOf(c.id) === "vantage").flatMap(vantagePoints);
  if (!points.length) return null;
  const failed = points.filter((p) => p.status_code === undefined || p.status_code >= 500).length;
  const state: LinkState = failed === points.length ? "broken" : failed === 0 ? "ok" : "unknown";
  return { failed, total: points.length, state };
}

/** An open incident a status page reports that concerns this site: who says it, where, since when. */
export type StatusTrouble = { who: string | null; place: string | null; since: string; incident: string };

/** The first status page's trouble that concerns this site (the engine orders it), else null. */
export function statusTroubleOf(d: Diagnosis): StatusTrouble | null {
  const page = (d.evidence.status ?? []).find((p) => p.trouble.length > 0);
  const incident = page?.trouble[0];
  if (!page || !incident) return null;
  const code = page.region;
  const here = code !== undefined && incident.components.some((n) => n.toUpperCase().includes(`(${code})`));
  return {
    who: page.provider === "site" ? null : STATUS_PROVIDERS[page.provider],
    place: here ? (page.place ?? code ?? null) : null,
    // Statuspage always dates its incidents; the run's start stands in if one came without.
    since: incident.started_at ?? d.started_at,
    incident: incident.name,
  };
}

/** The words error pages show with their status code (left in English, as the page showed them). */
const REASON: Record<number, string> = {
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
  520: "Web Server Returned an Unknown Error",
  521: "Web Server Is Down",
  522: "Connection Timed Out",
  523: "Origin Is Unreachable",
  524: "A Timeout Occurred",
  525: "SSL Handshake Failed",
  526: "Invalid SSL Certificate",
};

/** What the user saw in the browser, as its error page names it: "502 Bad Gateway". */
export function errorSeen(code: number): string | null {
  return REASON[code] ? `${code} ${REASON[code]}` : null;
}

/**
 * Who sent the error page the user saw, when the site's side did: the gateway in front of it
 * (a CDN such as Cloudflare) or the site's own server. Null when there was no error page, or
 * when it came from a broken path on the user's side (then the broken link says so).
 */
export type SeenFrom = { code: number; error: string | null; who: string | null };
export function seenFrom(d: Diagnosis): SeenFrom | null {
  const a = d.evidence.answer;
  const code = a?.status_code;
  if (code === undefined || code < 500 || (d.verdict !== "down_for_everyone" && d.verdict !== "inconclusive")) return null;
  return { code, error: errorSeen(code), who: a?.served_by?.gateway ? a.served_by.name : null };
}
