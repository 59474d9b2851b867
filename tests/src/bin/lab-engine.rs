//! `lab-engine <site> <config> <deadline-seconds>`: one diagnosis in this process, for the lab's
//! mid-run fault tests (tests/tests/lab_faults.rs), which run it inside the client namespace and
//! change the network under it. Prints one JSON line: the verdict and culprit, how long it took,
//! and what the engine left behind (descriptors before and after, tokio tasks after, and how long
//! after the run its last descriptor closed).

use std::time::{Duration, Instant};

use site_doctor_engine::{Config, RunOptions, Status, Target, diagnose};
use site_doctor_tests::soak::{Fakes, Snapshot, settle};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, site, config, deadline] = args.as_slice() else {
        eprintln!("usage: lab-engine <site> <config> <deadline-seconds>");
        std::process::exit(2);
    };
    let path = std::path::Path::new(config);
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{config}: {e}"));
    let config = Config::from_toml(&text, path).unwrap_or_else(|e| panic!("{e}"));
    let target = Target::parse(site).unwrap_or_else(|e| panic!("{site}: {e:?}"));
    let deadline = Duration::from_secs(deadline.parse().unwrap_or(10));
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    // No fakes live in this process: every descriptor counts.
    let fakes = Fakes::default();
    let before = Snapshot::take(rt.handle(), &fakes);
    let opts = RunOptions { deadline, ..RunOptions::default() };
    let t = Instant::now();
    let d = rt.block_on(async {
        // Bounded twice: the engine's own deadline, and this one should it ever fail.
        tokio::time::timeout(deadline + Duration::from_secs(5), diagnose(target, &config, opts, |_| {})).await
    });
    let took = t.elapsed();
    // getaddrinfo (`dns.os`) cannot be cancelled: when the resolver dies mid-question, its
    // blocking thread keeps a socket until the OS resolver's own timeout (resolv.conf: 5 s a
    // try, 2 tries by default). So wait up to 15 s, and say how long the release took.
    let ended = Instant::now();
    let after = settle(rt.handle(), &fakes, 0, before.fds, Duration::from_secs(15));
    let released = ended.elapsed();
    let doc = match d {
        Ok(Ok(d)) => serde_json::json!({
            "verdict": d.verdict,
            "culprit": d.culprit,
            "failed": d.checks.iter().filter(|c| c.status == Status::Fail).map(|c| c.id).collect::<Vec<_>>(),
            "took_ms": took.as_millis() as u64,
            "fds_before": before.fds,
            "fds_after": after.fds,
            "tasks_after": after.tasks,
            "released_ms": released.as_millis() as u64,
            "left": if after.fds > before.fds { fakes.engine_fds() } else { Vec::new() },
        }),
        Ok(Err(_)) => serde_json::json!({ "error": "cancelled" }),
        Err(_) => serde_json::json!({ "error": "past the deadline", "took_ms": took.as_millis() as u64 }),
    };
    println!("{doc}");
    drop(rt);
}
