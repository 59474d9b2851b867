//! Which cells run: every scenario plain, then each perturbation laid over it (all of them, a
//! rotating sample, or the named ones), each cell classified as a run, n/a or identity.

use std::path::PathBuf;

use super::{Matrix, overlay};
use crate::lab::scenario::{self, Scenario};

/// Which perturbation cells a run covers (the plain scenarios always run).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// None: the plain scenarios only.
    Off,
    /// Every cell.
    All,
    /// Cell (scenario i, perturbation j) runs when `(i + j + seed) % slices == 0`: each run has
    /// every perturbation and (with at least `slices` perturbations) every scenario, and every
    /// cell comes up once in `slices` consecutive seeds.
    Sample {
        /// Rotates the sample (the day number, or `LAB_MATRIX_SEED`).
        seed: u64,
        /// How many runs one full turn takes.
        slices: u64,
    },
    /// Only these perturbations, every scenario.
    Only(Vec<String>),
}

/// What a cell is.
#[derive(Debug, Clone)]
pub enum Kind {
    /// The scenario as its file says, or with an overlay: run it.
    Run(Box<Result<Scenario, String>>),
    /// The overlay changes nothing: the plain run stands for this cell.
    Identity,
    /// Cannot apply; the reason.
    NotApplicable(String),
    /// Outside this run's sample.
    NotSampled,
}

/// One cell of the table.
#[derive(Debug, Clone)]
pub struct Cell {
    /// Scenario name.
    pub scenario: String,
    /// Perturbation name; `None` for the plain column.
    pub perturbation: Option<String>,
    /// What to do with it.
    pub kind: Kind,
}

impl Cell {
    /// The name its artifacts and its line go under: `vpn` or `vpn@slow_link`.
    pub fn name(&self) -> String {
        match &self.perturbation {
            Some(p) => format!("{}@{p}", self.scenario),
            None => self.scenario.clone(),
        }
    }
}

/// Every cell for `scenarios` (name, file) under `sel`, in table order.
pub fn plan(m: &Matrix, scenarios: &[(String, PathBuf)], all_names: &[String], sel: &Selection) -> Vec<Cell> {
    let mut cells = Vec::new();
    for (name, path) in scenarios {
        let base = scenario::load_value(path);
        let plain = base.clone().and_then(|v| Scenario::from_value(v).map_err(|e| format!("{}: {e}", path.display())));
        cells.push(Cell { scenario: name.clone(), perturbation: None, kind: Kind::Run(Box::new(plain.clone())) });
        // The scenario's index among all files, so a filtered run samples the same cells.
        let si = all_names.iter().position(|n| n == name).unwrap_or(0) as u64;
        for (pi, p) in m.perturbation.iter().enumerate() {
            let chosen = match sel {
                Selection::Off => continue,
                Selection::All => true,
                Selection::Only(names) => {
                    if !names.contains(&p.name) {
                        continue;
                    }
                    true
                }
                Selection::Sample { seed, slices } => (si + pi as u64 + seed).is_multiple_of((*slices).max(1)),
            };
            let kind = classify(m, name, p, &base, &plain);
            // n/a and identity cells cost nothing: they are shown whether sampled or not.
            let kind = match kind {
                Kind::Run(_) if !chosen => Kind::NotSampled,
                k => k,
            };
            cells.push(Cell { scenario: name.clone(), perturbation: Some(p.name.clone()), kind });
        }
    }
    cells
}

fn classify(
    m: &Matrix,
    name: &str,
    p: &super::Perturbation,
    base: &Result<toml::Value, String>,
    plain: &Result<Scenario, String>,
) -> Kind {
    if let Some(e) = m.exclude.iter().find(|e| e.scenario == name && e.perturbation == p.name) {
        return Kind::NotApplicable(e.reason.clone());
    }
    let (Ok(toml::Value::Table(base)), Ok(plain)) = (base, plain) else {
        // The plain cell already reports the broken file; its perturbations cannot be built.
        return Kind::NotApplicable("the scenario file itself does not load".into());
    };
    let mut merged = base.clone();
    let mut conflicts = Vec::new();
    overlay(&mut merged, &p.overlay, "", &mut conflicts);
    if !conflicts.is_empty() {
        return Kind::NotApplicable(format!(
            "the overlay would replace the scenario's own {} (its fault), not add to it",
            conflicts.join(", ")
        ));
    }
    let mut s = match Scenario::from_value(toml::Value::Table(merged)) {
        Ok(s) => s,
        // Not listed as an exclusion, so a combination the lab refuses is an error, not a skip.
        Err(e) => return Kind::Run(Box::new(Err(format!("{name} with {}: {e}", p.name)))),
    };
    // Debug output covers every knob: equal text means the same lab and the same expectation.
    if format!("{s:?}") == format!("{plain:?}") {
        return Kind::Identity;
    }
    s.expect.confidence = confidences(m, name, p, &s.expect.confidence);
    let applies =
        |c: &&super::CellConfidence| c.scenarios.iter().any(|x| x == name) && c.perturbations.contains(&p.name);
    if let Some(c) = m.confidence.iter().find(applies)
        && let Some(v) = c.verdict
    {
        s.expect.verdict = v;
        s.expect.culprit = c.culprit.unwrap_or(s.expect.culprit);
    }
    Kind::Run(Box::new(Ok(s)))
}

/// What a cell accepts: its `[[confidence]]` entry, else the scenario's list with the
/// perturbation's weakenings added (an empty list still means any).
fn confidences(
    m: &Matrix,
    name: &str,
    p: &super::Perturbation,
    own: &[site_doctor_engine::Confidence],
) -> Vec<site_doctor_engine::Confidence> {
    let applies =
        |c: &&super::CellConfidence| c.scenarios.iter().any(|s| s == name) && c.perturbations.contains(&p.name);
    if let Some(c) = m.confidence.iter().find(applies) {
        return c.allow.clone();
    }
    let mut out = own.to_vec();
    for c in own {
        for weaker in p.weaken.get(&scenario::name(c)).into_iter().flatten() {
            if !out.contains(weaker) {
                out.push(*weaker);
            }
        }
    }
    out
}

/// How many slices a sampled run cuts the matrix into, from `LAB_MATRIX_SLICES` (default 4).
pub fn sample_slices() -> u64 {
    std::env::var("LAB_MATRIX_SLICES").ok().and_then(|s| s.parse().ok()).filter(|n| *n > 0).unwrap_or(4)
}
