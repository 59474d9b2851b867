// Answer: one big sentence per verdict + culprit, how sure, the facts, and "What we saw" closed.
import { afterEach, expect, test } from "vitest";
import { cleanup, fireEvent, render, waitFor } from "@testing-library/svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import App from "../src/App.svelte";
import { t } from "../src/lib/i18n";
import { downCloudflare, inconclusive, justYouDns, up } from "./fixtures";
import { answerWith, byId, opener, submit, visibleText } from "./helpers";
import type { Diagnosis } from "../src/lib/types";

afterEach(() => {
  cleanup();
  clearMocks();
  localStorage.clear();
});

async function answer(d: Diagnosis) {
  answerWith(d);
  render(App);
  await submit(d.target.input);
  return waitFor(() => byId("result"));
}

test("up: it's working, with the status and addresses, and a way to fix the browser", async () => {
  const result = await answer(up);
  expect(result.dataset.verdict).toBe("up");
  expect(result.dataset.culprit).toBe("none");
  expect(byId("answer-title").textContent).toBe(t("verdict.up", { host: "shop.example.com" }));
  expect(visibleText()).toContain(t("verdictNote.up"));
  expect(visibleText()).toContain(t("confidence.confirmed"));
  expect(byId("http-status").textContent).toContain("200");
  expect(byId("addresses").textContent).toContain("203.0.113.10");
  expect(byId("start-fix").textContent?.trim()).toBe(t("answer.startFixUp"));
});

test("up: \"Open the site\" asks the app to open the checked site, and says so when it can't", async () => {
  opener.opened = 0;
  opener.fails = false;
  await answer(up);
  expect(byId("open-site").className).toContain("primary");
  expect(byId("start-fix").className).not.toContain("primary");
  await fireEvent.click(byId("open-site"));
  await waitFor(() => expect(opener.opened).toBe(1));
  expect(document.getElementById("open-site-error")).toBeNull();
  opener.fails = true;
  await fireEvent.click(byId("open-site"));
  expect((await waitFor(() => byId("open-site-error"))).textContent).toBe(t("error.open_failed"));
  opener.fails = false;
});

test("the chain replaces the fact boxes; the exact status and addresses stay under \"What we saw\"", async () => {
  await answer(downCloudflare);
  const details = document.querySelector("details.seen") as HTMLDetailsElement;
  const card = document.querySelector("#result > section") as HTMLElement;
  expect(card.querySelector("#chain")).toBeTruthy();
  expect(card.querySelector("#http-status, #addresses, .facts")).toBeNull();
  expect(details.querySelector("#http-status")?.textContent).toContain(t("answer.httpStatus", { code: 502 }));
  expect(details.querySelector("#addresses")?.textContent).toContain("203.0.113.10");
  // "Other places" in the chain opens "What we saw" at what they saw.
  await fireEvent.click(byId("chain-elsewhere-link"));
  expect(details.open).toBe(true);
  expect(document.activeElement?.id).toBe("seen-elsewhere");
});

test("just you: the sentence names the culprit, and fixing is offered first", async () => {
  const result = await answer(justYouDns);
  expect(result.dataset.verdict).toBe("just_you");
  expect(result.dataset.culprit).toBe("dns_resolver");
  expect(byId("answer-title").textContent).toBe(t("sentence.just_you.dns_resolver", { host: "shop.example.com" }));
  expect(byId("http-status").textContent).toContain("200");
  expect(byId("addresses").textContent).toBe(t("answer.noAddresses"));
  expect(byId("start-fix").className).toContain("primary");
  expect(document.getElementById("wait-button")).toBeNull();
});

test("down for everyone: nothing to fix here, who served the error, and no raw data", async () => {
  const result = await answer(downCloudflare);
  expect(result.dataset.verdict).toBe("down_for_everyone");
  expect(result.dataset.culprit).toBe("origin");
  // Other places did not confirm it (confidence "likely"): the headline says "probably".
  expect(byId("answer-title").textContent).toBe(t("probably.down_for_everyone.origin", { host: "shop.example.com" }));
  expect(visibleText()).toContain(t("verdictNote.down_for_everyone"));
  expect(byId("http-status").textContent).toContain("502");
  expect(byId("wait-button").className).toContain("primary");
  expect(document.getElementById("start-fix")).toBeNull();

  // "What we saw" is a disclosure, closed by default.
  const details = document.querySelector("details.seen") as HTMLDetailsElement;
  expect(details.open).toBe(false);
  expect(details.querySelector("summary")?.textContent).toBe(t("answer.whatWeSaw"));
  details.open = true;
  expect(byId("served-by").textContent).toBe(t("answer.servedBy", { who: "Cloudflare" }));
  expect(details.textContent).toContain(t("answer.behindProxy", { who: "Cloudflare" }));
  expect(details.textContent).toContain("8c1e2f3a4b5c6d7e-AMS");
  expect(details.textContent).toContain(t("header.cf-ray"));
  expect(details.textContent).toContain("Frankfurt, DE");
  expect(details.textContent).toContain(t("answer.vantageGotError", { code: 502 }));
  expect(details.textContent).toContain(t("answer.vantageError"));
  expect(details.textContent).toContain(t("phase.first_byte"));
  expect(details.textContent).toContain(t("result.vantageFailed", { total: 2 }));
  // Evidence is grouped like the live view.
  expect(details.querySelector('[data-group="server"] [data-check-id="site.connection"]')).toBeTruthy();

  // Never raw: no body sample, no engine summary, no JSON.
  const text = visibleText();
  expect(text).not.toContain("RAW-BODY-MARKER");
  expect(text).not.toContain(downCloudflare.summary);
  expect(text).not.toMatch(/[{}]/);
});

test("inconclusive: not sure, with wait-and-refresh offered", async () => {
  await answer(inconclusive);
  expect(byId("answer-title").textContent).toBe(t("verdict.inconclusive", { host: "shop.example.com" }));
  expect(visibleText()).toContain(t("confidence.unsure"));
  await fireEvent.click(byId("start-fix"));
  expect(byId("fix-step").dataset.step).toBe("wait_and_retry");
});

test("no safe fix on this computer: the answer says so and Get help leads", async () => {
  const blocked: Diagnosis = { ...justYouDns, culprit: "dns_blocked", next_steps: ["ask_network_admin"] };
  await answer(blocked);
  expect(document.getElementById("start-fix")).toBeNull();
  expect(visibleText()).toContain(t("answer.noFixes"));
  expect(byId("get-help").className).toContain("primary");
  await fireEvent.click(byId("get-help"));
  expect(byId("handoff").textContent).toContain(t("stepTitle.ask_network_admin"));
});

test("a typed IP address is shown as the address", async () => {
  const ip: Diagnosis = {
    ...up,
    target: { input: "203.0.113.10", url: "https://203.0.113.10/", host: "203.0.113.10", port: 443 },
    checks: up.checks.filter((c) => c.id !== "dns.system"),
    // With an IP typed, the engine's addresses are that IP, and no resolver was asked.
    evidence: { ...up.evidence, addresses: ["203.0.113.10"], resolvers: [] },
  };
  await answer(ip);
  expect(byId("addresses").textContent).toContain("203.0.113.10");
});
