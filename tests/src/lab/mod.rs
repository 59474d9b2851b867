//! The scenario lab: real networks in Linux network namespaces, built from
//! `tests/scenarios/*.toml`, where the real `site-doctor` binary diagnoses a site the way a user's
//! computer would: through its own resolv.conf, routes, firewall, VPN interface and proxy setting.
//!
//! Safety rules the code enforces: addresses only from 198.51.100.0/24, 203.0.113.0/24 and
//! 2001:db8::/32 ([`addr::is_lab_address`]); no link to the host's interfaces or the root
//! namespace (veth pairs are created directly inside lab namespaces); no NAT towards anything
//! outside (the only NAT is a home router's, between two lab namespaces); everything is torn
//! down by `Drop`, and leftovers of a crashed run are removed by name prefix at the next start.

pub mod addr;
pub mod certs;
pub mod matrix;
pub mod netns;
pub mod proc;
pub mod run;
pub mod scenario;
pub mod server;
pub mod topology;

/// Whether this process runs as root (namespaces need it).
pub fn is_root() -> bool {
    // The effective uid is the second field of `Uid:` in /proc/self/status.
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("Uid:")).map(|l| l.split_whitespace().nth(2) == Some("0")))
        .unwrap_or(false)
}

/// What the lab needs and this machine lacks, in words (empty: nothing is missing).
pub fn missing_tools() -> Vec<&'static str> {
    let mut out = Vec::new();
    if !netns::available("ip") {
        out.push("`ip` (iproute2)");
    }
    if !netns::available("iptables") || !netns::available("ip6tables") {
        out.push("`iptables` (apt-get install iptables)");
    }
    if faketime_lib().is_none() {
        out.push("libfaketime (apt-get install faketime)");
    }
    out
}

/// libfaketime, which fakes the clock of the one process it is preloaded into (Debian's
/// `faketime` package puts it under the multiarch directory).
pub fn faketime_lib() -> Option<std::path::PathBuf> {
    let direct = std::path::Path::new("/usr/lib/faketime/libfaketime.so.1");
    let multiarch = std::fs::read_dir("/usr/lib").ok()?.flatten().map(|e| e.path().join("faketime/libfaketime.so.1"));
    std::iter::once(direct.to_path_buf()).chain(multiarch).find(|p| p.is_file())
}
