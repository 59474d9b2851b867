//! The CLI's words: the human report, progress lines and the help-desk text.

use std::fmt::Write as _;

use site_doctor_engine::{Check, Diagnosis, Evidence, ProgressEvent, Status, text};

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
    if let Some(e) = d.error {
        parts.push(text::error_class(e).trim_end_matches('.').to_owned());
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
    let _ = writeln!(out, "\n{}\n", d.summary);
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

/// The help-desk text: what was checked, when, the verdict and every piece of evidence.
pub fn report(d: &Diagnosis) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Site Doctor report");
    let _ = writeln!(out, "Site: {} (port {})", d.target.url, d.target.port);
    let _ = writeln!(out, "When: {} (took {} ms)", d.started_at, d.elapsed_ms);
    let _ = writeln!(
        out,
        "Verdict: {} / culprit {} / confidence {}",
        code(&d.verdict),
        code(&d.culprit),
        code(&d.confidence)
    );
    let _ = writeln!(out, "Summary: {}", d.summary);
    for line in deciding(&d.evidence) {
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(out, "\nEvidence:");
    for c in &d.checks {
        let _ = writeln!(out, "- [{}] {} ({} ms): {}", mark(c.status), label(c), c.elapsed_ms, evidence(c));
        if let Some(m) = &c.detail.message {
            let _ = writeln!(out, "    {m}");
        }
    }
    out
}

/// What decided the verdict, one fact a line: who answered and how, reference numbers, and the
/// VPN, proxy or certificate the verdict names.
fn deciding(e: &Evidence) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(a) = &e.answer {
        let at = a.address.as_deref().map(|x| format!(" at {x}")).unwrap_or_default();
        match (a.status_code, a.error) {
            (Some(code), _) => lines.push(format!("The site answered HTTP {code}{at}.")),
            (None, Some(class)) => lines.push(format!("The site did not answer{at}: {}", text::error_class(class))),
            (None, None) => {}
        }
        if let Some(who) = &a.served_by {
            lines.push(match a.gateway_error {
                Some(true) => format!("The error page is {}'s own: the server behind it failed.", who.name),
                Some(false) => format!("{} passed on the site's own error page.", who.name),
                None => format!("Answered by {}.", who.name),
            });
        }
        for id in &a.request_ids {
            lines.push(format!("{}: {}", id.header, id.value));
        }
    }
    if let Some(vpn) = &e.vpn {
        lines.push(format!("Internet traffic goes through {vpn} (a VPN or tunnel)."));
    }
    if let Some(p) = &e.proxy {
        let (var, url) = (p.variable.as_deref().unwrap_or("a setting"), p.url.as_deref().unwrap_or("a proxy"));
        lines.push(format!("{var} sends web traffic through {url}."));
    }
    if let Some(t) = &e.tls {
        let issuer = t.issuer.as_deref().map(|i| format!(" (issuer: {i})")).unwrap_or_default();
        lines.push(format!("{}{issuer}", text::error_class(t.error)));
    }
    if let Some(places) = e.elsewhere {
        lines.push(format!("{} of {} other places loaded it.", places.loaded, places.total));
    }
    // A note beside the verdict: a site on the local network can load while nothing beyond it does.
    if e.internet_unreachable {
        lines
            .push("The wider internet did not answer from here (no way out, or every connection check failed).".into());
    }
    lines
}

/// The contract's snake_case code of an enum value.
fn code<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|j| j.as_str().map(str::to_owned)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use site_doctor_engine::{Confidence, Outcome};

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
