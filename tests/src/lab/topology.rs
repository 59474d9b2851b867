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

use std::net::Ipv4Addr;
use std::path::PathBuf;

use super::addr::{self, link};
use super::certs::{Ca, Validity};
use super::netns::{Netns, checked, veth};
use super::proc::Server;
use super::scenario::{Answer, Cert, Front, Scenario, ServerMode, VantageMode};

/// The routing table the router uses for the client's TCP when a captive portal is on.
const PORTAL_TABLE: &str = "100";

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

impl Lab {
    /// Builds everything `s` describes. `prefix` makes names unique: `sdlab-<pid>-<n>`.
    pub fn build(s: &Scenario, prefix: &str, paths: &Paths) -> Result<Self, String> {
        let mut lab = Self { servers: Vec::new(), namespaces: Vec::new(), client: String::new(), ca: PathBuf::new() };
        let ca = Ca::create(&paths.dir)?;
        lab.ca = ca.pem.clone();
        let router = lab.add_ns(prefix, "rtr")?;
        // /proc/sys/net is per namespace (of the writing process); `sh` is everywhere, procps is not.
        lab.ns(router).exec("sh", &["-c", "echo 1 > /proc/sys/net/ipv4/ip_forward"])?;

        let mut hosts = vec![
            Host { role: "isp", link: 1, services: vec![addr::ISP_DNS, addr::ISP_SEARCH] },
            Host { role: "pub", link: 2, services: addr::PUBLIC_DNS.to_vec() },
            Host { role: "site", link: 3, services: vec![addr::SITE, addr::SITE_STALE, addr::SITE_BAD_EDGE] },
            Host {
                role: "ref",
                link: 5,
                services: vec![addr::CONNECTIVITY[0], addr::CONNECTIVITY[1], addr::DEAD_PROXY],
            },
            Host { role: "gp", link: 6, services: vec![addr::GLOBALPING] },
            Host { role: "ch", link: 7, services: vec![addr::CHECK_HOST] },
        ];
        if s.site.front == Front::Gateway {
            hosts.push(Host { role: "org", link: 4, services: vec![addr::ORIGIN] });
        }
        if s.client.captive_portal {
            hosts.push(Host { role: "portal", link: 8, services: vec![] });
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
        lab.start_servers(s, &ca, paths, &index)?;
        Ok(lab)
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

    fn ns(&self, i: usize) -> &Netns {
        &self.namespaces[i]
    }

    fn add_ns(&mut self, prefix: &str, role: &str) -> Result<usize, String> {
        self.namespaces.push(Netns::create(format!("{prefix}-{role}"))?);
        Ok(self.namespaces.len() - 1)
    }

    /// A host namespace on its own /30 to the router, its services on loopback, routed by the router.
    fn attach(&mut self, prefix: &str, router: usize, h: &Host) -> Result<usize, String> {
        let i = self.add_ns(prefix, h.role)?;
        let (r_addr, h_addr) = link(h.link);
        let r_if = format!("to-{}", h.role);
        veth(self.ns(router), &r_if, self.ns(i), "eth0")?;
        self.ns(router).addr(r_addr, 30, &r_if)?;
        self.ns(i).addr(h_addr, 30, "eth0")?;
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
        } else {
            self.attach(prefix, router, &Host { role: "cli", link: 0, services: vec![] })?
        };
        let ns = self.ns(i);
        ns.write_etc("resolv.conf", &format!("# the user's ISP resolver\nnameserver {}\n", checked(addr::ISP_DNS)?))?;
        let mut hosts = String::from("127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n");
        for line in &c.hosts {
            hosts.push_str(line);
            hosts.push('\n');
        }
        ns.write_etc("hosts", &hosts)?;
        for port in &c.block_tcp_ports {
            ns.iptables(&["-A", "OUTPUT", "-p", "tcp", "--dport", &port.to_string(), "-j", "DROP"])?;
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

    /// Drops and loss on the router.
    fn router_rules(&self, s: &Scenario, router: usize) -> Result<(), String> {
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
    fn portal(&self, router: usize, portal: usize) -> Result<(), String> {
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

    fn start(&mut self, paths: &Paths, ns: usize, role: &str, args: Vec<String>) -> Result<(), String> {
        let name = self.ns(ns).name.clone();
        self.servers.push(Server::start(&name, &paths.server_bin, role, &args, &paths.dir)?);
        Ok(())
    }

    fn start_servers(
        &mut self,
        s: &Scenario,
        ca: &Ca,
        paths: &Paths,
        at: &std::collections::HashMap<&str, usize>,
    ) -> Result<(), String> {
        let dir = &paths.dir;
        let name = s.site.name.as_str();
        let answer = |a: Answer| -> String {
            match a {
                Answer::Ok => addr::SITE.to_string(),
                Answer::Nxdomain => "nxdomain".into(),
                Answer::Servfail => "servfail".into(),
                Answer::Refused => "refused".into(),
                Answer::Silent => "silent".into(),
                Answer::Hijack => addr::ISP_SEARCH.to_string(),
                Answer::Stale => addr::SITE_STALE.to_string(),
                Answer::Blocked => "0.0.0.0".into(),
                Answer::BadEdge => addr::SITE_BAD_EDGE.to_string(),
            }
        };
        let dns = |listen: &[Ipv4Addr], a: Answer| -> Vec<String> {
            let mut v = vec!["dns".to_owned()];
            v.extend(listen.iter().flat_map(|l| ["--listen".into(), format!("{l}:53")]));
            v.extend(["--answer".into(), format!("{name}={}", answer(a)), "--default".into(), "nxdomain".into()]);
            v
        };
        self.start(paths, at["isp"], "isp-dns", dns(&[addr::ISP_DNS], s.dns.isp))?;
        self.start(paths, at["pub"], "public-dns", dns(&addr::PUBLIC_DNS, s.dns.public))?;

        // The ISP's search page: where a hijacking resolver (or a hosts-file line) sends the name.
        let c = ca.issue(dir, "search", &["search.isp.test"], Validity::Current)?;
        let mut a = listen("http", addr::ISP_SEARCH, &c);
        a.extend(flags(&[("--header", "server: isp-search/1.0"), ("--body", SEARCH_PAGE)]));
        self.start(paths, at["isp"], "isp-search", a)?;

        let validity = if s.site.cert == Cert::Expired { Validity::Expired } else { Validity::Current };
        let site_cert = ca.issue(dir, "site", &[name, &format!("www.{name}")], validity)?;
        let status = s.site.status.to_string();
        let pad = s.site.page_kib.to_string();
        let own = |server: ServerMode, listen_args: Vec<String>| -> Option<Vec<String>> {
            let mut a = listen_args;
            match server {
                ServerMode::Ok => {
                    a.extend(flags(&[("--header", "server: nginx"), ("--body", SITE_PAGE), ("--pad-kib", &pad)]))
                }
                ServerMode::Error => a.extend(flags(&[
                    ("--status", &status),
                    ("--header", "server: nginx"),
                    (
                        "--body",
                        &format!(
                            "<html><h1>{status} {}</h1><p>Database unavailable.</p></html>",
                            super::server::wire::reason(s.site.status)
                        ),
                    ),
                ])),
                ServerMode::Slow => a.extend(flags(&[("--delay-ms", "30000"), ("--body", SITE_PAGE)])),
                ServerMode::Off | ServerMode::Blackhole => return None,
            }
            Some(a)
        };
        let site_ns = at["site"];
        if s.dns.isp == Answer::BadEdge || s.dns.public == Answer::BadEdge {
            // A broken edge: its way to the origin leads nowhere (nothing listens there): 502.
            let mut g = listen("gateway", addr::SITE_BAD_EDGE, &site_cert);
            g.extend(flags(&[("--upstream", &format!("{}:{}", addr::SITE_STALE, addr::ORIGIN_PORT))]));
            self.start(paths, site_ns, "bad-edge", g)?;
        }
        match s.site.front {
            Front::Server => {
                if let Some(a) = own(s.site.server, listen("http", addr::SITE, &site_cert)) {
                    self.start(paths, site_ns, "site", a)?;
                }
                if s.site.server == ServerMode::Blackhole {
                    self.ns(site_ns).iptables(&["-A", "INPUT", "-d", &checked(addr::SITE)?, "-j", "DROP"])?;
                }
            }
            Front::Gateway => {
                let mut g = listen("gateway", addr::SITE, &site_cert);
                g.extend(flags(&[
                    ("--upstream", &format!("{}:{}", addr::ORIGIN, addr::ORIGIN_PORT)),
                    ("--timeout-ms", "3000"),
                ]));
                self.start(paths, site_ns, "gateway", g)?;
                let org = at["org"];
                let plain =
                    vec!["http".to_owned(), "--listen".to_owned(), format!("{}:{}", addr::ORIGIN, addr::ORIGIN_PORT)];
                if let Some(a) = own(s.site.server, plain) {
                    self.start(paths, org, "origin", a)?;
                }
                if s.site.server == ServerMode::Blackhole {
                    self.ns(org).iptables(&["-A", "INPUT", "-d", &checked(addr::ORIGIN)?, "-j", "DROP"])?;
                }
            }
        }

        let [c204, c205] = addr::CONNECTIVITY;
        let ref_cert = ca.issue(dir, "reference", &[&c204.to_string(), "connectivity.lab.test"], Validity::Current)?;
        let mut r = listen("http", c204, &ref_cert);
        r.extend(flags(&[
            ("--listen", &format!("{c205}:80")),
            ("--preset", "connectivity"),
            ("--body", "<h1>lab reference host</h1>"),
        ]));
        self.start(paths, at["ref"], "connectivity", r)?;

        let ca_pem = ca.pem.display().to_string();
        for (role, api, me, mode) in [
            ("gp", "globalping", addr::GLOBALPING, s.vantage.globalping),
            ("ch", "checkhost", addr::CHECK_HOST, s.vantage.check_host),
        ] {
            let mode = match mode {
                VantageMode::Ok => "ok",
                VantageMode::Silent => "silent",
                VantageMode::RateLimited => "429",
            };
            let mut a = vec![api.to_owned()];
            let resolver = format!("{}:53", addr::PUBLIC_DNS[0]);
            a.extend(flags(&[
                ("--listen", &format!("{me}:80")),
                ("--resolver", &resolver),
                ("--ca", &ca_pem),
                ("--mode", mode),
            ]));
            self.start(paths, at[role], api, a)?;
        }
        if let Some(&p) = at.get("portal") {
            self.start(
                paths,
                p,
                "portal",
                ["http", "--listen", "0.0.0.0:80", "--preset", "portal"].map(String::from).to_vec(),
            )?;
        }
        Ok(())
    }
}

/// The site's page when it works.
const SITE_PAGE: &str = "<!doctype html><html><head><title>Example Shop</title></head><body><h1>Example Shop</h1><p>Everything in stock.</p></body></html>";
/// What the ISP's search-assist server shows instead of the site.
const SEARCH_PAGE: &str = "<!doctype html><html><head><title>Lab ISP Search</title></head><body><h1>Did you mean...?</h1><p>Sponsored results by Lab ISP.</p></body></html>";

/// `<command> --listen ip:80 --listen-tls ip:443 --cert .. --key ..`.
fn listen(command: &str, ip: Ipv4Addr, cert: &super::certs::Pair) -> Vec<String> {
    let mut v = vec![command.to_owned()];
    v.extend(flags(&[
        ("--listen", &format!("{ip}:80")),
        ("--listen-tls", &format!("{ip}:443")),
        ("--cert", &cert.cert.display().to_string()),
        ("--key", &cert.key.display().to_string()),
    ]));
    v
}

fn flags(pairs: &[(&str, &str)]) -> Vec<String> {
    pairs.iter().flat_map(|(k, v)| [(*k).to_owned(), (*v).to_owned()]).collect()
}
