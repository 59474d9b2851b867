use super::*;

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
