//! The owner's flags a scenario passes to `check` (`[owner]`), kept apart from the rest of the
//! scenario's knobs: they change what the app is asked, not the lab.

use serde::Deserialize;

/// The owner's flags passed to `check` (`--paths`, `--origin`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Owner {
    /// `--paths`.
    pub paths: Vec<String>,
    /// `--origin` (empty: not given).
    pub origin: String,
}
