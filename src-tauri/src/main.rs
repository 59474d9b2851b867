//! `site-doctor`: with `check` it runs headless (no window, no GTK); otherwise it opens the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    if site_doctor::cli::wants_cli(&args) {
        #[cfg(windows)]
        attach_parent_console();
        std::process::exit(site_doctor::cli::main(&args));
    }
    site_doctor::run_app();
}

/// A release build is a GUI-subsystem program on Windows: it starts without a console, so
/// `site-doctor check` typed in a terminal would print nothing. Attaching to the terminal's console
/// gives stdout/stderr back (a redirected stdout keeps its file: inherited handles stay).
#[cfg(windows)]
#[allow(unsafe_code)]
fn attach_parent_console() {
    use windows_sys::Win32::System::Console::{ATTACH_PARENT_PROCESS, AttachConsole};
    // SAFETY: AttachConsole takes a process id and no pointers; failing (no parent console, or one
    // attached already) leaves the process as it was, which is fine.
    unsafe {
        AttachConsole(ATTACH_PARENT_PROCESS);
    }
}
