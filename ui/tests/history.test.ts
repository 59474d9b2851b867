// History on the start screen: earlier checks listed newest first with their verdict and time,
// opened again to their answer, deleted one by one or all; a damaged history is said, not hidden.
import { afterEach, expect, test } from "vitest";
import { cleanup, render, waitFor } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import App from "../src/App.svelte";
import { t } from "../src/lib/i18n";
import { downCloudflare, justYouDns } from "./fixtures";
import { byId, click } from "./helpers";
import type { HistorySummary } from "../src/lib/types";

afterEach(() => {
  cleanup();
  clearMocks();
  localStorage.clear();
});

const summary = (id: string, site: string, verdict: HistorySummary["verdict"]): HistorySummary => ({
  id, site, verdict, culprit: "origin", confidence: "likely", when: "2026-11-21T14:00:00Z", incident: "SD-AAAA-BBBB", tried: 0, owner: false,
});

function store(setAside?: string) {
  const entries = [summary("a", "shop.example.com", "down_for_everyone"), summary("b", "mail.example.org", "just_you")];
  const calls: string[] = [];
  mockIPC((cmd, args) => {
    calls.push(cmd);
    if (cmd === "history_list") return { entries: [...entries], set_aside: setAside };
    if (cmd === "history_get") {
      const id = (args as { id: string }).id;
      return id === "a" ? { id, diagnosis: downCloudflare, tried: [] } : { id, diagnosis: justYouDns, tried: [] };
    }
    if (cmd === "history_delete") {
      const i = entries.findIndex((e) => e.id === (args as { id: string }).id);
      if (i >= 0) entries.splice(i, 1);
      return i >= 0;
    }
    if (cmd === "history_clear") entries.length = 0;
    return null;
  });
  return calls;
}

test("earlier checks are listed and open again to their answer", async () => {
  store();
  render(App);
  const list = await waitFor(() => byId("history"));
  expect(list.querySelectorAll("li")).toHaveLength(2);
  expect(list.textContent).toContain("shop.example.com");
  expect(list.textContent).toContain(t("historyVerdict.down_for_everyone"));
  (list.querySelector('[data-history-id="a"] .open') as HTMLButtonElement).click();
  const result = await waitFor(() => byId("result"));
  expect(result.dataset.verdict).toBe("down_for_everyone");
});

test("one can be deleted, or all; then the list goes away", async () => {
  const calls = store();
  render(App);
  const list = await waitFor(() => byId("history"));
  (list.querySelector('[data-history-id="b"] .delete') as HTMLButtonElement).click();
  await waitFor(() => expect(byId("history").querySelectorAll("li")).toHaveLength(1));
  await click("clear-history");
  await waitFor(() => expect(document.getElementById("history")).toBeNull());
  expect(calls).toContain("history_clear");
});

test("a history that could not be read is said, with where it was put", async () => {
  store("/home/ann/.local/share/site-doctor/history.json.corrupt-1700000000");
  render(App);
  const note = await waitFor(() => byId("history-set-aside"));
  expect(note.textContent).toBe(t("history.setAside", { file: "/home/ann/.local/share/site-doctor/history.json.corrupt-1700000000" }));
});
