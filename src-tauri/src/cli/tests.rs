//! The command line's parsing: every existing form still accepted, mistakes exit 2.

use super::*;

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
