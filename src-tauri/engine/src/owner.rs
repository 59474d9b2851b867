//! The owner's mode ("I run this site", `check --paths … --origin …`): which routes fail and how
//! often, and whether the origin answers when asked directly. It runs beside the diagnosis under
//! the same deadline and cancel token; its findings are added to the diagnosis and never change
//! the verdict, which stays what a visitor's computer can show.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::config::Config;
use crate::diagnosis::{Diagnosis, ProgressEvent};
use crate::evidence::RequestId;
use crate::finding::{ErrorClass, Sample};
use crate::plan::{Cancelled, RunOptions};
use crate::target::Target;

/// Most requests per route: enough to see a pattern, few enough to be no load at all.
pub const MAX_SAMPLES: u32 = 20;
/// Most routes per run.
pub const MAX_PATHS: usize = 8;

/// What the owner asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerOptions {
    /// Routes to ask, each starting with `/`; empty: the target's own path.
    pub paths: Vec<String>,
    /// Requests per route, spread over [`OwnerOptions::spread`] (1 to [`MAX_SAMPLES`]).
    pub samples: u32,
    /// How long the requests of one route are spread over.
    pub spread: Duration,
    /// The origin to ask directly, with the site's Host and SNI.
    pub origin: Option<Origin>,
}

impl Default for OwnerOptions {
    fn default() -> Self {
        Self { paths: Vec::new(), samples: 6, spread: Duration::from_secs(3), origin: None }
    }
}

/// The origin server's address, and whether it is spoken to over TLS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    /// Where it listens.
    pub addr: SocketAddr,
    /// HTTPS (with the site's name as SNI) or plain HTTP.
    pub tls: bool,
}

impl Origin {
    /// `ADDR[:PORT]`, or `http://ADDR[:PORT]` / `https://ADDR[:PORT]`. Without a scheme the port
    /// and scheme are the site's, except that ports 80 and 8080 are plain HTTP (where origins
    /// behind a CDN usually listen when not on 443).
    pub fn parse(s: &str, target: &Target) -> Result<Self, String> {
        let (scheme, rest) = match s.split_once("://") {
            Some((sch, rest)) => (Some(sch.to_ascii_lowercase()), rest.trim_end_matches('/')),
            None => (None, s),
        };
        let tls_default = target.is_https();
        let addr = match rest.parse::<SocketAddr>() {
            Ok(a) => a,
            Err(_) => {
                let bare = rest.trim_start_matches('[').trim_end_matches(']');
                let ip: IpAddr = bare.parse().map_err(|_| {
                    format!("`{s}` is not an IP address with an optional port (198.51.100.7, 198.51.100.7:8443, [2001:db8::7]:443)")
                })?;
                let port = match scheme.as_deref() {
                    Some("http") => 80,
                    Some("https") => 443,
                    _ => target.port,
                };
                SocketAddr::new(ip, port)
            }
        };
        let tls = match scheme.as_deref() {
            Some("https") => true,
            Some("http") => false,
            Some(other) => return Err(format!("`{other}://` is not http:// or https://")),
            None => tls_default && !matches!(addr.port(), 80 | 8080),
        };
        Ok(Self { addr, tls })
    }
}

/// What the owner's checks found, for every renderer to read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct OwnerEvidence {
    /// Each route asked, in the order given.
    pub routes: Vec<RouteHealth>,
    /// Some route answered sometimes and failed other times: the site flaps.
    pub intermittent: bool,
    /// Each route asked straight at the origin, beside what the edge answered.
    #[serde(default)]
    pub origin: Vec<OriginComparison>,
    /// The site's records at its authoritative servers beside the resolvers', and the CNAME
    /// chain; absent for an IP address.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub dns: Option<dns::DnsTargets>,
}

/// How one route fared over its requests.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct RouteHealth {
    /// The path and query asked.
    pub path: String,
    /// The address asked (the site's, as this computer finds it), `ip:port`.
    pub address: String,
    /// Requests that got an answer or a failure (not those the deadline cut off).
    pub requests: u32,
    /// Of those, how many failed (no answer, or a 5xx).
    pub failed: u32,
    /// `failed` as a share of `requests`, 0 to 100.
    pub failure_percent: u8,
    /// Some requests failed and some did not.
    pub intermittent: bool,
    /// How the failures were spread.
    pub pattern: FailurePattern,
    /// The answers in order, e.g. `200 502 200 502`; a failure without status by its class.
    pub sequence: String,
    /// When the first failure was seen, RFC 3339 UTC.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub first_failure: Option<String>,
    /// When the last failure was seen, RFC 3339 UTC.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub last_failure: Option<String>,
    /// The request ids of the failed requests, for the host's support.
    #[serde(default)]
    pub request_ids: Vec<RequestId>,
}

/// How failures were spread over a route's requests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FailurePattern {
    /// None failed.
    #[default]
    None,
    /// Every one failed.
    All,
    /// Failed and answered in turn: typically one bad node of two behind a load balancer.
    Alternating,
    /// The failures came together: typically overload, or a worker crashing and restarting.
    Burst,
    /// Failures here and there.
    Scattered,
}

/// One route asked at the origin directly, beside the edge's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct OriginComparison {
    /// The path asked.
    pub path: String,
    /// The origin's address, `ip:port`.
    pub origin: String,
    /// What the origin answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub origin_status: Option<u16>,
    /// How asking the origin failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub origin_error: Option<ErrorClass>,
    /// What the edge (the site's public address) answered: the first failure when any request
    /// failed, else the last answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub edge_status: Option<u16>,
    /// How the edge failed without a status.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub edge_error: Option<ErrorClass>,
    /// What the two answers say together.
    pub reading: OriginReading,
}

/// What the origin's and the edge's answers say together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OriginReading {
    /// The origin answers, the edge fails: the way between them is broken (firewall, TLS mode,
    /// header limits, timeouts).
    EdgeFailsOriginWorks,
    /// Both fail: the server itself (or the app on it) is failing.
    BothFail,
    /// Both answer.
    BothWork,
    /// The origin fails when asked directly while the edge answers (a cached copy, or the
    /// origin refusing visitors that do not come through the edge).
    OriginFailsEdgeWorks,
    /// One side could not be asked (no address, the deadline): nothing to compare.
    Unknown,
}

/// Classifies a route's failures (`true`: failed), in order.
pub fn pattern(failed: &[bool]) -> FailurePattern {
    let n = failed.iter().filter(|f| **f).count();
    if n == 0 {
        return FailurePattern::None;
    }
    if n == failed.len() {
        return FailurePattern::All;
    }
    if failed.len() >= 3 && failed.windows(2).all(|w| w[0] != w[1]) {
        return FailurePattern::Alternating;
    }
    // Runs of failures: one run is a burst.
    let runs = failed.windows(2).filter(|w| !w[0] && w[1]).count() + usize::from(failed[0]);
    if runs == 1 && n >= 2 { FailurePattern::Burst } else { FailurePattern::Scattered }
}

/// A route's health from its samples.
pub(crate) fn route_health(path: &str, address: &str, samples: &[Sample]) -> RouteHealth {
    let failed: Vec<bool> = samples.iter().map(Sample::failed).collect();
    let n_failed = failed.iter().filter(|f| **f).count();
    let requests = u32::try_from(samples.len()).unwrap_or(u32::MAX);
    let fails = u32::try_from(n_failed).unwrap_or(u32::MAX);
    let percent = (fails * 100).checked_div(requests).map_or(0, |p| u8::try_from(p).unwrap_or(100));
    let bad: Vec<&Sample> = samples.iter().filter(|s| s.failed()).collect();
    let mut request_ids: Vec<RequestId> = Vec::new();
    for (h, v) in bad.iter().filter_map(|s| s.request_id.as_deref()).filter_map(|r| r.split_once(": ")) {
        // Each id once: a server that reuses one would otherwise fill the kit with it.
        let id = RequestId { header: h.to_owned(), value: v.to_owned() };
        if !request_ids.contains(&id) {
            request_ids.push(id);
        }
    }
    RouteHealth {
        path: path.to_owned(),
        address: address.to_owned(),
        requests,
        failed: fails,
        failure_percent: percent,
        intermittent: n_failed > 0 && n_failed < samples.len(),
        pattern: pattern(&failed),
        sequence: samples.iter().map(sample_word).collect::<Vec<_>>().join(" "),
        first_failure: bad.first().map(|s| s.at.clone()),
        last_failure: bad.last().map(|s| s.at.clone()),
        request_ids,
    }
}

/// A sample as one word: its status, or its failure's code.
fn sample_word(s: &Sample) -> String {
    match (s.status_code, s.error) {
        (Some(c), _) => c.to_string(),
        (None, Some(e)) => serde_json::to_value(e).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default(),
        (None, None) => "?".into(),
    }
}

/// Compares the origin's answer with the edge's.
pub(crate) fn reading(origin_ok: Option<bool>, edge_ok: Option<bool>) -> OriginReading {
    match (origin_ok, edge_ok) {
        (Some(true), Some(false)) => OriginReading::EdgeFailsOriginWorks,
        (Some(false), Some(false)) => OriginReading::BothFail,
        (Some(true), Some(true)) => OriginReading::BothWork,
        (Some(false), Some(true)) => OriginReading::OriginFailsEdgeWorks,
        _ => OriginReading::Unknown,
    }
}

/// The diagnosis and, beside it under the same deadline, the owner's checks: their findings are
/// streamed as they finish and added to the diagnosis's checks and `evidence.owner`.
pub async fn diagnose<P>(
    target: Target,
    config: &Config,
    opts: RunOptions,
    owner: &OwnerOptions,
    progress: P,
) -> Result<Diagnosis, Cancelled>
where
    P: Fn(ProgressEvent) + Send + Sync,
{
    let started = std::time::Instant::now();
    let deadline = tokio::time::Instant::now() + opts.deadline;
    let cancel = opts.cancel.clone();
    let owned = crate::probe::owner::run(&target, config, owner, deadline, &progress);
    let (diagnosis, owned) = tokio::join!(crate::plan::diagnose(target.clone(), config, opts, &progress), async {
        tokio::select! {
            () = cancel.cancelled() => None,
            o = owned => Some(o),
        }
    });
    let mut d = diagnosis?;
    let (checks, evidence) = owned.ok_or(Cancelled)?;
    d.checks.extend(checks);
    d.evidence.owner = Some(evidence);
    // The run's wall time includes the owner's requests, which may outlast the diagnosis.
    d.elapsed_ms = d.elapsed_ms.max(crate::finding::ms_since(started));
    Ok(d)
}

pub mod dns;
#[cfg(test)]
mod tests;
pub mod words;
