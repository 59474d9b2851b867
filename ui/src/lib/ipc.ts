// The only module allowed to touch @tauri-apps/*: keeping the bridge in one
// place lets components be tested with mockIPC and keeps the IPC names in sync
// with the Rust commands in one spot (enforced by tests/boundary.test.ts).
import { Channel, invoke } from "@tauri-apps/api/core";
import type {
  Action,
  ActionReply,
  BadInput,
  Diagnosis,
  ErrorCode,
  FixContext,
  ProgressEvent,
  ReportRequest,
  UiError,
} from "./types";

const ERROR_CODES: readonly ErrorCode[] = ["bad_input", "cancelled", "busy", "config", "internal"];
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
