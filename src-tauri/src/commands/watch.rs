//! "Tell me when it's back": the engine's watch loop run in the background, its events streamed
//! to the window, and an OS notification raised from here when the site loads again.
//!
//! Closing the window ends the app, and with it the watch: there is no tray icon. The window
//! says so while a watch runs (`watch_status` tells it one does).

use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;
use site_doctor_engine::watch::{Notice, NoticeWords, SystemClock, WatchPlan, watch};
use site_doctor_engine::{CancellationToken, RunOptions, Target, WatchEvent, diagnose};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};
use ts_rs::TS;

use crate::AppState;
use crate::error::{ErrorCode, UiError};

static WATCH_ID: AtomicU64 = AtomicU64::new(1);

/// The watch that runs.
pub struct Running {
    id: u64,
    site: String,
    cancel: CancellationToken,
    last: Option<WatchEvent>,
}

/// What the window shows about a running watch (after a reload, or to warn before closing that
/// closing stops it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct WatchStatus {
    /// The host watched.
    pub site: String,
    /// The latest event, if a check has finished yet.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub last: Option<WatchEvent>,
    /// Always true: closing the window ends the app and the watch (no tray icon).
    pub stops_when_window_closes: bool,
}

/// Watches `input` until it loads again, streaming [`WatchEvent`]s over `on_event`; returns
/// once the watch has started. A watch already running (another site) is stopped first. The
/// vantage services are asked once, to confirm it is back, and only with the user's yes
/// (`vantage`) and the configuration's. `down_since`: the `started_at` of the check that found
/// it down, so "down since" and the notification count from then. `notice`: the notification's
/// words in the window's language (its catalogue's `watch.back` and `watch.wasDown`, with their
/// `{site}` and `{minutes}` placeholders); English without them.
#[tauri::command]
pub async fn watch_start(
    input: String,
    vantage: Option<bool>,
    down_since: Option<String>,
    notice: Option<NoticeWords>,
    on_event: Channel<WatchEvent>,
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<(), UiError> {
    let target = Target::parse(&input)?;
    let config = state.config.as_ref().map_err(UiError::from)?.clone();
    let plan =
        WatchPlan::new(config.vantage_enabled && vantage == Some(true)).down_since(down_since.as_deref()).words(notice);
    let (id, cancel, site) = (WATCH_ID.fetch_add(1, Ordering::Relaxed), CancellationToken::new(), target.host_str());
    let previous = lock(&state)?.replace(Running { id, site: site.clone(), cancel: cancel.clone(), last: None });
    if let Some(p) = previous {
        p.cancel.cancel();
    }
    let os_proxy =
        tauri::async_runtime::spawn_blocking(site_doctor_fix::detect::os_proxy_for_engine).await.ok().flatten();
    tauri::async_runtime::spawn(async move {
        let check = |vantage: bool| {
            let (target, mut config) = (target.clone(), config.clone());
            config.vantage_enabled = vantage;
            let opts = RunOptions { cancel: cancel.child_token(), os_proxy: os_proxy.clone(), ..RunOptions::default() };
            async move { diagnose(target, &config, opts, |_| {}).await.ok().map(|d| d.verdict) }
        };
        let notify = |n: Notice| notify(&app, n);
        let emit = |e: WatchEvent| {
            if let Ok(mut w) = app.state::<AppState>().watch.lock()
                && let Some(r) = w.as_mut().filter(|r| r.id == id)
            {
                r.last = Some(e.clone());
            }
            // A closed channel (the window reloaded) must not stop the watch: status has it.
            drop(on_event.send(e));
        };
        watch(&site, &plan, &SystemClock, &cancel, check, notify, emit).await;
        if let Ok(mut w) = app.state::<AppState>().watch.lock()
            && w.as_ref().is_some_and(|r| r.id == id)
        {
            *w = None;
        }
    });
    Ok(())
}

/// Stops the watch, if one runs; it sends `stopped` (cancelled) last.
#[tauri::command]
pub fn watch_stop(state: State<'_, AppState>) -> Result<(), UiError> {
    if let Some(r) = lock(&state)?.take() {
        r.cancel.cancel();
    }
    Ok(())
}

/// The watch that runs, if any.
#[tauri::command]
pub fn watch_status(state: State<'_, AppState>) -> Result<Option<WatchStatus>, UiError> {
    Ok(lock(&state)?.as_ref().map(|r| WatchStatus {
        site: r.site.clone(),
        last: r.last.clone(),
        stops_when_window_closes: true,
    }))
}

fn lock<'a>(state: &'a AppState) -> Result<std::sync::MutexGuard<'a, Option<Running>>, UiError> {
    state.watch.lock().map_err(|_| UiError::new(ErrorCode::Internal, "state lock poisoned"))
}

/// Raises the OS notification; a desktop without a notification service only loses the popup
/// (the window shows the `back` event too).
fn notify(app: &AppHandle, n: Notice) {
    use tauri_plugin_notification::NotificationExt;
    if let Err(e) = app.notification().builder().title(n.title).body(n.body).show() {
        eprintln!("Site Doctor could not show a notification: {e}");
    }
}
