//! Other places on the internet, through stand-ins of Globalping and check-host.net on 127.0.0.1:
//! they confirm a verdict when they answer, and cost nothing but confidence when they don't.

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::time::Duration;

use serde_json::Value;
use site_doctor_tests::app::{self, Endpoints};
use site_doctor_tests::dns::{FakeDns, Reply};
use site_doctor_tests::http::{Behavior, FakeHttp};
use site_doctor_tests::vantage::{FakeVantage, Mode};

/// A site whose server refuses connections, behind a working connectivity check.
fn refused_site(name: &str, mode: Mode) -> (FakeHttp, FakeDns, FakeVantage, PathBuf, String) {
    let http = FakeHttp::start(Behavior::WithConnectivity(Box::new(Behavior::ok("ok"))));
    let dns = FakeDns::start(Reply::Addresses(vec!["127.0.0.1".parse().expect("ip")]));
    let vantage = FakeVantage::start(mode);
    let dir = app::scratch(name);
    let config = app::write_config_with(
        &dir,
        &Endpoints { system_dns: vec![dns.addr], alternates: vec![dns.addr], probes: vec![http.url("/generate_204")] },
        &app::Extra { vantage: Some(vantage.url()), ..app::Extra::default() },
    );
    // Port 9 on loopback: nothing listens there, so the site is unreachable from here.
    (http, dns, vantage, config, "http://shop.example.test:9/".to_owned())
}

fn vantage_checks(doc: &Value) -> Vec<&Value> {
    doc["checks"]
        .as_array()
        .map(|a| a.iter().filter(|c| c["id"].as_str().is_some_and(|i| i.starts_with("vantage."))).collect())
        .unwrap_or_default()
}

#[test]
fn others_loading_the_site_make_it_just_you_confirmed() {
    let (_h, _d, vantage, config, site) = refused_site("vantage-ok", Mode::Probes(Some(200)));
    let (code, doc, _) = app::check_json(&config, &site, &[]);
    assert_eq!(
        (doc["verdict"].as_str(), doc["culprit"].as_str(), doc["confidence"].as_str()),
        (Some("just_you"), Some("network_path"), Some("confirmed")),
        "{doc:#}"
    );
    assert_eq!(code, 11);
    let checks = vantage_checks(&doc);
    assert_eq!(checks.len(), 2);
    for c in checks {
        assert_eq!(c["status"], "pass", "{c}");
        assert!(c["detail"]["vantage"][0]["location"].as_str().is_some_and(|l| l.contains("Frankfurt")), "{c}");
    }
    assert!(vantage.requests.load(Ordering::Relaxed) >= 4);
}

#[test]
fn others_failing_too_confirm_it_is_down_for_everyone() {
    let (_h, _d, _v, config, site) = refused_site("vantage-down", Mode::Probes(None));
    let (code, doc, _) = app::check_json(&config, &site, &[]);
    assert_eq!(
        (doc["verdict"].as_str(), doc["culprit"].as_str(), doc["confidence"].as_str()),
        (Some("down_for_everyone"), Some("site_unreachable"), Some("confirmed")),
        "{doc:#}"
    );
    assert_eq!(code, 12);
}

#[test]
fn rate_limits_garbage_and_silence_become_findings_within_the_deadline() {
    for (name, mode, error) in [
        ("vantage-429", Mode::RateLimited, "other"),
        ("vantage-garbage", Mode::Garbage, "http_protocol"),
        ("vantage-silent", Mode::Silent, "timeout"),
    ] {
        let (_h, _d, _v, config, site) = refused_site(name, mode);
        let (_, doc, took) = app::check_json(&config, &site, &["--deadline", "4"]);
        assert!(took < Duration::from_millis(5500), "{name} took {took:?}");
        // No vantage point answered: silence from here alone cannot say "down for everyone".
        assert_eq!(
            (doc["verdict"].as_str(), doc["culprit"].as_str(), doc["confidence"].as_str()),
            (Some("inconclusive"), Some("site_unreachable"), Some("unsure")),
            "{name}: {doc:#}"
        );
        for c in vantage_checks(&doc) {
            assert_eq!(c["status"], "warn", "{name}: {c}");
            assert_eq!(c["detail"]["error"], error, "{name}: {c}");
            assert!(c["detail"]["message"].as_str().is_some_and(|m| m.starts_with("could not ask")), "{c}");
        }
        if mode == Mode::RateLimited {
            assert_eq!(vantage_checks(&doc)[0]["detail"]["status_code"], 429);
        }
    }
}

#[test]
fn no_vantage_asks_no_third_party() {
    let (_h, _d, vantage, config, site) = refused_site("vantage-off", Mode::Probes(Some(200)));
    let (_, doc, _) = app::check_json(&config, &site, &["--no-vantage"]);
    assert_eq!(vantage.requests.load(Ordering::Relaxed), 0);
    assert!(vantage_checks(&doc).iter().all(|c| c["status"] == "skipped"), "{doc:#}");
    // Without other places, an unreachable site is "we can't tell yet", not "down for everyone".
    assert_eq!((doc["verdict"].as_str(), doc["confidence"].as_str()), (Some("inconclusive"), Some("unsure")));
}
