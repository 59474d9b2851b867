//! Status pages, against stand-ins on 127.0.0.1: a Cloudflare-fronted site failing with 502 while
//! the provider's (Statuspage-shaped) page reports an incident where the site is served, and
//! the same site with the page broken, silent or not allowed. What a status page says is told
//! beside the verdict and never changes it; a page that cannot be read is absent evidence.

use std::time::Duration;

use serde_json::{Value, json};
use site_doctor_tests::app::{self, Endpoints};
use site_doctor_tests::dns::{FakeDns, Reply};
use site_doctor_tests::http::{Behavior, FakeHttp};
use site_doctor_tests::vantage::{FakeVantage, Mode};

/// The provider's page: one open incident at `location`, started 7 minutes ago.
fn summary(location: &str) -> String {
    let started = time::OffsetDateTime::now_utc() - time::Duration::minutes(7);
    let started = started.format(&time::format_description::well_known::Rfc3339).unwrap_or_default();
    json!({
        "page": {"id": "p", "name": "CDN", "url": "http://status.cdn.test"},
        "status": {"indicator": "major", "description": "Partial System Outage"},
        "components": [{"name": location, "status": "partial_outage", "group": false}],
        "incidents": [{"name": "Elevated 502 errors", "status": "identified", "impact": "major",
            "created_at": started, "shortlink": "http://status.cdn.test/i/1",
            "components": [{"name": location}]}],
    })
    .to_string()
}

/// Cloudflare's edge answering 502 for the site, served from Amsterdam.
fn edge_502() -> Behavior {
    Behavior::WithConnectivity(Box::new(Behavior::Respond {
        status: 502,
        headers: vec![
            ("server".into(), "cloudflare".into()),
            ("cf-ray".into(), "8c1e2f3a4b5c6d7e-AMS".into()),
            ("content-type".into(), "text/html".into()),
        ],
        body: "<title>502: Bad gateway</title> Cloudflare Ray ID: 8c1e2f3a4b5c6d7e".into(),
    }))
}

struct Setup {
    _site: FakeHttp,
    _dns: FakeDns,
    _vantage: FakeVantage,
    page: FakeHttp,
    config: std::path::PathBuf,
    url: String,
}

fn setup(name: &str, page: Behavior) -> Setup {
    let site = FakeHttp::start(edge_502());
    let dns = FakeDns::start(Reply::Addresses(vec!["127.0.0.1".parse().expect("ip")]));
    let vantage = FakeVantage::start(Mode::Probes(Some(502)));
    let page = FakeHttp::start(page);
    let dir = app::scratch(name);
    let config = app::write_config_with(
        &dir,
        &Endpoints { system_dns: vec![dns.addr], alternates: vec![dns.addr], probes: vec![site.url("/generate_204")] },
        &app::Extra { vantage: Some(vantage.url()), status: Some(page.url("/")), ..app::Extra::default() },
    );
    let url = format!("http://shop.example.test:{}/", site.addr.port());
    Setup { _site: site, _dns: dns, _vantage: vantage, page, config, url }
}

fn json_page(body: String) -> Behavior {
    Behavior::Respond { status: 200, headers: vec![("content-type".into(), "application/json".into())], body }
}

fn verdict(doc: &Value) -> (Option<&str>, Option<&str>) {
    (doc["verdict"].as_str(), doc["culprit"].as_str())
}

fn status_checks(doc: &Value) -> Vec<&Value> {
    doc["checks"].as_array().into_iter().flatten().filter(|c| c["id"] == "status.provider").collect()
}

#[test]
fn trouble_at_the_serving_location_is_told_beside_the_verdict() {
    let s = setup("status-trouble", json_page(summary("Amsterdam, Netherlands - (AMS)")));
    let (_, doc, _) = app::check_json(&s.config, &s.url, &[]);
    assert_eq!(verdict(&doc), (Some("down_for_everyone"), Some("origin")), "{doc:#}");
    let pages = doc["evidence"]["status"].as_array().cloned().unwrap_or_default();
    assert_eq!(pages.len(), 1, "{doc:#}");
    assert_eq!((pages[0]["provider"].as_str(), pages[0]["region"].as_str()), (Some("cloudflare"), Some("AMS")));
    assert_eq!(pages[0]["place"], "Amsterdam, Netherlands");
    assert_eq!(pages[0]["trouble"][0]["name"], "Elevated 502 errors");
    let checks = status_checks(&doc);
    assert_eq!((checks.len(), checks[0]["status"].as_str()), (1, Some("warn")), "{doc:#}");
    assert!(s.page.seen.lock().map(|l| l.iter().any(|r| r.contains("/api/v2/summary.json"))).unwrap_or(false));
    // The words say who reports what, where, and since when.
    let out = app::run(&s.config, &["check", &s.url]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Cloudflare reports trouble in Amsterdam, Netherlands since "), "{text}");
    assert!(text.contains("UTC: Elevated 502 errors (identified). http://status.cdn.test/i/1"), "{text}");
}

#[test]
fn trouble_elsewhere_is_counted_not_told() {
    let s = setup("status-elsewhere", json_page(summary("Frankfurt, Germany - (FRA)")));
    let (_, doc, _) = app::check_json(&s.config, &s.url, &[]);
    assert_eq!(verdict(&doc), (Some("down_for_everyone"), Some("origin")), "{doc:#}");
    let page = &doc["evidence"]["status"][0];
    assert_eq!((page["read"].as_bool(), page["other_incidents"].as_u64()), (Some(true), Some(1)), "{doc:#}");
    assert_eq!(page["trouble"].as_array().map(Vec::len), Some(0));
    assert_eq!(status_checks(&doc)[0]["status"], "pass");
}

#[test]
fn a_broken_or_silent_status_page_changes_nothing_but_its_own_line() {
    for (name, page, error) in [
        ("status-500", Behavior::Respond { status: 500, headers: vec![], body: "oops".into() }, "other"),
        ("status-garbage", json_page("<html>not json</html>".into()), "http_protocol"),
        ("status-silent", Behavior::Silent, "timeout"),
    ] {
        let s = setup(name, page);
        let (_, doc, took) = app::check_json(&s.config, &s.url, &["--deadline", "8"]);
        assert!(took < Duration::from_millis(9500), "{name} took {took:?}");
        assert_eq!(verdict(&doc), (Some("down_for_everyone"), Some("origin")), "{name}: {doc:#}");
        let c = status_checks(&doc)[0];
        assert_eq!((c["status"].as_str(), c["detail"]["error"].as_str()), (Some("warn"), Some(error)), "{name}: {c}");
        assert_eq!(doc["evidence"]["status"][0]["read"], false, "{name}");
    }
}

#[test]
fn a_site_that_loads_costs_no_request_to_a_status_page() {
    let s = setup("status-up", json_page(summary("Amsterdam, Netherlands - (AMS)")));
    let up = FakeHttp::start(Behavior::WithConnectivity(Box::new(Behavior::Respond {
        status: 200,
        headers: vec![("server".into(), "cloudflare".into()), ("cf-ray".into(), "8c1e2f3a4b5c6d7e-AMS".into())],
        body: "<h1>shop</h1>".into(),
    })));
    let url = format!("http://shop.example.test:{}/", up.addr.port());
    let (_, doc, _) = app::check_json(&s.config, &url, &[]);
    assert_eq!(verdict(&doc), (Some("up"), Some("none")), "{doc:#}");
    assert_eq!(s.page.seen.lock().map(|l| l.len()).unwrap_or(usize::MAX), 0);
    assert!(status_checks(&doc).is_empty(), "{doc:#}");
}

#[test]
fn without_consent_no_status_page_is_asked() {
    let s = setup("status-no-consent", json_page(summary("Amsterdam, Netherlands - (AMS)")));
    let (_, doc, _) = app::check_json(&s.config, &s.url, &["--no-vantage"]);
    assert_eq!(s.page.seen.lock().map(|l| l.len()).unwrap_or(usize::MAX), 0);
    let c = status_checks(&doc)[0];
    assert_eq!(c["status"], "skipped", "{c}");
    assert!(c["detail"]["message"].as_str().is_some_and(|m| m.contains("turned off")), "{c}");
    assert_eq!(doc["evidence"]["status"].as_array().map(Vec::len), Some(0), "{doc:#}");
}
