//! The app's manners, registered in one call ([`register`]): one instance (a second launch
//! focuses the first and hands it its site), logs in the OS log directory (rotated), window size
//! and position remembered, an update check at most once a day that asks before installing and
//! is silent offline, and the About panel's data. Its commands belong to the inline plugin
//! `desktop` (`plugin:desktop|about`, …), so the window's own command list stays untouched.

use std::sync::Mutex;
use std::time::SystemTime;

use serde::Serialize;
use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Emitter, Manager, Runtime, State};
use ts_rs::TS;

use crate::update;

/// The event a second launch (or an update found) sends to the window.
pub const OPEN_SITE_EVENT: &str = "open-site";
/// The event sent when a newer version is there; the window asks the user, then calls
/// `install_update`.
pub const UPDATE_EVENT: &str = "update-available";

/// A newer version the window may offer to install.
#[derive(Debug, Clone, Serialize, TS)]
pub struct UpdateOffer {
    /// The version offered.
    pub version: String,
    /// Its release notes, if any.
    pub notes: Option<String>,
}

/// What the window holds for later: the site given on the command line at the first launch, the
/// update found.
#[derive(Default)]
struct Pending {
    site: Mutex<Option<String>>,
    update: Mutex<Option<UpdateOffer>>,
}

/// Registers single-instance (first, as its docs require; release builds), log, window-state,
/// updater and the `desktop` commands.
pub fn register<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    // Release builds only: a `cargo run` build must not hand its site to an installed app (they
    // share the identifier), and the end-to-end tests start several debug windows at once.
    let builder = if cfg!(debug_assertions) { builder } else { builder.plugin(single_instance()) };
    builder
        .plugin(
            tauri_plugin_log::Builder::new()
                .clear_targets()
                .target(tauri_plugin_log::Target::new(tauri_plugin_log::TargetKind::LogDir { file_name: None }))
                .level(log::LevelFilter::Info)
                .max_file_size(1_000_000)
                .rotation_strategy(tauri_plugin_log::RotationStrategy::KeepSome(5))
                .build(),
        )
        .plugin(tauri_plugin_window_state::Builder::new().build())
        .plugin(tauri_plugin_updater::Builder::new().build())
        .plugin(desktop())
}

/// A second launch focuses the first window and hands it its site (event `open-site`).
fn single_instance<R: Runtime>() -> TauriPlugin<R> {
    tauri_plugin_single_instance::init(|app, argv, _cwd| {
        if let Some(window) = app.get_webview_window("main") {
            let _ = window.unminimize();
            let _ = window.show();
            let _ = window.set_focus();
        }
        if let Some(site) = site_argument(argv.iter().skip(1).map(String::as_str)) {
            log::info!("a second launch handed over a site");
            let _ = app.emit_to("main", OPEN_SITE_EVENT, site);
        }
    })
}

fn desktop<R: Runtime>() -> TauriPlugin<R> {
    tauri::plugin::Builder::new("desktop")
        .invoke_handler(tauri::generate_handler![about, pending_site, pending_update, install_update])
        .setup(|app, _api| {
            let pending = Pending::default();
            if let Ok(mut site) = pending.site.lock() {
                *site = site_argument(std::env::args().skip(1).collect::<Vec<_>>().iter().map(String::as_str));
            }
            app.manage(pending);
            log::info!("Site Doctor {} started", app.package_info().version);
            spawn_update_check(app.clone());
            Ok(())
        })
        .build()
}

/// The site in a launch's arguments: the first one that is not an option, at most 2 kB.
pub fn site_argument<'a>(args: impl IntoIterator<Item = &'a str>) -> Option<String> {
    args.into_iter().map(str::trim).find(|a| !a.is_empty() && !a.starts_with('-') && a.len() <= 2048).map(str::to_owned)
}

/// Once a day at most, in release builds, unless `SITE_DOCTOR_NO_UPDATE_CHECK` is set (tests and
/// packagers who update through their own channel).
fn spawn_update_check<R: Runtime>(app: AppHandle<R>) {
    if cfg!(debug_assertions) || std::env::var_os("SITE_DOCTOR_NO_UPDATE_CHECK").is_some() {
        return;
    }
    tauri::async_runtime::spawn(async move {
        let Ok(dir) = app.path().app_data_dir() else { return };
        let stamp = dir.join("last-update-check");
        let now = SystemTime::now();
        if !update::due(update::last_check(&stamp), now) {
            return;
        }
        let _ = update::record_check(&stamp, now);
        let config = app.config().plugins.0.get("updater").cloned().unwrap_or_default();
        let Some(endpoint) = config["endpoints"].get(0).and_then(|e| e.as_str()).map(str::to_owned) else { return };
        let Some(client) = update::client() else { return };
        let current = app.package_info().version.to_string();
        match update::check(&client, &endpoint, &current, &update::platform_key()).await {
            update::Decision::Newer(offer) => {
                log::info!("update {} available", offer.version);
                let offer = UpdateOffer { version: offer.version, notes: offer.notes };
                if let Ok(mut pending) = app.state::<Pending>().update.lock() {
                    *pending = Some(offer.clone());
                }
                let _ = app.emit_to("main", UPDATE_EVENT, offer);
            }
            update::Decision::Current => log::info!("no update: {current} is current"),
            update::Decision::Quiet(why) => log::info!("no update check: {why}"),
        }
    });
}

/// The site given on the command line at launch, once (the window asks when it is ready).
#[tauri::command]
fn pending_site(pending: State<'_, Pending>) -> Option<String> {
    pending.site.lock().ok().and_then(|mut s| s.take())
}

/// The update found by today's check, if any (for a window that loaded after the event).
#[tauri::command]
fn pending_update(pending: State<'_, Pending>) -> Option<UpdateOffer> {
    pending.update.lock().ok().and_then(|u| u.clone())
}

/// Installs the update the user agreed to, then restarts. The plugin downloads it and refuses it
/// unless its signature verifies with the configured public key.
#[tauri::command]
async fn install_update<R: Runtime>(app: AppHandle<R>) -> Result<(), String> {
    use tauri_plugin_updater::UpdaterExt;
    let update = app.updater().map_err(|e| e.to_string())?.check().await.map_err(|e| e.to_string())?;
    let Some(update) = update else { return Err("no update available".into()) };
    log::info!("installing update {}", update.version);
    update.download_and_install(|_, _| {}, || {}).await.map_err(|e| {
        log::warn!("update refused or failed: {e}");
        e.to_string()
    })?;
    app.restart()
}

/// The About panel's data: the version and the licences of what is built into the app.
#[tauri::command]
fn about<R: Runtime>(app: AppHandle<R>) -> crate::about::About {
    crate::about::About::new(app.package_info().version.to_string())
}

#[cfg(test)]
mod tests {
    use super::site_argument;

    #[test]
    fn the_site_is_the_first_argument_that_is_not_an_option() {
        assert_eq!(site_argument(["--flag", "https://example.com/"]), Some("https://example.com/".into()));
        assert_eq!(site_argument(["", "  "]), None);
        assert_eq!(site_argument(std::iter::empty()), None);
        assert_eq!(site_argument([&*"a".repeat(3000)]), None);
    }
}
