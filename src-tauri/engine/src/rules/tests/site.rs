//! The site's own side: it loads, its server fails, nobody reaches it, its certificate.

use super::*;

#[test]
pub(super) fn a_site_that_answers_is_up() {
    let checks =
        [probe(Status::Pass), dns(CheckId::DnsSystem, &["198.51.100.80"]), conn("198.51.100.80:443", Some(200), None)];
    let d = decide(&target("shop.example.com"), &checks, NOW);
    assert_eq!((d.verdict, d.culprit, d.confidence), (Verdict::Up, Culprit::None, Confidence::Confirmed));
}

#[test]
pub(super) fn a_5xx_with_a_working_connection_blames_the_origin() {
    let checks =
        [probe(Status::Pass), dns(CheckId::DnsSystem, &["198.51.100.80"]), conn("198.51.100.80:443", Some(502), None)];
    let d = decide(&target("shop.example.com"), &checks, NOW);
    assert_eq!((d.verdict, d.culprit), (Verdict::DownForEveryone, Culprit::Origin));
    assert!(d.summary.contains("502"));
}

/// Refused here, and no other place asked: a dead server and a broken way to it look the same
/// from one computer, so the verdict waits for evidence that can tell (issue 14).
#[test]
pub(super) fn nobody_answering_here_with_no_other_place_asked_is_unclear() {
    let checks = [
        probe(Status::Pass),
        dns(CheckId::DnsSystem, &["198.51.100.80"]),
        conn("198.51.100.80:443", None, Some(ErrorClass::ConnectionRefused)),
    ];
    let d = decide(&target("shop.example.com"), &checks, NOW);
    assert_eq!(
        (d.verdict, d.culprit, d.confidence),
        (Verdict::Inconclusive, Culprit::SiteUnreachable, Confidence::Unsure)
    );
    assert_eq!(d.next_steps, [NextStep::TryOtherNetwork, NextStep::WaitAndRetry]);
    assert!(d.summary.contains("mobile data"), "{}", d.summary);
}

#[test]
pub(super) fn an_expired_certificate_is_the_sites() {
    let checks = [
        probe(Status::Pass),
        dns(CheckId::DnsSystem, &["198.51.100.80"]),
        conn("198.51.100.80:443", None, Some(ErrorClass::TlsExpired)),
    ];
    let d = decide(&target("shop.example.com"), &checks, NOW);
    assert_eq!((d.verdict, d.culprit), (Verdict::DownForEveryone, Culprit::SiteTls));
}

#[test]
pub(super) fn vantage_points_confirm_a_dead_origin() {
    let checks = [
        probe(Status::Pass),
        dns(CheckId::DnsSystem, &["198.51.100.80"]),
        conn("198.51.100.80:443", Some(502), None),
        vantage(&[Some(502), Some(502)]),
    ];
    assert_eq!(decide_on(&checks), (Verdict::DownForEveryone, Culprit::Origin, Confidence::Confirmed));
}

#[test]
pub(super) fn unreachable_here_but_loading_elsewhere_is_the_network_path() {
    let checks = [
        probe(Status::Pass),
        dns(CheckId::DnsSystem, &["198.51.100.80"]),
        conn("198.51.100.80:443", None, Some(ErrorClass::Timeout)),
        vantage(&[Some(200), Some(200)]),
    ];
    assert_eq!(decide_on(&checks), (Verdict::JustYou, Culprit::NetworkPath, Confidence::Confirmed));
    let checks = [
        probe(Status::Pass),
        dns(CheckId::DnsSystem, &["198.51.100.80"]),
        conn("198.51.100.80:443", None, Some(ErrorClass::Timeout)),
        vantage(&[None, None]),
    ];
    assert_eq!(decide_on(&checks), (Verdict::DownForEveryone, Culprit::SiteUnreachable, Confidence::Confirmed));
}

#[test]
pub(super) fn an_untrusted_certificate_that_others_trust_is_interception() {
    let mut v = vantage(&[Some(200)]);
    if let Some(p) = v.detail.vantage.as_mut() {
        p[0].tls_authorized = Some(true);
    }
    let checks = [
        probe(Status::Pass),
        dns(CheckId::DnsSystem, &["198.51.100.80"]),
        conn("198.51.100.80:443", None, Some(ErrorClass::TlsUntrusted)),
        v,
    ];
    assert_eq!(decide_on(&checks), (Verdict::JustYou, Culprit::TlsInterception, Confidence::Confirmed));
}

#[test]
pub(super) fn an_untrusted_certificate_with_an_unreadable_trust_store_blames_no_one() {
    let mut store = Check::new(CheckId::EnvironmentTrustStore, None, Status::Warn, 3);
    store.detail.message = Some("this computer's certificate store could not be read: denied".into());
    let checks = [
        probe(Status::Pass),
        store,
        dns(CheckId::DnsSystem, &["198.51.100.80"]),
        conn("198.51.100.80:443", None, Some(ErrorClass::TlsUntrusted)),
    ];
    // Not interception, not the site: every certificate would look untrusted here.
    assert_eq!(decide_on(&checks), (Verdict::Inconclusive, Culprit::None, Confidence::Unsure));
    // Read in full, the same failure is the usual suspect.
    let mut fine = checks.to_vec();
    fine[1].status = Status::Pass;
    assert_eq!(decide_on(&fine).1, Culprit::TlsInterception);
}

#[test]
pub(super) fn an_expired_certificate_with_a_wrong_clock_is_the_clock() {
    let mut p = probe(Status::Pass);
    // The server says it is two days later than this computer thinks.
    p.detail.headers = Some([("date".to_owned(), "Mon, 23 Nov 2026 14:00:00 GMT".to_owned())].into());
    let checks =
        [p, dns(CheckId::DnsSystem, &["198.51.100.80"]), conn("198.51.100.80:443", None, Some(ErrorClass::TlsExpired))];
    assert_eq!(decide_on(&checks).1, Culprit::ClockSkew);
    assert_eq!(http_date("Sat, 21 Nov 2026 14:00:00 GMT"), Some(NOW));
}

#[test]
pub(super) fn a_bot_challenge_is_a_working_site() {
    let mut challenge = conn("198.51.100.80:443", Some(503), None);
    challenge.detail.headers = Some(
        [("server".to_owned(), "cloudflare".to_owned()), ("cf-mitigated".to_owned(), "challenge".to_owned())].into(),
    );
    let checks = [probe(Status::Pass), dns(CheckId::DnsSystem, &["198.51.100.80"]), challenge];
    assert_eq!(decide_on(&checks).0, Verdict::Up);
}

#[test]
pub(super) fn a_gateways_own_error_page_names_the_gateway_and_blames_the_server_behind_it() {
    let mut c = conn("198.51.100.80:443", Some(502), None);
    c.detail.served_by = Some("Cloudflare".into());
    c.detail.gateway_error = Some(true);
    let d = decide(
        &target("shop.example.com"),
        &[probe(Status::Pass), dns(CheckId::DnsSystem, &["198.51.100.80"]), c],
        NOW,
    );
    assert_eq!(d.culprit, Culprit::Origin);
    assert!(
        d.summary.contains("Cloudflare answers, but the site's own server behind it is failing (HTTP 502)"),
        "{}",
        d.summary
    );
}
