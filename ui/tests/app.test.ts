// The whole wizard in one window: Ask → Check (grouped, live) → Answer, errors, cancel.
import { afterEach, expect, test, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import App from "../src/App.svelte";
import { t } from "../src/lib/i18n";
import { channelSender, diagnosis, dnsCheck, siteCheck, streamAll, up } from "./fixtures";
import { byId, submit } from "./helpers";

afterEach(() => {
  cleanup();
  clearMocks();
  localStorage.clear();
});

test("a full run streams checks live in groups, then shows the verdict and evidence", async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const calls: string[] = [];
  mockIPC(async (cmd, args) => {
    calls.push(cmd);
    if (cmd !== "check_site") return;
    const a = args as { input: string; onEvent: unknown };
    expect(a.input).toBe("example.com");
    const send = channelSender(a.onEvent);
    send({ kind: "finished", check: { id: "environment.proxy", status: "pass", elapsed_ms: 0, detail: {} } });
    send({ kind: "started", id: "connectivity.probe", subject: "http://probe.example/generate_204" });
    send({ kind: "started", id: "dns.system" });
    send({ kind: "finished", check: dnsCheck });
    send({ kind: "started", id: "site.connection", subject: siteCheck.subject });
    send({ kind: "started", id: "vantage.globalping", subject: "api.globalping.io" });
    await gate;
    send({
      kind: "finished",
      check: { id: "connectivity.probe", subject: "http://probe.example/generate_204", status: "pass", elapsed_ms: 20, detail: {} },
    });
    send({ kind: "finished", check: siteCheck });
    return diagnosis;
  });
  render(App);
  await submit("example.com");

  // Mid-run: the rows sit in the group a person would look for them in.
  await waitFor(() => expect(document.querySelectorAll('[data-status="running"]').length).toBe(3));
  const group = (id: string) => document.querySelector(`[data-group="${id}"]`) as HTMLElement;
  expect(group("connection").querySelector('[data-check-id="connectivity.probe"]')).toBeTruthy();
  expect(group("connection").querySelector('[data-check-id="environment.proxy"]')).toBeTruthy();
  // Friendly names and ✓/✗ only; the timings, addresses and URLs wait behind "Show details".
  const dnsRow = () => group("dns").querySelector('[data-check-id="dns.system"][data-status="pass"]');
  expect(dnsRow()?.textContent).not.toContain("12 ms");
  expect(group("connection").textContent).not.toContain("probe.example");
  expect(byId("check-details").getAttribute("aria-expanded")).toBe("false");
  await fireEvent.click(byId("check-details"));
  expect(byId("check-details").getAttribute("aria-expanded")).toBe("true");
  expect(dnsRow()?.textContent).toContain("12 ms");
  expect(group("connection").textContent).toContain("http://probe.example/generate_204");
  expect(group("server").querySelector('[data-check-id="site.connection"]')).toBeTruthy();
  expect(group("vantage").querySelector('[data-check-id="vantage.globalping"]')).toBeTruthy();
  expect(group("vantage").textContent).toContain(t("group.vantage"));
  expect(group("connection").dataset.state).toBe("running");
  expect(group("dns").dataset.state).toBe("pass");
  // Focus moved to the step's heading; the live region is polite and quiet so far.
  expect(document.activeElement?.id).toBe("check-title");
  const live = byId("progress-status");
  expect(live.getAttribute("aria-live")).toBe("polite");
  expect(live.textContent).toBe(t("check.groupDone", { group: t("group.dns") }));
  release();

  const result = await waitFor(() => byId("result"));
  expect(result.dataset.verdict).toBe("down_for_everyone");
  expect(result.dataset.culprit).toBe("origin");
  expect(screen.getByText(t("probably.down_for_everyone.origin", { host: "example.com" }))).toBeTruthy();
  expect(document.activeElement?.id).toBe("answer-title");
  expect(byId("http-status").textContent).toContain("503");
  expect(byId("addresses").textContent).toContain("198.51.100.80");
  expect(byId("addresses").textContent).toContain("2001:db8::80");
  expect(screen.getByText(t("checkName.other"))).toBeTruthy();
  expect(document.body.textContent).not.toContain(diagnosis.summary);
  expect(calls.filter((c) => !c.startsWith("plugin:"))).toEqual(["vantage_services", "fix_context", "history_list", "check_site"]);

  // "Check another site" returns to Ask with the text kept (and selected for replacing).
  await fireEvent.click(byId("check-another"));
  expect(byId<HTMLInputElement>("site-input").value).toBe("example.com");
  expect(document.activeElement?.id).toBe("site-input");
});

test("bad input shows the friendly reason under the box", async () => {
  mockIPC((cmd) => {
    if (cmd === "check_site") {
      return Promise.reject({ code: "bad_input", message: "Url(RelativeUrlWithoutBase)", reason: "has_spaces" });
    }
  });
  render(App);
  await submit("exa mple.com");
  const err = await waitFor(() => byId("input-error"));
  expect(err.getAttribute("role")).toBe("alert");
  expect(err.textContent).toBe(t("badInput.has_spaces"));
  expect(byId("site-input").getAttribute("aria-invalid")).toBe("true");
  expect(byId("site-input").getAttribute("aria-describedby")).toContain("input-error");
  expect(document.body.textContent).not.toContain("RelativeUrlWithoutBase");
  expect(byId<HTMLInputElement>("site-input").value).toBe("exa mple.com");
  // A bad input is not remembered as a recent site.
  expect(document.getElementById("recent-sites")).toBeNull();
});

test("every bad-input reason has its own sentence", async () => {
  for (const reason of ["empty", "too_long", "unsupported_scheme", "invalid_host", "invalid_port", "invalid_url"] as const) {
    mockIPC((cmd) => (cmd === "check_site" ? Promise.reject({ code: "bad_input", message: "x", reason }) : undefined));
    render(App);
    await submit("x");
    expect((await waitFor(() => byId("input-error"))).textContent).toBe(t(`badInput.${reason}`));
    cleanup();
    clearMocks();
  }
});

test("an unknown rejection shape becomes the internal-error sentence; busy has its own", async () => {
  mockIPC((cmd) => (cmd === "check_site" ? Promise.reject("thread panicked at src/lib.rs") : undefined));
  render(App);
  await submit("example.com");
  expect((await waitFor(() => byId("input-error"))).textContent).toBe(t("error.internal"));
  cleanup();
  clearMocks();
  mockIPC((cmd) => (cmd === "check_site" ? Promise.reject({ code: "busy", message: "a check is already running" }) : undefined));
  render(App);
  await submit("example.com");
  expect((await waitFor(() => byId("input-error"))).textContent).toBe(t("error.busy"));
});

test("cancel invokes cancel_check and returns to Ask", async () => {
  let rejectRun!: (e: unknown) => void;
  const cancel = vi.fn();
  mockIPC((cmd) => {
    if (cmd === "check_site") return new Promise((_, rej) => (rejectRun = rej));
    if (cmd === "cancel_check") {
      cancel();
      rejectRun({ code: "cancelled", message: "cancelled" });
      return null;
    }
  });
  render(App);
  await submit("example.com");
  await fireEvent.click(await waitFor(() => byId("cancel-button")));
  await waitFor(() => expect(cancel).toHaveBeenCalledTimes(1));
  expect(byId<HTMLInputElement>("site-input").value).toBe("example.com");
  expect(document.getElementById("input-error")).toBeNull();
  expect(document.getElementById("cancel-button")).toBeNull();
});

test("the stepper marks where the user is", async () => {
  mockIPC((cmd) => (cmd === "check_site" ? diagnosis : undefined));
  render(App);
  const current = () => document.querySelector('[aria-current="step"]')?.textContent?.trim();
  expect(current()).toContain(t("stage.ask"));
  await submit("example.com");
  await waitFor(() => byId("result"));
  expect(current()).toContain(t("stage.answer"));
});

test("a site handed over by a launch (site-doctor https://…) is checked as if typed", async () => {
  const inputs: string[] = [];
  mockIPC((cmd, args) => {
    if (cmd === "plugin:desktop|pending_site") return "shop.example.com";
    if (cmd === "check_site") {
      const a = args as { input: string; onEvent: unknown };
      inputs.push(a.input);
      return streamAll(channelSender(a.onEvent), up);
    }
    return null;
  });
  render(App);
  await waitFor(() => expect(document.getElementById("result")).toBeTruthy());
  expect(inputs).toEqual(["shop.example.com"]);
});
