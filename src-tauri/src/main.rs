//! `site-doctor`: with `check` it runs headless (no window, no GTK); otherwise it opens the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    if site_doctor::cli::wants_cli(&args) {
        std::process::exit(site_doctor::cli::main(&args));
    }
    site_doctor::run_app();
}
