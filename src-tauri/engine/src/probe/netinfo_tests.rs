use super::*;
use crate::check_id::{CheckId, InterfaceKind as K, IpFamily};

fn iface(name: &str, kind: K, addrs: &[&str], gateways: &[&str]) -> Iface {
    Iface {
        name: name.into(),
        kind,
        addrs: addrs
            .iter()
            .map(|a| {
                let (ip, len) = a.split_once('/').expect("cidr");
                (ip.parse().expect("ip"), len.parse().expect("len"))
            })
            .collect(),
        up: true,
        tunnel: is_tunnel_name(name) || kind == K::Tunnel,
        gateways: gateways.iter().map(|g| g.parse().expect("gw")).collect(),
        mtu: Some(1500),
    }
}

fn ip(s: &str) -> Option<IpAddr> {
    Some(s.parse().expect("ip"))
}

#[test]
fn only_loopback_means_no_network_and_no_route() {
    let lo = [iface("lo", K::Loopback, &["127.0.0.1/8", "::1/128"], &[])];
    let c = interfaces_check(&lo, 0);
    assert_eq!(c.status, Status::Fail);
    assert_eq!(c.detail.interfaces.as_ref().map(Vec::len), Some(1));
    let r = route_check(routes(&lo, [None, None]), 0);
    assert_eq!(r.status, Status::Fail);
    assert_eq!(r.detail.error, Some(ErrorClass::Unreachable));
}

#[test]
fn a_plain_default_route_passes_with_interface_and_gateway() {
    let ifaces = [
        iface("lo", K::Loopback, &["127.0.0.1/8"], &[]),
        iface("eth0", K::Ethernet, &["198.51.100.7/24", "2001:db8::7/64"], &["198.51.100.1", "fe80::1"]),
    ];
    assert_eq!(interfaces_check(&ifaces, 0).status, Status::Pass);
    let r = route_check(routes(&ifaces, [ip("198.51.100.7"), ip("2001:db8::7")]), 0);
    assert_eq!(r.status, Status::Pass);
    let routes = r.detail.routes.expect("routes");
    assert_eq!(routes[0].interface.as_deref(), Some("eth0"));
    assert_eq!(routes[0].gateway.as_deref(), Some("198.51.100.1"));
    assert_eq!((routes[1].family, routes[1].gateway.as_deref()), (IpFamily::Ipv6, Some("fe80::1")));
}

#[test]
fn a_route_through_a_tunnel_is_named_as_vpn_evidence() {
    let ifaces = [
        iface("eth0", K::Ethernet, &["198.51.100.7/24"], &["198.51.100.1"]),
        iface("wg0", K::Other, &["10.8.0.2/32"], &[]),
    ];
    let r = route_check(routes(&ifaces, [ip("10.8.0.2"), None]), 0);
    assert_eq!(r.status, Status::Warn);
    assert!(r.detail.message.as_deref().is_some_and(|m| m.contains("wg0")), "{r:?}");
    assert_eq!(r.detail.variable.as_deref(), Some("wg0"));
    assert!(r.detail.routes.expect("routes")[0].tunnel);
}

#[test]
fn self_assigned_addresses_only_are_a_warning() {
    let ifaces = [iface("eth0", K::Ethernet, &["169.254.10.20/16", "fe80::2/64"], &[])];
    assert_eq!(interfaces_check(&ifaces, 0).status, Status::Warn);
}

#[test]
fn tunnel_names_are_recognised_and_others_are_not() {
    for n in ["tun0", "wg0", "utun3", "ppp0", "tap1", "ipsec0", "tailscale0"] {
        assert!(is_tunnel_name(n), "{n}");
    }
    for n in ["eth0", "en0", "wlan0", "enp3s0", "lo"] {
        assert!(!is_tunnel_name(n), "{n}");
    }
}

#[test]
fn the_real_snapshot_does_not_panic() {
    // Whatever this machine (or namespace) has, the checks come out as findings.
    let (i, r) = (interfaces(), route());
    assert_eq!((i.id, r.id), (CheckId::EnvironmentInterfaces, CheckId::EnvironmentRoute));
}

#[test]
fn configured_dns_servers_are_reported_as_such() {
    let (list, problem, c) = system_resolvers(&[ResolverAddr("127.0.0.1:5300".parse().expect("addr"))]);
    assert_eq!((list.len(), problem), (1, None));
    assert_eq!(c.detail.dns_servers, Some(vec!["127.0.0.1:5300".to_owned()]));
    assert_eq!(c.detail.variable.as_deref(), Some("dns.system"));
}

#[test]
fn systemd_resolved_upstreams_are_read_from_its_resolv_conf() {
    let text = "# This is /run/systemd/resolve/resolv.conf\nnameserver 203.0.113.53\nnameserver 2001:db8::53\n\
                nameserver 127.0.0.53\nsearch lan\n";
    assert_eq!(nameservers(text), vec!["203.0.113.53:53".to_owned(), "[2001:db8::53]:53".to_owned()]);
}
