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
    // One service's places loading the site settle it; the other may be left unheard, and then
    // says so rather than failing.
    let passed: Vec<_> = checks.iter().filter(|c| c["status"] == "pass").collect();
    assert!(!passed.is_empty(), "{doc:#}");
    for c in passed {
        assert!(c["detail"]["vantage"][0]["location"].as_str().is_some_and(|l| l.contains("Frankfurt")), "{c}");
    }
    for c in checks.iter().filter(|c| c["status"] != "pass") {
        assert_eq!((c["status"].as_str(), c["detail"]["error"].as_str()), (Some("skipped"), Some("not_run")), "{c}");
        assert!(c["detail"]["message"].as_str().is_some_and(|m| m.starts_with("not waited for")), "{c}");
    }
    assert!(vantage.requests.load(Ordering::Relaxed) >= 2);
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

/// A name that no resolver knows, with the places elsewhere slow to answer: the answer is shown
/// as provisional before they answer, then confirmed, and `--json` is still one document.
#[test]
fn a_provisional_answer_comes_before_the_places_elsewhere_answer() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;

    let http = FakeHttp::start(Behavior::WithConnectivity(Box::new(Behavior::ok("ok"))));
    let dns = FakeDns::start(Reply::NxDomain);
    let vantage = FakeVantage::start(Mode::SlowProbes(None, Duration::from_secs(2)));
    let dir = app::scratch("vantage-provisional");
    let config = app::write_config_with(
        &dir,
        &Endpoints { system_dns: vec![dns.addr], alternates: vec![dns.addr], probes: vec![http.url("/generate_204")] },
        &app::Extra { vantage: Some(vantage.url()), ..app::Extra::default() },
    );
    let site = "http://gone.example.test/";

    let start = std::time::Instant::now();
    let mut child = app::command(&config, &[])
        .args(["check", site])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run the app: {e}"));
    let stderr = child.stderr.take().unwrap_or_else(|| panic!("no stderr"));
    let mut provisional = None;
    let mut lines = Vec::new();
    for line in BufReader::new(stderr).lines().map_while(Result::ok) {
        if line.contains("Probably:") && provisional.is_none() {
            // Taken the moment the line arrives: no poll for results may have been answered yet.
            provisional = Some((start.elapsed(), vantage.results.load(Ordering::Relaxed)));
        }
        lines.push(line);
    }
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    let done = start.elapsed();
    let stderr = lines.join("\n");
    let Some((at, answered)) = provisional else { panic!("no provisional line:\n{stderr}") };
    assert_eq!(answered, 0, "the places elsewhere had answered before the provisional line:\n{stderr}");
    assert!(stderr.contains("does not exist") && stderr.contains("Checking from other places"), "{stderr}");
    assert!(vantage.results.load(Ordering::Relaxed) > 0, "the run ended without hearing the places elsewhere");
    assert!(at < done, "provisional at {at:?}, final at {done:?}");
    eprintln!("provisional after {at:?}, final after {done:?} (informational)");
    assert!(String::from_utf8_lossy(&out.stdout).contains("does not exist"));

    // The document is unchanged: one JSON object with the same fields, and no provisional in it.
    let (code, doc, _) = app::check_json(&config, site, &[]);
    assert_eq!(code, 12, "{doc:#}");
    let mut keys: Vec<&str> = doc.as_object().map(|o| o.keys().map(String::as_str).collect()).unwrap_or_default();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "checks",
            "confidence",
            "culprit",
            "elapsed_ms",
            "evidence",
            "next_steps",
            "schema",
            "started_at",
            "summary",
            "target",
            "verdict"
        ]
    );
    assert_eq!(
        (doc["verdict"].as_str(), doc["culprit"].as_str(), doc["confidence"].as_str()),
        (Some("down_for_everyone"), Some("site_dns"), Some("confirmed")),
        "{doc:#}"
    );
}
