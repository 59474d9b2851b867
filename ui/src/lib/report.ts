// The text "Copy for help desk" puts on the clipboard. This is the one seam to replace when the
// engine provides its own report: keep callers on `helpDeskReport` and nothing else changes.
import { t } from "./i18n";
import { checkResult, identifiers, vantageLine, vantagePoints } from "./evidence";
import { checkLabel, hostOf, ms, verdictSentence } from "./view";
import type { Check, Diagnosis, Status } from "./types";
import type { TriedStep } from "./wizard";
import { ranLines, resultWords } from "./fixing";

const MARK: Record<Status, string> = { pass: "✓", warn: "!", fail: "✗", skipped: "–" };

function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

function checkLine(c: Check): string[] {
  const subject = c.subject ? ` (${c.subject})` : "";
  const lines = [`${MARK[c.status]} ${checkLabel(c.id)}${subject}: ${checkResult(c)} [${ms(c.elapsed_ms)}]`];
  for (const p of vantagePoints(c)) lines.push(`    ${p.location}: ${vantageLine(p)}${p.error ? ` (${p.error})` : ""}`);
  return lines;
}

/** A plain-text summary of `d` (and the steps already tried) for a help desk or site owner. */
export async function helpDeskReport(d: Diagnosis, tried: readonly TriedStep[] = []): Promise<string> {
  const out: string[] = [t("report.title"), ""];
  out.push(t("report.site", { url: d.target.url }));
  if (d.target.input.trim() && d.target.input.trim() !== d.target.url) {
    out.push(t("report.typed", { input: d.target.input.trim() }));
  }
  out.push(t("report.checkedAt", { time: when(d.started_at), seconds: (d.elapsed_ms / 1000).toFixed(1) }));
  out.push(t("report.result", { sentence: verdictSentence(d) }));
  out.push(`${t("answer.howSure")} ${t(`confidence.${d.confidence}`)} ${t(`confidenceNote.${d.confidence}`)}`);
  out.push(t("report.codes", { verdict: d.verdict, culprit: d.culprit, confidence: d.confidence }));

  // Who answered and the request ids, as the engine's evidence names them.
  const answer = d.evidence.answer;
  if (answer?.served_by) out.push(t("answer.servedBy", { who: answer.served_by.name }));
  else if (answer?.server) out.push(t("answer.serverCalls", { name: answer.server }));
  if (answer?.gateway_error === true && answer.served_by) out.push(t("answer.behindProxy", { who: answer.served_by.name }));
  for (const id of identifiers(answer)) out.push(`${id.label}: ${id.value}`);

  out.push("", t("report.seen"));
  for (const c of d.checks) out.push(...checkLine(c));

  if (tried.length) {
    out.push("", t("report.tried"));
    for (const s of tried) {
      const result =
        s.outcome === "skipped"
          ? t("report.triedSkipped")
          : s.outcome === "notFixed"
            ? t("report.triedNotFixed", { verdict: s.after.verdict })
            : t("report.triedFixed");
      out.push(`- ${t(`stepTitle.${s.step}`)}: ${result}`);
      // What the app itself ran for the step: the sentence the user saw, then the exact commands.
      for (const a of s.actions) {
        const w = resultWords(a);
        out.push(`    ${t("report.ran", { what: t(`report.action_${a.action.kind}`) })} ${t(w.key, w.params)}`);
        for (const line of ranLines(a)) out.push(`      $ ${line}`);
      }
    }
  }
  if (d.next_steps.length) {
    out.push("", t("report.suggested"));
    for (const s of d.next_steps) out.push(`- ${t(`nextStep.${s}`)}`);
  }
  out.push("", `${hostOf(d)} · Site Doctor`);
  return out.join("\n");
}
