//! What decided the verdict, as typed fields of the diagnosis: every renderer (CLI text, report,
//! window) reads these instead of digging them out of the raw checks again.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::check_id::CheckId;
use crate::finding::ErrorClass;

/// The deciding evidence of one diagnosis. Every field is optional: a run fills what it had.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct Evidence {
    /// How the site answered at the address the verdict rests on.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub answer: Option<SiteAnswer>,
    /// The addresses this computer would connect to: the hosts file's, else the system
    /// resolver's, else the IP address typed.
    #[serde(default)]
    pub addresses: Vec<String>,
    /// What each resolver said about the site's name.
    #[serde(default)]
    pub resolvers: Vec<ResolverAnswer>,
    /// Public resolvers (plain IP addresses) that found the site in this run, best first.
    #[serde(default)]
    pub working_resolvers: Vec<String>,
    /// The hosts file's line for the site.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub hosts_file: Option<HostsEntry>,
    /// The tunnel (VPN) interface internet traffic leaves through.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub vpn: Option<String>,
    /// The proxy this computer's settings send web traffic through.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub proxy: Option<ProxyInUse>,
    /// The certificate problem at the user's addresses.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub tls: Option<TlsProblem>,
    /// Share of small questions lost on the way, in percent.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub loss_percent: Option<u8>,
    /// How many other places on the internet loaded the site.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub elsewhere: Option<Tally>,
    /// Nothing beyond this computer's network answered (no default route, or every connectivity
    /// check failed). A note: the verdict may still be "up" when the site is on this network.
    #[serde(default)]
    pub internet_unreachable: bool,
    /// What the status pages of the companies in front of the site say (`status.*` checks), one
    /// per page read. Told beside the verdict, never changing it.
    #[serde(default)]
    pub status: Vec<crate::status::ProviderStatus>,
    /// The owner's checks (`--paths`, `--origin`, "I run this site"), when they were asked for.
    /// They never change the verdict: they say which routes fail, how often, and whether the
    /// origin answers when asked directly.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub owner: Option<crate::owner::OwnerEvidence>,
}

/// The site's answer at one address: the status, or how it failed, and who served it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct SiteAnswer {
    /// The address connected to, as `ip:port`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub address: Option<String>,
    /// The HTTP status the browser would end up with (after redirects).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub status_code: Option<u16>,
    /// How the attempt failed, when it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub error: Option<ErrorClass>,
    /// The CDN, load balancer or web server that answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub served_by: Option<ServedBy>,
    /// For a 5xx: the page is the gateway's own, so the server behind it failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub gateway_error: Option<bool>,
    /// What the server calls itself (its `Server` header), recognised or not.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub server: Option<String>,
    /// Request ids and routing headers a site owner can look up.
    #[serde(default)]
    pub request_ids: Vec<RequestId>,
}

/// Who answered: a name from the fingerprint table, and whether it sits in front of the site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct ServedBy {
    /// E.g. "Cloudflare", "nginx".
    pub name: String,
    /// A CDN, proxy or load balancer in front of the site's own server (not the server itself).
    pub gateway: bool,
}

/// One identifying response header, by its lower-case name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct RequestId {
    /// E.g. `cf-ray`, `x-amz-cf-id`, `via`.
    pub header: String,
    /// Its value as received.
    pub value: String,
}

/// What one resolver said about the site's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct ResolverAnswer {
    /// `dns.system`, `dns.os`, `dns.alternate` or `dns.doh`.
    pub check: CheckId,
    /// Which resolver (server address or DoH URL), when there are several.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub subject: Option<String>,
    /// The addresses it gave.
    pub answers: Vec<String>,
    /// How it failed, when it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub error: Option<ErrorClass>,
}

/// The hosts file's say on the site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct HostsEntry {
    /// Where the file is.
    pub path: String,
    /// The addresses its line gives.
    pub addresses: Vec<String>,
}

/// The proxy in use, without any password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct ProxyInUse {
    /// The setting it comes from, e.g. `HTTPS_PROXY`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub variable: Option<String>,
    /// Where it points.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub url: Option<String>,
}

/// A certificate the browser would refuse, with what it said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct TlsProblem {
    /// Expired, not yet valid, another name, untrusted.
    pub error: ErrorClass,
    /// Issuer of the certificate presented.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub issuer: Option<String>,
    /// Its expiry, RFC 3339.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub not_after: Option<String>,
}

/// Of `total` places asked, `loaded` opened the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct Tally {
    /// Places that loaded it (an HTTP answer below 500).
    pub loaded: u32,
    /// Places that answered at all.
    pub total: u32,
}
