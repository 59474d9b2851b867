//! A scenario is data: `tests/scenarios/<name>.toml` names the topology's knobs and what the app
//! must conclude. Unknown keys and values outside the contract are errors, so a typo in a scenario
//! cannot silently test something else. Every key but `description` and `[expect]` is optional;
//! the defaults are a healthy site:
//!
//! ```toml
//! description = "One sentence: what is broken."
//! input = "shop.example.test"      # what the user types (default: site.name)
//! [expect]
//! verdict = "just_you"             # the engine's Verdict (snake_case name)
//! culprit = "dns_resolver"         # the engine's Culprit
//! confidence = ["likely", "unsure"]  # acceptable Confidence values (default: any)
//! deadline = 12                    # --deadline; the app must exit by then (+2 s)
//! intermittent = true              # evidence.owner.intermittent (default: not checked)
//! origin_reading = "edge_fails_origin_works"  # every evidence.owner.origin[].reading (default: not checked)
//! dns_reading = "consistent"      # evidence.owner.dns.reading (default: not checked)
//! status_trouble = true            # evidence.status tells an incident that concerns the site (default: not checked)
//! [site]
//! name = "shop.example.test"
//! front = "server"                 # server | gateway (CDN-like edge in front of an origin)
//! server = "ok"                    # ok | error | off | slow | blackhole | firewalled | reset (the origin, behind a gateway)
//! status = 503                     # for server = "error"
//! cert = "valid"                   # valid | expired
//! page_kib = 0                     # a bigger page (KiB)
//! ipv6 = false                     # the site also has an IPv6 address (AAAA), and so does the client
//! port80 = true                    # the site (or its gateway) also serves plain HTTP on port 80
//! flap_path = ""                   # the origin drops every other request under this path ("": none)
//! [dns]
//! isp = "ok"       # the user's resolver: ok | nxdomain | servfail | refused | silent | hijack | stale | blocked | bad_edge
//! public = "ok"    # the public resolvers (the app's [dns] alternates), same choices
//! silent_alternate = false         # the second public resolver (an alternate) never answers at all
//! doh = "none"     # the app's [dns] doh endpoints: none | refused (one where nothing listens)
//! cname = ""       # every resolver answers the site's name with a CNAME to this name first
//!                  # (the zone's authoritative server, ns1.<zone>, is the first public resolver)
//! [client]
//! offline = false                  # only loopback, no default route
//! lan_only = false                 # a link, but no default route: only the site and its resolver are reachable
//! vpn = false                      # a dead tunnel (tun0) carries the default route
//! block_tcp_ports = []             # the client's firewall drops outgoing TCP to these ports
//! drop_tls_hello = false           # the client's firewall lets HTTPS to the site open, then drops the handshake
//! broken_proxy = false             # https_proxy points where nothing listens
//! hosts = []                       # extra /etc/hosts lines
//! search = ""                      # a `search` domain in the client's resolv.conf (what getaddrinfo appends)
//! captive_portal = false           # a portal takes over the client's TCP
//! clock_offset_days = 0            # the client's clock is this many days off (libfaketime)
//! working_proxy = false            # https_proxy points at a working CONNECT proxy on the client's loopback
//! home_nat = false                 # the client sits behind a NAT home router whose DNS forwarder is its resolver
//! working_vpn = false              # the client's link is a tunnel-named interface (wg0) that works
//! [path]
//! drop_client_to_site = false      # the router drops the client's packets to the site
//! loss = 0.0                       # random loss on the client's link, each direction
//! mtu = 0                          # path-MTU black hole towards the client (0: none)
//! delay_ms = 0                     # a relay on the router delays the client's TCP to the site, each way
//! ip_delay_ms = 0                  # the router holds every packet between client and site, each way (handshake too)
//! rtt_ms = 0                       # the router holds every packet to or from the client rtt/2 (the bench's realistic links)
//! tls_inspection = false           # a TLS-inspecting box on the router re-signs the site's HTTPS
//! drop_client_ipv6 = false         # the router drops the client's IPv6 packets to the site
//! [owner]                          # the owner's flags on `check` (none: not the owner's mode)
//! paths = []                       # --paths
//! origin = ""                      # --origin ADDR[:PORT]
//! [status_page]                    # the providers' status page stand-in (every provider's, in the lab)
//! incident = ""                    # an open incident's title ("": all operational)
//! location = "Amsterdam, Netherlands - (AMS)"  # the location it is listed against
//! linked = false                   # the site's own pages link it as their status page (status.<zone>:81)
//! [vantage]
//! enabled = true                   # [vantage] enabled in the app's config
//! globalping = "ok"                # ok | silent | 429 | then_429 | then_500 | then_garbage | then_silent (the first request answered, the rest not)
//! check_host = "ok"
//! ```

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use site_doctor_engine::{Confidence, Culprit, Verdict};

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
    /// The owner's flags on `check`.
    #[serde(default)]
    pub owner: Owner,
    /// What the providers' status page stand-in says.
    #[serde(default)]
    pub status_page: StatusPage,
}

/// The expected diagnosis.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// `verdict` of the JSON (a name outside the contract fails to parse).
    pub verdict: Verdict,
    /// `culprit` of the JSON.
    pub culprit: Culprit,
    /// Acceptable `confidence` values; empty = any.
    #[serde(default)]
    pub confidence: Vec<Confidence>,
    /// `--deadline` passed to the app, in seconds; the run must end by then (plus a small grace).
    pub deadline: u64,
    /// `evidence.owner.intermittent`, when the scenario checks it.
    #[serde(default)]
    pub intermittent: Option<bool>,
    /// Every `evidence.owner.origin[].reading`, when the scenario checks it.
    #[serde(default)]
    pub origin_reading: Option<site_doctor_engine::OriginReading>,
    /// `evidence.owner.dns.reading`, when the scenario checks it.
    #[serde(default)]
    pub dns_reading: Option<site_doctor_engine::DnsReading>,
    /// Whether `evidence.status` tells trouble (an incident that concerns the site), when checked.
    #[serde(default)]
    pub status_trouble: Option<bool>,
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
    /// Serves the page, also over HTTPS on the origin's own port 443, while its firewall refuses
    /// the port the gateway uses: what an origin looks like whose firewall does not let the CDN in.
    Firewalled,
    /// Accepts, completes the TLS handshake, reads the request, then resets the connection.
    Reset,
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
    /// The site also has an IPv6 address (resolvers answer AAAA), and the client an IPv6 route.
    pub ipv6: bool,
    /// The site (or its gateway) listens on port 80 too; `false`: only HTTPS, port 80 refused.
    pub port80: bool,
    /// The origin closes every other request under this path without an answer ("": none).
    pub flap_path: String,
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
            ipv6: false,
            port80: true,
            flap_path: String::new(),
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

/// The app's DNS-over-HTTPS endpoints.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Doh {
    /// None configured (`doh = []`).
    #[default]
    None,
    /// One endpoint, at a lab address where nothing listens on 443: connections are refused.
    Refused,
}

/// The resolvers.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Dns {
    /// The user's resolver (the ISP's, from the client's resolv.conf).
    pub isp: Answer,
    /// The public resolver stand-ins (the `[dns] alternates`).
    pub public: Answer,
    /// The second public resolver (one of the app's two alternates) never answers anything; the
    /// first answers as `public` says (the vantage stand-ins resolve through it).
    pub silent_alternate: bool,
    /// The `[dns] doh` endpoints in the app's config.
    pub doh: Doh,
    /// Every resolver answers the site's name with a CNAME to this name first ("": none).
    pub cname: String,
}

/// The user's computer.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Client {
    /// No network at all: only loopback, no default route.
    pub offline: bool,
    /// Linked to the router but without a default route: only the site and the user's resolver
    /// have routes, as on a local network with no way out to the internet.
    pub lan_only: bool,
    /// A tun interface (a VPN whose tunnel is dead) carries the default route.
    pub vpn: bool,
    /// Outgoing TCP to these ports is dropped by the client's firewall.
    pub block_tcp_ports: Vec<u16>,
    /// The client's firewall lets TCP to the site's port 443 open and drops every packet that
    /// carries data (the TLS ClientHello first), as a filter reading the site's name does.
    pub drop_tls_hello: bool,
    /// `https_proxy` points at an address where nothing listens.
    pub broken_proxy: bool,
    /// Extra `/etc/hosts` lines ("ip name").
    pub hosts: Vec<String>,
    /// A `search` domain in the client's resolv.conf: the OS (`getaddrinfo`) appends it to short
    /// names, a direct question to the server does not. Empty: none.
    pub search: String,
    /// A captive portal intercepts the client's TCP until the user signs in.
    pub captive_portal: bool,
    /// The client's clock is this many days ahead (negative: behind), faked for the app alone.
    pub clock_offset_days: i32,
    /// `https_proxy` points at a working CONNECT proxy on the client's own loopback (as antivirus
    /// web shields and local filters run), resolving and connecting from the client itself.
    pub working_proxy: bool,
    /// The client sits behind a home router that NATs it onto the link the router sees, and whose
    /// caching DNS forwarder (to the ISP resolver) is the client's resolver.
    pub home_nat: bool,
    /// The client's link to the router is named `wg0`: the default route goes through a
    /// tunnel-named interface that works (every packet still crosses the same router).
    pub working_vpn: bool,
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
    /// A relay on the router holds every chunk of the client's TCP to the site this long, in each
    /// direction: a slow path without loss (0: none).
    pub delay_ms: u32,
    /// The router holds every IP packet between the client and the site this long, in each
    /// direction (a userspace netfilter queue): the TCP handshake is slow too, nothing is lost.
    pub ip_delay_ms: u32,
    /// Round-trip time added to everything the client sends or receives through the router (its
    /// resolvers, the site, the connectivity hosts, the places elsewhere): every packet waits half
    /// of it in the same userspace queue as `ip_delay_ms`, each way. `make bench` sets it (60 ms)
    /// so the lab's links are as slow as a real home connection's.
    pub rtt_ms: u32,
    /// A TLS-inspecting box on the router terminates the client's HTTPS to the site with a
    /// certificate from its own CA (which the client does not trust) and relays to the real site.
    pub tls_inspection: bool,
    /// The router drops the client's IPv6 packets to the site (needs `site.ipv6`).
    pub drop_client_ipv6: bool,
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
    /// Answers the first request (the measurement is created), then 429 to every later one.
    #[serde(rename = "then_429")]
    Then429,
    /// The same, then 500.
    #[serde(rename = "then_500")]
    Then500,
    /// The same, then a 200 whose JSON is cut off.
    ThenGarbage,
    /// The same, then never answers again.
    ThenSilent,
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
        Self::from_value(load_value(path)?).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Reads and checks a scenario already parsed as TOML (a file with an overlay applied).
    pub fn from_value(value: toml::Value) -> Result<Self, String> {
        let s: Self = value.try_into().map_err(|e: toml::de::Error| e.to_string())?;
        s.validate()?;
        Ok(s)
    }

    /// What the user types.
    pub fn input(&self) -> String {
        self.input.clone().unwrap_or_else(|| self.site.name.clone())
    }
}

/// A scenario file as TOML, unchecked (the matrix lays overlays on it before checking).
pub fn load_value(path: &Path) -> Result<toml::Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
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
        // The perturbation matrix lives beside the scenarios but is not one.
        .filter(|p| p.file_stem().is_some_and(|s| s != "matrix"))
        .filter_map(|p| Some((p.file_stem()?.to_string_lossy().into_owned(), p)))
        .collect();
    out.sort();
    Ok(out)
}

/// The contract's name of a verdict, culprit or confidence: its serde name, as in the app's JSON.
pub fn name<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_else(|| "?".into())
}

mod owner;
mod status;
#[cfg(test)]
mod tests;
mod validate;

pub use owner::Owner;
pub use status::StatusPage;
