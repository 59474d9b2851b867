//! Just enough of the W3C WebDriver protocol to drive the real app through `tauri-driver`:
//! start a session, find, type, click, read, screenshot. Every wait is bounded.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A running `tauri-driver`; killed when dropped.
pub struct Driver {
    child: Child,
    base: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        // tauri-driver's own child, WebKitWebDriver, outlives a killed tauri-driver (found by the
        // soak: one orphan per window test). Its children are ended first, by their own ids.
        let children = children_of(self.child.id());
        let _ = self.child.kill();
        let _ = self.child.wait();
        for pid in children {
            let _ = Command::new("kill").arg(pid.to_string()).status();
        }
    }
}

/// The processes whose parent is `parent` (from /proc; none where there is no /proc).
fn children_of(parent: u32) -> Vec<u32> {
    let Ok(dir) = std::fs::read_dir("/proc") else { return Vec::new() };
    dir.flatten()
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.parse::<u32>().ok()))
        .filter(|pid| {
            // "pid (comm) state ppid ...": the parent is the second field after the last ')'.
            std::fs::read_to_string(format!("/proc/{pid}/stat")).ok().and_then(|s| {
                s.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().nth(1)?.parse::<u32>().ok())
            }) == Some(parent)
        })
        .collect()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("no free port: {e}"))
}

/// Where `tauri-driver` is: on PATH or in `~/.cargo/bin`.
fn tauri_driver() -> std::path::PathBuf {
    let home = std::env::var_os("HOME").map(std::path::PathBuf::from).unwrap_or_default();
    let cargo_bin = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| home.join(".cargo"))
        .join("bin/tauri-driver");
    if cargo_bin.exists() { cargo_bin } else { "tauri-driver".into() }
}

impl Driver {
    /// Starts `tauri-driver` with these extra environment variables for the app.
    pub fn start(env: &[(&str, &Path)]) -> Self {
        let (port, native) = (free_port(), free_port());
        let mut cmd = Command::new(tauri_driver());
        cmd.args(["--port", &port.to_string(), "--native-port", &native.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start tauri-driver (cargo install tauri-driver --locked): {e}"));
        let driver = Self { child, base: format!("http://127.0.0.1:{port}") };
        let until = Instant::now() + Duration::from_secs(20);
        while ureq::get(&format!("{}/status", driver.base)).call().is_err() {
            assert!(Instant::now() < until, "tauri-driver did not come up on port {port}");
            std::thread::sleep(Duration::from_millis(100));
        }
        driver
    }

    /// Opens the app binary in a new window.
    pub fn session(&self, app: &Path) -> Session {
        let caps =
            json!({"capabilities": {"alwaysMatch": {"browserName": "wry", "tauri:options": {"application": app}}}});
        let v = post(&format!("{}/session", self.base), &caps);
        let id = v["value"]["sessionId"].as_str().unwrap_or_else(|| panic!("no session: {v}")).to_owned();
        Session { url: format!("{}/session/{id}", self.base) }
    }
}

fn post(url: &str, body: &Value) -> Value {
    match ureq::post(url)
        .config()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .send_json(body)
    {
        Ok(mut r) => r.body_mut().read_json().unwrap_or(Value::Null),
        Err(e) => panic!("POST {url}: {e}"),
    }
}

fn get(url: &str) -> Value {
    match ureq::get(url)
        .config()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .call()
    {
        Ok(mut r) => r.body_mut().read_json().unwrap_or(Value::Null),
        Err(e) => panic!("GET {url}: {e}"),
    }
}

/// One app window under WebDriver control; closed when dropped.
pub struct Session {
    url: String,
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = ureq::delete(&self.url).call();
    }
}

impl Session {
    /// The element for a CSS selector, if present now.
    pub fn find(&self, css: &str) -> Option<String> {
        let v = post(&format!("{}/element", self.url), &json!({"using": "css selector", "value": css}));
        v["value"][ELEMENT].as_str().map(str::to_owned)
    }

    /// Waits up to `limit` for a selector to appear.
    pub fn wait_for(&self, css: &str, limit: Duration) -> String {
        let until = Instant::now() + limit;
        loop {
            if let Some(e) = self.find(css) {
                return e;
            }
            assert!(Instant::now() < until, "{css} did not appear within {limit:?}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Types into an element.
    pub fn type_into(&self, element: &str, text: &str) {
        post(&format!("{}/element/{element}/value", self.url), &json!({"text": text}));
    }

    /// Clicks an element.
    pub fn click(&self, element: &str) {
        post(&format!("{}/element/{element}/click", self.url), &json!({}));
    }

    /// An element's visible text.
    pub fn text(&self, element: &str) -> String {
        get(&format!("{}/element/{element}/text", self.url))["value"].as_str().unwrap_or_default().to_owned()
    }

    /// An element's attribute.
    pub fn attribute(&self, element: &str, name: &str) -> Option<String> {
        get(&format!("{}/element/{element}/attribute/{name}", self.url))["value"].as_str().map(str::to_owned)
    }

    /// Saves a PNG of the window.
    ///
    /// WebKit paints without compositing (the app turns it off, `webview_linux.rs`) and then takes
    /// the picture on its next paint: a page with nothing left to paint (no caret blinking, no
    /// change) would keep WebDriver waiting. So for a moment one corner pixel changes by an alpha
    /// of 1/255 each frame, which no eye and no assertion can see, and the page paints.
    pub fn screenshot(&self, path: &Path) {
        self.execute(
            "const d = document.createElement('div'); \
             d.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;pointer-events:none;z-index:2147483647'; \
             d.setAttribute('aria-hidden', 'true'); document.documentElement.appendChild(d); \
             let n = 0; const tick = () => { d.style.background = n++ % 2 ? 'rgba(0,0,0,0.004)' : 'transparent'; \
             if (n < 120) requestAnimationFrame(tick); else d.remove(); }; requestAnimationFrame(tick); return true;",
        );
        let v = get(&format!("{}/screenshot", self.url));
        let data = v["value"].as_str().unwrap_or_else(|| panic!("no screenshot: {v}"));
        let png = base64::engine::general_purpose::STANDARD.decode(data).unwrap_or_else(|e| panic!("screenshot: {e}"));
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        std::fs::write(path, png).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    }
}

impl Session {
    /// Runs a synchronous script in the page and returns its value (`return ...;`).
    pub fn execute(&self, script: &str) -> Value {
        post(&format!("{}/execute/sync", self.url), &json!({"script": script, "args": []}))["value"].clone()
    }

    /// Waits up to `limit` for an element whose attribute has this value; returns the element.
    pub fn wait_for_attribute(&self, css: &str, name: &str, value: &str, limit: Duration) -> String {
        let until = Instant::now() + limit;
        loop {
            if let Some(e) = self.find(css)
                && self.attribute(&e, name).as_deref() == Some(value)
            {
                return e;
            }
            assert!(Instant::now() < until, "{css}[{name}={value:?}] did not appear within {limit:?}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Clicks the element for a selector once it is there (waiting up to `limit`).
    pub fn click_when_ready(&self, css: &str, limit: Duration) {
        let e = self.wait_for(css, limit);
        self.click(&e);
    }
}
