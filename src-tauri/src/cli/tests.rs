//! The command line's parsing: every existing form still accepted, mistakes exit 2.

use super::*;
use std::time::Duration;

fn args(list: &[&str]) -> Vec<OsString> {
    list.iter().map(OsString::from).collect()
}

fn check_args(list: &[&str]) -> Option<CheckArgs> {
    match parse(&args(list)).ok()?.command {
        Command::Check(a) => Some(a),
        _ => None,
    }
}

#[test]
fn options_parse() {
    let a = check_args(&["check", "example.com", "--json", "--no-vantage", "--deadline", "3"]).expect("valid");
    assert_eq!(
        (a.site.as_str(), a.output(), a.no_vantage, a.deadline),
        ("example.com", Output::Json, true, Duration::from_secs(3))
    );
    // Both spellings of a value, and options before the site.
    let a = check_args(&["check", "--deadline=2.5", "example.com"]).expect("valid");
    assert_eq!((a.deadline, a.output()), (Duration::from_millis(2500), Output::Human));
    assert_eq!(check_args(&["check", "x.test"]).map(|a| a.deadline), Some(site_doctor_engine::DEFAULT_DEADLINE));
}

#[test]
fn report_options_parse() {
    let a = check_args(&["check", "example.com", "--report=md", "--no-redact"]).expect("valid");
    assert_eq!((a.output(), a.no_redact), (Output::Report(ReportFormat::Markdown), true));
    let a = check_args(&["check", "example.com", "--report"]).expect("valid");
    assert_eq!((a.output(), a.no_redact), (Output::Report(ReportFormat::Text), false));
    let a = check_args(&["check", "example.com", "--report=markdown"]).expect("valid");
    assert_eq!(a.output(), Output::Report(ReportFormat::Markdown));
    assert_eq!(parse_offset("+0100"), Some(60));
    assert_eq!(parse_offset("-0530"), Some(-330));
    assert_eq!(parse_offset("UTC"), None);
}

#[test]
fn usage_errors_exit_2() {
    for bad in [
        &["check"][..],
        &["check", "a", "b"],
        &["check", "a", "--deadline", "soon"],
        &["check", "a", "--deadline", "0.1"],
        &["check", "a", "--bogus"],
        &["check", "a", "--jsno"],
        &["check", "a", "--json", "--report"],
        &["check", "a", "--report=pdf"],
        &["check", "a", "--no-redact"],
        &["chek", "a"],
        &["--bogus"],
    ] {
        assert_eq!(parse(&args(bad)).err(), Some(EXIT_USAGE), "{bad:?}");
    }
    assert_eq!(main(&args(&["check", "javascript:alert(1)"])), EXIT_USAGE);
    assert_eq!(main(&args(&["check", ""])), EXIT_USAGE);
}

#[test]
fn help_and_version_exit_0() {
    for ok in [&["--help"][..], &["-h"], &["--version"], &["-V"], &["check", "--help"], &["fix", "-h"], &["help"]] {
        assert_eq!(parse(&args(ok)).err(), Some(0), "{ok:?}");
    }
}

#[test]
fn the_window_opens_for_nothing_or_an_address_only() {
    for window in [&[][..], &["example.com"], &["https://example.com/"], &["localhost"], &["-psn_0_1234"]] {
        assert!(!wants_cli(&args(window)), "{window:?}");
    }
    for cli in [&["check", "x.test"][..], &["chek"], &["--verison"], &["-h"], &["fix"], &["help"]] {
        assert!(wants_cli(&args(cli)), "{cli:?}");
    }
}

/// `site-doctor check --report` (and `--report=md`) and the window's "Copy for help desk" (the
/// `render_report` command, with the request `ui/src/lib/handoff.ts` builds: the catalogue's
/// English words, everything hidden, the browser's UTC offset) give the same bytes for one run.
/// The run is a saved diagnosis, so its time and incident id are the same input to both.
#[test]
fn the_cli_report_and_the_window_s_copy_are_the_same_bytes() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("engine/tests/reports");
    let words = site_doctor_engine::text::shared_with_catalogue();
    for name in ["origin_502", "origin_502_local", "cert_expired", "proxy"] {
        let saved = std::fs::read_to_string(dir.join(format!("{name}.json"))).expect("fixture");
        let saved: serde_json::Value = serde_json::from_str(&saved).expect("json");
        let diagnosis: Diagnosis = serde_json::from_value(saved["diagnosis"].clone()).expect("diagnosis");
        for (flag, format) in [("--report", "text"), ("--report=md", "markdown")] {
            let args = check_args(&["check", "example.com", flag]).expect("valid");
            let Output::Report(cli_format) = args.output() else { panic!("{flag} is a report") };
            let cli = report(&args, &diagnosis, cli_format, Some(60));
            // As the window sends it over IPC (handoff.ts `reportRequest`).
            let request = serde_json::json!({
                "diagnosis": saved["diagnosis"],
                "tried": [],
                "format": format,
                "redact": { "my_addresses": true, "mac": true, "hostname": true, "username_and_home": true, "url_query": true },
                "words": words,
                "utc_offset_minutes": 60,
            });
            let request = serde_json::from_value(request).expect("request");
            let window = tauri::async_runtime::block_on(crate::commands::report::render_report(request))
                .unwrap_or_else(|e| panic!("{e:?}"));
            assert!(cli == window, "{name} {flag}: the CLI and the window differ:\n{cli}\n---\n{window}");
            assert!(cli.contains("Incident:") || cli.contains("**Incident:**"), "{cli}");
        }
    }
}
