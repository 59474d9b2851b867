// The fix room in the window: the flush and switch buttons send only a typed action, show what
// came of it, keep it with the step for the help desk, and the switch's Undo survives a restart.
import { afterEach, expect, test } from "vitest";
import { cleanup, render, waitFor } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import App from "../src/App.svelte";
import StepBody from "../src/components/StepBody.svelte";
import { t } from "../src/lib/i18n";
import { presetFor, resultWords } from "../src/lib/fixing";
import { actionOf, channelSender, fakeReport, reply, fixContextLinux, flushDone, justYouDns, flushThenSwitch, justYouVpn, streamAll, switchDone } from "./fixtures";
import { byId, click, submit } from "./helpers";
import type { Action, ActionResult, Diagnosis, FixContext, ReportRequest } from "../src/lib/types";

afterEach(() => {
  cleanup();
  clearMocks();
  localStorage.clear();
});

/** The engine answers `d` every time; the fix room answers from `ctx` and `result`. */
function room(d: Diagnosis, ctx: FixContext, result: (a: Action) => ActionResult) {
  const asked: Action[] = [];
  const state = { ctx: structuredClone(ctx) };
  mockIPC((cmd, args) => {
    if (cmd === "check_site") {
      const a = args as { onEvent: unknown };
      return streamAll(channelSender(a.onEvent), d);
    }
    if (cmd === "fix_context") return structuredClone(state.ctx);
    if (cmd === "render_report") return fakeReport((args as { request: ReportRequest }).request);
    const action = actionOf(cmd, args);
    if (action) {
      asked.push(action);
      const r = result(action);
      if (action.kind === "switch_resolver" && r.outcome.kind === "done") state.ctx.pending_undo = r.snapshot;
      if (action.kind === "undo_resolver_switch") state.ctx.pending_undo = undefined;
      return reply(r);
    }
  });
  return { asked, state };
}

test("flush: one click runs the typed action, says what came of it, and the help desk sees it", async () => {
  const r = room(flushThenSwitch, fixContextLinux, () => flushDone);
  render(App);
  await submit("shop.example.com");
  await click("start-fix");
  const button = await waitFor(() => byId("fix-flush"));
  expect(button.textContent?.trim()).toBe(t("act.flushButton"));
  // The written steps are still there, folded, as the fallback.
  expect(byId("do-it-yourself").tagName).toBe("DETAILS");
  await click("fix-flush");
  const result = await waitFor(() => byId("fix-result"));
  expect(r.asked).toEqual([{ kind: "flush_dns" }]);
  expect(result.dataset.outcome).toBe("done");
  expect(result.textContent).toContain(t("act.done_flush_dns"));
  expect(result.querySelector("details code")?.textContent).toBe("dbus org.freedesktop.resolve1.Manager.FlushCaches");
  expect(byId("check-again").classList.contains("primary")).toBe(true);
  await click("check-again");
  await waitFor(() => byId("step-outcome"));
  await click("get-help");
  const report = (await waitFor(() => byId<HTMLTextAreaElement>("report-text"))) as HTMLTextAreaElement;
  // The engine writes the summary: it gets the step, its before/after and the note of what ran.
  await waitFor(() => expect(report.value).toContain(`- ${t("stepTitle.flush_dns")}: just_you`));
  expect(report.value).toContain("    flush_dns done");
  expect(report.value).toContain("$ dbus org.freedesktop.resolve1.Manager.FlushCaches");
});

test("nothing to clear and a cancelled password prompt are said plainly, not as errors", () => {
  const none: ActionResult = { ...flushDone, outcome: { kind: "nothing_to_do", why: "no_dns_cache" }, ran: [] };
  expect(t(resultWords(none).key)).toBe(t("act.nothing_no_dns_cache"));
  const cancelled: ActionResult = { ...flushDone, outcome: { kind: "cancelled" } };
  expect(resultWords(cancelled).key).toBe("act.cancelled");
  const vpn: ActionResult = {
    ...switchDone,
    outcome: { kind: "refused", reason: { code: "vpn_active", interface: "wg0" } },
    snapshot: undefined,
  };
  expect(t(resultWords(vpn).key, resultWords(vpn).params)).toBe(t("act.refused_vpn_active", { interface: "wg0" }));
  const failed: ActionResult = { ...flushDone, outcome: { kind: "failed", code: { code: "exit_status", status: 5 } } };
  expect(t(resultWords(failed).key, resultWords(failed).params)).toContain("5");
});

test("switch resolver: the preset that worked in this run, then Undo, kept across a restart", async () => {
  const quad9Worked = { ...justYouDns, evidence: { ...justYouDns.evidence, working_resolvers: ["9.9.9.9"] } };
  expect(presetFor(quad9Worked, fixContextLinux)).toBe("quad9");
  expect(presetFor(justYouDns, fixContextLinux)).toBe("cloudflare");
  const r = room(quad9Worked, fixContextLinux, (a) =>
    a.kind === "switch_resolver"
      ? { ...switchDone, action: a }
      : { action: a, outcome: { kind: "done" }, ran: [], snapshot: switchDone.snapshot },
  );
  render(App);
  await submit("shop.example.com");
  // Public DNS found it and the network's did not: the switch is the first step.
  await click("start-fix");
  const sw = await waitFor(() => byId("fix-switch"));
  expect(sw.textContent?.trim()).toBe(t("act.switchButton", { name: t("preset.quad9"), adapter: "eth0" }));
  await click("fix-switch");
  expect(r.asked).toEqual([{ kind: "switch_resolver", adapter: "eth0", preset: "quad9" }]);
  await waitFor(() => expect(byId("fix-result").textContent).toContain(t("act.done_switch_resolver", { adapter: "eth0", name: "Quad9" })));
  // The step now offers the way back instead of another switch.
  const undo = await waitFor(() => byId("fix-undo"));
  expect(document.getElementById("fix-switch")).toBeNull();
  expect(undo.textContent?.trim()).toBe(t("act.undoButton"));

  // A restart: a new window asks the fix room and finds the switch still to undo on Ask.
  cleanup();
  render(App);
  const banner = await waitFor(() => byId("pending-undo-banner"));
  expect(banner.textContent).toContain(t("act.pendingText", { adapter: "eth0" }));
  await click("undo-switch");
  await waitFor(() => expect(document.getElementById("pending-undo-banner")).toBeNull());
  expect(byId("undo-result").textContent).toContain(t("act.done_undo_resolver_switch", { adapter: "eth0" }));
  expect(r.asked.at(-1)).toEqual({ kind: "undo_resolver_switch" });
});

test("no adapter to name: the written steps show, open, with a plain reason", async () => {
  room(justYouDns, { ...fixContextLinux, adapter: undefined }, () => flushDone);
  render(App);
  await submit("shop.example.com");
  await click("start-fix");
  await waitFor(() => byId("no-adapter"));
  expect(byId("no-adapter").textContent).toBe(t("act.noAdapter"));
  expect(document.getElementById("fix-switch")).toBeNull();
});

test("the default browser leads the key tables; the VPN is named by its program and tunnel", () => {
  const ctx: FixContext = {
    ...fixContextLinux,
    detection: { browser: { kind: "firefox", id: "firefox.desktop" }, vpn: { clients: ["cisco_secure_client"], tunnel: "utun3" } },
  };
  const { container } = render(StepBody, { props: { step: "refresh_page", diagnosis: justYouDns, systems: ["windows"], fix: ctx } });
  const rows = [...container.querySelectorAll("[data-browser]")] as HTMLElement[];
  expect(rows.map((r) => r.dataset.browser)).toEqual(["firefox", "chrome", "edge"]);
  expect(rows[0].dataset.default).toBe("true");
  expect(rows[0].textContent).toContain(t("act.defaultBrowser"));
  cleanup();
  const vpn = render(StepBody, { props: { step: "disable_vpn", diagnosis: justYouVpn, systems: ["macos"], fix: ctx } });
  const name = t("act.vpnOn", { client: "Cisco Secure Client", tunnel: "utun3" });
  expect(vpn.container.querySelector("#vpn-name")?.textContent).toBe(t("vpn.named", { name }));
  expect(vpn.container.textContent).toContain(t("act.vpnStep1", { client: "Cisco Secure Client" }));
});
