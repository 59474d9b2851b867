//! What the real-window tests share: one window at a time, the display check, the app opened on
//! a test's own config and data, calls through the window's IPC, screenshots, and the check that
//! no raw data reaches the screen.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::app::{self, Endpoints};
use crate::webdriver::{Driver, Session};

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

/// The app in a window, on a config that names only the test's loopback fakes, with its own
/// profile and data folder. Fields drop in order: the window closes, then its driver, then the
/// next test may open one.
pub struct AppWindow {
    /// The window.
    pub session: Session,
    _driver: Driver,
    /// The test's scratch folder.
    pub dir: PathBuf,
    /// The app's data folder (`SITE_DOCTOR_DATA_DIR`: the history).
    pub data: PathBuf,
    _one: std::sync::MutexGuard<'static, ()>,
}

impl AppWindow {
    /// Opens the app (waiting for its first screen) with `probe` as its only connectivity
    /// endpoint, in scratch folder `name`, with `env` besides (e.g. a session bus).
    pub fn open(name: &str, probe: &str, env: &[(&str, &Path)]) -> Self {
        let one = one_window();
        let dir = app::scratch(name);
        Self::open_in(dir, probe, env, one)
    }

    /// As [`AppWindow::open`], in a scratch folder the caller made already (for helpers that
    /// keep files there, such as a private bus).
    pub fn open_in(dir: PathBuf, probe: &str, env: &[(&str, &Path)], one: std::sync::MutexGuard<'static, ()>) -> Self {
        let config = app::write_config(&dir, &Endpoints { probes: vec![probe.to_owned()], ..Endpoints::default() });
        let profile = app::fresh_profile(&dir);
        let data = dir.join("app-data");
        let mut all: Vec<(&str, &Path)> = vec![("SITE_DOCTOR_CONFIG", &config), ("SITE_DOCTOR_DATA_DIR", &data)];
        all.extend(profile.iter().map(|(k, v)| (*k, v.as_path())));
        all.extend_from_slice(env);
        let driver = Driver::start(&all);
        let session = driver.session(&app::binary());
        session.wait_for("#site-input", WAIT);
        Self { session, _driver: driver, dir, data, _one: one }
    }

    /// Types `site` into the box, checks it, and waits for the answer.
    pub fn check(&self, site: &str) {
        let input = self.session.wait_for("#site-input", SHORT);
        self.session.type_into(&input, site);
        self.session.click_when_ready("#check-button", SHORT);
        self.session.wait_for("#result", WAIT);
    }

    /// Calls a command as `ipc.ts` does (see [`invoke`]).
    pub fn invoke(&self, cmd: &str, args: &str) -> Value {
        invoke(&self.session, cmd, args)
    }
}

/// Calls a command from the page through the window's own IPC and waits (at most 10 s) for
/// `{ok: value}` or `{err: text}`; null if neither came.
pub fn invoke(session: &Session, cmd: &str, args: &str) -> Value {
    let slot = format!("sd_{}", cmd.replace([':', '|', '-'], "_"));
    session.execute(&format!(
        "window.{slot} = null; window.__TAURI_INTERNALS__.invoke('{cmd}', {args}).then(v => window.{slot} = {{ok: v ?? null}}, e => window.{slot} = {{err: JSON.stringify(e)}}); return true;"
    ));
    let until = Instant::now() + Duration::from_secs(10);
    loop {
        let v = session.execute(&format!("return window.{slot};"));
        if !v.is_null() || Instant::now() > until {
            return v;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
