//! The router's part of a scenario: drops, loss, an IP-level delay, a path-MTU black hole, a
//! captive portal, IPv6 and the boxes on the client's path (a delaying relay, a TLS-inspecting proxy).

use super::super::addr::{self, link, link6};
use super::super::netns::checked;
use super::super::scenario::Scenario;
use super::Lab;

/// The routing table the router uses for the client's TCP when a captive portal is on.
const PORTAL_TABLE: &str = "100";
/// The netfilter queue the delayed packets wait in (per namespace, so every lab can use 0).
pub(super) const DELAY_QUEUE: &str = "0";

impl Lab {
    /// Drops and loss on the router.
    pub(super) fn router_rules(&self, s: &Scenario, router: usize) -> Result<(), String> {
        let r = self.ns(router);
        let client = checked(link(0).1)?;
        if s.path.drop_client_to_site {
            r.iptables(&["-A", "FORWARD", "-s", &client, "-d", &checked(addr::SITE)?, "-j", "DROP"])?;
        }
        if s.path.mtu > 0 {
            // Big packets towards the client cannot pass, and the router's "fragmentation needed"
            // messages never reach the sender: a path-MTU black hole.
            r.ip(&["link", "set", "to-cli", "mtu", &s.path.mtu.to_string()])?;
            r.iptables(&["-A", "OUTPUT", "-p", "icmp", "--icmp-type", "fragmentation-needed", "-j", "DROP"])?;
        }
        if s.path.ip_delay_ms > 0 {
            // Every packet between the client and the site, both ways, waits in the delay queue
            // (`lab-server delay`, started with the path boxes). No bypass: should the delayer
            // die, the scenario fails rather than quietly testing a fast path.
            let site = checked(addr::SITE)?;
            for (from, to) in [(client.as_str(), site.as_str()), (site.as_str(), client.as_str())] {
                r.iptables(&["-A", "FORWARD", "-s", from, "-d", to, "-j", "NFQUEUE", "--queue-num", DELAY_QUEUE])?;
            }
        }
        if s.path.rtt_ms > 0 {
            // Everything in and out of the client's link, forwarded or for the router itself (a
            // path box, the portal's policy routing), waits in the delay queue: mangle's
            // PREROUTING and POSTROUTING see each packet once, before any redirect or route.
            for (chain, dir) in [("PREROUTING", "-i"), ("POSTROUTING", "-o")] {
                r.iptables(&["-t", "mangle", "-A", chain, dir, "to-cli", "-j", "NFQUEUE", "--queue-num", DELAY_QUEUE])?;
            }
        }
        if s.path.loss > 0.0 {
            let p = format!("{:.3}", s.path.loss);
            for dir in ["-i", "-o"] {
                r.iptables(&[
                    "-A",
                    "FORWARD",
                    dir,
                    "to-cli",
                    "-m",
                    "statistic",
                    "--mode",
                    "random",
                    "--probability",
                    &p,
                    "-j",
                    "DROP",
                ])?;
            }
        }
        Ok(())
    }

    /// A captive portal without NAT: the router sends the client's TCP to the portal namespace,
    /// which treats every service address as its own (local routes), so it answers whatever the
    /// client connects to. DNS (UDP) still goes to the real resolvers, as on most portals.
    pub(super) fn portal(&self, router: usize, portal: usize) -> Result<(), String> {
        let r = self.ns(router);
        let client = checked(link(0).1)?;
        let portal_addr = checked(link(8).1)?;
        r.ip(&["rule", "add", "from", &client, "ipproto", "tcp", "lookup", PORTAL_TABLE, "priority", "100"])?;
        r.ip(&["route", "add", "default", "via", &portal_addr, "table", PORTAL_TABLE])?;
        for net in ["198.51.100.0/25", "203.0.113.0/24"] {
            self.ns(portal).ip(&["route", "add", "local", net, "dev", "lo"])?;
        }
        Ok(())
    }

    /// IPv6 on the client's and the site's links, with the router forwarding between them. Only
    /// 2001:db8::/32 addresses, added by hand (link-local stays off, see `Netns::up`); routes use
    /// global next hops.
    pub(super) fn ipv6(&self, s: &Scenario, router: usize, site: usize, client: Option<usize>) -> Result<(), String> {
        let r = self.ns(router);
        r.sysctl("net.ipv6.conf.all.forwarding", "1")?;
        self.ipv6_link(router, site, 3, "to-site")?;
        self.ns(site).addr(addr::SITE6, 128, "lo")?;
        r.route_via(&format!("{}/128", addr::SITE6), link6(3).1)?;
        let Some(client) = client else { return Ok(()) };
        let client6 = self.ipv6_link(router, client, 0, "to-cli")?;
        if s.path.drop_client_ipv6 {
            // Dropped, not refused: the client's IPv6 connections to the site time out, as when a
            // home router or ISP announces IPv6 it does not really carry.
            let (c, site) = (checked(client6)?, checked(addr::SITE6)?);
            r.ip6tables(&["-A", "FORWARD", "-s", &c, "-d", &site, "-j", "DROP"])?;
        }
        Ok(())
    }

    /// One host's IPv6 link to the router; returns the host's address. The kernel solicits a
    /// neighbour from the outgoing interface's link-local address unless the packet's own source
    /// is on that interface (not so for forwarded packets, nor for the site's answers from its
    /// loopback address), and the lab never creates link-local addresses: so both ends are told
    /// each other's hardware address instead of discovering it.
    fn ipv6_link(&self, router: usize, host: usize, link: u8, r_if: &str) -> Result<std::net::Ipv6Addr, String> {
        let (r6, h6) = link6(link);
        let (r, h) = (self.ns(router), self.ns(host));
        r.addr(r6, 64, r_if)?;
        h.addr(h6, 64, "eth0")?;
        h.route_via("default", r6)?;
        r.ip(&["neigh", "replace", &checked(h6)?, "lladdr", &h.mac("eth0")?, "dev", r_if, "nud", "permanent"])?;
        h.ip(&["neigh", "replace", &checked(r6)?, "lladdr", &r.mac(r_if)?, "dev", "eth0", "nud", "permanent"])?;
        Ok(h6)
    }

    /// Sends the client's TCP to the site to the box on the router's own client-side address
    /// (REDIRECT: local to the router namespace, nothing is translated towards any other network).
    pub(super) fn path_box_rules(&self, s: &Scenario, router: usize) -> Result<(), String> {
        let mut ports = Vec::new();
        if s.path.delay_ms > 0 {
            ports.push((443, addr::PATH_BOX_TLS_PORT));
            ports.push((80, addr::PATH_BOX_HTTP_PORT));
        }
        if s.path.tls_inspection {
            // An inspecting box decrypts HTTPS; plain HTTP it would pass untouched.
            ports.push((443, addr::PATH_BOX_TLS_PORT));
        }
        let site = checked(addr::SITE)?;
        for (port, to) in ports {
            self.ns(router).iptables(&[
                "-t",
                "nat",
                "-A",
                "PREROUTING",
                "-i",
                "to-cli",
                "-p",
                "tcp",
                "-d",
                &site,
                "--dport",
                &port.to_string(),
                "-j",
                "REDIRECT",
                "--to-ports",
                &to.to_string(),
            ])?;
        }
        Ok(())
    }
}
