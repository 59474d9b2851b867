// Pure helpers that turn engine data into what the screen shows, kept out of
// components so they can be unit-tested and reused by progress and result views.
import { has, t, tFirst, type MessageKey } from "./i18n";
import type { Check, Diagnosis, Phases, ProgressEvent, Status } from "./types";

/** A row in the live list: "running" until its finished event arrives. */
export type Row = {
  id: string;
  subject?: string;
  status: Status | "running";
  elapsed_ms?: number;
  check?: Check;
  /** It had a "started" event: a check that ran, not a finding reported at once. */
  started?: boolean;
};

/**
 * Applies one progress event. Ids repeat (one per resolver/address), so a
 * finished event closes the oldest still-running row with the same id+subject;
 * a finished event with no matching start is appended rather than lost.
 */
export function applyEvent(rows: Row[], e: ProgressEvent): Row[] {
  if (e.kind === "started") return [...rows, { id: e.id, subject: e.subject, status: "running", started: true }];
  const c = e.check;
  // `?? null` so a subject sent as null in one event and omitted in the other still matches.
  const same = (r: Row) => r.id === c.id && (r.subject ?? null) === (c.subject ?? null);
  const idx = rows.findIndex((r) => r.status === "running" && same(r));
  const done: Row = { id: c.id, subject: c.subject, status: c.status, elapsed_ms: c.elapsed_ms, check: c };
  if (idx === -1) return [...rows, done];
  return rows.map((r, i) => (i === idx ? { ...done, started: true } : r));
}

/** The groups a person thinks in, in the order they are shown. */
export type GroupId = "connection" | "dns" | "server" | "vantage" | "other";
export const GROUP_ORDER: readonly GroupId[] = ["connection", "dns", "server", "vantage", "other"];
/** Shown from the start (as "waiting") so the plan is visible before any event arrives. */
const ALWAYS_SHOWN: readonly GroupId[] = ["connection", "dns", "server"];

export function groupOf(id: string): GroupId {
  const family = id.split(".")[0];
  if (family === "connectivity" || family === "environment") return "connection";
  if (family === "dns") return "dns";
  if (family === "site") return "server";
  if (family === "vantage") return "vantage";
  return "other";
}

/** A group's overall state: the worst finished status, or running while any row runs. */
export type GroupState = Status | "running" | "pending";
export type Group = { id: GroupId; rows: Row[]; state: GroupState };

const SEVERITY: Record<Status, number> = { skipped: 0, pass: 1, warn: 2, fail: 3 };

export function groupState(rows: readonly Row[]): GroupState {
  if (rows.length === 0) return "pending";
  if (rows.some((r) => r.status === "running")) return "running";
  const finished = rows.map((r) => r.status as Status);
  const counted = finished.filter((s) => s !== "skipped");
  if (counted.length === 0) return "skipped";
  return counted.reduce((a, b) => (SEVERITY[b] > SEVERITY[a] ? b : a));
}

export function groupRows(rows: readonly Row[]): Group[] {
  return GROUP_ORDER.map((id) => {
    const mine = rows.filter((r) => groupOf(r.id) === id);
    return { id, rows: mine, state: groupState(mine) };
  }).filter((g) => g.rows.length > 0 || ALWAYS_SHOWN.includes(g.id));
}

export function groupLabel(id: GroupId): string {
  return t(`group.${id}`);
}

export function checkLabel(id: string): string {
  return tFirst([`checkName.${id}`], "checkName.other");
}

export function statusLabel(status: GroupState): string {
  return t(`status.${status}`);
}

export function ms(value: number): string {
  return t("units.ms", { ms: Math.round(value) });
}

export function hostOf(d: Diagnosis): string {
  return d.target.host || d.target.input.trim();
}

export function verdictSentence(d: Diagnosis): string {
  return tFirst([`sentence.${d.verdict}.${d.culprit}`], `verdict.${d.verdict}`, { host: hostOf(d) });
}

/** True when the specific sentence already names the cause, so no "most likely cause" line is needed. */
export function sentenceNamesCulprit(d: Diagnosis): boolean {
  return d.culprit === "none" || has(`sentence.${d.verdict}.${d.culprit}`);
}

/** Addresses the system resolver returned: what "your computer" sees. */
export function systemAddresses(d: Diagnosis): string[] {
  const seen = new Set<string>();
  for (const c of d.checks) {
    if (c.id === "dns.system") for (const a of c.detail.answers ?? []) seen.add(a);
  }
  return [...seen];
}

/** What "your computer" would connect to: the system resolver's answers, or the IP typed. */
export function addressesOf(d: Diagnosis): string[] {
  const found = systemAddresses(d);
  if (found.length) return found;
  const host = d.target.host;
  return /^[\d.]+$|:/.test(host) ? [host] : [];
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

export function errorSentence(c: Check | undefined): string | undefined {
  const err = c?.detail.error;
  return err ? tFirst([`errorClass.${err}`], "errorClass.other") : undefined;
}

export function failureSentence(c: Check | undefined): string {
  return errorSentence(c) ?? t("answer.noAnswer");
}

export type PhaseRow = { label: string; value: string };

const PHASES: [keyof Phases, MessageKey][] = [
  ["dns_ms", "phase.dns"],
  ["proxy_ms", "phase.proxy"],
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

/** "0:42" for a countdown. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}
