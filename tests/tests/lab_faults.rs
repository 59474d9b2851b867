//! Faults in the middle of a run, in the scenario lab (network namespaces, root): the user's
//! resolver killed, the client's link taken down and brought back, the default route removed;
//! and servers that go wrong as the run goes on: both vantage stand-ins answering the run's first
//! request and then 429, or 500, or garbage, or nothing (for a site that refuses everyone, so the
//! answer hangs on them), and a site that accepts, completes the TLS handshake, reads the request
//! and resets the connection.
//! The engine runs in process inside the client namespace (`lab-engine`) so that what it leaves
//! behind can be counted; the fault is injected from outside while it runs. Each run must end by
//! its deadline, leave no task or descriptor, and give a verdict the evidence left supports: with
//! a healthy site, never "down for everyone"; with a site that resets everyone, never "up" or
//! "just you".
//! Without root this skips with a message; under CI=true that is a failure.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;
use site_doctor_tests::app;
use site_doctor_tests::lab::addr::link;
use site_doctor_tests::lab::netns::{self, PREFIX};
use site_doctor_tests::lab::run::write_config;
use site_doctor_tests::lab::scenario::{Scenario, ServerMode, VantageMode};
use site_doctor_tests::lab::topology::{Lab, Paths};

/// The run's deadline (the healthy scenario's).
const DEADLINE: u64 = 10;
/// When the fault arrives: while the lookups run, and about halfway (a healthy run here takes
/// 0.2 to 0.4 s).
const WHEN: [Duration; 2] = [Duration::from_millis(40), Duration::from_millis(120)];
/// How long the link stays down in the flap.
const DOWN_FOR: Duration = Duration::from_millis(1500);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    ResolverKilled,
    LinkFlap,
    RouteRemoved,
    /// Both vantage stand-ins answer the run's first request, then go wrong this way.
    Vantage(VantageMode),
    /// The site resets every connection once the TLS handshake is done and the request read.
    ResetAfterTls,
}

fn ready() -> bool {
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false");
    let missing = !site_doctor_tests::lab::is_root() || !site_doctor_tests::lab::missing_tools().is_empty();
    assert!(!(missing && ci), "the lab fault tests need root and the lab's tools; under CI that is a failure");
    if missing {
        println!("lab faults: SKIPPED (needs root and the lab's tools)");
    }
    !missing
}

fn inject(fault: Fault, lab: &mut Lab) {
    let ip = |args: &[&str]| {
        let mut all = vec!["-n", lab.client.as_str()];
        all.extend_from_slice(args);
        netns::run("ip", &all).unwrap_or_else(|e| panic!("ip {args:?}: {e}"));
    };
    match fault {
        // Built into the lab's servers: they go wrong as the run asks them.
        Fault::Vantage(_) | Fault::ResetAfterTls => {}
        Fault::ResolverKilled => assert_eq!(lab.kill("isp-dns"), 1, "no isp-dns server to kill"),
        Fault::RouteRemoved => ip(&["route", "del", "default"]),
        Fault::LinkFlap => {
            ip(&["link", "set", "eth0", "down"]);
            std::thread::sleep(DOWN_FOR);
            ip(&["link", "set", "eth0", "up"]);
            // Down drops the routes through the link; what DHCP would put back.
            ip(&["route", "replace", "default", "via", &link(0).0.to_string()]);
        }
    }
}

fn run(fault: Fault, at: Duration, seq: usize) -> Value {
    let scenario = app::workspace().join("tests/scenarios/healthy.toml");
    let mut s = Scenario::load(&scenario).expect("healthy scenario");
    match fault {
        Fault::Vantage(mode) => {
            s.site.server = ServerMode::Off;
            s.vantage.globalping = mode;
            s.vantage.check_host = mode;
        }
        Fault::ResetAfterTls => s.site.server = ServerMode::Reset,
        _ => {}
    }
    let dir = app::workspace().join("target/lab-faults").join(format!("{fault:?}-{}ms", at.as_millis()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let paths = Paths { server_bin: PathBuf::from(env!("CARGO_BIN_EXE_lab-server")), dir: dir.clone() };
    let prefix = format!("{PREFIX}{}-f{seq}", std::process::id());
    let mut lab = Lab::build(&s, &prefix, &paths).unwrap_or_else(|e| panic!("building the lab: {e}"));
    let config = write_config(&dir, &s, &lab.ca).expect("config");
    let child = Command::new("ip")
        .args(["netns", "exec", &lab.client, env!("CARGO_BIN_EXE_lab-engine")])
        .arg(format!("https://{}/", s.site.name))
        .arg(&config)
        .arg(DEADLINE.to_string())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("lab-engine");
    let start = Instant::now();
    std::thread::sleep(at);
    inject(fault, &mut lab);
    let out = child.wait_with_output().expect("lab-engine output");
    let took = start.elapsed();
    drop(lab);
    let text = String::from_utf8_lossy(&out.stdout);
    let doc: Value = serde_json::from_str(text.trim()).unwrap_or_else(|e| panic!("{fault:?}: {e}: {text}"));
    println!("{fault:?} at {at:?}: {doc}");
    assert!(took <= Duration::from_secs(DEADLINE) + Duration::from_secs(3), "{fault:?}: took {took:?}");
    assert!(doc["error"].is_null(), "{fault:?} at {at:?}: {doc}");
    assert_eq!(doc["tasks_after"], 0, "{fault:?} at {at:?}: tasks left: {doc}");
    assert!(doc["fds_after"].as_u64() <= doc["fds_before"].as_u64(), "{fault:?} at {at:?}: fds left: {doc}");
    if fault == Fault::ResetAfterTls {
        // Everyone meets the reset: the site is not up, and this computer is not the cause.
        assert!(!matches!(doc["verdict"].as_str(), Some("up" | "just_you")), "{fault:?}: {doc}");
    } else {
        assert_ne!(doc["verdict"], "down_for_everyone", "{fault:?} at {at:?}: {doc}");
    }
    // Descriptors still open 2 s after the run: only the OS lookup, which no one can cancel
    // (getaddrinfo on a blocking thread), and only while the OS resolver's timeout runs.
    if doc["released_ms"].as_u64() > Some(2000) {
        let failed = doc["failed"].as_array().cloned().unwrap_or_default();
        assert!(failed.iter().any(|c| c == "dns.os"), "{fault:?} at {at:?}: a late release, not the OS lookup: {doc}");
    }
    doc
}

#[test]
fn faults_in_the_middle_of_a_run() {
    if !ready() {
        return;
    }
    netns::remove_leftovers();
    let mut seq = 0;
    for fault in [Fault::ResolverKilled, Fault::LinkFlap, Fault::RouteRemoved] {
        for at in WHEN {
            seq += 1;
            run(fault, at, seq);
        }
    }
    // These go wrong by themselves as the run asks them: once each.
    let then = [VantageMode::Then429, VantageMode::Then500, VantageMode::ThenGarbage, VantageMode::ThenSilent];
    for fault in then.map(Fault::Vantage).into_iter().chain([Fault::ResetAfterTls]) {
        seq += 1;
        run(fault, WHEN[0], seq);
    }
}
