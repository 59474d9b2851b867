//! The CLI's words: the human report, progress lines and the help-desk text.

use std::fmt::Write as _;

use site_doctor_engine::{Check, CheckId, Diagnosis, NextStep, ProgressEvent, Status, rules::class_words};

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
    let what = match c.id {
        CheckId::DnsSystem => "Your DNS",
        CheckId::DnsAlternate => "Public DNS",
        CheckId::ConnectivityProbe => "Internet connection",
        CheckId::SiteConnection => "The website's server",
        CheckId::EnvironmentProxy => "Proxy settings",
        CheckId::EnvironmentHosts => "Hosts file",
        CheckId::EnvironmentInterfaces => "Network adapters",
        CheckId::EnvironmentRoute => "Default route",
        CheckId::EnvironmentDnsServers => "DNS servers",
        CheckId::DnsDoh => "Public DNS over HTTPS",
        CheckId::SiteConnectionHttp => "The website's server, plain HTTP",
        CheckId::SiteProxy => "The website through the proxy",
        CheckId::VantageGlobalping => "Other places (Globalping)",
        CheckId::VantageCheckHost => "Other places (check-host.net)",
        CheckId::ConnectivityLoss => "Lost data on your connection",
    };
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
        parts.push(class_words(e).to_owned());
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

/// One line as each check finishes, on stderr so stdout stays the report.
pub fn progress(e: &ProgressEvent) {
    if let ProgressEvent::Finished { check } = e {
        eprintln!("  {} {} ({} ms)", mark(check.status), label(check), check.elapsed_ms);
    }
}

/// Words for a next step.
pub fn step_words(s: NextStep) -> &'static str {
    match s {
        NextStep::WaitAndRetry => "Wait a few minutes, then try again.",
        NextStep::RefreshPage => "Refresh the page.",
        NextStep::ClearBrowserCache => "Clear your browser's cache.",
        NextStep::FlushDns => "Flush this computer's DNS cache.",
        NextStep::UseAlternateResolver => "Switch to a public DNS resolver.",
        NextStep::DisableVpn => "Turn off your VPN.",
        NextStep::DisableProxy => "Turn off the proxy.",
        NextStep::SignInToNetwork => "Sign in to this network (open any web page to see its sign-in page).",
        NextStep::CheckConnection => "Check your cable or Wi-Fi connection.",
        NextStep::RestartRouter => "Restart your router.",
        NextStep::TryOtherNetwork => "Try another network, such as your phone's hotspot.",
        NextStep::ContactIsp => "Contact your internet provider.",
        NextStep::ContactSiteOwner => "Tell the website's owner.",
        NextStep::WatchUntilBack => "Let Site Doctor watch the site until it is back.",
        NextStep::SetClockAutomatically => "Set your computer's clock automatically.",
        NextStep::RemoveHostsEntry => "Remove the site's line from the hosts file.",
        NextStep::AskNetworkAdmin => "Ask whoever runs this network (filter, VPN or company IT).",
    }
}

/// The human report: verdict, checks with marks and times, next steps.
pub fn human(d: &Diagnosis) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "\n{}\n", d.summary);
    for c in &d.checks {
        let ev = evidence(c);
        let _ = writeln!(out, "  {} {:<44} {:>6} ms  {}", mark(c.status), label(c), c.elapsed_ms, ev);
    }
    if !d.next_steps.is_empty() {
        let _ = writeln!(out, "\nWhat you can do:");
        for (i, s) in d.next_steps.iter().enumerate() {
            let _ = writeln!(out, "  {}. {}", i + 1, step_words(*s));
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
    let _ = writeln!(out, "\nEvidence:");
    for c in &d.checks {
        let _ = writeln!(out, "- [{}] {} ({} ms): {}", mark(c.status), label(c), c.elapsed_ms, evidence(c));
        if let Some(m) = &c.detail.message {
            let _ = writeln!(out, "    {m}");
        }
    }
    out
}

/// The contract's snake_case code of an enum value.
fn code<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|j| j.as_str().map(str::to_owned)).unwrap_or_default()
}
