// The wizard's state machine: which screen shows, one run at a time. It gets the engine, the
// consent answer and the recent-sites list injected, so tests drive it without Svelte or Tauri;
// ./wizard.svelte.ts wires the real ones.
import type { MessageKey } from "./i18n";
import type { RecentSite } from "./recent";
import type { Action, ActionReply, Diagnosis, FixContext, NextStep, ProgressEvent, UiError } from "./types";
import { applyEvent, hostOf, provisionalOf, type Provisional, type Row } from "./view";
import { fixPlan, outcomeOf, waitsInsteadOfFixing, type Stage, type TriedStep } from "./wizard";
/** "consent" belongs to the Ask stage; "checking" to Check, or to Fix when re-checking a step. */
export type Screen = "ask" | "consent" | "checking" | "answer" | "fix" | "wait" | "handoff";

/** Everything the screens show. Owned by the machine: screens read it and call its methods. */
export type WizardState = {
  screen: Screen;
  /** The text in the box, as typed. */
  input: string;
  /** The running check's rows, live. */
  rows: Row[];
  /** The running check's answer so far, once the engine has one that can only firm up. */
  provisional: Provisional | null;
  /** Why the last check from Ask failed; shown under the box. */
  error: UiError | null;
  recent: RecentSite[];
  /** The first answer for this site, and the latest one (after "Check again"). */
  first: Diagnosis | null;
  latest: Diagnosis | null;
  tried: TriedStep[];
  /** The fix step on screen, and what its re-check found (null until re-checked). */
  step: NextStep | null;
  outcome: TriedStep | null;
  /** A line above the step after a re-check that was cancelled or failed. */
  notice: MessageKey | null;
  /** A re-check from a fix step: Cancel then returns to the step, not to Ask. */
  again: boolean;
  /** The consent question leads on to the check (first time) or back to Ask ("Change"). */
  consentThen: "check" | "ask";
  askFocus: "input" | "setting";
  /** The fix room (browser, proxy, VPN, adapter, a switch to undo); null until it answered. */
  fix: FixContext | null;
  /** The fix running now (its password prompt may be open); one at a time. */
  acting: Action["kind"] | null;
  /** What the app ran during the step on screen, newest last; goes into the step's record. */
  actions: ActionReply[];
  /** The last action's result or why it could not be tried, for the screen that asked. */
  lastAction: ActionReply | null;
  actionError: UiError | null;
};

/** A fresh wizard on the Ask screen. */
export function initialState(recent: RecentSite[] = []): WizardState {
  return {
    screen: "ask", input: "", rows: [], provisional: null, error: null, recent, first: null, latest: null, tried: [],
    step: null, outcome: null, notice: null, again: false, consentThen: "check", askFocus: "input",
    fix: null, acting: null, actions: [], lastAction: null, actionError: null,
  };
}

/** What the machine needs from the outside world. */
export type WizardDeps = {
  /** Runs one check, streaming its progress; rejects with a UiError ("cancelled" once stopped). */
  checkSite(input: string, vantage: boolean, onEvent: (e: ProgressEvent) => void): Promise<Diagnosis>;
  /** Asks the engine to stop the running check. */
  cancelCheck(): Promise<void>;
  /** Settles once the engine has named the services a check may ask (or failed to). */
  ready: Promise<unknown>;
  consent: {
    /** Services exist and the user was never asked. */
    needed(): boolean;
    /** What a check gets as `vantage`. */
    granted(): boolean;
    /** Uses and remembers the user's answer. */
    choose(allowed: boolean): void;
  };
  recent: {
    /** Puts a site first and returns the new list. */
    remember(input: string, url: string): RecentSite[];
    clear(): RecentSite[];
  };
  fix: {
    /** Carries out one action; rejects (UiError) only when it could not be tried at all. */
    run(action: Action): Promise<ActionReply>;
    /** The fix room now. */
    context(): Promise<FixContext>;
  };
};

/**
 * The wizard's state machine over `state` (pass a `$state` object to make screens follow it).
 * Each run gets a number, so results or events from a run the user already cancelled (or
 * replaced) are ignored instead of overwriting the screen.
 */
export function createWizard(state: WizardState, deps: WizardDeps) {
  let run = 0;
  let running = false;
  /** Between pressing Check and the check (or question) showing: a second press is ignored. */
  let starting = false;

  const triedSteps = () => state.tried.map((s) => s.step);
  const remaining = () => (state.latest ? fixPlan(state.latest, triedSteps()) : []);
  const distinctTried = () => new Set(triedSteps()).size;
  /** Where #next-step leads after a step that did not fix it. */
  const next = (): NextStep | "wait" | null =>
    state.latest && waitsInsteadOfFixing(state.latest) ? "wait" : (remaining().find((s) => s !== state.step) ?? null);

  /** One check; resolves to null when it was cancelled or superseded. Throws UiError otherwise. */
  async function runCheck(onRows: boolean): Promise<Diagnosis | null> {
    const mine = ++run;
    running = true;
    if (onRows) {
      state.rows = [];
      state.provisional = null;
    }
    try {
      const d = await deps.checkSite(state.input, deps.consent.granted(), (e) => {
        if (!onRows || mine !== run) return;
        // The answer so far sits beside the rows; the final answer still comes from the diagnosis.
        const p = provisionalOf(e);
        if (p) state.provisional = p;
        else state.rows = applyEvent(state.rows, e);
      });
      return mine === run ? d : null;
    } catch (e) {
      if (mine !== run || (e as UiError).code === "cancelled") return null;
      throw e;
    } finally {
      if (mine === run) running = false;
    }
  }

  /** Leaves whatever is running behind (late results are ignored) and stops it in the engine. */
  function abandon() {
    run++;
    if (running) {
      running = false;
      deps.cancelCheck().catch(() => {
        // The check may already have finished; there is nothing left to stop.
      });
    }
  }

  async function check() {
    state.screen = "checking";
    try {
      const d = await runCheck(true);
      if (!d) return;
      state.first = state.latest = d;
      state.tried = [];
      state.outcome = null;
      state.step = null;
      state.recent = deps.recent.remember(state.input, d.target.url);
      state.screen = "answer";
    } catch (e) {
      state.error = e as UiError;
      state.screen = "ask";
    }
  }

  function goTo(s: NextStep | null) {
    state.outcome = null;
    state.notice = null;
    state.actions = [];
    state.lastAction = null;
    state.actionError = null;
    if (s) state.step = s;
    // A VPN may have been switched off, an undo done from the terminal: look again.
    if (s) void loadFix();
    state.screen = s ? "fix" : "handoff";
  }

  /** Check pressed on Ask: the consent question first if it was never answered, then the check. */
  async function start() {
    // A press queued behind the first one (or from a screen already gone) starts nothing.
    if (starting || state.screen !== "ask") return;
    state.error = null;
    state.again = false;
    state.askFocus = "input";
    starting = true;
    try {
      await deps.ready;
    } finally {
      starting = false;
    }
    // An empty box is not a check yet (the engine says what to type), so it asks nothing.
    if (state.input.trim() && deps.consent.needed()) {
      state.consentThen = "check";
      state.screen = "consent";
      return;
    }
    await check();
  }

  /** A recent site was picked: check it at once. */
  function pick(site: string) {
    state.input = site;
    void start();
  }

  /** "Change" on Ask: the consent question again, then back to Ask. */
  function changeElsewhere() {
    state.consentThen = "ask";
    state.screen = "consent";
  }

  /** The consent question was answered: remember it, then go on where it was asked from. */
  function answerConsent(allowed: boolean) {
    deps.consent.choose(allowed);
    if (state.consentThen === "check") {
      void check();
    } else {
      state.askFocus = "setting";
      state.screen = "ask";
    }
  }

  /** Cancel on Check: stops the run; back to Ask, or to the fix step it was re-checking. */
  function cancel() {
    abandon();
    if (state.again) {
      state.notice = "fix.cancelled";
      state.screen = "fix";
    } else {
      state.screen = "ask";
    }
  }

  /** "Try to fix it" on Answer: the first step that fits. */
  function startFix() {
    if (state.latest) goTo(fixPlan(state.latest, triedSteps())[0] ?? null);
  }

  /** "Check again" on a fix step: re-checks and records whether the step fixed it. */
  async function checkAgain() {
    if (!state.latest || !state.step) return;
    const before = state.latest;
    const step = state.step;
    state.again = true;
    state.notice = null;
    state.screen = "checking";
    try {
      const after = await runCheck(true);
      if (!after) return;
      const entry: TriedStep = { step, before, after, outcome: outcomeOf(before, after), actions: state.actions };
      state.tried = [...state.tried, entry];
      state.actions = [];
      state.latest = after;
      state.outcome = entry;
    } catch (e) {
      state.notice = `error.${(e as UiError).code}`;
    }
    state.screen = "fix";
  }

  /** Down for everyone: the wait-and-recheck loop. */
  function wait() {
    state.outcome = null;
    state.screen = "wait";
  }

  /** #next-step after a step that did not fix it: the next step, waiting, or the hand-off. */
  function nextStep() {
    const to = next();
    if (to === "wait") wait();
    else goTo(to);
  }

  /** Skip: recorded as tried without a check, then on to the next step. */
  function skip() {
    if (!state.latest || !state.step) return;
    const skipped: TriedStep = {
      step: state.step, before: state.latest, after: state.latest, outcome: "skipped", actions: state.actions,
    };
    state.tried = [...state.tried, skipped];
    goTo(remaining()[0] ?? null);
  }

  /** One round of the wait loop (no rows shown); null when it could not run. */
  async function recheckForWait(): Promise<Diagnosis | null> {
    try {
      const d = await runCheck(false);
      if (d) state.latest = d;
      return d;
    } catch {
      return null;
    }
  }

  /** "Get help": the hand-off screen. */
  function help() {
    abandon();
    // Fixes run in a step the user leaves without checking again still belong in the summary.
    if (state.step && state.latest && state.actions.length) {
      const left: TriedStep = {
        step: state.step, before: state.latest, after: state.latest, outcome: "skipped", actions: state.actions,
      };
      state.tried = [...state.tried, left];
      state.actions = [];
    }
    state.screen = "handoff";
  }

  /** "Check another site": back to Ask, the text kept, this site's answers forgotten. */
  function another() {
    abandon();
    state.askFocus = "input";
    state.first = state.latest = null;
    state.tried = [];
    state.outcome = null;
    state.step = null;
    state.error = null;
    state.actions = [];
    state.lastAction = null;
    state.actionError = null;
    state.screen = "ask";
  }

  /** A site handed over by the system (a launch with an address): checked as if typed. */
  function openSite(site: string) {
    another();
    state.input = site;
    void start();
  }

  /** A check from the history, opened again: its answer, as if just made (nothing tried yet). */
  function reopen(d: Diagnosis) {
    abandon();
    state.input = d.target.input.trim() || d.target.url;
    state.first = state.latest = d;
    state.tried = [];
    state.outcome = null;
    state.step = null;
    state.error = null;
    state.screen = "answer";
  }

  function clearRecent() {
    state.recent = deps.recent.clear();
  }

  /** Asks the fix room what it sees now (at start, and on each fix step: a VPN may be off now). */
  async function loadFix() {
    try {
      state.fix = (await deps.fix.context()) ?? null;
    } catch {
      // Without it the steps show their written instructions only; nothing is lost.
      state.fix = null;
    }
  }

  /**
   * One fix, from a button: runs it, keeps its result with the step, and keeps the pending undo
   * in step with what was done. A second press while one runs is ignored.
   */
  async function act(action: Action) {
    if (state.acting) return;
    state.acting = action.kind;
    state.lastAction = null;
    state.actionError = null;
    try {
      const reply = await deps.fix.run(action);
      state.lastAction = reply;
      if (state.screen === "fix") state.actions = [...state.actions, reply];
      const o = reply.result.outcome.kind;
      if (state.fix && action.kind === "switch_resolver" && o === "done") state.fix.pending_undo = reply.result.snapshot;
      if (state.fix && action.kind === "undo_resolver_switch" && (o === "done" || o === "nothing_to_do")) {
        state.fix.pending_undo = undefined;
      }
    } catch (e) {
      state.actionError = e as UiError;
    } finally {
      state.acting = null;
    }
  }

  /** Back to the answer (from a step, a wait or the hand-off): the steps tried are kept. */
  function backToAnswer() {
    if (!state.latest) return;
    abandon();
    state.outcome = null;
    state.notice = null;
    state.screen = "answer";
  }

  /** Back to the fix step the user left (from the answer or the hand-off). */
  function backToFix() {
    if (!state.latest) return;
    abandon();
    if (waitsInsteadOfFixing(state.latest)) return wait();
    if (state.step) {
      state.notice = null;
      state.screen = "fix";
    } else {
      startFix();
    }
  }

  /** A stage in the step bar was chosen: only stages already reached can be. */
  function goToStage(stage: Stage) {
    const here = STAGE_ORDER.indexOf(api.stage);
    if (STAGE_ORDER.indexOf(stage) >= here || state.screen === "checking") return;
    if (stage === "ask") another();
    else if (stage === "answer") backToAnswer();
    else if (stage === "fix") backToFix();
  }

  const api = {
    state,
    /** Where the stepper marks the user. */
    get stage(): Stage {
      const s = state.screen;
      if (s === "ask" || s === "consent") return "ask";
      if (s === "checking") return state.again ? "fix" : "check";
      if (s === "answer") return "answer";
      return s === "handoff" ? "help" : "fix";
    },
    /** The site being checked, as the Check and Consent screens name it. */
    get site(): string {
      return state.again && state.latest ? hostOf(state.latest) : state.input.trim();
    },
    get canFix(): boolean {
      return state.latest ? fixPlan(state.latest).length > 0 : false;
    },
    get next() {
      return next();
    },
    /** "Step n of total" on the fix screen. */
    get progress(): { n: number; total: number } {
      const done = distinctTried();
      return { n: state.outcome ? done : done + 1, total: done + remaining().length };
    },
    /** The Fix stage is waiting when nothing on the user's side can fix it. */
    get fixIsWait(): boolean {
      return state.latest ? waitsInsteadOfFixing(state.latest) : false;
    },
    /** Stages passed without anything done in them (Fix, when the user went to help at once). */
    get skipped(): Stage[] {
      return state.screen === "handoff" && state.tried.length === 0 ? ["fix"] : [];
    },
    // The user's moves, one per button.
    start, pick, changeElsewhere, answerConsent, cancel, startFix, checkAgain,
    wait, nextStep, skip, recheckForWait, help, another, clearRecent, loadFix, act,
    backToAnswer, backToFix, goToStage, reopen, openSite,
  };
  return api;
}

/** The stages in the order the step bar shows them. */
export const STAGE_ORDER: readonly Stage[] = ["ask", "check", "answer", "fix", "help"];

export type Wizard = ReturnType<typeof createWizard>;
