// Shared test data and a way to push Channel messages the way the Tauri runtime does.
// The a11y run (a11y/mock-main.ts) uses the same diagnoses, so what is audited is what is tested.
import type {
  Action,
  ActionReply,
  ActionResult,
  Check,
  CheckId,
  Diagnosis,
  Evidence,
  FixContext,
  ProgressEvent,
  ReportRequest,
  ResolverAnswer,
} from "../src/lib/types";

type Internals = { runCallback: (id: number, data: unknown) => void };

/**
 * mockIPC hands the command the real Channel object (no serialisation), and
 * Channel only delivers `{ index, message }` payloads in index order starting
 * at 0 — the same framing the Rust side's Channel::send produces.
 */
export function channelSender(channel: unknown): (e: ProgressEvent) => void {
  const id = (channel as { id: number }).id;
  const internals = (window as unknown as { __TAURI_INTERNALS__: Internals }).__TAURI_INTERNALS__;
  let index = 0;
  return (message) => internals.runCallback(id, { index: index++, message });
}

export const dnsCheck: Check = {
  id: "dns.system",
  status: "pass",
  elapsed_ms: 12,
  detail: { server: "system", answers: ["198.51.100.80", "2001:db8::80"] },
};

export const siteCheck: Check = {
  id: "site.connection",
  subject: "198.51.100.80:443",
  status: "fail",
  elapsed_ms: 240,
  detail: {
    address: "198.51.100.80:443",
    status_code: 503,
    phases: { dns_ms: 12, connect_ms: 30, tls_ms: 45, first_byte_ms: 150, total_ms: 240 },
  },
};

export const diagnosis: Diagnosis = {
  schema: 1,
  target: { input: "example.com", url: "https://example.com/", host: "example.com", port: 443 },
  verdict: "down_for_everyone",
  culprit: "origin",
  confidence: "likely",
  summary: "raw engine summary that must not be shown",
  next_steps: ["wait_and_retry", "watch_until_back"],
  evidence: {
    answer: { address: "198.51.100.80:443", status_code: 503, request_ids: [] },
    addresses: ["198.51.100.80", "2001:db8::80"],
    resolvers: [{ check: "dns.system", answers: ["198.51.100.80", "2001:db8::80"] }],
    working_resolvers: [],
    internet_unreachable: false,
    status: [],
  },
  checks: [dnsCheck, siteCheck, { id: "future.check" as unknown as CheckId, status: "skipped", elapsed_ms: 0, detail: {} }],
  elapsed_ms: 300,
  started_at: "2025-01-01T00:00:00Z",
};

const SHOP = { input: "shop.example.com", url: "https://shop.example.com/", host: "shop.example.com", port: 443 };

const online: Check = {
  id: "connectivity.probe",
  subject: "http://connectivity.example/generate_204",
  status: "pass",
  elapsed_ms: 31,
  detail: { status_code: 204 },
};
const noProxy: Check = { id: "environment.proxy", status: "pass", elapsed_ms: 0, detail: {} };
const hosts: Check = { id: "environment.hosts", subject: "/etc/hosts", status: "pass", elapsed_ms: 1, detail: {} };
const vantageOff: Check = {
  id: "vantage.globalping",
  subject: "api.globalping.io",
  status: "skipped",
  elapsed_ms: 0,
  detail: { error: "not_run", message: "not asked: third-party checks are turned off" },
};

/** What the engine's evidence says when a run found nothing to name (each fixture adds its own). */
const NO_EVIDENCE: Evidence = { addresses: [], resolvers: [], working_resolvers: [], internet_unreachable: false, status: [] };

function shop(over: Partial<Diagnosis>): Diagnosis {
  return {
    schema: 1,
    target: SHOP,
    verdict: "up",
    culprit: "none",
    confidence: "confirmed",
    summary: "engine words that must not be shown",
    next_steps: [],
    evidence: NO_EVIDENCE,
    checks: [],
    elapsed_ms: 640,
    started_at: "2026-11-21T14:00:00Z",
    ...over,
  };
}

const systemOk: Check = {
  id: "dns.system",
  status: "pass",
  elapsed_ms: 18,
  detail: { server: "192.168.1.1:53", answers: ["203.0.113.10"] },
};
const loads: Check = {
  id: "site.connection",
  subject: "203.0.113.10:443",
  status: "pass",
  elapsed_ms: 120,
  detail: {
    address: "203.0.113.10:443",
    status_code: 200,
    phases: { dns_ms: 18, connect_ms: 22, tls_ms: 35, first_byte_ms: 60, total_ms: 120 },
    headers: { server: "nginx" },
    body_sample: "<html>shop</html>",
    served_by: "nginx",
  },
};
/** The engine's evidence for the shop's own address: the system resolver's answer. */
const SHOP_ADDRESS = ["203.0.113.10"];
const systemSaid: ResolverAnswer = { check: "dns.system", answers: SHOP_ADDRESS };
/** How the shop answered when it loaded: nginx, its own web server (not a gateway). */
const loadedAnswer = {
  address: "203.0.113.10:443",
  status_code: 200,
  served_by: { name: "nginx", gateway: false },
  server: "nginx",
  request_ids: [],
};

export const up = shop({
  verdict: "up",
  culprit: "none",
  confidence: "confirmed",
  next_steps: ["refresh_page", "clear_browser_cache"],
  evidence: { ...NO_EVIDENCE, answer: loadedAnswer, addresses: SHOP_ADDRESS, resolvers: [systemSaid] },
  checks: [noProxy, online, hosts, systemOk, loads, vantageOff],
});

export const justYouDns = shop({
  verdict: "just_you",
  culprit: "dns_resolver",
  confidence: "confirmed",
  next_steps: ["use_alternate_resolver", "flush_dns", "restart_router", "contact_isp"],
  // The system resolver failed, so there are no addresses of the user's own; the site loaded at
  // the address the public resolvers gave.
  evidence: {
    answer: loadedAnswer,
    addresses: [],
    resolvers: [
      { check: "dns.system", answers: [], error: "servfail" },
      { check: "dns.alternate", subject: "1.1.1.1", answers: SHOP_ADDRESS },
      { check: "dns.alternate", subject: "8.8.8.8", answers: SHOP_ADDRESS },
    ],
    working_resolvers: ["1.1.1.1", "8.8.8.8"],
    internet_unreachable: false,
    status: [],
  },
  checks: [
    noProxy,
    online,
    hosts,
    { id: "dns.system", status: "fail", elapsed_ms: 48, detail: { error: "servfail", server: "192.168.1.1:53" } },
    { id: "dns.alternate", subject: "1.1.1.1", status: "pass", elapsed_ms: 21, detail: { answers: ["203.0.113.10"] } },
    { id: "dns.alternate", subject: "8.8.8.8", status: "pass", elapsed_ms: 25, detail: { answers: ["203.0.113.10"] } },
    { ...loads, subject: "203.0.113.10:443" },
    vantageOff,
  ],
});

export const downCloudflare = shop({
  verdict: "down_for_everyone",
  culprit: "origin",
  confidence: "likely",
  next_steps: ["wait_and_retry", "watch_until_back", "contact_site_owner"],
  // Cloudflare's own branded 502 page: the origin behind it failed.
  evidence: {
    ...NO_EVIDENCE,
    answer: {
      address: "203.0.113.10:443",
      status_code: 502,
      served_by: { name: "Cloudflare", gateway: true },
      gateway_error: true,
      server: "cloudflare",
      request_ids: [{ header: "cf-ray", value: "8c1e2f3a4b5c6d7e-AMS" }],
    },
    addresses: SHOP_ADDRESS,
    resolvers: [systemSaid],
    elsewhere: { loaded: 0, total: 2 },
  },
  checks: [
    noProxy,
    online,
    hosts,
    systemOk,
    {
      id: "site.connection",
      subject: "203.0.113.10:443",
      status: "fail",
      elapsed_ms: 310,
      detail: {
        address: "203.0.113.10:443",
        status_code: 502,
        phases: { dns_ms: 18, connect_ms: 20, tls_ms: 40, first_byte_ms: 230, total_ms: 310 },
        headers: { server: "cloudflare", "cf-ray": "8c1e2f3a4b5c6d7e-AMS" },
        body_sample: "<title>shop.example.com | 502: Bad gateway</title> Cloudflare Ray ID: 8c1e2f3a4b5c6d7e RAW-BODY-MARKER",
        served_by: "Cloudflare",
        gateway_error: true,
      },
    },
    {
      id: "vantage.check_host",
      subject: "check-host.net",
      status: "fail",
      elapsed_ms: 2100,
      detail: {
        vantage: [
          { location: "Frankfurt, DE", status_code: 502 },
          { location: "Singapore, SG", error: "Connection timed out" },
        ],
      },
    },
  ],
});

export const justYouVpn = shop({
  verdict: "just_you",
  culprit: "vpn",
  confidence: "likely",
  next_steps: ["disable_vpn", "ask_network_admin"],
  evidence: {
    ...NO_EVIDENCE,
    answer: { address: "203.0.113.10:443", error: "timeout", request_ids: [] },
    addresses: SHOP_ADDRESS,
    resolvers: [systemSaid],
    vpn: "wg0",
  },
  checks: [
    noProxy,
    online,
    {
      id: "environment.route",
      status: "warn",
      elapsed_ms: 2,
      detail: {
        variable: "wg0",
        message: "internet traffic goes through wg0, a tunnel (VPN-like) interface",
        routes: [
          { family: "ipv4", interface: "wg0", gateway: "10.8.0.1", tunnel: true },
          { family: "ipv6", interface: "eth0", tunnel: false },
        ],
      },
    },
    systemOk,
    {
      id: "site.connection",
      subject: "203.0.113.10:443",
      status: "fail",
      elapsed_ms: 5000,
      detail: { address: "203.0.113.10:443", error: "timeout" },
    },
  ],
});

export const justYouProxy = shop({
  verdict: "just_you",
  culprit: "proxy",
  confidence: "likely",
  next_steps: ["disable_proxy", "ask_network_admin"],
  evidence: {
    ...NO_EVIDENCE,
    answer: { address: "203.0.113.10:443", error: "connection_refused", request_ids: [] },
    addresses: SHOP_ADDRESS,
    resolvers: [systemSaid],
    proxy: { variable: "https_proxy", url: "http://proxy.corp.example:3128/" },
  },
  checks: [
    {
      id: "environment.proxy",
      status: "warn",
      elapsed_ms: 0,
      detail: { variable: "https_proxy", url: "http://proxy.corp.example:3128/", message: "web traffic is sent through a proxy" },
    },
    online,
    systemOk,
    {
      id: "site.connection",
      subject: "203.0.113.10:443",
      status: "fail",
      elapsed_ms: 80,
      detail: { address: "203.0.113.10:443", error: "connection_refused" },
    },
  ],
});

export const inconclusive = shop({
  verdict: "inconclusive",
  culprit: "none",
  confidence: "unsure",
  next_steps: ["wait_and_retry", "try_other_network"],
  evidence: {
    ...NO_EVIDENCE,
    answer: { address: "203.0.113.10:443", error: "timeout", request_ids: [] },
    addresses: SHOP_ADDRESS,
    resolvers: [systemSaid],
  },
  checks: [
    noProxy,
    systemOk,
    {
      id: "site.connection",
      subject: "203.0.113.10:443",
      status: "fail",
      elapsed_ms: 15000,
      detail: { address: "203.0.113.10:443", error: "timeout" },
    },
  ],
});

/** Streams the diagnosis's checks as started/finished events, then resolves with it. */
export function streamAll(send: (e: ProgressEvent) => void, d: Diagnosis): Diagnosis {
  for (const c of d.checks) send({ kind: "started", id: c.id, subject: c.subject });
  for (const c of d.checks) send({ kind: "finished", check: c });
  return d;
}

/** The fix room of a Linux computer on eth0 with NetworkManager-less resolved, nothing pending. */
export const fixContextLinux: FixContext = {
  os: "linux",
  detection: { browser: { kind: "firefox", id: "firefox.desktop" } },
  adapter: "eth0",
  presets: [
    { preset: "cloudflare", servers: ["1.1.1.1", "1.0.0.1"] },
    { preset: "google", servers: ["8.8.8.8", "8.8.4.4"] },
    { preset: "quad9", servers: ["9.9.9.9", "149.112.112.112"] },
  ],
};

/** A flush that systemd-resolved did. */
export const flushDone: ActionResult = {
  action: { kind: "flush_dns" },
  outcome: { kind: "done" },
  ran: [{ argv: ["dbus", "org.freedesktop.resolve1.Manager.FlushCaches"], timed_out: false }],
};

/** A switch of eth0 to Cloudflare, the old settings saved. */
export const switchDone: ActionResult = {
  action: { kind: "switch_resolver", adapter: "eth0", preset: "cloudflare" },
  outcome: { kind: "done" },
  ran: [{ argv: ["dbus", "org.freedesktop.resolve1.Manager.SetLinkDNS", "eth0", "1.1.1.1", "1.0.0.1"], timed_out: false }],
  snapshot: { manager: "resolved", ifname: "eth0", servers: ["203.0.113.53"] },
};

/** A result as a fix command answers it: with the report's note (the shell converts in Rust). */
export function reply(result: ActionResult): ActionReply {
  const ran = result.ran.map((r) => `${r.argv.join(" ")}${r.exit_code === undefined ? "" : ` (exit ${r.exit_code})`}`);
  return { result, note: { kind: result.action.kind, outcome: result.outcome.kind, ran } };
}

/** A fake fix room for the wizard's tests: records what it was asked, answers as scripted. */
export function fakeFix(answer: (a: Action) => ActionResult | Promise<ActionResult> = (a) => ({ ...flushDone, action: a })) {
  const asked: Action[] = [];
  let contexts = 0;
  return {
    asked,
    contexts: () => contexts,
    deps: {
      run: async (a: Action) => {
        asked.push(a);
        return reply(await answer(a));
      },
      context: async () => {
        contexts++;
        return structuredClone(fixContextLinux);
      },
    },
  };
}

/**
 * The DNS answer with an engine order of flush, then switch: two guided steps in that order, for
 * the tests of moving between steps (the real dns_resolver order, switch first, is in justYouDns).
 */
export const flushThenSwitch: Diagnosis = { ...justYouDns, next_steps: ["flush_dns", "use_alternate_resolver", "contact_isp"] };

/** The action a fix command was invoked for (the mocks' view of `fixRun`), or null. */
export function actionOf(cmd: string, args: unknown): Action | null {
  if (cmd === "fix_flush_dns") return { kind: "flush_dns" };
  if (cmd === "fix_undo_resolver_switch") return { kind: "undo_resolver_switch" };
  if (cmd === "fix_switch_resolver") {
    const a = args as { adapter: string; preset: Extract<Action, { kind: "switch_resolver" }>["preset"] };
    return { kind: "switch_resolver", adapter: a.adapter, preset: a.preset };
  }
  return null;
}

/**
 * A stand-in for the engine's `render_report`: a few lines that show what the window asked for
 * (the words it sent, the steps and what ran, what to hide), so tests can assert the request.
 * The real report is tested in Rust (src-tauri/engine/tests/report.rs).
 */
export function fakeReport(request: ReportRequest): string {
  const w = request.words ?? {};
  const d = request.diagnosis;
  const lines = [w["report.title"] ?? "?", `${d.verdict}.${d.culprit}`, d.target.url];
  for (const s of request.tried ?? []) {
    lines.push(`- ${w[`stepTitle.${s.step}`] ?? s.step}: ${s.after ? s.after.verdict : (w["report.triedSkipped"] ?? "skipped")}`);
    for (const a of s.actions ?? []) {
      lines.push(`    ${a.kind} ${a.outcome}`);
      for (const r of a.ran ?? []) lines.push(`      $ ${r}`);
    }
  }
  const r = request.redact;
  const hidden = r ? Object.entries(r).filter(([, on]) => on).map(([k]) => k) : [];
  lines.push(`hidden: ${hidden.join(",")}`, `format: ${request.format ?? "text"}`);
  return lines.join("\n");
}

/** The owner's checks beside `downCloudflare`: the edge answers 502 on every page, the origin 200. */
export const ownerCloudflare: Diagnosis = {
  ...downCloudflare,
  evidence: {
    ...downCloudflare.evidence,
    owner: {
      intermittent: true,
      routes: [
        {
          path: "/",
          address: "203.0.113.10:443",
          requests: 6,
          failed: 6,
          failure_percent: 100,
          intermittent: false,
          pattern: "all",
          sequence: "502 502 502 502 502 502",
          first_failure: "2026-11-21T14:00:00Z",
          last_failure: "2026-11-21T14:00:03Z",
          request_ids: [{ header: "cf-ray", value: "8c1e2f3a4b5c6d01-AMS" }],
        },
        {
          path: "/api/health",
          address: "203.0.113.10:443",
          requests: 6,
          failed: 3,
          failure_percent: 50,
          intermittent: true,
          pattern: "alternating",
          sequence: "200 502 200 502 200 502",
          first_failure: "2026-11-21T14:00:01Z",
          last_failure: "2026-11-21T14:00:04Z",
          request_ids: [{ header: "cf-ray", value: "8c1e2f3a4b5c6d02-AMS" }],
        },
      ],
      origin: [{ path: "/", origin: "198.51.100.90:443", origin_status: 200, edge_status: 502, reading: "edge_fails_origin_works" }],
    },
  },
  checks: [
    ...downCloudflare.checks,
    {
      id: "owner.route",
      subject: "/",
      status: "fail",
      elapsed_ms: 2600,
      detail: {
        address: "203.0.113.10:443",
        status_code: 502,
        headers: { server: "cloudflare", "cf-ray": "8c1e2f3a4b5c6d01-AMS" },
        body_sample: "<title>shop.example.com | 502: Bad gateway</title> RAW-BODY-MARKER",
        served_by: "Cloudflare",
        gateway_error: true,
      },
    },
    {
      id: "owner.origin",
      subject: "198.51.100.90:443/",
      status: "pass",
      elapsed_ms: 12,
      detail: { address: "198.51.100.90:443", status_code: 200 },
    },
  ],
};
