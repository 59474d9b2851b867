// The evidence behind a verdict, in plain labels: who served an error page, reference numbers,
// what other places saw, and the names (VPN, proxy, resolvers) the fix steps can mention.
// Never renders raw engine data: body samples and messages stay out of the window.
import { declinedElsewhere } from "./consent.svelte";
import { t } from "./i18n";
import { PUBLIC_RESOLVERS } from "./platform";
import { errorSentence, httpMeaning } from "./view";
import type { Check, Diagnosis, VantagePoint as Point } from "./types";

type Headers = { [key in string]?: string };

/** Gateways and CDNs by their identifying headers (shared/error-pages.md); first match wins. */
const VENDORS: { name: string; cdn: boolean; match: (h: Headers) => boolean }[] = [
  { name: "Cloudflare", cdn: true, match: (h) => /cloudflare/i.test(h.server ?? "") || !!h["cf-ray"] },
  {
    name: "Amazon CloudFront",
    cdn: true,
    match: (h) => /cloudfront/i.test(`${h.server ?? ""} ${h.via ?? ""} ${h["x-cache"] ?? ""}`) || !!h["x-amz-cf-id"],
  },
  { name: "AWS Elastic Load Balancing", cdn: true, match: (h) => /awselb/i.test(h.server ?? "") },
  { name: "Akamai", cdn: true, match: (h) => /akamai/i.test(h.server ?? "") },
  { name: "Fastly", cdn: true, match: (h) => /^cache-/i.test(h["x-served-by"] ?? "") || !!h["x-fastly-request-id"] },
  { name: "Varnish", cdn: true, match: (h) => /varnish/i.test(h.via ?? "") },
  { name: "Azure Front Door", cdn: true, match: (h) => !!h["x-azure-ref"] },
  { name: "Google", cdn: true, match: (h) => /^(google frontend|gws|gfe)/i.test(h.server ?? "") },
  { name: "Vercel", cdn: true, match: (h) => /vercel/i.test(h.server ?? "") || !!h["x-vercel-id"] },
  { name: "Netlify", cdn: true, match: (h) => /netlify/i.test(h.server ?? "") || !!h["x-nf-request-id"] },
  { name: "Heroku", cdn: true, match: (h) => /vegur/i.test(h.via ?? "") },
  { name: "Envoy", cdn: false, match: (h) => /^envoy/i.test(h.server ?? "") },
  { name: "nginx", cdn: false, match: (h) => /^nginx/i.test(h.server ?? "") },
  { name: "Apache", cdn: false, match: (h) => /^apache/i.test(h.server ?? "") },
  { name: "Microsoft IIS", cdn: false, match: (h) => /^microsoft-iis/i.test(h.server ?? "") },
];

export type Served = { who: string; cdn: boolean };

/** Which gateway, CDN or server software answered, if its headers say so. */
export function whoServed(headers: Headers | undefined): Served | undefined {
  if (!headers) return undefined;
  const v = VENDORS.find((x) => x.match(headers));
  return v ? { who: v.name, cdn: v.cdn } : undefined;
}

/** Request ids and routing headers a site owner can act on, with plain labels. */
const IDENTIFIERS = [
  "cf-ray",
  "x-amz-cf-id",
  "x-request-id",
  "x-vercel-id",
  "x-nf-request-id",
  "x-azure-ref",
  "x-served-by",
  "via",
  "x-cache",
] as const;

export type Identifier = { label: string; value: string };

export function identifiers(headers: Headers | undefined): Identifier[] {
  if (!headers) return [];
  return IDENTIFIERS.filter((h) => typeof headers[h] === "string" && headers[h] !== "").map((h) => ({
    label: t(`header.${h}`),
    value: headers[h] as string,
  }));
}

/** What one other place on the internet saw (vantage checks). */
export type VantagePoint = Pick<Point, "location" | "status_code" | "error">;

export function vantagePoints(c: Check): VantagePoint[] {
  return (c.detail.vantage ?? []).filter((p) => typeof p.location === "string");
}

const loaded = (p: VantagePoint) => p.status_code !== undefined && p.status_code < 500;

/** One plain sentence for what a finished check found. */
export function checkResult(c: Check): string {
  const d = c.detail;
  if (c.status === "skipped") {
    if (!c.id.startsWith("vantage.")) return t("result.notChecked");
    // The user's own "no" reads as their choice, not as something broken or turned off.
    return declinedElsewhere() ? t("result.notAskedChoice") : t("result.notAsked");
  }
  const family = c.id.split(".")[0];
  if (family === "dns") {
    if (d.answers?.length) return t("result.found", { addresses: d.answers.join(", ") });
    return errorSentence(c) ?? t("result.noAddress");
  }
  if (c.id === "connectivity.loss" && d.loss_percent !== undefined) {
    return t("result.loss", { percent: String(d.loss_percent) });
  }
  if (c.id === "connectivity.probe") {
    if (c.status === "pass") return t("result.working");
    if (c.status === "warn") return t("result.intercepted");
    return errorSentence(c) ?? t("errorClass.other");
  }
  if (c.id === "environment.proxy") {
    return c.status === "pass" ? t("result.noProxy") : t("result.proxySet", { url: d.url ?? d.variable ?? "" });
  }
  if (c.id === "environment.hosts") {
    return d.answers?.length ? t("result.hostsEntry", { addresses: d.answers.join(", ") }) : t("result.noHostsEntry");
  }
  if (c.id === "environment.dns_servers" && d.dns_servers?.length) {
    return t("result.dnsServers", { servers: d.dns_servers.join(", ") });
  }
  if (c.id === "environment.route") {
    const name = routeName(c);
    return c.status === "pass" || !name ? t("result.direct") : t("result.viaRoute", { name });
  }
  if (family === "vantage") {
    const points = vantagePoints(c);
    if (points.length === 0) return t("result.vantageUnavailable");
    const ok = points.filter(loaded).length;
    return ok > 0
      ? t("result.vantageLoaded", { ok, total: points.length })
      : t("result.vantageFailed", { total: points.length });
  }
  if (d.status_code !== undefined) return `${t("result.answered", { code: d.status_code })}: ${httpMeaning(d.status_code)}`;
  return errorSentence(c) ?? t(`status.${c.status}`);
}

/** Where the vantage points' sentence comes from, for the evidence list. */
export function vantageLine(p: VantagePoint): string {
  if (p.status_code === undefined) return t("answer.vantageError");
  return loaded(p) ? t("answer.vantageLoaded", { code: p.status_code }) : t("answer.vantageGotError", { code: p.status_code });
}

/** The tunnel (VPN) interface internet traffic leaves through, as the route check names it. */
function routeName(c: Check): string | undefined {
  const tunnel = c.detail.routes?.find((r) => r.tunnel && r.interface)?.interface;
  return tunnel || c.detail.variable || c.subject || undefined;
}

/** The VPN the evidence names (environment.route), if any. */
export function vpnName(d: Diagnosis): string | undefined {
  const c = d.checks.find((x) => x.id === "environment.route" && x.status !== "pass" && x.status !== "skipped");
  return c ? routeName(c) : undefined;
}

/** The proxy the evidence names (environment.proxy): which setting, and where it points. */
export function proxyInUse(d: Diagnosis): { variable?: string; url?: string } | undefined {
  const c = d.checks.find((x) => x.id === "environment.proxy" && x.status !== "pass" && x.status !== "skipped");
  if (!c || (!c.detail.variable && !c.detail.url)) return undefined;
  return { variable: c.detail.variable, url: c.detail.url };
}

/** The hosts file the engine read, if it had a line for the site. */
export function hostsPath(d: Diagnosis): string | undefined {
  return d.checks.find((x) => x.id === "environment.hosts" && x.detail.answers?.length)?.subject;
}

const PRIVATE = /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|169\.254\.|0\.|::1$|f[cd]|fe80)/i;

/**
 * Public resolvers worth typing into the OS settings: the alternates that found the site, when
 * they are ordinary public addresses on port 53, else well-known public ones.
 */
export function resolversToSuggest(d: Diagnosis): string[] {
  const good = d.checks
    .filter((c) => c.id === "dns.alternate" && c.status === "pass" && c.subject)
    .map((c) => c.subject as string)
    .map((s) => s.replace(/^\[(.*)\](:53)?$/, "$1").replace(/^(\d+\.\d+\.\d+\.\d+)(:53)?$/, "$1"))
    .filter((s) => /^[\d.]+$|^[0-9a-f:]+$/i.test(s) && !PRIVATE.test(s));
  const unique = [...new Set(good)];
  return unique.length ? unique.slice(0, 2) : [...PUBLIC_RESOLVERS];
}
