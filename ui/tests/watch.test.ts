// "Tell me when it's back" from the answer: the app's watch streams its checks to a banner that
// says since when it is down and that closing stops it, then that the site is back.
import { afterEach, expect, test } from "vitest";
import { cleanup, render, waitFor } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import App from "../src/App.svelte";
import { t } from "../src/lib/i18n";
import { applyWatch, noticeWords } from "../src/lib/watch.svelte";
import { locale } from "../src/lib/locale.svelte";
import { channelSender, downCloudflare, streamAll } from "./fixtures";
import { byId, click, submit } from "./helpers";
import type { WatchEvent } from "../src/lib/types";

afterEach(() => {
  cleanup();
  clearMocks();
  localStorage.clear();
});

test("a watch started from the answer shows its checks, then that the site is back", async () => {
  let send: ((e: WatchEvent) => void) | null = null;
  const started: unknown[] = [];
  mockIPC((cmd, args) => {
    if (cmd === "check_site") return streamAll(channelSender((args as { onEvent: unknown }).onEvent), downCloudflare);
    if (cmd === "watch_start") {
      started.push(args);
      send = channelSender((args as { onEvent: unknown }).onEvent) as unknown as (e: WatchEvent) => void;
      return null;
    }
    return null;
  });
  render(App);
  await submit("shop.example.com");
  await click("watch-button");
  await waitFor(() => expect(started).toHaveLength(1));
  // The notification's words come from the window's catalogue, placeholders for Rust to fill.
  expect(started[0]).toMatchObject({
    input: "shop.example.com",
    downSince: downCloudflare.started_at,
    notice: { title: "{site} is back.", body: "It was down for about {minutes} min." },
  });
  const banner = byId("watch");
  expect(banner.textContent).toContain(t("watch.watching", { site: "shop.example.com" }));
  expect(banner.textContent).toContain(t("watch.closing"));
  // The answer no longer offers a second watch.
  expect(document.getElementById("watch-button")).toBeNull();
  send!({ kind: "checked", at: new Date().toISOString(), verdict: "down_for_everyone", down_since: downCloudflare.started_at, checks: 1 });
  send!({ kind: "back", at: new Date().toISOString(), after_down_for_secs: 840 });
  await waitFor(() => expect(byId("watch").textContent).toContain(t("watch.back", { site: "shop.example.com" })));
  expect(byId("watch").textContent).toContain(t("watch.wasDown", { minutes: 14 }));
  await click("watch-dismiss");
  await waitFor(() => expect(document.getElementById("watch")).toBeNull());
});

test("the watch's events: checked keeps the times, stopped by the time limit says so", () => {
  const base = applyWatch(
    { site: "a", running: true, downSince: null, lastAt: null, nextAt: null, checks: 0, backAfter: null, stopped: null, failed: false },
    { kind: "checked", at: "2026-11-21T14:05:00Z", down_since: "2026-11-21T14:00:00Z", next_at: "2026-11-21T14:06:00Z", checks: 2 },
  );
  expect(base).toMatchObject({ downSince: "2026-11-21T14:00:00Z", lastAt: "2026-11-21T14:05:00Z", checks: 2, running: true });
  expect(applyWatch(base, { kind: "stopped", reason: "time_limit" })).toMatchObject({ running: false, stopped: "time_limit" });
});

test("the notification is worded in the window's language, not Rust's English", () => {
  try {
    locale.lang = "es";
    expect(noticeWords()).toEqual({ title: "{site} ha vuelto.", body: "Estuvo caída unos {minutes} min." });
    locale.lang = "de";
    expect(noticeWords()).toEqual({ title: "{site} ist wieder da.", body: "Sie war etwa {minutes} Min. ausgefallen." });
  } finally {
    locale.lang = "en";
  }
});
