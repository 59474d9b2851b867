// Shared test data and a way to push Channel messages the way the Tauri runtime does.
import type { Check, Diagnosis, ProgressEvent } from "../src/lib/types";

type Internals = { runCallback: (id: number, data: unknown) => void };

/**
 * mockIPC hands the command the real Channel object (no serialisation), and
 * Channel only delivers `{ index, message }` payloads in index order starting
 * at 0 — the same framing the Rust side's Channel::send produces.
 */
export function channelSender(channel: unknown): (e: ProgressEvent) => void {
  const id = (channel as { id: number }).id;
  const internals = (window as unknown as { __TAURI_INTERNALS__: Internals }).__TAURI_INTERNALS__;
  let index = 0;
  return (message) => internals.runCallback(id, { index: index++, message });
}

export const dnsCheck: Check = {
  id: "dns.system",
  status: "pass",
  elapsed_ms: 12,
  detail: { server: "system", answers: ["198.51.100.80", "2001:db8::80"] },
};

export const siteCheck: Check = {
  id: "site.connection",
  subject: "198.51.100.80:443",
  status: "fail",
  elapsed_ms: 240,
  detail: {
    status_code: 503,
    phases: { dns_ms: 12, connect_ms: 30, tls_ms: 45, first_byte_ms: 150, total_ms: 240 },
  },
};

export const diagnosis: Diagnosis = {
  schema: 1,
  target: { input: "example.com", url: "https://example.com/", host: "example.com", port: 443 },
  verdict: "down_for_everyone",
  culprit: "origin",
  confidence: "likely",
  summary: "raw engine summary that must not be shown",
  next_steps: ["wait_and_retry", "watch_until_back"],
  checks: [dnsCheck, siteCheck, { id: "future.check", status: "skipped", elapsed_ms: 0, detail: {} }],
  elapsed_ms: 300,
  started_at: "2025-01-01T00:00:00Z",
};
