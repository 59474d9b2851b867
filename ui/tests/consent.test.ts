// Other places on the internet: asked once before the first check (only when the engine has
// services to ask), the answer passed to check_site and remembered, and changeable later.
import { afterEach, expect, test } from "vitest";
import { cleanup, fireEvent, render, waitFor } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import App from "../src/App.svelte";
import { describeServices } from "../src/lib/consent.svelte";
import { catalogues, chooseLanguage, setLocale, t } from "../src/lib/i18n";
import { vantageServices } from "../src/lib/ipc";
import { KEYS } from "../src/lib/storage";
import { channelSender, streamAll, up } from "./fixtures";
import { byId, click, submit } from "./helpers";

afterEach(() => {
  cleanup();
  clearMocks();
  localStorage.clear();
  setLocale(["en"]);
});

const SERVICES = ["api.globalping.io", "check-host.net"];

/** The engine: names `services` (or fails to), and records what each check_site call got. */
function engine(services: string[] | "fail" = SERVICES) {
  const calls: string[] = [];
  const vantage: unknown[] = [];
  mockIPC((cmd, args) => {
    calls.push(cmd);
    if (cmd === "vantage_services") return services === "fail" ? Promise.reject("not allowed") : services;
    if (cmd === "cancel_check") return null;
    if (cmd !== "check_site") return;
    const a = args as { input: string; vantage: unknown; onEvent: unknown };
    vantage.push(a.vantage);
    return streamAll(channelSender(a.onEvent), up);
  });
  return { calls, vantage };
}

const stored = () => JSON.parse(localStorage.getItem(KEYS.vantage) ?? "null") as unknown;
const consentShown = () => document.getElementById("vantage-consent") !== null;

async function checkAndGetResult(site = "shop.example.com") {
  await submit(site);
  await waitFor(() => byId("result"));
}

test("the first check asks first: what is sent, to whom, and why; nothing is checked until answered", async () => {
  const ipc = engine();
  render(App);
  await submit("  shop.example.com ");
  const consent = await waitFor(() => byId("vantage-consent"));
  expect(ipc.vantage).toEqual([]);
  // A region named by its heading, described by the why; focus moved to the heading.
  expect(consent.tagName).toBe("SECTION");
  expect(consent.getAttribute("aria-labelledby")).toBe("vantage-title");
  expect(consent.getAttribute("aria-describedby")).toBe("vantage-why");
  expect(byId("vantage-title").textContent).toBe(t("consent.heading"));
  expect(document.activeElement?.id).toBe("vantage-title");
  expect(byId("vantage-why").textContent).toBe(t("consent.why"));
  // Exactly the address typed (trimmed), in its own code span.
  expect(byId("vantage-what").querySelector("code")?.textContent).toBe("shop.example.com");
  expect(byId("vantage-what").textContent?.trim()).toBe(t("consent.what").replace("{site}", "shop.example.com"));
  // The services by the names the engine gave, each with its one-line description.
  const items = [...byId("vantage-services").querySelectorAll("li")];
  expect(items.map((li) => li.dataset.host)).toEqual(SERVICES);
  expect(items[0].textContent).toContain("Globalping");
  expect(items[0].textContent).toContain(t("consent.aboutGlobalping"));
  expect(items[1].textContent).toContain("check-host.net");
  expect(items[1].textContent).toContain(t("consent.aboutCheckHost"));
  // Two plain buttons, neither pre-chosen; the first time there is no "right now" line.
  expect(byId("vantage-allow").textContent?.trim()).toBe(t("consent.allow"));
  expect(byId("vantage-deny").textContent?.trim()).toBe(t("consent.deny"));
  expect(byId("vantage-allow").getAttribute("type")).toBe("button");
  expect(document.getElementById("vantage-current")).toBeNull();
  // Still the Ask stage.
  expect(document.querySelector('[aria-current="step"]')?.textContent).toContain(t("stage.ask"));
});

test("yes: the check runs at once with vantage: true, and the question is not asked again", async () => {
  const ipc = engine();
  render(App);
  await submit("shop.example.com");
  await click("vantage-allow");
  await waitFor(() => byId("result"));
  expect(ipc.vantage).toEqual([true]);
  expect(stored()).toBe(true);
  await click("check-another");
  await checkAndGetResult("mail.example.org");
  expect(ipc.vantage).toEqual([true, true]);
  expect(ipc.calls.filter((c) => c === "vantage_services")).toHaveLength(1);
});

test("no: the check runs with vantage: false, and other places read as not asked by choice", async () => {
  const ipc = engine();
  render(App);
  await submit("shop.example.com");
  await click("vantage-deny");
  await waitFor(() => byId("result"));
  expect(ipc.vantage).toEqual([false]);
  expect(stored()).toBe(false);
  await click("check-another");
  await checkAndGetResult();
  expect(ipc.vantage).toEqual([false, false]);
  // "What we saw": the skipped service is the user's choice, not a failure or a switched-off feature.
  const group = document.querySelector('#result [data-group="vantage"]') as HTMLElement;
  expect(group.dataset.state).toBe("skipped");
  expect(group.textContent).toContain(t("result.notAskedChoice"));
  expect(group.textContent).not.toContain(t("result.notAsked"));
  expect(group.querySelector('[data-status="fail"]')).toBeNull();
});

test("the answer is remembered across restarts", async () => {
  let ipc = engine();
  render(App);
  await submit("shop.example.com");
  await click("vantage-allow");
  await waitFor(() => byId("result"));
  cleanup();
  clearMocks();

  ipc = engine();
  render(App);
  await waitFor(() => byId("vantage-setting"));
  await checkAndGetResult();
  expect(ipc.vantage).toEqual([true]);

  // A stored "no" (from an earlier run) is used as well, without asking.
  cleanup();
  clearMocks();
  localStorage.setItem(KEYS.vantage, "false");
  ipc = engine();
  render(App);
  await checkAndGetResult();
  expect(ipc.vantage).toEqual([false]);
});

test("junk in storage counts as never asked", async () => {
  localStorage.setItem(KEYS.vantage, JSON.stringify("yes please"));
  const ipc = engine();
  render(App);
  await submit("shop.example.com");
  await waitFor(() => byId("vantage-consent"));
  expect(ipc.vantage).toEqual([]);
});

test("no services (turned off in the configuration): never asked, vantage: false, no setting", async () => {
  // Even a remembered yes asks nobody when the engine has no one to ask.
  localStorage.setItem(KEYS.vantage, "true");
  const ipc = engine([]);
  render(App);
  await checkAndGetResult();
  expect(ipc.vantage).toEqual([false]);
  expect(consentShown()).toBe(false);
  const group = document.querySelector('#result [data-group="vantage"]') as HTMLElement;
  expect(group.textContent).toContain(t("result.notAsked"));
  expect(group.textContent).not.toContain(t("result.notAskedChoice"));
  await click("check-another");
  expect(document.getElementById("vantage-setting")).toBeNull();
});

test("when the engine can't say which services exist, nothing is asked", async () => {
  const ipc = engine("fail");
  render(App);
  await checkAndGetResult();
  expect(ipc.vantage).toEqual([false]);
  expect(consentShown()).toBe(false);
});

test("an empty box goes straight to the engine's own message, without the question", async () => {
  const ipc = engine();
  render(App);
  await submit("   ");
  await waitFor(() => expect(ipc.vantage).toEqual([false]));
  expect(consentShown()).toBe(false);
});

test("a double press of Check while the engine is still starting starts one check", async () => {
  localStorage.setItem(KEYS.vantage, "true");
  let release!: () => void;
  const ready = new Promise<void>((r) => (release = r));
  const vantage: unknown[] = [];
  mockIPC(async (cmd, args) => {
    if (cmd === "vantage_services") return ready.then(() => SERVICES);
    if (cmd !== "check_site") return;
    const a = args as { vantage: unknown; onEvent: unknown };
    vantage.push(a.vantage);
    return streamAll(channelSender(a.onEvent), up);
  });
  render(App);
  await fireEvent.input(byId<HTMLInputElement>("site-input"), { target: { value: "shop.example.com" } });
  await fireEvent.click(byId("check-button"));
  await fireEvent.click(byId("check-button"));
  release();
  await waitFor(() => byId("result"));
  expect(vantage).toEqual([true]);
});

test("the setting on the Ask screen shows the answer and changes it later", async () => {
  const ipc = engine();
  render(App);
  // Not asked yet: nothing to show.
  await waitFor(() => expect(ipc.calls).toContain("vantage_services"));
  expect(document.getElementById("vantage-setting")).toBeNull();
  await submit("shop.example.com");
  await click("vantage-allow");
  await waitFor(() => byId("result"));
  await click("check-another");

  const setting = byId("vantage-setting");
  const state = byId("vantage-setting-state");
  expect(setting.getAttribute("aria-describedby")).toBe("vantage-setting-state");
  expect(state.textContent).toContain(t("consent.setting"));
  expect(state.textContent).toContain(t("consent.on"));
  expect(setting.textContent?.trim()).toBe(t("consent.change"));

  // "Change" shows the same question, saying what is chosen now; answering returns to Ask.
  await click("vantage-setting");
  await waitFor(() => byId("vantage-consent"));
  expect(document.activeElement?.id).toBe("vantage-title");
  expect(byId("vantage-current").textContent).toBe(t("consent.nowOn"));
  await click("vantage-deny");
  expect(consentShown()).toBe(false);
  expect(byId("vantage-setting-state").textContent).toContain(t("consent.off"));
  expect(document.activeElement?.id).toBe("vantage-setting");
  expect(stored()).toBe(false);
  expect(ipc.vantage).toEqual([true]);

  // The next check uses the new answer, without asking.
  await checkAndGetResult();
  expect(ipc.vantage).toEqual([true, false]);

  // And back on again.
  await click("check-another");
  await click("vantage-setting");
  expect(byId("vantage-current").textContent).toBe(t("consent.nowOff"));
  await click("vantage-allow");
  expect(byId("vantage-setting-state").textContent).toContain(t("consent.on"));
  await checkAndGetResult();
  expect(ipc.vantage).toEqual([true, false, true]);
});

test("the question reads fully in Spanish and German", async () => {
  for (const lang of ["es", "de"] as const) {
    engine();
    chooseLanguage(lang);
    render(App);
    await submit("shop.example.com");
    const consent = await waitFor(() => byId("vantage-consent"));
    const cat = catalogues[lang].consent;
    expect(byId("vantage-title").textContent).toBe(cat.heading);
    expect(byId("vantage-why").textContent).toBe(cat.why);
    expect(byId("vantage-what").textContent?.trim()).toBe(cat.what.replace("{site}", "shop.example.com"));
    expect(consent.textContent).toContain(cat.aboutGlobalping);
    expect(consent.textContent).toContain(cat.aboutCheckHost);
    expect(byId("vantage-allow").textContent?.trim()).toBe(cat.allow);
    expect(byId("vantage-deny").textContent?.trim()).toBe(cat.deny);
    // No English sentence left on the screen.
    for (const english of Object.values(catalogues.en.consent).filter((s) => s.split(" ").length > 2)) {
      expect(consent.textContent, `${lang}: "${english}"`).not.toContain(english.replace("{site}", ""));
    }
    cleanup();
    clearMocks();
    localStorage.clear();
  }
  chooseLanguage("en");
});

test("services are named once each, by a name a person knows", () => {
  expect(describeServices(["api.globalping.io", "check-host.net", "api.globalping.io"])).toEqual([
    { host: "api.globalping.io", name: "Globalping", about: "consent.aboutGlobalping" },
    { host: "check-host.net", name: "check-host.net", about: "consent.aboutCheckHost" },
  ]);
  // A stand-in or a self-hosted service is shown by its host name, never made to look like a known one.
  expect(describeServices(["127.0.0.1", "127.0.0.1", "notglobalping.io", ""])).toEqual([
    { host: "127.0.0.1", name: "127.0.0.1", about: "consent.aboutOther" },
    { host: "notglobalping.io", name: "notglobalping.io", about: "consent.aboutOther" },
  ]);
});

test("vantageServices keeps only host names", async () => {
  mockIPC((cmd) => (cmd === "vantage_services" ? ["api.globalping.io", 7, "", null, "check-host.net"] : undefined));
  await expect(vantageServices()).resolves.toEqual(["api.globalping.io", "check-host.net"]);
  clearMocks();
  mockIPC((cmd) => (cmd === "vantage_services" ? { nope: true } : undefined));
  await expect(vantageServices()).resolves.toEqual([]);
});
