//! The help-desk report: snapshots of fixed runs in both formats (`tests/reports/<name>.json` in,
//! `<name>.txt` and `<name>.md` out; `UPDATE_SNAPSHOTS=1` rewrites them), and what each must say.

use std::collections::HashMap;
use std::path::PathBuf;

use site_doctor_engine::report::{incident_id, render_with};
use site_doctor_engine::{Diagnosis, Machine, Redaction, ReportFormat, ReportRequest};

/// `origin_502_local` is the same 502 seen from here only (no other place asked): "likely".
const FIXTURES: &[&str] = &["origin_502", "origin_502_local", "dns_servfail", "proxy", "cert_expired"];

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/reports")
}

/// The computer the snapshots were "taken" on: fixed, so they do not depend on this one.
fn machine() -> Machine {
    Machine {
        os: "Ubuntu 24.04 (kernel 6.8.0-49-generic)".into(),
        app_version: "0.1.0".into(),
        hostname: Some("alice-laptop".into()),
        username: Some("alice".into()),
        home: Some("/home/alice".into()),
    }
}

fn request(name: &str) -> ReportRequest {
    let path = dir().join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text with its line breaks and padding made single spaces, to find a wrapped sentence.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn render(name: &str, format: ReportFormat) -> String {
    let mut req = request(name);
    req.format = format;
    render_with(&req, &machine())
}

#[test]
fn snapshots_match() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut stale = Vec::new();
    for name in FIXTURES {
        for (format, ext) in [(ReportFormat::Text, "txt"), (ReportFormat::Markdown, "md")] {
            let got = render(name, format);
            let path = dir().join(format!("{name}.{ext}"));
            if update {
                std::fs::write(&path, &got).expect("write snapshot");
            }
            if std::fs::read_to_string(&path).unwrap_or_default() != got {
                stale.push(format!("{name}.{ext}:\n{got}"));
            }
        }
    }
    assert!(stale.is_empty(), "reports changed (UPDATE_SNAPSHOTS=1 to accept):\n{}", stale.join("\n"));
}

#[test]
fn every_line_fits_80_columns() {
    for name in FIXTURES {
        for format in [ReportFormat::Text, ReportFormat::Markdown] {
            for line in render(name, format).lines() {
                assert!(line.chars().count() <= 80, "{name} {format:?}: {} columns: {line}", line.chars().count());
                assert_eq!(line, line.trim_end(), "{name}: trailing blanks");
            }
        }
    }
}

#[test]
fn origin_502_says_who_to_tell_and_what() {
    let r = render("origin_502", ReportFormat::Text);
    let id = incident_id(&request("origin_502").diagnosis);
    assert!(id.len() == 12 && id.starts_with("SD-") && id.as_bytes()[7] == b'-', "{id}");
    assert!(id.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'), "{id}");
    for want in [
        format!("Incident:        {id}"),
        "When:            2026-11-21 15:00:00 (UTC+01:00) = 2026-11-21 14:00:00 UTC".into(),
        "Site:            https://shop.example.com/cart?[query]#[fragment]".into(),
        "Result:          It's not you: shop.example.com is down for everyone. Its".into(),
        "- The site answered HTTP 502 at 198.51.100.20:443.".into(),
        "- 0 of 3 other places loaded it.".into(),
        "The site's host (Cloudflare), or whoever runs shop.example.com.".into(),
        "- the error: HTTP 502 from Cloudflare".into(),
        "- when: 2026-11-21 14:00:00 UTC".into(),
        "- cf-ray: 8c1e2f3a4b5c6d7e-AMS".into(),
        "Codes: verdict=down_for_everyone, culprit=origin, confidence=confirmed".into(),
        "      times (ms): dns 14, connect 21, tls 35, first byte 104, total 160".into(),
        "      Frankfurt, DE, AS64500: HTTP 502 at 198.51.100.20 (131 ms)".into(),
        "      adapter wlp2s0 (wifi): [my-ip-1]/24, [my-ip-2]/64, mtu 1500".into(),
        "      route ipv4 via 192.168.1.1 dev wlp2s0 src [my-ip-1]".into(),
        "      tls: TLSv1_3; subject CN=shop.example.com; issuer C=US, O=Example Trust".into(),
        "System: Ubuntu 24.04 (kernel 6.8.0-49-generic)".into(),
        "Site Doctor: 0.1.0".into(),
    ] {
        assert!(r.contains(&want), "missing {want:?} in:\n{r}");
    }
    for secret in ["192.168.1.23", "fe80::8e16:45ff:fe3a:1b2c", "f00dcafe", "ref=mail", "#pay"] {
        assert!(!r.contains(secret), "{secret} leaked:\n{r}");
    }
    // Loopback, the router and the public resolver are not the user's.
    for kept in ["127.0.0.1/8", "192.168.1.1:53", "1.1.1.1:53"] {
        assert!(r.contains(kept), "{kept} should stay");
    }
    let open = render_with(&ReportRequest { redact: Redaction::NONE, ..request("origin_502") }, &machine());
    assert!(open.contains("192.168.1.23") && open.contains("session=f00dcafe"), "{open}");
    assert!(open.contains(&format!("Incident:        {id}")), "redaction must not change the id");
}

/// The headline claims no more than the confidence, as the window's does: "down for everyone"
/// in full only when other places confirmed it; translated, from the same `probably.*` keys.
#[test]
fn down_for_everyone_unconfirmed_says_probably() {
    let r = flat(&render("origin_502_local", ReportFormat::Text));
    assert!(
        r.contains(
            "Result: It's probably not you: shop.example.com seems to be down for everyone. Its server is having"
        ),
        "{r}"
    );
    assert!(r.contains("Summary: Probably: shop.example.com is down for everyone"), "{r}");
    assert!(!r.contains("It's not you"), "{r}");
    assert!(flat(&render("origin_502", ReportFormat::Text)).contains("Result: It's not you: shop.example.com is down"));
    let mut req = request("origin_502_local");
    req.words = Some(HashMap::from([
        ("sentence.down_for_everyone.origin".to_owned(), "Nicht bei Ihnen: {host} ist für alle gestört.".to_owned()),
        ("probably.down_for_everyone.origin".to_owned(), "Wahrscheinlich nicht bei Ihnen: {host}.".to_owned()),
    ]));
    let r = render_with(&req, &machine());
    assert!(r.contains("Wahrscheinlich nicht bei Ihnen: shop.example.com.") && !r.contains("Nicht bei Ihnen"), "{r}");
}

#[test]
fn steps_tried_show_before_after_and_what_ran() {
    let r = render("dns_servfail", ReportFormat::Text);
    for want in [
        "1. Make your computer forget old addresses: not fixed",
        "   Before: just_you, dns_resolver, confirmed",
        "   After: just_you, dns_resolver, confirmed",
        "   Site Doctor ran: flush_dns done",
        "   $ dbus org.freedesktop.resolve1.Manager.FlushCaches (ok)",
        "2. Use a public address book (DNS): fixed it",
        "   Site Doctor ran: switch_resolver done (adapter wlp2s0, cloudflare)",
        "- This computer's DNS (10.0.0.1:53): The address lookup service failed.",
        "- Public DNS found it: 1.1.1.1, 9.9.9.9.",
        "When:            2026-11-21 04:15:30 (UTC-05:00) = 2026-11-21 09:15:30 UTC",
        "message: SERVFAIL from 10.0.0.1:53 for news.example.org (asked from\n          [my-ip-1])",
        "x-request-id: 3f9a0c1e-77b2-4f0e-9d1a-5b2c7e8d9f00",
    ] {
        assert!(r.contains(want), "missing {want:?} in:\n{r}");
    }
    // Steps already tried are not suggested again; who can fix it is for sites down for all.
    assert!(r.contains("- Restart your router and modem.") && !r.contains("- Clear the addresses"), "{r}");
    assert!(!r.contains("Who can fix it"), "{r}");
}

#[test]
fn proxy_and_certificate_facts() {
    let r = render("proxy", ReportFormat::Text);
    assert!(r.contains("- HTTPS_PROXY sends web traffic through http://proxy.corp.example:3128."), "{r}");
    assert!(r.contains("Proxy: HTTPS_PROXY = http://proxy.corp.example:3128"), "{r}");
    assert!(flat(&r).contains("It's your connection: your proxy is blocking intranet.example.com."), "{r}");
    let r = render("cert_expired", ReportFormat::Text);
    for want in [
        "Whoever runs old.example.net: the site's owner or its web host.",
        "- the error: The site's security certificate has expired (tls_expired)",
        "Certificate problem: tls_expired, issuer C=US, O=Let's Encrypt, CN=R11, valid",
        "      Amsterdam, NL: SSL certificate problem: certificate has expired",
    ] {
        assert!(r.contains(want), "missing {want:?} in:\n{r}");
    }
}

#[test]
fn markdown_escapes_data_and_fences_the_appendix() {
    let r = render("origin_502", ReportFormat::Markdown);
    assert!(r.starts_with("# Site Doctor report\n"), "{r}");
    assert!(r.contains("- **Site:** https://shop.example.com/cart?\\[query\\]\\#\\[fragment\\]"), "{r}");
    assert!(r.contains("## Technical details (in English)\n\n```text\n"), "{r}");
    assert!(r.trim_end().ends_with("```"), "{r}");
}

#[test]
fn translated_words_replace_the_english_by_key() {
    let mut req = request("origin_502");
    req.words = Some(HashMap::from([
        ("helpdesk.when".to_owned(), "Wann".to_owned()),
        ("sentence.down_for_everyone.origin".to_owned(), "Nicht bei dir: {host} ist für alle gestört.".to_owned()),
        ("nextStep.wait_and_retry".to_owned(), "Warte ein paar Minuten.".to_owned()),
    ]));
    let r = render_with(&req, &machine());
    assert!(r.contains("Wann:") && r.contains("Nicht bei dir: shop.example.com ist für alle gestört."), "{r}");
    assert!(r.contains("- Warte ein paar Minuten."), "{r}");
    // The appendix stays English.
    assert!(r.contains("Technical details (in English)"), "{r}");
}

#[test]
fn the_incident_id_is_the_run_s_own_unless_given() {
    let ids: Vec<String> = FIXTURES.iter().map(|n| incident_id(&request(n).diagnosis)).collect();
    let unique: std::collections::HashSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    let mut d: Diagnosis = request("origin_502").diagnosis;
    let before = incident_id(&d);
    d.elapsed_ms += 1;
    assert_ne!(incident_id(&d), before, "another run, another id");
    let req = ReportRequest { incident: Some("SD-0000-0001".into()), ..request("proxy") };
    assert!(render_with(&req, &machine()).contains("Incident:        SD-0000-0001"));
}

#[test]
fn the_window_words_the_local_time_in_its_language_and_utc_stays_beside_it() {
    let local = Some("21. November 2026 um 15:00".to_owned());
    let req = ReportRequest { local_time: local.clone(), utc_offset_minutes: Some(60), ..request("origin_502") };
    let text = flat(&render_with(&req, &machine()));
    assert!(text.contains("21. November 2026 um 15:00 = "), "{text}");
    assert!(text.contains(" UTC"), "the UTC time stays: {text}");
    // Where local time is UTC, UTC alone, as the CLI prints it: the same bytes for the same run.
    let utc = ReportRequest { local_time: local, utc_offset_minutes: Some(0), ..request("origin_502") };
    let plain = ReportRequest { utc_offset_minutes: Some(0), ..request("origin_502") };
    assert_eq!(render_with(&utc, &machine()), render_with(&plain, &machine()));
    let long =
        ReportRequest { local_time: Some("x".repeat(500)), utc_offset_minutes: Some(60), ..request("origin_502") };
    assert!(!render_with(&long, &machine()).contains(&"x".repeat(101)), "at most 100 characters");
}

#[test]
fn json_is_the_redacted_diagnosis() {
    let r = render("dns_servfail", ReportFormat::Json);
    let d: Diagnosis = serde_json::from_str(&r).expect("a diagnosis");
    assert_eq!(
        d.checks[0].detail.interfaces.as_ref().map(|i| i[0].addresses.clone()),
        Some(vec!["[my-ip-1]/24".to_owned(), "[my-ip-2]/64".to_owned()])
    );
    assert!(!r.contains("10.0.0.57") && r.contains("10.0.0.1:53"), "{r}");
}

/// The report's English is the window's: every report key the catalogue also has reads the same
/// in `ui/src/lib/catalogue/en.ts` (keys only the report has are its own until the window adds
/// them).
#[test]
fn report_words_match_the_window_catalogue() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/catalogue/en.ts");
    let Ok(en) = std::fs::read_to_string(&path) else {
        panic!("{} is missing", path.display());
    };
    let mut compared = 0;
    for (key, english) in site_doctor_engine::text::report_words() {
        let Some((section, sub)) = key.split_once('.') else { continue };
        let Some(start) = en.find(&format!("\n  {section}: {{\n")) else { continue };
        let block = &en[start..];
        let block = &block[..block.find("\n  }").unwrap_or(block.len())];
        let line = block.lines().find(|l| {
            let l = l.trim_start();
            l.starts_with(&format!("{sub}: \"")) || l.starts_with(&format!("\"{sub}\": \""))
        });
        let Some(line) = line else { continue };
        let value = line.split_once(": \"").map(|(_, v)| v.trim_end_matches(',').trim_end_matches('"')).unwrap_or("");
        assert_eq!(value, english, "{key}");
        compared += 1;
    }
    assert!(compared >= 50, "only {compared} keys found in en.ts");
}

/// docs/cli.md shows the 502 snapshot as its example: it must be the real output.
#[test]
fn the_documented_example_is_the_snapshot() {
    let docs = std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/cli.md"))
        .expect("docs/cli.md");
    assert!(docs.contains(&render("origin_502", ReportFormat::Text)), "update the example in docs/cli.md");
}

#[test]
fn the_os_answer_shows_beside_the_first_server_s_when_they_differ() {
    let mut req = request("dns_servfail");
    req.diagnosis.evidence.resolvers.push(site_doctor_engine::ResolverAnswer {
        check: site_doctor_engine::CheckId::DnsOs,
        subject: None,
        answers: vec!["198.51.100.7".into()],
        error: None,
    });
    let r = flat(&render_with(&req, &machine()));
    assert!(
        r.contains("Your browser's lookup (the OS) gives 198.51.100.7; the first DNS server gives no address."),
        "{r}"
    );
}
