// The evidence behind a verdict, in plain labels. What decided it (who served the page, request
// ids, the VPN, proxy and resolvers) the engine hands over in `diagnosis.evidence`; this file only
// labels it, and words single checks for the lists. Never renders raw engine data: body samples
// and messages stay out of the window.
import { declinedElsewhere } from "./consent.svelte";
import { has, t, type MessageKey } from "./i18n";
import { PUBLIC_RESOLVERS } from "./platform";
import { errorSentence, groupOf, httpMeaning } from "./view";
import type { Check, Evidence, SiteAnswer, VantagePoint as Point } from "./types";

/** A request id or routing header a site owner can look up, with its plain label. */
export type Identifier = { label: string; value: string };

/** The answer's request ids, labelled from the `header` section; a header without a label keeps its name. */
export function identifiers(a: SiteAnswer | undefined): Identifier[] {
  return (a?.request_ids ?? []).map(({ header, value }) => ({
    label: has(`header.${header}`) ? t(`header.${header}` as MessageKey) : header,
    value,
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
  const group = groupOf(c.id);
  if (c.status === "skipped") {
    // The run stopped waiting for it: nothing was turned off, the answer was clear without it.
    if (d.error === "not_needed") return t("errorClass.not_needed");
    if (group !== "vantage") return t("result.notChecked");
    // The user's own "no" reads as their choice, not as something broken or turned off.
    return declinedElsewhere() ? t("result.notAskedChoice") : t("result.notAsked");
  }
  if (group === "dns") {
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
  if (group === "vantage") {
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

/**
 * Public resolvers worth typing into the OS settings: the ones that found the site in this run
 * (the engine keeps only plain public addresses), else well-known public ones.
 */
export function resolversToSuggest(e: Evidence): string[] {
  return e.working_resolvers.length ? e.working_resolvers.slice(0, 2) : [...PUBLIC_RESOLVERS];
}
