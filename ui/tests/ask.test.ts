// Ask: recent sites one click away, de-duplicated, at most five, clearable, remembered.
import { afterEach, expect, test } from "vitest";
import { cleanup, fireEvent, render, waitFor } from "@testing-library/svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import App from "../src/App.svelte";
import { t } from "../src/lib/i18n";
import { MAX_RECENT, clearRecent, loadRecent, rememberSite } from "../src/lib/recent";
import { KEYS } from "../src/lib/storage";
import { up } from "./fixtures";
import { answerWith, byId, click, submit } from "./helpers";

afterEach(() => {
  cleanup();
  clearMocks();
  localStorage.clear();
});

const withUrl = (input: string, url: string) => ({ ...up, target: { ...up.target, input, url } });

test("a checked site becomes a recent site, and one click checks it again", async () => {
  const ipc = answerWith(up);
  render(App);
  expect(document.getElementById("recent-sites")).toBeNull();
  await submit("  shop.example.com ");
  await waitFor(() => byId("result"));
  await click("check-another");
  const list = byId("recent-sites");
  expect(list.textContent).toContain("shop.example.com");
  expect(list.getAttribute("aria-labelledby")).toBe("recent-title");
  // Clearing the box proves the click uses the remembered site, not the box's leftovers.
  await fireEvent.input(byId<HTMLInputElement>("site-input"), { target: { value: "" } });
  await fireEvent.click(list.querySelector("button")!);
  await waitFor(() => byId("result"));
  expect(ipc.inputs).toEqual(["  shop.example.com ", "shop.example.com"]);
});

test("recent sites are de-duplicated by the engine's URL, newest first, at most five", () => {
  rememberSite("shop.example.com", "https://shop.example.com/");
  rememberSite("https://shop.example.com/", "https://shop.example.com/");
  expect(loadRecent()).toEqual([{ input: "https://shop.example.com/", url: "https://shop.example.com/" }]);
  for (let i = 0; i < 7; i++) rememberSite(`site${i}.example`, `https://site${i}.example/`);
  const list = loadRecent();
  expect(list).toHaveLength(MAX_RECENT);
  expect(list[0].input).toBe("site6.example");
  expect(list.map((r) => r.input)).not.toContain("shop.example.com");
  expect(clearRecent()).toEqual([]);
  expect(loadRecent()).toEqual([]);
});

test("the list survives a restart, ignores junk in storage, and can be cleared", async () => {
  localStorage.setItem(
    KEYS.recent,
    JSON.stringify([{ input: "old.example", url: "https://old.example/" }, { nope: 1 }, "x", { input: " ", url: "u" }]),
  );
  answerWith(withUrl("old.example", "https://old.example/"));
  render(App);
  const list = byId("recent-sites");
  expect(list.querySelectorAll("li")).toHaveLength(1);
  await click("clear-recent");
  expect(document.getElementById("recent-sites")).toBeNull();
  expect(localStorage.getItem(KEYS.recent)).toBeNull();
  expect(document.activeElement?.id).toBe("site-input");
});

test("broken storage (not JSON) is treated as empty", () => {
  localStorage.setItem(KEYS.recent, "{not json");
  expect(loadRecent()).toEqual([]);
});

test("the question, hint and button are the catalogue's", () => {
  answerWith(up);
  render(App);
  expect(byId("site-input").getAttribute("aria-describedby")).toBe("site-hint");
  expect(document.querySelector('label[for="site-input"]')?.textContent).toBe(t("ask.question"));
  expect(byId("check-button").textContent).toBe(t("ask.check"));
});
