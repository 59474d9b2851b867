// The answer so far: the engine sends it once the checks still running can only firm it up. The
// machine keeps it beside the rows (which, and the final answer, work as before); the Check screen
// shows it as "probably …" while the places elsewhere answer.
import { afterEach, expect, test } from "vitest";
import { cleanup, render } from "@testing-library/svelte";
import Check from "../src/screens/Check.svelte";
import { createWizard, initialState, type WizardDeps } from "../src/lib/wizard-machine";
import { applyEvent, hostOfInput, provisionalOf, provisionalSentence, type Row } from "../src/lib/view";
import { catalogues, locale, t } from "../src/lib/i18n";
import { fakeFix, justYouDns } from "./fixtures";
import type { Diagnosis, ProgressEvent, UiError } from "../src/lib/types";

afterEach(() => {
  cleanup();
  locale.lang = "en";
});

const dnsSoFar: ProgressEvent = {
  kind: "provisional",
  outcome: "just_you.dns_resolver",
  confidence: "likely",
  summary: "Your DNS can't find shop.example.com, but public DNS can.",
};

type Call = { send: (e: ProgressEvent) => void; resolve: (d: Diagnosis) => void; reject: (e: UiError) => void };

/** A wizard over a fake engine whose checks wait for the test. */
function harness() {
  const calls: Call[] = [];
  const deps: WizardDeps = {
    checkSite: (_input, _vantage, send) => new Promise((resolve, reject) => calls.push({ send, resolve, reject })),
    cancelCheck: () => Promise.resolve(),
    ready: Promise.resolve(),
    consent: { needed: () => false, granted: () => true, choose: () => {} },
    recent: { remember: (input, url) => [{ input, url }], clear: () => [] },
    fix: fakeFix().deps,
  };
  const wizard = createWizard(initialState(), deps);
  return { wizard, s: wizard.state, last: () => calls[calls.length - 1] };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

test("a provisional event is no row, and carries the outcome and confidence", () => {
  const rows: Row[] = [{ id: "dns.system", status: "running", started: true }];
  expect(applyEvent(rows, dnsSoFar)).toBe(rows);
  expect(provisionalOf(dnsSoFar)).toEqual({ outcome: "just_you.dns_resolver", confidence: "likely" });
  expect(provisionalOf({ kind: "started", id: "dns.system" })).toBeNull();
});

test("the provisional answer reuses the outcome's sentence, framed as probable, in every language", () => {
  const p = { outcome: "just_you.dns_resolver" as const, confidence: "likely" as const };
  const sentence = t("sentence.just_you.dns_resolver", { host: "shop.example.com" });
  expect(provisionalSentence(p, "shop.example.com")).toBe(t("check.probably", { sentence }));
  expect(provisionalSentence(p, "shop.example.com")).toContain("shop.example.com");
  for (const lang of ["en", "es", "de"] as const) {
    expect(catalogues[lang].check.probably).toContain("{sentence}");
    expect(catalogues[lang].check.confirming.length).toBeGreaterThan(0);
  }
});

test("the host is taken from what was typed", () => {
  expect(hostOfInput("  shop.example.com ")).toBe("shop.example.com");
  expect(hostOfInput("https://Shop.Example.com:8443/cart?x=1")).toBe("shop.example.com");
  expect(hostOfInput("[2001:db8::1]:443")).toBe("2001:db8::1");
  expect(hostOfInput("not a host")).toBe("not a host");
});

test("the machine keeps the answer so far beside the rows; the final answer comes from the diagnosis", async () => {
  const h = harness();
  h.s.input = "shop.example.com";
  void h.wizard.start();
  await settle();
  expect(h.s.provisional).toBeNull();
  h.last().send({ kind: "started", id: "dns.system" });
  h.last().send(dnsSoFar);
  expect(h.s.rows).toEqual([{ id: "dns.system", subject: undefined, status: "running", started: true }]);
  expect(h.s.provisional).toEqual({ outcome: "just_you.dns_resolver", confidence: "likely" });
  h.last().resolve(justYouDns);
  await settle();
  expect(h.s.screen).toBe("answer");
  expect(h.s.latest).toBe(justYouDns);
  // A new run starts without the last one's answer so far.
  h.wizard.another();
  void h.wizard.start();
  await settle();
  expect(h.s.provisional).toBeNull();
});

test("an answer so far from a cancelled run is ignored", async () => {
  const h = harness();
  h.s.input = "shop.example.com";
  void h.wizard.start();
  await settle();
  const old = h.last();
  h.wizard.cancel();
  void h.wizard.start();
  await settle();
  old.send(dnsSoFar);
  expect(h.s.provisional).toBeNull();
});

test("the Check screen shows the answer so far above the checks, and nothing before it has one", async () => {
  const { container, rerender } = render(Check, { site: "shop.example.com", rows: [], oncancel: () => {} });
  const region = container.querySelector("#provisional");
  expect(region?.getAttribute("role")).toBe("status");
  expect(region?.textContent?.trim()).toBe("");
  await rerender({ site: "shop.example.com", rows: [], oncancel: () => {}, provisional: provisionalOf(dnsSoFar) });
  const text = container.querySelector("#provisional")?.textContent ?? "";
  const sentence = t("sentence.just_you.dns_resolver", { host: "shop.example.com" });
  expect(text).toContain(t("check.probably", { sentence }));
  expect(text).toContain(t("check.confirming"));
});
