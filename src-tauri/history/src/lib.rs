//! Site Doctor's history: the recent checks, kept in one JSON file in the app's data folder.
//!
//! One small file replaced atomically rather than SQLite: at most [`MAX_ENTRIES`] entries are
//! read and written whole, so a database buys nothing but a C library to build, and a rename is
//! crash-safe on every file system the app runs on. A damaged file is set aside, never deleted.

mod file;

pub use file::write_atomically;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use site_doctor_engine::report::incident_id;
use site_doctor_engine::{Confidence, Culprit, Diagnosis, TriedStep, Verdict};
use ts_rs::TS;

/// The file name inside the app's data folder.
pub const FILE_NAME: &str = "history.json";
/// How many checks are kept; the oldest go first.
pub const MAX_ENTRIES: usize = 100;
/// Most tried steps kept per entry: far above what the wizard produces.
pub const MAX_TRIED: usize = 64;
const FORMAT_VERSION: u32 = 1;

/// One check as it was kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HistoryEntry {
    /// The run's start (`diagnosis.started_at`, nanoseconds included): unique because checks run
    /// one at a time, and already known to the window that holds the diagnosis.
    pub id: String,
    /// The run, as the engine returned it (unredacted: it never leaves this computer unless the
    /// user copies a report, which redacts).
    pub diagnosis: Diagnosis,
    /// The steps the user tried in the wizard, attached after the run.
    #[serde(default)]
    pub tried: Vec<TriedStep>,
}

/// A line of the history list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HistorySummary {
    /// For `history_get`, `history_delete`, `history_update_tried`.
    pub id: String,
    /// The host checked.
    pub site: String,
    /// What the check said.
    pub verdict: Verdict,
    /// What it blamed.
    pub culprit: Culprit,
    /// How sure it was.
    pub confidence: Confidence,
    /// When it started (RFC 3339, UTC).
    pub when: String,
    /// The incident id its report carries (`SD-4K7Q-9M2T`).
    pub incident: String,
    /// How many wizard steps are attached.
    pub tried: u32,
    /// The owner's checks ran ("I run this site", `--paths`, `--origin`): the entry holds their
    /// routes, origin and DNS findings.
    #[serde(default)]
    pub owner: bool,
}

/// The history list, newest first, and what happened to a damaged file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HistoryList {
    /// Newest first.
    pub entries: Vec<HistorySummary>,
    /// Set when the earlier history could not be read in this session and was moved to this
    /// path: the window says "We couldn't read your earlier history; it was set aside as …".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub set_aside: Option<String>,
}

/// Why the history could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// Reading, writing or setting aside the file.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

/// The file's contents, oldest first.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct HistoryFile {
    version: u32,
    entries: Vec<HistoryEntry>,
}

/// The history file, with one lock so that two commands of the window never interleave their
/// read-modify-write. (A CLI writing at the same moment could lose one of two entries, never
/// damage the file.)
#[derive(Debug)]
pub struct History {
    path: PathBuf,
    /// Where a damaged file went in this session, reported with every list until the app ends.
    set_aside: Mutex<Option<PathBuf>>,
}

impl History {
    /// A history at `path` (tests give a temporary file).
    pub fn at(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        file::sweep_stale(&path);
        Self { path, set_aside: Mutex::new(None) }
    }

    /// The history in the app's data folder (see [`site_doctor_engine::config::data_dir`]).
    pub fn default_location() -> Option<Self> {
        Some(Self::at(site_doctor_engine::config::data_dir()?.join(FILE_NAME)))
    }

    /// Where the file is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The summaries, newest first.
    pub fn list(&self) -> Result<HistoryList, HistoryError> {
        let (entries, set_aside) = self.with(|f| (f.entries.iter().rev().map(summary).collect(), false))?;
        Ok(HistoryList { entries, set_aside: set_aside.map(|p| p.display().to_string()) })
    }

    /// One entry in full.
    pub fn get(&self, id: &str) -> Result<Option<HistoryEntry>, HistoryError> {
        Ok(self.with(|f| (f.entries.iter().find(|e| e.id == id).cloned(), false))?.0)
    }

    /// Keeps a finished run, newest last; the same run again replaces its entry. Returns its id.
    pub fn append(&self, diagnosis: Diagnosis, tried: Vec<TriedStep>) -> Result<String, HistoryError> {
        let id = diagnosis.started_at.clone();
        let mut tried = tried;
        tried.truncate(MAX_TRIED);
        let entry = HistoryEntry { id: id.clone(), diagnosis, tried };
        self.with(move |f| {
            f.entries.retain(|e| e.id != entry.id);
            f.entries.push(entry);
            let excess = f.entries.len().saturating_sub(MAX_ENTRIES);
            f.entries.drain(..excess);
            ((), true)
        })?;
        Ok(id)
    }

    /// Replaces the steps tried of one entry; `false` when there is no such entry.
    pub fn update_tried(&self, id: &str, tried: Vec<TriedStep>) -> Result<bool, HistoryError> {
        let mut tried = tried;
        tried.truncate(MAX_TRIED);
        Ok(self
            .with(|f| match f.entries.iter_mut().find(|e| e.id == id) {
                Some(e) => {
                    e.tried = tried;
                    (true, true)
                }
                None => (false, false),
            })?
            .0)
    }

    /// Forgets one entry; `false` when there was none.
    pub fn delete(&self, id: &str) -> Result<bool, HistoryError> {
        Ok(self
            .with(|f| {
                let before = f.entries.len();
                f.entries.retain(|e| e.id != id);
                let gone = f.entries.len() != before;
                (gone, gone)
            })?
            .0)
    }

    /// Forgets every entry ("Clear history"). A file set aside earlier stays where it is.
    pub fn clear(&self) -> Result<(), HistoryError> {
        self.with(|f| {
            f.entries.clear();
            ((), true)
        })
        .map(|_| ())
    }

    /// Reads, lets `op` look or change (it says whether it changed anything), writes if so.
    fn with<T>(&self, op: impl FnOnce(&mut HistoryFile) -> (T, bool)) -> Result<(T, Option<PathBuf>), HistoryError> {
        let mut aside = self.set_aside.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let read = file::read(&self.path)?;
        if let Some(p) = read.set_aside {
            *aside = Some(p);
        }
        let mut f = read.file;
        f.version = FORMAT_VERSION;
        let (out, changed) = op(&mut f);
        if changed {
            file::write(&self.path, &f)?;
        }
        Ok((out, aside.clone()))
    }
}

fn summary(e: &HistoryEntry) -> HistorySummary {
    let d = &e.diagnosis;
    HistorySummary {
        id: e.id.clone(),
        site: d.target.host.clone(),
        verdict: d.verdict,
        culprit: d.culprit,
        confidence: d.confidence,
        when: d.started_at.clone(),
        incident: incident_id(d),
        tried: u32::try_from(e.tried.len()).unwrap_or(u32::MAX),
        owner: d.evidence.owner.is_some(),
    }
}

/// The TypeScript declarations of the history's types, for `ui/src/lib/types.ts`.
pub fn typescript_bindings() -> String {
    let mut out = String::new();
    for decl in [HistoryEntry::decl(), HistorySummary::decl(), HistoryList::decl()] {
        out.push_str("export ");
        out.push_str(&decl);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests;
