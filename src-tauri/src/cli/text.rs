//! The CLI's words: the human report and progress lines. The help-desk report is the engine's
//! (`site_doctor_engine::report`), the same bytes the window copies.

use std::fmt::Write as _;

use site_doctor_engine::report::deciding;
use site_doctor_engine::{Check, Confidence, Diagnosis, ProgressEvent, Status, Verdict, text};

fn mark(s: Status) -> &'static str {
    match s {
        Status::Pass => "✓",
        Status::Warn => "!",
        Status::Fail => "✗",
        Status::Skipped => "–",
    }
}

/// What a check was about, in words.
fn label(c: &Check) -> String {
    let what = text::check_name(c.id);
    match &c.subject {
        Some(s) => format!("{what} ({s})"),
        None => what.to_owned(),
    }
}

/// The short evidence of a check, on one line.
fn evidence(c: &Check) -> String {
    let d = &c.detail;
    let mut parts: Vec<String> = Vec::new();
    if let Some(a) = &d.answers {
        parts.push(a.join(", "));
    }
    if let Some(code) = d.status_code {
        parts.push(format!("HTTP {code}"));
    }
    if let Some(p) = &d.phases {
        let phases = [
            ("dns", p.dns_ms),
            ("connect", p.connect_ms),
            ("tls", p.tls_ms),
            ("first byte", p.first_byte_ms),
            ("total", p.total_ms),
        ];
        let t: Vec<String> = phases.iter().filter_map(|(n, v)| v.map(|v| format!("{n} {v} ms"))).collect();
        if !t.is_empty() {
            parts.push(t.join(" · "));
        }
    }
    if let Some(points) = &d.vantage {
        let loaded = points.iter().filter(|p| p.loaded()).count();
        parts.push(format!("{loaded} of {} places loaded it", points.len()));
    }
    if let Some(page) = &d.status_page {
        let open: Vec<&str> = page.incidents.iter().map(|i| i.name.as_str()).take(3).collect();
        parts.push(match open.len() {
            0 => page.description.clone().unwrap_or_else(|| "no open incident".into()),
            _ => format!("open: {}", open.join(" · ")),
        });
    }
    if let Some(e) = d.error {
        parts.push(text::error_class(e).trim_end_matches('.').to_owned());
    }
    if d.status_page.is_none() && c.id.family() == site_doctor_engine::CheckFamily::Status {
        parts.extend(d.message.clone());
    }
    if let Some(who) = &d.served_by {
        parts.push(match d.gateway_error {
            Some(true) => format!("error page from {who}: the server behind it failed"),
            Some(false) => format!("through {who}, the site's own error page"),
            None => format!("served by {who}"),
        });
    }
    for h in ["server", "via", "cf-ray", "x-cache"] {
        if let Some(v) = d.headers.as_ref().and_then(|m| m.get(h)) {
            parts.push(format!("{h}: {v}"));
        }
    }
    parts.join("; ")
}

/// One line as each check finishes, and the provisional answer once the rules have one, on
/// stderr so stdout stays the report.
pub fn progress(e: &ProgressEvent) {
    if let Some(line) = progress_line(e) {
        eprintln!("{line}");
    }
}

/// The words [`progress`] prints for an event, if any.
fn progress_line(e: &ProgressEvent) -> Option<String> {
    match e {
        ProgressEvent::Started { .. } => None,
        ProgressEvent::Finished { check } => {
            Some(format!("  {} {} ({} ms)", mark(check.status), label(check), check.elapsed_ms))
        }
        // Set apart from the check lines: it is the answer so far, not one more check.
        ProgressEvent::Provisional { summary, .. } => {
            Some(format!("\n  Probably: {summary}\n  Checking from other places…\n"))
        }
    }
}

/// The human report: verdict, checks with marks and times, next steps.
pub fn human(d: &Diagnosis) -> String {
    let mut out = String::new();
    // No more than the confidence, as the window and the report say it: "down for everyone"
    // that other places did not confirm is only probable.
    let hedged = d.verdict == Verdict::DownForEveryone && d.confidence != Confidence::Confirmed;
    let _ = writeln!(out, "\n{}{}\n", if hedged { "Probably: " } else { "" }, d.summary);
    for line in deciding(&d.evidence) {
        let _ = writeln!(out, "  {line}");
    }
    if !deciding(&d.evidence).is_empty() {
        let _ = writeln!(out);
    }
    for c in &d.checks {
        let ev = evidence(c);
        let _ = writeln!(out, "  {} {:<52} {:>6} ms  {}", mark(c.status), label(c), c.elapsed_ms, ev);
    }
    if !d.next_steps.is_empty() {
        let _ = writeln!(out, "\nWhat you can do:");
        for (i, s) in d.next_steps.iter().enumerate() {
            let _ = writeln!(out, "  {}. {}", i + 1, text::next_step(*s));
        }
    }
    let _ = writeln!(out, "\nChecked {} in {} ms.", d.target.url, d.elapsed_ms);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use site_doctor_engine::Outcome;

    #[test]
    fn down_for_everyone_not_confirmed_elsewhere_is_only_probable() {
        let mut d: Diagnosis = serde_json::from_value(serde_json::json!({
            "schema": 1,
            "target": { "input": "a.example", "url": "https://a.example/", "host": "a.example", "port": 443 },
            "verdict": "down_for_everyone", "culprit": "origin", "confidence": "likely",
            "summary": "a.example is down for everyone: its server answers with an error (HTTP 502).",
            "next_steps": [], "evidence": {}, "checks": [], "elapsed_ms": 1, "started_at": "2026-11-21T14:00:00Z"
        }))
        .expect("diagnosis");
        assert!(human(&d).starts_with("\nProbably: a.example is down for everyone: its server"), "{}", human(&d));
        d.confidence = Confidence::Confirmed;
        assert!(human(&d).starts_with("\na.example is down for everyone: its server"), "{}", human(&d));
    }

    #[test]
    fn the_provisional_answer_is_a_line_of_its_own_and_a_start_is_none() {
        let e = ProgressEvent::Provisional {
            outcome: Outcome::JustYouDnsResolver,
            confidence: Confidence::Likely,
            summary: "Your DNS can't find shop.example.com, but public DNS can.".into(),
        };
        assert_eq!(
            progress_line(&e).as_deref(),
            Some(
                "\n  Probably: Your DNS can't find shop.example.com, but public DNS can.\n  Checking from other places…\n"
            )
        );
        let started = ProgressEvent::Started { id: site_doctor_engine::CheckId::DnsSystem, subject: None };
        assert_eq!(progress_line(&started), None);
    }
}
