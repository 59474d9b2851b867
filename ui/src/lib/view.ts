// Pure helpers that turn engine data into what the screen shows, kept out of
// components so they can be unit-tested and reused by progress and result views.
import { t, tFirst, type MessageKey } from "./i18n";
import type {
  Check,
  CheckId,
  Confidence,
  Diagnosis,
  ErrorClass,
  Outcome,
  Phases,
  ProgressEvent,
  SiteAnswer,
  Status,
} from "./types";

/** A row in the live list: "running" until its finished event arrives. */
export type Row = {
  id: CheckId;
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
  // The answer so far is not a row: the machine keeps it apart (see `provisionalOf`).
  if (e.kind === "provisional") return rows;
  const c = e.check;
  // `?? null` so a subject sent as null in one event and omitted in the other still matches.
  const same = (r: Row) => r.id === c.id && (r.subject ?? null) === (c.subject ?? null);
  const idx = rows.findIndex((r) => r.status === "running" && same(r));
  const done: Row = { id: c.id, subject: c.subject, status: c.status, elapsed_ms: c.elapsed_ms, check: c };
  if (idx === -1) return [...rows, done];
  return rows.map((r, i) => (i === idx ? { ...done, started: true } : r));
}

/**
 * The answer so far, from the engine's provisional event: sent only once this computer's own
 * checks still running can no longer change its verdict and culprit, so it does not flicker; the
 * places elsewhere firm it up or change it.
 */
export type Provisional = { outcome: Outcome; confidence: Confidence };

/** The provisional answer an event carries, if it is one. */
export function provisionalOf(e: ProgressEvent): Provisional | null {
  return e.kind === "provisional" ? { outcome: e.outcome, confidence: e.confidence } : null;
}

/**
 * The host in what the user typed (the engine's normalized host is only in the final diagnosis):
 * the name as a URL parser sees it, IPv6 without brackets; the text itself if it doesn't parse.
 */
export function hostOfInput(input: string): string {
  const s = input.trim();
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : `http://${s}`);
    return url.hostname.replace(/^\[|\]$/g, "") || s;
  } catch {
    return s;
  }
}

/** "Probably: <the outcome's sentence>", in the words of the final answer. */
export function provisionalSentence(p: Provisional, host: string): string {
  const verdict = p.outcome.split(".")[0];
  const sentence = tFirst([`sentence.${p.outcome}`], `verdict.${verdict}` as MessageKey, { host });
  return t("check.probably", { sentence });
}

/** The groups a person thinks in, in the order they are shown. */
export type GroupId = "connection" | "dns" | "server" | "vantage" | "other";
export const GROUP_ORDER: readonly GroupId[] = ["connection", "dns", "server", "vantage", "other"];
/** Shown from the start (as "waiting") so the plan is visible before any event arrives. */
const ALWAYS_SHOWN: readonly GroupId[] = ["connection", "dns", "server"];

/** Every check the engine runs, in the group it is shown under (a new CheckId fails the type check). */
const GROUP: Record<CheckId, GroupId> = {
  "environment.proxy": "connection",
  "environment.hosts": "connection",
  "environment.interfaces": "connection",
  "environment.route": "connection",
  "environment.dns_servers": "connection",
  "environment.trust_store": "connection",
  "connectivity.probe": "connection",
  "connectivity.loss": "connection",
  "dns.system": "dns",
  "dns.os": "dns",
  "dns.alternate": "dns",
  "dns.doh": "dns",
  "site.connection": "server",
  "site.connection.http": "server",
  "site.proxy": "server",
  "vantage.globalping": "vantage",
  "vantage.check_host": "vantage",
  "owner.route": "server",
  "owner.origin": "server",
  "owner.dns": "dns",
  "status.provider": "vantage",
  "status.site": "vantage",
};

/** `other` for an id this build doesn't know yet (a newer engine), so its row still shows. */
export function groupOf(id: CheckId): GroupId {
  return GROUP[id] ?? "other";
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

/**
 * The rows as the Check screen shows them without details: one row per kind of check (the same
 * lookup asked of two public services is one line), its state the worst of them, running while
 * any runs. Subjects and timings belong to the details.
 */
export function mergeRows(rows: readonly Row[]): Row[] {
  const byId = new Map<CheckId, Row[]>();
  for (const r of rows) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
  return [...byId.values()].map((same) => {
    if (same.length === 1) return { ...same[0], subject: undefined, elapsed_ms: undefined };
    const state = groupState(same);
    const status = state === "pending" ? "running" : state;
    return { id: same[0].id, status, started: same.some((r) => r.started), check: same[0].check };
  });
}

export function groupLabel(id: GroupId): string {
  return t(`group.${id}`);
}

export function checkLabel(id: CheckId): string {
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

/**
 * The diagnosis's verdict and culprit as the pair the engine's rules decided. The engine only
 * sends these pairs; one from a newer engine falls back to the verdict's own sentence below.
 */
export function outcomeKey(d: Diagnosis): Outcome {
  return `${d.verdict}.${d.culprit}` as Outcome;
}

/**
 * The headline claims no more than the confidence: "down for everyone" in full only when other
 * places confirmed it, otherwise "probably".
 */
export function verdictSentence(d: Diagnosis): string {
  const hedged = d.verdict === "down_for_everyone" && d.confidence !== "confirmed" ? [`probably.${outcomeKey(d)}`] : [];
  return tFirst([...hedged, `sentence.${outcomeKey(d)}`], `verdict.${d.verdict}`, { host: hostOf(d) });
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

/** The plain words for how a check or attempt failed, if it did. */
export function errorWords(err: ErrorClass | undefined): string | undefined {
  return err ? tFirst([`errorClass.${err}`], "errorClass.other") : undefined;
}

export function errorSentence(c: Check | undefined): string | undefined {
  return errorWords(c?.detail.error);
}

/** How the site's answer failed, for the "How the site answered" fact. */
export function failureSentence(a: SiteAnswer | undefined): string {
  return errorWords(a?.error) ?? t("answer.noAnswer");
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

/**
 * The timings of the attempt the evidence's answer came from: the evidence names its address,
 * and only that site.connection check carries the phases.
 */
export function answerTimings(d: Diagnosis): PhaseRow[] {
  const address = d.evidence.answer?.address;
  if (!address) return [];
  return phaseRows(d.checks.find((c) => c.id === "site.connection" && c.detail.address === address)?.detail.phases);
}

/** "0:42" for a countdown. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}
