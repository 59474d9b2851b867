import { afterEach, expect, test, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import App from "../src/App.svelte";
import { t } from "../src/lib/i18n";
import { channelSender, diagnosis, dnsCheck, siteCheck } from "./fixtures";

afterEach(() => {
  cleanup();
  clearMocks();
});

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} not found`);
  return el as T;
}

async function submit(text: string) {
  await fireEvent.input(byId<HTMLInputElement>("site-input"), { target: { value: text } });
  await fireEvent.click(byId("check-button"));
}

test("a full run streams checks live, then shows the verdict and evidence", async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const calls: string[] = [];
  mockIPC(async (cmd, args) => {
    calls.push(cmd);
    if (cmd !== "check_site") return;
    const a = args as { input: string; onEvent: unknown };
    expect(a.input).toBe("example.com");
    const send = channelSender(a.onEvent);
    send({ kind: "started", id: "dns.system" });
    send({ kind: "finished", check: dnsCheck });
    send({ kind: "started", id: "site.connection", subject: siteCheck.subject });
    await gate;
    send({ kind: "finished", check: siteCheck });
    return diagnosis;
  });
  render(App);
  await submit("example.com");

  // Mid-run: one finished row and one still running, inside the live region.
  await waitFor(() => expect(document.querySelectorAll('[data-status="running"]').length).toBe(1));
  expect(document.querySelector('[aria-live="polite"] [data-status="pass"]')?.textContent).toContain("12 ms");
  release();

  const result = await waitFor(() => byId("result"));
  expect(result.dataset.verdict).toBe("down_for_everyone");
  expect(result.dataset.culprit).toBe("origin");
  expect(screen.getByText(t("sentence.down_for_everyone.origin", { host: "example.com" }))).toBeTruthy();
  expect(byId("http-status").textContent).toContain("503");
  expect(byId("addresses").textContent).toContain("198.51.100.80");
  expect(byId("addresses").textContent).toContain("2001:db8::80");
  expect(screen.getByText(t("check.other"))).toBeTruthy();
  expect(document.body.textContent).not.toContain(diagnosis.summary);
  expect(calls).toEqual(["check_site"]);

  // "Check another site" returns to Ask with the text kept.
  await fireEvent.click(screen.getByText(t("ui.checkAnother")));
  expect(byId<HTMLInputElement>("site-input").value).toBe("example.com");
});

test("bad input shows the friendly reason under the box", async () => {
  mockIPC((cmd) => {
    if (cmd === "check_site") {
      return Promise.reject({ code: "bad_input", message: "Url(RelativeUrlWithoutBase)", reason: "has_spaces" });
    }
  });
  render(App);
  await submit("exa mple.com");
  const err = await waitFor(() => byId("input-error"));
  expect(err.getAttribute("role")).toBe("alert");
  expect(err.textContent).toBe(t("badInput.has_spaces"));
  expect(document.body.textContent).not.toContain("RelativeUrlWithoutBase");
  expect(byId<HTMLInputElement>("site-input").value).toBe("exa mple.com");
});

test("an unknown rejection shape becomes the internal-error sentence", async () => {
  mockIPC((cmd) => (cmd === "check_site" ? Promise.reject("thread panicked at src/lib.rs") : undefined));
  render(App);
  await submit("example.com");
  const err = await waitFor(() => byId("input-error"));
  expect(err.textContent).toBe(t("error.internal"));
});

test("cancel invokes cancel_check and returns to Ask", async () => {
  let rejectRun!: (e: unknown) => void;
  const cancel = vi.fn();
  mockIPC((cmd) => {
    if (cmd === "check_site") return new Promise((_, rej) => (rejectRun = rej));
    if (cmd === "cancel_check") {
      cancel();
      rejectRun({ code: "cancelled", message: "cancelled" });
      return null;
    }
  });
  render(App);
  await submit("example.com");
  await fireEvent.click(await waitFor(() => byId("cancel-button")));
  await waitFor(() => expect(cancel).toHaveBeenCalledTimes(1));
  expect(byId<HTMLInputElement>("site-input").value).toBe("example.com");
  expect(document.getElementById("input-error")).toBeNull();
  expect(document.getElementById("cancel-button")).toBeNull();
});
