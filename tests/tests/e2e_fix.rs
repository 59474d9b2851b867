//! The fix room in the real window (Xvfb under `make test`, driven through tauri-driver): on a
//! "just you" DNS answer, the resolver step's button switches this connection to a public DNS
//! service, the flush step's button empties the DNS cache, Check again compares before and
//! after, the hand-off lists what the app ran, and the start screen's Undo puts the settings
//! back exactly.
//!
//! The app's system bus is a private one this test starts, where `fake-resolve1` stands in for
//! systemd-resolved: every change happens inside the fake, never to this machine's settings.
//! Screenshots land in `target/e2e-screenshots/fix-*.png`.
#![cfg(target_os = "linux")]

use std::net::IpAddr;
use std::path::Path;

use site_doctor_tests::app::{self, Endpoints};
use site_doctor_tests::dns::{FakeDns, Reply};
use site_doctor_tests::e2e::{SHORT, WAIT, display_or_skip, no_raw_data, one_window, shot};
use site_doctor_tests::http::{Behavior, FakeHttp};
use site_doctor_tests::resolve1::{FakeProcess, cannot_use_fake};
use site_doctor_tests::webdriver::Driver;

const SITE: &str = "shop.example.test";

fn ips(list: &[&str]) -> Vec<IpAddr> {
    list.iter().map(|s| s.parse().expect("test address")).collect()
}

/// The interface the app will offer to change (the one carrying the internet route, as the fix
/// room finds it) and its index, which the fake must know.
fn default_link() -> Option<(String, i32)> {
    let name = site_doctor_engine::current_routes().into_iter().find_map(|r| r.interface)?;
    let index = std::fs::read_to_string(format!("/sys/class/net/{name}/ifindex")).ok()?.trim().parse().ok()?;
    Some((name, index))
}

fn skip(reason: &str) {
    assert!(std::env::var("CI").as_deref() != Ok("true"), "skipped under CI: {reason}");
    eprintln!("SKIPPED: {reason}");
}

#[test]
fn the_window_switches_resolver_flushes_and_undoes_against_a_stand_in_resolved() {
    if !display_or_skip() {
        return;
    }
    if let Some(reason) = cannot_use_fake() {
        return skip(&reason);
    }
    let Some((adapter, index)) = default_link() else {
        return skip("this machine has no default route, so there is no connection to offer to change");
    };
    let _window = one_window();
    let http = FakeHttp::start(Behavior::WithConnectivity(Box::new(Behavior::ok("<h1>shop</h1>"))));
    let system = FakeDns::start(Reply::ServFail);
    let alternate = FakeDns::start(Reply::NxDomain);
    alternate.set(SITE, Reply::Addresses(vec!["127.0.0.1".parse().expect("ip")]));
    let dir = app::scratch("e2e-fix");
    let config = app::write_config(
        &dir,
        &Endpoints {
            system_dns: vec![system.addr],
            alternates: vec![alternate.addr],
            probes: vec![http.url("/generate_204")],
        },
    );
    let before = "203.0.113.53";
    let fake = FakeProcess::start(
        Path::new(env!("CARGO_BIN_EXE_fake-resolve1")),
        &dir.join("fake"),
        &["--link", &format!("{index}={before}")],
    )
    .expect("fake-resolve1 starts");
    let profile = app::fresh_profile(&dir);
    let bus = Path::new(&fake.address);
    let mut env: Vec<(&str, &Path)> = vec![("SITE_DOCTOR_CONFIG", &config), ("DBUS_SYSTEM_BUS_ADDRESS", bus)];
    env.extend(profile.iter().map(|(k, v)| (*k, v.as_path())));
    let driver = Driver::start(&env);
    let session = driver.session(&app::binary());

    let input = session.wait_for("#site-input", WAIT);
    session.type_into(&input, &format!("http://{SITE}:{}/", http.addr.port()));
    session.click_when_ready("#check-button", SHORT);
    let result = session.wait_for("#result", WAIT);
    assert_eq!(session.attribute(&result, "data-culprit").as_deref(), Some("dns_resolver"));

    // Public DNS found the site and this network's did not: switching comes first, and says why.
    session.click_when_ready("#start-fix", SHORT);
    session.wait_for_attribute("#fix-step", "data-step", "use_alternate_resolver", SHORT);
    session.wait_for("#why-first", SHORT);
    let switch = session.wait_for("#fix-switch", SHORT);
    let label = session.text(&switch);
    assert!(
        label.contains("Cloudflare DNS") && label.contains(&format!("({adapter})")),
        "the button names service and connection: {label}"
    );
    shot(&session, "fix-1-switch-offered");
    session.click(&switch);
    let done = session.wait_for_attribute("#fix-result", "data-outcome", "done", WAIT);
    assert!(session.text(&done).contains(&adapter), "the result names the connection");
    assert_eq!(fake.state().links[&index], ips(&["1.1.1.1", "1.0.0.1"]), "the stand-in got the switch");
    session.wait_for("#fix-undo", SHORT);
    no_raw_data(&session, "#fix-action");
    shot(&session, "fix-2-switched-with-undo");

    // Check again: this run's DNS is the configured stand-in, so it is not fixed; both answers show.
    session.click_when_ready("#check-again", SHORT);
    let outcome = session.wait_for_attribute("#step-outcome", "data-fixed", "false", WAIT);
    assert!(session.text(&outcome).matches(SITE).count() >= 2, "before and after are both shown");
    session.click_when_ready("#next-step", SHORT);
    session.wait_for_attribute("#fix-step", "data-step", "flush_dns", SHORT);
    session.click_when_ready("#fix-flush", SHORT);
    session.wait_for_attribute("#fix-result", "data-outcome", "done", WAIT);
    assert_eq!(fake.state().count("FlushCaches"), 1, "the stand-in's cache was flushed once");
    shot(&session, "fix-3-flushed");
    session.click_when_ready("#check-again", SHORT);
    session.wait_for_attribute("#step-outcome", "data-fixed", "false", WAIT);
    shot(&session, "fix-4-flush-checked-again");

    // The hand-off lists what the app ran, with the exact calls.
    session.click_when_ready("#get-help", SHORT);
    session.wait_for("#handoff", SHORT);
    let report: String =
        serde_json::from_value(session.execute("return document.querySelector('#report-text').value;"))
            .unwrap_or_default();
    assert!(report.contains("SetLinkDNS") && report.contains("FlushCaches"), "the calls are in the summary: {report}");

    // On the start screen the switch waits to be undone; Undo restores the snapshot exactly.
    session.click_when_ready("#check-another", SHORT);
    session.wait_for("#pending-undo-banner", SHORT);
    shot(&session, "fix-5-undo-waiting");
    session.click_when_ready("#undo-switch", SHORT);
    let undone = session.wait_for("#undo-result", WAIT);
    assert!(session.text(&undone).contains(&adapter));
    assert_eq!(fake.state().links[&index], ips(&[before]), "the settings after undo equal the snapshot");
    assert!(session.find("#pending-undo-banner").is_none(), "nothing is left to undo");
    shot(&session, "fix-6-undone");
}
