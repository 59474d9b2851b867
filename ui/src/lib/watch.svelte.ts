// "Tell me when it's back": one background watch at a time, run by the app (local checks with a
// backing-off interval; the other places asked once, only to confirm it is back). Its state is
// what the banner shows; Rust raises the OS notification when the site loads again, in the words
// the window passes it from the current language's catalogue.
import { catalogues, flatten } from "./i18n";
import { watchStart, watchStop } from "./ipc";
import { locale } from "./locale.svelte";
import type { NoticeWords, WatchEvent } from "./types";

export type WatchView = {
  /** The host watched; null when no watch runs or ran. */
  site: string | null;
  running: boolean;
  downSince: string | null;
  lastAt: string | null;
  nextAt: string | null;
  checks: number;
  /** Seconds it was down, once it is back. */
  backAfter: number | null;
  stopped: "cancelled" | "time_limit" | null;
  failed: boolean;
};

const idle = (): WatchView => ({
  site: null, running: false, downSince: null, lastAt: null, nextAt: null, checks: 0, backAfter: null, stopped: null, failed: false,
});

export const watch = $state<WatchView>(idle());

/** What one event from the app changes. */
export function applyWatch(view: WatchView, e: WatchEvent): WatchView {
  switch (e.kind) {
    case "checked":
      return { ...view, downSince: e.down_since, lastAt: e.at, nextAt: e.next_at ?? null, checks: e.checks };
    case "back":
      return { ...view, running: false, backAfter: e.after_down_for_secs, nextAt: null };
    case "stopped":
      return { ...view, running: false, nextAt: null, stopped: e.reason === "back" ? null : e.reason };
  }
}

/**
 * The "it's back" notification's words in the current language, placeholders left for Rust to
 * fill (`{site}`, `{minutes}`): the same entries the banner shows.
 */
export function noticeWords(): NoticeWords {
  const words = flatten(catalogues[locale.lang]);
  return { title: words.get("watch.back") ?? "", body: words.get("watch.wasDown") ?? "" };
}

/** Starts watching `input` (down since `downSince`); a watch already running is replaced. */
export async function startWatch(input: string, site: string, vantage: boolean, downSince: string) {
  Object.assign(watch, idle(), { site, running: true, downSince });
  try {
    await watchStart(input, vantage, (e) => Object.assign(watch, applyWatch(watch, e)), downSince, noticeWords());
  } catch {
    Object.assign(watch, { running: false, failed: true });
  }
}

/** Stops the watch; the banner then goes away. */
export async function stopWatch() {
  await watchStop().catch(() => {});
  Object.assign(watch, idle());
}
