// Pure helpers that turn engine data into what the screen shows, kept out of
// components so they can be unit-tested and reused by progress and result views.
import { has, t, tFirst, type MessageKey } from "./i18n";
import type { Check, Diagnosis, Phases, ProgressEvent, Status } from "./types";

/** A row in the live list: "running" until its finished event arrives. */
export type Row = { id: string; subject?: string; status: Status | "running"; elapsed_ms?: number };

/**
 * Applies one progress event. Ids repeat (one per resolver/address), so a
 * finished event closes the oldest still-running row with the same id+subject;
 * a finished event with no matching start is appended rather than lost.
 */
export function applyEvent(rows: Row[], e: ProgressEvent): Row[] {
  if (e.kind === "started") return [...rows, { id: e.id, subject: e.subject, status: "running" }];
  const c = e.check;
  // `?? null` so a subject sent as null in one event and omitted in the other still matches.
  const same = (r: Row) => r.id === c.id && (r.subject ?? null) === (c.subject ?? null);
  const idx = rows.findIndex((r) => r.status === "running" && same(r));
  const done: Row = { id: c.id, subject: c.subject, status: c.status, elapsed_ms: c.elapsed_ms };
  if (idx === -1) return [...rows, done];
  return rows.map((r, i) => (i === idx ? done : r));
}

export function checkLabel(id: string): string {
  return tFirst([`check.${id}`], "check.other");
}

export function statusLabel(status: Status | "running"): string {
  return status === "running" ? t("ui.running") : t(`status.${status}`);
}

export function ms(value: number): string {
  return t("ui.ms", { ms: Math.round(value) });
}

export function verdictSentence(d: Diagnosis): string {
  const params = { host: d.target.host || d.target.input };
  return tFirst([`sentence.${d.verdict}.${d.culprit}`], `verdict.${d.verdict}`, params);
}

/** Addresses the system resolver returned: what "your computer" sees. */
export function systemAddresses(d: Diagnosis): string[] {
  const seen = new Set<string>();
  for (const c of d.checks) {
    if (c.id === "dns.system") for (const a of c.detail.answers ?? []) seen.add(a);
  }
  return [...seen];
}

/** The site.connection check that best explains how the site answered. */
export function mainConnection(d: Diagnosis): Check | undefined {
  const conns = d.checks.filter((c) => c.id === "site.connection");
  return (
    conns.find((c) => c.detail.status_code !== undefined) ??
    conns.find((c) => c.detail.error !== undefined) ??
    conns[0]
  );
}

export function httpMeaning(code: number): string {
  const key: MessageKey =
    code >= 200 && code < 300
      ? "http.ok"
      : code >= 300 && code < 400
        ? "http.redirect"
        : code >= 400 && code < 500
          ? "http.client_error"
          : code >= 500 && code < 600
            ? "http.server_error"
            : "http.other";
  return t(key);
}

export function failureSentence(c: Check | undefined): string {
  const err = c?.detail.error;
  return err && has(`errorClass.${err}`) ? tFirst([`errorClass.${err}`], "errorClass.other") : t("ui.noAnswer");
}

export type PhaseRow = { label: string; value: string };

const PHASES: [keyof Phases, MessageKey][] = [
  ["dns_ms", "phase.dns"],
  ["connect_ms", "phase.connect"],
  ["tls_ms", "phase.tls"],
  ["first_byte_ms", "phase.first_byte"],
  ["total_ms", "phase.total"],
];

export function phaseRows(p: Phases | undefined): PhaseRow[] {
  if (!p) return [];
  return PHASES.filter(([k]) => typeof p[k] === "number").map(([k, label]) => ({
    label: t(label),
    value: ms(p[k] as number),
  }));
}
