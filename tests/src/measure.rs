//! Runs the real binary while watching its time and peak memory, for hostile-server tests and
//! `make bench`.

use std::io::Read;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::app;

/// What one measured run gave.
#[derive(Debug)]
pub struct Measured {
    /// The JSON diagnosis it printed.
    pub doc: Value,
    /// Wall time from spawn to exit.
    pub took: Duration,
    /// Peak resident memory (`VmHWM`), in kB; 0 where /proc does not exist.
    pub peak_kb: u64,
}

/// The process's peak resident set so far, in kB; `None` once it has exited.
fn vm_hwm_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs `site-doctor <args>` (which must include `--json`) with `config`, polling the child's
/// `VmHWM` until it exits. The peak is monotonic, so the last reading before exit is the run's
/// peak within one poll interval. The child is killed (and this panics) after `limit`.
pub fn run(config: &Path, args: &[&str], limit: Duration) -> Measured {
    let start = Instant::now();
    let mut child = app::command(config, &[])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", app::binary().display()));
    let pid = child.id();
    let mut stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let mut peak_kb = 0;
    // Bounded by `limit`.
    loop {
        if let Some(kb) = vm_hwm_kb(pid) {
            peak_kb = peak_kb.max(kb);
        }
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if start.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{args:?}: still running after {limit:?}");
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => panic!("{args:?}: {e}"),
        }
    }
    let took = start.elapsed();
    let stdout = reader.join().unwrap_or_default();
    let doc: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}):\n{stdout}"));
    // Elsewhere there is no /proc to read: time and evidence are still measured, memory is not.
    if cfg!(target_os = "linux") {
        assert!(peak_kb > 0, "could not read the child's peak memory from /proc/{pid}/status");
    }
    Measured { doc, took, peak_kb }
}

/// When the answer came, for a run in the human mode (`args` without `--json`).
#[derive(Debug)]
pub struct Answered {
    /// From spawn to the provisional line on stderr ("Probably: …"), if one came.
    pub provisional: Option<Duration>,
    /// From spawn to exit, i.e. to the final answer.
    pub last: Duration,
}

/// Runs `site-doctor <args>` with `config` and notes when the provisional line and the final
/// answer arrive. Bounded: stderr ends when the child exits, which the app does by its deadline.
pub fn answered(config: &Path, args: &[&str]) -> Answered {
    use std::io::{BufRead, BufReader};
    let start = Instant::now();
    let mut child = app::command(config, &[])
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", app::binary().display()));
    let stderr = child.stderr.take().unwrap_or_else(|| panic!("no stderr"));
    let provisional = BufReader::new(stderr)
        .lines()
        .map_while(Result::ok)
        .map(|line| (line.contains("Probably:"), start.elapsed()))
        .filter_map(|(hit, at)| hit.then_some(at))
        .fold(None, |first, at| first.or(Some(at)));
    let _ = child.wait();
    Answered { provisional, last: start.elapsed() }
}
