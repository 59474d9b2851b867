// Small DOM helpers shared by the screen tests.
import { fireEvent, waitFor } from "@testing-library/svelte";
import { mockIPC } from "@tauri-apps/api/mocks";
import { channelSender, fakeReport, streamAll } from "./fixtures";
import type { Diagnosis, ReportRequest } from "../src/lib/types";

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} not found`);
  return el as T;
}

export async function submit(text: string) {
  await fireEvent.input(byId<HTMLInputElement>("site-input"), { target: { value: text } });
  await fireEvent.click(byId("check-button"));
}

export async function click(id: string) {
  await fireEvent.click(await waitFor(() => byId(id)));
}

/** The clipboard plugin as the mocked app has it: refused unless a test turns it on. */
export const clipboardPlugin = { works: false, written: [] as string[] };

/** "Open the site" as the mocked app has it: counted, refused when a test says so. */
export const opener = { opened: 0, fails: false };

/** check_site answers with each diagnosis in turn (the last one repeats); returns the inputs seen. */
export function answerWith(...answers: Diagnosis[]): { inputs: string[]; cancels: () => number } {
  const inputs: string[] = [];
  let cancels = 0;
  mockIPC((cmd, args) => {
    if (cmd === "cancel_check") {
      cancels++;
      return null;
    }
    if (cmd === "render_report") return fakeReport((args as { request: ReportRequest }).request);
    if (cmd === "open_site") {
      // No URL may cross: Rust opens the site it checked last.
      if (args && Object.keys(args).length) throw new Error(`open_site got arguments: ${JSON.stringify(args)}`);
      if (opener.fails) throw { code: "open_failed", message: "no browser" };
      opener.opened++;
      return null;
    }
    if (cmd.startsWith("plugin:clipboard-manager|")) {
      // Off by default, so the browser's own clipboard path is what most tests see.
      if (!clipboardPlugin.works) throw new Error("clipboard plugin not available");
      clipboardPlugin.written.push(JSON.stringify(args));
      return null;
    }
    if (cmd !== "check_site") return;
    const a = args as { input: string; onEvent: unknown };
    inputs.push(a.input);
    const d = answers[Math.min(inputs.length - 1, answers.length - 1)];
    return streamAll(channelSender(a.onEvent), d);
  });
  return { inputs, cancels: () => cancels };
}

export const visibleText = () => document.body.textContent ?? "";
