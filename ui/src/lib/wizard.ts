// The wizard's decisions as pure functions: which fix steps fit a diagnosis and in what order,
// whether a re-check means "fixed", who to hand off to. Its state machine is ./wizard-machine.ts.
import type { ActionReply, Diagnosis, NextStep, Verdict } from "./types";

/** How long "wait and refresh" waits before suggesting the reload. */
export const REFRESH_WAIT_SECONDS = 30;
/** The down-for-everyone loop: wait this long between checks, and stop after this many. */
export const WAIT_SECONDS = 60;
export const WAIT_ROUNDS = 5;

/** Steps a person can do on this computer (the rest are for someone else, or for waiting). */
const FIXABLE: readonly NextStep[] = [
  "refresh_page",
  "wait_and_retry",
  "clear_browser_cache",
  "flush_dns",
  "disable_vpn",
  "disable_proxy",
  "use_alternate_resolver",
  "sign_in_to_network",
  "check_connection",
  "set_clock_automatically",
  "remove_hosts_entry",
  "restart_router",
  "try_other_network",
];

/** Steps that mean "someone else can help": shown on the hand-off screen. */
const HELPERS: readonly NextStep[] = ["ask_network_admin", "contact_isp", "contact_site_owner"];

/** Steps with their own guided screen (keys, commands, per-OS instructions). */
export const GUIDED: readonly NextStep[] = [
  "refresh_page",
  "wait_and_retry",
  "clear_browser_cache",
  "flush_dns",
  "disable_vpn",
  "disable_proxy",
  "use_alternate_resolver",
];

/** Nothing on the user's side can fix a site that is down for everyone: we wait instead. */
export function waitsInsteadOfFixing(d: Diagnosis): boolean {
  return d.verdict === "down_for_everyone";
}

/**
 * The fix steps that fit `d`, minus those already tried, in the engine's order: it puts first
 * what fixes this culprit (switching resolver when public DNS works and yours does not, a flush
 * for a remembered wrong address, the VPN or proxy when the evidence names one).
 */
export function fixPlan(d: Diagnosis, tried: readonly NextStep[] = []): NextStep[] {
  if (waitsInsteadOfFixing(d)) return [];
  const wanted = [...new Set(d.next_steps)].filter((s) => FIXABLE.includes(s));
  // "Wait and refresh" is one step: the engine may name it either way, or both.
  const steps = wanted.includes("refresh_page") ? wanted.filter((s) => s !== "wait_and_retry") : wanted;
  const done = new Set(tried);
  if (done.has("refresh_page") || done.has("wait_and_retry")) {
    done.add("refresh_page");
    done.add("wait_and_retry");
  }
  return steps.filter((s) => !done.has(s));
}

/** The steps that mean "someone else can help", for the hand-off screen. */
export function helpers(d: Diagnosis): NextStep[] {
  return HELPERS.filter((s) => d.next_steps.includes(s));
}

export type Outcome = "fixed" | "stillUp" | "notFixed" | "skipped";

/** Fixed means the site now works from here; "stillUp" when it already did before the step. */
export function outcomeOf(before: Diagnosis, after: Diagnosis): Exclude<Outcome, "skipped"> {
  if (after.verdict !== "up") return "notFixed";
  return before.verdict === "up" ? "stillUp" : "fixed";
}

/** A step the user went through: before and after its re-check, and what the app ran for it. */
export type TriedStep = {
  step: NextStep;
  before: Diagnosis;
  after: Diagnosis;
  outcome: Outcome;
  /** The fixes Site Doctor carried out during the step (flush, switch, undo), in order. */
  actions: ActionReply[];
};

/** The wizard's stages, as the stepper shows them. */
export type Stage = "ask" | "check" | "answer" | "fix" | "help";

/** The icon that goes with a verdict: the shape carries the meaning, not only the colour. */
export function verdictIcon(v: Verdict): "pass" | "warn" | "fail" | "unknown" {
  switch (v) {
    case "up":
      return "pass";
    case "degraded":
    case "just_you":
      return "warn";
    case "down_for_everyone":
      return "fail";
    case "inconclusive":
      return "unknown";
  }
}
