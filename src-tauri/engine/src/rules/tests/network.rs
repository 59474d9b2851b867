//! This computer's own connection: offline, portals, proxies, tunnels, firewalls, loss, slowness.

use super::*;

#[test]
pub(super) fn the_site_is_not_blamed_while_this_computer_is_offline() {
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
pub(super) fn an_intercepted_connectivity_check_is_a_captive_portal() {
    let checks = [
        probe(Status::Warn),
        dns(CheckId::DnsSystem, &["198.51.100.80"]),
        conn("198.51.100.80:443", None, Some(ErrorClass::Timeout)),
    ];
    let d = decide(&target("shop.example.com"), &checks, NOW);
    assert_eq!((d.verdict, d.culprit), (Verdict::JustYou, Culprit::CaptivePortal));
}

#[test]
pub(super) fn a_failing_proxy_is_blamed_even_when_the_direct_path_works() {
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
pub(super) fn a_tunnel_carrying_the_default_route_is_the_vpn() {
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

/// Issue 14: every resolver silent through the tunnel (and the loss sampler heard nothing) is
/// decisive before the connectivity checks end: whatever they find, the tunnel is the culprit.
#[test]
pub(super) fn a_tunnel_that_returns_nothing_is_the_vpn_whatever_the_connectivity_checks_find() {
    let route = || {
        let mut r = Check::new(CheckId::EnvironmentRoute, Some("tun0".into()), Status::Warn, 0);
        r.detail.variable = Some("tun0".into());
        r
    };
    let silent = |connectivity: Status, alternate: Check| {
        let unheard = Check::new(CheckId::ConnectivityLoss, None, Status::Skipped, 1100);
        let dns = dns_fail(CheckId::DnsSystem, ErrorClass::Timeout);
        decide(&target("shop.example.com"), &[route(), unheard, dns, alternate, probe(connectivity)], NOW)
    };
    for connectivity in [Status::Pass, Status::Warn, Status::Fail, Status::Skipped] {
        let d = silent(connectivity, dns_fail(CheckId::DnsAlternate, ErrorClass::Timeout));
        assert_eq!((d.verdict, d.culprit, d.confidence), (Verdict::JustYou, Culprit::Vpn, Confidence::Likely));
    }
    // A public resolver that answered shows the tunnel carries something: the checks decide.
    let d = silent(Status::Pass, dns(CheckId::DnsAlternate, &["198.51.100.80"]));
    assert_ne!(d.culprit, Culprit::Vpn);
}

#[test]
pub(super) fn no_default_route_is_no_network() {
    let route = Check::new(CheckId::EnvironmentRoute, None, Status::Fail, 0);
    assert_eq!(decide_on(&[route]).1, Culprit::NoNetwork);
}

#[test]
pub(super) fn https_blocked_while_plain_http_works_is_a_firewall() {
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
pub(super) fn a_stalled_handshake_that_others_complete_is_the_path_mtu() {
    let stalled = with_phases(conn("198.51.100.80:443", None, Some(ErrorClass::Timeout)), Some(20), None);
    let checks = [probe(Status::Pass), dns(CheckId::DnsSystem, &["198.51.100.80"]), stalled, vantage(&[Some(200)])];
    assert_eq!(decide_on(&checks).1, Culprit::PathMtu);
}

#[test]
pub(super) fn loading_with_retransmissions_is_packet_loss_and_slowly_is_slow() {
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
pub(super) fn ipv6_timing_out_while_ipv4_loads_is_ipv6() {
    let checks = [
        probe(Status::Pass),
        dns(CheckId::DnsSystem, &["198.51.100.80", "2001:db8::80"]),
        conn("198.51.100.80:443", Some(200), None),
        conn("[2001:db8::80]:443", None, Some(ErrorClass::Timeout)),
    ];
    assert_eq!(decide_on(&checks), (Verdict::Degraded, Culprit::Ipv6, Confidence::Likely));
}

#[test]
pub(super) fn measured_loss_is_blamed_before_a_timed_out_resolver() {
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
pub(super) fn heavy_loss_with_nothing_loading_is_packet_loss_on_your_side() {
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

/// A proxy set in the environment that passes requests on, for the "a working setup is never the
/// culprit" tests: its `CONNECT` was answered 200 and the site's own answer came through.
fn working_proxy(site_code: u16) -> [Check; 2] {
    let mut env = Check::new(CheckId::EnvironmentProxy, None, Status::Warn, 0);
    env.detail.variable = Some("https_proxy".into());
    let mut proxied = conn("127.0.0.1:3128", Some(site_code), None);
    proxied.id = CheckId::SiteProxy;
    proxied.detail.proxy_status = Some(200);
    [env, proxied]
}

#[test]
pub(super) fn a_working_proxy_passing_on_the_sites_own_error_is_not_blamed() {
    let [env, proxied] = working_proxy(503);
    let checks = [
        probe(Status::Pass),
        env,
        proxied,
        dns(CheckId::DnsSystem, &["198.51.100.80"]),
        conn("198.51.100.80:443", Some(503), None),
    ];
    assert_eq!(decide_on(&checks).1, Culprit::Origin);
}

#[test]
pub(super) fn a_working_proxy_timing_out_on_a_lossy_link_is_not_blamed() {
    let [env, mut proxied] = working_proxy(504);
    // The proxy answered: its own connection to the site timed out, lost on the way.
    proxied.detail.proxy_status = Some(504);
    proxied.detail.status_code = None;
    let mut loss = Check::new(CheckId::ConnectivityLoss, None, Status::Warn, 1500);
    loss.detail.loss_percent = Some(30);
    let checks = [
        probe(Status::Pass),
        env,
        proxied,
        loss.clone(),
        dns(CheckId::DnsSystem, &["198.51.100.80"]),
        conn("198.51.100.80:443", Some(200), None),
    ];
    assert_eq!(decide_on(&checks), (Verdict::Degraded, Culprit::PacketLoss, Confidence::Likely));
    // On a clean link the same answers blame the proxy: the site loads without it.
    loss.status = Status::Pass;
    loss.detail.loss_percent = Some(0);
    let mut clean = checks.to_vec();
    clean[3] = loss;
    assert_eq!(decide_on(&clean).1, Culprit::Proxy);
}

#[test]
pub(super) fn a_proxy_that_cannot_reach_a_site_nobody_can_find_is_not_blamed() {
    let [env, mut proxied] = working_proxy(502);
    // The proxy's own 502 to CONNECT: it could not reach the site either.
    proxied.detail.status_code = None;
    proxied.detail.proxy_status = Some(502);
    proxied.detail.error = Some(ErrorClass::Other);
    let checks = [
        probe(Status::Pass),
        env,
        proxied,
        dns_fail(CheckId::DnsSystem, ErrorClass::Servfail),
        dns(CheckId::DnsAlternate, &["198.51.100.80"]),
        conn("198.51.100.80:443", Some(200), None),
    ];
    assert_eq!(decide_on(&checks).1, Culprit::DnsResolver);
}

#[test]
pub(super) fn a_tunnel_that_carries_the_internet_is_not_blamed_for_a_site_down_for_everyone() {
    let mut route = Check::new(CheckId::EnvironmentRoute, Some("wg0".into()), Status::Warn, 0);
    route.detail.variable = Some("wg0".into());
    let checks = [
        route,
        probe(Status::Pass),
        dns(CheckId::DnsSystem, &["198.51.100.80"]),
        conn("198.51.100.80:443", Some(503), None),
        vantage(&[Some(503), Some(503)]),
    ];
    assert_eq!(decide_on(&checks), (Verdict::DownForEveryone, Culprit::Origin, Confidence::Confirmed));
}
