//! The X desktop around the window, for the real-window tests: the clipboard (`xclip`), another
//! program's window such as the GTK save dialog (`xdotool`), the whole screen (`import`), and a
//! notification daemon (`dunst`) on a private session bus. Every call is bounded in time.

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::resolve1::PrivateBus;

/// Runs `program args` for at most `secs` seconds (coreutils `timeout`: an X tool waiting for a
/// window or a selection owner that never comes must not hang the test).
fn bounded(secs: u32, program: &str, args: &[&str]) -> Output {
    Command::new("timeout")
        .arg(secs.to_string())
        .arg(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program} (make deps-system installs it): {e}"))
}

/// What the X clipboard holds now (`xclip -selection clipboard -o`), as Ctrl+V would paste it.
pub fn clipboard() -> String {
    let out = bounded(10, "xclip", &["-selection", "clipboard", "-o"]);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The first visible window whose title matches `pattern` (a regular expression), waiting up to
/// `limit`; none if it does not appear.
pub fn find_window(pattern: &str, limit: Duration) -> Option<String> {
    let until = Instant::now() + limit;
    loop {
        let out = bounded(5, "xdotool", &["search", "--onlyvisible", "--name", pattern]);
        if let Some(id) = String::from_utf8_lossy(&out.stdout).lines().next().filter(|l| !l.trim().is_empty()) {
            return Some(id.trim().to_owned());
        }
        if Instant::now() > until {
            return None;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Whether a window with this id is still mapped (visible).
pub fn window_visible(id: &str) -> bool {
    let out = bounded(5, "xdotool", &["getwindowname", id]);
    out.status.success() && {
        let visible = bounded(5, "xdotool", &["search", "--onlyvisible", "--name", "."]);
        String::from_utf8_lossy(&visible.stdout).lines().any(|l| l.trim() == id)
    }
}

/// Types `text` into window `id` as a person would at the keyboard: focus it (there is no window
/// manager under Xvfb, so input focus is set directly), select what its focused field holds,
/// type over it, press Enter. Real key events (XTEST), which GTK accepts like any keyboard's.
pub fn type_and_enter(id: &str, text: &str) {
    for args in [
        vec!["windowfocus", "--sync", id],
        vec!["key", "--clearmodifiers", "ctrl+a"],
        vec!["type", "--delay", "15", "--clearmodifiers", text],
    ] {
        let out = bounded(20, "xdotool", &args);
        assert!(out.status.success(), "xdotool {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    // GTK may still be completing the typed path in a popup; let it settle before Enter.
    std::thread::sleep(Duration::from_millis(400));
    let out = bounded(5, "xdotool", &["key", "--clearmodifiers", "Return"]);
    assert!(out.status.success(), "xdotool key Return: {}", String::from_utf8_lossy(&out.stderr));
}

/// A PNG of the whole screen (the window, dialogs, notifications), as `import -window root`.
pub fn screen(path: &Path) {
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let out = bounded(20, "import", &["-window", "root", &path.display().to_string()]);
    assert!(out.status.success(), "import: {}", String::from_utf8_lossy(&out.stderr));
}

/// `dunst`, a real notification daemon, serving `org.freedesktop.Notifications` on a private
/// session bus of its own; both stop on drop. The app reaches it through `address`.
pub struct Notifier {
    child: Child,
    /// Dropped after the daemon (fields drop in order), so dunst never loses its bus first.
    bus: PrivateBus,
}

impl Notifier {
    /// Starts the bus (in a folder under `dir`) and dunst on the current `DISPLAY`; waits
    /// (bounded) until it owns the notifications name.
    pub fn start(dir: &Path) -> std::io::Result<Self> {
        let bus = PrivateBus::start(dir)?;
        let child = Command::new("dunst")
            .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let notifier = Self { child, bus };
        let until = Instant::now() + Duration::from_secs(10);
        while !notifier.ctl(&["is-paused"]).status.success() {
            if Instant::now() > until {
                return Err(std::io::Error::other("dunst did not come up on the private bus"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(notifier)
    }

    /// The bus address, for the app's `DBUS_SESSION_BUS_ADDRESS`.
    pub fn address(&self) -> &str {
        &self.bus.address
    }

    /// `dunstctl` against this daemon.
    fn ctl(&self, args: &[&str]) -> Output {
        Command::new("timeout")
            .args(["5", "dunstctl"])
            .args(args)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.bus.address)
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("dunstctl: {e}"))
    }

    /// Closes the notifications on screen (into dunst's history) and lists every one shown so
    /// far as `(summary, body)`, oldest first. Call it after any screenshot: it clears the screen.
    pub fn close_all_and_list(&self) -> Vec<(String, String)> {
        let _ = self.ctl(&["close-all"]);
        let out = self.ctl(&["history"]);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
        let text = |n: &serde_json::Value, k: &str| n[k]["data"].as_str().unwrap_or_default().to_owned();
        let mut all: Vec<_> = v["data"][0].as_array().cloned().unwrap_or_default();
        all.reverse();
        all.iter().map(|n| (text(n, "summary"), text(n, "body"))).collect()
    }
}

impl Drop for Notifier {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
