//! The window, hammered: Check pressed ten times quickly, the language switched and Cancel
//! pressed mid-run, a second instance started during a run, the window closed mid-run and
//! reopened. No crash, no work left running (the silent site hears nothing more once a run is
//! cancelled or its window is gone), and never a stale answer for another site.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use site_doctor_tests::app;
use site_doctor_tests::e2e::{self, AppWindow, SHORT, WAIT};
use site_doctor_tests::http::{Behavior, FakeHttp};

/// Requests the silent site received so far.
fn heard(site: &FakeHttp) -> usize {
    site.seen.lock().map_or(0, |s| s.len())
}

/// Waits (bounded) until the silent site's count stops changing, then requires it stays put:
/// a cancelled run or a closed window must not keep asking.
fn stays_quiet(site: &FakeHttp, what: &str) {
    std::thread::sleep(Duration::from_millis(500));
    let then = heard(site);
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(heard(site), then, "{what}: the silent site was still asked after the run ended");
}

/// Waits (at most 10 s) until the silent site has been asked more than `before` times: the run
/// really reached it (the request comes within milliseconds, so `before` is read before pressing).
fn reached(site: &FakeHttp, before: usize, what: &str) {
    let until = Instant::now() + Duration::from_secs(10);
    while heard(site) == before {
        assert!(Instant::now() < until, "{what}: the run never reached the silent site");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Starts a check of `site` through the page itself, pressing Check `times` times in a row.
fn press_check(w: &AppWindow, site: &str, times: u32) {
    let input = w.session.wait_for("#site-input", SHORT);
    w.session.type_into(&input, site);
    // Real clicks as fast as WebDriver sends them; once the button is gone there is nothing to press.
    for _ in 0..times {
        let Some(button) = w.session.find("#check-button") else { break };
        w.session.click(&button);
    }
    w.session.wait_for("#cancel-button", SHORT);
}

#[test]
fn a_hammered_window_stays_correct() {
    if !e2e::display_or_skip() {
        return;
    }
    let ok = FakeHttp::start(Behavior::WithConnectivity(Box::new(Behavior::ok("<h1>shop</h1>"))));
    // Another loopback address, so the two sites differ by host as well as port.
    let silent_addr: SocketAddr = "127.0.0.2:0".parse().expect("addr");
    let silent = FakeHttp::start_on(silent_addr, Behavior::Silent).expect("127.0.0.2");
    let slow_site = format!("http://{}/", silent.addr);
    let ok_site = format!("http://{}/", ok.addr);
    let w = AppWindow::open("e2e-hammer", &ok.url("/generate_204"), &[]);

    // Ten quick presses: one run (the app refuses a second while one runs), the window lives.
    let before = heard(&silent);
    press_check(&w, &slow_site, 10);
    reached(&silent, before, "ten presses");
    std::thread::sleep(Duration::from_millis(800));
    assert!(w.session.find("#check").is_some(), "the check screen went away after ten presses");
    assert_eq!(heard(&silent) - before, 1, "ten presses started more than one run");
    let lang = || w.session.execute("return document.documentElement.lang;");
    let first = lang();
    // The language switched mid-run: the run goes on, in the other language.
    w.session.execute(
        "const s = document.getElementById('language-select'); if (s) { const o = [...s.options].find(o => o.value !== s.value); if (o) { s.value = o.value; s.dispatchEvent(new Event('change', {bubbles: true})); } } return true;",
    );
    std::thread::sleep(Duration::from_millis(500));
    assert_ne!(lang(), first, "the language did not change");
    assert!(w.session.find("#check").is_some(), "switching the language mid-run ended the run");
    // Cancel mid-run: back to the question at once, and the silent site hears no more.
    w.session.click_when_ready("#cancel-button", SHORT);
    w.session.wait_for("#site-input", SHORT);
    stays_quiet(&silent, "after Cancel");

    // The next site gets its own answer; the cancelled run's never shows up instead.
    let t = Instant::now();
    w.check(&ok_site);
    let result = w.session.wait_for("#result", WAIT);
    assert_eq!(w.session.attribute(&result, "data-verdict").as_deref(), Some("up"), "after {:?}", t.elapsed());
    std::thread::sleep(Duration::from_secs(2));
    let result = w.session.wait_for("#result", SHORT);
    assert_eq!(w.session.attribute(&result, "data-verdict").as_deref(), Some("up"), "a stale answer replaced it");

    // A second instance started during a run: it comes and goes, this window's run is unharmed.
    w.session.click_when_ready("#check-another", SHORT);
    press_check(&w, &slow_site, 1);
    // Its own profile and data folder: never the developer's.
    let second_dir = w.dir.join("second");
    let profile = app::fresh_profile(&second_dir);
    let data = second_dir.join("app-data");
    let mut env: Vec<(&str, String)> = profile.iter().map(|(k, v)| (*k, v.display().to_string())).collect();
    env.push(("SITE_DOCTOR_DATA_DIR", data.display().to_string()));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut second = app::command(&w.dir.join("config.toml"), &env).spawn().expect("second instance");
    std::thread::sleep(Duration::from_secs(3));
    let _ = second.kill();
    let _ = second.wait();
    assert!(w.session.find("#check").is_some(), "the first window's run ended when a second instance started");
    w.session.click_when_ready("#cancel-button", SHORT);
    w.session.wait_for("#site-input", SHORT);

    // The window closed mid-run: its run ends with it.
    let before = heard(&silent);
    press_check(&w, &slow_site, 1);
    reached(&silent, before, "before closing");
    std::thread::sleep(Duration::from_millis(500));
    drop(w);
    stays_quiet(&silent, "after the window closed");
    // Reopened, it works and shows only what it is asked now.
    let w = AppWindow::open("e2e-hammer-again", &ok.url("/generate_204"), &[]);
    w.check(&ok_site);
    let result = w.session.wait_for("#result", WAIT);
    assert_eq!(w.session.attribute(&result, "data-verdict").as_deref(), Some("up"));
}
