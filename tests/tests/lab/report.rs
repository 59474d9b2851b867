//! The lab's report: the plain scenarios' table, the failures with their evidence, and (with
//! the matrix on) the matrix table with its notes. Exits non-zero on any failure.

use std::collections::HashMap;
use std::time::Duration;

use site_doctor_tests::lab::matrix::table::{self, Mark};
use site_doctor_tests::lab::matrix::{Cell, Matrix, Selection};
use site_doctor_tests::lab::run::Outcome;

/// Prints everything and exits with a failure when a cell failed (or a known failure went stale).
pub fn report(m: Option<&Matrix>, cells: &[Cell], sel: &Selection, outcomes: Vec<Outcome>, total: Duration) {
    let plain: Vec<&Outcome> = outcomes.iter().filter(|o| !o.name.contains('@')).collect();
    plain_table(&plain);
    let by_name: HashMap<String, Outcome> = outcomes.iter().map(|o| (o.name.clone(), o.clone())).collect();
    let empty = Matrix::default();
    let judged = table::judge(m.unwrap_or(&empty), cells, &by_name);
    // Evidence for every cell that did not pass, known failures included (they are the rule fixes' input).
    for (name, mark, _) in &judged.cells {
        if !matches!(mark, Mark::Fail | Mark::Known | Mark::Stale | Mark::Flaky) {
            continue;
        }
        let Some(o) = by_name.get(name) else { continue };
        let tag = match mark {
            Mark::Known => " (known)",
            Mark::Flaky => " (flaky)",
            _ => "",
        };
        println!("\n--- {name}{tag}: {}", o.description);
        for p in &o.problems {
            println!("    ! {p}");
        }
        for e in &o.evidence {
            println!("      {e}");
        }
        println!("    artifacts: {}", o.dir.display());
    }
    if let Some(m) = m {
        println!("\nperturbation matrix ({sel:?}):\n");
        print!("{}", table::render(m, cells, &judged));
    }
    let runs = outcomes.len();
    println!(
        "\nlab: {runs} run(s): {} ✓, {} ✗, {} known ✗, {} stale known, {} flaky, {} n/a, {} ≡, {} not sampled; {:.1} s in all",
        judged.count(&Mark::Pass),
        judged.count(&Mark::Fail),
        judged.count(&Mark::Known),
        judged.count(&Mark::Stale),
        judged.count(&Mark::Flaky),
        judged.count(&Mark::NotApplicable),
        judged.count(&Mark::Identity),
        judged.count(&Mark::NotSampled),
        total.as_secs_f64()
    );
    let failed = judged.failures();
    if !failed.is_empty() {
        eprintln!("lab: failures in {}", failed.join(", "));
        std::process::exit(1);
    }
}

fn plain_table(outcomes: &[&Outcome]) {
    // `time` is the app's wall time; `engine` its diagnosis's own `elapsed_ms`.
    println!(
        "\n{:<22} {:<35} {:<35} {:<10} {:>4} {:>6} {:>6}",
        "scenario", "expected", "actual", "confidence", "exit", "time", "engine"
    );
    for o in outcomes {
        let exit = o.exit.map(|c| c.to_string()).unwrap_or_else(|| "-".into());
        let engine = o.engine_ms.map(|ms| format!("{:.1}s", ms as f64 / 1000.0)).unwrap_or_else(|| "-".into());
        let mark = if o.problems.is_empty() { "" } else { "  <- mismatch" };
        println!(
            "{:<22} {:<35} {:<35} {:<10} {:>4} {:>5.1}s {engine:>6}{mark}",
            o.name,
            o.expected,
            o.actual,
            o.confidence,
            exit,
            o.took.as_secs_f64()
        );
    }
}
