//! `netsh interface ip show dns name=<adapter>`, and the default route's adapter from
//! `netsh interface ipv4 show route` + `show interfaces`. English output.

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

/// `netsh interface ipv4 show route`: the interface index of the default route (`0.0.0.0/0`)
/// with the lowest metric. Columns: Publish, Type, Met, Prefix, Idx, Gateway/Interface Name.
pub fn default_route_index(stdout: &str) -> Option<u32> {
    stdout
        .lines()
        .filter_map(|line| {
            let cols: Vec<&str> = line.split_whitespace().collect();
            let (met, prefix, idx) = (cols.get(2)?, cols.get(3)?, cols.get(4)?);
            (*prefix == "0.0.0.0/0").then_some(())?;
            Some((met.parse::<u32>().ok()?, idx.parse::<u32>().ok()?))
        })
        .min()
        .map(|(_, idx)| idx)
}

/// `netsh interface ipv4 show interfaces`: the name (interface alias) of interface `idx`.
/// Columns: Idx, Met, MTU, State, Name; the name may contain spaces.
pub fn interface_alias(stdout: &str, idx: u32) -> Option<String> {
    stdout.lines().find_map(|line| {
        let mut rest = line.trim_start();
        let mut cols = Vec::new();
        // The first four columns have no spaces; the rest of the line is the name.
        for _ in 0..4 {
            let end = rest.find(char::is_whitespace)?;
            cols.push(&rest[..end]);
            rest = rest[end..].trim_start();
        }
        (cols[0].parse::<u32>().ok()? == idx && !rest.trim().is_empty()).then(|| rest.trim().to_owned())
    })
}
