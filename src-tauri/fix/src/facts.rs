//! What the plans need to know about this computer, gathered read-only. The plans are pure
//! functions of these facts, so every OS's plan is tested everywhere.

use serde::{Deserialize, Serialize};

use crate::action::ManagedBy;
use crate::command::{Command, Os, path};
use crate::parse::{nmcli, regquery};
use crate::runner::Runner;

/// One active NetworkManager connection (`nmcli -t -f UUID,DEVICE,FILENAME connection show --active`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NmActive {
    /// The profile's UUID.
    pub uuid: String,
    /// The interface it is active on.
    pub device: String,
    /// The profile's file.
    pub filename: String,
}

/// The facts a plan is a function of.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemFacts {
    /// Running as root (Linux: no elevation needed).
    pub is_root: bool,
    /// systemd-resolved is on the system bus (`org.freedesktop.resolve1` has an owner).
    pub resolved: bool,
    /// nscd runs.
    pub nscd: bool,
    /// dnsmasq runs, with this pid.
    pub dnsmasq_pid: Option<u32>,
    /// NetworkManager runs.
    pub network_manager: bool,
    /// NetworkManager's active connections (empty without it).
    pub nm_active: Vec<NmActive>,
    /// The tunnel interface carrying the internet route, if one does.
    pub tunnel: Option<String>,
    /// Windows: a Group Policy sets the DNS servers.
    pub group_policy_dns: bool,
}

impl SystemFacts {
    /// The NetworkManager connection active on `device`.
    pub fn nm_for(&self, device: &str) -> Option<&NmActive> {
        self.nm_active.iter().find(|c| c.device == device)
    }
}

/// Who manages a NetworkManager profile, from where its file lives: netplan and cloud-init
/// generate theirs under `/run` at boot (a change there is lost), vendors ship read-only ones
/// under `/usr/lib`. Whether an administrator pushes profiles another way is not detectable.
pub fn nm_profile_manager(filename: &str) -> Option<ManagedBy> {
    if filename.starts_with("/run/") || filename.contains("/netplan-") {
        Some(ManagedBy::GeneratedProfile)
    } else if filename.starts_with("/usr/lib/") {
        Some(ManagedBy::VendorProfile)
    } else {
        None
    }
}

/// The registry key whose presence means DNS servers come from Group Policy.
pub const GROUP_POLICY_DNS_KEY: &str = r"HKLM\SOFTWARE\Policies\Microsoft\Windows NT\DNSClient";

/// `reg query` for the Group Policy DNS servers.
pub fn group_policy_query() -> Command {
    Command::new(path::REG, ["query", GROUP_POLICY_DNS_KEY, "/v", "NameServer"])
}

/// `nmcli` for the active connections.
pub fn nm_active_query() -> Command {
    Command::new(path::NMCLI, ["-t", "-f", "UUID,DEVICE,FILENAME", "connection", "show", "--active"])
}

/// The names and pids of the running processes (`sysinfo`; names as the OS reports them).
pub fn processes() -> Vec<(u32, String)> {
    use sysinfo::{ProcessRefreshKind, ProcessesToUpdate, System};
    let mut sys = System::new();
    sys.refresh_processes_specifics(ProcessesToUpdate::All, true, ProcessRefreshKind::nothing());
    sys.processes().iter().map(|(pid, p)| (pid.as_u32(), p.name().to_string_lossy().into_owned())).collect()
}

/// Whether this process runs as root, from `/proc/self/status` (no `unsafe` getuid).
fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status").ok().is_some_and(|s| {
        s.lines().find_map(|l| l.strip_prefix("Uid:")).and_then(|l| l.split_whitespace().nth(1)) == Some("0")
    })
}

/// Gathers the facts now: processes, routes, systemd-resolved on the system bus, and (where the
/// tools run) NetworkManager's connections or the Group Policy key. Read-only.
pub fn gather(os: Os, runner: &dyn Runner) -> SystemFacts {
    let procs = processes();
    let runs = |name: &str| procs.iter().find(|(_, n)| n == name).map(|(pid, _)| *pid);
    let mut f = SystemFacts {
        tunnel: site_doctor_engine::current_routes().into_iter().find(|r| r.tunnel).and_then(|r| r.interface),
        ..SystemFacts::default()
    };
    match os {
        Os::Linux => {
            f.is_root = is_root();
            // On the bus rather than in the process list: the bus is what the fix talks to, and
            // a test can stand a fake resolved on a bus of its own.
            f.resolved = crate::resolved::on_bus();
            f.nscd = runs("nscd").is_some();
            f.dnsmasq_pid = runs("dnsmasq");
            f.network_manager = runs("NetworkManager").is_some();
            if f.network_manager {
                let out = runner.run(&nm_active_query());
                if out.exit_code == Some(0) {
                    f.nm_active = nmcli::parse_active(&out.stdout);
                }
            }
        }
        Os::Windows => {
            let out = runner.run(&group_policy_query());
            f.group_policy_dns = out.exit_code == Some(0)
                && regquery::value(&regquery::parse(&out.stdout), "NameServer").is_some_and(|v| !v.data.is_empty());
        }
        Os::Macos => {}
    }
    f
}

/// `networksetup -listnetworkserviceorder`, to name the service of a device on macOS.
pub fn service_order_query() -> Command {
    Command::new(path::NETWORKSETUP, ["-listnetworkserviceorder"])
}

/// `netsh` for the IPv4 routes (the default route's interface index).
pub fn windows_route_query() -> Command {
    Command::new(path::NETSH, ["interface", "ipv4", "show", "route"])
}

/// `netsh` for the IPv4 interfaces (index to interface alias).
pub fn windows_interfaces_query() -> Command {
    Command::new(path::NETSH, ["interface", "ipv4", "show", "interfaces"])
}

/// The adapter carrying the internet route, as the OS's tool names it: the interface on Linux,
/// its network service on macOS, its interface alias on Windows (netsh's own route table and
/// interface list, so the name is the one netsh takes back). `None` when there is no route or
/// the name is not acceptable.
pub fn default_adapter(os: Os, runner: &dyn Runner) -> Option<crate::AdapterId> {
    let stdout = |cmd: &Command| {
        let out = runner.run(cmd);
        (out.exit_code == Some(0)).then_some(out.stdout)
    };
    let device = || site_doctor_engine::current_routes().iter().find_map(|r| r.interface.clone());
    let name = match os {
        Os::Linux => device()?,
        Os::Macos => {
            let device = device()?;
            let order = crate::parse::networksetup::service_order(&stdout(&service_order_query())?);
            order.into_iter().find(|(_, d)| *d == device)?.0
        }
        Os::Windows => {
            let idx = crate::parse::netsh::default_route_index(&stdout(&windows_route_query())?)?;
            crate::parse::netsh::interface_alias(&stdout(&windows_interfaces_query())?, idx)?
        }
    };
    crate::AdapterId::new(name).ok()
}
