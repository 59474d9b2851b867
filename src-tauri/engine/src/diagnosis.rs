//! The diagnosis document of `docs/json.md` (schema 1) and the progress events.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::check_id::CheckId;
use crate::evidence::Evidence;
use crate::finding::Check;
use crate::rules::Outcome;

listed! {
/// The answer to "is it down for everyone or just me?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The site loads.
    Up,
    /// The site loads, badly.
    Degraded,
    /// The site works, the problem is on the user's side.
    JustYou,
    /// The site is down for everyone.
    DownForEveryone,
    /// The evidence does not decide it.
    Inconclusive,
}
}

listed! {
/// What is to blame. See the contract for each meaning.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Culprit {
    None,
    Origin,
    SiteUnreachable,
    SiteTls,
    SiteDns,
    CdnEdge,
    NoNetwork,
    CaptivePortal,
    DnsResolver,
    DnsHijack,
    DnsBlocked,
    DnsStale,
    HostsFile,
    Proxy,
    Vpn,
    Firewall,
    NetworkPath,
    PathMtu,
    TlsInterception,
    ClockSkew,
    PacketLoss,
    SlowNetwork,
    Ipv6,
}
}

/// How sure the verdict is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Independent evidence agrees.
    Confirmed,
    /// Local evidence alone points this way.
    Likely,
    /// Evidence conflicts.
    Unsure,
}

listed! {
/// What the user can do next, most useful first.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NextStep {
    WaitAndRetry,
    RefreshPage,
    ClearBrowserCache,
    FlushDns,
    UseAlternateResolver,
    DisableVpn,
    DisableProxy,
    SignInToNetwork,
    CheckConnection,
    RestartRouter,
    TryOtherNetwork,
    ContactIsp,
    ContactSiteOwner,
    WatchUntilBack,
    SetClockAutomatically,
    RemoveHostsEntry,
    AskNetworkAdmin,
}
}

/// The normalized target as the diagnosis reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct TargetInfo {
    /// Exactly what the user typed.
    pub input: String,
    /// The normalized URL (userinfo removed).
    pub url: String,
    /// Host name in ASCII (punycode) or an IP literal without brackets.
    pub host: String,
    /// The port connected to.
    pub port: u16,
}

/// The whole diagnosis: `schema`, target, verdict and the evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct Diagnosis {
    /// Version of this document's shape; bumped on any rename or removal.
    pub schema: u32,
    /// What was checked.
    pub target: TargetInfo,
    /// Down for everyone, just you, ...
    pub verdict: Verdict,
    /// What is to blame.
    pub culprit: Culprit,
    /// How sure.
    pub confidence: Confidence,
    /// One English sentence; the UI chooses its own words by `verdict`/`culprit`.
    pub summary: String,
    /// Ordered steps for the user.
    pub next_steps: Vec<NextStep>,
    /// What decided the verdict (added in schema 1; every renderer reads it from here).
    pub evidence: Evidence,
    /// Every finding, in the order they finished.
    pub checks: Vec<Check>,
    /// Wall time of the whole run.
    #[ts(type = "number")]
    pub elapsed_ms: u64,
    /// Start of the run, RFC 3339 UTC.
    pub started_at: String,
}

/// The schema number this engine writes.
pub const SCHEMA: u32 = 1;

/// Streamed while a run goes on, so a UI can tick checks off.
// Each event is built once and sent once: boxing the larger variant would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProgressEvent {
    /// A check began.
    Started {
        /// The check's id.
        id: CheckId,
        /// Which instance (resolver, address, URL).
        #[serde(skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        subject: Option<String>,
    },
    /// A check ended with this finding.
    Finished {
        /// The finding.
        check: Check,
    },
    /// The answer so far, sent once this computer's own checks still running can no longer
    /// change its verdict and culprit: a window may show it as "probably …" while the places
    /// elsewhere answer. They firm it up or change it; the final [`Diagnosis`] comes as
    /// before.
    Provisional {
        /// The verdict-and-culprit pair that holds.
        outcome: Outcome,
        /// How sure it is so far.
        confidence: Confidence,
        /// One English sentence, as the diagnosis's `summary`.
        summary: String,
    },
}
