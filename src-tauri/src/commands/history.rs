//! The history's commands: the `site-doctor-history` crate keeps the file; these only move its
//! calls off the async threads (every write is flushed to the disk).

use std::sync::Arc;

use site_doctor_engine::{Diagnosis, TriedStep};
use site_doctor_history::{History, HistoryEntry, HistoryError, HistoryList};
use tauri::State;

use crate::AppState;
use crate::error::{ErrorCode, UiError};

/// Runs `op` on the history on a blocking thread.
async fn with<T: Send + 'static>(
    state: &AppState,
    op: impl FnOnce(&History) -> Result<T, HistoryError> + Send + 'static,
) -> Result<T, UiError> {
    let history = state.history.clone().ok_or_else(|| UiError::new(ErrorCode::Internal, "no data folder"))?;
    tauri::async_runtime::spawn_blocking(move || op(&history))
        .await
        .map_err(|e| UiError::new(ErrorCode::Internal, format!("history: {e}")))?
        .map_err(|e| UiError::new(ErrorCode::Internal, format!("history: {e}")))
}

/// Keeps a finished check (called by `check_site`). A history that cannot be written must not
/// cost the user the answer, so failures only go to the log.
pub(crate) async fn record(history: Option<Arc<History>>, d: &Diagnosis) {
    let Some(history) = history else { return };
    let d = d.clone();
    let done = tauri::async_runtime::spawn_blocking(move || history.append(d, Vec::new())).await;
    if let Ok(Err(e)) = done {
        eprintln!("Site Doctor could not keep this check in its history: {e}");
    }
}

/// The recent checks, newest first, and where a damaged history went (if it did this session).
#[tauri::command]
pub async fn history_list(state: State<'_, AppState>) -> Result<HistoryList, UiError> {
    with(&state, |h| h.list()).await
}

/// One check in full (to reopen it, or copy its report); null when it is gone.
#[tauri::command]
pub async fn history_get(id: String, state: State<'_, AppState>) -> Result<Option<HistoryEntry>, UiError> {
    with(&state, move |h| h.get(&id)).await
}

/// Forgets one check; false when there was none.
#[tauri::command]
pub async fn history_delete(id: String, state: State<'_, AppState>) -> Result<bool, UiError> {
    with(&state, move |h| h.delete(&id)).await
}

/// Forgets every check ("Clear history").
#[tauri::command]
pub async fn history_clear(state: State<'_, AppState>) -> Result<(), UiError> {
    with(&state, History::clear).await
}

/// Attaches the wizard's steps to a kept check (`id` is its `diagnosis.started_at`), replacing
/// any attached before; false when there is no such check.
#[tauri::command]
pub async fn history_update_tried(
    id: String,
    tried: Vec<TriedStep>,
    state: State<'_, AppState>,
) -> Result<bool, UiError> {
    with(&state, move |h| h.update_tried(&id, tried)).await
}
