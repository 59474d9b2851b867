//! `nmcli -t` (terse) output: `field:value` lines, `:` inside values escaped as `\:`.

use std::net::IpAddr;

use crate::facts::NmActive;

/// Splits one terse line at unescaped colons and unescapes the fields.
pub fn fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.last_mut().into_iter().for_each(|f| f.extend(chars.next())),
            ':' => out.push(String::new()),
            c => out.last_mut().into_iter().for_each(|f| f.push(c)),
        }
    }
    out
}

/// `nmcli -t -f UUID,DEVICE,FILENAME connection show --active`.
pub fn parse_active(stdout: &str) -> Vec<NmActive> {
    stdout
        .lines()
        .filter_map(|l| match fields(l).as_slice() {
            [uuid, device, filename] if !uuid.is_empty() && !device.is_empty() => {
                Some(NmActive { uuid: uuid.clone(), device: device.clone(), filename: filename.clone() })
            }
            _ => None,
        })
        .collect()
}

/// A connection's IPv4 DNS settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NmDns {
    /// `ipv4.dns`, in order.
    pub servers: Vec<IpAddr>,
    /// `ipv4.ignore-auto-dns`.
    pub ignore_auto_dns: bool,
}

/// `nmcli -t -f ipv4.dns,ipv4.ignore-auto-dns connection show <uuid>`; `None` unless both fields
/// are there and readable.
pub fn connection_dns(stdout: &str) -> Option<NmDns> {
    let (mut servers, mut ignore) = (None, None);
    for line in stdout.lines() {
        let Some((key, value)) = line.split_once(':') else { continue };
        let value = fields(value).join(":");
        match key {
            // Older nmcli prints `ipv4.dns[1]:…` lines, newer ones one comma-separated line.
            k if k == "ipv4.dns" || k.starts_with("ipv4.dns[") => {
                servers.get_or_insert_with(Vec::new).extend(super::ips(&value)?);
            }
            "ipv4.ignore-auto-dns" => ignore = Some(value == "yes"),
            _ => {}
        }
    }
    Some(NmDns { servers: servers.unwrap_or_default(), ignore_auto_dns: ignore? })
}
