//! `make bench`, side by side: the app against a technician's script, on the scenario lab with
//! realistic links (`path.rtt_ms`, 60 ms). Writes `docs/bench.md` and `docs/bench.svg`. Needs root
//! (network namespaces): without it, says "needs root" and skips, except under `CI=true`, where it
//! fails. `BENCH_RUNS` (default 5) sets the runs per scenario, `BENCH_ONLY=a,b` the scenarios.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use site_doctor_tests::app;
use site_doctor_tests::bench::report::{self, Row};
use site_doctor_tests::bench::{self, Ctx, cases};
use site_doctor_tests::lab::{self, netns};

/// The links' round trip: a home connection to servers in the same region.
const RTT_MS: u32 = 60;

fn main() {
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false");
    let mut missing: Vec<&str> = Vec::new();
    if !lab::is_root() {
        missing.push("root");
    }
    missing.extend(lab::missing_tools());
    // Each answers `-V`, `--version` or neither: being found and started is what counts.
    for (tool, why) in [("dig", "`dig` (apt-get install dnsutils)"), ("curl", "`curl`"), ("bash", "`bash`")] {
        if Command::new(tool).arg("-h").stdout(Stdio::null()).stderr(Stdio::null()).status().is_err() {
            missing.push(why);
        }
    }
    if !missing.is_empty() {
        let what = missing.join(", ");
        if ci {
            eprintln!("lab bench: FAILED: needs {what} (under CI that is a failure, never a skip)");
            std::process::exit(1);
        }
        println!("lab bench: SKIPPED (needs {what})");
        return;
    }
    let runs = std::env::var("BENCH_RUNS").ok().and_then(|s| s.parse().ok()).unwrap_or(5usize).max(1);
    let only: Vec<String> = std::env::var("BENCH_ONLY")
        .map(|v| v.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect())
        .unwrap_or_default();
    netns::remove_leftovers();
    let ws = app::workspace().canonicalize().unwrap_or_else(|_| app::workspace());
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| ws.join("target"));
    let ctx = Ctx {
        app_bin: app::binary(),
        server_bin: PathBuf::from(env!("CARGO_BIN_EXE_lab-server")),
        out: target.join("bench-lab"),
        runs,
        rtt_ms: RTT_MS,
    };
    println!("lab bench: {} ms round trips, {runs} runs each, artifacts in {}", RTT_MS, ctx.out.display());
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (seq, case) in
        cases::CASES.iter().enumerate().filter(|(_, c)| only.is_empty() || only.iter().any(|o| o == c.name))
    {
        match bench::measure(&ctx, seq, case) {
            Ok(m) => {
                let r = Row::of(&m);
                println!(
                    "  {:<22} first {:>5.2} s  final {:>5.2} s  baseline {:>5.2} s  bound {:>5.2} s",
                    r.name,
                    r.first.as_secs_f64(),
                    r.last.as_secs_f64(),
                    r.base.as_secs_f64(),
                    r.bound.as_secs_f64()
                );
                rows.push(r);
            }
            Err(e) => errors.push(format!("{}: {e}", case.name)),
        }
    }
    let table = report::table(&rows);
    let goals = report::goals(&rows);
    println!("\n{table}");
    for (met, text) in &goals {
        println!("goal {}: {text}", if *met { "met" } else { "NOT met" });
    }
    if only.is_empty() {
        write_docs(&ws, &rows, &table, &goals, runs);
    }
    let wrong: Vec<&str> = rows.iter().filter(|r| r.wrong > 0).map(|r| r.name.as_str()).collect();
    if !wrong.is_empty() {
        errors.push(format!("wrong verdicts in {}", wrong.join(", ")));
    }
    if !errors.is_empty() {
        eprintln!("lab bench: FAILED:\n{}", errors.join("\n"));
        std::process::exit(1);
    }
    if goals.iter().any(|(met, _)| !met) {
        eprintln!("lab bench: goals missed (see above)");
        std::process::exit(1);
    }
}

/// `docs/bench.md` (machine, method, table, goals) and `docs/bench.svg`.
fn write_docs(ws: &std::path::Path, rows: &[Row], table: &str, goals: &[(bool, String)], runs: usize) {
    let sh = |cmd: &str, args: &[&str]| {
        Command::new(cmd)
            .args(args)
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_else(|_| "?".into())
    };
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_owned())
        })
        .unwrap_or_else(|| "?".into());
    let commit = sh("git", &["-C", &ws.display().to_string(), "rev-parse", "--short", "HEAD"]);
    let mut md = String::from(include_str!("lab_bench_intro.md"));
    let _ = writeln!(md, "\n## Machine\n");
    let _ = writeln!(md, "- nproc: {}", std::thread::available_parallelism().map_or(0, |n| n.get()));
    let _ = writeln!(md, "- CPU: {cpu}");
    let _ =
        writeln!(md, "- kernel: {}", std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default().trim());
    let _ = writeln!(md, "- rustc: {}", sh("rustc", &["--version"]));
    let _ = writeln!(md, "- app: site-doctor {} at commit {commit} (release build)", env!("CARGO_PKG_VERSION"));
    let _ = writeln!(md, "- date: {}", sh("date", &["-u", "+%Y-%m-%d %H:%M UTC"]));
    let _ = writeln!(
        md,
        "- runs: {runs} of the app and {runs} of the baseline per scenario, in turns; medians, [min–max]\n"
    );
    let _ = writeln!(md, "## Results\n\n![app vs technician](bench.svg)\n\n{table}\n## Goals\n");
    for (met, text) in goals {
        let _ = writeln!(md, "- {}: {text}", if *met { "met" } else { "**not met**" });
    }
    let docs = ws.join("docs");
    for (file, text) in
        [("bench.md", md), ("bench.svg", report::svg(rows, "Site Doctor vs a technician's script (60 ms RTT)"))]
    {
        if let Err(e) = std::fs::write(docs.join(file), text) {
            eprintln!("lab bench: cannot write docs/{file}: {e}");
        }
    }
}
