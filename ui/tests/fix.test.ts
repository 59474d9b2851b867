// Fix: each step's content per OS (keys, commands, settings), named VPN/proxy, and "Check again"
// comparing before and after: fixed stops calmly, not fixed offers the next step.
import { afterEach, expect, test } from "vitest";
import { cleanup, fireEvent, render, waitFor } from "@testing-library/svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import App from "../src/App.svelte";
import StepBody from "../src/components/StepBody.svelte";
import { t } from "../src/lib/i18n";
import { PUBLIC_RESOLVERS, flushDnsCommand, type Os } from "../src/lib/platform";
import { downCloudflare, justYouDns, flushThenSwitch, justYouProxy, justYouVpn, up } from "./fixtures";
import { answerWith, byId, click, submit } from "./helpers";
import type { Diagnosis, NextStep } from "../src/lib/types";

afterEach(() => {
  cleanup();
  clearMocks();
  localStorage.clear();
});

function body(step: NextStep, systems: Os[], diagnosis: Diagnosis = justYouDns): HTMLElement {
  const { container } = render(StepBody, { props: { step, diagnosis, systems } });
  return container;
}

const keysIn = (el: Element | null) => [...(el?.querySelectorAll("kbd kbd") ?? [])].map((k) => k.textContent);

test("hard refresh: Ctrl+Shift+R / Ctrl+F5 on Windows and Linux; ⌘ keys on a Mac, Safari only there", () => {
  for (const os of ["windows", "linux"] as const) {
    const el = body("refresh_page", [os]);
    expect([...el.querySelectorAll("[data-browser]")].map((r) => (r as HTMLElement).dataset.browser)).toEqual([
      "chrome",
      "edge",
      "firefox",
    ]);
    expect(keysIn(el.querySelector('[data-browser="chrome"]'))).toEqual(["Ctrl", "Shift", "R", "Ctrl", "F5"]);
    cleanup();
  }
  const mac = body("refresh_page", ["macos"]);
  expect(keysIn(mac.querySelector('[data-browser="chrome"]'))).toEqual([t("key.cmd"), t("key.macShift"), "R"]);
  expect(keysIn(mac.querySelector('[data-browser="safari"]'))).toEqual([t("key.cmd"), t("key.option"), "R"]);
});

test("an unknown system shows every system's instructions, headed by its name", () => {
  const el = body("refresh_page", ["windows", "macos", "linux"]);
  expect([...el.querySelectorAll("[data-os] h4")].map((h) => h.textContent)).toEqual(["Windows", "macOS", "Linux"]);
  expect(el.querySelectorAll('[data-browser="safari"]')).toHaveLength(1);
  expect(el.querySelectorAll('[data-browser="chrome"]')).toHaveLength(3);
});

test("wait and retry starts a countdown before the refresh keys", () => {
  const el = body("wait_and_retry", ["windows"]);
  expect(el.querySelector('[role="timer"]')?.textContent).toBe(t("fix.timer", { time: "0:30" }));
  expect(keysIn(el)).toContain("F5");
});

test("clear the cache: the exact keys per OS and browser", () => {
  const win = body("clear_browser_cache", ["windows"]);
  expect(keysIn(win.querySelector('[data-browser="firefox"]'))).toEqual(["Ctrl", "Shift", "Delete"]);
  expect(win.textContent).toContain(t("cache.step2"));
  cleanup();
  const mac = body("clear_browser_cache", ["macos"]);
  expect(keysIn(mac.querySelector('[data-browser="chrome"]'))).toEqual([t("key.cmd"), t("key.macShift"), t("key.macDelete")]);
  expect(keysIn(mac.querySelector('[data-browser="safari"]'))).toEqual([t("key.cmd"), t("key.option"), "E"]);
  expect(mac.textContent).toContain(t("cache.safari"));
});

test("each browser's own words: what to choose after the keys, Firefox's DNS page and proxy setting", () => {
  for (const os of ["windows", "macos", "linux"] as const) {
    const el = body("clear_browser_cache", [os]);
    for (const row of el.querySelectorAll<HTMLElement>("[data-browser]")) {
      const b = row.dataset.browser as "chrome" | "edge" | "firefox" | "safari";
      expect(row.querySelector(".then")?.textContent).toBe(t(`cacheIn.${b}`));
    }
    cleanup();
  }
  // No step names another browser's buttons: Chrome's "Delete data" is not Edge's "Clear now".
  expect(t("cacheIn.chrome")).toContain("Delete data");
  expect(t("cacheIn.edge")).toContain("Clear now");
  expect(t("cacheIn.firefox")).toContain("Temporary cached files and pages");
  const flush = body("flush_dns", ["linux"]);
  expect(flush.querySelector("#flush-firefox code")?.textContent).toBe("about:networking#dns");
  cleanup();
  const proxy = body("disable_proxy", ["windows"], justYouProxy);
  expect(proxy.querySelector("#proxy-firefox")?.textContent).toBe(t("proxy.firefox"));
});

test("flush DNS: the exact command per OS, as copyable text", () => {
  const expected: Record<Os, string> = {
    windows: "ipconfig /flushdns",
    macos: "sudo dscacheutil -flushcache; sudo killall -HUP mDNSResponder",
    linux: "sudo resolvectl flush-caches",
  };
  for (const os of ["windows", "macos", "linux"] as const) {
    const el = body("flush_dns", [os]);
    expect(flushDnsCommand(os)).toBe(expected[os]);
    expect(el.querySelector(".copyfield code")?.textContent).toBe(expected[os]);
    expect(el.querySelector(".copyfield button")?.textContent?.trim()).toBe(t("fix.copy"));
    expect(el.textContent).toContain(t(`flush.${os}.1`));
    expect(el.textContent).toContain("chrome://net-internals/#dns");
    cleanup();
  }
});

test("turn off the VPN names it when the evidence does", () => {
  const el = body("disable_vpn", ["windows"], justYouVpn);
  expect(el.querySelector("#vpn-name")?.textContent).toBe(t("vpn.named", { name: "wg0" }));
  expect(el.textContent).toContain(t("vpn.windows.2"));
  cleanup();
  const unnamed = body("disable_vpn", ["macos"], justYouDns);
  expect(unnamed.querySelector("#vpn-name")).toBeNull();
  expect(unnamed.textContent).toContain(t("vpn.macos.2"));
});

test("turn off the proxy names the setting and where it points", () => {
  const el = body("disable_proxy", ["linux"], justYouProxy);
  expect(el.querySelector("#proxy-name")?.textContent).toBe(
    t("proxy.named", { variable: "https_proxy", url: "http://proxy.corp.example:3128/" }),
  );
  expect(el.textContent).toContain(t("proxy.linux.1"));
  expect(el.textContent).toContain(t("proxy.env", { variable: "https_proxy" }));
});

test("alternate resolver: the public resolvers that found the site, and per-OS settings", () => {
  const el = body("use_alternate_resolver", ["windows"]);
  expect(el.querySelector(".copyfield code")?.textContent).toBe("1.1.1.1, 8.8.8.8");
  expect(el.textContent).toContain(t("resolver.windows.3"));
  expect(el.textContent).toContain(t("resolver.undo"));
  cleanup();
  // The engine found no public resolver that works: the well-known ones are suggested.
  const none = { ...justYouDns, evidence: { ...justYouDns.evidence, working_resolvers: [] } };
  expect(body("use_alternate_resolver", ["macos"], none).querySelector(".copyfield code")?.textContent).toBe(
    PUBLIC_RESOLVERS.join(", "),
  );
});

test("Check again: not fixed shows before/after and offers the next step", async () => {
  const ipc = answerWith(flushThenSwitch);
  render(App);
  await submit("shop.example.com");
  await click("start-fix");
  const step = byId("fix-step");
  expect(step.dataset.step).toBe("flush_dns");
  expect(step.textContent).toContain(t("fix.stepOf", { n: 1, total: 2 }));
  expect(document.activeElement?.id).toBe("fix-title");
  await click("check-again");
  const outcome = await waitFor(() => byId("step-outcome"));
  expect(ipc.inputs).toEqual(["shop.example.com", "shop.example.com"]);
  expect(outcome.dataset.fixed).toBe("false");
  expect(document.activeElement?.id).toBe("outcome-title");
  const sentence = t("sentence.just_you.dns_resolver", { host: "shop.example.com" });
  expect(outcome.querySelector(".before-after")?.textContent).toContain(t("fix.before"));
  expect(outcome.querySelectorAll(".before-after dd")[0].textContent).toContain(sentence);
  expect(outcome.querySelectorAll(".before-after dd")[1].textContent).toContain(sentence);
  expect(byId("next-step").textContent).toBe(t("fix.nextStep", { title: t("stepTitle.use_alternate_resolver") }));
  await click("next-step");
  expect(byId("fix-step").dataset.step).toBe("use_alternate_resolver");
  expect(byId("fix-step").textContent).toContain(t("fix.stepOf", { n: 2, total: 2 }));
  expect(document.getElementById("step-outcome")).toBeNull();
  // The last step not fixing it leads to the hand-off, with what was tried in the report.
  await click("check-again");
  await waitFor(() => byId("step-outcome"));
  expect(byId("next-step").textContent).toBe(t("fix.toHelp"));
  await click("next-step");
  const report = (await waitFor(() => byId<HTMLTextAreaElement>("report-text"))) as HTMLTextAreaElement;
  await waitFor(() => expect(report.value).toContain(`- ${t("stepTitle.flush_dns")}: just_you`));
  expect(report.value).toContain(`- ${t("stepTitle.use_alternate_resolver")}: just_you`);
});

test("Check again: fixed says so calmly and stops", async () => {
  answerWith(flushThenSwitch, up);
  render(App);
  await submit("shop.example.com");
  await click("start-fix");
  await click("check-again");
  const outcome = await waitFor(() => byId("step-outcome"));
  expect(outcome.dataset.fixed).toBe("true");
  expect(byId("outcome-title").textContent).toBe(t("fix.fixedTitle"));
  expect(outcome.textContent).toContain(t("fix.fixedText", { host: "shop.example.com" }));
  expect(outcome.querySelectorAll(".before-after dd")[1].textContent).toContain(t("verdict.up", { host: "shop.example.com" }));
  // Stop: no more steps, no next-step button.
  expect(document.getElementById("fix-step")).toBeNull();
  expect(document.getElementById("next-step")).toBeNull();
  await click("finish");
  expect(byId("site-input")).toBeTruthy();
});

test("Cancel during Check again returns to the step, not to Ask", async () => {
  answerWith(flushThenSwitch);
  render(App);
  await submit("shop.example.com");
  await click("start-fix");
  // The second run never ends until cancelled.
  const { mockIPC } = await import("@tauri-apps/api/mocks");
  let rejectRun!: (e: unknown) => void;
  mockIPC((cmd) => {
    if (cmd === "check_site") return new Promise((_, rej) => (rejectRun = rej));
    if (cmd === "cancel_check") {
      rejectRun({ code: "cancelled", message: "" });
      return null;
    }
  });
  await click("check-again");
  expect(byId("check-title").textContent).toContain(t("check.headingAgain", { site: "shop.example.com" }));
  await click("cancel-button");
  const step = await waitFor(() => byId("fix-step"));
  expect(step.dataset.step).toBe("flush_dns");
  expect(step.textContent).toContain(t("fix.cancelled"));
});

test("Skip moves on without a check, and the OS switcher changes the instructions", async () => {
  answerWith(flushThenSwitch);
  render(App);
  await submit("shop.example.com");
  await click("start-fix");
  const select = byId<HTMLSelectElement>("os-select");
  await fireEvent.change(select, { target: { value: "macos" } });
  expect(byId("fix-step").querySelector(".copyfield code")?.textContent).toBe(flushDnsCommand("macos"));
  await fireEvent.change(select, { target: { value: "windows" } });
  expect(byId("fix-step").querySelector(".copyfield code")?.textContent).toBe("ipconfig /flushdns");
  await click("skip-step");
  expect(byId("fix-step").dataset.step).toBe("use_alternate_resolver");
});

test("when the site is up, the browser steps are refresh then cache", async () => {
  answerWith(up);
  render(App);
  await submit("shop.example.com");
  await click("start-fix");
  expect(byId("fix-step").dataset.step).toBe("refresh_page");
  await click("check-again");
  const outcome = await waitFor(() => byId("step-outcome"));
  expect(outcome.dataset.fixed).toBe("true");
  expect(byId("outcome-title").textContent).toBe(t("fix.stillUpTitle"));
  // Trying it in the browser is the quickest test: "Open the site" is there, not first.
  expect(byId("open-site").className).not.toContain("primary");
  await click("next-step");
  expect(byId("fix-step").dataset.step).toBe("clear_browser_cache");
});

test("fixed: \"Open the site\" comes first", async () => {
  answerWith(justYouDns, up);
  render(App);
  await submit("shop.example.com");
  await click("start-fix");
  await click("check-again");
  await waitFor(() => expect(byId("step-outcome").dataset.fixed).toBe("true"));
  expect(byId("outcome-title").textContent).toBe(t("fix.fixedTitle"));
  expect(byId("open-site").className).toContain("primary");
  expect(byId("finish").className).not.toContain("primary");
});

test("a re-check that turns into down-for-everyone leads to waiting, not more fixing", async () => {
  answerWith(flushThenSwitch, downCloudflare);
  render(App);
  await submit("shop.example.com");
  await click("start-fix");
  await click("check-again");
  await waitFor(() => byId("step-outcome"));
  expect(byId("next-step").textContent).toBe(t("answer.waitAndRecheck"));
  await click("next-step");
  expect(byId("fix-step").dataset.step).toBe("watch_until_back");
});
