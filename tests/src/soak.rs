//! What a long-lived process holds, read from /proc: resident memory, open file descriptors and
//! threads; and what a tokio runtime still runs. The soak and the mid-run fault tests compare
//! these before and after runs to catch a task, socket or buffer left behind.

use std::time::{Duration, Instant};

/// One reading of this process and a runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Snapshot {
    /// Resident set size, in KB (`VmRSS`).
    pub rss_kb: u64,
    /// Open file descriptors (`/proc/self/fd`), less the fakes' own sockets (see [`Fakes`]).
    pub fds: usize,
    /// Tasks alive on the runtime that ran the diagnoses.
    pub tasks: usize,
}

impl Snapshot {
    /// This process now, and the tasks alive on `rt`.
    pub fn take(rt: &tokio::runtime::Handle, fakes: &Fakes) -> Self {
        Self { rss_kb: rss_kb(), fds: fakes.engine_fds().len(), tasks: rt.metrics().num_alive_tasks() }
    }
}

/// The local ports of the fake servers living in this same process. Their end of a connection
/// is theirs to close (a silent fake holds it on purpose), so a socket whose local port is one of
/// these is not counted against the engine; every other descriptor is.
#[derive(Debug, Clone, Default)]
pub struct Fakes(pub Vec<u16>);

impl Fakes {
    /// The engine's descriptors: every open one except the fakes' sockets.
    pub fn engine_fds(&self) -> Vec<String> {
        let ports = socket_ports();
        fd_targets()
            .into_iter()
            .filter(|t| {
                let inode = t.strip_prefix("socket:[").and_then(|s| s.strip_suffix(']'));
                let port = inode.and_then(|i| ports.get(i));
                !port.is_some_and(|p| self.0.contains(p))
            })
            .collect()
    }
}

/// Socket inode → local port, for this process's network namespace (TCP and UDP, v4 and v6).
fn socket_ports() -> std::collections::HashMap<String, u16> {
    let mut out = std::collections::HashMap::new();
    for table in ["tcp", "tcp6", "udp", "udp6"] {
        let text = std::fs::read_to_string(format!("/proc/net/{table}")).unwrap_or_default();
        for line in text.lines().skip(1) {
            let cols: Vec<&str> = line.split_whitespace().collect();
            // local_address is column 1 ("ADDR:PORT" in hex), inode column 9.
            let port = cols.get(1).and_then(|a| a.rsplit(':').next()).and_then(|p| u16::from_str_radix(p, 16).ok());
            if let (Some(port), Some(inode)) = (port, cols.get(9)) {
                out.insert((*inode).to_owned(), port);
            }
        }
    }
    out
}

/// Resident memory of this process in KB; 0 where /proc is missing (not Linux).
pub fn rss_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// What the open descriptors point at (sockets, pipes, files), for a failure message.
pub fn fd_targets() -> Vec<String> {
    let Ok(dir) = std::fs::read_dir("/proc/self/fd") else { return Vec::new() };
    dir.flatten().filter_map(|e| std::fs::read_link(e.path()).ok()).map(|p| p.display().to_string()).collect()
}

/// Waits, at most `limit`, until `rt` has no more than `tasks` tasks and the process no more than
/// `fds` descriptors: a finished run's sockets close and its aborted tasks unwind on their own
/// schedule, within milliseconds. Returns the last reading.
pub fn settle(rt: &tokio::runtime::Handle, fakes: &Fakes, tasks: usize, fds: usize, limit: Duration) -> Snapshot {
    let until = Instant::now() + limit;
    loop {
        let now = Snapshot::take(rt, fakes);
        if (now.tasks <= tasks && now.fds <= fds) || Instant::now() >= until {
            return now;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
