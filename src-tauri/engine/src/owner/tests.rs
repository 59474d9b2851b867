use super::*;
use crate::diagnosis::Diagnosis;

fn target(s: &str) -> Target {
    Target::parse(s).expect("target")
}

#[test]
fn the_pattern_names_how_failures_are_spread() {
    let p = |s: &str| pattern(&s.chars().map(|c| c == 'x').collect::<Vec<_>>());
    assert_eq!(p("......"), FailurePattern::None);
    assert_eq!(p("xxxx"), FailurePattern::All);
    assert_eq!(p(".x.x.x"), FailurePattern::Alternating);
    assert_eq!(p("x.x.x."), FailurePattern::Alternating);
    assert_eq!(p("..xxx."), FailurePattern::Burst);
    assert_eq!(p("x..x.."), FailurePattern::Scattered);
    // One failure among answers is scattered, not a burst of one.
    assert_eq!(p("...x.."), FailurePattern::Scattered);
}

#[test]
fn a_route_that_flaps_is_intermittent_with_its_rate_times_and_request_ids() {
    let s = |at: &str, code: u16, id: Option<&str>| Sample {
        at: at.into(),
        status_code: Some(code),
        error: None,
        request_id: id.map(str::to_owned),
        elapsed_ms: 5,
    };
    let samples = [
        s("2026-11-21T14:00:00Z", 200, None),
        s("2026-11-21T14:00:01Z", 502, Some("cf-ray: aa-AMS")),
        s("2026-11-21T14:00:02Z", 200, None),
        s("2026-11-21T14:00:03Z", 502, Some("cf-ray: bb-AMS")),
    ];
    let h = route_health("/", "198.51.100.80:443", &samples);
    assert!(h.intermittent);
    assert_eq!((h.requests, h.failed, h.failure_percent), (4, 2, 50));
    assert_eq!(h.pattern, FailurePattern::Alternating);
    assert_eq!(h.sequence, "200 502 200 502");
    assert_eq!(h.first_failure.as_deref(), Some("2026-11-21T14:00:01Z"));
    assert_eq!(h.last_failure.as_deref(), Some("2026-11-21T14:00:03Z"));
    assert_eq!(h.request_ids.iter().map(|r| r.value.as_str()).collect::<Vec<_>>(), ["aa-AMS", "bb-AMS"]);
    // A failure without a status shows its class.
    let cut = Sample { error: Some(ErrorClass::ConnectionReset), status_code: None, ..samples[0].clone() };
    assert_eq!(route_health("/", "a", &[cut]).sequence, "connection_reset");
}

#[test]
fn the_origin_takes_the_site_s_scheme_unless_told_or_on_a_plain_port() {
    let t = target("https://shop.example.test/");
    let o = |s: &str| Origin::parse(s, &t).map(|o| (o.addr.to_string(), o.tls));
    assert_eq!(o("198.51.100.90"), Ok(("198.51.100.90:443".into(), true)));
    assert_eq!(o("198.51.100.90:8443"), Ok(("198.51.100.90:8443".into(), true)));
    assert_eq!(o("198.51.100.90:8080"), Ok(("198.51.100.90:8080".into(), false)));
    assert_eq!(o("http://198.51.100.90"), Ok(("198.51.100.90:80".into(), false)));
    assert_eq!(o("https://198.51.100.90:8080/"), Ok(("198.51.100.90:8080".into(), true)));
    assert_eq!(o("[2001:db8::90]:443"), Ok(("[2001:db8::90]:443".into(), true)));
    assert_eq!(o("2001:db8::90"), Ok(("[2001:db8::90]:443".into(), true)));
    assert!(o("origin.example.test").is_err());
    assert!(o("ftp://198.51.100.90").is_err());
}

#[test]
fn the_reading_compares_the_origin_with_the_edge() {
    assert_eq!(reading(Some(true), Some(false)), OriginReading::EdgeFailsOriginWorks);
    assert_eq!(reading(Some(false), Some(false)), OriginReading::BothFail);
    assert_eq!(reading(Some(true), Some(true)), OriginReading::BothWork);
    assert_eq!(reading(Some(false), Some(true)), OriginReading::OriginFailsEdgeWorks);
    // Not asked is not a failure.
    assert_eq!(reading(None, Some(false)), OriginReading::Unknown);
}

#[test]
fn the_report_carries_the_owner_s_kit_even_when_the_site_loads() {
    let d: Diagnosis = serde_json::from_value(serde_json::json!({
        "schema": 1,
        "target": { "input": "a.example", "url": "https://a.example/", "host": "a.example", "port": 443 },
        "verdict": "up", "culprit": "none", "confidence": "confirmed",
        "summary": "a.example loads normally from here.", "next_steps": [],
        "evidence": {
            "answer": { "address": "198.51.100.80:443", "status_code": 200,
                        "served_by": { "name": "Cloudflare", "gateway": true }, "request_ids": [] },
            "owner": {
                "intermittent": true,
                "routes": [{ "path": "/api/health", "address": "198.51.100.80:443", "requests": 6, "failed": 3,
                             "failure_percent": 50, "intermittent": true, "pattern": "alternating",
                             "sequence": "200 502 200 502 200 502", "first_failure": "2026-11-21T14:00:01Z",
                             "last_failure": "2026-11-21T14:00:03Z",
                             "request_ids": [{ "header": "cf-ray", "value": "aa-AMS" }] }],
                "origin": [{ "path": "/api/health", "origin": "198.51.100.90:443", "origin_status": 200,
                             "edge_status": 502, "reading": "edge_fails_origin_works" }]
            }
        },
        "checks": [{ "id": "owner.route", "subject": "/api/health", "status": "warn", "elapsed_ms": 2600,
                     "detail": { "status_code": 502,
                                 "body_sample": "<html><head><title>a.example | 502:\n Bad gateway</title>" } }],
        "elapsed_ms": 2600, "started_at": "2026-11-21T14:00:00Z"
    }))
    .expect("diagnosis");
    let text = crate::report::render(&crate::ReportRequest::new(d));
    for want in [
        "Who can fix it",
        "/api/health: 3 of 6 requests failed, first at 2026-11-21T14:00:01Z",
        "cf-ray: aa-AMS",
        "the error page says: a.example | 502: Bad gateway",
        "the site's own server asked directly (198.51.100.90:443/api/health): HTTP 200",
        "Failing every other request usually means one bad server of two",
        // Wrapped at 80 columns, so only its start is one line.
        "Your server answers 200 directly (198.51.100.90:443 /api/health); the",
    ] {
        assert!(text.contains(want), "missing {want:?} in:\n{text}");
    }
    // The site loads: there is no error of the answer's to tell of.
    assert!(!text.contains("the error: HTTP 200"), "{text}");
}
