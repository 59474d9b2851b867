// Hand off: the help-desk text built from the diagnosis, copied with feedback, or selected
// for Ctrl/⌘+C when the clipboard is refused.
import { afterEach, expect, test, vi } from "vitest";
import { cleanup, fireEvent, render, waitFor } from "@testing-library/svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import App from "../src/App.svelte";
import { HIDE_ALL, reportRequest } from "../src/lib/handoff";
import { chooseLanguage, t } from "../src/lib/i18n";
import type { TriedStep } from "../src/lib/wizard";
import { downCloudflare, fakeReport, justYouDns, reply, switchDone, up } from "./fixtures";
import type { ReportRequest } from "../src/lib/types";
import { answerWith, byId, click, clipboardPlugin, submit } from "./helpers";
import words from "../src/lib/words.en.json";

afterEach(() => {
  cleanup();
  clearMocks();
  localStorage.clear();
  vi.unstubAllGlobals();
  clipboardPlugin.works = false;
  clipboardPlugin.written.length = 0;
});

function clipboard(writeText: (s: string) => Promise<void>) {
  Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
}

async function toHandoff() {
  answerWith(downCloudflare);
  render(App);
  await submit("shop.example.com");
  await click("get-help");
  const area = byId<HTMLTextAreaElement>("report-text");
  await waitFor(() => expect(area.value).not.toBe(""));
  return area;
}

test("the engine gets the diagnosis, the steps as the report records them, and this language's words", async () => {
  const tried: TriedStep[] = [
    { step: "use_alternate_resolver", before: justYouDns, after: up, outcome: "fixed", actions: [reply(switchDone)] },
    { step: "flush_dns", before: justYouDns, after: justYouDns, outcome: "skipped", actions: [] },
  ];
  const r = reportRequest(downCloudflare, tried, HIDE_ALL);
  expect(r.diagnosis).toBe(downCloudflare);
  expect(r.format).toBe("text");
  expect(r.redact).toEqual({ my_addresses: true, mac: true, hostname: true, username_and_home: true, url_query: true });
  expect(r.tried?.[0]).toEqual({
    step: "use_alternate_resolver",
    before: { verdict: "just_you", culprit: "dns_resolver", confidence: justYouDns.confidence },
    after: { verdict: "up", culprit: "none", confidence: up.confidence },
    actions: [reply(switchDone).note],
  });
  expect(r.tried?.[1].after).toBeUndefined();
  expect(r.words?.["helpdesk.incident"]).toBe(t("helpdesk.incident"));
  expect(r.words?.["sentence.down_for_everyone.origin"]).toBe(t("sentence.down_for_everyone.origin"));
  expect(r.words?.["fix.checkAgain"]).toBeUndefined();
  expect(typeof r.utc_offset_minutes).toBe("number");
  chooseLanguage("es");
  expect(reportRequest(downCloudflare, [], HIDE_ALL).words?.["helpdesk.incident"]).toBe("Incidencia");
  // The local time in the report is worded in the app's language too.
  expect(reportRequest(downCloudflare, [], HIDE_ALL).local_time).toMatch(/de 20\d\d/);
  chooseLanguage("en");
});

test("in Spanish and German every sentence of the report comes by the window's keys, the hedged headline too", () => {
  // The keys the engine's report words (its English, exported to words.en.json).
  const used = Object.keys(words).filter((k) =>
    /^(verdict|sentence|probably|confidence|confidenceNote|stepTitle|helpdesk|report)\.|^answer\.howSure$/.test(k),
  );
  expect(used).toContain("probably.down_for_everyone.origin");
  try {
    for (const lang of ["es", "de"] as const) {
      chooseLanguage(lang);
      const sent = reportRequest(downCloudflare, [], HIDE_ALL).words ?? {};
      expect(used.filter((k) => !(k in sent))).toEqual([]);
      expect(sent["probably.down_for_everyone.origin"]).toBe(t("probably.down_for_everyone.origin"));
      expect(sent["probably.down_for_everyone.origin"]).not.toBe((words as Record<string, string>)["probably.down_for_everyone.origin"]);
    }
  } finally {
    chooseLanguage("en");
  }
});

test("the summary shows exactly what the engine wrote; each kind of personal data can be shown again", async () => {
  const area = await toHandoff();
  expect(area.value).toContain("down_for_everyone.origin");
  expect(area.value).toContain("hidden: my_addresses,mac,hostname,username_and_home,url_query");
  expect(byId("report-note").textContent).toBe(t("handoff.exactly"));
  const box = byId<HTMLInputElement>("hide-url_query");
  expect(box.checked).toBe(true);
  await fireEvent.click(box);
  await waitFor(() => expect(area.value).toContain("hidden: my_addresses,mac,hostname,username_and_home\n"));
});

test("Copy for help desk copies the report and says Copied", async () => {
  const writeText = vi.fn(() => Promise.resolve());
  clipboard(writeText);
  const area = await toHandoff();
  expect(document.activeElement?.id).toBe("handoff-title");
  expect(byId("handoff").textContent).toContain(t("stepTitle.contact_site_owner"));
  await click("copy-report");
  await waitFor(() => expect(byId("copy-feedback").textContent?.trim()).toBe(t("handoff.copied")));
  expect(writeText).toHaveBeenCalledWith(area.value);
  expect(byId("copy-feedback").getAttribute("aria-live")).toBe("polite");
});

test("in the app, Copy goes through the clipboard plugin", async () => {
  clipboardPlugin.works = true;
  const area = await toHandoff();
  await click("copy-report");
  await waitFor(() => expect(byId("copy-feedback").dataset.state).toBe("copied"));
  expect(clipboardPlugin.written.join("")).toContain(JSON.stringify(area.value).slice(1, 40));
});

test("a refused clipboard selects the text and tells which keys copy it", async () => {
  clipboard(() => Promise.reject(new DOMException("denied", "NotAllowedError")));
  const area = await toHandoff();
  await click("copy-report");
  await waitFor(() => expect(byId("copy-feedback").dataset.state).toBe("fallback"));
  expect(document.activeElement).toBe(area);
  expect(area.readOnly).toBe(true);
  expect(area.selectionStart).toBe(0);
  expect(area.selectionEnd).toBe(area.value.length);
  expect(byId("copy-feedback").querySelectorAll("kbd kbd")).toHaveLength(2);
});

test("no clipboard API at all also falls back", async () => {
  clipboard(undefined as unknown as (s: string) => Promise<void>);
  Object.defineProperty(navigator, "clipboard", { value: undefined, configurable: true });
  await toHandoff();
  await click("copy-report");
  await waitFor(() => expect(byId("copy-feedback").dataset.state).toBe("fallback"));
});

test("Check another site goes back to Ask", async () => {
  await toHandoff();
  await click("check-another");
  expect(byId("site-input")).toBeTruthy();
});

test("Save… writes the engine's report in the format the file name asks for", async () => {
  const writes: { path: string; contents: string }[] = [];
  const { mockIPC } = await import("@tauri-apps/api/mocks");
  answerWith(downCloudflare);
  render(App);
  await submit("shop.example.com");
  await click("get-help");
  await waitFor(() => expect(byId<HTMLTextAreaElement>("report-text").value).not.toBe(""));
  mockIPC((cmd, args) => {
    if (cmd === "plugin:dialog|save") return "/home/ann/site-doctor-report.md";
    if (cmd === "render_report") return fakeReport((args as { request: ReportRequest }).request);
    if (cmd === "save_text") writes.push(args as { path: string; contents: string });
    return null;
  });
  await click("save-report");
  await waitFor(() => expect(byId("save-feedback").dataset.state).toBe("saved"));
  expect(writes).toHaveLength(1);
  expect(writes[0].path).toBe("/home/ann/site-doctor-report.md");
  expect(writes[0].contents).toContain("format: markdown");
  expect(byId("save-feedback").textContent).toContain(t("handoff.saved", { path: "/home/ann/site-doctor-report.md" }));
});
