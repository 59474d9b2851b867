// Hand off: the help-desk text built from the diagnosis, copied with feedback, or selected
// for Ctrl/⌘+C when the clipboard is refused.
import { afterEach, expect, test, vi } from "vitest";
import { cleanup, render, waitFor } from "@testing-library/svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import App from "../src/App.svelte";
import { t } from "../src/lib/i18n";
import { helpDeskReport } from "../src/lib/report";
import { downCloudflare } from "./fixtures";
import { answerWith, byId, click, submit } from "./helpers";

afterEach(() => {
  cleanup();
  clearMocks();
  localStorage.clear();
  vi.unstubAllGlobals();
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

test("the report is plain text from the catalogue, with the evidence a help desk needs", async () => {
  const text = await helpDeskReport(downCloudflare);
  expect(text).toContain(t("report.title"));
  expect(text).toContain("https://shop.example.com/");
  expect(text).toContain(t("sentence.down_for_everyone.origin", { host: "shop.example.com" }));
  expect(text).toContain("verdict=down_for_everyone, culprit=origin, confidence=likely");
  expect(text).toContain(t("answer.servedBy", { who: "Cloudflare" }));
  expect(text).toContain(t("answer.behindProxy", { who: "Cloudflare" }));
  expect(text).toContain(`${t("header.cf-ray")}: 8c1e2f3a4b5c6d7e-AMS`);
  expect(text).toContain("2026-11-21 14:00:00 UTC");
  expect(text).toContain(`✗ ${t("checkName.site.connection")}`);
  expect(text).toContain("Singapore, SG");
  expect(text).toContain(t("nextStep.contact_site_owner"));
  expect(text).not.toContain("RAW-BODY-MARKER");
  expect(text).not.toMatch(/[{}]/);
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
