//! `netsh interface ip show dns name=<adapter>`.

use std::net::IpAddr;

/// One adapter's DNS settings as netsh shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetshDns {
    /// The servers come from DHCP.
    pub dhcp: bool,
    /// The servers listed, in order (DHCP's or the static ones).
    pub servers: Vec<IpAddr>,
}

/// Parses the English output; `None` when neither the DHCP nor the static label is there.
pub fn show_dns(stdout: &str) -> Option<NetshDns> {
    let mut lines = stdout.lines().map(str::trim);
    let (dhcp, first) = loop {
        let line = lines.next()?;
        let Some((label, value)) = line.split_once(':') else { continue };
        let label = label.to_ascii_lowercase();
        if label.contains("dns servers configured through dhcp") {
            break (true, value.trim());
        }
        if label.contains("statically configured dns servers") {
            break (false, value.trim());
        }
    };
    let mut servers = Vec::new();
    if !first.eq_ignore_ascii_case("none") && !first.is_empty() {
        servers.push(first.parse().ok()?);
        // Further servers are alone on the following lines; the next label ends the list.
        for line in lines {
            match line.parse() {
                Ok(ip) => servers.push(ip),
                Err(_) => break,
            }
        }
    }
    Some(NetshDns { dhcp, servers })
}
