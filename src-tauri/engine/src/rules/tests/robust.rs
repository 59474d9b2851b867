//! Confusions the table used to make (issue 14): evidence that could not be had is absent, not
//! contrary, and a verdict rests only on evidence that can tell the cases apart.

use super::*;

fn loss_measured(percent: u8) -> Check {
    let mut c =
        Check::new(CheckId::ConnectivityLoss, None, if percent >= 10 { Status::Warn } else { Status::Pass }, 1500);
    c.detail.loss_percent = Some(percent);
    c
}

/// A site on the local network answers while nothing beyond it does (no default route, the
/// connectivity checks fail): the site is up; the missing internet is a note.
#[test]
pub(super) fn a_site_that_answers_without_the_internet_is_up() {
    let no_route = || Check::new(CheckId::EnvironmentRoute, None, Status::Fail, 0);
    let checks = [
        no_route(),
        probe(Status::Fail),
        dns(CheckId::DnsSystem, &["198.51.100.80"]),
        dns_fail(CheckId::DnsAlternate, ErrorClass::Unreachable),
        conn("198.51.100.80:443", Some(200), None),
    ];
    let d = decide(&target("nas.example.com"), &checks, NOW);
    assert_eq!((d.verdict, d.culprit, d.confidence), (Verdict::Up, Culprit::None, Confidence::Confirmed));
    assert!(d.evidence.internet_unreachable);
    // Nothing answering at all is still no network.
    let checks = [no_route(), probe(Status::Fail), dns_fail(CheckId::DnsSystem, ErrorClass::Unreachable)];
    let d = decide(&target("nas.example.com"), &checks, NOW);
    assert_eq!((d.verdict, d.culprit), (Verdict::JustYou, Culprit::NoNetwork));
}

/// Slow connect and slow first byte in proportion, and the loss sampler lost nothing: latency.
#[test]
pub(super) fn a_uniformly_slow_path_with_no_measured_loss_is_slow_not_loss() {
    let slow = || with_phases(conn("198.51.100.80:443", Some(200), None), Some(1620), Some(1650));
    let base = || [probe(Status::Pass), dns(CheckId::DnsSystem, &["198.51.100.80"])];
    let expect = (Verdict::Degraded, Culprit::SlowNetwork, Confidence::Likely);
    let [p, d] = base();
    assert_eq!(decide_on(&[p, d, loss_measured(0), slow()]), expect);
    // In proportion is latency even when loss was not measured.
    let [p, d] = base();
    assert_eq!(decide_on(&[p, d, slow()]), expect);
    // A lone one-second connect with a quick answer looks like a lost SYN, unless the sampler
    // measured the link clean.
    let syn = || with_phases(conn("198.51.100.80:443", Some(200), None), Some(1010), Some(30));
    let [p, d] = base();
    assert_eq!(decide_on(&[p, d, syn()]).1, Culprit::PacketLoss);
    let [p, d] = base();
    assert_eq!(decide_on(&[p, d, loss_measured(0), syn()]), (Verdict::Up, Culprit::None, Confidence::Confirmed));
}

/// The HTTPS connection opens and the handshake stalls while small plain-HTTP answers arrive: a
/// path-MTU black hole, not a firewall (which stops the connection from opening at all).
#[test]
pub(super) fn a_stalled_handshake_while_plain_http_answers_is_the_path_mtu() {
    let mut plain = conn("198.51.100.80:80", Some(301), None);
    plain.id = CheckId::SiteConnectionHttp;
    let stalled = with_phases(conn("198.51.100.80:443", None, Some(ErrorClass::Timeout)), Some(20), None);
    let checks = [probe(Status::Pass), dns(CheckId::DnsSystem, &["198.51.100.80"]), stalled, plain.clone()];
    assert_eq!(decide_on(&checks), (Verdict::JustYou, Culprit::PathMtu, Confidence::Likely));
    let never_opens = with_phases(conn("198.51.100.80:443", None, Some(ErrorClass::Timeout)), None, None);
    let checks = [probe(Status::Pass), dns(CheckId::DnsSystem, &["198.51.100.80"]), never_opens, plain.clone()];
    assert_eq!(decide_on(&checks).1, Culprit::Firewall);
    // A large plain answer arrived, so big packets pass: a filter dropping the handshake.
    let stalled = with_phases(conn("198.51.100.80:443", None, Some(ErrorClass::Timeout)), Some(20), None);
    plain.detail.body_bytes = Some(16 * 1024);
    let checks = [probe(Status::Pass), dns(CheckId::DnsSystem, &["198.51.100.80"]), stalled, plain];
    assert_eq!(decide_on(&checks).1, Culprit::Firewall);
}

/// Every resolver that answered says NXDOMAIN; one DoH endpoint refused the connection. Its
/// silence is not a vote that the name exists.
#[test]
pub(super) fn a_resolver_that_could_not_be_asked_does_not_outvote_nxdomain() {
    let doh = || dns_fail(CheckId::DnsDoh, ErrorClass::ConnectionRefused);
    let checks = [
        probe(Status::Pass),
        dns_fail(CheckId::DnsSystem, ErrorClass::Nxdomain),
        dns_fail(CheckId::DnsAlternate, ErrorClass::Nxdomain),
        doh(),
    ];
    assert_eq!(decide_on(&checks), (Verdict::DownForEveryone, Culprit::SiteDns, Confidence::Likely));
    let checks = [
        probe(Status::Pass),
        dns_fail(CheckId::DnsSystem, ErrorClass::Nxdomain),
        dns_fail(CheckId::DnsAlternate, ErrorClass::Nxdomain),
        dns_fail(CheckId::DnsAlternate, ErrorClass::Timeout),
        doh(),
        vantage(&[None, None]),
    ];
    assert_eq!(decide_on(&checks), (Verdict::DownForEveryone, Culprit::SiteDns, Confidence::Confirmed));
    // With no resolver but the user's answering, nothing confirms the name is gone.
    let checks = [probe(Status::Pass), dns_fail(CheckId::DnsSystem, ErrorClass::Nxdomain), doh()];
    assert_ne!(decide_on(&checks).1, Culprit::SiteDns);
}

/// An untrusted issuer with no other place's view of the certificate: named as possible
/// interception with its issuer, never "down for everyone".
#[test]
pub(super) fn an_untrusted_issuer_nobody_else_checked_is_likely_interception() {
    let untrusted = || {
        let mut c = conn("198.51.100.80:443", None, Some(ErrorClass::TlsUntrusted));
        c.detail.tls = Some(crate::finding::TlsInfo {
            issuer: Some("CN=Contoso Web Shield Root, O=Contoso".into()),
            ..Default::default()
        });
        c
    };
    let checks = [probe(Status::Pass), dns(CheckId::DnsSystem, &["198.51.100.80"]), untrusted()];
    let d = decide(&target("shop.example.com"), &checks, NOW);
    assert_eq!((d.verdict, d.culprit, d.confidence), (Verdict::JustYou, Culprit::TlsInterception, Confidence::Likely));
    assert!(d.summary.contains("with one from \"Contoso Web Shield Root\" ("), "{}", d.summary);
    // Other places refusing the same certificate keep today's verdict: the site's.
    let mut v = vantage(&[None]);
    if let Some(p) = v.detail.vantage.as_mut() {
        p[0].tls_authorized = Some(false);
    }
    let checks = [probe(Status::Pass), dns(CheckId::DnsSystem, &["198.51.100.80"]), untrusted(), v];
    assert_eq!(decide_on(&checks), (Verdict::DownForEveryone, Culprit::SiteTls, Confidence::Confirmed));
}
