//! The lab's address plan. Every address is from the documentation ranges (RFC 5737, RFC 3849);
//! [`is_lab_address`] is checked before any address reaches `ip`, so a typo cannot put a real
//! network's address on a lab interface.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The site's address (its own server, or the CDN edge in front of its origin).
pub const SITE: Ipv4Addr = Ipv4Addr::new(198, 51, 100, 80);
/// The site's former address: where a stale resolver still sends people; nothing listens.
pub const SITE_STALE: Ipv4Addr = Ipv4Addr::new(198, 51, 100, 81);
/// A broken edge of the site's CDN (its origin path fails: 502), which some resolvers hand out.
pub const SITE_BAD_EDGE: Ipv4Addr = Ipv4Addr::new(198, 51, 100, 82);
/// The origin server behind the gateway.
pub const ORIGIN: Ipv4Addr = Ipv4Addr::new(198, 51, 100, 90);
/// The origin's port (plain HTTP, as CDNs commonly reach origins inside a private network).
pub const ORIGIN_PORT: u16 = 8080;
/// The user's resolver (the ISP's).
pub const ISP_DNS: Ipv4Addr = Ipv4Addr::new(203, 0, 113, 53);
/// The ISP's "search assist" server that a hijacking resolver sends unknown names to.
pub const ISP_SEARCH: Ipv4Addr = Ipv4Addr::new(203, 0, 113, 66);
/// Public resolver stand-ins: the "1.1.1.1" and "8.8.8.8" roles.
pub const PUBLIC_DNS: [Ipv4Addr; 2] = [Ipv4Addr::new(203, 0, 113, 1), Ipv4Addr::new(203, 0, 113, 8)];
/// Connectivity-check hosts: a Google-style `generate_204` and an Apple-style `hotspot-detect`.
pub const CONNECTIVITY: [Ipv4Addr; 2] = [Ipv4Addr::new(203, 0, 113, 204), Ipv4Addr::new(203, 0, 113, 205)];
/// A proxy address where nothing listens (the broken proxy setting points here).
pub const DEAD_PROXY: Ipv4Addr = Ipv4Addr::new(203, 0, 113, 30);
/// Its port.
pub const DEAD_PROXY_PORT: u16 = 3128;
/// The port of the working proxy on the client's own loopback (`client.working_proxy`).
pub const LOCAL_PROXY_PORT: u16 = 3128;
/// The link number of the home LAN behind a NAT home router (`client.home_nat`): the home router
/// takes the client's place on link 0, and the client sits on this link behind it.
pub const HOME_LAN: u8 = 12;
/// The Globalping API stand-in.
pub const GLOBALPING: Ipv4Addr = Ipv4Addr::new(203, 0, 113, 100);
/// The check-host.net API stand-in.
pub const CHECK_HOST: Ipv4Addr = Ipv4Addr::new(203, 0, 113, 101);
/// The status page stand-in (every provider's, in the lab): beside the Globalping stand-in.
pub const STATUS_PAGE: Ipv4Addr = GLOBALPING;
/// Its port.
pub const STATUS_PAGE_PORT: u16 = 81;
/// The address the VPN stand-in gives the client on its tun interface.
pub const VPN_CLIENT: Ipv4Addr = Ipv4Addr::new(198, 51, 100, 250);

/// The site's IPv6 address (only with `site.ipv6`), in 2001:db8::/32 like every lab IPv6 address.
pub const SITE6: Ipv6Addr = Ipv6Addr::new(0x2001, 0xdb8, 0x100, 0, 0, 0, 0, 0x80);
/// Where boxes on the client's path (a delaying relay, a TLS-inspecting proxy) listen on the router
/// for the client's redirected HTTPS; the redirect sends the client's packets to the router's own
/// address on the client link, so they listen there.
pub const PATH_BOX_TLS_PORT: u16 = 18443;
/// The same for the client's plain HTTP to the site.
pub const PATH_BOX_HTTP_PORT: u16 = 18080;

/// Whether `ip` may be used in the lab: the documentation ranges and loopback, nothing else.
pub fn is_lab_address(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            v4.is_loopback() || matches!((o[0], o[1], o[2]), (198, 51, 100) | (203, 0, 113))
        }
        IpAddr::V6(v6) => v6.is_loopback() || (v6.segments()[0] == 0x2001 && v6.segments()[1] == 0x0db8),
    }
}

/// Point-to-point links between the router and each host: 198.51.100.128/25 cut into /30s, so
/// that link addresses never collide with service addresses (198.51.100.0/25, 203.0.113.0/24).
/// Link `i`: router `.129 + 4i`, host `.130 + 4i`.
pub fn link(i: u8) -> (Ipv4Addr, Ipv4Addr) {
    assert!(i < 30, "the link plan has room for 30 hosts");
    let base = 128 + 4 * i;
    (Ipv4Addr::new(198, 51, 100, base + 1), Ipv4Addr::new(198, 51, 100, base + 2))
}

/// The IPv6 side of link `i` (only with `site.ipv6`): the /64 `2001:db8:ff00+i::`, router `::1`, host `::2`.
pub fn link6(i: u8) -> (Ipv6Addr, Ipv6Addr) {
    let net = 0xff00 + u16::from(i);
    (Ipv6Addr::new(0x2001, 0xdb8, net, 0, 0, 0, 0, 1), Ipv6Addr::new(0x2001, 0xdb8, net, 0, 0, 0, 0, 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_documentation_ranges_are_lab_addresses() {
        for ok in ["198.51.100.80", "203.0.113.53", "2001:db8::1", "127.0.0.1", "::1"] {
            assert!(is_lab_address(ok.parse().expect("ip")), "{ok}");
        }
        for bad in ["192.0.2.1", "10.0.0.1", "1.1.1.1", "198.51.101.1", "2001:db9::1", "0.0.0.0"] {
            assert!(!is_lab_address(bad.parse().expect("ip")), "{bad}");
        }
        let all = [
            SITE,
            SITE_STALE,
            SITE_BAD_EDGE,
            ORIGIN,
            ISP_DNS,
            ISP_SEARCH,
            DEAD_PROXY,
            GLOBALPING,
            CHECK_HOST,
            VPN_CLIENT,
        ];
        assert!(all.iter().chain(&PUBLIC_DNS).chain(&CONNECTIVITY).all(|a| is_lab_address((*a).into())));
        assert!((0..30).all(|i| is_lab_address(link(i).0.into()) && is_lab_address(link(i).1.into())));
        assert!((0..30).all(|i| is_lab_address(link6(i).0.into()) && is_lab_address(link6(i).1.into())));
        assert!(is_lab_address(SITE6.into()));
        // Link-local and unique-local IPv6 are what the kernel would invent or a LAN would use: never lab.
        for bad in ["fe80::1", "fd00::1", "2001:db8::1"].map(|a| a.parse::<IpAddr>().expect("ip")) {
            assert_eq!(is_lab_address(bad), bad.to_string() == "2001:db8::1", "{bad}");
        }
    }
}
