//! The guided wizard in the real window (Xvfb under `make test`), driven through tauri-driver:
//! (a) a site whose gateway answers 502 is down for everyone, and the hand-off is reachable;
//! (b) a resolver that fails while public DNS works is "just you": walk the first fix step,
//! go back to the answer and forward to the same step, check again, see it is not fixed, and get
//! the next step; (c) with other places on the internet
//! configured (a local stand-in), the first check asks first, and only a "yes" sends anything
//! there. Screenshots of every screen land in `target/e2e-screenshots/`, and (a) prints how long a
//! first-time user waits for a verdict.

use std::path::Path;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use site_doctor_tests::app::{self, Endpoints};
use site_doctor_tests::dns::{FakeDns, Reply};
use site_doctor_tests::e2e::{SHORT, WAIT, display_or_skip, no_raw_data, one_window, shot};
use site_doctor_tests::http::{Behavior, FakeHttp};
use site_doctor_tests::vantage::{FakeVantage, Mode};
use site_doctor_tests::webdriver::{Driver, Session};

const SITE: &str = "shop.example.test";

#[test]
fn a_gateway_error_is_down_for_everyone_and_the_hand_off_is_reachable() {
    if !display_or_skip() {
        return;
    }
    let _window = one_window();
    let page = Behavior::Respond {
        status: 502,
        headers: vec![("server".into(), "cloudflare".into()), ("cf-ray".into(), "8c1e2f3a4b5c6d7e-AMS".into())],
        body: "<title>502 Bad Gateway</title>".into(),
    };
    let http = FakeHttp::start(Behavior::WithConnectivity(Box::new(page)));
    let dns = FakeDns::start(Reply::NxDomain);
    dns.set(SITE, Reply::Addresses(vec!["127.0.0.1".parse().expect("ip")]));
    let dir = app::scratch("e2e-wizard-down");
    let config = app::write_config(
        &dir,
        &Endpoints { system_dns: vec![dns.addr], alternates: vec![dns.addr], probes: vec![http.url("/generate_204")] },
    );
    let profile = app::fresh_profile(&dir);
    let mut env: Vec<(&str, &Path)> = vec![("SITE_DOCTOR_CONFIG", &config)];
    env.extend(profile.iter().map(|(k, v)| (*k, v.as_path())));
    let driver = Driver::start(&env);

    // The first-time user: launch, type (or paste) the address, one click, read the verdict.
    let launched = Instant::now();
    let session = driver.session(&app::binary());
    let input = session.wait_for("#site-input", WAIT);
    let ready = launched.elapsed();
    assert!(session.find("#recent-sites").is_none(), "a fresh profile has no recent sites");
    let focused = session.execute("return document.activeElement && document.activeElement.id;");
    assert_eq!(focused.as_str(), Some("site-input"), "the box has the cursor at start");
    let site = format!("http://{SITE}:{}/", http.addr.port());
    session.type_into(&input, &site);
    shot(&session, "wizard-down-1-ask");
    let typed = launched.elapsed();
    let mut clicks = 0;
    session.click_when_ready("#check-button", SHORT);
    clicks += 1;
    let result = session.wait_for("#result", WAIT);
    let verdict_at = launched.elapsed();
    shot(&session, "wizard-down-2-answer");

    assert_eq!(session.attribute(&result, "data-verdict").as_deref(), Some("down_for_everyone"));
    assert_eq!(session.attribute(&result, "data-culprit").as_deref(), Some("origin"));
    // The chain, not fact boxes: the error page the user saw, placed where it came from.
    let server = session.wait_for("#chain [data-link=\"server\"]", SHORT);
    assert_eq!(session.attribute(&server, "data-state").as_deref(), Some("broken"));
    let gateway = session.wait_for("#chain [data-link=\"gateway\"]", SHORT);
    assert!(session.text(&gateway).contains("Cloudflare"), "gateway shows {:?}", session.text(&gateway));
    let note = session.text(&session.wait_for("#chain-note", SHORT));
    assert!(note.contains("The 502 Bad Gateway you saw came from Cloudflare, not from you"), "chain note: {note}");
    assert!(session.find("#result > section #http-status").is_none(), "no fact boxes above the evidence");
    let focused = session.execute("return document.activeElement && document.activeElement.id;");
    assert_eq!(focused.as_str(), Some("answer-title"), "focus moves to the answer");
    no_raw_data(&session, "#result");

    // "What we saw": the exact status and addresses, who served the error page, with its
    // reference number, never the body.
    session.click_when_ready("details.seen > summary", SHORT);
    let status = session.wait_for("#http-status", SHORT);
    assert!(session.text(&status).contains("502"), "status shows {:?}", session.text(&status));
    let addresses = session.wait_for("#addresses", SHORT);
    assert!(session.text(&addresses).contains("127.0.0.1"), "addresses show {:?}", session.text(&addresses));
    let served = session.wait_for("#served-by", SHORT);
    assert!(session.text(&served).contains("Cloudflare"), "served by shows {:?}", session.text(&served));
    assert!(session.text(&result).contains("8c1e2f3a4b5c6d7e-AMS"), "the cf-ray is shown");
    no_raw_data(&session, "#result");
    shot(&session, "wizard-down-3-what-we-saw");

    // Nothing to fix here: wait and re-check, or hand off.
    session.click_when_ready("#wait-button", SHORT);
    session.wait_for_attribute("#fix-step", "data-step", "watch_until_back", SHORT);
    session.wait_for("#fix-step [role=\"timer\"]", SHORT);
    shot(&session, "wizard-down-4-wait");
    session.click_when_ready("#stop-waiting", SHORT);
    session.wait_for("#handoff", SHORT);
    session.wait_for("#copy-report", SHORT);
    let report = session.execute("return document.getElementById('report-text').value;");
    let report = report.as_str().unwrap_or_default();
    assert!(report.contains("verdict=down_for_everyone, culprit=origin"), "report: {report}");
    assert!(report.contains("8c1e2f3a4b5c6d7e-AMS") && !report.contains("<title>"), "report: {report}");
    session.click_when_ready("#copy-report", SHORT);
    let feedback = session.wait_for("#copy-feedback", SHORT);
    let until = Instant::now() + SHORT;
    let mut state = String::new();
    while Instant::now() < until {
        state = session.attribute(&feedback, "data-state").unwrap_or_default();
        if !state.is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(state == "copied" || state == "fallback", "copy gave no feedback ({state:?})");
    shot(&session, "wizard-down-5-handoff");
    eprintln!("e2e: copy for help desk → {state}");

    eprintln!(
        "e2e first-time user: window ready {:.1} s after launch; typed the address ({} characters); \
         {clicks} click (Check); verdict on screen {:.1} s after launch ({:.2} s after the click)",
        ready.as_secs_f64(),
        site.chars().count(),
        verdict_at.as_secs_f64(),
        (verdict_at - typed).as_secs_f64(),
    );
}

#[test]
fn a_failing_resolver_is_just_you_and_the_first_fix_step_is_checked_again() {
    if !display_or_skip() {
        return;
    }
    let _window = one_window();
    let http = FakeHttp::start(Behavior::WithConnectivity(Box::new(Behavior::ok("<h1>shop</h1>"))));
    // "Your" DNS fails for every name; public DNS finds the site. A second public resolver that
    // never answers keeps the run going for a few seconds, long enough to see the Check screen.
    let system = FakeDns::start(Reply::ServFail);
    let alternate = FakeDns::start(Reply::NxDomain);
    alternate.set(SITE, Reply::Addresses(vec!["127.0.0.1".parse().expect("ip")]));
    let silent = FakeDns::start(Reply::Silent);
    let dir = app::scratch("e2e-wizard-just-you");
    let config = app::write_config(
        &dir,
        &Endpoints {
            system_dns: vec![system.addr],
            alternates: vec![alternate.addr, silent.addr],
            probes: vec![http.url("/generate_204")],
        },
    );
    let profile = app::fresh_profile(&dir);
    let mut env: Vec<(&str, &Path)> = vec![("SITE_DOCTOR_CONFIG", &config)];
    env.extend(profile.iter().map(|(k, v)| (*k, v.as_path())));
    let driver = Driver::start(&env);
    let session = driver.session(&app::binary());

    let input = session.wait_for("#site-input", WAIT);
    let site = format!("http://{SITE}:{}/", http.addr.port());
    session.type_into(&input, &site);
    shot(&session, "wizard-just-you-0-ask");
    session.click_when_ready("#check-button", SHORT);
    session.wait_for("#cancel-button", SHORT);
    session.wait_for("#check [data-group=\"dns\"]", SHORT);
    shot(&session, "wizard-just-you-1-check");
    let result = session.wait_for("#result", WAIT);
    shot(&session, "wizard-just-you-2-answer");
    assert_eq!(session.attribute(&result, "data-verdict").as_deref(), Some("just_you"));
    assert_eq!(session.attribute(&result, "data-culprit").as_deref(), Some("dns_resolver"));
    no_raw_data(&session, "#result");

    // The first fix step: public DNS found the site, so switching comes first; its written
    // steps wait folded under the button, with the addresses to type.
    session.click_when_ready("#start-fix", SHORT);
    session.wait_for_attribute("#fix-step", "data-step", "use_alternate_resolver", SHORT);
    session.wait_for("#fix-action", SHORT);
    shot(&session, "wizard-just-you-3-fix-switch");

    // Back from the fix step to the answer through the step bar, and forward again to the
    // same step: nothing was tried, so it is still the first.
    session.click_when_ready("#stage-answer", SHORT);
    let back = session.wait_for("#result", SHORT);
    assert_eq!(session.attribute(&back, "data-culprit").as_deref(), Some("dns_resolver"));
    let dns = session.wait_for("#chain [data-link=\"dns\"]", SHORT);
    assert_eq!(session.attribute(&dns, "data-state").as_deref(), Some("broken"));
    shot(&session, "wizard-just-you-3a-back-to-answer");
    session.click_when_ready("#start-fix", SHORT);
    session.wait_for_attribute("#fix-step", "data-step", "use_alternate_resolver", SHORT);
    session.wait_for("#fix-action", SHORT);
    session.click_when_ready("#do-it-yourself > summary", SHORT);
    let written = session.wait_for("#do-it-yourself .copyfield code", SHORT);
    assert!(!session.text(&written).is_empty(), "the addresses to type are there");
    session.click_when_ready("#check-again", SHORT);
    session.wait_for("#cancel-button", SHORT);
    shot(&session, "wizard-just-you-4-check-again");
    let outcome = session.wait_for_attribute("#step-outcome", "data-fixed", "false", WAIT);
    let compared = session.text(&outcome);
    assert!(compared.matches(SITE).count() >= 2, "before and after are both shown: {compared}");
    shot(&session, "wizard-just-you-5-not-fixed");

    // Not fixed: the next step is offered, and shown, with the command to copy folded under its button.
    session.click_when_ready("#next-step", SHORT);
    let step = session.wait_for_attribute("#fix-step", "data-step", "flush_dns", SHORT);
    assert!(session.find("#step-outcome").is_none(), "a new step starts without the old outcome");
    session.click_when_ready("#do-it-yourself > summary", SHORT);
    session.wait_for("#do-it-yourself .copyfield", SHORT);
    let text = session.text(&step);
    assert!(
        text.contains("resolvectl flush-caches") || text.contains("ipconfig /flushdns") || text.contains("dscacheutil"),
        "the step shows the command: {text}"
    );
    shot(&session, "wizard-just-you-6-next-step");
}

/// Scrolls "Other places on the internet" into view, for the screenshot.
fn show_other_places(session: &Session) {
    session.execute(
        "document.querySelector('#result [data-group=\"vantage\"]').scrollIntoView({block: 'end'}); return 1;",
    );
}

/// A first-time user whose config lets the app ask other places (a stand-in on 127.0.0.1 where
/// every probe loads the site), about a site that refuses connections from here. Types the site,
/// presses Check, and finds the question there before anything is checked.
struct AskedFirst {
    vantage: FakeVantage,
    session: Session,
    _driver: Driver,
    _fakes: (FakeHttp, FakeDns),
}

fn asked_first(name: &str) -> AskedFirst {
    let http = FakeHttp::start(Behavior::WithConnectivity(Box::new(Behavior::ok("ok"))));
    let dns = FakeDns::start(Reply::Addresses(vec!["127.0.0.1".parse().expect("ip")]));
    let vantage = FakeVantage::start(Mode::Probes(Some(200)));
    let dir = app::scratch(name);
    let config = app::write_config_with(
        &dir,
        &Endpoints { system_dns: vec![dns.addr], alternates: vec![dns.addr], probes: vec![http.url("/generate_204")] },
        &app::Extra { vantage: Some(vantage.url()), ..app::Extra::default() },
    );
    let profile = app::fresh_profile(&dir);
    let mut env: Vec<(&str, &Path)> = vec![("SITE_DOCTOR_CONFIG", &config)];
    env.extend(profile.iter().map(|(k, v)| (*k, v.as_path())));
    let driver = Driver::start(&env);
    let session = driver.session(&app::binary());

    let input = session.wait_for("#site-input", WAIT);
    // Port 9 on loopback: nothing listens there, so the site is unreachable from here.
    session.type_into(&input, &format!("http://{SITE}:9/"));
    session.click_when_ready("#check-button", SHORT);
    let consent = session.wait_for("#vantage-consent", SHORT);
    let focused = session.execute("return document.activeElement && document.activeElement.id;");
    assert_eq!(focused.as_str(), Some("vantage-title"), "focus moves to the question");
    let text = session.text(&consent);
    assert!(text.contains(SITE), "the question names the address that would be sent: {text}");
    assert!(text.contains("127.0.0.1"), "the question names the configured service: {text}");
    assert!(session.find("#check").is_none() && session.find("#result").is_none(), "nothing checked before the answer");
    assert_eq!(vantage.requests.load(Ordering::Relaxed), 0, "nothing sent before the answer");
    AskedFirst { vantage, session, _driver: driver, _fakes: (http, dns) }
}

#[test]
fn with_other_places_configured_the_first_check_asks_and_yes_asks_them() {
    if !display_or_skip() {
        return;
    }
    let _window = one_window();
    // Kept whole: the driver and the fakes live as long as the test.
    let run = asked_first("e2e-wizard-vantage-yes");
    let (vantage, session) = (&run.vantage, &run.session);
    shot(session, "wizard-vantage-1-consent");
    session.click_when_ready("#vantage-allow", SHORT);
    let result = session.wait_for("#result", WAIT);
    assert!(vantage.requests.load(Ordering::Relaxed) > 0, "the stand-in was asked");
    no_raw_data(session, "#result");

    // "What we saw" includes what the other places saw.
    session.click_when_ready("details.seen > summary", SHORT);
    std::thread::sleep(Duration::from_millis(200));
    // WebDriver reads the text as shown, and the section headings are shown in capitals.
    let text = session.text(&result);
    assert!(text.to_lowercase().contains("what other places saw"), "what we saw: {text}");
    assert!(text.contains("Frankfurt"), "the stand-in's probe locations are shown: {text}");
    assert!(!text.contains("Not asked"), "other places were asked: {text}");
    show_other_places(session);
    shot(session, "wizard-vantage-2-what-others-saw");

    // Remembered: the Ask screen shows the setting, and the next check does not ask again.
    session.click_when_ready("#check-another", SHORT);
    let setting = session.wait_for("#vantage-setting-state", SHORT);
    assert!(session.text(&setting).contains("On"), "setting shows {:?}", session.text(&setting));
    let before = vantage.requests.load(Ordering::Relaxed);
    session.click_when_ready("#check-button", SHORT);
    session.wait_for("#result", WAIT);
    assert!(session.find("#vantage-consent").is_none(), "asked only once");
    assert!(vantage.requests.load(Ordering::Relaxed) > before, "the second check asked the stand-in too");
}

#[test]
fn with_other_places_configured_no_asks_nobody() {
    if !display_or_skip() {
        return;
    }
    let _window = one_window();
    // Kept whole: the driver and the fakes live as long as the test.
    let run = asked_first("e2e-wizard-vantage-no");
    let (vantage, session) = (&run.vantage, &run.session);
    session.click_when_ready("#vantage-deny", SHORT);
    let result = session.wait_for("#result", WAIT);
    no_raw_data(session, "#result");
    session.click_when_ready("details.seen > summary", SHORT);
    let group = session.wait_for("#result [data-group=\"vantage\"]", SHORT);
    std::thread::sleep(Duration::from_millis(200));
    let text = session.text(&group);
    assert!(text.contains("Not asked (you chose to check only from this computer)"), "other places: {text}");
    let all = session.text(&result).to_lowercase();
    assert!(!all.contains("what other places saw"), "nothing from other places is shown: {all}");
    show_other_places(session);
    shot(session, "wizard-vantage-3-declined");
    assert_eq!(vantage.requests.load(Ordering::Relaxed), 0, "a no sends nothing to other places");

    session.click_when_ready("#check-another", SHORT);
    let setting = session.wait_for("#vantage-setting-state", SHORT);
    assert!(session.text(&setting).contains("Off"), "setting shows {:?}", session.text(&setting));
    assert_eq!(vantage.requests.load(Ordering::Relaxed), 0, "still nothing sent");
}
