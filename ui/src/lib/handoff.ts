// The hand-off's request to the engine: the diagnosis, the steps tried (with what the app ran),
// what to hide, and the current language's words for the report's sentences. The engine renders
// the report, so the window, "Save…" and `site-doctor check --report` give the same text.
import { catalogues, flatten, formatDateTime } from "./i18n";
import { locale } from "./locale.svelte";
import type { Diagnosis, Redaction, ReportFormat, ReportRequest, StepResult, TriedStep as EngineStep } from "./types";
import type { TriedStep } from "./wizard";

/** Everything hidden: the default, so nothing personal leaves by accident. */
export const HIDE_ALL: Redaction = {
  my_addresses: true,
  mac: true,
  hostname: true,
  username_and_home: true,
  url_query: true,
};

/** The redaction switches in the order the screen lists them. */
export const REDACTIONS = ["my_addresses", "mac", "hostname", "username_and_home", "url_query"] as const satisfies readonly (keyof Redaction)[];

/** The catalogue sections (and single keys) whose words the report uses. */
const REPORT_SECTIONS = ["verdict.", "sentence.", "probably.", "confidence.", "confidenceNote.", "stepTitle.", "nextStep.", "helpdesk."];
const REPORT_KEYS = ["answer.howSure", "report.title", "report.tried", "report.triedFixed", "report.triedSkipped", "report.suggested"];

/** The current language's words for the report, by catalogue key. */
export function reportWords(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, text] of flatten(catalogues[locale.lang])) {
    if (REPORT_KEYS.includes(key) || REPORT_SECTIONS.some((s) => key.startsWith(s))) out[key] = text;
  }
  return out;
}

const result = (d: Diagnosis): StepResult => ({ verdict: d.verdict, culprit: d.culprit, confidence: d.confidence });

/** A wizard step as the report records it: no "after" when it was skipped or not re-checked. */
export function engineStep(s: TriedStep): EngineStep {
  return {
    step: s.step,
    before: result(s.before),
    after: s.outcome === "skipped" ? undefined : result(s.after),
    actions: s.actions.map((a) => a.note),
  };
}

/** The request for the report of `d` after `tried`, in `format`, hiding what `redact` says. */
export function reportRequest(
  d: Diagnosis,
  tried: readonly TriedStep[],
  redact: Redaction,
  format: ReportFormat = "text",
  now: Date = new Date(),
): ReportRequest {
  return {
    diagnosis: d,
    tried: tried.map(engineStep),
    format,
    redact,
    words: reportWords(),
    // The offset at the time of the run, not of the copy: a report crossing a DST change stays right.
    utc_offset_minutes: -new Date(Number.isNaN(Date.parse(d.started_at)) ? now : d.started_at).getTimezoneOffset(),
    // The local time in the app's language; the engine keeps the UTC time beside it.
    local_time: Number.isNaN(Date.parse(d.started_at)) ? undefined : formatDateTime(d.started_at, "long"),
  };
}
