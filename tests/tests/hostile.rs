//! Hostile servers cost bounded time and memory: each test runs the real binary with
//! `--deadline 4` against one misbehaving fake and checks that the run ends by its deadline, that
//! the evidence names what happened, and that the child's peak memory stays small.

use std::time::Duration;

use serde_json::Value;
use site_doctor_tests::app::{self, Endpoints};
use site_doctor_tests::dns::{FakeDns, Reply};
use site_doctor_tests::http::{Behavior, FakeHttp};
use site_doctor_tests::measure;

const DEADLINE_S: u64 = 4;
/// Process start, JSON output and a loaded 2-core machine.
const SLACK: Duration = Duration::from_millis(1500);
/// Peak resident memory allowed to the child.
const MAX_RSS_KB: u64 = 100 * 1024;

/// Runs `check <site> --json --deadline 4` against fakes, measuring time and peak memory.
fn run_measured(name: &str, site: &str, system_dns: Vec<std::net::SocketAddr>) -> measure::Measured {
    let probe = FakeHttp::start(Behavior::WithConnectivity(Box::new(Behavior::ok("ok"))));
    let dir = app::scratch(name);
    let config = app::write_config(
        &dir,
        &Endpoints { system_dns: system_dns.clone(), alternates: system_dns, probes: vec![probe.url("/generate_204")] },
    );
    let deadline = DEADLINE_S.to_string();
    let m =
        measure::run(&config, &["check", site, "--json", "--deadline", &deadline], Duration::from_secs(3 * DEADLINE_S));
    eprintln!("{name}: {} ms, peak RSS {} kB", m.took.as_millis(), m.peak_kb);
    m
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
