//! The perturbation matrix: every scenario again under each irrelevant change, which must keep
//! its verdict and culprit (or weaken its confidence only as allowed). The table lives in ONE
//! file, `tests/scenarios/matrix.toml` (its format is documented at its top): perturbations as
//! overlays on a scenario's TOML, exclusions with their reason, per-cell confidence rules, and
//! the known failures of the engine's rules (each with its actual answer and its issue).
//!
//! A cell is one of:
//! - n/a: listed in `[[exclude]]`, or the overlay changes a knob the scenario sets itself (it
//!   would replace the scenario's fault, not add to it): printed with the reason;
//! - identity: the overlay changes nothing in the parsed scenario (e.g. `ipv4_only` on an
//!   IPv4-only scenario): the plain run is that cell, printed as `≡`;
//! - a run: the scenario with the overlay applied.

mod plan;
pub mod table;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use site_doctor_engine::Confidence;

pub use plan::{Cell, Kind, Selection, plan, sample_slices};

/// `matrix.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Matrix {
    /// The perturbations, in column order.
    pub perturbation: Vec<Perturbation>,
    /// Cells that cannot apply, with the reason.
    #[serde(default)]
    pub exclude: Vec<Exclusion>,
    /// Cells whose acceptable confidences differ from the scenario's and the perturbation's.
    #[serde(default)]
    pub confidence: Vec<CellConfidence>,
    /// Cells that fail because of the engine's rules, until the fix lands.
    #[serde(default)]
    pub known_failure: Vec<KnownFailure>,
    /// Cells whose answer depends on chance (random loss), with the other answers they may give.
    #[serde(default)]
    pub flaky: Vec<Flaky>,
}

/// One column.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Perturbation {
    /// Column name (`doh_refused`).
    pub name: String,
    /// What it changes, in one sentence.
    pub description: String,
    /// Scenario keys it sets: `{ dns = { doh = "refused" } }`; tables merge, values replace.
    pub overlay: toml::Table,
    /// Weaker confidences allowed beside the scenario's: `{ confirmed = ["likely"] }`.
    #[serde(default)]
    pub weaken: BTreeMap<String, Vec<Confidence>>,
}

/// A cell that does not apply.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exclusion {
    /// Scenario name.
    pub scenario: String,
    /// Perturbation name.
    pub perturbation: String,
    /// Why it cannot apply (printed in the table's notes).
    pub reason: String,
}

/// The confidences some cells accept, replacing what the scenario and the weakening would allow.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CellConfidence {
    /// Scenario names.
    pub scenarios: Vec<String>,
    /// Perturbation names (every scenario above under each of these).
    pub perturbations: Vec<String>,
    /// Acceptable confidences.
    pub allow: Vec<Confidence>,
    /// The weaker verdict these cells give instead of the scenario's (same culprit unless `culprit`).
    #[serde(default)]
    pub verdict: Option<site_doctor_engine::Verdict>,
    /// With `verdict`: the culprit that weaker verdict names, when not the scenario's (a fault
    /// that cannot be told from another without the places elsewhere names what is certain).
    #[serde(default)]
    pub culprit: Option<site_doctor_engine::Culprit>,
    /// Why (e.g. "only the vantage points could confirm").
    pub reason: String,
}

/// A cell that fails because of a rule of the engine.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KnownFailure {
    /// Scenario names (each fails the same way under the perturbation).
    pub scenarios: Vec<String>,
    /// Perturbation name.
    pub perturbation: String,
    /// What the app answers today: `verdict/culprit` (or `verdict/culprit confidence` when only
    /// the confidence is wrong).
    pub actual: String,
    /// The issue the fix belongs to.
    pub issue: String,
    /// The rule at fault, in one line.
    pub rule: String,
}

/// Cells whose answer a rule reads from chance: besides the expected answer they may give one of
/// `accept` (shown as `~`, never failing the run), and nothing else.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flaky {
    /// Scenario names.
    pub scenarios: Vec<String>,
    /// Perturbation names, `plain` for the scenario itself.
    pub perturbations: Vec<String>,
    /// The other `verdict/culprit` answers chance may give.
    pub accept: Vec<String>,
    /// The issue the fix belongs to.
    pub issue: String,
    /// The rule that reads chance, in one line.
    pub rule: String,
}

impl Matrix {
    /// Reads `matrix.toml` and checks that every name in it exists.
    pub fn load(path: &Path, scenarios: &[String]) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let m: Self = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        m.check(scenarios).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(m)
    }

    fn check(&self, scenarios: &[String]) -> Result<(), String> {
        let columns: Vec<&str> = self.perturbation.iter().map(|p| p.name.as_str()).collect();
        let mut cells: Vec<(&str, &str, &str)> = Vec::new();
        cells.extend(self.exclude.iter().map(|e| (e.scenario.as_str(), e.perturbation.as_str(), "exclude")));
        for c in &self.confidence {
            for s in &c.scenarios {
                cells.extend(c.perturbations.iter().map(|p| (s.as_str(), p.as_str(), "confidence")));
            }
        }
        for k in &self.known_failure {
            cells.extend(k.scenarios.iter().map(|s| (s.as_str(), k.perturbation.as_str(), "known_failure")));
        }
        for f in &self.flaky {
            for s in &f.scenarios {
                let columns = f.perturbations.iter().filter(|p| p.as_str() != "plain");
                cells.extend(columns.map(|p| (s.as_str(), p.as_str(), "flaky")));
            }
        }
        for (s, p, what) in cells {
            if !scenarios.iter().any(|n| n == s) {
                return Err(format!("[[{what}]] names scenario {s:?}, which has no file"));
            }
            if !columns.contains(&p) {
                return Err(format!("[[{what}]] names perturbation {p:?}, which is not a column"));
            }
        }
        for (i, c) in columns.iter().enumerate() {
            if columns[..i].contains(c) {
                return Err(format!("perturbation {c:?} is listed twice"));
            }
        }
        for k in &self.known_failure {
            for s in &k.scenarios {
                if self.exclude.iter().any(|e| &e.scenario == s && e.perturbation == k.perturbation) {
                    return Err(format!("{s}×{} is both excluded and a known failure", k.perturbation));
                }
                let twice =
                    self.known_failure.iter().flat_map(|o| o.scenarios.iter().map(move |x| (x, &o.perturbation)));
                if twice.filter(|(x, p)| *x == s && **p == k.perturbation).count() > 1 {
                    return Err(format!("{s}×{} is listed twice as a known failure", k.perturbation));
                }
            }
        }
        Ok(())
    }

    /// The flaky entry for a cell (`perturbation` None: the plain column), if any.
    pub fn flaky(&self, scenario: &str, perturbation: Option<&str>) -> Option<&Flaky> {
        let column = perturbation.unwrap_or("plain");
        self.flaky
            .iter()
            .find(|f| f.scenarios.iter().any(|s| s == scenario) && f.perturbations.iter().any(|p| p == column))
    }

    /// The known failure listed for a cell, if any.
    pub fn known(&self, scenario: &str, perturbation: &str) -> Option<&KnownFailure> {
        self.known_failure.iter().find(|k| k.perturbation == perturbation && k.scenarios.iter().any(|s| s == scenario))
    }
}

/// `tests/scenarios/matrix.toml`.
pub fn path() -> PathBuf {
    super::scenario::dir().join("matrix.toml")
}

/// Lays `overlay` over `base`: tables merge key by key, anything else is replaced. Returns the
/// dotted keys the overlay changed that `base` had set to something else (a conflict: the
/// perturbation would replace the scenario's own fault).
pub fn overlay(base: &mut toml::Table, over: &toml::Table, at: &str, conflicts: &mut Vec<String>) {
    for (k, v) in over {
        let key = if at.is_empty() { k.clone() } else { format!("{at}.{k}") };
        match (base.get_mut(k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => overlay(b, o, &key, conflicts),
            (Some(old), new) => {
                if old != new {
                    conflicts.push(key);
                }
                *old = new.clone();
            }
            (None, new) => {
                base.insert(k.clone(), new.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests;
