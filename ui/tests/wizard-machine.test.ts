// The wizard's state machine on its own: a fake engine whose every check waits until the test
// answers it, so each transition (and each race: cancel, late results, double presses) is driven
// step by step, without Svelte or Tauri.
import { expect, test } from "vitest";
import { createWizard, initialState, type WizardDeps } from "../src/lib/wizard-machine";
import { downCloudflare, fakeFix, flushThenSwitch, reply, switchDone, up } from "./fixtures";
import type { ActionReply, Diagnosis, ProgressEvent, UiError } from "../src/lib/types";

type Call = {
  input: string;
  vantage: boolean;
  send: (e: ProgressEvent) => void;
  resolve: (d: Diagnosis) => void;
  reject: (e: UiError) => void;
};

/** A wizard over a fake engine; `consent` is whether the user was never asked yet. */
function harness({ consent = false, ready = Promise.resolve() as Promise<unknown> } = {}) {
  const calls: Call[] = [];
  const fix = fakeFix((a) => (a.kind === "switch_resolver" ? switchDone : { ...switchDone, action: a, snapshot: undefined }));
  const choices: boolean[] = [];
  const remembered: string[] = [];
  let cancels = 0;
  let needed = consent;
  let granted = false;
  const deps: WizardDeps = {
    checkSite: (input, vantage, send) =>
      new Promise((resolve, reject) => calls.push({ input, vantage, send, resolve, reject })),
    cancelCheck: () => {
      cancels++;
      return Promise.resolve();
    },
    ready,
    consent: {
      needed: () => needed,
      granted: () => granted,
      choose: (allowed) => {
        choices.push(allowed);
        needed = false;
        granted = allowed;
      },
    },
    recent: {
      remember: (input, url) => {
        remembered.push(url);
        return [{ input, url }];
      },
      clear: () => [],
    },
    fix: fix.deps,
  };
  const wizard = createWizard(initialState(), deps);
  const last = () => calls[calls.length - 1];
  return { wizard, s: wizard.state, calls, choices, remembered, last, cancels: () => cancels, fix };
}

/** Lets the machine's awaits run. */
const settle = () => new Promise((r) => setTimeout(r, 0));

/** Types `site`, presses Check and lets the engine answer `d`: on Answer. */
async function answered(h: ReturnType<typeof harness>, d: Diagnosis, site = "shop.example.com") {
  h.s.input = site;
  void h.wizard.start();
  await settle();
  h.last().resolve(d);
  await settle();
}

/** Re-checks the fix step on screen and lets the engine answer `d`. */
async function recheck(h: ReturnType<typeof harness>, d: Diagnosis) {
  void h.wizard.checkAgain();
  await settle();
  h.last().resolve(d);
  await settle();
}

test("ask → checking → answer: rows follow the events, the answer is remembered", async () => {
  const h = harness();
  expect(h.s.screen).toBe("ask");
  expect(h.wizard.stage).toBe("ask");
  h.s.input = "  shop.example.com ";
  void h.wizard.start();
  await settle();
  expect(h.s.screen).toBe("checking");
  expect(h.wizard.stage).toBe("check");
  expect(h.wizard.site).toBe("shop.example.com");
  expect(h.calls.map((c) => [c.input, c.vantage])).toEqual([["  shop.example.com ", false]]);
  h.last().send({ kind: "started", id: "dns.system" });
  expect(h.s.rows).toEqual([{ id: "dns.system", subject: undefined, status: "running", started: true }]);
  h.last().resolve(flushThenSwitch);
  await settle();
  expect(h.s.screen).toBe("answer");
  expect(h.wizard.stage).toBe("answer");
  expect(h.s.first).toBe(flushThenSwitch);
  expect(h.s.latest).toBe(flushThenSwitch);
  expect(h.wizard.canFix).toBe(true);
  expect(h.remembered).toEqual([flushThenSwitch.target.url]);
  expect(h.s.recent).toEqual([{ input: "  shop.example.com ", url: flushThenSwitch.target.url }]);
});

test("ask → consent → checking → answer: nothing is checked until the question is answered", async () => {
  const h = harness({ consent: true });
  h.s.input = "shop.example.com";
  await h.wizard.start();
  expect(h.s.screen).toBe("consent");
  expect(h.wizard.stage).toBe("ask");
  expect(h.calls).toEqual([]);
  h.wizard.answerConsent(true);
  expect(h.choices).toEqual([true]);
  expect(h.s.screen).toBe("checking");
  expect(h.last().vantage).toBe(true);
  h.last().resolve(up);
  await settle();
  expect(h.s.screen).toBe("answer");
  // Answered once: the next check goes straight on.
  h.wizard.another();
  void h.wizard.start();
  await settle();
  expect(h.s.screen).toBe("checking");
  expect(h.calls).toHaveLength(2);
});

test("an empty box skips the question: the engine says what to type", async () => {
  const h = harness({ consent: true });
  h.s.input = "   ";
  void h.wizard.start();
  await settle();
  expect(h.s.screen).toBe("checking");
  expect(h.calls).toHaveLength(1);
});

test("Change on Ask: the question again, then back to Ask with focus on the setting, nothing checked", () => {
  const h = harness();
  h.wizard.changeElsewhere();
  expect(h.s.screen).toBe("consent");
  h.wizard.answerConsent(false);
  expect(h.choices).toEqual([false]);
  expect(h.s.screen).toBe("ask");
  expect(h.s.askFocus).toBe("setting");
  expect(h.calls).toEqual([]);
});

test("answer → fix → check again → not fixed → next step → fixed", async () => {
  const h = harness();
  await answered(h, flushThenSwitch);
  h.wizard.startFix();
  expect(h.s.screen).toBe("fix");
  expect(h.s.step).toBe("flush_dns");
  expect(h.wizard.progress).toEqual({ n: 1, total: 2 });

  void h.wizard.checkAgain();
  await settle();
  expect(h.s.screen).toBe("checking");
  expect(h.s.again).toBe(true);
  expect(h.wizard.stage).toBe("fix");
  expect(h.wizard.site).toBe("shop.example.com");
  h.last().resolve(flushThenSwitch);
  await settle();
  expect(h.s.screen).toBe("fix");
  expect(h.s.outcome).toMatchObject({ step: "flush_dns", outcome: "notFixed" });
  expect(h.wizard.progress).toEqual({ n: 1, total: 2 });
  expect(h.wizard.next).toBe("use_alternate_resolver");

  h.wizard.nextStep();
  expect(h.s.step).toBe("use_alternate_resolver");
  expect(h.s.outcome).toBeNull();
  expect(h.wizard.progress).toEqual({ n: 2, total: 2 });
  await recheck(h, up);
  expect(h.s.outcome).toMatchObject({ step: "use_alternate_resolver", before: flushThenSwitch, after: up, outcome: "fixed" });
  expect(h.s.latest).toBe(up);
  expect(h.s.first).toBe(flushThenSwitch);
  expect(h.s.tried.map((t) => t.outcome)).toEqual(["notFixed", "fixed"]);
});

test("the last step not fixing it leads to the hand-off", async () => {
  const h = harness();
  await answered(h, flushThenSwitch);
  h.wizard.startFix();
  await recheck(h, flushThenSwitch);
  h.wizard.nextStep();
  await recheck(h, flushThenSwitch);
  expect(h.wizard.next).toBeNull();
  h.wizard.nextStep();
  expect(h.s.screen).toBe("handoff");
  expect(h.wizard.stage).toBe("help");
  expect(h.s.tried.map((t) => t.step)).toEqual(["flush_dns", "use_alternate_resolver"]);
});

test("skip records the step as skipped and moves on without a check", async () => {
  const h = harness();
  await answered(h, flushThenSwitch);
  h.wizard.startFix();
  h.wizard.skip();
  expect(h.s.step).toBe("use_alternate_resolver");
  expect(h.s.tried).toEqual([{ step: "flush_dns", before: flushThenSwitch, after: flushThenSwitch, outcome: "skipped", actions: [] }]);
  expect(h.calls).toHaveLength(1);
  h.wizard.skip();
  expect(h.s.screen).toBe("handoff");
});

test("answer → wait: down for everyone waits and re-checks without rows", async () => {
  const h = harness();
  await answered(h, downCloudflare);
  expect(h.wizard.canFix).toBe(false);
  h.wizard.wait();
  expect(h.s.screen).toBe("wait");
  expect(h.wizard.stage).toBe("fix");
  const rows = h.s.rows;
  const round = h.wizard.recheckForWait();
  await settle();
  h.last().send({ kind: "started", id: "dns.system" });
  h.last().resolve(up);
  await expect(round).resolves.toBe(up);
  expect(h.s.latest).toBe(up);
  expect(h.s.first).toBe(downCloudflare);
  expect(h.s.rows).toBe(rows);
  expect(h.s.screen).toBe("wait");
  // A round that fails is just a round without an answer.
  const failed = h.wizard.recheckForWait();
  await settle();
  h.last().reject({ code: "busy", message: "" });
  await expect(failed).resolves.toBeNull();
  expect(h.s.screen).toBe("wait");
});

test("a re-check that turns into down for everyone leads to waiting, not more fixing", async () => {
  const h = harness();
  await answered(h, flushThenSwitch);
  h.wizard.startFix();
  await recheck(h, downCloudflare);
  expect(h.wizard.next).toBe("wait");
  h.wizard.nextStep();
  expect(h.s.screen).toBe("wait");
  expect(h.s.outcome).toBeNull();
});

test("→ handoff: Get help from any screen, stopping a wait round that is still running", async () => {
  const h = harness();
  await answered(h, flushThenSwitch);
  h.wizard.help();
  expect(h.s.screen).toBe("handoff");
  expect(h.cancels()).toBe(0);

  const w = harness();
  await answered(w, downCloudflare);
  w.wizard.wait();
  const round = w.wizard.recheckForWait();
  await settle();
  w.wizard.help();
  expect(w.s.screen).toBe("handoff");
  expect(w.cancels()).toBe(1);
  w.last().resolve(up);
  await expect(round).resolves.toBeNull();
  expect(w.s.latest).toBe(downCloudflare);
});

test("cancel during a first check returns to Ask; its late events and result are ignored", async () => {
  const h = harness();
  h.s.input = "shop.example.com";
  void h.wizard.start();
  await settle();
  const run = h.last();
  run.send({ kind: "started", id: "dns.system" });
  h.wizard.cancel();
  expect(h.s.screen).toBe("ask");
  expect(h.wizard.stage).toBe("ask");
  expect(h.cancels()).toBe(1);
  expect(h.s.input).toBe("shop.example.com");
  const rows = h.s.rows;
  run.send({ kind: "started", id: "site.connection" });
  run.resolve(up);
  await settle();
  expect(h.s.screen).toBe("ask");
  expect(h.s.rows).toBe(rows);
  expect(h.s.latest).toBeNull();
  expect(h.s.error).toBeNull();
  expect(h.remembered).toEqual([]);
});

test("cancel during a re-check returns to the fix step, saying so; its late result is ignored", async () => {
  const h = harness();
  await answered(h, flushThenSwitch);
  h.wizard.startFix();
  void h.wizard.checkAgain();
  await settle();
  h.wizard.cancel();
  expect(h.s.screen).toBe("fix");
  expect(h.s.step).toBe("flush_dns");
  expect(h.s.notice).toBe("fix.cancelled");
  expect(h.cancels()).toBe(1);
  h.last().reject({ code: "cancelled", message: "" });
  await settle();
  expect(h.s.screen).toBe("fix");
  expect(h.s.tried).toEqual([]);
  expect(h.s.outcome).toBeNull();
  expect(h.s.latest).toBe(flushThenSwitch);
});

test("a cancelled run's late result never overwrites the run that replaced it", async () => {
  const h = harness();
  h.s.input = "shop.example.com";
  void h.wizard.start();
  await settle();
  h.wizard.cancel();
  h.s.input = "mail.example.org";
  void h.wizard.start();
  await settle();
  expect(h.calls).toHaveLength(2);
  const [old, current] = h.calls;
  current.send({ kind: "started", id: "dns.system" });
  old.send({ kind: "started", id: "site.connection" });
  expect(h.s.rows.map((r) => r.id)).toEqual(["dns.system"]);
  old.resolve(flushThenSwitch);
  await settle();
  expect(h.s.screen).toBe("checking");
  current.resolve(up);
  await settle();
  expect(h.s.screen).toBe("answer");
  expect(h.s.latest).toBe(up);
  expect(h.remembered).toEqual([up.target.url]);
});

test("a second Check press while starting is ignored", async () => {
  let release!: () => void;
  const h = harness({ ready: new Promise<void>((r) => (release = r)) });
  h.s.input = "shop.example.com";
  const first = h.wizard.start();
  const second = h.wizard.start();
  release();
  await settle();
  expect(h.calls).toHaveLength(1);
  expect(h.s.screen).toBe("checking");
  // Once the check shows, Check is gone: a late press starts nothing either.
  void h.wizard.start();
  await settle();
  expect(h.calls).toHaveLength(1);
  h.last().resolve(up);
  await Promise.all([first, second]);
  expect(h.s.screen).toBe("answer");
});

test("an error during a check shows it on Ask; the next press clears it", async () => {
  const h = harness();
  h.s.input = "exa mple.com";
  void h.wizard.start();
  await settle();
  const error: UiError = { code: "bad_input", message: "x", reason: "has_spaces" };
  h.last().reject(error);
  await settle();
  expect(h.s.screen).toBe("ask");
  expect(h.s.error).toEqual(error);
  expect(h.remembered).toEqual([]);
  void h.wizard.start();
  expect(h.s.error).toBeNull();
});

test("an error during a re-check stays on the step with the error's notice", async () => {
  const h = harness();
  await answered(h, flushThenSwitch);
  h.wizard.startFix();
  void h.wizard.checkAgain();
  await settle();
  h.last().reject({ code: "busy", message: "" });
  await settle();
  expect(h.s.screen).toBe("fix");
  expect(h.s.notice).toBe("error.busy");
  expect(h.s.tried).toEqual([]);
  // A new step clears the notice.
  h.wizard.skip();
  expect(h.s.notice).toBeNull();
});

test("picking a recent site checks it at once; clearing empties the list", async () => {
  const h = harness();
  h.wizard.pick("mail.example.org");
  await settle();
  expect(h.last().input).toBe("mail.example.org");
  h.last().resolve(up);
  await settle();
  expect(h.s.recent).toHaveLength(1);
  h.wizard.clearRecent();
  expect(h.s.recent).toEqual([]);
});

test("check another site: back to Ask with the text kept, the site's answers forgotten, the run stopped", async () => {
  const h = harness();
  await answered(h, flushThenSwitch);
  h.wizard.startFix();
  void h.wizard.checkAgain();
  await settle();
  h.wizard.another();
  expect(h.cancels()).toBe(1);
  expect(h.s).toMatchObject({ screen: "ask", input: "shop.example.com", first: null, latest: null, tried: [], step: null });
  h.last().resolve(up);
  await settle();
  expect(h.s.screen).toBe("ask");
  expect(h.s.latest).toBeNull();
});

test("a fix run in a step is kept with that step's record, and the pending undo follows it", async () => {
  const h = harness();
  await answered(h, flushThenSwitch);
  h.wizard.startFix();
  await settle();
  expect(h.fix.contexts()).toBe(1);
  expect(h.s.fix?.pending_undo).toBeUndefined();
  await h.wizard.act({ kind: "flush_dns" });
  expect(h.s.lastAction?.result.action).toEqual({ kind: "flush_dns" });
  expect(h.s.lastAction?.note).toMatchObject({ kind: "flush_dns", outcome: "done" });
  await recheck(h, flushThenSwitch);
  expect(h.s.tried[0].actions.map((a) => a.result.action.kind)).toEqual(["flush_dns"]);
  expect(h.s.actions).toEqual([]);

  h.wizard.nextStep();
  await settle();
  expect(h.s.step).toBe("use_alternate_resolver");
  expect(h.s.lastAction).toBeNull();
  const sw = { kind: "switch_resolver", adapter: "eth0", preset: "cloudflare" } as const;
  await h.wizard.act(sw);
  expect(h.s.fix?.pending_undo).toEqual(switchDone.snapshot);
  await h.wizard.act({ kind: "undo_resolver_switch" });
  expect(h.s.fix?.pending_undo).toBeUndefined();
  expect(h.fix.asked).toEqual([{ kind: "flush_dns" }, sw, { kind: "undo_resolver_switch" }]);
  // Leaving for help without a re-check still records what was done in the step.
  h.wizard.help();
  expect(h.s.tried[1]).toMatchObject({ step: "use_alternate_resolver", outcome: "skipped" });
  expect(h.s.tried[1].actions.map((a) => a.note.kind)).toEqual(["switch_resolver", "undo_resolver_switch"]);
});

test("a second fix press while one runs is ignored; a fix that cannot be tried says why", async () => {
  const h = harness();
  let release: (r: ActionReply) => void = () => {};
  h.fix.deps.run = (a) => {
    h.fix.asked.push(a);
    return new Promise((r) => (release = r));
  };
  await answered(h, flushThenSwitch);
  h.wizard.startFix();
  const first = h.wizard.act({ kind: "flush_dns" });
  expect(h.s.acting).toBe("flush_dns");
  void h.wizard.act({ kind: "flush_dns" });
  expect(h.fix.asked).toHaveLength(1);
  release(reply({ ...switchDone, action: { kind: "flush_dns" }, snapshot: undefined }));
  await first;
  expect(h.s.acting).toBeNull();
  h.fix.deps.run = () => Promise.reject({ code: "busy", message: "a fix is already running" });
  await h.wizard.act({ kind: "flush_dns" });
  expect(h.s.actionError?.code).toBe("busy");
  expect(h.s.actions).toHaveLength(1);
});

test("the step bar goes back: to the answer and to the step left, keeping what was tried", async () => {
  const h = harness();
  await answered(h, flushThenSwitch);
  h.wizard.goToStage("fix");
  expect(h.s.screen).toBe("answer");
  h.wizard.startFix();
  await recheck(h, flushThenSwitch);
  h.wizard.nextStep();
  expect(h.s.step).toBe("use_alternate_resolver");
  h.wizard.goToStage("answer");
  expect(h.s.screen).toBe("answer");
  expect(h.s.tried.map((t) => t.step)).toEqual(["flush_dns"]);
  // "Try to fix it" again continues with what is left.
  h.wizard.startFix();
  expect(h.s.step).toBe("use_alternate_resolver");
  h.wizard.help();
  expect(h.wizard.skipped).toEqual([]);
  h.wizard.goToStage("fix");
  expect(h.s.screen).toBe("fix");
  expect(h.s.step).toBe("use_alternate_resolver");
  h.wizard.goToStage("help");
  expect(h.s.screen).toBe("fix");
  h.wizard.goToStage("ask");
  expect(h.s.screen).toBe("ask");
});

test("help straight from the answer marks Fix skipped; down for everyone calls it Wait", async () => {
  const h = harness();
  await answered(h, flushThenSwitch);
  expect(h.wizard.fixIsWait).toBe(false);
  h.wizard.help();
  expect(h.wizard.skipped).toEqual(["fix"]);
  h.wizard.another();
  await answered(h, downCloudflare);
  expect(h.wizard.fixIsWait).toBe(true);
  h.wizard.help();
  h.wizard.goToStage("fix");
  expect(h.s.screen).toBe("wait");
});
