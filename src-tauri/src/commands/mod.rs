//! The window's commands: a few lines each, the engine does the work.

pub mod fix;
pub mod history;
pub mod open;
pub mod report;
pub mod watch;

use std::sync::atomic::{AtomicU64, Ordering};

use site_doctor_engine::owner::{MAX_PATHS, Origin, OwnerOptions};
use site_doctor_engine::{CancellationToken, Diagnosis, ProgressEvent, RunOptions, Target, diagnose};
use tauri::State;
use tauri::ipc::Channel;

use crate::AppState;
use crate::error::{ErrorCode, UiError};

static RUN_ID: AtomicU64 = AtomicU64::new(1);

/// The owner's checks the window asks for ("I run this site"), as `check --paths --origin`.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct OwnerRequest {
    /// Routes, each starting with `/`.
    #[serde(default)]
    pub paths: Vec<String>,
    /// The origin's `ADDR[:PORT]`, if given.
    #[serde(default)]
    pub origin: Option<String>,
}

impl OwnerRequest {
    /// The engine's options, or why the request is not valid.
    fn options(&self, target: &Target) -> Result<OwnerOptions, UiError> {
        let bad = |m: String| UiError::new(ErrorCode::BadInput, m);
        if self.paths.len() > MAX_PATHS
            || self.paths.iter().any(|p| !p.starts_with('/') || p.contains(char::is_whitespace))
        {
            return Err(bad(format!("paths: at most {MAX_PATHS}, each starting with /")));
        }
        let origin = match self.origin.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
            Some(o) => Some(Origin::parse(o, target).map_err(bad)?),
            None => None,
        };
        Ok(OwnerOptions { paths: self.paths.clone(), origin, ..OwnerOptions::default() })
    }
}

/// Diagnoses what the user typed, streaming progress over `on_event`. Third-party vantage services
/// are asked only when the user said yes (`vantage`) and the configuration allows it. With
/// `owner`, the owner's checks run beside it (`evidence.owner`).
#[tauri::command]
pub async fn check_site(
    input: String,
    vantage: Option<bool>,
    owner: Option<OwnerRequest>,
    on_event: Channel<ProgressEvent>,
    state: State<'_, AppState>,
) -> Result<Diagnosis, UiError> {
    let target = Target::parse(&input)?;
    let owner = owner.map(|o| o.options(&target)).transpose()?;
    // "Open the site" opens this one and no other (commands/open.rs).
    state.last_site.set(&target.url);
    let mut config = state.config.as_ref().map_err(UiError::from)?.clone();
    config.vantage_enabled &= vantage == Some(true);
    let (id, cancel) = (RUN_ID.fetch_add(1, Ordering::Relaxed), CancellationToken::new());
    {
        let mut current = state.current.lock().map_err(|_| UiError::new(ErrorCode::Internal, "state lock poisoned"))?;
        if current.is_some() {
            return Err(UiError::new(ErrorCode::Busy, "a check is already running"));
        }
        *current = Some((id, cancel.clone()));
    }
    // The OS proxy setting is read by running the system's tools: off the async threads.
    let os_proxy =
        tauri::async_runtime::spawn_blocking(site_doctor_fix::detect::os_proxy_for_engine).await.ok().flatten();
    let opts = RunOptions { cancel, os_proxy, ..RunOptions::default() };
    // A closed channel (window gone) must not stop the diagnosis.
    let progress = move |e| drop(on_event.send(e));
    let result = match &owner {
        Some(o) => site_doctor_engine::owner::diagnose(target, &config, opts, o, progress).await,
        None => diagnose(target, &config, opts, progress).await,
    };
    if let Ok(d) = &result {
        history::record(state.history.clone(), d).await;
    }
    if let Ok(mut current) = state.current.lock()
        && current.as_ref().is_some_and(|(run, _)| *run == id)
    {
        *current = None;
    }
    Ok(result?)
}

/// Cancels the running check, if any; the next check may start at once.
#[tauri::command]
pub fn cancel_check(state: State<'_, AppState>) {
    if let Some((_, token)) = state.current.lock().ok().and_then(|mut c| c.take()) {
        token.cancel();
    }
}

/// The third-party services a check may ask (host names), for the consent question; empty when
/// the configuration turns them off.
#[tauri::command]
pub fn vantage_services(state: State<'_, AppState>) -> Vec<String> {
    match &state.config {
        Ok(c) if c.vantage_enabled => {
            [&c.globalping, &c.check_host].iter().filter_map(|u| u.host_str().map(str::to_owned)).collect()
        }
        _ => Vec::new(),
    }
}
