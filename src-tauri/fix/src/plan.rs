//! The plans: for each action and OS, exactly which programs run with which arguments. Pure
//! functions of [`SystemFacts`], so the Windows and macOS plans are tested on Linux too.

use std::net::IpAddr;

use crate::action::{AdapterId, Elevation, ManagedBy, RefuseReason, ResolverPreset};
use crate::command::{Command, MACOS_FLUSH_SCRIPT, Os, Step, macos_admin, path};
use crate::facts::{SystemFacts, nm_profile_manager};
use crate::parse::{netsh, networksetup, nmcli, resolvectl};
use crate::resolved::ResolvedCall;
use crate::snapshot::DnsSnapshot;

/// Linux commands that need root go through pkexec unless we already are root.
fn linux_elevation(facts: &SystemFacts) -> Elevation {
    if facts.is_root { Elevation::None } else { Elevation::Pkexec }
}

/// How to empty the DNS cache. Empty when the system keeps none (Linux without
/// systemd-resolved, nscd or dnsmasq): that is "nothing to do", not a failure.
pub fn flush_plan(os: Os, facts: &SystemFacts) -> Vec<Step> {
    match os {
        // No administrator rights needed for this one.
        Os::Windows => vec![Step::Run(Command::new(path::IPCONFIG, ["/flushdns"]))],
        // Both need root; one script so the user sees one password prompt.
        Os::Macos => vec![Step::Run(macos_admin(MACOS_FLUSH_SCRIPT))],
        Os::Linux => {
            let elevate = linux_elevation(facts);
            let mut steps = Vec::new();
            if facts.resolved {
                let fallback = Command::new(path::RESOLVECTL, ["flush-caches"]).elevated(elevate);
                steps.push(Step::Resolved { call: ResolvedCall::FlushCaches, fallback });
            }
            if facts.nscd {
                steps.push(Step::Run(Command::new(path::NSCD, ["-i", "hosts"]).elevated(elevate)));
            }
            if let Some(pid) = facts.dnsmasq_pid {
                // dnsmasq empties its cache on SIGHUP.
                let args = ["-HUP".to_owned(), pid.to_string()];
                steps.push(Step::Run(Command::new(path::KILL, args).elevated(elevate)));
            }
            steps
        }
    }
}

/// The tool that holds an adapter's DNS servers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Manager {
    /// Windows `netsh`, by interface alias.
    Netsh(String),
    /// macOS `networksetup`, by network service.
    Networksetup(String),
    /// NetworkManager: the active profile's UUID and its device.
    NetworkManager {
        /// The profile.
        uuid: String,
        /// The interface.
        device: String,
    },
    /// systemd-resolved, by interface.
    Resolved(String),
}

/// Which tool to ask for `adapter`, or why the switch is refused. A VPN carrying the route is
/// refused first: its DNS settings win over the adapter's, and changing them can break it.
pub fn manager(os: Os, facts: &SystemFacts, adapter: &AdapterId) -> Result<Manager, RefuseReason> {
    if let Some(interface) = &facts.tunnel {
        return Err(RefuseReason::VpnActive { interface: interface.clone() });
    }
    let name = adapter.as_str().to_owned();
    match os {
        Os::Windows if facts.group_policy_dns => Err(RefuseReason::DnsManaged { by: ManagedBy::GroupPolicy }),
        Os::Windows => Ok(Manager::Netsh(name)),
        // Configuration profiles (MDM) can pin DNS too; reading them needs root, so not checked.
        Os::Macos => Ok(Manager::Networksetup(name)),
        Os::Linux => match facts.nm_for(&name) {
            Some(c) => match nm_profile_manager(&c.filename) {
                Some(by) => Err(RefuseReason::DnsManaged { by }),
                None => Ok(Manager::NetworkManager { uuid: c.uuid.clone(), device: name }),
            },
            // NetworkManager runs but not on this device: resolved may still hold it.
            None if facts.resolved => Ok(Manager::Resolved(name)),
            None if facts.network_manager => Err(RefuseReason::UnknownAdapter),
            None => Err(RefuseReason::NoDnsManager),
        },
    }
}

/// The read-only command whose output is the snapshot. For systemd-resolved the snapshot is read
/// over D-Bus first (the link's `DNS` property); this `resolvectl dns` is the fallback.
pub fn snapshot_plan(m: &Manager) -> Command {
    match m {
        Manager::Netsh(a) => Command::new(path::NETSH, ["interface", "ip", "show", "dns", &format!("name={a}")]),
        Manager::Networksetup(s) => Command::new(path::NETWORKSETUP, ["-getdnsservers", s]),
        Manager::NetworkManager { uuid, .. } => Command::new(
            path::NMCLI,
            ["-t", "-f", "ipv4.dns,ipv4.ignore-auto-dns", "connection", "show", uuid.as_str()],
        ),
        Manager::Resolved(i) => Command::new(path::RESOLVECTL, ["dns", i]),
    }
}

/// The snapshot from [`snapshot_plan`]'s output, or `None` when it is not recognised.
pub fn parse_snapshot(m: &Manager, stdout: &str) -> Option<DnsSnapshot> {
    Some(match m {
        Manager::Netsh(a) => {
            let d = netsh::show_dns(stdout)?;
            DnsSnapshot::Netsh { adapter: a.clone(), dhcp: d.dhcp, servers: if d.dhcp { vec![] } else { d.servers } }
        }
        Manager::Networksetup(s) => {
            DnsSnapshot::Networksetup { service: s.clone(), servers: networksetup::dns_servers(stdout)? }
        }
        Manager::NetworkManager { uuid, device } => {
            let d = nmcli::connection_dns(stdout)?;
            DnsSnapshot::NetworkManager {
                uuid: uuid.clone(),
                device: device.clone(),
                servers: d.servers,
                ignore_auto_dns: d.ignore_auto_dns,
            }
        }
        Manager::Resolved(i) => DnsSnapshot::Resolved { ifname: i.clone(), servers: resolvectl::link_dns(stdout, i)? },
    })
}

fn strings(ips: &[IpAddr]) -> Vec<String> {
    ips.iter().map(ToString::to_string).collect()
}

/// `netsh` for a static list: `set` the first, `add` the rest with their index.
fn netsh_static(adapter: &str, servers: &[IpAddr]) -> Vec<Command> {
    let name = format!("name={adapter}");
    let mut out = Vec::new();
    for (i, ip) in servers.iter().enumerate() {
        let ip = ip.to_string();
        out.push(if i == 0 {
            Command::new(path::NETSH, ["interface", "ip", "set", "dns", &name, "static", &ip])
        } else {
            let index = format!("index={}", i + 1);
            Command::new(path::NETSH, ["interface", "ip", "add", "dns", &name, &ip, &index])
        });
    }
    out
}

/// NetworkManager: change the profile, then re-activate it so the change takes effect.
fn nmcli_set(uuid: &str, servers: &[IpAddr], ignore_auto_dns: bool) -> Vec<Command> {
    let dns = strings(servers).join(" ");
    let ignore = if ignore_auto_dns { "yes" } else { "no" };
    vec![
        Command::new(path::NMCLI, ["connection", "modify", uuid, "ipv4.dns", &dns, "ipv4.ignore-auto-dns", ignore]),
        Command::new(path::NMCLI, ["connection", "up", uuid]),
    ]
}

/// The steps that switch to `preset`.
pub fn switch_plan(m: &Manager, preset: ResolverPreset, facts: &SystemFacts) -> Vec<Step> {
    let servers = preset.servers();
    let run = |cmds: Vec<Command>| cmds.into_iter().map(Step::Run).collect();
    match m {
        Manager::Netsh(a) => run(netsh_static(a, &servers)),
        Manager::Networksetup(s) => {
            // Run as the user: networksetup asks for authorization itself, and the service name
            // must never go into an administrator script.
            let args = std::iter::once("-setdnsservers".to_owned()).chain([s.clone()]).chain(strings(&servers));
            run(vec![Command::new(path::NETWORKSETUP, args)])
        }
        Manager::NetworkManager { uuid, .. } => run(nmcli_set(uuid, &servers, true)),
        Manager::Resolved(i) => vec![resolved_set(i, &servers, facts)],
    }
}

/// `SetLinkDNS` over D-Bus, `resolvectl dns <if> <servers>` as the fallback.
fn resolved_set(ifname: &str, servers: &[IpAddr], facts: &SystemFacts) -> Step {
    let args = ["dns".to_owned(), ifname.to_owned()].into_iter().chain(strings(servers));
    Step::Resolved {
        call: ResolvedCall::SetLinkDns { ifname: ifname.to_owned(), servers: servers.to_vec() },
        fallback: Command::new(path::RESOLVECTL, args).elevated(linux_elevation(facts)),
    }
}

/// The steps that put `snap` back exactly.
pub fn undo_plan(snap: &DnsSnapshot, facts: &SystemFacts) -> Vec<Step> {
    let cmds = match snap {
        DnsSnapshot::Netsh { adapter, dhcp: true, .. } => {
            vec![Command::new(path::NETSH, ["interface", "ip", "set", "dns", &format!("name={adapter}"), "dhcp"])]
        }
        DnsSnapshot::Netsh { adapter, servers, .. } if servers.is_empty() => {
            let name = format!("name={adapter}");
            vec![Command::new(path::NETSH, ["interface", "ip", "set", "dns", &name, "static", "none"])]
        }
        DnsSnapshot::Netsh { adapter, servers, .. } => netsh_static(adapter, servers),
        DnsSnapshot::Networksetup { service, servers } => {
            // "Empty" is networksetup's word for "no servers set by hand".
            let list = if servers.is_empty() { vec!["Empty".to_owned()] } else { strings(servers) };
            let args = ["-setdnsservers".to_owned(), service.clone()].into_iter().chain(list);
            vec![Command::new(path::NETWORKSETUP, args)]
        }
        DnsSnapshot::NetworkManager { uuid, servers, ignore_auto_dns, .. } => {
            nmcli_set(uuid, servers, *ignore_auto_dns)
        }
        // No servers were set on the link: drop ours so the network's apply again.
        DnsSnapshot::Resolved { ifname, servers } if servers.is_empty() => {
            return vec![Step::Resolved {
                call: ResolvedCall::RevertLink { ifname: ifname.clone() },
                fallback: Command::new(path::RESOLVECTL, ["revert", ifname]).elevated(linux_elevation(facts)),
            }];
        }
        DnsSnapshot::Resolved { ifname, servers } => return vec![resolved_set(ifname, servers, facts)],
    };
    cmds.into_iter().map(Step::Run).collect()
}
