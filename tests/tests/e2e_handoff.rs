//! The hand-off's app parts in the real window (Xvfb, tauri-driver): "Copy for help desk" puts
//! the CLI's report of the same run on the X clipboard; "Save…" goes through the real GTK save
//! dialog (typed into with xdotool) and writes the Markdown report; the history holds the check;
//! the clipboard can be written and not read; `save_text` refuses a path that the save dialog did
//! not return; the dialog may save, not open; the window may not notify (Rust does); a watch
//! streams its events and ends; and when a watched site comes back, a real notification daemon
//! shows the notice in the window's language.
// X11 tools (xclip, xdotool, dunst, import) and tauri-driver's WebKitWebDriver: Linux only.
#![cfg(target_os = "linux")]

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use site_doctor_engine::{Diagnosis, ReportFormat, ReportRequest};
use site_doctor_tests::desktop::{self, Notifier};
use site_doctor_tests::e2e::{AppWindow, SHORT, display_or_skip, one_window, shots};
use site_doctor_tests::http::{Behavior, FakeHttp};

/// A local site whose server fails: 502 with a request id, as a help desk would quote it.
fn bad_gateway() -> Behavior {
    Behavior::Respond {
        status: 502,
        headers: vec![("server".into(), "nginx".into()), ("x-request-id".into(), "e2e-502-0001".into())],
        body: "<title>502 Bad Gateway</title>".into(),
    }
}

/// The only kept check's diagnosis, as the history returns it to the window.
fn kept_diagnosis(w: &AppWindow) -> Diagnosis {
    let list = w.invoke("history_list", "{}");
    let entries = list["ok"]["entries"].as_array().cloned().unwrap_or_default();
    assert_eq!(entries.len(), 1, "{list}");
    let id = entries[0]["id"].as_str().unwrap_or_default().to_owned();
    let got = w.invoke("history_get", &format!("{{id: {id:?}}}"));
    serde_json::from_value(got["ok"]["diagnosis"].clone()).unwrap_or_else(|e| panic!("{e}: {got}"))
}

/// The report `site-doctor check --report[=md]` prints for `d` (`cli::report`: the engine's,
/// everything hidden, this computer's UTC offset), the offset as the window's browser has it.
fn cli_report(w: &AppWindow, d: &Diagnosis, format: ReportFormat) -> String {
    let offset = w.session.execute(&format!("return -new Date({:?}).getTimezoneOffset();", d.started_at));
    let offset = offset.as_i64().and_then(|o| i32::try_from(o).ok());
    let request = ReportRequest { format, utc_offset_minutes: offset, ..ReportRequest::new(d.clone()) };
    site_doctor_engine::report::render(&request)
}

#[test]
fn copy_and_save_give_the_cli_s_report_of_the_same_run() {
    if !display_or_skip() {
        return;
    }
    let http = FakeHttp::start(Behavior::WithConnectivity(Box::new(bad_gateway())));
    let w = AppWindow::open("e2e-handoff-copy", &http.url("/generate_204"), &[]);
    w.check(&http.url("/"));
    w.session.click_when_ready("#get-help", SHORT);
    w.session.wait_for("#handoff", SHORT);
    let until = Instant::now() + SHORT;
    let shown = loop {
        let v = w.session.execute("return document.getElementById('report-text').value;");
        let text = v.as_str().unwrap_or_default().to_owned();
        if !text.is_empty() || Instant::now() > until {
            break text;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let d = kept_diagnosis(&w);
    let text = cli_report(&w, &d, ReportFormat::Text);
    assert_eq!(shown, text, "the box shows the CLI's report of this run");

    w.session.click_when_ready("#copy-report", SHORT);
    w.session.wait_for_attribute("#copy-feedback", "data-state", "copied", SHORT);
    let copied = desktop::clipboard();
    std::fs::create_dir_all(shots()).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(shots().join("handoff-502-report.txt"), &copied).unwrap_or_else(|e| panic!("{e}"));
    eprintln!("--- copied for the help desk (xclip -selection clipboard -o) ---\n{copied}---");
    assert_eq!(copied, text, "the clipboard holds the report, byte for byte");
    assert!(copied.contains("It's probably not you: 127.0.0.1 seems to be down"), "hedged: not confirmed elsewhere");
    assert!(copied.contains("HTTP 502") && copied.contains("x-request-id: e2e-502-0001"), "{copied}");

    // "Save…": the real GTK dialog, typed into as a person would.
    let target = w.dir.join("saved").join("report.md");
    std::fs::create_dir_all(target.parent().unwrap_or(Path::new("/"))).unwrap_or_else(|e| panic!("{e}"));
    w.session.click_when_ready("#save-report", SHORT);
    let dialog = desktop::find_window("^Save", Duration::from_secs(15)).expect("the save dialog opened");
    desktop::screen(&shots().join("handoff-save-dialog.png"));
    desktop::type_and_enter(&dialog, &target.display().to_string());
    w.session.wait_for_attribute("#save-feedback", "data-state", "saved", Duration::from_secs(15));
    let saved = std::fs::read_to_string(&target).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
    assert_eq!(saved, cli_report(&w, &d, ReportFormat::Markdown), "the file is `--report=md` of this run");
    assert!(!desktop::window_visible(&dialog), "the dialog closed");
}

#[test]
fn history_clipboard_save_and_watch_through_the_window_s_ipc() {
    if !display_or_skip() {
        return;
    }
    let http = FakeHttp::start(Behavior::WithConnectivity(Box::new(bad_gateway())));
    let w = AppWindow::open("e2e-handoff", &http.url("/generate_204"), &[]);
    w.check(&http.url("/"));

    let list = w.invoke("history_list", "{}");
    let entries = list["ok"]["entries"].as_array().cloned().unwrap_or_default();
    assert_eq!(entries.len(), 1, "{list}");
    assert_eq!(entries[0]["site"], "127.0.0.1");
    assert!(w.data.join("history.json").exists());
    let id = entries[0]["id"].as_str().unwrap_or_default().to_owned();
    let got = w.invoke("history_get", &format!("{{id: {id:?}}}"));
    assert_eq!(got["ok"]["diagnosis"]["started_at"], id.as_str(), "{got}");

    let wrote = w.invoke("plugin:clipboard-manager|write_text", "{text: 'SD report line'}");
    assert!(wrote.get("ok").is_some(), "writing the clipboard is granted: {wrote}");
    let read = w.invoke("plugin:clipboard-manager|read_text", "{}");
    assert!(read.get("err").is_some(), "reading the clipboard is not granted: {read}");
    assert_eq!(desktop::clipboard(), "SD report line");

    let target = w.dir.join("not-from-the-dialog.txt");
    let saved = w.invoke("save_text", &format!("{{path: {:?}, contents: 'x'}}", target.display().to_string()));
    assert!(saved.get("err").is_some() && !target.exists(), "save_text wrote where no dialog pointed: {saved}");
    let open = w.invoke("plugin:dialog|open", "{options: {}}");
    assert!(open.get("err").is_some(), "the open dialog is not granted: {open}");
    // Rust raises the "back" notification itself; the window has no notification command.
    let notify = w.invoke("plugin:notification|notify", "{options: {title: 'x', body: 'y'}}");
    assert!(notify.get("err").is_some(), "notifying is not granted to the window: {notify}");
    // The opener plugin serves `open_site` in Rust only: the window may not open anything itself
    // (a loopback URL, in case it ever could).
    let opened = w.invoke("plugin:opener|open_url", "{url: 'http://127.0.0.1:9/'}");
    assert!(opened.get("err").is_some(), "the opener's own command is not granted: {opened}");

    assert_eq!(w.invoke("watch_status", "{}"), serde_json::json!({"ok": null}));
    let deleted = w.invoke("history_delete", &format!("{{id: {id:?}}}"));
    assert_eq!(deleted, serde_json::json!({"ok": true}));
    assert_eq!(w.invoke("history_list", "{}")["ok"]["entries"], serde_json::json!([]));
}

#[test]
fn a_watch_started_from_the_window_streams_back_and_ends() {
    if !display_or_skip() {
        return;
    }
    let http = FakeHttp::start(Behavior::WithConnectivity(Box::new(Behavior::ok("back again"))));
    let w = AppWindow::open("e2e-watch", &http.url("/generate_204"), &[]);
    // A channel as `ipc.ts`'s `new Channel()` sends it: a callback id the events come back to.
    w.session.execute(
        "window.sd_events = []; window.sd_channel = '__CHANNEL__:' + window.__TAURI_INTERNALS__.transformCallback(m => window.sd_events.push(m)); return true;",
    );
    let args = format!("{{input: {:?}, vantage: false, onEvent: window.sd_channel}}", http.url("/"));
    assert_eq!(w.invoke("watch_start", &args), serde_json::json!({"ok": null}));
    let until = Instant::now() + Duration::from_secs(20);
    let events = loop {
        let events = w.session.execute("return JSON.stringify(window.sd_events);");
        let text = events.as_str().unwrap_or_default().to_owned();
        if text.contains("\"stopped\"") || Instant::now() > until {
            break text;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    eprintln!("watch events: {events}");
    assert_eq!(events.matches("\"kind\":\"back\"").count(), 1, "{events}");
    assert!(events.contains("\"reason\":\"back\""), "{events}");
    assert_eq!(w.invoke("watch_status", "{}"), serde_json::json!({"ok": null}), "the watch ended");
}

/// A site that answers 502, is watched from the answer's button in a Spanish window, then
/// recovers: the app raises the OS notification through a real daemon (dunst on a private
/// session bus), worded from the window's Spanish catalogue. The screen is kept as a PNG.
#[test]
fn a_site_back_raises_a_desktop_notification_in_the_window_s_language() {
    if !display_or_skip() {
        return;
    }
    let one = one_window();
    let dir = site_doctor_tests::app::scratch("e2e-notify");
    let notifier = Notifier::start(&dir).unwrap_or_else(|e| panic!("notification daemon: {e}"));
    let site_now = Arc::new(Mutex::new(bad_gateway()));
    let site = FakeHttp::start(Behavior::Switch(site_now.clone()));
    let probe = FakeHttp::start(Behavior::WithConnectivity(Box::new(Behavior::ok("ok"))));
    let bus = Path::new(notifier.address());
    let w = AppWindow::open_in(dir, &probe.url("/generate_204"), &[("DBUS_SESSION_BUS_ADDRESS", bus)], one);
    w.session.execute(
        "const s = document.getElementById('language-select'); s.value = 'es'; s.dispatchEvent(new Event('change', { bubbles: true })); return true;",
    );
    w.check(&site.url("/"));
    w.session.click_when_ready("#watch-button", SHORT);
    // The watch's first check still sees the 502; then the site recovers before its next one.
    let until = Instant::now() + Duration::from_secs(20);
    while w.invoke("watch_status", "{}")["ok"]["last"]["kind"] != "checked" {
        assert!(Instant::now() < until, "the watch made no first check");
        std::thread::sleep(Duration::from_millis(200));
    }
    *site_now.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Behavior::ok("welcome back");
    // The next check comes after the plan's first wait (30 s).
    w.session.wait_for("#watch.back", Duration::from_secs(60));
    std::thread::sleep(Duration::from_millis(800)); // dunst draws asynchronously
    desktop::screen(&shots().join("watch-back-notification.png"));
    let shown = notifier.close_all_and_list();
    eprintln!("notifications shown: {shown:?}");
    assert_eq!(shown.len(), 1, "exactly one notification: {shown:?}");
    assert_eq!(shown[0].0, "127.0.0.1 ha vuelto.");
    assert!(shown[0].1.starts_with("Estuvo caída unos ") && shown[0].1.ends_with(" min."), "{shown:?}");
}
