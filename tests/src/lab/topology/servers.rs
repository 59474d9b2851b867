//! The servers of a scenario: resolvers, the site (or its gateway and origin), the reference
//! hosts, the vantage stand-ins, and whatever sits on the client's path.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr};

use super::super::addr;
use super::super::certs::{Ca, Pair, Validity};
use super::super::netns::checked;
use super::super::scenario::{Answer, Cert, Front, Scenario, ServerMode, VantageMode};
use super::{Lab, Paths};

impl Lab {
    /// Starts every server the scenario has, each in its namespace, and waits for each to be ready.
    pub(super) fn start_servers(
        &mut self,
        s: &Scenario,
        ca: &Ca,
        paths: &Paths,
        at: &HashMap<&str, usize>,
    ) -> Result<(), String> {
        let dir = &paths.dir;
        let name = s.site.name.as_str();
        let answer = |a: Answer| -> String {
            match a {
                Answer::Ok if s.site.ipv6 => format!("{},{}", addr::SITE, addr::SITE6),
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
        // The site's zone and its one authoritative server, played by the first public resolver (which
        // no perturbation silences: the vantage stand-ins resolve through it):
        // every resolver names it, so the owner's DNS check finds it as on the internet.
        let zone = name.split_once('.').filter(|(_, rest)| rest.contains('.')).map_or(name, |(_, rest)| rest);
        let ns = format!("ns1.{zone}");
        let dns = |listen: &[Ipv4Addr], a: Answer| -> Vec<String> {
            let mut v = vec!["dns".to_owned()];
            v.extend(listen.iter().flat_map(|l| ["--listen".into(), format!("{l}:53")]));
            v.extend(["--answer".into(), format!("{name}={}", answer(a)), "--default".into(), "nxdomain".into()]);
            v.extend([
                "--ns".into(),
                format!("{zone}={ns}"),
                "--answer".into(),
                format!("{ns}={}", addr::PUBLIC_DNS[0]),
            ]);
            // The site's own status page, when its pages link one: the status page stand-in.
            v.extend(["--answer".into(), format!("status.{zone}={}", addr::STATUS_PAGE)]);
            if !s.dns.cname.is_empty() {
                v.extend(["--cname".into(), format!("{name}={}", s.dns.cname)]);
            }
            v
        };
        self.start(paths, at["isp"], "isp-dns", dns(&[addr::ISP_DNS], s.dns.isp))?;
        if s.dns.silent_alternate {
            // The second public resolver never answers anything; the first (which the vantage
            // stand-ins use) answers as scripted.
            self.start(paths, at["pub"], "public-dns", dns(&addr::PUBLIC_DNS[..1], s.dns.public))?;
            let mut silent = dns(&addr::PUBLIC_DNS[1..], Answer::Silent);
            silent.extend(["--default".into(), "silent".into()]);
            self.start(paths, at["pub"], "public-dns-silent", silent)?;
        } else {
            self.start(paths, at["pub"], "public-dns", dns(&addr::PUBLIC_DNS, s.dns.public))?;
        }

        // The ISP's search page: where a hijacking resolver (or a hosts-file line) sends the name.
        let c = ca.issue(dir, "search", &["search.isp.test"], Validity::Current)?;
        let mut a = listen("http", addr::ISP_SEARCH.into(), &c);
        a.extend(flags(&[("--header", "server: isp-search/1.0"), ("--body", SEARCH_PAGE)]));
        self.start(paths, at["isp"], "isp-search", a)?;

        let validity = if s.site.cert == Cert::Expired { Validity::Expired } else { Validity::Current };
        let site_cert = ca.issue(dir, "site", &[name, &format!("www.{name}")], validity)?;
        let status = s.site.status.to_string();
        let pad = s.site.page_kib.to_string();
        let link = if s.status_page.linked {
            format!("<p><a href=\"http://status.{zone}:{}/\">Service status</a></p>", addr::STATUS_PAGE_PORT)
        } else {
            String::new()
        };
        let own = |server: ServerMode, listen_args: Vec<String>| -> Option<Vec<String>> {
            let mut a = listen_args;
            if !s.site.flap_path.is_empty() {
                a.extend(flags(&[("--flap", "2"), ("--flap-path", &s.site.flap_path)]));
            }
            match server {
                ServerMode::Ok | ServerMode::Firewalled => {
                    a.extend(flags(&[("--header", "server: nginx"), ("--body", SITE_PAGE), ("--pad-kib", &pad)]))
                }
                ServerMode::Error => a.extend(flags(&[
                    ("--status", &status),
                    ("--header", "server: nginx"),
                    (
                        "--body",
                        &format!(
                            "<html><h1>{status} {}</h1><p>Database unavailable.</p>{link}</html>",
                            super::super::server::wire::reason(s.site.status)
                        ),
                    ),
                ])),
                ServerMode::Slow => a.extend(flags(&[("--delay-ms", "30000"), ("--body", SITE_PAGE)])),
                ServerMode::Reset => a.extend(flags(&[("--reset", "1"), ("--body", SITE_PAGE)])),
                ServerMode::Off | ServerMode::Blackhole => return None,
            }
            Some(a)
        };
        let site_ns = at["site"];
        // The site's own address, and its IPv6 one when it has one.
        let site_listen = |command: &str| {
            let mut a = listen(command, addr::SITE.into(), &site_cert);
            if s.site.ipv6 {
                let v6 = addr::SITE6;
                a.extend(flags(&[("--listen", &format!("[{v6}]:80")), ("--listen-tls", &format!("[{v6}]:443"))]));
            }
            if s.site.port80 { a } else { without_port80(a) }
        };
        if s.dns.isp == Answer::BadEdge || s.dns.public == Answer::BadEdge {
            // A broken edge: its way to the origin leads nowhere (nothing listens there): 502.
            let mut g = listen("gateway", addr::SITE_BAD_EDGE.into(), &site_cert);
            g.extend(flags(&[("--upstream", &format!("{}:{}", addr::SITE_STALE, addr::ORIGIN_PORT))]));
            self.start(paths, site_ns, "bad-edge", g)?;
        }
        match s.site.front {
            Front::Server => {
                if let Some(a) = own(s.site.server, site_listen("http")) {
                    self.start(paths, site_ns, "site", a)?;
                }
                if s.site.server == ServerMode::Blackhole {
                    self.ns(site_ns).iptables(&["-A", "INPUT", "-d", &checked(addr::SITE)?, "-j", "DROP"])?;
                }
            }
            Front::Gateway => {
                let mut g = site_listen("gateway");
                g.extend(flags(&[
                    ("--upstream", &format!("{}:{}", addr::ORIGIN, addr::ORIGIN_PORT)),
                    ("--timeout-ms", "3000"),
                ]));
                self.start(paths, site_ns, "gateway", g)?;
                let org = at["org"];
                let mut plain =
                    vec!["http".to_owned(), "--listen".to_owned(), format!("{}:{}", addr::ORIGIN, addr::ORIGIN_PORT)];
                if s.site.server == ServerMode::Firewalled {
                    // HTTPS with the site's certificate on the origin's own address, for the
                    // owner who asks it directly; the gateway's way in is refused.
                    plain.extend(flags(&[
                        ("--listen-tls", &format!("{}:443", addr::ORIGIN)),
                        ("--cert", &site_cert.cert.display().to_string()),
                        ("--key", &site_cert.key.display().to_string()),
                    ]));
                    let port = addr::ORIGIN_PORT.to_string();
                    let reject =
                        ["-A", "INPUT", "-p", "tcp", "--dport", &port, "-j", "REJECT", "--reject-with", "tcp-reset"];
                    self.ns(org).iptables(&reject)?;
                }
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
        let mut r = listen("http", c204.into(), &ref_cert);
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
                VantageMode::Then429 => "then-429",
                VantageMode::Then500 => "then-500",
                VantageMode::ThenGarbage => "then-garbage",
                VantageMode::ThenSilent => "then-silent",
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
        // Every provider's status page, in the lab: all well, or the scenario's one incident.
        let mut a = vec!["statuspage".to_owned()];
        a.extend(flags(&[
            ("--listen", &format!("{}:{}", addr::STATUS_PAGE, addr::STATUS_PAGE_PORT)),
            ("--incident", &s.status_page.incident),
            ("--location", &s.status_page.location),
        ]));
        self.start(paths, at["gp"], "statuspage", a)?;
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

    /// The box on the client's path, in the router: a relay that delays the client's TCP to the
    /// site, a queue that delays every packet between them (`router_rules` feeds it), or a
    /// TLS-inspecting proxy that re-signs the site's certificate with its own CA and fetches the
    /// real page itself. `path_box_rules` sends the client's packets to the relay or the proxy.
    pub(super) fn start_path_box(&mut self, s: &Scenario, ca: &Ca, paths: &Paths, router: usize) -> Result<(), String> {
        let me = addr::link(0).0;
        let site = addr::SITE;
        if s.path.delay_ms > 0 {
            let mut a = vec!["relay".to_owned()];
            a.extend(flags(&[
                ("--forward", &format!("{me}:{}={site}:443", addr::PATH_BOX_TLS_PORT)),
                ("--forward", &format!("{me}:{}={site}:80", addr::PATH_BOX_HTTP_PORT)),
                ("--delay-ms", &s.path.delay_ms.to_string()),
            ]));
            self.start(paths, router, "relay", a)?;
        }
        // One queue, one delay: `rtt_ms` and `ip_delay_ms` exclude each other (validated).
        let queued = if s.path.rtt_ms > 0 { s.path.rtt_ms / 2 } else { s.path.ip_delay_ms };
        if queued > 0 {
            let a = flags(&[("--queue", super::router::DELAY_QUEUE), ("--delay-ms", &queued.to_string())]);
            self.start(paths, router, "delay", [vec!["delay".to_owned()], a].concat())?;
        }
        if s.path.tls_inspection {
            // The box's own CA: what an employer or antivirus installs on its own machines, and
            // this client never got. Its leaf names the site, so only the issuer gives it away.
            let box_ca = Ca::named(&paths.dir, "inspection-ca", "Lab Inspection CA")?;
            let name = s.site.name.as_str();
            let leaf = box_ca.issue(&paths.dir, "inspected", &[name, &format!("www.{name}")], Validity::Current)?;
            let mut a = vec!["inspect".to_owned()];
            a.extend(flags(&[
                ("--listen-tls", &format!("{me}:{}", addr::PATH_BOX_TLS_PORT)),
                ("--cert", &leaf.cert.display().to_string()),
                ("--key", &leaf.key.display().to_string()),
                ("--upstream", &format!("{site}:443")),
                ("--ca", &ca.pem.display().to_string()),
            ]));
            self.start(paths, router, "inspect", a)?;
        }
        Ok(())
    }
}

/// The site's page when it works.
const SITE_PAGE: &str = "<!doctype html><html><head><title>Example Shop</title></head><body><h1>Example Shop</h1><p>Everything in stock.</p></body></html>";
/// What the ISP's search-assist server shows instead of the site.
const SEARCH_PAGE: &str = "<!doctype html><html><head><title>Lab ISP Search</title></head><body><h1>Did you mean...?</h1><p>Sponsored results by Lab ISP.</p></body></html>";

/// `<command> --listen ip:80 --listen-tls ip:443 --cert .. --key ..`.
fn listen(command: &str, ip: IpAddr, cert: &Pair) -> Vec<String> {
    let mut v = vec![command.to_owned()];
    v.extend(flags(&[
        ("--listen", &format!("{ip}:80")),
        ("--listen-tls", &format!("{ip}:443")),
        ("--cert", &cert.cert.display().to_string()),
        ("--key", &cert.key.display().to_string()),
    ]));
    v
}

/// The same arguments without any `--listen …:80`: the site refuses plain HTTP.
fn without_port80(args: Vec<String>) -> Vec<String> {
    let mut out = Vec::with_capacity(args.len());
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        if a == "--listen" {
            match it.next() {
                Some(v) if v.ends_with(":80") => {}
                Some(v) => out.extend([a, v]),
                None => out.push(a),
            }
        } else {
            out.push(a);
        }
    }
    out
}

fn flags(pairs: &[(&str, &str)]) -> Vec<String> {
    pairs.iter().flat_map(|(k, v)| [(*k).to_owned(), (*v).to_owned()]).collect()
}
