//! The Site Doctor app: a thin Tauri shell over `site-doctor-engine`, and the headless CLI.

pub mod about;
pub mod cli;
pub mod commands;
pub mod error;
pub mod plugins;
pub mod update;
#[cfg(target_os = "linux")]
mod webview_linux;

use std::sync::{Arc, Mutex};

use site_doctor_engine::{CancellationToken, Config, ConfigError};
use site_doctor_history::History;

/// What the window's commands share: the configuration, the run in progress, the history and
/// the watch.
pub struct AppState {
    config: Result<Config, ConfigError>,
    /// The running check's id and cancel token; one at a time.
    current: Mutex<Option<(u64, CancellationToken)>>,
    /// None when there is no data folder (no home): checks still work, nothing is kept.
    history: Option<Arc<History>>,
    /// The "tell me when it's back" watch, if one runs; one at a time.
    watch: Mutex<Option<commands::watch::Running>>,
    /// The site "Open the site" opens: the last one checked.
    last_site: commands::open::LastSite,
}

impl AppState {
    /// Reads the configuration the way the CLI does (`SITE_DOCTOR_CONFIG` or the OS config dir).
    pub fn load() -> Self {
        let config = match Config::locate(None) {
            Some(path) => Config::load(&path),
            None => Ok(Config::default()),
        };
        let history = History::default_location().map(Arc::new);
        Self { config, current: Mutex::new(None), history, watch: Mutex::new(None), last_site: Default::default() }
    }
}

/// Opens the window. Never called for `site-doctor check`, so the CLI never touches GTK.
pub fn run_app() {
    // GTK panics without a display; a person on SSH deserves a sentence and the way round it.
    let unix_desktop = cfg!(all(unix, not(target_os = "macos")));
    if unix_desktop && std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        eprintln!("Site Doctor needs a desktop to open its window. In a terminal, use: site-doctor check <site>");
        std::process::exit(2);
    }
    let builder = plugins::register(tauri::Builder::default());
    // WebKitGTK's memory settings (compositing, caches); see webview_linux.rs.
    #[cfg(target_os = "linux")]
    let builder = builder.plugin(webview_linux::plugin());
    // The fs plugin is registered for its scope only (no fs permission is granted): the dialog
    // adds each path the user picks to it, and `save_text` writes nowhere else.
    let result = builder
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_fs::init())
        .plugin(tauri_plugin_notification::init())
        // Used from Rust only (`open_site`); the window is granted none of its commands.
        .plugin(tauri_plugin_opener::init())
        .manage(AppState::load())
        .invoke_handler(tauri::generate_handler![
            commands::check_site,
            commands::cancel_check,
            commands::vantage_services,
            commands::fix::fix_flush_dns,
            commands::fix::fix_switch_resolver,
            commands::fix::fix_undo_resolver_switch,
            commands::fix::fix_context,
            commands::report::render_report,
            commands::report::save_text,
            commands::history::history_list,
            commands::history::history_get,
            commands::history::history_delete,
            commands::history::history_clear,
            commands::history::history_update_tried,
            commands::watch::watch_start,
            commands::watch::watch_stop,
            commands::watch::watch_status,
            commands::open::open_site
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Site Doctor could not start its window: {e}");
        std::process::exit(1);
    }
}

/// The TypeScript declarations the UI compiles against (`ui/src/lib/types.ts`).
pub fn typescript_bindings() -> String {
    use ts_rs::TS;
    let mut out = site_doctor_engine::typescript_bindings();
    out.push_str(&site_doctor_fix::typescript_bindings());
    out.push_str(&site_doctor_history::typescript_bindings());
    for decl in [
        error::ErrorCode::decl(),
        error::UiError::decl(),
        commands::fix::ActionReply::decl(),
        commands::watch::WatchStatus::decl(),
        plugins::UpdateOffer::decl(),
        about::Licence::decl(),
        about::About::decl(),
    ] {
        out.push_str("export ");
        out.push_str(&decl);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    /// Fails when `ui/src/lib/types.ts` no longer matches the Rust types.
    /// `UPDATE_BINDINGS=1 cargo test -p site-doctor bindings` rewrites it.
    #[test]
    fn typescript_bindings_are_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/types.ts");
        let want = super::typescript_bindings();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &want).expect("write bindings");
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(have == want, "ui/src/lib/types.ts is out of date: run `make bindings`");
    }

    /// Three crates export into one file: two types of the same name would shadow each other.
    #[test]
    fn typescript_bindings_have_unique_names() {
        let all = super::typescript_bindings();
        let mut names: Vec<&str> =
            all.lines().filter_map(|l| l.strip_prefix("export type ")?.split([' ', '<']).next()).collect();
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count, "a TypeScript type name is exported twice");
    }

    /// The CLI's English words that the window's catalogue also has, for `ui/tests/words.test.ts`
    /// to compare with `en.ts`.
    #[test]
    fn typescript_bindings_words_are_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/words.en.json");
        let mut want =
            serde_json::to_string_pretty(&site_doctor_engine::text::shared_with_catalogue()).expect("words serialize");
        want.push('\n');
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &want).expect("write words");
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(have == want, "ui/src/lib/words.en.json is out of date: run `make bindings`");
    }
}
