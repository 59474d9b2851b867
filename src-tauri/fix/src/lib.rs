//! Site Doctor's fix room: the few changes it may make for the user (empty the DNS cache, switch
//! to a public DNS service and back) and the read-only detection behind the help texts (default
//! browser, OS proxy, VPN). Shared by the CLI and the window; no Tauri inside.
//!
//! Every [`Action`] maps in Rust to fixed argv with absolute program paths ([`plan`]); nothing
//! runs through a shell and no command text comes from outside. Plans are pure functions of
//! [`SystemFacts`], so every OS's plan is tested on every OS.

pub mod action;
pub mod command;
pub mod context;
pub mod detect;
pub mod execute;
pub mod facts;
pub mod parse;
pub mod plan;
pub mod resolved;
pub mod runner;
pub mod snapshot;

pub use action::{
    Action, ActionResult, AdapterId, BadAdapter, Elevation, FailCode, ManagedBy, NothingToDo, Outcome, Ran,
    RefuseReason, ResolverPreset,
};
pub use command::{Command, Os, Step};
pub use context::FixContext;
pub use detect::Detection;
pub use execute::Fixer;
pub use facts::SystemFacts;
pub use runner::{Runner, SystemRunner};
pub use snapshot::{DnsSnapshot, SnapshotStore};

/// Carries out `action` on this computer for real: gathers the facts, runs the plan, keeps the
/// undo snapshot in `store`.
pub fn run(action: Action, store: SnapshotStore) -> ActionResult {
    let os = Os::current();
    let runner = SystemRunner;
    let facts = facts::gather(os, &runner);
    Fixer { os, facts, store, runner: &runner, resolved: &resolved::SystemResolved }.execute(action)
}

/// The window's view of the fix room now (see [`FixContext`]).
pub fn context(store: &SnapshotStore) -> FixContext {
    context::gather(Os::current(), &SystemRunner, store)
}

/// The TypeScript declarations of the types the window will receive, in dependency order.
pub fn typescript_bindings() -> String {
    use detect::{browser, proxy, vpn};
    use ts_rs::TS;
    let mut out = String::new();
    for decl in [
        AdapterId::decl(),
        ResolverPreset::decl(),
        Action::decl(),
        Elevation::decl(),
        Ran::decl(),
        NothingToDo::decl(),
        ManagedBy::decl(),
        RefuseReason::decl(),
        FailCode::decl(),
        Outcome::decl(),
        DnsSnapshot::decl(),
        ActionResult::decl(),
        browser::BrowserKind::decl(),
        browser::DefaultBrowser::decl(),
        proxy::ProxySource::decl(),
        proxy::ProxyMode::decl(),
        proxy::ProxyEndpoint::decl(),
        proxy::OsProxy::decl(),
        vpn::VpnClient::decl(),
        vpn::VpnFact::decl(),
        Detection::decl(),
        Os::decl(),
        context::PresetServers::decl(),
        FixContext::decl(),
    ] {
        out.push_str("export ");
        out.push_str(&decl);
        out.push('\n');
    }
    out
}
