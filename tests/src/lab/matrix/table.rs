//! Judging the matrix's cells against the known failures, and printing the table: rows are
//! scenarios, columns `plain` and the perturbations; each cell ✓, ✗ (numbered, the actual answer
//! in the notes below), known ✗ (`k`), n/a (numbered reason), `≡` (identity: the plain run is
//! this cell) or `·` (outside this run's sample).

use std::collections::HashMap;
use std::fmt::Write as _;

use super::{Cell, Kind, Matrix};
use crate::lab::run::Outcome;

/// How one cell came out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// Kept its verdict, culprit and an allowed confidence.
    Pass,
    /// Failed, and not as a listed known failure.
    Fail,
    /// Failed exactly as its `[[known_failure]]` says.
    Known,
    /// Listed as a known failure but passed (or failed differently): the list is stale.
    Stale,
    /// Gave one of its `[[flaky]]` answers instead of the expected one.
    Flaky,
    /// Did not apply (with a note number).
    NotApplicable,
    /// Same as the plain run.
    Identity,
    /// Not run this time.
    NotSampled,
}

/// The marks of every cell and the lines that explain them.
#[derive(Debug, Default)]
pub struct Judged {
    /// `(cell name, mark, note)` in table order.
    pub cells: Vec<(String, Mark, String)>,
}

impl Judged {
    /// The cells that make the run fail: ✗ and stale known failures.
    pub fn failures(&self) -> Vec<&str> {
        self.cells
            .iter()
            .filter(|(_, m, _)| matches!(m, Mark::Fail | Mark::Stale))
            .map(|(n, _, _)| n.as_str())
            .collect()
    }

    /// How many cells carry a mark.
    pub fn count(&self, mark: &Mark) -> usize {
        self.cells.iter().filter(|(_, m, _)| m == mark).count()
    }
}

/// Judges every cell; `outcomes` are the runs by cell name.
pub fn judge(m: &Matrix, cells: &[Cell], outcomes: &HashMap<String, Outcome>) -> Judged {
    let mut out = Judged::default();
    for c in cells {
        let name = c.name();
        let known = c.perturbation.as_deref().and_then(|p| m.known(&c.scenario, p));
        let flaky = m.flaky(&c.scenario, c.perturbation.as_deref());
        let (mark, note) = match (&c.kind, outcomes.get(&name)) {
            // A known failure on a cell that never runs could never be found fixed.
            (Kind::NotApplicable(_) | Kind::Identity, _) if known.is_some() => (
                Mark::Stale,
                "listed as a known failure, but this cell does not run: remove it from matrix.toml".into(),
            ),
            (Kind::NotApplicable(why), _) => (Mark::NotApplicable, why.clone()),
            (Kind::Identity, _) => (Mark::Identity, String::new()),
            (Kind::NotSampled, _) => (Mark::NotSampled, String::new()),
            (Kind::Run(_), None) => (Mark::Fail, "no outcome (the run was lost)".into()),
            (Kind::Run(_), Some(o)) => {
                let answer = format!("{} {}", o.actual, o.confidence);
                let got = format!("{answer}: {}", o.problems.join("; "));
                match known {
                    None if o.problems.is_empty() => (Mark::Pass, String::new()),
                    // Only verdict/culprit may differ: any other problem (deadline, exit status) still fails.
                    None if flaky.is_some_and(|f| f.accept.contains(&o.actual))
                        && o.problems.iter().all(|p| p.starts_with("expected ")) =>
                    {
                        let f = flaky.map(|f| format!("{}; {}", f.issue, f.rule)).unwrap_or_default();
                        (Mark::Flaky, format!("{answer} ({f})"))
                    }
                    None => (Mark::Fail, got),
                    Some(k) if o.problems.is_empty() => (
                        Mark::Stale,
                        format!(
                            "listed as a known failure ({}), but it passes now: remove it from matrix.toml",
                            k.issue
                        ),
                    ),
                    // Matched by verdict/culprit, or by the whole answer when only the confidence was wrong.
                    Some(k) if !o.lab_error && (k.actual == o.actual || k.actual == answer) => {
                        (Mark::Known, format!("{answer} ({}; {})", k.issue, k.rule))
                    }
                    Some(k) => (Mark::Stale, format!("listed as known ({}), but fails differently: {got}", k.actual)),
                }
            }
        };
        out.cells.push((name, mark, note));
    }
    out
}

/// The table and its notes, as printed.
pub fn render(m: &Matrix, cells: &[Cell], judged: &Judged) -> String {
    let marks: HashMap<&str, (&Mark, &str)> =
        judged.cells.iter().map(|(n, k, t)| (n.as_str(), (k, t.as_str()))).collect();
    let mut columns = vec!["plain".to_owned()];
    columns.extend(m.perturbation.iter().map(|p| p.name.clone()));
    let mut rows: Vec<&str> = Vec::new();
    for c in cells {
        if !rows.contains(&c.scenario.as_str()) {
            rows.push(&c.scenario);
        }
    }
    let width = rows.iter().map(|r| r.len()).max().unwrap_or(8).max(8);
    let mut out = String::new();
    let _ = write!(out, "{:<width$}", "scenario");
    for col in &columns {
        let _ = write!(out, " {col:>w$}", w = col.len().max(5));
    }
    out.push('\n');
    let mut notes: Vec<String> = Vec::new();
    // Reasons shared by many cells get one number.
    let mut reasons: Vec<String> = Vec::new();
    for row in &rows {
        let _ = write!(out, "{row:<width$}");
        for col in &columns {
            let name = if col == "plain" { (*row).to_owned() } else { format!("{row}@{col}") };
            let text = match marks.get(name.as_str()) {
                None => "".to_owned(),
                Some((Mark::Pass, _)) => "✓".into(),
                Some((Mark::Identity, _)) => "≡".into(),
                Some((Mark::NotSampled, _)) => "·".into(),
                Some((Mark::NotApplicable, why)) => {
                    let i = reasons.iter().position(|r| r == why).unwrap_or_else(|| {
                        reasons.push((*why).to_owned());
                        reasons.len() - 1
                    });
                    format!("n/a{}", i + 1)
                }
                Some((mark, why)) => {
                    notes.push(format!("{name}: {why}"));
                    let tag = match mark {
                        Mark::Known => "k✗",
                        Mark::Flaky => "~",
                        Mark::Stale => "stale",
                        _ => "✗",
                    };
                    format!("{tag}{}", notes.len())
                }
            };
            let w = col.len().max(5);
            // Pads by characters: ✓, ✗ and ≡ are one column wide but three bytes long.
            let pad = w.saturating_sub(text.chars().count());
            let _ = write!(out, " {}{text}", " ".repeat(pad));
        }
        out.push('\n');
    }
    out.push_str("\n✓ kept its verdict  ≡ same as plain (the overlay changes nothing)  · not in this run's sample\n");
    out.push_str("✗N failed (note N)  k✗N known failure of a rule (note N)  ~N a [[flaky]] answer (note N)\n");
    out.push_str("n/aN does not apply (reason N)\n");
    for (i, n) in notes.iter().enumerate() {
        let _ = writeln!(out, "  {}. {n}", i + 1);
    }
    for (i, r) in reasons.iter().enumerate() {
        let _ = writeln!(out, "  n/a{}: {r}", i + 1);
    }
    out
}
