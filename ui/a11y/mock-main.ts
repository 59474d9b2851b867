// The app with a mocked engine, for the accessibility audit and screenshots only (built by
// `npm run test:a11y` into dist-a11y/, never into the app's dist/). The scenario comes from
// the URL: ?scenario=up|just_you|flush_first|down|vpn|proxy|fixed|inconclusive|hold|bad&lang=es&recent=1, plus
// &vantage=ask|yes|no for an engine with other places to ask (never asked yet, or a remembered
// answer); without it the engine has none, as when the configuration turns them off. The fix
// room is a Linux computer on eth0; &pending=1 starts with a resolver switch to undo.
import { mockIPC } from "@tauri-apps/api/mocks";
import {
  actionOf,
  channelSender,
  downCloudflare,
  fixContextLinux,
  flushDone,
  flushThenSwitch,
  inconclusive,
  reply,
  justYouDns,
  justYouProxy,
  justYouVpn,
  ownerCloudflare,
  streamAll,
  switchDone,
  up,
} from "../tests/fixtures";
import type { Diagnosis, FixContext } from "../src/lib/types";
import sampleReport from "../../src-tauri/engine/tests/reports/origin_502.txt?raw";

const params = new URLSearchParams(location.search);
const scenario = params.get("scenario") ?? "up";

localStorage.clear();
const lang = params.get("lang");
if (lang) localStorage.setItem("site-doctor.language", JSON.stringify(lang));
if (params.has("recent")) {
  const sites = ["shop.example.com", "mail.example.org", "intranet.example.net"];
  localStorage.setItem("site-doctor.recent", JSON.stringify(sites.map((s) => ({ input: s, url: `https://${s}/` }))));
}

const consent = params.get("vantage");
const services = consent ? ["api.globalping.io", "check-host.net"] : [];
if (consent === "yes" || consent === "no") localStorage.setItem("site-doctor.vantage", JSON.stringify(consent === "yes"));
/** What each check_site call got as `vantage`, for the keyboard walk to read back. */
const sent: unknown[] = [];
(window as unknown as { vantageSent: unknown[] }).vantageSent = sent;

const answers: Record<string, Diagnosis[]> = {
  up: [up],
  just_you: [justYouDns],
  flush_first: [flushThenSwitch],
  down: [downCloudflare],
  vpn: [justYouVpn],
  proxy: [justYouProxy],
  inconclusive: [inconclusive],
  fixed: [justYouDns, up],
};

const fix: FixContext = structuredClone(fixContextLinux);
if (params.has("pending")) fix.pending_undo = switchDone.snapshot;

let calls = 0;
mockIPC(async (cmd, args) => {
  if (cmd === "cancel_check") return null;
  // The engine's own report of a 502 (its snapshot test's file), as the hand-off would show it.
  if (cmd === "render_report") return sampleReport;
  if (cmd === "fix_context") return structuredClone(fix);
  const action = actionOf(cmd, args);
  if (action) {
    if (action.kind === "flush_dns") return reply(flushDone);
    if (action.kind === "switch_resolver") {
      fix.pending_undo = switchDone.snapshot;
      return reply({ ...switchDone, action });
    }
    fix.pending_undo = undefined;
    return reply({ action, outcome: { kind: "done" }, ran: [], snapshot: switchDone.snapshot });
  }
  if (cmd === "vantage_services") return services;
  // The background watch and "Open the site": accepted, nothing happens (no browser here).
  if (cmd === "watch_start" || cmd === "watch_stop" || cmd === "open_site") return null;
  if (cmd !== "check_site") throw new Error(`unknown command ${cmd}`);
  const a = args as { input: string; vantage: unknown; onEvent: unknown; owner?: unknown };
  sent.push(a.vantage);
  const send = channelSender(a.onEvent);
  // "I run this site": the owner's own check, beside a 502 from Cloudflare.
  if (a.owner) return streamAll(send, ownerCloudflare);
  if (scenario === "bad") throw { code: "bad_input", message: "has spaces", reason: "has_spaces" };
  if (scenario === "hold") {
    // Part-way through a run, for the Check screen: some done, some still running.
    const d = justYouDns;
    for (const c of d.checks) send({ kind: "started", id: c.id, subject: c.subject });
    for (const c of d.checks.slice(0, 4)) send({ kind: "finished", check: c });
    // The answer so far, as the engine sends it while the places elsewhere are still asked.
    send({ kind: "provisional", outcome: "just_you.dns_resolver", confidence: "likely", summary: d.summary });
    return new Promise(() => {});
  }
  const list = answers[scenario] ?? [up];
  const d = list[Math.min(calls++, list.length - 1)];
  return streamAll(send, d);
});

await import("../src/main");
