// "I run this site": the owner's findings (evidence.owner) in the window's words, and the
// escalation kit a host's support asks for. Pure functions of the diagnosis, so they are tested
// without a window.
import { t } from "./i18n";
import { STATUS_PROVIDERS } from "./catalogue/brands";
import type { Check, Diagnosis, DnsTargets, OriginComparison, ResolverView, RouteHealth } from "./types";

/** What the owner typed as pages: `/ /api/health` → ["/", "/api/health"]; null when one is not a path. */
export function parsePaths(text: string): string[] | null {
  const paths = text.split(/[\s,]+/).filter((p) => p !== "");
  if (paths.length > 8 || paths.some((p) => !p.startsWith("/"))) return null;
  return paths;
}

/** One line per route: how many of its requests failed. */
export function routeLine(r: RouteHealth): string {
  const n = r.requests;
  if (r.failed === 0) return t("owner.routeOk", { path: r.path, n });
  if (r.failed === n) return t("owner.routeAll", { path: r.path, n });
  return t("owner.routeSome", { path: r.path, failed: r.failed, n, percent: r.failure_percent });
}

/** What a route's pattern usually means, for a route that fails only some of the time. */
export function patternMeaning(r: RouteHealth): string | null {
  if (!r.intermittent) return null;
  if (r.pattern === "alternating") return t("owner.alternating");
  if (r.pattern === "burst") return t("owner.burst");
  if (r.pattern === "scattered") return t("owner.scattered");
  return null;
}

/** "the Cloudflare edge" when a CDN answered, else "the public address". */
export function edgeName(d: Diagnosis): string {
  const by = d.evidence.answer?.served_by;
  return by?.gateway ? t("owner.edge", { who: by.name }) : t("owner.edgeAny");
}

const said = (code: number | undefined, error: string | undefined) =>
  code !== undefined ? String(code) : error ? t(`errorClass.${error}` as never).replace(/\.$/, "") : "–";

/** The origin beside the edge: "Your server answers 200 directly; the Cloudflare edge answers 502." */
export function originLine(c: OriginComparison, edge: string): string {
  const p = { origin: said(c.origin_status, c.origin_error), edge, edgeStatus: said(c.edge_status, c.edge_error) };
  switch (c.reading) {
    case "edge_fails_origin_works":
      return t("owner.edgeFailsOriginWorks", p);
    case "both_fail":
      return t("owner.bothFail", p);
    case "both_work":
      return t("owner.bothWork", p);
    case "origin_fails_edge_works":
      return t("owner.originFailsEdgeWorks", p);
    default:
      return t("owner.unknown", p);
  }
}

/** What a host's support asks for first, from the owner's checks. */
export type Kit = {
  first?: string;
  last?: string;
  ids: { header: string; value: string }[];
  page?: string;
  headers: [string, string][];
  elsewhere?: { loaded: number; total: number };
  sendTo: string;
};

/** The page's title, as plain text: what the error page says, never its markup. */
function pageTitle(body: string | undefined): string | undefined {
  const m = body?.match(/<title[^>]*>([^<]{1,200})<\/title>/i);
  return m ? m[1].replace(/&amp;/g, "&").replace(/\s+/g, " ").trim() : undefined;
}

/** The escalation kit, or null when the owner's checks found nothing failing. */
export function kit(d: Diagnosis): Kit | null {
  const o = d.evidence.owner;
  if (!o) return null;
  const failing = o.routes.filter((r) => r.failed > 0);
  if (failing.length === 0) return null;
  const times = failing.flatMap((r) => [r.first_failure, r.last_failure]).filter((x): x is string => !!x).sort();
  const sample: Check | undefined = d.checks.find(
    (c) => c.id === "owner.route" && c.subject === failing[0].path && c.detail.status_code !== undefined,
  );
  const by = d.evidence.answer?.served_by;
  return {
    first: times[0],
    last: times[times.length - 1],
    // One line per id: a server that reuses one (or a fake) would repeat it.
    ids: failing
      .flatMap((r) => r.request_ids)
      .filter((id, i, all) => all.findIndex((o) => o.header === id.header && o.value === id.value) === i)
      .slice(0, 6),
    page: pageTitle(sample?.detail.body_sample),
    headers: Object.entries(sample?.detail.headers ?? {}).filter((e): e is [string, string] => e[1] !== undefined),
    elsewhere: d.evidence.elsewhere,
    sendTo: by?.gateway ? t("owner.sendToHost", { who: by.name }) : t("owner.sendToServer"),
  };
}

/** What one DNS server said, as a short value: its addresses, its CNAME, or how it failed. */
function viewValue(v: ResolverView): string {
  if (v.error) return t(`errorClass.${v.error}` as never).replace(/\.$/, "");
  if (!v.answers.length && v.cname[0]) return `CNAME ${v.cname[0]}`;
  return v.answers.join(", ");
}

/** The owner's DNS check in words: what the source holds and what the resolvers say, the reading, the chain. */
export function dnsLines(d: DnsTargets): { reading: string; source: string | null; chain: string | null } {
  const zone = d.zone ?? "?";
  const source = d.authoritative.length
    ? t("owner.dnsSource", { zone, answers: d.authoritative.map((v) => `${v.server}: ${viewValue(v)}`).join("; ") })
    : null;
  const cdn = d.cdn && d.cdn !== "site" ? ` (${STATUS_PROVIDERS[d.cdn]})` : "";
  const chain = d.chain.length ? t("owner.dnsChain", { chain: d.chain.join(" → ") + cdn }) : null;
  const reading = {
    consistent: () => t("owner.dnsConsistent"),
    public_differs: () => t("owner.dnsPublicDiffers", { answers: d.public.map(viewValue).join("; ") }),
    local_differs: () => t("owner.dnsLocalDiffers", { answers: d.system ? viewValue(d.system) : "–" }),
    authoritative_failing: () => t("owner.dnsAuthoritativeFailing", { zone }),
    unknown: () => t("owner.dnsUnknown"),
  }[d.reading]();
  return { reading, source, chain };
}
