// Down for everyone: count down, re-check by itself, a bounded number of times, then hand off.
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { cleanup, fireEvent, render } from "@testing-library/svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import { tick } from "svelte";
import App from "../src/App.svelte";
import { t } from "../src/lib/i18n";
import { WAIT_ROUNDS, WAIT_SECONDS } from "../src/lib/wizard";
import { downCloudflare, up } from "./fixtures";
import { answerWith, byId } from "./helpers";
import type { Diagnosis } from "../src/lib/types";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
});
afterEach(() => {
  cleanup();
  clearMocks();
  localStorage.clear();
  vi.useRealTimers();
});

async function settle() {
  for (let i = 0; i < 5; i++) {
    await vi.advanceTimersByTimeAsync(0);
    await tick();
  }
}

async function toWait(...answers: Diagnosis[]) {
  const ipc = answerWith(...answers);
  render(App);
  await fireEvent.input(byId("site-input"), { target: { value: "shop.example.com" } });
  await fireEvent.click(byId("check-button"));
  await settle();
  await fireEvent.click(byId("wait-button"));
  await settle();
  return ipc;
}

test("it re-checks every minute and gives up after the last round, then hands off", async () => {
  const ipc = await toWait(downCloudflare);
  const step = byId("fix-step");
  expect(step.dataset.step).toBe("watch_until_back");
  expect(document.activeElement?.id).toBe("wait-title");
  expect(step.textContent).toContain(t("wait.intro", { max: WAIT_ROUNDS }));
  expect(step.querySelector('[role="timer"]')?.textContent).toBe(t("wait.next", { time: "1:00" }));
  expect(ipc.inputs).toHaveLength(1);

  await vi.advanceTimersByTimeAsync((WAIT_SECONDS - 1) * 1000);
  await settle();
  expect(ipc.inputs).toHaveLength(1);
  expect(step.querySelector('[role="timer"]')?.textContent).toBe(t("wait.next", { time: "0:01" }));
  await vi.advanceTimersByTimeAsync(1000);
  await settle();
  expect(ipc.inputs).toHaveLength(2);
  expect(byId("step-outcome").dataset.fixed).toBe("false");

  // Bounded: exactly WAIT_ROUNDS re-checks, however long the window stays open.
  await vi.advanceTimersByTimeAsync(WAIT_SECONDS * 1000 * (WAIT_ROUNDS + 3));
  await settle();
  expect(ipc.inputs).toHaveLength(1 + WAIT_ROUNDS);
  expect(document.querySelector('[role="timer"]')).toBeNull();
  expect(byId("step-outcome").textContent).toContain(t("wait.gaveUpText", { n: WAIT_ROUNDS }));
  // The background watch takes over from the first minutes, and says so.
  expect(byId("wait-watching").textContent).toBe(t("wait.watching"));
  expect(byId("watch").textContent).toContain(t("watch.watching", { site: "shop.example.com" }));
  await fireEvent.click(byId("next-step"));
  await settle();
  expect(byId("handoff")).toBeTruthy();
});

test("when it comes back, it says so and stops checking", async () => {
  const ipc = await toWait(downCloudflare, downCloudflare, up);
  await vi.advanceTimersByTimeAsync(WAIT_SECONDS * 1000);
  await settle();
  expect(byId("step-outcome").dataset.fixed).toBe("false");
  await fireEvent.click(byId("check-again"));
  await settle();
  const outcome = byId("step-outcome");
  expect(outcome.dataset.fixed).toBe("true");
  expect(outcome.textContent).toContain(t("wait.backTitle", { host: "shop.example.com" }));
  expect(ipc.inputs).toHaveLength(3);
  await vi.advanceTimersByTimeAsync(WAIT_SECONDS * 1000 * 3);
  await settle();
  expect(ipc.inputs).toHaveLength(3);
});

test("stop waiting leaves the loop for the hand-off and checks no more", async () => {
  const ipc = await toWait(downCloudflare);
  await fireEvent.click(byId("stop-waiting"));
  await settle();
  expect(byId("handoff")).toBeTruthy();
  await vi.advanceTimersByTimeAsync(WAIT_SECONDS * 1000 * 2);
  await settle();
  expect(ipc.inputs).toHaveLength(1);
});

test("the bar matches the countdown: empty at the start, half way at half time", async () => {
  await toWait(downCloudflare);
  const timer = () => byId("fix-step").querySelector('[role="timer"]')?.textContent ?? "";
  const fill = () => Number(byId("fix-step").querySelector(".bar .fill")?.getAttribute("width"));
  expect(timer()).toContain("1:00");
  expect(fill()).toBe(0);
  await vi.advanceTimersByTimeAsync((WAIT_SECONDS / 2) * 1000);
  await tick();
  expect(timer()).toContain("0:30");
  expect(fill()).toBe(WAIT_SECONDS / 2);
});

test("when it's back, \"Open the site\" is offered first", async () => {
  await toWait(downCloudflare, up);
  await fireEvent.click(byId("check-again"));
  await settle();
  expect(byId("step-outcome").dataset.fixed).toBe("true");
  expect(byId("open-site").className).toContain("primary");
});
