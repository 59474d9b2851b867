//! `site-doctor check <site>`: the engine without a window, for terminals, scripts and help desks.
//! Exit codes and output follow `docs/cli.md`.

use std::ffi::OsString;
use std::time::Duration;

use site_doctor_engine::owner::Origin;
use site_doctor_engine::{
    Config, Diagnosis, OwnerOptions, Redaction, ReportFormat, ReportRequest, RunOptions, Target, Verdict, diagnose,
};

mod args;
mod assets;
mod fix;
mod text;

pub use args::Cli;
use args::{CheckArgs, Command, ReportKind};
use clap::Parser;

/// Exit status for bad input or usage.
pub const EXIT_USAGE: i32 = 2;
/// Exit status for our own failure.
pub const EXIT_INTERNAL: i32 = 1;
/// Exit status of a check interrupted with Ctrl-C (128 + SIGINT, as shells report it).
pub const EXIT_INTERRUPTED: i32 = 130;

/// True when the arguments ask for the CLI rather than the window: any option or word, except
/// a web address (which opens the window, as double-clicking a link would) and macOS's `-psn_`
/// launch argument. A mistyped command is the CLI's, so clap can point at the right one.
pub fn wants_cli(args: &[OsString]) -> bool {
    let Some(first) = args.first() else { return false };
    let first = first.to_string_lossy();
    if first.starts_with("-psn_") {
        return false;
    }
    let looks_like_address = first.contains(['.', ':', '/']) || first.eq_ignore_ascii_case("localhost");
    first.starts_with('-') || !looks_like_address
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Output {
    Human,
    Json,
    Report(ReportFormat),
}

impl CheckArgs {
    fn output(&self) -> Output {
        match (self.json, self.report) {
            (true, _) => Output::Json,
            (false, Some(ReportKind::Text)) => Output::Report(ReportFormat::Text),
            (false, Some(ReportKind::Md)) => Output::Report(ReportFormat::Markdown),
            (false, None) => Output::Human,
        }
    }
}

/// Parses the arguments (without the program name); on failure, prints clap's words (help and
/// version on stdout, mistakes on stderr) and gives the exit status.
fn parse(args: &[OsString]) -> Result<Cli, i32> {
    let argv = std::iter::once(OsString::from("site-doctor")).chain(args.iter().cloned());
    Cli::try_parse_from(argv).map_err(|e| {
        let _ = e.print();
        if e.use_stderr() { EXIT_USAGE } else { 0 }
    })
}

/// Runs the CLI and returns the process exit status.
pub fn main(args: &[OsString]) -> i32 {
    let cli = match parse(args) {
        Ok(c) => c,
        Err(code) => return code,
    };
    match cli.command {
        Command::Check(a) => check(&a),
        Command::Fix(f) => fix::run(f, &mut std::io::stdout().lock()),
        Command::GenerateCliAssets { dir } => assets::write(&dir),
    }
}

fn check(args: &CheckArgs) -> i32 {
    let output = args.output();
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
    let owner = match owner_options(args, &target) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("site-doctor: {e}");
            return EXIT_USAGE;
        }
    };
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
        let quiet = output != Output::Human;
        let progress = move |e: site_doctor_engine::ProgressEvent| {
            if !quiet {
                text::progress(&e);
            }
        };
        match &owner {
            Some(o) => site_doctor_engine::owner::diagnose(target, &config, opts, o, progress).await,
            None => diagnose(target, &config, opts, progress).await,
        }
    });
    let code = print(result, output, args);
    // The run has ended every task it started; what can still be running is a blocking OS call
    // no one can interrupt (the OS's own lookup of a name). The answer is out already: give such a
    // call a moment to end, so that the process never exits under it (that has crashed it), and
    // no longer, since the exit status waits for it.
    runtime.shutdown_timeout(Duration::from_millis(200));
    code
}

/// Prints the outcome of a run as `output` asks, and says the exit status.
fn print(result: Result<Diagnosis, site_doctor_engine::Cancelled>, output: Output, args: &CheckArgs) -> i32 {
    let diagnosis = match result {
        Ok(d) => d,
        Err(e) => {
            eprintln!("site-doctor: {e}");
            return EXIT_INTERRUPTED;
        }
    };
    match output {
        Output::Json => match serde_json::to_string_pretty(&diagnosis) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("site-doctor: {e}");
                return EXIT_INTERNAL;
            }
        },
        Output::Report(format) => print!("{}", report(args, &diagnosis, format, local_offset_minutes())),
        Output::Human => print!("{}", text::human(&diagnosis)),
    }
    let _ = std::io::Write::flush(&mut std::io::stdout());
    exit_code(&diagnosis)
}

/// The owner's checks asked for by `--paths`, `--origin` (and `--samples`), if any.
fn owner_options(args: &CheckArgs, target: &Target) -> Result<Option<OwnerOptions>, String> {
    if args.paths.is_empty() && args.origin.is_none() {
        return Ok(None);
    }
    if args.paths.len() > site_doctor_engine::owner::MAX_PATHS {
        return Err(format!("--paths: at most {} paths", site_doctor_engine::owner::MAX_PATHS));
    }
    let origin =
        args.origin.as_deref().map(|o| Origin::parse(o, target)).transpose().map_err(|e| format!("--origin: {e}"))?;
    Ok(Some(OwnerOptions { paths: args.paths.clone(), samples: args.samples, origin, ..OwnerOptions::default() }))
}

/// The help-desk report `--report[=md]` prints for `diagnosis`: the engine's, as the window's
/// "Copy for help desk" renders it (a test feeds one run to both and compares the bytes).
fn report(args: &CheckArgs, diagnosis: &Diagnosis, format: ReportFormat, utc_offset: Option<i32>) -> String {
    let request = ReportRequest {
        format,
        redact: if args.no_redact { Redaction::NONE } else { Redaction::default() },
        utc_offset_minutes: utc_offset,
        ..ReportRequest::new(diagnosis.clone())
    };
    site_doctor_engine::report::render(&request)
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
mod tests;
