//! `site-doctor check <site>`: the engine without a window, for terminals, scripts and help desks.
//! Exit codes and output follow `docs/cli.md`.

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use site_doctor_engine::{Config, Diagnosis, RunOptions, Target, Verdict, diagnose};

mod fix;
mod text;

const USAGE: &str =
    "usage: site-doctor check <site> [--json | --report] [--config <file>] [--no-vantage] [--deadline <seconds>]";

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
    Report,
}

#[derive(Debug)]
struct Args {
    site: String,
    output: Output,
    config: Option<PathBuf>,
    no_vantage: bool,
    deadline: Duration,
}

fn parse(args: &[OsString]) -> Result<Args, String> {
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy().into_owned());
    let (mut site, mut output, mut config, mut no_vantage) = (None, Output::Human, None, false);
    let mut deadline = site_doctor_engine::DEFAULT_DEADLINE;
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--json" if output == Output::Human => output = Output::Json,
            "--report" if output == Output::Human => output = Output::Report,
            "--json" | "--report" => return Err("use either --json or --report, not both".into()),
            "--no-vantage" => no_vantage = true,
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
    Ok(Args { site, output, config, no_vantage, deadline })
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
        Output::Report => print!("{}", text::report(&diagnosis)),
        Output::Human => print!("{}", text::human(&diagnosis)),
    }
    exit_code(&diagnosis)
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
    fn usage_errors_are_sentences() {
        for bad in [
            &["check"][..],
            &["check", "a", "b"],
            &["check", "a", "--deadline", "soon"],
            &["check", "a", "--bogus"],
            &["check", "a", "--json", "--report"],
        ] {
            assert!(parse(&args(bad)).is_err(), "{bad:?}");
        }
        assert_eq!(main(&args(&["check", "javascript:alert(1)"])), EXIT_USAGE);
        assert_eq!(main(&args(&["check", ""])), EXIT_USAGE);
    }
}
