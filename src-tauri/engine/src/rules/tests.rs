use super::*;
use crate::check_id::CheckId;
use crate::finding::{Check, Status};

thread_local! {
    /// Outcomes decided on this thread, for the test that every table entry is reachable.
    static DECIDED: std::cell::RefCell<std::collections::HashSet<Outcome>> = Default::default();
}

/// The table's `decide`, remembering what it decided (shadows the glob import).
fn decide(target: &Target, checks: &[Check], now_unix: i64) -> Decision {
    let d = super::decide(target, checks, now_unix);
    DECIDED.with(|s| s.borrow_mut().insert(d.outcome));
    d
}

/// 2026-11-21T14:00:00Z
const NOW: i64 = 1_795_269_600;

fn target(s: &str) -> Target {
    Target::parse(s).expect("valid target")
}

fn probe(status: Status) -> Check {
    Check::new(CheckId::ConnectivityProbe, Some("http://127.0.0.1/generate_204".into()), status, 5)
}

fn dns(id: CheckId, answers: &[&str]) -> Check {
    let mut c = Check::new(id, None, Status::Pass, 5);
    c.detail.answers = Some(answers.iter().map(|s| (*s).to_owned()).collect());
    c
}

fn dns_fail(id: CheckId, class: ErrorClass) -> Check {
    Check::failed(id, None, class, "x".into(), 5)
}

fn conn(addr: &str, code: Option<u16>, error: Option<ErrorClass>) -> Check {
    let mut c = Check::new(
        CheckId::SiteConnection,
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
        [probe(Status::Pass), dns(CheckId::DnsSystem, &["198.51.100.80"]), conn("198.51.100.80:443", Some(200), None)];
    let d = decide(&target("shop.example.com"), &checks, NOW);
    assert_eq!((d.verdict, d.culprit, d.confidence), (Verdict::Up, Culprit::None, Confidence::Confirmed));
}

#[test]
fn failing_system_dns_with_working_public_dns_is_the_resolver() {
    let checks = [
        probe(Status::Pass),
        dns_fail(CheckId::DnsSystem, ErrorClass::Servfail),
        dns(CheckId::DnsAlternate, &["198.51.100.80"]),
        conn("198.51.100.80:443", Some(200), None),
    ];
    let d = decide(&target("shop.example.com"), &checks, NOW);
    assert_eq!((d.verdict, d.culprit, d.confidence), (Verdict::JustYou, Culprit::DnsResolver, Confidence::Confirmed));
    assert_eq!(d.next_steps[0], NextStep::FlushDns);
}

#[test]
fn a_name_that_exists_nowhere_is_the_sites_dns() {
    let checks = [
        probe(Status::Pass),
        dns_fail(CheckId::DnsSystem, ErrorClass::Nxdomain),
        dns_fail(CheckId::DnsAlternate, ErrorClass::Nxdomain),
    ];
    let d = decide(&target("gone.example.com"), &checks, NOW);
    assert_eq!((d.verdict, d.culprit), (Verdict::DownForEveryone, Culprit::SiteDns));
}

#[test]
fn a_5xx_with_a_working_connection_blames_the_origin() {
    let checks =
        [probe(Status::Pass), dns(CheckId::DnsSystem, &["198.51.100.80"]), conn("198.51.100.80:443", Some(502), None)];
    let d = decide(&target("shop.example.com"), &checks, NOW);
    assert_eq!((d.verdict, d.culprit), (Verdict::DownForEveryone, Culprit::Origin));
    assert!(d.summary.contains("502"));
}

#[test]
fn the_site_is_not_blamed_while_this_computer_is_offline() {
    let checks = [
        probe(Status::Fail),
        dns_fail(CheckId::DnsSystem, ErrorClass::Timeout),
        dns_fail(CheckId::DnsAlternate, ErrorClass::Timeout),
    ];
    let d = decide(&target("shop.example.com"), &checks, NOW);
    assert_eq!((d.verdict, d.culprit), (Verdict::JustYou, Culprit::NoNetwork));
    let checks =
        [dns(CheckId::DnsSystem, &["198.51.100.80"]), conn("198.51.100.80:443", None, Some(ErrorClass::Timeout))];
    let d = decide(&target("shop.example.com"), &checks, NOW);
    assert_eq!(d.verdict, Verdict::Inconclusive, "no proof the user's connection works");
}

#[test]
fn an_intercepted_connectivity_check_is_a_captive_portal() {
    let checks = [
        probe(Status::Warn),
        dns(CheckId::DnsSystem, &["198.51.100.80"]),
        conn("198.51.100.80:443", None, Some(ErrorClass::Timeout)),
    ];
    let d = decide(&target("shop.example.com"), &checks, NOW);
    assert_eq!((d.verdict, d.culprit), (Verdict::JustYou, Culprit::CaptivePortal));
}

#[test]
fn nobody_answering_while_online_is_site_unreachable() {
    let checks = [
        probe(Status::Pass),
        dns(CheckId::DnsSystem, &["198.51.100.80"]),
        conn("198.51.100.80:443", None, Some(ErrorClass::ConnectionRefused)),
    ];
    let d = decide(&target("shop.example.com"), &checks, NOW);
    assert_eq!((d.verdict, d.culprit), (Verdict::DownForEveryone, Culprit::SiteUnreachable));
}

#[test]
fn an_expired_certificate_is_the_sites() {
    let checks = [
        probe(Status::Pass),
        dns(CheckId::DnsSystem, &["198.51.100.80"]),
        conn("198.51.100.80:443", None, Some(ErrorClass::TlsExpired)),
    ];
    let d = decide(&target("shop.example.com"), &checks, NOW);
    assert_eq!((d.verdict, d.culprit), (Verdict::DownForEveryone, Culprit::SiteTls));
}

#[test]
fn a_blocking_resolver_answers_zero() {
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
fn a_hosts_file_line_pointing_elsewhere_is_named() {
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

fn vantage(codes: &[Option<u16>]) -> Check {
    let mut c = Check::new(CheckId::VantageGlobalping, None, Status::Pass, 900);
    c.detail.vantage = Some(
        codes
            .iter()
            .map(|code| crate::finding::VantagePoint {
                location: "Frankfurt, DE".into(),
                status_code: *code,
                ..Default::default()
            })
            .collect(),
    );
    c
}

fn with_phases(mut c: Check, connect: Option<u64>, first_byte: Option<u64>) -> Check {
    c.detail.phases =
        Some(crate::finding::Phases { connect_ms: connect, first_byte_ms: first_byte, ..Default::default() });
    c
}

fn decide_on(checks: &[Check]) -> (Verdict, Culprit, Confidence) {
    let d = decide(&target("shop.example.com"), checks, NOW);
    (d.verdict, d.culprit, d.confidence)
}

#[test]
fn vantage_points_confirm_a_dead_origin() {
    let checks = [
        probe(Status::Pass),
        dns(CheckId::DnsSystem, &["198.51.100.80"]),
        conn("198.51.100.80:443", Some(502), None),
        vantage(&[Some(502), Some(502)]),
    ];
    assert_eq!(decide_on(&checks), (Verdict::DownForEveryone, Culprit::Origin, Confidence::Confirmed));
}

#[test]
fn unreachable_here_but_loading_elsewhere_is_the_network_path() {
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
fn an_old_address_where_nothing_answers_is_a_stale_resolver() {
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
fn a_different_address_serving_something_else_is_a_hijack() {
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
fn an_edge_answering_5xx_while_other_edges_work_is_the_cdn_edge() {
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
fn a_failing_proxy_is_blamed_even_when_the_direct_path_works() {
    let mut env = Check::new(CheckId::EnvironmentProxy, None, Status::Warn, 0);
    env.detail.variable = Some("https_proxy".into());
    let proxied = Check::failed(CheckId::SiteProxy, None, ErrorClass::ConnectionRefused, "x".into(), 3);
    let checks = [
        probe(Status::Pass),
        env,
        proxied,
        dns(CheckId::DnsSystem, &["198.51.100.80"]),
        conn("198.51.100.80:443", Some(200), None),
    ];
    assert_eq!(decide_on(&checks), (Verdict::JustYou, Culprit::Proxy, Confidence::Confirmed));
}

#[test]
fn a_tunnel_carrying_the_default_route_is_the_vpn() {
    let mut route = Check::new(CheckId::EnvironmentRoute, Some("tun0".into()), Status::Warn, 0);
    route.detail.variable = Some("tun0".into());
    let checks = [
        route,
        probe(Status::Fail),
        dns_fail(CheckId::DnsSystem, ErrorClass::Timeout),
        dns_fail(CheckId::DnsAlternate, ErrorClass::Timeout),
    ];
    let d = decide(&target("shop.example.com"), &checks, NOW);
    assert_eq!((d.verdict, d.culprit), (Verdict::JustYou, Culprit::Vpn));
    assert!(d.summary.contains("tun0"), "{}", d.summary);
}

#[test]
fn no_default_route_is_no_network() {
    let route = Check::new(CheckId::EnvironmentRoute, None, Status::Fail, 0);
    assert_eq!(decide_on(&[route]).1, Culprit::NoNetwork);
}

#[test]
fn https_blocked_while_plain_http_works_is_a_firewall() {
    let mut plain = conn("198.51.100.80:80", Some(301), None);
    plain.id = CheckId::SiteConnectionHttp;
    let checks = [
        probe(Status::Pass),
        dns(CheckId::DnsSystem, &["198.51.100.80"]),
        conn("198.51.100.80:443", None, Some(ErrorClass::Timeout)),
        plain,
    ];
    assert_eq!(decide_on(&checks).1, Culprit::Firewall);
}

#[test]
fn a_stalled_handshake_that_others_complete_is_the_path_mtu() {
    let stalled = with_phases(conn("198.51.100.80:443", None, Some(ErrorClass::Timeout)), Some(20), None);
    let checks = [probe(Status::Pass), dns(CheckId::DnsSystem, &["198.51.100.80"]), stalled, vantage(&[Some(200)])];
    assert_eq!(decide_on(&checks).1, Culprit::PathMtu);
}

#[test]
fn an_untrusted_certificate_that_others_trust_is_interception() {
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
fn an_expired_certificate_with_a_wrong_clock_is_the_clock() {
    let mut p = probe(Status::Pass);
    // The server says it is two days later than this computer thinks.
    p.detail.headers = Some([("date".to_owned(), "Mon, 23 Nov 2026 14:00:00 GMT".to_owned())].into());
    let checks =
        [p, dns(CheckId::DnsSystem, &["198.51.100.80"]), conn("198.51.100.80:443", None, Some(ErrorClass::TlsExpired))];
    assert_eq!(decide_on(&checks).1, Culprit::ClockSkew);
    assert_eq!(http_date("Sat, 21 Nov 2026 14:00:00 GMT"), Some(NOW));
}

#[test]
fn loading_with_retransmissions_is_packet_loss_and_slowly_is_slow() {
    let lossy = with_phases(conn("198.51.100.80:443", Some(200), None), Some(1010), Some(30));
    assert_eq!(
        decide_on(&[probe(Status::Pass), dns(CheckId::DnsSystem, &["198.51.100.80"]), lossy]),
        (Verdict::Degraded, Culprit::PacketLoss, Confidence::Likely)
    );
    let slow = with_phases(conn("198.51.100.80:443", Some(200), None), Some(40), Some(4200));
    assert_eq!(
        decide_on(&[probe(Status::Pass), dns(CheckId::DnsSystem, &["198.51.100.80"]), slow]).1,
        Culprit::SlowNetwork
    );
}

#[test]
fn ipv6_timing_out_while_ipv4_loads_is_ipv6() {
    let checks = [
        probe(Status::Pass),
        dns(CheckId::DnsSystem, &["198.51.100.80", "2001:db8::80"]),
        conn("198.51.100.80:443", Some(200), None),
        conn("[2001:db8::80]:443", None, Some(ErrorClass::Timeout)),
    ];
    assert_eq!(decide_on(&checks), (Verdict::Degraded, Culprit::Ipv6, Confidence::Likely));
}

#[test]
fn every_outcome_has_a_summary_and_steps_and_every_culprit_an_outcome() {
    let t = target("shop.example.com");
    for o in Outcome::ALL {
        let d = super::explain(&facts::facts(&t, &[], NOW), &t, &[], o, Confidence::Likely);
        assert!(d.summary.ends_with('.') && !d.next_steps.is_empty(), "{o:?}");
        assert_eq!(Outcome::of(d.verdict, d.culprit), Some(o));
        let json = serde_json::to_value(o).expect("serializes");
        assert_eq!(json, format!("{}.{}", code(&d.verdict), code(&d.culprit)).as_str());
    }
    for k in Culprit::ALL {
        assert!(Outcome::ALL.iter().any(|o| o.parts().1 == k), "{k:?} has no outcome");
    }
}

fn code<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|j| j.as_str().map(str::to_owned)).unwrap_or_default()
}

#[test]
fn measured_loss_is_blamed_before_a_timed_out_resolver() {
    let mut loss = Check::new(CheckId::ConnectivityLoss, None, Status::Warn, 1500);
    loss.detail.loss_percent = Some(45);
    let checks = [
        probe(Status::Pass),
        loss.clone(),
        dns_fail(CheckId::DnsSystem, ErrorClass::Timeout),
        dns(CheckId::DnsAlternate, &["198.51.100.80"]),
        conn("198.51.100.80:443", Some(200), None),
    ];
    assert_eq!(decide_on(&checks), (Verdict::Degraded, Culprit::PacketLoss, Confidence::Likely));
    // What the sampler reports at 0 %: a pass.
    loss.detail.loss_percent = Some(0);
    loss.status = Status::Pass;
    let checks = [
        probe(Status::Pass),
        loss,
        dns_fail(CheckId::DnsSystem, ErrorClass::Timeout),
        dns(CheckId::DnsAlternate, &["198.51.100.80"]),
        conn("198.51.100.80:443", Some(200), None),
    ];
    assert_eq!(decide_on(&checks).1, Culprit::DnsResolver);
}

#[test]
fn edges_that_differ_only_in_detail_are_not_a_hijack() {
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
fn a_bot_challenge_is_a_working_site() {
    let mut challenge = conn("198.51.100.80:443", Some(503), None);
    challenge.detail.headers = Some(
        [("server".to_owned(), "cloudflare".to_owned()), ("cf-mitigated".to_owned(), "challenge".to_owned())].into(),
    );
    let checks = [probe(Status::Pass), dns(CheckId::DnsSystem, &["198.51.100.80"]), challenge];
    assert_eq!(decide_on(&checks).0, Verdict::Up);
}

#[test]
fn a_gateways_own_error_page_names_the_gateway_and_blames_the_server_behind_it() {
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

#[test]
fn heavy_loss_with_nothing_loading_is_packet_loss_on_your_side() {
    let mut loss = Check::new(CheckId::ConnectivityLoss, None, Status::Warn, 1500);
    loss.detail.loss_percent = Some(40);
    let checks = [
        probe(Status::Pass),
        loss,
        dns(CheckId::DnsSystem, &["198.51.100.80"]),
        conn("198.51.100.80:443", None, Some(ErrorClass::Timeout)),
    ];
    assert_eq!(decide_on(&checks), (Verdict::JustYou, Culprit::PacketLoss, Confidence::Likely));
}

/// The table is tested against itself: the tests above, run here on one thread, reach every
/// outcome it lists, so the catalogue has no sentence that can never be shown.
#[test]
fn every_outcome_in_the_table_is_decided_by_some_test() {
    a_site_that_answers_is_up();
    failing_system_dns_with_working_public_dns_is_the_resolver();
    a_name_that_exists_nowhere_is_the_sites_dns();
    a_5xx_with_a_working_connection_blames_the_origin();
    the_site_is_not_blamed_while_this_computer_is_offline();
    an_intercepted_connectivity_check_is_a_captive_portal();
    nobody_answering_while_online_is_site_unreachable();
    an_expired_certificate_is_the_sites();
    a_blocking_resolver_answers_zero();
    a_hosts_file_line_pointing_elsewhere_is_named();
    vantage_points_confirm_a_dead_origin();
    unreachable_here_but_loading_elsewhere_is_the_network_path();
    an_old_address_where_nothing_answers_is_a_stale_resolver();
    a_different_address_serving_something_else_is_a_hijack();
    an_edge_answering_5xx_while_other_edges_work_is_the_cdn_edge();
    a_failing_proxy_is_blamed_even_when_the_direct_path_works();
    a_tunnel_carrying_the_default_route_is_the_vpn();
    no_default_route_is_no_network();
    https_blocked_while_plain_http_works_is_a_firewall();
    a_stalled_handshake_that_others_complete_is_the_path_mtu();
    an_untrusted_certificate_that_others_trust_is_interception();
    an_expired_certificate_with_a_wrong_clock_is_the_clock();
    loading_with_retransmissions_is_packet_loss_and_slowly_is_slow();
    ipv6_timing_out_while_ipv4_loads_is_ipv6();
    measured_loss_is_blamed_before_a_timed_out_resolver();
    edges_that_differ_only_in_detail_are_not_a_hijack();
    a_bot_challenge_is_a_working_site();
    a_gateways_own_error_page_names_the_gateway_and_blames_the_server_behind_it();
    heavy_loss_with_nothing_loading_is_packet_loss_on_your_side();
    let decided = DECIDED.with(|s| s.borrow().clone());
    let missing: Vec<Outcome> = Outcome::ALL.into_iter().filter(|o| !decided.contains(o)).collect();
    assert!(missing.is_empty(), "never decided: {missing:?}");
}
