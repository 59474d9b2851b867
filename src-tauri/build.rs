//! Declares the app's own commands so capabilities can grant exactly these and nothing else.

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(&[
        "check_site",
        "cancel_check",
        "vantage_services",
        "fix_flush_dns",
        "fix_switch_resolver",
        "fix_undo_resolver_switch",
        "fix_context",
        "render_report",
        "save_text",
        "history_list",
        "history_get",
        "history_delete",
        "history_clear",
        "history_update_tried",
        "watch_start",
        "watch_stop",
        "watch_status",
    ]);
    if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)) {
        eprintln!("tauri-build failed: {e:#}");
        std::process::exit(1);
    }
}
