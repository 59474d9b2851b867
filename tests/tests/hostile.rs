//! Hostile servers cost bounded time and memory: each test runs the real binary with
//! `--deadline 4` against one misbehaving fake and checks that the run ends by its deadline, that
//! the evidence names what happened, and that the child's peak memory stays small.

use std::io::Read;
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::Value;
use site_doctor_tests::app::{self, Endpoints};
use site_doctor_tests::dns::{FakeDns, Reply};
use site_doctor_tests::http::{Behavior, FakeHttp};

const DEADLINE_S: u64 = 4;
/// Process start, JSON output and a loaded 2-core machine.
const SLACK: Duration = Duration::from_millis(1500);
/// Peak resident memory allowed to the child.
const MAX_RSS_KB: u64 = 100 * 1024;

/// What one measured run gave.
struct Measured {
    doc: Value,
    took: Duration,
    peak_kb: u64,
}

/// The child's peak resident set so far (`VmHWM`), in kB; `None` once it has exited.
fn vm_hwm_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs `check <site> --json --deadline 4`, polling the child's `VmHWM` until it exits. The peak
/// is monotonic, so the last reading before exit is the run's peak within one poll interval.
fn run_measured(name: &str, site: &str, system_dns: Vec<std::net::SocketAddr>) -> Measured {
    let probe = FakeHttp::start(Behavior::WithConnectivity(Box::new(Behavior::ok("ok"))));
    let dir = app::scratch(name);
    let config = app::write_config(
        &dir,
        &Endpoints { system_dns: system_dns.clone(), alternates: system_dns, probes: vec![probe.url("/generate_204")] },
    );
    let deadline = DEADLINE_S.to_string();
    let start = Instant::now();
    let mut child = app::command(&config, &[])
        .args(["check", site, "--json", "--deadline", &deadline])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", app::binary().display()));
    let pid = child.id();
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let mut peak_kb = 0;
    // Bounded: the child is killed if it outlives three deadlines.
    loop {
        if let Some(kb) = vm_hwm_kb(pid) {
            peak_kb = peak_kb.max(kb);
        }
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if start.elapsed() > Duration::from_secs(3 * DEADLINE_S) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{name}: the run outlived its deadline three times over");
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => panic!("{name}: {e}"),
        }
    }
    let took = start.elapsed();
    let stdout = reader.join().unwrap_or_default();
    let doc: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{name}: not JSON ({e}):\n{stdout}"));
    // Elsewhere there is no /proc to read: time and evidence are still checked, memory is not.
    if cfg!(target_os = "linux") {
        assert!(peak_kb > 0, "{name}: could not read the child's peak memory from /proc/{pid}/status");
    }
    eprintln!("{name}: {} ms, peak RSS {} kB", took.as_millis(), peak_kb);
    Measured { doc, took, peak_kb }
}

fn connection(doc: &Value) -> &Value {
    doc["checks"]
        .as_array()
        .and_then(|a| a.iter().find(|c| c["id"] == "site.connection"))
        .unwrap_or_else(|| panic!("no site.connection in {doc:#}"))
}

/// Starts the hostile fake, runs against it, and checks time and memory; returns the connection.
fn against(name: &str, behavior: Behavior, scheme: &str) -> Value {
    let fake = FakeHttp::start(behavior);
    let site = format!("{scheme}://127.0.0.1:{}/", fake.addr.port());
    let m = run_measured(name, &site, vec![]);
    assert!(m.took <= Duration::from_secs(DEADLINE_S) + SLACK, "{name}: took {:?}", m.took);
    assert!(m.peak_kb < MAX_RSS_KB, "{name}: peak RSS {} kB", m.peak_kb);
    connection(&m.doc).clone()
}

#[test]
fn a_megabyte_of_headers_is_cut_off_as_too_large() {
    let c = against("huge-headers", Behavior::HugeHeaders, "http");
    let error = c["detail"]["error"].as_str();
    assert!(matches!(error, Some("too_large" | "http_protocol")), "{c:#}");
    assert_eq!(c["status"], "fail");
}

#[test]
fn garbage_instead_of_http_is_a_protocol_error() {
    let c = against("garbage", Behavior::Garbage, "http");
    assert_eq!(c["detail"]["error"], "http_protocol", "{c:#}");
}

#[test]
fn garbage_instead_of_tls_is_a_handshake_failure() {
    let c = against("garbage-tls", Behavior::Garbage, "https");
    assert_eq!(c["detail"]["error"], "tls_handshake", "{c:#}");
}

#[test]
fn a_reset_mid_response_is_a_connection_reset() {
    let c = against("reset", Behavior::ResetMidResponse, "http");
    assert_eq!(c["detail"]["error"], "connection_reset", "{c:#}");
}

#[test]
fn an_endless_body_is_sampled_and_left() {
    let c = against("endless", Behavior::EndlessBody, "http");
    assert_eq!(c["detail"]["status_code"], 200, "{c:#}");
    let sample = c["detail"]["body_sample"].as_str().unwrap_or_default();
    assert!(sample.starts_with("xxxx") && sample.len() <= 2048, "sample of {} bytes", sample.len());
}

#[test]
fn a_dripping_server_times_out_or_gives_what_it_sent() {
    let c = against("drip", Behavior::Drip, "http");
    let d = &c["detail"];
    assert!(d["error"] == "timeout" || d["status_code"].is_u64(), "{c:#}");
}

#[test]
fn a_silent_server_times_out() {
    let c = against("silent-http", Behavior::Silent, "http");
    assert_eq!(c["detail"]["error"], "timeout", "{c:#}");
}

#[test]
fn a_redirect_loop_is_stopped_and_named() {
    let c = against("redirect-loop", Behavior::RedirectLoop, "http");
    let d = &c["detail"];
    assert_eq!((c["status"].as_str(), d["error"].as_str()), (Some("fail"), Some("too_large")), "{c:#}");
    assert!(d["message"].as_str().is_some_and(|m| m.contains("loop")), "{c:#}");
    assert_eq!(d["redirects"].as_array().map(Vec::len), Some(1), "{c:#}");
}

#[test]
fn an_endless_redirect_chain_stops_after_five_hops() {
    let c = against("redirect-chain", Behavior::RedirectChain, "http");
    let d = &c["detail"];
    assert_eq!((c["status"].as_str(), d["error"].as_str()), (Some("warn"), Some("too_large")), "{c:#}");
    let hops = d["redirects"].as_array().expect("hops");
    assert_eq!(hops.len(), 5, "{c:#}");
    assert_eq!(hops[0]["status_code"], 302);
    assert!(hops[4]["location"].as_str().is_some_and(|l| l == "/6"), "{c:#}");
}

#[test]
fn a_silent_resolver_costs_no_more_than_the_deadline() {
    let silent = FakeDns::start(Reply::Silent);
    let m = run_measured("silent-dns", "http://shop.example.test/", vec![silent.addr]);
    assert!(m.took <= Duration::from_secs(DEADLINE_S) + SLACK, "took {:?}", m.took);
    assert!(m.peak_kb < MAX_RSS_KB, "peak RSS {} kB", m.peak_kb);
    let system = m.doc["checks"].as_array().and_then(|a| a.iter().find(|c| c["id"] == "dns.system")).cloned();
    assert_eq!(system.map(|c| c["detail"]["error"].clone()), Some(Value::from("timeout")), "{:#}", m.doc);
}

#[test]
fn a_healthy_site_for_comparison_is_quick_and_small() {
    let dns = FakeDns::start(Reply::Addresses(vec!["127.0.0.1".parse().expect("ip")]));
    let site = FakeHttp::start(Behavior::ok("<h1>shop</h1>"));
    let m = run_measured("healthy", &format!("http://shop.example.test:{}/", site.addr.port()), vec![dns.addr]);
    assert_eq!(m.doc["verdict"], "up", "{:#}", m.doc);
    assert!(m.took < Duration::from_secs(2), "took {:?}", m.took);
    assert!(m.peak_kb < MAX_RSS_KB, "peak RSS {} kB", m.peak_kb);
}
