use super::*;
use crate::finding::Check;

fn target(s: &str) -> Target {
    Target::parse(s).expect("valid target")
}

fn probe(status: Status) -> Check {
    Check::new("connectivity.probe", Some("http://127.0.0.1/generate_204".into()), status, 5)
}

fn dns(id: &str, answers: &[&str]) -> Check {
    let mut c = Check::new(id, None, Status::Pass, 5);
    c.detail.answers = Some(answers.iter().map(|s| (*s).to_owned()).collect());
    c
}

fn dns_fail(id: &str, class: ErrorClass) -> Check {
    Check::failed(id, None, class, "x".into(), 5)
}

fn conn(addr: &str, code: Option<u16>, error: Option<ErrorClass>) -> Check {
    let mut c = Check::new(
        "site.connection",
        Some(addr.into()),
        if code.is_some_and(|c| c < 500) { Status::Pass } else { Status::Fail },
        5,
    );
    c.detail.address = Some(addr.into());
    c.detail.status_code = code;
    c.detail.error = error;
    c
}

#[test]
fn a_site_that_answers_is_up() {
    let checks =
        [probe(Status::Pass), dns("dns.system", &["198.51.100.80"]), conn("198.51.100.80:443", Some(200), None)];
    let d = decide(&target("shop.example.com"), &checks);
    assert_eq!((d.verdict, d.culprit, d.confidence), (Verdict::Up, Culprit::None, Confidence::Confirmed));
}

#[test]
fn failing_system_dns_with_working_public_dns_is_the_resolver() {
    let checks = [
        probe(Status::Pass),
        dns_fail("dns.system", ErrorClass::Servfail),
        dns("dns.alternate", &["198.51.100.80"]),
        conn("198.51.100.80:443", Some(200), None),
    ];
    let d = decide(&target("shop.example.com"), &checks);
    assert_eq!((d.verdict, d.culprit, d.confidence), (Verdict::JustYou, Culprit::DnsResolver, Confidence::Confirmed));
    assert_eq!(d.next_steps[0], NextStep::FlushDns);
}

#[test]
fn a_name_that_exists_nowhere_is_the_sites_dns() {
    let checks = [
        probe(Status::Pass),
        dns_fail("dns.system", ErrorClass::Nxdomain),
        dns_fail("dns.alternate", ErrorClass::Nxdomain),
    ];
    let d = decide(&target("gone.example.com"), &checks);
    assert_eq!((d.verdict, d.culprit), (Verdict::DownForEveryone, Culprit::SiteDns));
}

#[test]
fn a_5xx_with_a_working_connection_blames_the_origin() {
    let checks =
        [probe(Status::Pass), dns("dns.system", &["198.51.100.80"]), conn("198.51.100.80:443", Some(502), None)];
    let d = decide(&target("shop.example.com"), &checks);
    assert_eq!((d.verdict, d.culprit), (Verdict::DownForEveryone, Culprit::Origin));
    assert!(d.summary.contains("502"));
}

#[test]
fn the_site_is_not_blamed_while_this_computer_is_offline() {
    let checks = [
        probe(Status::Fail),
        dns_fail("dns.system", ErrorClass::Timeout),
        dns_fail("dns.alternate", ErrorClass::Timeout),
    ];
    let d = decide(&target("shop.example.com"), &checks);
    assert_eq!((d.verdict, d.culprit), (Verdict::JustYou, Culprit::NoNetwork));
    let checks = [dns("dns.system", &["198.51.100.80"]), conn("198.51.100.80:443", Some(503), None)];
    let d = decide(&target("shop.example.com"), &checks);
    assert_eq!(d.verdict, Verdict::Inconclusive, "no proof the user's connection works");
}

#[test]
fn an_intercepted_connectivity_check_is_a_captive_portal() {
    let checks = [
        probe(Status::Warn),
        dns("dns.system", &["198.51.100.80"]),
        conn("198.51.100.80:443", None, Some(ErrorClass::Timeout)),
    ];
    let d = decide(&target("shop.example.com"), &checks);
    assert_eq!((d.verdict, d.culprit), (Verdict::JustYou, Culprit::CaptivePortal));
}

#[test]
fn nobody_answering_while_online_is_site_unreachable() {
    let checks = [
        probe(Status::Pass),
        dns("dns.system", &["198.51.100.80"]),
        conn("198.51.100.80:443", None, Some(ErrorClass::ConnectionRefused)),
    ];
    let d = decide(&target("shop.example.com"), &checks);
    assert_eq!((d.verdict, d.culprit), (Verdict::DownForEveryone, Culprit::SiteUnreachable));
}

#[test]
fn an_expired_certificate_is_the_sites() {
    let checks = [
        probe(Status::Pass),
        dns("dns.system", &["198.51.100.80"]),
        conn("198.51.100.80:443", None, Some(ErrorClass::TlsExpired)),
    ];
    let d = decide(&target("shop.example.com"), &checks);
    assert_eq!((d.verdict, d.culprit), (Verdict::DownForEveryone, Culprit::SiteTls));
}

#[test]
fn a_blocking_resolver_answers_zero() {
    let checks = [
        probe(Status::Pass),
        dns("dns.system", &["0.0.0.0"]),
        dns("dns.alternate", &["198.51.100.80"]),
        conn("0.0.0.0:443", None, Some(ErrorClass::ConnectionRefused)),
        conn("198.51.100.80:443", Some(200), None),
    ];
    let d = decide(&target("shop.example.com"), &checks);
    assert_eq!((d.verdict, d.culprit), (Verdict::JustYou, Culprit::DnsBlocked));
}

#[test]
fn a_hosts_file_line_pointing_elsewhere_is_named() {
    let mut hosts = Check::new("environment.hosts", None, Status::Warn, 1);
    hosts.detail.answers = Some(vec!["203.0.113.9".into()]);
    let checks = [
        probe(Status::Pass),
        hosts,
        dns("dns.system", &["198.51.100.80"]),
        conn("203.0.113.9:443", None, Some(ErrorClass::Timeout)),
        conn("198.51.100.80:443", Some(200), None),
    ];
    let d = decide(&target("shop.example.com"), &checks);
    assert_eq!((d.verdict, d.culprit), (Verdict::JustYou, Culprit::HostsFile));
}
