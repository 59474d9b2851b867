//! `networksetup -getdnsservers <service>`.

use std::net::IpAddr;

/// The servers set by hand on a service; empty when the output says none are set. `None` for
/// anything else (an error such as an unknown service).
pub fn dns_servers(stdout: &str) -> Option<Vec<IpAddr>> {
    let t = stdout.trim();
    if t.starts_with("There aren't any DNS Servers set") {
        return Some(Vec::new());
    }
    if t.is_empty() {
        return None;
    }
    super::ips(t)
}

/// `networksetup -listnetworkserviceorder`: (service, device) pairs, e.g. ("Wi-Fi", "en0").
pub fn service_order(stdout: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut service: Option<String> = None;
    for line in stdout.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix('(') {
            if let Some((num, name)) = rest.split_once(") ")
                && num.trim_start_matches('*').parse::<u32>().is_ok()
            {
                service = Some(name.to_owned());
                continue;
            }
            if let (Some(svc), Some(dev)) = (service.take(), rest.split_once("Device: ")) {
                let dev = dev.1.trim_end_matches(')').trim();
                if !dev.is_empty() {
                    out.push((svc, dev.to_owned()));
                }
            }
        }
    }
    out
}
