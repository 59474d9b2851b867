//! `resolvectl dns <ifname>`.

use std::net::IpAddr;

/// The link's DNS servers from `Link 2 (eth0): 192.0.2.1 2001:db8::1`; empty when none are set.
/// `None` when the line is missing or a server carries a port or a name (`1.1.1.1#one.one.one.one`),
/// which could not be put back exactly with `resolvectl dns`.
pub fn link_dns(stdout: &str, ifname: &str) -> Option<Vec<IpAddr>> {
    let tag = format!("({ifname}):");
    let line = stdout.lines().find(|l| l.trim_start().starts_with("Link ") && l.contains(&tag))?;
    let (_, servers) = line.split_once(&tag)?;
    super::ips(servers)
}
