//! The technical appendix: everything the run found, in English, for whoever digs deeper (a
//! help desk's second line, the site's host). Always English: it is quoted to other people.

use super::Machine;
use super::body::{Words, code_of};
use super::layout::Block;
use crate::diagnosis::Diagnosis;
use crate::finding::{Check, Phases, Status};

pub(super) fn blocks(d: &Diagnosis, machine: &Machine, w: &Words) -> Vec<Block> {
    let heading = w.get("helpdesk.appendix").trim_end().trim_end_matches(':').to_owned();
    vec![Block::Heading(heading), Block::Pre(lines(d, machine))]
}

fn lines(d: &Diagnosis, machine: &Machine) -> Vec<String> {
    let e = &d.evidence;
    let mut out = vec![
        format!(
            "Codes: verdict={}, culprit={}, confidence={}",
            code_of(&d.verdict),
            code_of(&d.culprit),
            code_of(&d.confidence)
        ),
        format!("Started: {} (took {} ms)", d.started_at, d.elapsed_ms),
        format!("Typed: {}", d.target.input),
        format!("Target: {} (host {}, port {})", d.target.url, d.target.host, d.target.port),
        // The engine's summary words the outcome, not the confidence: hedged like the headline.
        if super::body::hedged(d) {
            format!("Summary: Probably: {}", d.summary)
        } else {
            format!("Summary: {}", d.summary)
        },
    ];
    if let Some(a) = &e.answer {
        let mut parts = Vec::new();
        parts.extend(a.status_code.map(|c| format!("HTTP {c}")));
        parts.extend(a.error.map(|c| format!("error {}", code_of(&c))));
        parts.extend(a.address.as_ref().map(|x| format!("at {x}")));
        if let Some(by) = &a.served_by {
            let role = if by.gateway { "in front of the site" } else { "the site's server" };
            parts.push(format!("served by {} ({role})", by.name));
        }
        match a.gateway_error {
            Some(true) => parts.push("error page is the gateway's own".into()),
            Some(false) => parts.push("error page is the site's own".into()),
            None => {}
        }
        parts.extend(a.server.as_ref().map(|s| format!("Server header: {s}")));
        out.push(format!("Answer: {}", parts.join(", ")));
        if !a.request_ids.is_empty() {
            out.push("Request ids:".into());
            out.extend(a.request_ids.iter().map(|r| format!("  {}: {}", r.header, r.value)));
        }
    }
    out.push(format!("Addresses the browser would use: {}", list(&e.addresses)));
    if !e.resolvers.is_empty() {
        out.push("Resolvers:".into());
        for r in &e.resolvers {
            let who = r.subject.as_deref().map(|s| format!(" {s}")).unwrap_or_default();
            let said = match r.error {
                Some(c) => format!("{} ({})", code_of(&c), list(&r.answers)),
                None => list(&r.answers),
            };
            out.push(format!("  {}{who}: {said}", r.check));
        }
    }
    if !e.working_resolvers.is_empty() {
        out.push(format!("Public resolvers that found it: {}", e.working_resolvers.join(", ")));
    }
    if let Some(h) = &e.hosts_file {
        out.push(format!("Hosts file: {} gives {}", h.path, list(&h.addresses)));
    }
    out.push(format!("VPN: {}", e.vpn.as_deref().unwrap_or("none found")));
    out.push(match &e.proxy {
        Some(p) => format!(
            "Proxy: {} = {}",
            p.variable.as_deref().unwrap_or("(setting)"),
            p.url.as_deref().unwrap_or("(no URL)")
        ),
        None => "Proxy: none found".into(),
    });
    if let Some(t) = &e.tls {
        let mut s = format!("Certificate problem: {}", code_of(&t.error));
        s.extend(t.issuer.as_ref().map(|i| format!(", issuer {i}")));
        s.extend(t.not_after.as_ref().map(|n| format!(", valid until {n}")));
        out.push(s);
    }
    out.extend(e.loss_percent.map(|p| format!("Lost small DNS questions: {p} %")));
    out.extend(e.elsewhere.map(|t| format!("Places elsewhere that loaded it: {} of {}", t.loaded, t.total)));
    if e.internet_unreachable {
        out.push("Internet beyond this network: no answer".into());
    }
    if let Some(o) = &e.owner {
        out.push(format!("Owner's checks: intermittent={}", o.intermittent));
        for r in &o.routes {
            let mut s = format!("  route {} at {}: {} of {} failed", r.path, r.address, r.failed, r.requests);
            s.push_str(&format!(" ({} %, {}): {}", r.failure_percent, code_of(&r.pattern), r.sequence));
            out.push(s);
            if let (Some(first), Some(last)) = (&r.first_failure, &r.last_failure) {
                out.push(format!("    failures seen from {first} to {last}"));
            }
            out.extend(r.request_ids.iter().map(|id| format!("    {}: {}", id.header, id.value)));
        }
        for c in &o.origin {
            out.push(format!("  origin {} {}: {}", c.origin, c.path, code_of(&c.reading)));
        }
    }
    out.push("Checks:".into());
    for c in &d.checks {
        check_lines(c, &mut out);
    }
    out.push(format!("System: {}", if machine.os.is_empty() { "unknown" } else { &machine.os }));
    out.push(format!("Site Doctor: {}", machine.app_version));
    out
}

fn list(items: &[String]) -> String {
    if items.is_empty() { "none".into() } else { items.join(", ") }
}

fn mark(s: Status) -> &'static str {
    match s {
        Status::Pass => "pass",
        Status::Warn => "warn",
        Status::Fail => "FAIL",
        Status::Skipped => "skip",
    }
}

fn phases(p: &Phases) -> String {
    let all = [
        ("dns", p.dns_ms),
        ("connect", p.connect_ms),
        ("proxy", p.proxy_ms),
        ("tls", p.tls_ms),
        ("first byte", p.first_byte_ms),
        ("total", p.total_ms),
    ];
    all.iter().filter_map(|(n, v)| v.map(|v| format!("{n} {v}"))).collect::<Vec<_>>().join(", ")
}

/// One check: its id, subject, status and time, then each piece of evidence on its own line.
fn check_lines(c: &Check, out: &mut Vec<String>) {
    let subject = c.subject.as_deref().map(|s| format!(" {s}")).unwrap_or_default();
    out.push(format!("  [{}] {}{subject} ({} ms)", mark(c.status), c.id, c.elapsed_ms));
    let d = &c.detail;
    let mut put = |s: String| out.push(format!("      {s}"));
    if let Some(e) = d.error {
        put(format!("error: {}", code_of(&e)));
    }
    if let Some(s) = &d.server {
        put(format!("server asked: {s}"));
    }
    if let Some(a) = &d.answers {
        put(format!("answers: {}", list(a)));
    }
    if let Some(a) = &d.address {
        put(format!("address: {a}"));
    }
    if let Some(u) = &d.url {
        put(format!("url: {u}"));
    }
    if let Some(code) = d.status_code {
        put(format!("HTTP {code}"));
    }
    if let Some(p) = d.phases.as_ref().map(phases).filter(|p| !p.is_empty()) {
        put(format!("times (ms): {p}"));
    }
    if let Some(by) = &d.served_by {
        let page = match d.gateway_error {
            Some(true) => ", the gateway's own error page",
            Some(false) => ", the site's own error page",
            None => "",
        };
        put(format!("served by: {by}{page}"));
    }
    for (k, v) in d.headers.iter().flatten() {
        put(format!("{k}: {v}"));
    }
    if let Some(t) = &d.tls {
        let mut facts = Vec::new();
        facts.extend(t.version.clone());
        facts.extend(t.subject.as_ref().map(|s| format!("subject {s}")));
        facts.extend(t.issuer.as_ref().map(|s| format!("issuer {s}")));
        if !t.names.is_empty() {
            facts.push(format!("names {}", t.names.join(" ")));
        }
        facts.extend(t.not_after.as_ref().map(|s| format!("valid until {s}")));
        put(format!("tls: {}", facts.join("; ")));
    }
    if let Some(b) = d.body_bytes {
        put(format!("body: {b} bytes"));
    }
    if let Some(l) = d.loss_percent {
        put(format!("lost: {l} %"));
    }
    if let Some(v) = &d.variable {
        put(format!("setting: {v}"));
    }
    if let Some(p) = &d.proxy {
        let status = d.proxy_status.map(|s| format!(" (answered {s})")).unwrap_or_default();
        put(format!("proxy: {p}{status}"));
    }
    for i in d.interfaces.iter().flatten() {
        let mtu = i.mtu.map(|m| format!(", mtu {m}")).unwrap_or_default();
        put(format!("adapter {} ({}): {}{mtu}", i.name, code_of(&i.kind), list(&i.addresses)));
    }
    for r in d.routes.iter().flatten() {
        let mut s = format!("route {}", code_of(&r.family));
        s.extend(r.gateway.as_ref().map(|g| format!(" via {g}")));
        s.extend(r.interface.as_ref().map(|i| format!(" dev {i}")));
        s.extend(r.source.as_ref().map(|x| format!(" src {x}")));
        if r.tunnel {
            s.push_str(" (tunnel)");
        }
        put(s);
    }
    if let Some(s) = &d.dns_servers {
        put(format!("dns servers: {}", list(s)));
    }
    for h in d.redirects.iter().flatten() {
        let mut s = format!("redirect: {}", h.url);
        s.extend(h.status_code.map(|c| format!(" HTTP {c}")));
        s.extend(h.location.as_ref().map(|l| format!(" -> {l}")));
        s.extend(h.error.map(|e| format!(" error {}", code_of(&e))));
        put(s);
    }
    for p in d.vantage.iter().flatten() {
        let mut s = format!("{}:", p.location);
        s.extend(p.status_code.map(|c| format!(" HTTP {c}")));
        s.extend(p.error.as_ref().map(|e| format!(" {e}")));
        s.extend(p.address.as_ref().map(|a| format!(" at {a}")));
        s.extend(p.total_ms.map(|t| format!(" ({t} ms)")));
        if p.tls_authorized == Some(false) {
            s.push_str(" certificate refused");
        }
        put(s);
    }
    for s in d.samples.iter().flatten() {
        let mut line = format!("request at {}:", s.at);
        line.extend(s.status_code.map(|c| format!(" HTTP {c}")));
        line.extend(s.error.map(|e| format!(" error {}", code_of(&e))));
        line.extend(s.request_id.as_ref().map(|r| format!(" ({r})")));
        put(format!("{line} ({} ms)", s.elapsed_ms));
    }
    if let Some(m) = &d.message {
        put(format!("message: {m}"));
    }
}
