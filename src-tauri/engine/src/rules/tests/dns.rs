//! Names and addresses: resolvers that fail, block, lie or lag, and the hosts file.

use super::*;

#[test]
pub(super) fn failing_system_dns_with_working_public_dns_is_the_resolver() {
    let checks = [
        probe(Status::Pass),
        dns_fail(CheckId::DnsSystem, ErrorClass::Servfail),
        dns(CheckId::DnsAlternate, &["198.51.100.80"]),
        conn("198.51.100.80:443", Some(200), None),
    ];
    let d = decide(&target("shop.example.com"), &checks, NOW);
    assert_eq!((d.verdict, d.culprit, d.confidence), (Verdict::JustYou, Culprit::DnsResolver, Confidence::Confirmed));
    assert_eq!(d.next_steps[0], NextStep::UseAlternateResolver, "switching fixes it, so it comes first");
}

#[test]
pub(super) fn a_name_that_exists_nowhere_is_the_sites_dns() {
    let checks = [
        probe(Status::Pass),
        dns_fail(CheckId::DnsSystem, ErrorClass::Nxdomain),
        dns_fail(CheckId::DnsAlternate, ErrorClass::Nxdomain),
    ];
    let d = decide(&target("gone.example.com"), &checks, NOW);
    assert_eq!((d.verdict, d.culprit), (Verdict::DownForEveryone, Culprit::SiteDns));
}

#[test]
pub(super) fn a_blocking_resolver_answers_zero() {
    let checks = [
        probe(Status::Pass),
        dns(CheckId::DnsSystem, &["0.0.0.0"]),
        dns(CheckId::DnsAlternate, &["198.51.100.80"]),
        conn("0.0.0.0:443", None, Some(ErrorClass::ConnectionRefused)),
        conn("198.51.100.80:443", Some(200), None),
    ];
    let d = decide(&target("shop.example.com"), &checks, NOW);
    assert_eq!((d.verdict, d.culprit), (Verdict::JustYou, Culprit::DnsBlocked));
}

#[test]
pub(super) fn a_hosts_file_line_pointing_elsewhere_is_named() {
    let mut hosts = Check::new(CheckId::EnvironmentHosts, None, Status::Warn, 1);
    hosts.detail.answers = Some(vec!["203.0.113.9".into()]);
    let checks = [
        probe(Status::Pass),
        hosts,
        dns(CheckId::DnsSystem, &["198.51.100.80"]),
        conn("203.0.113.9:443", None, Some(ErrorClass::Timeout)),
        conn("198.51.100.80:443", Some(200), None),
    ];
    let d = decide(&target("shop.example.com"), &checks, NOW);
    assert_eq!((d.verdict, d.culprit), (Verdict::JustYou, Culprit::HostsFile));
}

#[test]
pub(super) fn an_old_address_where_nothing_answers_is_a_stale_resolver() {
    let checks = [
        probe(Status::Pass),
        dns(CheckId::DnsSystem, &["203.0.113.66"]),
        dns(CheckId::DnsAlternate, &["198.51.100.80"]),
        conn("203.0.113.66:443", None, Some(ErrorClass::ConnectionRefused)),
        conn("198.51.100.80:443", Some(200), None),
    ];
    assert_eq!(decide_on(&checks), (Verdict::JustYou, Culprit::DnsStale, Confidence::Confirmed));
}

#[test]
pub(super) fn a_different_address_serving_something_else_is_a_hijack() {
    let mut block = conn("203.0.113.66:443", Some(200), None);
    block.detail.body_sample = Some("Blocked by your provider".into());
    block.detail.headers = Some([("server".to_owned(), "blockpage".to_owned())].into());
    let mut real = conn("198.51.100.80:443", Some(200), None);
    real.detail.body_sample = Some("<h1>shop</h1>".into());
    let checks = [
        probe(Status::Pass),
        dns(CheckId::DnsSystem, &["203.0.113.66"]),
        dns(CheckId::DnsAlternate, &["198.51.100.80"]),
        block,
        real,
    ];
    assert_eq!(decide_on(&checks).1, Culprit::DnsHijack);
}

#[test]
pub(super) fn an_edge_answering_5xx_while_other_edges_work_is_the_cdn_edge() {
    let checks = [
        probe(Status::Pass),
        dns(CheckId::DnsSystem, &["203.0.113.66"]),
        dns(CheckId::DnsAlternate, &["198.51.100.80"]),
        conn("203.0.113.66:443", Some(502), None),
        conn("198.51.100.80:443", Some(200), None),
    ];
    assert_eq!(decide_on(&checks), (Verdict::JustYou, Culprit::CdnEdge, Confidence::Confirmed));
}

#[test]
pub(super) fn edges_that_differ_only_in_detail_are_not_a_hijack() {
    let mut mine = conn("203.0.113.66:443", Some(302), None);
    mine.detail.headers = Some([("server".to_owned(), "cloudflare".to_owned())].into());
    mine.detail.body_sample = Some("redirecting to /en/".into());
    let mut real = conn("198.51.100.80:443", Some(200), None);
    real.detail.headers = Some([("server".to_owned(), "cloudflare".to_owned())].into());
    real.detail.body_sample = Some("<h1>shop</h1>".into());
    let checks = [
        probe(Status::Pass),
        dns(CheckId::DnsSystem, &["203.0.113.66"]),
        dns(CheckId::DnsAlternate, &["198.51.100.80"]),
        mine,
        real,
    ];
    assert_eq!(decide_on(&checks).0, Verdict::Up);
}

#[test]
fn the_os_answer_is_what_the_browser_connects_to() {
    // A search domain (or split DNS) lets the OS find the name the first server does not know.
    let checks = [
        probe(Status::Pass),
        dns_fail(CheckId::DnsSystem, ErrorClass::Nxdomain),
        dns(CheckId::DnsOs, &["198.51.100.80"]),
        dns_fail(CheckId::DnsAlternate, ErrorClass::Nxdomain),
        conn("198.51.100.80:443", Some(200), None),
    ];
    let d = decide(&target("shop"), &checks, NOW);
    assert_eq!((d.verdict, d.culprit), (Verdict::Up, Culprit::None));
    // Without it, the same direct answers say the name exists nowhere.
    let d = decide(&target("shop"), &[checks[0].clone(), checks[1].clone(), checks[3].clone()], NOW);
    assert_eq!((d.verdict, d.culprit), (Verdict::DownForEveryone, Culprit::SiteDns));
}

#[test]
fn an_os_answer_that_fails_leaves_the_direct_answer_in_charge() {
    let checks = [
        probe(Status::Pass),
        dns_fail(CheckId::DnsSystem, ErrorClass::Servfail),
        dns_fail(CheckId::DnsOs, ErrorClass::Servfail),
        dns(CheckId::DnsAlternate, &["198.51.100.80"]),
        conn("198.51.100.80:443", Some(200), None),
    ];
    let d = decide(&target("shop.example.com"), &checks, NOW);
    assert_eq!((d.verdict, d.culprit), (Verdict::JustYou, Culprit::DnsResolver));
}
