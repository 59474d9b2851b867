//! Site Doctor's engine: what the user typed → probes run at once → findings → a verdict.
//!
//! Nothing here knows about Tauri, terminals or languages; words a person reads are chosen at the
//! edges. A site that does not load is a [`Check`] with `status: fail`, never an `Err`.

#[macro_use]
mod listed;

mod check_id;
pub mod config;
pub mod diagnosis;
pub mod evidence;
pub mod finding;
#[cfg(any(test, feature = "fuzz"))]
#[doc(hidden)]
pub mod fuzz;
pub mod os_proxy;
pub mod owner;
pub mod plan;
mod probe;
pub mod report;
pub mod rules;
pub mod schema;
pub mod status;
pub mod target;
pub mod text;
pub mod watch;

pub use check_id::{CheckFamily, CheckId, InterfaceKind, IpFamily};
pub use config::{Config, ConfigError, ResolverAddr};
pub use diagnosis::{Confidence, Culprit, Diagnosis, NextStep, ProgressEvent, TargetInfo, Verdict};
pub use evidence::{
    Evidence, HostsEntry, ProxyInUse, RequestId, ResolverAnswer, ServedBy, SiteAnswer, Tally, TlsProblem,
};
pub use finding::{Check, Detail, ErrorClass, Hop, NetInterface, Phases, Route, Sample, Status, TlsInfo, VantagePoint};
pub use os_proxy::{OsProxyInput, OsProxySetting, ProxyServer};
pub use owner::dns::{DnsReading, DnsTargets, ResolverView};
pub use owner::{FailurePattern, OriginComparison, OriginReading, OwnerEvidence, OwnerOptions, RouteHealth};
pub use plan::{Cancelled, DEFAULT_DEADLINE, RunOptions, diagnose};
pub use report::{
    ActionKind, ActionNote, ActionOutcome, Machine, Redaction, ReportFormat, ReportRequest, StepResult, TriedStep,
};
pub use rules::Outcome;
pub use status::{ComponentState, Incident, Provider, ProviderStatus, StatusPage};
pub use target::{BadInput, Target};
pub use tokio_util::sync::CancellationToken;
pub use watch::{NoticeWords, StopReason, WatchEvent};

/// Where internet traffic leaves this computer now, per address family, and whether a tunnel
/// (VPN-like) interface carries it. Blocking (netlink, sysctl or IP Helper calls); the fix room
/// uses it to refuse DNS changes while a VPN decides the route.
pub fn current_routes() -> Vec<Route> {
    probe::netinfo::current_routes()
}

/// The TypeScript declarations of every type the UI receives, in dependency order.
pub fn typescript_bindings() -> String {
    use ts_rs::TS;
    let mut out = String::from(
        "// This file is generated from the Rust types (ts-rs) by `make bindings`; a test fails when it drifts. Do not edit.\n",
    );
    for decl in [
        CheckId::decl(),
        CheckFamily::decl(),
        InterfaceKind::decl(),
        IpFamily::decl(),
        Status::decl(),
        Verdict::decl(),
        Culprit::decl(),
        Confidence::decl(),
        NextStep::decl(),
        ErrorClass::decl(),
        Phases::decl(),
        TlsInfo::decl(),
        NetInterface::decl(),
        Route::decl(),
        Hop::decl(),
        VantagePoint::decl(),
        Sample::decl(),
        Detail::decl(),
        Check::decl(),
        TargetInfo::decl(),
        ServedBy::decl(),
        RequestId::decl(),
        SiteAnswer::decl(),
        ResolverAnswer::decl(),
        HostsEntry::decl(),
        ProxyInUse::decl(),
        TlsProblem::decl(),
        Tally::decl(),
        FailurePattern::decl(),
        RouteHealth::decl(),
        OriginReading::decl(),
        OriginComparison::decl(),
        ResolverView::decl(),
        DnsReading::decl(),
        DnsTargets::decl(),
        OwnerEvidence::decl(),
        Provider::decl(),
        Incident::decl(),
        ComponentState::decl(),
        StatusPage::decl(),
        ProviderStatus::decl(),
        Evidence::decl(),
        Outcome::decl(),
        Diagnosis::decl(),
        ReportFormat::decl(),
        Redaction::decl(),
        StepResult::decl(),
        ActionKind::decl(),
        ActionOutcome::decl(),
        ActionNote::decl(),
        TriedStep::decl(),
        ReportRequest::decl(),
        ProgressEvent::decl(),
        StopReason::decl(),
        WatchEvent::decl(),
        NoticeWords::decl(),
        BadInput::decl(),
    ] {
        out.push_str("export ");
        out.push_str(&decl);
        out.push('\n');
    }
    out
}
