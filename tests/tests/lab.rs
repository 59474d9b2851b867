//! The scenario lab: every `tests/scenarios/*.toml` is built as a real network in namespaces and
//! the real `site-doctor check --json` diagnoses the site from the client namespace. One table at
//! the end; the run fails listing every mismatch. Needs root (CI runs it as root; elsewhere it
//! says "SKIPPED (needs root)").
//!
//! ```text
//! cargo build -p site-doctor
//! cargo test -p site-doctor-tests --test lab                  # every scenario
//! cargo test -p site-doctor-tests --test lab -- dns_          # names containing "dns_"
//! cargo test -p site-doctor-tests --test lab -- --exact vpn   # one scenario
//! LAB_SCENARIO=vpn,firewall_443 cargo test -p site-doctor-tests --test lab
//! LAB_JOBS=1 LAB_HOLD=120 ...   # one at a time; keep each lab up 120 s to poke at it
//! LAB_MATRIX=all ...             # every scenario under every perturbation (`make lab-matrix`;
//!                                # also what an unset LAB_MATRIX runs: see DEFAULT_SELECTION)
//! LAB_MATRIX=sample LAB_MATRIX_SEED=3 ...   # a rotating quarter of the matrix (see `selection`)
//! LAB_MATRIX=slow_link,home_nat ...         # those perturbations only; LAB_MATRIX=off: plain only
//! ```
//! The perturbation matrix is `tests/scenarios/matrix.toml`; filters choose its rows (scenarios).
//! Artifacts (config, certificates, server logs, the app's JSON) land in `target/lab/run-<pid>/<name>/`.

use std::collections::VecDeque;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, mpsc};
use std::time::Instant;

use site_doctor_tests::app;
use site_doctor_tests::lab::matrix::{self, Kind, Matrix, Selection};
use site_doctor_tests::lab::run::{self, Ctx, Outcome};
use site_doctor_tests::lab::scenario::Scenario;
use site_doctor_tests::lab::{self, netns, scenario};

#[path = "lab/report.rs"]
mod report;

/// Scenarios run at once unless `LAB_JOBS` or `--test-threads` says otherwise: most of a scenario
/// is waiting for timeouts, so four fit on two cores (30 scenarios on 2 cores: 3 at a time took
/// 44 s, 4 took 36 s, with the same verdicts).
const DEFAULT_JOBS: usize = 4;

#[derive(Default)]
struct Opts {
    filters: Vec<String>,
    skip: Vec<String>,
    exact: bool,
    list: bool,
    ignored_only: bool,
    jobs: Option<usize>,
}

/// The libtest flags cargo may pass; unknown flags are ignored.
fn parse(args: &[String]) -> Opts {
    let mut o = Opts::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--list" => o.list = true,
            "--exact" => o.exact = true,
            "--ignored" => o.ignored_only = true,
            "--skip" => o.skip.extend(it.next().cloned()),
            "--test-threads" => o.jobs = it.next().and_then(|n| n.parse().ok()),
            // Flags with a value we do not use.
            "--format" | "--color" | "--logfile" | "-Z" => {
                it.next();
            }
            s if s.starts_with("--test-threads=") => o.jobs = s["--test-threads=".len()..].parse().ok(),
            s if s.starts_with('-') => {}
            s => o.filters.push(s.to_owned()),
        }
    }
    o
}

fn main() {
    let o = parse(&std::env::args().skip(1).collect::<Vec<_>>());
    let all = scenario::list().unwrap_or_else(|e| fail(&format!("cannot list scenarios: {e}")));
    let env_filter: Vec<String> = std::env::var("LAB_SCENARIO")
        .map(|v| v.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect())
        .unwrap_or_default();
    let matches = |name: &str, pats: &[String], exact: bool| {
        pats.iter().any(|p| if exact { name == p } else { name.contains(p.as_str()) })
    };
    let chosen: Vec<(String, PathBuf)> = all
        .into_iter()
        .filter(|(n, _)| o.filters.is_empty() || matches(n, &o.filters, o.exact))
        .filter(|(n, _)| env_filter.is_empty() || matches(n, &env_filter, true))
        .filter(|(n, _)| !matches(n, &o.skip, o.exact))
        .collect();
    if o.list {
        for (n, _) in &chosen {
            println!("{n}: test");
        }
        return;
    }
    if o.ignored_only {
        return;
    }
    if chosen.is_empty() {
        if !env_filter.is_empty() {
            fail(&format!("LAB_SCENARIO={env_filter:?} matches no file in {}", scenario::dir().display()));
        }
        println!("lab: no scenario matches the filter");
        return;
    }
    let sel = selection();
    let names: Vec<String> = scenario::list().unwrap_or_default().into_iter().map(|(n, _)| n).collect();
    let m = if sel == Selection::Off {
        None
    } else {
        Some(Matrix::load(&matrix::path(), &names).unwrap_or_else(|e| fail(&format!("the matrix: {e}"))))
    };
    if let (Some(m), Selection::Only(wanted)) = (&m, &sel) {
        let unknown: Vec<&String> = wanted.iter().filter(|w| !m.perturbation.iter().any(|p| &p.name == *w)).collect();
        if !unknown.is_empty() {
            fail(&format!("LAB_MATRIX names {unknown:?}, which are not perturbations in {}", matrix::path().display()));
        }
    }
    let cells = match &m {
        Some(m) => matrix::plan(m, &chosen, &names, &sel),
        None => matrix::plan(&Matrix::default(), &chosen, &names, &Selection::Off),
    };
    if !preflight() {
        return;
    }
    let started = Instant::now();
    let runs: Vec<(String, Result<Scenario, String>)> = cells
        .iter()
        .filter_map(|c| match &c.kind {
            Kind::Run(s) => Some((c.name(), (**s).clone())),
            _ => None,
        })
        .collect();
    let outcomes = run_all(runs, &o);
    report::report(m.as_ref(), &cells, &sel, outcomes, started.elapsed());
}

/// Which matrix cells run. Unset: see `DEFAULT_SELECTION`.
fn selection() -> Selection {
    let v = std::env::var("LAB_MATRIX").unwrap_or_default();
    let seed = || {
        std::env::var("LAB_MATRIX_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
            // The day number: one CI run a day turns the whole matrix over in `slices` days.
            let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
            secs / 86_400
        })
    };
    match v.trim() {
        "" => DEFAULT_SELECTION.to_selection(seed()),
        "all" => Selection::All,
        "off" | "0" => Selection::Off,
        "sample" => Selection::Sample { seed: seed(), slices: matrix::sample_slices() },
        list => Selection::Only(list.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect()),
    }
}

/// What `cargo test` (and so `make test` and CI) runs when `LAB_MATRIX` is unset.
#[allow(dead_code)]
enum Default {
    All,
    Sample,
    Off,
}

impl Default {
    fn to_selection(&self, seed: u64) -> Selection {
        match self {
            Self::All => Selection::All,
            Self::Sample => Selection::Sample { seed, slices: matrix::sample_slices() },
            Self::Off => Selection::Off,
        }
    }
}

/// The whole matrix, measured on the 2-core CI-sized machine (shared with two other builds, load
/// about 5), 4 at a time. Before merging main: 280 runs (30 plain, 250 cells) in 334 to 346 s over
/// three runs. After (38 scenarios): 350 runs (38 plain, 312 cells; 106 more cells are n/a or
/// identities and cost nothing) in 343 to 368 s, against about 40 s for the plain scenarios
/// alone. With slow_link as the NFQUEUE delay (its 11 relay-hidden cells run): 362 runs (38 plain,
/// 324 cells; 94 n/a or identities) in 347 s, 537 s while a release build shared the cores; a quarter sample (`LAB_MATRIX=sample`) took 95 s for 93 runs. The whole matrix fits the
/// ~10 minutes CI allows the lab, so `cargo test` runs every cell. Should it outgrow that, switch
/// to `Default::Sample`: a quarter of the cells a day (rotating with the date, or
/// `LAB_MATRIX_SEED`), every perturbation and every scenario in each run, every cell within four
/// runs, the plain scenarios always; cells outside the sample are printed as `·`, never dropped.
const DEFAULT_SELECTION: Default = Default::All;

/// Says why on stderr and exits with a failure.
fn fail(why: &str) -> ! {
    eprintln!("lab: FAILED: {why}");
    std::process::exit(1)
}

/// Root and tools: missing under CI is a failure, elsewhere a skip.
fn preflight() -> bool {
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false");
    let mut missing: Vec<&str> = Vec::new();
    if !lab::is_root() {
        missing.push("root");
    }
    missing.extend(lab::missing_tools());
    if missing.is_empty() {
        return true;
    }
    let what = missing.join(", ");
    if ci {
        fail(&format!(
            "the scenario lab needs {what}; under CI that is a failure, never a skip (run as root; the Makefile installs iptables)"
        ));
    }
    if missing == ["root"] {
        println!("lab: SKIPPED (needs root)");
    } else {
        println!("lab: SKIPPED (needs {what})");
    }
    false
}

/// One run in the queue: its sequence number (for namespace names), cell name and scenario.
type Job = (usize, String, Result<Scenario, String>);

fn run_all(mut chosen: Vec<(String, Result<Scenario, String>)>, o: &Opts) -> Vec<Outcome> {
    // Longest first: the scenarios that wait out timeouts are the ones given long deadlines, and
    // starting them first keeps one of them from running alone at the end. A cell that does not
    // load goes first too, and fails at once.
    chosen.sort_by_cached_key(|(n, s)| {
        (std::cmp::Reverse(s.as_ref().map_or(u64::MAX, |s| s.expect.deadline)), n.clone())
    });
    netns::remove_leftovers();
    let ws = app::workspace();
    let target = ws.canonicalize().unwrap_or(ws).join("target").join("lab");
    remove_old_runs(&target);
    let ctx = Ctx {
        app_bin: app::binary(),
        server_bin: PathBuf::from(env!("CARGO_BIN_EXE_lab-server")),
        out: target.join(format!("run-{}", std::process::id())),
        hold: std::env::var("LAB_HOLD").ok().and_then(|s| s.parse().ok()).unwrap_or(0),
    };
    let jobs = std::env::var("LAB_JOBS").ok().and_then(|s| s.parse().ok()).or(o.jobs).unwrap_or(DEFAULT_JOBS);
    let jobs = jobs.clamp(1, chosen.len().max(1));
    let total = chosen.len();
    println!("lab: {total} run(s), {jobs} at a time, artifacts in {}", ctx.out.display());
    let queue: Arc<Mutex<VecDeque<Job>>> =
        Arc::new(Mutex::new(chosen.into_iter().enumerate().map(|(i, (n, s))| (i, n, s)).collect()));
    let (tx, rx) = mpsc::channel::<Outcome>();
    let mut workers = Vec::new();
    for _ in 0..jobs {
        let (queue, tx, ctx) = (queue.clone(), tx.clone(), ctx.clone());
        workers.push(std::thread::spawn(move || {
            // Ends when the queue is empty: at most `total` iterations. The guard is consumed
            // inside `and_then`, so the lock is not held while a scenario runs.
            while let Some((seq, name, s)) = queue.lock().ok().and_then(|mut q| q.pop_front()) {
                let result = std::panic::catch_unwind(AssertUnwindSafe(|| run::run_loaded(&ctx, seq, &name, s)));
                let outcome = result.unwrap_or_else(|p| Outcome {
                    name: name.clone(),
                    actual: "LAB ERROR".into(),
                    lab_error: true,
                    problems: vec![format!("panicked: {}", panic_text(&p))],
                    ..Outcome::default()
                });
                if tx.send(outcome).is_err() {
                    break;
                }
            }
        }));
    }
    drop(tx);
    let mut outcomes = Vec::new();
    for o in rx.iter().take(total) {
        let mark = if o.lab_error {
            "LAB ERROR"
        } else if o.problems.is_empty() {
            "ok"
        } else {
            "FAILED"
        };
        println!("lab {:<24} ... {mark} ({} in {:.1} s)", o.name, o.actual, o.took.as_secs_f64());
        outcomes.push(o);
    }
    for w in workers {
        let _ = w.join();
    }
    outcomes.sort_by(|a, b| a.name.cmp(&b.name));
    outcomes
}

fn panic_text(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_default()
}

/// Keeps `target/lab` small: artifacts of runs whose process is gone are removed.
fn remove_old_runs(target: &std::path::Path) {
    let Ok(dir) = std::fs::read_dir(target) else { return };
    for e in dir.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let pid = name.strip_prefix("run-").and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|p| !netns::process_alive(p)) {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}
