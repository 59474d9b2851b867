//! This computer's own network: which interfaces are up (`environment.interfaces`), where traffic
//! for the internet leaves it (`environment.route`) and which DNS servers it asks
//! (`environment.dns_servers`).
//!
//! Interfaces come from the `netdev` crate: it lists them with addresses, types and default
//! gateways on Linux (netlink), macOS/BSD (sysctl) and Windows (IP Helper), where std has nothing.
//! The route is the kernel's own choice: a UDP socket "connected" to a public-style address asks
//! the OS which source address (and so which interface) it would use, the way a browser's
//! connection would go. That also sees VPNs that route by policy tables or by two /1 routes,
//! which a look at the default route alone misses. Connecting a UDP socket sends nothing.

use crate::check_id::{CheckId, InterfaceKind, IpFamily};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, UdpSocket};

use crate::config::ResolverAddr;
use crate::finding::{Check, ErrorClass, NetInterface, Route, Status, ms_since};

/// Addresses only used to ask for a route (RFC 2544 and RFC 5180 benchmarking ranges): no LAN
/// has them on-link, so the answer is the route for the internet. Nothing is ever sent there.
const ROUTE_QUERY_V4: Ipv4Addr = Ipv4Addr::new(198, 18, 0, 1);
const ROUTE_QUERY_V6: Ipv6Addr = Ipv6Addr::new(0x2001, 2, 0, 0, 0, 0, 0, 1);
/// Name prefixes of tunnel interfaces: OpenVPN/tun, TAP, WireGuard, PPP (PPTP, L2TP, PPPoE),
/// macOS utun, IPsec, and the names a few VPN clients give theirs.
const TUNNEL_PREFIXES: &[&str] =
    &["tun", "tap", "wg", "ppp", "utun", "ipsec", "gpd", "tailscale", "zt", "nordlynx", "proton", "vpn"];
/// Enough interfaces for evidence; hosts with containers have hundreds of veths.
const MAX_INTERFACES: usize = 24;

/// One interface as the checks need it, independent of netdev's types.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Iface {
    pub name: String,
    pub kind: InterfaceKind,
    pub addrs: Vec<(IpAddr, u8)>,
    pub up: bool,
    pub tunnel: bool,
    pub gateways: Vec<IpAddr>,
    pub mtu: Option<u32>,
}

/// The interfaces the OS reports now.
pub(crate) fn snapshot() -> Vec<Iface> {
    use InterfaceKind as K;
    use netdev::interface::types::InterfaceType as T;
    netdev::get_interfaces()
        .into_iter()
        .map(|i| {
            let kind = match i.if_type {
                T::Loopback => K::Loopback,
                T::Wireless80211 => K::Wifi,
                T::Ethernet | T::Ethernet3Megabit | T::FastEthernetT | T::FastEthernetFx | T::GigabitEthernet => {
                    K::Ethernet
                }
                T::Tunnel => K::Tunnel,
                T::Ppp => K::Ppp,
                T::Wwan | T::Wwanpp | T::Wman => K::Mobile,
                _ if i.is_loopback() => K::Loopback,
                _ => K::Other,
            };
            let name = i.name.clone();
            let tunnel = matches!(kind, K::Tunnel | K::Ppp) || is_tunnel_name(&name) || i.is_tun();
            let mut addrs: Vec<(IpAddr, u8)> = i.ipv4.iter().map(|n| (IpAddr::V4(n.addr()), n.prefix_len())).collect();
            addrs.extend(i.ipv6.iter().map(|n| (IpAddr::V6(n.addr()), n.prefix_len())));
            let gateways = i
                .gateway
                .as_ref()
                .map(|g| g.ipv4.iter().map(|a| IpAddr::V4(*a)).chain(g.ipv6.iter().map(|a| IpAddr::V6(*a))).collect())
                .unwrap_or_default();
            Iface {
                name,
                kind: if tunnel && kind == K::Other { K::Tunnel } else { kind },
                addrs,
                up: i.is_up(),
                tunnel,
                gateways,
                mtu: i.mtu,
            }
        })
        .collect()
}

fn is_tunnel_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    TUNNEL_PREFIXES.iter().any(|p| n.starts_with(p))
}

fn is_link_local(ip: &IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_link_local(),
        IpAddr::V6(v6) => (v6.segments()[0] & 0xffc0) == 0xfe80,
    }
}

/// `environment.interfaces`: fail with none up but loopback, warn when the up ones only have
/// self-assigned addresses (DHCP got no answer).
pub(crate) fn interfaces_check(ifaces: &[Iface], elapsed_ms: u64) -> Check {
    let up: Vec<&Iface> = ifaces.iter().filter(|i| i.up).collect();
    let mut c = Check::new(CheckId::EnvironmentInterfaces, None, Status::Pass, elapsed_ms);
    c.detail.interfaces = Some(
        up.iter()
            .take(MAX_INTERFACES)
            .map(|i| NetInterface {
                name: i.name.clone(),
                kind: i.kind,
                addresses: i.addrs.iter().map(|(ip, len)| format!("{ip}/{len}")).collect(),
                mtu: i.mtu,
            })
            .collect(),
    );
    let outside: Vec<&&Iface> =
        up.iter().filter(|i| i.kind != InterfaceKind::Loopback && !i.addrs.is_empty()).collect();
    if outside.is_empty() {
        c.status = Status::Fail;
        c.detail.error = Some(ErrorClass::Unreachable);
        c.detail.message = Some("no network adapter is connected (only the loopback interface is up)".into());
    } else if outside.iter().all(|i| i.addrs.iter().all(|(ip, _)| is_link_local(ip))) {
        c.status = Status::Warn;
        c.detail.message =
            Some("the network adapters only have self-assigned addresses: the network gave none (DHCP)".into());
    }
    c
}

/// The source address the OS would use for internet traffic of one family, if it has a route.
pub(crate) fn egress(dest: IpAddr) -> Option<IpAddr> {
    let bind: SocketAddr =
        if dest.is_ipv4() { (Ipv4Addr::UNSPECIFIED, 0).into() } else { (Ipv6Addr::UNSPECIFIED, 0).into() };
    let sock = UdpSocket::bind(bind).ok()?;
    // A UDP connect only picks the route and source address; no packet leaves.
    sock.connect(SocketAddr::new(dest, 9)).ok()?;
    let ip = sock.local_addr().ok()?.ip();
    (!ip.is_unspecified()).then_some(ip)
}

/// The route for each family: the interface owning the source address, and its gateway.
pub(crate) fn routes(ifaces: &[Iface], sources: [Option<IpAddr>; 2]) -> Vec<Route> {
    let mut out = Vec::new();
    for (family, source) in [IpFamily::Ipv4, IpFamily::Ipv6].into_iter().zip(sources) {
        let Some(source) = source else { continue };
        let iface = ifaces.iter().find(|i| i.addrs.iter().any(|(ip, _)| *ip == source));
        let gateway =
            iface.and_then(|i| i.gateways.iter().find(|g| g.is_ipv4() == source.is_ipv4())).map(ToString::to_string);
        out.push(Route {
            family,
            interface: iface.map(|i| i.name.clone()),
            gateway,
            source: Some(source.to_string()),
            tunnel: iface.is_some_and(|i| i.tunnel),
        });
    }
    out
}

/// `environment.route`: fail without any route to the internet, warn when it goes through a
/// tunnel (the evidence for a VPN), naming the interface.
pub(crate) fn route_check(routes: Vec<Route>, elapsed_ms: u64) -> Check {
    let mut c = Check::new(CheckId::EnvironmentRoute, None, Status::Pass, elapsed_ms);
    if routes.is_empty() {
        c.status = Status::Fail;
        c.detail.error = Some(ErrorClass::Unreachable);
        c.detail.message = Some("this computer has no route to the internet (no default route)".into());
    } else if let Some(tunnel) = routes.iter().find(|r| r.tunnel) {
        let name = tunnel.interface.clone().unwrap_or_default();
        c.status = Status::Warn;
        c.detail.message = Some(format!("internet traffic goes through {name}, a tunnel (VPN-like) interface"));
        // The rules name the VPN from here.
        c.detail.variable = Some(name);
    }
    c.detail.routes = Some(routes);
    c
}

/// `environment.interfaces` now; blocking (netlink, sysctl or IP Helper calls).
pub(crate) fn interfaces() -> Check {
    let start = std::time::Instant::now();
    interfaces_check(&snapshot(), ms_since(start))
}

/// The routes for internet traffic now, per family; blocking like [`interfaces`].
pub(crate) fn current_routes() -> Vec<Route> {
    let sources = [egress(IpAddr::V4(ROUTE_QUERY_V4)), egress(IpAddr::V6(ROUTE_QUERY_V6))];
    routes(&snapshot(), sources)
}

/// `environment.route` now; blocking like [`interfaces`].
pub(crate) fn route() -> Check {
    let start = std::time::Instant::now();
    route_check(current_routes(), ms_since(start))
}

/// The resolvers a run uses as "this computer's DNS" (the `[dns] system` override, else the
/// OS's), why there are none if so, and the `environment.dns_servers` check that shows them.
pub(crate) fn system_resolvers(configured: &[ResolverAddr]) -> (Vec<ResolverAddr>, Option<String>, Check) {
    let start = std::time::Instant::now();
    let mut c = Check::new(CheckId::EnvironmentDnsServers, None, Status::Pass, 0);
    let (list, problem) = if configured.is_empty() {
        match super::dns::system_servers() {
            Ok(list) if list.is_empty() => (list, Some("this computer has no DNS servers configured".to_owned())),
            Ok(list) => (list, None),
            Err(e) => (Vec::new(), Some(format!("cannot read this computer's DNS settings: {e}"))),
        }
    } else {
        c.detail.variable = Some("dns.system".into());
        c.detail.message = Some("DNS servers set in Site Doctor's configuration ([dns] system)".into());
        (configured.to_vec(), None)
    };
    if let Some(p) = &problem {
        c.status = Status::Fail;
        c.detail.error = Some(ErrorClass::NotRun);
        c.detail.message = Some(p.clone());
    }
    let mut shown: Vec<String> = list.iter().map(ToString::to_string).collect();
    // The stub only relays: name the servers that really answer, after it.
    if configured.is_empty()
        && list.iter().any(|r| is_resolved_stub(r.0.ip()))
        && let Ok(text) = std::fs::read_to_string(RESOLVED_UPSTREAMS)
    {
        let upstreams = nameservers(&text);
        if !upstreams.is_empty() {
            c.detail.message = Some(format!("systemd-resolved (127.0.0.53) forwards to {}", upstreams.join(", ")));
            shown.extend(upstreams);
        }
    }
    c.detail.dns_servers = Some(shown);
    c.elapsed_ms = ms_since(start);
    (list, problem, c)
}

/// systemd-resolved's list of the servers it forwards to (resolv.conf names only its stub).
const RESOLVED_UPSTREAMS: &str = "/run/systemd/resolve/resolv.conf";

/// systemd-resolved's stub listeners: 127.0.0.53 (with search domains) and 127.0.0.54 (proxy).
fn is_resolved_stub(ip: IpAddr) -> bool {
    ip == IpAddr::from([127, 0, 0, 53]) || ip == IpAddr::from([127, 0, 0, 54])
}

/// The `nameserver` lines of a resolv.conf, as `ip:53` (`ip` for a scoped IPv6 address).
pub(crate) fn nameservers(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.split('#').next()?.strip_prefix("nameserver"))
        .filter_map(|rest| rest.split_whitespace().next())
        .filter(|ip| !ip.parse::<IpAddr>().is_ok_and(is_resolved_stub))
        .map(|ip| match ip.parse::<IpAddr>() {
            Ok(addr) => std::net::SocketAddr::new(addr, 53).to_string(),
            Err(_) => ip.to_owned(),
        })
        .collect()
}

#[cfg(test)]
#[path = "netinfo_tests.rs"]
mod tests;
