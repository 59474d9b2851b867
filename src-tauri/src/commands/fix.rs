//! The fix room's commands, one per action (so a capability can grant each on its own): typed
//! arguments in, never a command string, and the typed result out; `site-doctor-fix` plans and runs it, exactly as `site-doctor fix …` does.

use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;
use site_doctor_engine::ActionNote;
use site_doctor_fix::{Action, ActionResult, AdapterId, FixContext, ResolverPreset, SnapshotStore};
use ts_rs::TS;

use crate::error::{ErrorCode, UiError};

/// What a fix command answers: the fix room's typed result, for the window's words, and the
/// same result as the help-desk report records it (converted here, once, for both).
#[derive(Debug, Clone, Serialize, TS)]
pub struct ActionReply {
    /// What came of it.
    pub result: ActionResult,
    /// The report's note of it.
    pub note: ActionNote,
}

/// One action at a time: a second click while a password prompt is open must not start another.
static FIXING: AtomicBool = AtomicBool::new(false);

fn store() -> Result<SnapshotStore, UiError> {
    SnapshotStore::default_location()
        .ok_or_else(|| UiError::new(ErrorCode::Internal, "no home folder to keep the undo information in"))
}

/// Carries out one fix on this computer (off the async runtime: it waits for programs).
async fn run(action: Action) -> Result<ActionReply, UiError> {
    let store = store()?;
    if FIXING.swap(true, Ordering::AcqRel) {
        return Err(UiError::new(ErrorCode::Busy, "a fix is already running"));
    }
    let result = tauri::async_runtime::spawn_blocking(move || site_doctor_fix::run(action, store)).await;
    FIXING.store(false, Ordering::Release);
    let result = result.map_err(|e| UiError::new(ErrorCode::Internal, format!("the fix stopped unexpectedly: {e}")))?;
    Ok(ActionReply { note: super::report::action_note(&result), result })
}

/// Empties this computer's DNS cache (`site-doctor fix flush-dns`).
#[tauri::command]
pub async fn fix_flush_dns() -> Result<ActionReply, UiError> {
    run(Action::FlushDns).await
}

/// Switches one adapter to a public DNS service after saving its settings (`site-doctor fix
/// resolver`). The adapter name is checked on the way in and again against the OS's own list.
#[tauri::command]
pub async fn fix_switch_resolver(adapter: AdapterId, preset: ResolverPreset) -> Result<ActionReply, UiError> {
    run(Action::SwitchResolver { adapter, preset }).await
}

/// Puts back the DNS settings saved before the last switch (`site-doctor fix undo`).
#[tauri::command]
pub async fn fix_undo_resolver_switch() -> Result<ActionReply, UiError> {
    run(Action::UndoResolverSwitch).await
}

/// What the fix steps need to know: browser, OS proxy, VPN, the adapter, a pending undo.
#[tauri::command]
pub async fn fix_context() -> Result<FixContext, UiError> {
    let store = store()?;
    tauri::async_runtime::spawn_blocking(move || site_doctor_fix::context(&store))
        .await
        .map_err(|e| UiError::new(ErrorCode::Internal, format!("could not look at this computer: {e}")))
}
