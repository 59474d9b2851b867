//! A writer killed at a random moment (SIGKILL: no destructors, no flush) leaves a history that
//! loads, with the state before or after its last write, and nothing set aside as corrupt.
//!
//! The parent re-runs this test binary as the writer (`CHILD_ENV` set), which appends in a tight
//! loop until it is killed or its own bounds run out.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use site_doctor_history::{FILE_NAME, History, MAX_ENTRIES};

const CHILD_ENV: &str = "SD_HISTORY_KILL_CHILD_DIR";
const ROUNDS: u32 = 20;

/// A run numbered `n`, big enough (some 40 kB) that a write takes a while to land.
fn run(n: u64) -> site_doctor_engine::Diagnosis {
    serde_json::from_value(serde_json::json!({
        "schema": 1,
        "target": { "input": "shop.example.com", "url": "https://shop.example.com/", "host": "shop.example.com", "port": 443 },
        "verdict": "down_for_everyone", "culprit": "origin", "confidence": "likely",
        "summary": "x".repeat(40_000), "next_steps": [], "evidence": {}, "checks": [], "elapsed_ms": n,
        "started_at": format!("2026-11-21T14:00:00.{n:09}Z")
    }))
    .expect("diagnosis")
}

/// The writer: continues numbering after what is there, appends until killed (or 20 s / 100 000
/// writes, so an orphan cannot run forever).
#[test]
fn child_writes_until_killed() {
    let Some(dir) = std::env::var_os(CHILD_ENV) else { return };
    let h = History::at(PathBuf::from(dir).join(FILE_NAME));
    let first = h.list().expect("child reads").entries.first().map_or(0, |e| elapsed(&h, &e.id) + 1);
    let start = Instant::now();
    for n in first..first + 100_000 {
        if start.elapsed() > Duration::from_secs(20) {
            break;
        }
        h.append(run(n), vec![]).expect("child appends");
    }
}

fn elapsed(h: &History, id: &str) -> u64 {
    h.get(id).expect("get").expect("entry").diagnosis.elapsed_ms
}

/// A small random number without a dependency: the clock's nanoseconds, scrambled.
fn random_below(n: u64, salt: u64) -> u64 {
    let t = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
    let mut x = t ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x % n
}

/// The numbers of the kept runs, newest first: a history is consistent when they count down by
/// one with no gap (each write added exactly the next run, the oldest fell off the end).
fn numbers(dir: &Path) -> Vec<u64> {
    let h = History::at(dir.join(FILE_NAME));
    let list = h.list().expect("the history loads after a kill");
    assert!(list.set_aside.is_none(), "a kill mid-write made the file unreadable: {:?}", list.set_aside);
    list.entries.iter().map(|e| elapsed(&h, &e.id)).collect()
}

#[test]
fn a_writer_killed_mid_write_leaves_a_readable_history() {
    let dir = std::env::temp_dir().join(format!("sd-history-kill-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let exe = std::env::current_exe().expect("test binary");
    let mut last = 0usize;
    for round in 0..ROUNDS {
        let before = numbers(&dir);
        let mut child = Command::new(&exe)
            .args(["child_writes_until_killed", "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, &dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn writer");
        // Let it get going (its first write changes the file), then kill at a random moment.
        let t = Instant::now();
        while numbers_unchanged(&dir, &before) && t.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(2));
        }
        std::thread::sleep(Duration::from_millis(random_below(40, u64::from(round))));
        child.kill().expect("SIGKILL the writer");
        let _ = child.wait();
        let after = numbers(&dir);
        assert!(!after.is_empty(), "round {round}: nothing was written");
        assert!(after.len() <= MAX_ENTRIES);
        assert!(after.windows(2).all(|w| w[0] == w[1] + 1), "round {round}: a gap or a torn write: {after:?}");
        if let Some(&newest_before) = before.first() {
            assert!(after[0] > newest_before, "round {round}: a kill undid earlier writes");
        }
        eprintln!("round {round}: killed after {} writes, {} kept", after[0] + 1 - last as u64, after.len());
        last = after[0] as usize + 1;
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn numbers_unchanged(dir: &Path, before: &[u64]) -> bool {
    let h = History::at(dir.join(FILE_NAME));
    let newest = h.list().ok().and_then(|l| l.entries.first().map(|e| e.id.clone()));
    match (newest, before.first()) {
        (None, _) => true,
        (Some(id), Some(&n)) => h.get(&id).ok().flatten().is_some_and(|e| e.diagnosis.elapsed_ms == n),
        (Some(_), None) => false,
    }
}
