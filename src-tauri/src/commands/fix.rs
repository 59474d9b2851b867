//! The fix room's commands: the window sends an [`Action`] (never a command string) and gets the
//! typed result; `site-doctor-fix` plans and runs it, exactly as `site-doctor fix …` does.

use std::sync::atomic::{AtomicBool, Ordering};

use site_doctor_fix::{Action, ActionResult, FixContext, SnapshotStore};

use crate::error::{ErrorCode, UiError};

/// One action at a time: a second click while a password prompt is open must not start another.
static FIXING: AtomicBool = AtomicBool::new(false);

fn store() -> Result<SnapshotStore, UiError> {
    SnapshotStore::default_location()
        .ok_or_else(|| UiError::new(ErrorCode::Internal, "no home folder to keep the undo information in"))
}

/// Carries out one fix on this computer (off the async runtime: it waits for programs).
#[tauri::command]
pub async fn fix_run(action: Action) -> Result<ActionResult, UiError> {
    let store = store()?;
    if FIXING.swap(true, Ordering::AcqRel) {
        return Err(UiError::new(ErrorCode::Busy, "a fix is already running"));
    }
    let result = tauri::async_runtime::spawn_blocking(move || site_doctor_fix::run(action, store)).await;
    FIXING.store(false, Ordering::Release);
    result.map_err(|e| UiError::new(ErrorCode::Internal, format!("the fix stopped unexpectedly: {e}")))
}

/// What the fix steps need to know: browser, OS proxy, VPN, the adapter, a pending undo.
#[tauri::command]
pub async fn fix_context() -> Result<FixContext, UiError> {
    let store = store()?;
    tauri::async_runtime::spawn_blocking(move || site_doctor_fix::context(&store))
        .await
        .map_err(|e| UiError::new(ErrorCode::Internal, format!("could not look at this computer: {e}")))
}
