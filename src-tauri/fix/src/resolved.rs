//! systemd-resolved over the system D-Bus: is it there (`NameHasOwner`), a link's DNS servers
//! (the link object's `DNS` property), and the three changes the fix room makes (`FlushCaches`,
//! `SetLinkDNS`, `RevertLink`). The calls are data ([`ResolvedCall`]) and go through the
//! [`ResolvedClient`] trait, so the orchestration is tested with a scripted client; the real
//! client ([`SystemResolved`]) is zbus on a small runtime of its own.
//!
//! Unprivileged callers are asked about by polkit; a "no" ([`DbusCall::Denied`]) sends the caller
//! to the `pkexec resolvectl …` fallback of the same step.
//!
//! The switch is `SetLinkDNS` alone, exactly what `resolvectl dns <link> <servers>` sends. It is
//! not combined with `SetLinkDomains ~.` or `SetLinkDefaultRoute`: resolved already sends every
//! name to a link that has DNS servers and no routing-only domains (its default route is on
//! unless configured off), and the one setup where that is not so (a VPN link with `~.` taking
//! the names) is refused before any change. Leaving the domains alone keeps the undo exact: only
//! the servers change, and only the servers are put back.

use std::net::IpAddr;
use std::time::Duration;

/// systemd-resolved's bus name.
pub const DEST: &str = "org.freedesktop.resolve1";
/// Its manager object.
pub const PATH: &str = "/org/freedesktop/resolve1";
/// The manager interface.
pub const MANAGER: &str = "org.freedesktop.resolve1.Manager";
/// The interface of a link object (`/org/freedesktop/resolve1/link/_3<ifindex>`).
pub const LINK: &str = "org.freedesktop.resolve1.Link";
/// How long one D-Bus exchange (connect included) may take.
pub const DBUS_TIMEOUT: Duration = Duration::from_secs(5);

/// A change asked of systemd-resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolvedCall {
    /// `FlushCaches()`.
    FlushCaches,
    /// `SetLinkDNS(ifindex, servers)`, the servers in order.
    SetLinkDns {
        /// The interface, by name (its index is looked up when the call is made).
        ifname: String,
        /// The servers.
        servers: Vec<IpAddr>,
    },
    /// `RevertLink(ifindex)`: drop every setting made over the bus, so the network's apply.
    RevertLink {
        /// The interface.
        ifname: String,
    },
}

impl ResolvedCall {
    /// The method's name on the manager interface.
    pub fn method(&self) -> &'static str {
        match self {
            Self::FlushCaches => "FlushCaches",
            Self::SetLinkDns { .. } => "SetLinkDNS",
            Self::RevertLink { .. } => "RevertLink",
        }
    }

    /// The record of the call in argv form (`busctl`'s words for it): `dbus`, destination,
    /// object, interface, method, then the interface name and the servers.
    pub fn argv(&self) -> Vec<String> {
        let mut argv: Vec<String> = ["dbus", DEST, PATH, MANAGER, self.method()].map(String::from).to_vec();
        match self {
            Self::FlushCaches => {}
            Self::SetLinkDns { ifname, servers } => {
                argv.push(ifname.clone());
                argv.extend(servers.iter().map(ToString::to_string));
            }
            Self::RevertLink { ifname } => argv.push(ifname.clone()),
        }
        argv
    }
}

/// The record of reading a link's servers, in argv form: the manager's `GetLink` for the
/// interface, then that link object's `DNS` property.
pub fn link_dns_argv(ifname: &str) -> Vec<String> {
    ["dbus", DEST, PATH, MANAGER, "GetLink", ifname, LINK, "DNS"].map(String::from).to_vec()
}

/// How a call went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbusCall {
    /// Done.
    Done,
    /// polkit said no, or wants an interactive password: the fallback asks for it.
    Denied,
    /// No system bus, resolved not on it, no such link, or another error: its name.
    Failed(String),
}

/// What reading a link's servers gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkRead {
    /// The link's servers, in order (empty: none are set on it).
    Servers(Vec<IpAddr>),
    /// There is no interface of that name, or resolved does not know it.
    NoSuchLink,
    /// The bus or resolved failed: the error's name.
    Failed(String),
}

/// Something that talks to systemd-resolved (scripted in tests).
pub trait ResolvedClient {
    /// Makes one change.
    fn call(&self, call: &ResolvedCall) -> DbusCall;
    /// Reads the DNS servers set on the link `ifname`.
    fn link_dns(&self, ifname: &str) -> LinkRead;
}

/// The real systemd-resolved, on the system bus (`DBUS_SYSTEM_BUS_ADDRESS` when set).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemResolved;

/// The `DNS` property's entries: address family (`AF_INET` 2, `AF_INET6` 10) and the bytes.
pub fn from_wire(entries: &[(i32, Vec<u8>)]) -> Option<Vec<IpAddr>> {
    entries
        .iter()
        .map(|(family, bytes)| match (*family, bytes.len()) {
            (2, 4) => <[u8; 4]>::try_from(bytes.as_slice()).ok().map(IpAddr::from),
            (10, 16) => <[u8; 16]>::try_from(bytes.as_slice()).ok().map(IpAddr::from),
            _ => None,
        })
        .collect()
}

/// Servers as `SetLinkDNS` takes them.
pub fn to_wire(servers: &[IpAddr]) -> Vec<(i32, Vec<u8>)> {
    servers
        .iter()
        .map(|ip| match ip {
            IpAddr::V4(a) => (2, a.octets().to_vec()),
            IpAddr::V6(a) => (10, a.octets().to_vec()),
        })
        .collect()
}

/// The kernel's index of interface `ifname` (`/sys/class/net/<ifname>/ifindex`), which is how
/// resolved names links.
pub fn ifindex(ifname: &str) -> Option<i32> {
    // AdapterId already refuses `/`; `.` and `..` would still name a directory above.
    if ifname.is_empty() || ifname == "." || ifname == ".." || ifname.contains('/') {
        return None;
    }
    let text = std::fs::read_to_string(std::path::Path::new("/sys/class/net").join(ifname).join("ifindex")).ok()?;
    text.trim().parse().ok().filter(|i| *i > 0)
}

#[cfg(target_os = "linux")]
#[path = "resolved_bus.rs"]
mod bus;

/// Whether systemd-resolved is on the system bus (its name has an owner), asked within
/// [`DBUS_TIMEOUT`]. False without a system bus.
pub fn on_bus() -> bool {
    #[cfg(target_os = "linux")]
    {
        bus::name_has_owner(DEST)
    }
    #[cfg(not(target_os = "linux"))]
    {
        false
    }
}

impl ResolvedClient for SystemResolved {
    fn call(&self, call: &ResolvedCall) -> DbusCall {
        #[cfg(target_os = "linux")]
        {
            bus::call(call)
        }
        #[cfg(not(target_os = "linux"))]
        {
            let _ = call;
            DbusCall::Failed("not Linux".into())
        }
    }

    fn link_dns(&self, ifname: &str) -> LinkRead {
        #[cfg(target_os = "linux")]
        {
            bus::link_dns(ifname)
        }
        #[cfg(not(target_os = "linux"))]
        {
            let _ = ifname;
            LinkRead::Failed("not Linux".into())
        }
    }
}

/// Calls `FlushCaches` on the real systemd-resolved.
pub fn flush_caches() -> DbusCall {
    SystemResolved.call(&ResolvedCall::FlushCaches)
}
