//! What the user can ask the fix room for, and what came of it: typed, with no sentences. The CLI
//! and the window choose the words.

use std::net::{IpAddr, Ipv4Addr};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::snapshot::DnsSnapshot;

/// One fix. The window and the CLI only ever send one of these; each maps to fixed argv in Rust.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Action {
    /// Empty this computer's DNS cache.
    FlushDns,
    /// Use a public DNS service on one network adapter, after saving what was there.
    SwitchResolver {
        /// The adapter to change.
        adapter: AdapterId,
        /// Which public DNS service.
        preset: ResolverPreset,
    },
    /// Put back the DNS servers saved before the last switch.
    UndoResolverSwitch,
}

/// A network adapter as the OS's own tool names it: the interface alias on Windows ("Wi-Fi"), the
/// network service on macOS ("Wi-Fi"), the interface name on Linux ("wlp2s0").
///
/// It becomes one argv element, so it is checked on the way in: no control characters, no
/// leading `-` (it would read as an option) and no `=`/`"` (netsh's own syntax).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(try_from = "String", into = "String")]
#[ts(type = "string")]
pub struct AdapterId(String);

/// Why an adapter name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a network adapter name: {0:?}")]
pub struct BadAdapter(pub String);

impl AdapterId {
    /// Longest name accepted (Windows aliases go to 256 characters).
    pub const MAX_LEN: usize = 256;

    /// Checks a name; see the type's documentation for what is refused.
    pub fn new(name: impl Into<String>) -> Result<Self, BadAdapter> {
        let name = name.into();
        let bad = name.trim().is_empty()
            || name.len() > Self::MAX_LEN
            || name.starts_with('-')
            || name.chars().any(|c| c.is_control() || matches!(c, '=' | '"' | '\\' | '/'));
        if bad { Err(BadAdapter(name)) } else { Ok(Self(name)) }
    }

    /// The name as the OS tool takes it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for AdapterId {
    type Error = BadAdapter;
    fn try_from(s: String) -> Result<Self, BadAdapter> {
        Self::new(s)
    }
}

impl From<AdapterId> for String {
    fn from(a: AdapterId) -> String {
        a.0
    }
}

/// The public DNS services offered. Only these: the user never types an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ResolverPreset {
    /// Cloudflare: 1.1.1.1, 1.0.0.1.
    Cloudflare,
    /// Google Public DNS: 8.8.8.8, 8.8.4.4.
    Google,
    /// Quad9: 9.9.9.9, 149.112.112.112.
    Quad9,
}

impl ResolverPreset {
    /// Every preset, for menus and usage lines.
    pub const ALL: [ResolverPreset; 3] = [Self::Cloudflare, Self::Google, Self::Quad9];

    /// The two servers, primary first.
    pub const fn servers(self) -> [IpAddr; 2] {
        let (a, b) = match self {
            Self::Cloudflare => (Ipv4Addr::new(1, 1, 1, 1), Ipv4Addr::new(1, 0, 0, 1)),
            Self::Google => (Ipv4Addr::new(8, 8, 8, 8), Ipv4Addr::new(8, 8, 4, 4)),
            Self::Quad9 => (Ipv4Addr::new(9, 9, 9, 9), Ipv4Addr::new(149, 112, 112, 112)),
        };
        [IpAddr::V4(a), IpAddr::V4(b)]
    }

    /// The name used on the command line and in JSON (`cloudflare`).
    pub fn code(self) -> &'static str {
        match self {
            Self::Cloudflare => "cloudflare",
            Self::Google => "google",
            Self::Quad9 => "quad9",
        }
    }

    /// The preset for a command-line name.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// How a command was given administrator rights.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Elevation {
    /// Run as the user.
    #[default]
    None,
    /// Linux: through `pkexec` (polkit asks for the password).
    Pkexec,
    /// macOS: through `osascript … with administrator privileges` (the system asks).
    OsascriptAdmin,
}

/// One program that ran, as it ran.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Ran {
    /// The full argv, elevation wrapper included; for a D-Bus call, `dbus` and the method.
    pub argv: Vec<String>,
    /// Its exit status, when it exited.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub exit_code: Option<i32>,
    /// It was killed at its deadline.
    pub timed_out: bool,
}

/// What came of an action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(rename = "FixOutcome")]
pub enum Outcome {
    /// It was done.
    Done,
    /// There was nothing to do, and that is fine.
    NothingToDo {
        /// Why not.
        why: NothingToDo,
    },
    /// The user dismissed the password prompt. Not an error.
    Cancelled,
    /// Site Doctor or the system would not do it.
    Refused {
        /// Why.
        reason: RefuseReason,
    },
    /// It was tried and did not work.
    Failed {
        /// What went wrong.
        code: FailCode,
    },
}

/// Why there was nothing to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum NothingToDo {
    /// No DNS cache runs on this system (no systemd-resolved, nscd or dnsmasq).
    NoDnsCache,
    /// No resolver switch is waiting to be undone.
    NoSwitchToUndo,
}

/// Why an action was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RefuseReason {
    /// A VPN's tunnel carries the internet route: its DNS settings win, and changing the
    /// adapter's could break the VPN.
    VpnActive {
        /// The tunnel interface.
        interface: String,
    },
    /// The DNS settings are managed (Windows Group Policy, a NetworkManager profile written by
    /// netplan or the vendor): a change would be overwritten or is not the user's to make.
    DnsManaged {
        /// Who manages them.
        by: ManagedBy,
    },
    /// The system said this user may not do it.
    NotAuthorised,
    /// Nothing on this system that Site Doctor knows how to ask manages DNS servers.
    NoDnsManager,
    /// The adapter is not one the system knows.
    UnknownAdapter,
    /// A switch on another adapter waits to be undone first.
    UndoPendingElsewhere {
        /// The adapter that has it.
        adapter: String,
    },
    /// This fix does not exist on this operating system.
    Unsupported,
}

/// Who manages DNS settings that Site Doctor leaves alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ManagedBy {
    /// Windows Group Policy (`HKLM\SOFTWARE\Policies\Microsoft\Windows NT\DNSClient`).
    GroupPolicy,
    /// A NetworkManager profile generated at boot (netplan, cloud-init: under `/run`).
    GeneratedProfile,
    /// A read-only NetworkManager profile shipped by the vendor (under `/usr/lib`).
    VendorProfile,
}

/// Why a tried action failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum FailCode {
    /// A program exited with this status.
    ExitStatus {
        /// The status.
        status: i32,
    },
    /// A program was still running at its deadline and was stopped.
    TimedOut,
    /// A program could not be started (missing, not executable).
    CannotStart,
    /// A program was killed by a signal.
    Killed,
    /// The current DNS settings could not be read, so no switch was made (there would be no way
    /// back).
    SnapshotUnreadable,
    /// The saved settings could not be written or read back.
    SnapshotStore,
    /// The D-Bus call failed for a reason other than permission.
    Dbus,
}

/// The answer to one [`Action`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ActionResult {
    /// What was asked.
    pub action: Action,
    /// What it came to.
    pub outcome: Outcome,
    /// Every program or call that ran, in order.
    pub ran: Vec<Ran>,
    /// The settings saved for undo (a switch) or put back (an undo).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub snapshot: Option<DnsSnapshot>,
}
