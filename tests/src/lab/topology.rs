//! Builds a scenario's network: namespaces routed through one router, the servers in them, and
//! the client's own settings. Dropping the [`Lab`] kills the servers, then deletes the namespaces,
//! also when the build stopped half-way.
//!
//! ```text
//!                 ┌ isp     203.0.113.53 (resolver), .66 (search page)
//!                 ├ pub     203.0.113.1, .8 (public resolvers)
//! client ─ router ┼ site    198.51.100.80 (server or gateway), .81 (stale)  ─ via router ─ origin .90
//!   .130          ├ ref     203.0.113.204/.205 (connectivity checks), .30 (dead proxy)
//!                 ├ gp, ch  203.0.113.100 / .101 (vantage stand-ins, resolving via 203.0.113.1)
//!                 └ portal  (only with a captive portal: answers for every address)
//! ```
//! With `site.ipv6` the client and site links also carry 2001:db8:ff00+i::/64 and the site has
//! 2001:db8:100::80; nothing else ever gets an IPv6 address (no link-local: see [`Netns::up`]).
//! Boxes on the client's path (a delaying relay, a TLS-inspecting proxy) run in the router, where
//! the client's TCP to the site is redirected to them; an IP-level delay queue runs there too, fed
//! every packet between the client and the site by the router's firewall.
//! With `client.home_nat` a home router (NAT, DNS forwarder) takes the client's place on link 0 and
//! the client sits behind it; with `client.working_proxy` a proxy runs on the client's loopback.

mod home;
mod router;
mod servers;

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;

use super::addr::{self, link};
use super::certs::Ca;
use super::netns::{Netns, checked, veth};
use super::proc::Server;
use super::scenario::{Front, Scenario};

/// Where things are on this machine, for one scenario.
#[derive(Debug, Clone)]
pub struct Paths {
    /// `lab-server`.
    pub server_bin: PathBuf,
    /// This scenario's directory (config, certificates, logs, the JSON answer).
    pub dir: PathBuf,
}

/// A built lab; torn down on drop (servers first, then namespaces).
pub struct Lab {
    servers: Vec<Server>,
    namespaces: Vec<Netns>,
    /// The client namespace's name.
    pub client: String,
    /// The CA the app must trust.
    pub ca: PathBuf,
    /// The home router's namespace, when the client sits behind one.
    home: Option<usize>,
}

impl Drop for Lab {
    fn drop(&mut self) {
        self.servers.clear();
        // Router last: hosts' veth ends vanish with their namespaces.
        while let Some(ns) = self.namespaces.pop() {
            drop(ns);
        }
    }
}

/// One namespace attached to the router: its role, link number and service addresses.
struct Host {
    role: &'static str,
    link: u8,
    services: Vec<Ipv4Addr>,
}

impl Host {
    fn new(role: &'static str, link: u8, services: Vec<Ipv4Addr>) -> Self {
        Self { role, link, services }
    }
}

impl Lab {
    /// Builds everything `s` describes. `prefix` makes names unique: `sdlab-<pid>-<n>`.
    pub fn build(s: &Scenario, prefix: &str, paths: &Paths) -> Result<Self, String> {
        let mut lab =
            Self { servers: Vec::new(), namespaces: Vec::new(), client: String::new(), ca: PathBuf::new(), home: None };
        let ca = Ca::create(&paths.dir)?;
        lab.ca = ca.pem.clone();
        let router = lab.add_ns(prefix, "rtr")?;
        // /proc/sys/net is per namespace (of the writing process); `sh` is everywhere, procps is not.
        lab.ns(router).exec("sh", &["-c", "echo 1 > /proc/sys/net/ipv4/ip_forward"])?;

        let mut hosts = vec![
            Host::new("isp", 1, vec![addr::ISP_DNS, addr::ISP_SEARCH]),
            Host::new("pub", 2, addr::PUBLIC_DNS.to_vec()),
            Host::new("site", 3, vec![addr::SITE, addr::SITE_STALE, addr::SITE_BAD_EDGE]),
            Host::new("ref", 5, vec![addr::CONNECTIVITY[0], addr::CONNECTIVITY[1], addr::DEAD_PROXY]),
            Host::new("gp", 6, vec![addr::GLOBALPING]),
            Host::new("ch", 7, vec![addr::CHECK_HOST]),
        ];
        if s.site.front == Front::Gateway {
            hosts.push(Host::new("org", 4, vec![addr::ORIGIN]));
        }
        if s.client.captive_portal {
            hosts.push(Host::new("portal", 8, vec![]));
        }
        let mut index = std::collections::HashMap::new();
        for h in &hosts {
            let i = lab.attach(prefix, router, h)?;
            index.insert(h.role, i);
        }
        let client = lab.client_ns(s, prefix, router)?;
        lab.client = lab.ns(client).name.clone();
        lab.router_rules(s, router)?;
        if s.client.captive_portal {
            lab.portal(router, index["portal"])?;
        }
        if s.site.ipv6 {
            lab.ipv6(s, router, index["site"], (!s.client.offline).then_some(client))?;
        }
        lab.path_box_rules(s, router)?;
        lab.start_servers(s, &ca, paths, &index)?;
        lab.start_path_box(s, &ca, paths, router)?;
        lab.start_home(s, paths, client)?;
        lab.no_foreign_addresses()?;
        Ok(lab)
    }

    /// Kills the lab servers playing `role` (`isp-dns`: the user's resolver), as a crash would;
    /// returns how many. For faults that arrive in the middle of a run.
    pub fn kill(&mut self, role: &str) -> usize {
        let n = self.servers.len();
        // Dropping a `Server` kills its process by its own id.
        self.servers.retain(|s| s.role != role);
        n - self.servers.len()
    }

    /// Servers that are no longer running (a crash would make the scenario test something else),
    /// with the end of their logs.
    pub fn dead_servers(&mut self) -> Vec<String> {
        let mut out = Vec::new();
        for s in self.servers.iter_mut() {
            if s.running() {
                continue;
            }
            let log = std::fs::read_to_string(&s.log).unwrap_or_default();
            let tail: Vec<&str> = log.lines().rev().take(3).collect();
            out.push(format!("lab server {} exited early: {}", s.role, tail.join(" | ")));
        }
        out
    }

    /// Checks every interface of every namespace: only lab addresses, so no IPv6 link-local (or
    /// anything else the kernel might have added) slipped in.
    fn no_foreign_addresses(&self) -> Result<(), String> {
        for ns in &self.namespaces {
            let out = ns.ip(&["-o", "addr", "show"])?;
            // `2: eth0    inet6 2001:db8::2/64 scope global ...`: the word after `inet`/`inet6`.
            for line in out.lines() {
                let words: Vec<&str> = line.split_whitespace().collect();
                for w in words.windows(2).filter(|w| w[0] == "inet" || w[0] == "inet6") {
                    let ip = w[1].split('/').next().and_then(|a| a.parse::<IpAddr>().ok());
                    if !ip.is_some_and(addr::is_lab_address) {
                        return Err(format!("{} has a non-lab address: {}", ns.name, line.trim()));
                    }
                }
            }
        }
        Ok(())
    }

    fn ns(&self, i: usize) -> &Netns {
        &self.namespaces[i]
    }

    fn add_ns(&mut self, prefix: &str, role: &str) -> Result<usize, String> {
        self.namespaces.push(Netns::create(format!("{prefix}-{role}"))?);
        Ok(self.namespaces.len() - 1)
    }

    /// A host namespace on its own /30 to the router, its services on loopback, routed by the router.
    fn attach(&mut self, prefix: &str, router: usize, h: &Host) -> Result<usize, String> {
        self.attach_as(prefix, router, h, "eth0", &format!("to-{}", h.role))
    }

    /// [`Self::attach`] with the interface names given: the host's `h_if`, the router's `r_if`.
    fn attach_as(&mut self, prefix: &str, router: usize, h: &Host, h_if: &str, r_if: &str) -> Result<usize, String> {
        let i = self.add_ns(prefix, h.role)?;
        let (r_addr, h_addr) = link(h.link);
        veth(self.ns(router), r_if, self.ns(i), h_if)?;
        self.ns(router).addr(r_addr, 30, r_if)?;
        self.ns(i).addr(h_addr, 30, h_if)?;
        self.ns(i).route_via("default", r_addr)?;
        for svc in &h.services {
            self.ns(i).addr(*svc, 32, "lo")?;
            self.ns(router).route_via(&format!("{svc}/32"), h_addr)?;
        }
        Ok(i)
    }

    /// The user's computer: its link (unless offline), resolv.conf, hosts, firewall and VPN.
    fn client_ns(&mut self, s: &Scenario, prefix: &str, router: usize) -> Result<usize, String> {
        let c = &s.client;
        let i = if c.offline {
            // Only loopback: what a computer with Wi-Fi off looks like.
            self.add_ns(prefix, "cli")?
        } else if c.home_nat {
            self.home_router(prefix, router)?
        } else if c.working_vpn {
            // The router's side keeps its name, so every rule about the client's link still applies.
            self.attach_as(prefix, router, &Host::new("cli", 0, vec![]), "wg0", "to-cli")?
        } else {
            self.attach(prefix, router, &Host::new("cli", 0, vec![]))?
        };
        let resolver = if c.home_nat { link(addr::HOME_LAN).0 } else { addr::ISP_DNS };
        let ns = self.ns(i);
        let mut resolv = format!("# the user's resolver\nnameserver {}\n", checked(resolver)?);
        if !c.search.is_empty() {
            resolv.push_str(&format!("search {}\n", c.search));
        }
        ns.write_etc("resolv.conf", &resolv)?;
        let mut hosts = String::from("127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n");
        for line in &c.hosts {
            hosts.push_str(line);
            hosts.push('\n');
        }
        ns.write_etc("hosts", &hosts)?;
        for port in &c.block_tcp_ports {
            ns.iptables(&["-A", "OUTPUT", "-p", "tcp", "--dport", &port.to_string(), "-j", "DROP"])?;
        }
        if c.drop_tls_hello {
            // Bare SYN and ACK packets are 60 bytes at most; anything longer carries data.
            let site = checked(addr::SITE)?;
            let to_site = ["-A", "OUTPUT", "-p", "tcp", "-d", &site, "--dport", "443"];
            ns.iptables(&[&to_site[..], &["-m", "length", "--length", "100:65535", "-j", "DROP"]].concat())?;
        }
        if c.lan_only {
            // A local network with no way out: the site and the resolver are on it, nothing else.
            let router_addr = link(0).0;
            ns.ip(&["route", "del", "default"])?;
            for dest in [addr::SITE, addr::ISP_DNS] {
                ns.route_via(&format!("{dest}/32"), router_addr)?;
            }
        }
        if c.vpn {
            // A VPN whose tunnel is dead: the tun device takes the default route and nothing
            // reads it, so every packet routed into it is dropped.
            ns.ip(&["tuntap", "add", "mode", "tun", "name", "tun0"])?;
            ns.up("tun0")?;
            ns.addr(addr::VPN_CLIENT, 32, "tun0")?;
            ns.ip(&["route", "replace", "default", "dev", "tun0"])?;
        }
        Ok(i)
    }

    fn start(&mut self, paths: &Paths, ns: usize, role: &str, args: Vec<String>) -> Result<(), String> {
        let name = self.ns(ns).name.clone();
        self.servers.push(Server::start(&name, &paths.server_bin, role, &args, &paths.dir)?);
        Ok(())
    }
}
