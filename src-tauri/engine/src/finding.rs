//! The engine's own vocabulary for evidence: one [`Check`] per probe step, with a [`Status`] and
//! the [`Detail`] a help desk needs. Third-party error types are turned into [`ErrorClass`] inside
//! the probes and never leave them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::check_id::{CheckId, InterfaceKind, IpFamily};

/// How one check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Worked as a healthy connection would.
    Pass,
    /// Worked, but something is off (slow, unusual answer).
    Warn,
    /// Did not work; `detail.error` says how.
    Fail,
    /// Not run (no input for it, disabled, or the deadline came first).
    Skipped,
}

listed! {
/// Why a step failed, in classes a rule (and a person) can reason about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorClass {
    /// The resolver says the name does not exist.
    Nxdomain,
    /// The resolver failed to resolve the name (SERVFAIL).
    Servfail,
    /// The resolver refused to answer.
    Refused,
    /// No answer within the step's time limit.
    Timeout,
    /// The name exists but has no address of the asked type.
    NoAnswer,
    /// Nothing listens on that port (TCP RST).
    ConnectionRefused,
    /// The connection was cut in the middle.
    ConnectionReset,
    /// No route to the host or network.
    Unreachable,
    /// The certificate has expired.
    TlsExpired,
    /// The certificate is not valid yet.
    TlsNotYetValid,
    /// The certificate is for another name.
    TlsNameMismatch,
    /// The certificate's issuer is not trusted here.
    TlsUntrusted,
    /// The TLS handshake failed for another reason.
    TlsHandshake,
    /// The server did not speak valid HTTP.
    HttpProtocol,
    /// The server sent more than the engine accepts (headers, redirects).
    TooLarge,
    /// The step never ran because an earlier one failed or the deadline came first.
    NotRun,
    /// Not waited for: the answer was already clear, and this step could not change it.
    NotNeeded,
    /// Anything else; `detail.message` has the technical text.
    Other,
}
}

/// Per-phase times of one connection attempt, in milliseconds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct Phases {
    /// Name resolution (the fastest resolver that gave this address).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[ts(type = "number")]
    pub dns_ms: Option<u64>,
    /// TCP connect.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[ts(type = "number")]
    pub connect_ms: Option<u64>,
    /// TLS handshake.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[ts(type = "number")]
    pub tls_ms: Option<u64>,
    /// The proxy's answer to `CONNECT` (only through a proxy).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[ts(type = "number")]
    pub proxy_ms: Option<u64>,
    /// From sending the request to the response head.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[ts(type = "number")]
    pub first_byte_ms: Option<u64>,
    /// From the start of the connection to the end of the body sample.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[ts(type = "number")]
    pub total_ms: Option<u64>,
}

/// What the server's certificate said.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct TlsInfo {
    /// Negotiated protocol, e.g. `TLSv1_3`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub version: Option<String>,
    /// Issuer distinguished name of the leaf certificate.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub issuer: Option<String>,
    /// Subject distinguished name of the leaf certificate.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub subject: Option<String>,
    /// DNS names the certificate is valid for.
    pub names: Vec<String>,
    /// Expiry, RFC 3339.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub not_after: Option<String>,
}

/// What one vantage point (a probe of Globalping or a node of check-host.net) saw of the site.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct VantagePoint {
    /// Where it is, e.g. "Frankfurt, DE, AS3320".
    pub location: String,
    /// The HTTP status it got, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub status_code: Option<u16>,
    /// Its failure in the service's own words (e.g. "Connection timed out").
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub error: Option<String>,
    /// The address it connected to.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub address: Option<String>,
    /// Total time it took.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[ts(type = "number")]
    pub total_ms: Option<u64>,
    /// Whether its TLS check accepted the certificate (Globalping only).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub tls_authorized: Option<bool>,
    /// SHA-256 fingerprint of the certificate it saw, `AA:BB:..` (Globalping only).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub tls_fingerprint: Option<String>,
}

impl VantagePoint {
    /// True when this point loaded the site (any HTTP answer below 500).
    pub fn loaded(&self) -> bool {
        self.status_code.is_some_and(|c| c < 500)
    }
}

/// A network interface that is up, as `environment.interfaces` saw it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct NetInterface {
    /// The OS's name, e.g. `eth0`, `en0`, `wg0`.
    pub name: String,
    /// Wired, Wi-Fi, tunnel, ...
    pub kind: InterfaceKind,
    /// Its addresses with prefix length, e.g. `198.51.100.7/24`.
    pub addresses: Vec<String>,
    /// Largest packet it sends, in bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub mtu: Option<u32>,
}

/// Where traffic for the internet leaves this computer, per address family (`environment.route`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct Route {
    /// IPv4 or IPv6.
    pub family: IpFamily,
    /// The interface the route uses.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub interface: Option<String>,
    /// The next hop (router), when the route has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub gateway: Option<String>,
    /// The address this computer sends from on that route.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub source: Option<String>,
    /// The interface is a tunnel (VPN-like).
    pub tunnel: bool,
}

/// One redirect followed after the first answer (`site.connection`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct Hop {
    /// The URL requested at this hop.
    pub url: String,
    /// The address connected to, as `ip:port`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub address: Option<String>,
    /// HTTP status code received.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub status_code: Option<u16>,
    /// Where it redirected to next, as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub location: Option<String>,
    /// Why this hop failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub error: Option<ErrorClass>,
    /// Wall time of this hop.
    #[ts(type = "number")]
    pub elapsed_ms: u64,
}

/// The evidence of one check. Every field is optional: each probe fills what it knows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct Detail {
    /// The failure class when the status is `fail` (sometimes `warn`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub error: Option<ErrorClass>,
    /// Technical text for the help desk (never shown as the main message).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub message: Option<String>,
    /// The DNS server asked, as `ip:port`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub server: Option<String>,
    /// Addresses a resolver returned.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub answers: Option<Vec<String>>,
    /// The address connected to, as `ip:port`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub address: Option<String>,
    /// The URL requested.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub url: Option<String>,
    /// HTTP status code received.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub status_code: Option<u16>,
    /// Per-phase times.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub phases: Option<Phases>,
    /// Identifying response headers (server, via, cf-ray, x-cache, ...), lower-case names.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub headers: Option<BTreeMap<String, String>>,
    /// What the certificate said.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub tls: Option<TlsInfo>,
    /// The first bytes of the body (lossy UTF-8, bounded).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub body_sample: Option<String>,
    /// How many bytes of the body arrived (reading stops at 32 KiB). A body larger than one
    /// packet shows that full-size packets get through to this computer.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[ts(type = "number")]
    pub body_bytes: Option<u64>,
    /// Who answered: a CDN, load balancer or web server named by its headers or error page.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub served_by: Option<String>,
    /// For a 5xx: the page is the gateway's own, so the server behind it failed (`false`: the
    /// origin's own error page passed through).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub gateway_error: Option<bool>,
    /// Share of small questions that got no answer (`connectivity.loss`), in percent.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub loss_percent: Option<u8>,
    /// The CNAME chain a resolver followed to the addresses, in order (`dns.*`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub cname: Option<Vec<String>>,
    /// A status page the site's own page links to (`site.connection`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub status_link: Option<String>,
    /// What a status page said (`status.*`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub status_page: Option<crate::status::StatusPage>,
    /// What other places on the internet saw (vantage checks).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub vantage: Option<Vec<VantagePoint>>,
    /// An environment variable or setting the evidence came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub variable: Option<String>,
    /// Up network interfaces and their addresses (`environment.interfaces`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub interfaces: Option<Vec<NetInterface>>,
    /// Default routes, IPv4 and IPv6 (`environment.route`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub routes: Option<Vec<Route>>,
    /// DNS servers, as `ip:port` (`environment.dns_servers`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub dns_servers: Option<Vec<String>>,
    /// Redirects followed after the first answer, in order.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub redirects: Option<Vec<Hop>>,
    /// The proxy used, without any password (`site.proxy`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub proxy: Option<String>,
    /// The proxy's own status code: its answer to `CONNECT`, or a 407 it sent itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub proxy_status: Option<u16>,
    /// Each request of a route asked several times (`owner.route`), in order.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub samples: Option<Vec<Sample>>,
}

/// One request of a route asked several times: when, and what came back.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct Sample {
    /// When it was sent, RFC 3339 UTC: what a host's logs are searched by.
    pub at: String,
    /// The HTTP status, when one came.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub status_code: Option<u16>,
    /// How it failed without a status.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub error: Option<ErrorClass>,
    /// The first request id header of the answer (`cf-ray: …`), for the host's support.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub request_id: Option<String>,
    /// Its wall time.
    #[ts(type = "number")]
    pub elapsed_ms: u64,
}

impl Sample {
    /// Failed as a visitor sees it: no answer, or a 5xx.
    pub fn failed(&self) -> bool {
        self.status_code.is_none_or(|c| c >= 500)
    }
}

/// One finding: what was checked, how it came out, the evidence, and how long it took.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct Check {
    /// Which probe: a stable dotted id in the JSON, e.g. `dns.system`, `site.connection`.
    pub id: CheckId,
    /// What this instance of the check was about (a resolver, an address, a URL).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub subject: Option<String>,
    /// How it came out.
    pub status: Status,
    /// Wall time of the check.
    #[ts(type = "number")]
    pub elapsed_ms: u64,
    /// The evidence.
    pub detail: Detail,
}

impl Check {
    /// A check with an empty detail.
    pub fn new(id: CheckId, subject: Option<String>, status: Status, elapsed_ms: u64) -> Self {
        Self { id, subject, status, elapsed_ms, detail: Detail::default() }
    }

    /// A failed check of the given class with a technical message.
    pub fn failed(id: CheckId, subject: Option<String>, error: ErrorClass, message: String, elapsed_ms: u64) -> Self {
        let mut c = Self::new(id, subject, Status::Fail, elapsed_ms);
        c.detail.error = Some(error);
        c.detail.message = Some(message);
        c
    }
}

/// Milliseconds since `start`, saturating.
pub(crate) fn ms_since(start: std::time::Instant) -> u64 {
    u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX)
}
