//! The hand-off's app parts in the real window (Xvfb, tauri-driver): after a check the history
//! holds it; the clipboard can be written and not read; `save_text` refuses a path that the save
//! dialog did not return; the dialog may save, not open; no watch runs until one is started.
//! The calls go through the same IPC the window's `ipc.ts` uses.

use std::time::{Duration, Instant};

use serde_json::Value;
use site_doctor_tests::app::{self, Endpoints};
use site_doctor_tests::http::{Behavior, FakeHttp};
use site_doctor_tests::webdriver::{Driver, Session};

/// Calls a command from the page and waits (at most 10 s) for `{ok: value}` or `{err: text}`.
fn invoke(session: &Session, cmd: &str, args: &str) -> Value {
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

#[test]
fn history_clipboard_save_and_watch_through_the_window_s_ipc() {
    if std::env::var_os("DISPLAY").is_none() {
        assert!(std::env::var("CI").is_err(), "no DISPLAY: run the end-to-end tests under xvfb-run");
        eprintln!("SKIPPED: no DISPLAY");
        return;
    }
    let http = FakeHttp::start(Behavior::WithConnectivity(Box::new(Behavior::Respond {
        status: 502,
        headers: vec![],
        body: "bad gateway".into(),
    })));
    let dir = app::scratch("e2e-handoff");
    let config =
        app::write_config(&dir, &Endpoints { probes: vec![http.url("/generate_204")], ..Endpoints::default() });
    let profile = app::fresh_profile(&dir);
    let data = dir.join("app-data");
    let mut env: Vec<(&str, &std::path::Path)> = vec![("SITE_DOCTOR_CONFIG", &config), ("SITE_DOCTOR_DATA_DIR", &data)];
    env.extend(profile.iter().map(|(k, v)| (*k, v.as_path())));
    let driver = Driver::start(&env);
    let session = driver.session(&app::binary());
    let input = session.wait_for("#site-input", Duration::from_secs(20));
    session.type_into(&input, &http.url("/"));
    session.click(&session.wait_for("#check-button", Duration::from_secs(5)));
    session.wait_for("#result", Duration::from_secs(20));

    let list = invoke(&session, "history_list", "{}");
    eprintln!("history_list: {list}");
    let entries = list["ok"]["entries"].as_array().cloned().unwrap_or_default();
    assert_eq!(entries.len(), 1, "{list}");
    assert_eq!(entries[0]["site"], "127.0.0.1");
    assert!(data.join("history.json").exists());
    let id = entries[0]["id"].as_str().unwrap_or_default().to_owned();
    let got = invoke(&session, "history_get", &format!("{{id: {id:?}}}"));
    assert_eq!(got["ok"]["diagnosis"]["started_at"], id.as_str(), "{got}");

    let wrote = invoke(&session, "plugin:clipboard-manager|write_text", "{text: 'SD report line'}");
    assert!(wrote.get("ok").is_some(), "writing the clipboard is granted: {wrote}");
    let read = invoke(&session, "plugin:clipboard-manager|read_text", "{}");
    assert!(read.get("err").is_some(), "reading the clipboard is not granted: {read}");
    if let Ok(out) = std::process::Command::new("xclip").args(["-o", "-selection", "clipboard"]).output() {
        assert_eq!(String::from_utf8_lossy(&out.stdout), "SD report line");
    }

    let target = dir.join("not-from-the-dialog.txt");
    let saved = invoke(&session, "save_text", &format!("{{path: {:?}, contents: 'x'}}", target.display().to_string()));
    assert!(saved.get("err").is_some() && !target.exists(), "save_text wrote where no dialog pointed: {saved}");
    let open = invoke(&session, "plugin:dialog|open", "{options: {}}");
    assert!(open.get("err").is_some(), "the open dialog is not granted: {open}");
    // The opener plugin serves `open_site` in Rust only: the window may not open anything itself
    // (a loopback URL, in case it ever could).
    let opened = invoke(&session, "plugin:opener|open_url", "{url: 'http://127.0.0.1:9/'}");
    assert!(opened.get("err").is_some(), "the opener's own command is not granted: {opened}");

    assert_eq!(invoke(&session, "watch_status", "{}"), serde_json::json!({"ok": null}));
    let deleted = invoke(&session, "history_delete", &format!("{{id: {id:?}}}"));
    assert_eq!(deleted, serde_json::json!({"ok": true}));
    assert_eq!(invoke(&session, "history_list", "{}")["ok"]["entries"], serde_json::json!([]));
}

#[test]
fn a_watch_started_from_the_window_streams_back_and_ends() {
    if std::env::var_os("DISPLAY").is_none() {
        assert!(std::env::var("CI").is_err(), "no DISPLAY: run the end-to-end tests under xvfb-run");
        eprintln!("SKIPPED: no DISPLAY");
        return;
    }
    let http = FakeHttp::start(Behavior::WithConnectivity(Box::new(Behavior::ok("back again"))));
    let dir = app::scratch("e2e-watch");
    let config =
        app::write_config(&dir, &Endpoints { probes: vec![http.url("/generate_204")], ..Endpoints::default() });
    let profile = app::fresh_profile(&dir);
    let data = dir.join("app-data");
    let mut env: Vec<(&str, &std::path::Path)> = vec![("SITE_DOCTOR_CONFIG", &config), ("SITE_DOCTOR_DATA_DIR", &data)];
    env.extend(profile.iter().map(|(k, v)| (*k, v.as_path())));
    let driver = Driver::start(&env);
    let session = driver.session(&app::binary());
    session.wait_for("#site-input", Duration::from_secs(20));
    // A channel as `ipc.ts`'s `new Channel()` sends it: a callback id the events come back to.
    session.execute(
        "window.sd_events = []; window.sd_channel = '__CHANNEL__:' + window.__TAURI_INTERNALS__.transformCallback(m => window.sd_events.push(m)); return true;",
    );
    let started = invoke(
        &session,
        "watch_start",
        &format!("{{input: {:?}, vantage: false, onEvent: window.sd_channel}}", http.url("/")),
    );
    assert_eq!(started, serde_json::json!({"ok": null}));
    let until = Instant::now() + Duration::from_secs(20);
    let events = loop {
        let events = session.execute("return JSON.stringify(window.sd_events);");
        let text = events.as_str().unwrap_or_default().to_owned();
        if text.contains("\"stopped\"") || Instant::now() > until {
            break text;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    eprintln!("watch events: {events}");
    assert_eq!(events.matches("\"kind\":\"back\"").count(), 1, "{events}");
    assert!(events.contains("\"reason\":\"back\""), "{events}");
    assert_eq!(invoke(&session, "watch_status", "{}"), serde_json::json!({"ok": null}), "the watch ended");
}
