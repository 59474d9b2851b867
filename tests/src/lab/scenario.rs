//! A scenario is data: `tests/scenarios/<name>.toml` names the topology's knobs and what the app
//! must conclude. Unknown keys and values outside the contract are errors, so a typo in a scenario
//! cannot silently test something else. Every key but `description` and `[expect]` is optional;
//! the defaults are a healthy site:
//!
//! ```toml
//! description = "One sentence: what is broken."
//! input = "shop.example.test"      # what the user types (default: site.name)
//! [expect]
//! verdict = "just_you"             # contract verdict
//! culprit = "dns_resolver"         # contract culprit
//! confidence = ["likely", "unsure"]  # acceptable confidences (default: any)
//! deadline = 12                    # --deadline; the app must exit by then (+2 s)
//! [site]
//! name = "shop.example.test"
//! front = "server"                 # server | gateway (CDN-like edge in front of an origin)
//! server = "ok"                    # ok | error | off | slow | blackhole (the origin, behind a gateway)
//! status = 503                     # for server = "error"
//! cert = "valid"                   # valid | expired
//! page_kib = 0                     # a bigger page (KiB)
//! [dns]
//! isp = "ok"       # the user's resolver: ok | nxdomain | servfail | refused | silent | hijack | stale | blocked | bad_edge
//! public = "ok"    # the public resolvers (the app's [dns] alternates), same choices
//! [client]
//! offline = false                  # only loopback, no default route
//! vpn = false                      # a dead tunnel (tun0) carries the default route
//! block_tcp_ports = []             # the client's firewall drops outgoing TCP to these ports
//! broken_proxy = false             # https_proxy points where nothing listens
//! hosts = []                       # extra /etc/hosts lines
//! captive_portal = false           # a portal takes over the client's TCP
//! [path]
//! drop_client_to_site = false      # the router drops the client's packets to the site
//! loss = 0.0                       # random loss on the client's link, each direction
//! mtu = 0                          # path-MTU black hole towards the client (0: none)
//! [vantage]
//! enabled = true                   # [vantage] enabled in the app's config
//! globalping = "ok"                # ok | silent | 429
//! check_host = "ok"
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::addr::is_lab_address;

/// Verdicts of the contract (shared/contract.md).
pub const VERDICTS: &[&str] = &["up", "degraded", "just_you", "down_for_everyone", "inconclusive"];
/// Culprits of the contract.
pub const CULPRITS: &[&str] = &[
    "none",
    "origin",
    "site_unreachable",
    "site_tls",
    "site_dns",
    "cdn_edge",
    "no_network",
    "captive_portal",
    "dns_resolver",
    "dns_hijack",
    "dns_blocked",
    "dns_stale",
    "hosts_file",
    "proxy",
    "vpn",
    "firewall",
    "network_path",
    "path_mtu",
    "tls_interception",
    "clock_skew",
    "packet_loss",
    "slow_network",
    "ipv6",
];
/// Confidence levels of the contract.
pub const CONFIDENCES: &[&str] = &["confirmed", "likely", "unsure"];

/// One scenario file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// What the scenario is, in one sentence (printed with failures).
    pub description: String,
    /// What the user types; default: the site's name.
    #[serde(default)]
    pub input: Option<String>,
    /// What the app must conclude, and by when.
    pub expect: Expect,
    /// The site and its servers.
    #[serde(default)]
    pub site: Site,
    /// How the resolvers answer for the site's name.
    #[serde(default)]
    pub dns: Dns,
    /// The user's computer.
    #[serde(default)]
    pub client: Client,
    /// The network between the client and everything else (the router).
    #[serde(default)]
    pub path: PathKnobs,
    /// The vantage service stand-ins.
    #[serde(default)]
    pub vantage: Vantage,
}

/// The expected diagnosis.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// `verdict` of the JSON.
    pub verdict: String,
    /// `culprit` of the JSON.
    pub culprit: String,
    /// Acceptable `confidence` values; empty = any.
    #[serde(default)]
    pub confidence: Vec<String>,
    /// `--deadline` passed to the app, in seconds; the run must end by then (plus a small grace).
    pub deadline: u64,
}

/// Which server answers at the site's address.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Front {
    /// The site's own server.
    #[default]
    Server,
    /// A CDN-like gateway in front of an origin.
    Gateway,
}

/// What the site's own server (or, behind a gateway, the origin) does.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServerMode {
    /// Serves the page.
    #[default]
    Ok,
    /// Answers `status` (a 5xx) with its own error page.
    Error,
    /// Nothing listens: connections are refused.
    Off,
    /// Answers after 30 s (slower than any gateway's timeout).
    Slow,
    /// Packets to it vanish: connections time out.
    Blackhole,
}

/// The site's certificate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cert {
    /// Valid, from the lab CA (which the app trusts through `extra_ca`).
    #[default]
    Valid,
    /// From the lab CA, but expired last year.
    Expired,
}

/// The site.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Site {
    /// Its name (in the made-up `example.test` zone).
    pub name: String,
    /// Its own server, or a gateway in front of an origin.
    pub front: Front,
    /// What the server (or the origin) does.
    pub server: ServerMode,
    /// The status for `server = "error"`.
    pub status: u16,
    /// Its certificate.
    pub cert: Cert,
    /// Size of its page in KiB (0: a small page). Large pages need full-size packets.
    pub page_kib: u32,
}

impl Default for Site {
    fn default() -> Self {
        Self {
            name: "shop.example.test".into(),
            front: Front::Server,
            server: ServerMode::Ok,
            status: 503,
            cert: Cert::Valid,
            page_kib: 0,
        }
    }
}

/// How a resolver answers for the site's name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// The site's real address.
    #[default]
    Ok,
    /// NXDOMAIN.
    Nxdomain,
    /// SERVFAIL.
    Servfail,
    /// REFUSED.
    Refused,
    /// No answer at all.
    Silent,
    /// The ISP's search page address (serves something else, with a certificate for another name).
    Hijack,
    /// The site's former address, where nothing listens.
    Stale,
    /// `0.0.0.0`, as filtering resolvers answer blocked names.
    Blocked,
    /// A broken edge of the site's CDN (answers 502 for the site), as geo-DNS may hand out.
    BadEdge,
}

/// The resolvers.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Dns {
    /// The user's resolver (the ISP's, from the client's resolv.conf).
    pub isp: Answer,
    /// The public resolver stand-ins (the `[dns] alternates`).
    pub public: Answer,
}

/// The user's computer.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Client {
    /// No network at all: only loopback, no default route.
    pub offline: bool,
    /// A tun interface (a VPN whose tunnel is dead) carries the default route.
    pub vpn: bool,
    /// Outgoing TCP to these ports is dropped by the client's firewall.
    pub block_tcp_ports: Vec<u16>,
    /// `https_proxy` points at an address where nothing listens.
    pub broken_proxy: bool,
    /// Extra `/etc/hosts` lines ("ip name").
    pub hosts: Vec<String>,
    /// A captive portal intercepts the client's TCP until the user signs in.
    pub captive_portal: bool,
}

/// The router between the client and the rest of the lab.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PathKnobs {
    /// The router drops the client's packets to the site (only the client's).
    pub drop_client_to_site: bool,
    /// Probability that the router drops a packet to or from the client (0 to 0.9).
    pub loss: f64,
    /// MTU of the router's link towards the client, with the router's "fragmentation needed"
    /// messages dropped: a path-MTU black hole (0: none).
    pub mtu: u16,
}

/// How a vantage stand-in behaves.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VantageMode {
    /// Fetches the site for real and reports.
    #[default]
    Ok,
    /// Accepts connections and never answers.
    Silent,
    /// Answers every request with 429 Too Many Requests.
    #[serde(rename = "429")]
    RateLimited,
}

/// The vantage stand-ins.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Vantage {
    /// `[vantage] enabled` in the app's config.
    pub enabled: bool,
    /// The Globalping stand-in.
    pub globalping: VantageMode,
    /// The check-host.net stand-in.
    pub check_host: VantageMode,
}

impl Default for Vantage {
    fn default() -> Self {
        Self { enabled: true, globalping: VantageMode::Ok, check_host: VantageMode::Ok }
    }
}

impl Scenario {
    /// Reads and checks a scenario file.
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let s: Self = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        s.validate().map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(s)
    }

    fn validate(&self) -> Result<(), String> {
        let e = &self.expect;
        if !VERDICTS.contains(&e.verdict.as_str()) {
            return Err(format!("verdict {:?} is not one of {VERDICTS:?}", e.verdict));
        }
        if !CULPRITS.contains(&e.culprit.as_str()) {
            return Err(format!("culprit {:?} is not one of the contract's", e.culprit));
        }
        if let Some(c) = e.confidence.iter().find(|c| !CONFIDENCES.contains(&c.as_str())) {
            return Err(format!("confidence {c:?} is not one of {CONFIDENCES:?}"));
        }
        if !(1..=60).contains(&e.deadline) {
            return Err("deadline must be 1 to 60 seconds".into());
        }
        if !(0.0..=0.9).contains(&self.path.loss) {
            return Err("path.loss must be between 0 and 0.9".into());
        }
        if self.path.mtu != 0 && !(576..1500).contains(&self.path.mtu) {
            return Err("path.mtu must be between 576 and 1499 (or 0 for none)".into());
        }
        if self.site.page_kib > 1024 {
            return Err("site.page_kib must be at most 1024".into());
        }
        if self.site.server == ServerMode::Error && !(500..=599).contains(&self.site.status) {
            return Err("site.status must be a 5xx for server = \"error\"".into());
        }
        for line in &self.client.hosts {
            let ip = line.split_whitespace().next().and_then(|w| w.parse().ok());
            if !ip.is_some_and(is_lab_address) {
                return Err(format!("hosts line {line:?} must start with a lab address"));
            }
        }
        Ok(())
    }

    /// What the user types.
    pub fn input(&self) -> String {
        self.input.clone().unwrap_or_else(|| self.site.name.clone())
    }
}

/// `tests/scenarios`.
pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

/// Every scenario file, sorted by name: `(name, path)`.
pub fn list() -> Result<Vec<(String, PathBuf)>, String> {
    let d = dir();
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(&d)
        .map_err(|e| format!("{}: {e}", d.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .filter_map(|p| Some((p.file_stem()?.to_string_lossy().into_owned(), p)))
        .collect();
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs without root: a broken scenario file fails here even where the lab itself is skipped.
    #[test]
    fn every_scenario_file_is_valid() {
        let all = list().expect("scenarios");
        assert!(all.len() >= 20, "{all:?}");
        for (name, path) in all {
            Scenario::load(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }

    #[test]
    fn typos_and_values_outside_the_contract_are_errors() {
        let base = "description = \"x\"\n[expect]\nverdict = \"up\"\nculprit = \"none\"\ndeadline = 5\n";
        let parse = |extra: &str| -> Result<Scenario, String> {
            let s: Scenario = toml::from_str(&format!("{base}{extra}")).map_err(|e| e.to_string())?;
            s.validate().map(|()| s)
        };
        assert!(parse("").is_ok());
        assert!(parse("[dns]\nisp = \"nxdomian\"\n").is_err());
        assert!(parse("[client]\nvpm = true\n").is_err());
        assert!(parse("[client]\nhosts = [\"192.0.2.1 shop.example.test\"]\n").is_err());
        assert!(parse("[path]\nloss = 1.5\n").is_err());
        let bad_culprit = base.replace("\"none\"", "\"dns\"");
        assert!(
            toml::from_str::<Scenario>(&bad_culprit).map_err(|e| e.to_string()).and_then(|s| s.validate()).is_err()
        );
    }
}
