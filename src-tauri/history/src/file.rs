//! The file under the history: read it, set a damaged one aside, replace it atomically.

use std::fs::{self, File};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::{HistoryError, HistoryFile};

/// A temporary file untouched this long belongs to a writer that died (a live writer finishes
/// in milliseconds); younger ones may be another process's write in progress.
const STALE_TMP: Duration = Duration::from_secs(60);

/// What reading found.
pub(crate) struct Read {
    pub file: HistoryFile,
    /// Where a damaged file was moved to, when this read moved one.
    pub set_aside: Option<PathBuf>,
}

/// Reads `path`. Missing means empty. Unparsable means: move it to
/// `history.json.corrupt-<unix seconds>` and start empty, so that the next write cannot destroy
/// what the user may still want, and say where it went. When it cannot even be moved, fail: a
/// write would then overwrite it.
pub(crate) fn read(path: &Path) -> Result<Read, HistoryError> {
    let io = |source| HistoryError::Io { path: path.to_path_buf(), source };
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Read { file: HistoryFile::default(), set_aside: None }),
        Err(e) => return Err(io(e)),
    };
    match serde_json::from_slice::<HistoryFile>(&bytes) {
        Ok(file) if file.version == crate::FORMAT_VERSION => Ok(Read { file, set_aside: None }),
        _ => {
            let secs = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
            let mut aside = sibling(path, &format!("corrupt-{secs}"));
            // Two damaged files in one second must not overwrite each other.
            for n in 1..100 {
                if !aside.exists() {
                    break;
                }
                aside = sibling(path, &format!("corrupt-{secs}-{n}"));
            }
            fs::rename(path, &aside).map_err(io)?;
            Ok(Read { file: HistoryFile::default(), set_aside: Some(aside) })
        }
    }
}

/// Replaces `path` with `file` (see [`write_atomically`]).
pub(crate) fn write(path: &Path, file: &HistoryFile) -> Result<(), HistoryError> {
    let io = |source| HistoryError::Io { path: path.to_path_buf(), source };
    let json = serde_json::to_vec(file).map_err(|e| io(std::io::Error::other(e)))?;
    write_atomically(path, &json).map_err(io)
}

/// Replaces `path` with `bytes`: a new file beside it, flushed to the disk, renamed over the old
/// one (atomic on one file system), then the folder flushed so the rename itself survives a power
/// cut. A crash at any point leaves the old file or the new one, never half of one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir)?;
    // Per process, so the window and a CLI writing at once never share a temporary file.
    let tmp = sibling(path, &format!("tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)?;
        sync_dir(dir)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Removes temporary files that writers killed mid-write left behind.
pub(crate) fn sweep_stale(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else { return };
    let prefix = format!("{name}.tmp-");
    let Ok(entries) = fs::read_dir(dir) else { return };
    // Bounded: a folder with a million files must not keep the app busy.
    for entry in entries.flatten().take(10_000) {
        let stale = entry.metadata().ok().and_then(|m| m.modified().ok()).and_then(|t| t.elapsed().ok());
        if entry.file_name().to_str().is_some_and(|n| n.starts_with(&prefix)) && stale.is_some_and(|a| a > STALE_TMP) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// `history.json` → `history.json.<suffix>`.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().map(std::ffi::OsString::from).unwrap_or_default();
    name.push(".");
    name.push(suffix);
    path.with_file_name(name)
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Windows cannot open a folder as a file; `MoveFileEx` there is already write-through enough.
#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}
