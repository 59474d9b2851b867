// The only module allowed to touch @tauri-apps/*: keeping the bridge in one
// place lets components be tested with mockIPC and keeps the IPC names in sync
// with the Rust commands in one spot (enforced by tests/boundary.test.ts).
import { Channel, invoke } from "@tauri-apps/api/core";
import { writeText } from "@tauri-apps/plugin-clipboard-manager";
import { save } from "@tauri-apps/plugin-dialog";
import { listen } from "@tauri-apps/api/event";
import type {
  About,
  Action,
  ActionReply,
  BadInput,
  Diagnosis,
  ErrorCode,
  FixContext,
  HistoryEntry,
  HistoryList,
  NoticeWords,
  ProgressEvent,
  ReportRequest,
  TriedStep,
  UiError,
  UpdateOffer,
  WatchEvent,
  WatchStatus,
} from "./types";

const ERROR_CODES: readonly ErrorCode[] = ["bad_input", "cancelled", "busy", "config", "open_failed", "internal"];
const BAD_INPUTS: readonly BadInput[] = [
  "empty",
  "too_long",
  "unsupported_scheme",
  "has_spaces",
  "invalid_host",
  "invalid_port",
  "invalid_url",
];

/**
 * Runs a diagnosis; every progress event is handed to `onEvent` as it arrives. Third-party
 * services ("other places on the internet") are asked only when `vantage` is true: the user said
 * yes, and the engine's configuration allows them too.
 */
export function checkSite(input: string, vantage: boolean, onEvent: (e: ProgressEvent) => void): Promise<Diagnosis> {
  const channel = new Channel<ProgressEvent>();
  channel.onmessage = onEvent;
  return invoke<Diagnosis>("check_site", { input, vantage, onEvent: channel });
}

/** The owner's checks ("I run this site"): pages to test and, optionally, the origin's address. */
export type OwnerRequest = { paths: string[]; origin?: string };

/**
 * A diagnosis with the owner's checks beside it (`evidence.owner`): each page asked several times,
 * and the origin asked directly. Asks other places only as `checkSite` does.
 */
export function checkAsOwner(
  input: string,
  vantage: boolean,
  owner: OwnerRequest,
  onEvent: (e: ProgressEvent) => void,
): Promise<Diagnosis> {
  const channel = new Channel<ProgressEvent>();
  channel.onmessage = onEvent;
  return invoke<Diagnosis>("check_site", { input, vantage, owner, onEvent: channel });
}

/**
 * The host names of the third-party services a check may ask (for the consent question); empty
 * when the configuration turns them off. Anything that is not a list of names counts as empty.
 */
export async function vantageServices(): Promise<string[]> {
  const hosts = await invoke<unknown>("vantage_services");
  return Array.isArray(hosts) ? hosts.filter((h): h is string => typeof h === "string" && h.trim() !== "") : [];
}

/** Asks the engine to stop the running check; `check_site` then rejects with "cancelled". */
export function cancelCheck(): Promise<void> {
  return invoke<void>("cancel_check");
}

/**
 * Opens the last checked site in the user's browser. No URL crosses the bridge: Rust opens the
 * site it checked last and nothing else. Rejects with `open_failed` when the browser can't start.
 */
export function openSite(): Promise<void> {
  return invoke<void>("open_site");
}

/**
 * Carries out one of the fix room's actions on this computer (flush DNS, switch resolver, undo).
 * Only the typed action crosses the bridge; Rust chooses the programs. Resolves with the result
 * whatever it was (done, nothing to do, refused, cancelled, failed); rejects only when it could
 * not be tried (another one runs, no place to keep the undo).
 */
export function fixRun(action: Action): Promise<ActionReply> {
  switch (action.kind) {
    case "flush_dns":
      return invoke<ActionReply>("fix_flush_dns");
    case "switch_resolver":
      return invoke<ActionReply>("fix_switch_resolver", { adapter: action.adapter, preset: action.preset });
    case "undo_resolver_switch":
      return invoke<ActionReply>("fix_undo_resolver_switch");
  }
}

/** The fix room now: default browser, OS proxy, VPN, the adapter, a switch waiting for undo. */
export function fixContext(): Promise<FixContext> {
  return invoke<FixContext>("fix_context");
}

/**
 * The help-desk report, rendered by the engine (text, Markdown, or the redacted diagnosis as
 * JSON): the same bytes `site-doctor check --report` prints for the same run.
 */
export function renderReport(request: ReportRequest): Promise<string> {
  return invoke<string>("render_report", { request });
}

/**
 * Puts `text` on the clipboard through the clipboard plugin (works where `navigator.clipboard`
 * is refused). The window may write the clipboard, never read it.
 */
export function copyToClipboard(text: string): Promise<void> {
  return writeText(text);
}

/** A choice in the save dialog's file-type list: `{ name: "Text", extensions: ["txt"] }`. */
export interface SaveFilter {
  name: string;
  extensions: string[];
}

/**
 * Asks the user where to save (the OS save dialog); resolves with the chosen path, or null when
 * they cancelled. Only a path obtained here can then be written by `saveText`.
 */
export function saveFile(defaultName: string, filters: SaveFilter[]): Promise<string | null> {
  return save({ defaultPath: defaultName, filters });
}

/**
 * Writes `contents` to `path` (replacing the file atomically). Rust refuses any path that the
 * save dialog did not return in this session, and anything but .txt, .md and .json.
 */
export function saveText(path: string, contents: string): Promise<void> {
  return invoke<void>("save_text", { path, contents });
}

/** The recent checks, newest first; `set_aside` is set when a damaged history was moved away. */
export function historyList(): Promise<HistoryList> {
  return invoke<HistoryList>("history_list");
}

/** One kept check in full (to reopen it or copy its report); null when it is gone. */
export function historyGet(id: string): Promise<HistoryEntry | null> {
  return invoke<HistoryEntry | null>("history_get", { id });
}

/** Forgets one kept check; false when there was none. */
export function historyDelete(id: string): Promise<boolean> {
  return invoke<boolean>("history_delete", { id });
}

/** Forgets every kept check ("Clear history"). */
export function historyClear(): Promise<void> {
  return invoke<void>("history_clear");
}

/**
 * Attaches the wizard's steps to a kept check, replacing earlier ones. Every finished check is
 * kept with the id `diagnosis.started_at`, so after `checkSite` the id is already known.
 */
export function historyUpdateTried(id: string, tried: TriedStep[]): Promise<boolean> {
  return invoke<boolean>("history_update_tried", { id, tried });
}

/**
 * Starts "tell me when it's back" for `input` (stopping any other watch); resolves once it runs.
 * Events arrive on `onEvent` until `stopped`. Rust raises the OS notification itself when the
 * site is back. `vantage`: the user agreed to the third-party services (asked once, to confirm).
 * `downSince`: the `started_at` of the diagnosis that found it down ("down since" counts from
 * there; without it, from the watch's first check). `notice`: the notification's words in the
 * window's language, placeholders unfilled (Rust fills `{site}` and `{minutes}`); English
 * without them. Closing the window ends the watch.
 */
export function watchStart(
  input: string,
  vantage: boolean,
  onEvent: (e: WatchEvent) => void,
  downSince?: string,
  notice?: NoticeWords,
): Promise<void> {
  const channel = new Channel<WatchEvent>();
  channel.onmessage = onEvent;
  return invoke<void>("watch_start", { input, vantage, downSince: downSince ?? null, notice: notice ?? null, onEvent: channel });
}

/** Stops the watch, if one runs (its channel then gets `stopped` with reason `cancelled`). */
export function watchStop(): Promise<void> {
  return invoke<void>("watch_stop");
}

/** The running watch (site, latest event), or null; e.g. after a reload of the window. */
export function watchStatus(): Promise<WatchStatus | null> {
  return invoke<WatchStatus | null>("watch_status");
}

/**
 * Whatever was thrown (a UiError from Rust, a plain string from a Tauri
 * failure, an Error from JS), return a UiError so the UI only ever shows
 * catalogue sentences. Unknown codes/reasons are dropped rather than trusted.
 */
export function asUiError(e: unknown): UiError {
  if (typeof e === "object" && e !== null && "code" in e) {
    const obj = e as Record<string, unknown>;
    const code = obj.code;
    if (typeof code === "string" && (ERROR_CODES as readonly string[]).includes(code)) {
      const err: UiError = {
        code: code as ErrorCode,
        message: typeof obj.message === "string" ? obj.message : "",
      };
      const reason = obj.reason;
      if (typeof reason === "string" && (BAD_INPUTS as readonly string[]).includes(reason)) {
        err.reason = reason as BadInput;
      }
      return err;
    }
  }
  const message = e instanceof Error ? e.message : typeof e === "string" ? e : "";
  return { code: "internal", message };
}

/**
 * Calls `cb` with each site the app is asked to open: the one on the command line at launch
 * (`site-doctor https://…`, asked for once here) and any a second launch hands over (the first
 * window is focused and receives it). The site is what the user typed: check it like typed input.
 * Resolves to a function that stops listening.
 */
export async function onOpenSite(cb: (site: string) => void): Promise<() => void> {
  const unlisten = await listen<unknown>("open-site", (e) => {
    if (typeof e.payload === "string" && e.payload.trim() !== "") cb(e.payload);
  });
  const first = await invoke<unknown>("plugin:desktop|pending_site");
  if (typeof first === "string" && first.trim() !== "") cb(first);
  return unlisten;
}

/**
 * Calls `cb` when the daily check found a newer version (also when it was found before the window
 * listened). The UI asks the user; only on yes does it call `installUpdate()`.
 */
export async function onUpdateAvailable(cb: (offer: UpdateOffer) => void): Promise<() => void> {
  const unlisten = await listen<UpdateOffer>("update-available", (e) => cb(e.payload));
  const pending = await invoke<UpdateOffer | null>("plugin:desktop|pending_update");
  if (pending) cb(pending);
  return unlisten;
}

/** Downloads the offered update, verifies its signature, installs it and restarts the app. */
export function installUpdate(): Promise<void> {
  return invoke<void>("plugin:desktop|install_update");
}

/** The About panel's data: name, version, licence, and the Rust crates' and npm packages' licences. */
export function about(): Promise<About> {
  return invoke<About>("plugin:desktop|about");
}
