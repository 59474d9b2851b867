//! What the real-window tests share: one window at a time, the display check, screenshots, and
//! the check that no raw data reaches the screen.

use std::path::PathBuf;
use std::time::Duration;

use crate::app;
use crate::webdriver::Session;

/// How long a whole check may take on screen.
pub const WAIT: Duration = Duration::from_secs(20);
/// How long a screen change may take.
pub const SHORT: Duration = Duration::from_secs(5);

/// One window at a time: under one Xvfb, parallel windows make each other's screenshots stale.
pub fn one_window() -> std::sync::MutexGuard<'static, ()> {
    static WINDOW: std::sync::Mutex<()> = std::sync::Mutex::new(());
    WINDOW.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Without a display there is no window to test; under CI that is a failure, never a skip.
pub fn display_or_skip() -> bool {
    if std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some() {
        return true;
    }
    assert!(std::env::var("CI").is_err(), "no DISPLAY: run the end-to-end tests under xvfb-run (make test does)");
    eprintln!("SKIPPED: no DISPLAY; run `make test` to run the end-to-end tests under Xvfb");
    false
}

/// Where the screenshots go.
pub fn shots() -> PathBuf {
    app::workspace().join("target").join("e2e-screenshots")
}

/// A screenshot named `name`. WebKit paints asynchronously; a picture taken at once can be blank
/// or half-laid-out.
pub fn shot(session: &Session, name: &str) {
    std::thread::sleep(Duration::from_millis(350));
    session.screenshot(&shots().join(format!("{name}.png")));
}

/// Fails when the element shows JSON, a Rust error or HTML source instead of words.
pub fn no_raw_data(session: &Session, css: &str) {
    let e = session.wait_for(css, SHORT);
    let text = session.text(&e);
    assert!(!text.contains('{') && !text.contains("Err(") && !text.contains("<title>"), "raw data on screen: {text}");
}
