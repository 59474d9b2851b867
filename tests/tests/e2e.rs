//! The built app in a real window (Xvfb under `make test`), driven through tauri-driver and
//! WebKitWebDriver: type a site served by a local fake, press Check, read the verdict back.

use std::time::{Duration, Instant};

use site_doctor_tests::app::{self, Endpoints};
use site_doctor_tests::dns::{FakeDns, Reply};
use site_doctor_tests::http::{Behavior, FakeHttp};
use site_doctor_tests::webdriver::Driver;

/// Without a display there is no window to test; under CI that is a failure, never a skip.
fn display_or_skip() -> bool {
    if std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some() {
        return true;
    }
    assert!(std::env::var("CI").is_err(), "no DISPLAY: run the end-to-end tests under xvfb-run (make test does)");
    eprintln!("SKIPPED: no DISPLAY; run `make test` to run the end-to-end tests under Xvfb");
    false
}

#[test]
fn typing_a_site_and_pressing_check_shows_what_the_engine_found() {
    if !display_or_skip() {
        return;
    }
    let http = FakeHttp::start(Behavior::WithConnectivity(Box::new(Behavior::ok("<h1>shop</h1>"))));
    let dns = FakeDns::start(Reply::Addresses(vec!["127.0.0.1".parse().expect("ip")]));
    let dir = app::scratch("e2e");
    let config = app::write_config(
        &dir,
        &Endpoints { system_dns: vec![dns.addr], alternates: vec![dns.addr], probes: vec![http.url("/generate_204")] },
    );
    let shots = app::workspace().join("target").join("e2e-screenshots");

    let profile = app::fresh_profile(&dir);
    let mut env: Vec<(&str, &std::path::Path)> = vec![("SITE_DOCTOR_CONFIG", &config)];
    env.extend(profile.iter().map(|(k, v)| (*k, v.as_path())));
    let driver = Driver::start(&env);
    let session = driver.session(&app::binary());
    let input = session.wait_for("#site-input", Duration::from_secs(20));
    let site = format!("http://shop.example.test:{}/", http.addr.port());
    session.type_into(&input, &site);
    // WebKit paints asynchronously; a picture taken at once can be blank.
    std::thread::sleep(Duration::from_millis(300));
    session.screenshot(&shots.join("ask.png"));
    let started = Instant::now();
    let button = session.wait_for("#check-button", Duration::from_secs(5));
    session.click(&button);
    let result = session.wait_for("#result", Duration::from_secs(20));
    let took = started.elapsed();
    // Let the result settle into its final layout before the picture.
    std::thread::sleep(Duration::from_millis(300));
    session.screenshot(&shots.join("result.png"));

    assert_eq!(session.attribute(&result, "data-verdict").as_deref(), Some("up"));
    assert!(session.find("#open-site").is_some(), "a site that works can be opened from here");
    // The exact status and addresses are under "What we saw".
    session.click_when_ready("details.seen > summary", Duration::from_secs(2));
    let status = session.wait_for("#http-status", Duration::from_secs(2));
    assert!(session.text(&status).contains("200"), "status shows {:?}", session.text(&status));
    let addresses = session.wait_for("#addresses", Duration::from_secs(2));
    assert!(session.text(&addresses).contains("127.0.0.1"), "addresses show {:?}", session.text(&addresses));
    let page = session.text(&result);
    assert!(!page.contains('{') && !page.contains("Err("), "raw data on screen: {page}");
    eprintln!("e2e: verdict shown {took:?} after Check");
}
