//! `site-doctor check <site>`: the engine without a window, for terminals, scripts and help desks.
//! Exit codes and output follow `docs/cli.md`.

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use site_doctor_engine::{
    Config, Diagnosis, Redaction, ReportFormat, ReportRequest, RunOptions, Target, Verdict, diagnose,
};

mod fix;
mod text;

const USAGE: &str = "usage: site-doctor check <site> [--json | --report[=md]] [--no-redact] [--config <file>] [--no-vantage] \
                     [--deadline <seconds>]";

/// Exit status for bad input or usage.
pub const EXIT_USAGE: i32 = 2;
/// Exit status for our own failure.
pub const EXIT_INTERNAL: i32 = 1;

/// True when the arguments ask for the CLI rather than the window.
pub fn wants_cli(args: &[OsString]) -> bool {
    args.first()
        .and_then(|a| a.to_str())
        .is_some_and(|a| matches!(a, "check" | "fix" | "help" | "--help" | "-h" | "--version" | "-V"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Output {
    Human,
    Json,
    Report(ReportFormat),
}

#[derive(Debug)]
struct Args {
    site: String,
    output: Output,
    config: Option<PathBuf>,
    no_vantage: bool,
    no_redact: bool,
    deadline: Duration,
}

fn parse(args: &[OsString]) -> Result<Args, String> {
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy().into_owned());
    let (mut site, mut output, mut config, mut no_vantage, mut no_redact) = (None, Output::Human, None, false, false);
    let mut deadline = site_doctor_engine::DEFAULT_DEADLINE;
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--json" if output == Output::Human => output = Output::Json,
            "--report" | "--report=text" if output == Output::Human => output = Output::Report(ReportFormat::Text),
            "--report=md" | "--report=markdown" if output == Output::Human => {
                output = Output::Report(ReportFormat::Markdown)
            }
            "--json" | "--report" | "--report=text" | "--report=md" | "--report=markdown" => {
                return Err("use one of --json and --report, once".into());
            }
            s if s.starts_with("--report=") => return Err(format!("{s}: the report is `text` or `md`")),
            "--no-vantage" => no_vantage = true,
            "--no-redact" => no_redact = true,
            "--config" => config = Some(PathBuf::from(it.next().ok_or("--config needs a file name")?)),
            "--deadline" => {
                let v = it.next().ok_or("--deadline needs a number of seconds")?;
                let secs: f64 = v.parse().map_err(|_| format!("--deadline expects seconds, like 15, not `{v}`"))?;
                if !(0.5..=600.0).contains(&secs) {
                    return Err("--deadline must be between 0.5 and 600 seconds".into());
                }
                deadline = Duration::from_secs_f64(secs);
            }
            s if s.starts_with("--") => return Err(format!("unknown option {s}")),
            _ if site.is_some() => return Err("give one site at a time".into()),
            _ => site = Some(arg),
        }
    }
    let site = site.ok_or("which site should be checked? For example: site-doctor check example.com")?;
    if no_redact && !matches!(output, Output::Report(_)) {
        return Err("--no-redact goes with --report".into());
    }
    Ok(Args { site, output, config, no_vantage, no_redact, deadline })
}

/// Runs the CLI and returns the process exit status.
pub fn main(args: &[OsString]) -> i32 {
    match args.first().and_then(|a| a.to_str()) {
        Some("--version" | "-V") => {
            println!("site-doctor {}", env!("CARGO_PKG_VERSION"));
            return 0;
        }
        Some("check") => {}
        Some("fix") => return fix::run(args, &mut std::io::stdout().lock()),
        _ => {
            println!("Site Doctor: is a website down for everyone, or just for you?\n\n{USAGE}\n{}", fix::USAGE);
            return 0;
        }
    }
    let args = match parse(args) {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("site-doctor: {msg}\n{USAGE}");
            return EXIT_USAGE;
        }
    };
    let target = match Target::parse(&args.site) {
        Ok(t) => t,
        Err(reason) => {
            eprintln!("{reason}");
            return EXIT_USAGE;
        }
    };
    let mut config =
        match Config::locate(args.config.clone()).map(|p| Config::load(&p)).unwrap_or_else(|| Ok(Config::default())) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("site-doctor: {e}");
                return EXIT_USAGE;
            }
        };
    if args.no_vantage {
        config.vantage_enabled = false;
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("site-doctor: cannot start: {e}");
            return EXIT_INTERNAL;
        }
    };
    // The OS proxy setting (GNOME, KDE, macOS, Windows), for `site.proxy` when no variable sets one.
    let os_proxy = site_doctor_fix::detect::os_proxy_for_engine();
    let result = runtime.block_on(async {
        let opts = RunOptions { deadline: args.deadline, os_proxy, ..RunOptions::default() };
        let cancel = opts.cancel.clone();
        // Ctrl-C cancels the run cleanly instead of killing it mid-probe.
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                cancel.cancel();
            }
        });
        let quiet = args.output != Output::Human;
        diagnose(target, &config, opts, move |e| {
            if !quiet {
                text::progress(&e);
            }
        })
        .await
    });
    // Dropping the runtime promptly: nothing the run started may linger.
    runtime.shutdown_timeout(Duration::from_millis(200));
    let diagnosis = match result {
        Ok(d) => d,
        Err(e) => {
            eprintln!("site-doctor: {e}");
            return 130;
        }
    };
    match args.output {
        Output::Json => match serde_json::to_string_pretty(&diagnosis) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("site-doctor: {e}");
                return EXIT_INTERNAL;
            }
        },
        Output::Report(format) => {
            let request = ReportRequest {
                format,
                redact: if args.no_redact { Redaction::NONE } else { Redaction::default() },
                utc_offset_minutes: local_offset_minutes(),
                ..ReportRequest::new(diagnosis.clone())
            };
            print!("{}", site_doctor_engine::report::render(&request));
        }
        Output::Human => print!("{}", text::human(&diagnosis)),
    }
    exit_code(&diagnosis)
}

/// This computer's offset from UTC now, in minutes east, for the report's local time. Asked of
/// `date` because the time zone rules live with the OS (and `time`'s own lookup refuses to run
/// in a multi-threaded process); on Windows, and whenever it fails, the report shows UTC only.
fn local_offset_minutes() -> Option<i32> {
    if !cfg!(unix) {
        return None;
    }
    let out = std::process::Command::new("date").arg("+%z").output().ok()?;
    parse_offset(String::from_utf8_lossy(&out.stdout).trim())
}

/// `+0100`, `-0530` as minutes east of UTC.
fn parse_offset(s: &str) -> Option<i32> {
    let (sign, digits) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m): (i32, i32) = (digits[..2].parse().ok()?, digits[2..].parse().ok()?);
    Some(sign * (h * 60 + m))
}

/// The contract's exit status for a verdict.
pub fn exit_code(d: &Diagnosis) -> i32 {
    match d.verdict {
        Verdict::Up => 0,
        Verdict::Degraded => 10,
        Verdict::JustYou => 11,
        Verdict::DownForEveryone => 12,
        Verdict::Inconclusive => 13,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn options_parse() {
        let a = parse(&args(&["check", "example.com", "--json", "--no-vantage", "--deadline", "3"])).expect("valid");
        assert_eq!(
            (a.site.as_str(), a.output, a.no_vantage, a.deadline),
            ("example.com", Output::Json, true, Duration::from_secs(3))
        );
    }

    #[test]
    fn report_options_parse() {
        let a = parse(&args(&["check", "example.com", "--report=md", "--no-redact"])).expect("valid");
        assert_eq!((a.output, a.no_redact), (Output::Report(ReportFormat::Markdown), true));
        let a = parse(&args(&["check", "example.com", "--report"])).expect("valid");
        assert_eq!((a.output, a.no_redact), (Output::Report(ReportFormat::Text), false));
        assert_eq!(parse_offset("+0100"), Some(60));
        assert_eq!(parse_offset("-0530"), Some(-330));
        assert_eq!(parse_offset("UTC"), None);
    }

    #[test]
    fn usage_errors_are_sentences() {
        for bad in [
            &["check"][..],
            &["check", "a", "b"],
            &["check", "a", "--deadline", "soon"],
            &["check", "a", "--bogus"],
            &["check", "a", "--json", "--report"],
            &["check", "a", "--report", "--report=md"],
            &["check", "a", "--report=pdf"],
            &["check", "a", "--no-redact"],
        ] {
            assert!(parse(&args(bad)).is_err(), "{bad:?}");
        }
        assert_eq!(main(&args(&["check", "javascript:alert(1)"])), EXIT_USAGE);
        assert_eq!(main(&args(&["check", ""])), EXIT_USAGE);
    }
}
