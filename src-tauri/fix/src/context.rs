//! What the window needs before it offers a fix: the system, what was detected, the adapter a
//! resolver switch would change, and a switch still waiting to be undone (kept across restarts).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use std::net::IpAddr;

use crate::action::{AdapterId, ResolverPreset};
use crate::command::Os;
use crate::detect::Detection;
use crate::runner::Runner;
use crate::snapshot::{DnsSnapshot, SnapshotStore};

/// The fix room as the window sees it now. Read-only to gather.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FixContext {
    /// The operating system the actions are planned for.
    pub os: Os,
    /// Default browser, OS proxy and VPN, each absent when it could not be read.
    pub detection: Detection,
    /// The adapter carrying the internet route, as the OS's tool names it; absent when it cannot
    /// be told (then the window shows the written steps only).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub adapter: Option<AdapterId>,
    /// The settings saved before a resolver switch that was not undone yet.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub pending_undo: Option<DnsSnapshot>,
    /// The public DNS services a switch may choose, with their addresses (the window shows
    /// them; it never sends an address back).
    pub presets: Vec<PresetServers>,
}

/// One public DNS service and its two addresses, primary first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PresetServers {
    /// Which service.
    pub preset: ResolverPreset,
    /// Its addresses.
    #[ts(type = "string[]")]
    pub servers: Vec<IpAddr>,
}

/// Gathers the context now. An unreadable undo file counts as "nothing pending" here; the undo
/// action itself reports the file's problem when the user asks for it.
pub fn gather(os: Os, runner: &dyn Runner, store: &SnapshotStore) -> FixContext {
    FixContext {
        os,
        detection: crate::detect::detect(os, runner),
        adapter: crate::facts::default_adapter(os, runner),
        pending_undo: store.load().ok().flatten(),
        presets: ResolverPreset::ALL
            .into_iter()
            .map(|preset| PresetServers { preset, servers: preset.servers().to_vec() })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::DnsSnapshot;

    #[test]
    fn a_saved_switch_is_pending_and_an_unreadable_file_is_not() {
        let dir = std::env::temp_dir().join(format!("sd-context-{}", std::process::id()));
        let store = SnapshotStore::at(dir.join("dns-undo.json"));
        let runner = crate::runner::SystemRunner;
        assert_eq!(gather(Os::current(), &runner, &store).pending_undo, None);
        let snap = DnsSnapshot::Resolved { ifname: "eth0".into(), servers: vec![] };
        store.save(&snap).expect("save");
        assert_eq!(gather(Os::current(), &runner, &store).pending_undo, Some(snap));
        std::fs::write(store.path(), "{not json").expect("write");
        assert_eq!(gather(Os::current(), &runner, &store).pending_undo, None);
        let _ = std::fs::remove_dir_all(dir);
    }
}
