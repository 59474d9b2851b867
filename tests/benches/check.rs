//! `make bench`: how fast and how small a diagnosis is, against fakes on 127.0.0.1, with goals.
//! Times here are measurements, not test assertions: goals are checked once, on medians.

use std::time::Duration;

use site_doctor_tests::app::{self, Endpoints};
use site_doctor_tests::dns::{FakeDns, Reply};
use site_doctor_tests::http::{Behavior, FakeHttp};
use site_doctor_tests::measure;
use site_doctor_tests::vantage::{FakeVantage, Mode};

/// Goals for a release build on a 2-core machine.
const HEALTHY_P50: Duration = Duration::from_millis(800);
const SILENT_RESOLVER_MAX: Duration = Duration::from_millis(3_600);
const MAX_RSS_KB: u64 = 100 * 1024;
/// A first answer within a second, while the places elsewhere are still being asked.
const PROVISIONAL_P50: Duration = Duration::from_millis(1_000);
/// How long the places-elsewhere stand-in takes to answer each poll for results.
const ELSEWHERE_DELAY: Duration = Duration::from_secs(2);
const RUNS: usize = 9;

fn main() {
    let site = FakeHttp::start(Behavior::WithConnectivity(Box::new(Behavior::ok("<h1>shop</h1>"))));
    let dns = FakeDns::start(Reply::Addresses(vec!["127.0.0.1".parse().unwrap_or_else(|e| panic!("{e}"))]));
    let silent = FakeDns::start(Reply::Silent);
    let url = format!("http://shop.example.test:{}/", site.addr.port());
    let probes = vec![site.url("/generate_204")];
    let healthy = app::write_config(
        &app::scratch("bench-healthy"),
        &Endpoints { system_dns: vec![dns.addr], alternates: vec![dns.addr], probes: probes.clone() },
    );
    let mute = app::write_config(
        &app::scratch("bench-silent"),
        &Endpoints { system_dns: vec![silent.addr], alternates: vec![dns.addr], probes },
    );

    let mut failures = Vec::new();
    for (name, config, deadline, goal) in [
        ("healthy site", &healthy, "15", HEALTHY_P50),
        ("silent system resolver, --deadline 3", &mute, "3", SILENT_RESOLVER_MAX),
    ] {
        let mut times = Vec::new();
        let mut peak = 0;
        for _ in 0..RUNS {
            let m = measure::run(config, &["check", &url, "--json", "--deadline", deadline], Duration::from_secs(30));
            times.push(m.took);
            peak = peak.max(m.peak_kb);
        }
        times.sort();
        let (p50, max) = (times[RUNS / 2], times[RUNS - 1]);
        println!(
            "{name:<40} p50 {:>5} ms   max {:>5} ms   peak RSS {:>6} kB   goal p50 < {} ms",
            p50.as_millis(),
            max.as_millis(),
            peak,
            goal.as_millis()
        );
        if p50 > goal {
            failures.push(format!("{name}: p50 {p50:?} > {goal:?}"));
        }
        if peak > MAX_RSS_KB {
            failures.push(format!("{name}: peak RSS {peak} kB > {MAX_RSS_KB} kB"));
        }
    }
    first_answer(&mut failures);
    assert!(failures.is_empty(), "goals missed:\n{}", failures.join("\n"));
}

/// A name no resolver knows, with the places elsewhere answering after `ELSEWHERE_DELAY`: the
/// provisional answer should come within a second, the confirmed one soon after the stand-in's
/// last answer (its lower bound: the stand-in's own delay; the polls, Globalping's every 0.5 s
/// and check-host's at 0.5 s then every 1 s, add at most a poll's wait to it).
fn first_answer(failures: &mut Vec<String>) {
    let http = FakeHttp::start(Behavior::WithConnectivity(Box::new(Behavior::ok("ok"))));
    let dns = FakeDns::start(Reply::NxDomain);
    let elsewhere = FakeVantage::start(Mode::SlowProbes(None, ELSEWHERE_DELAY));
    let config = app::write_config_with(
        &app::scratch("bench-provisional"),
        &Endpoints { system_dns: vec![dns.addr], alternates: vec![dns.addr], probes: vec![http.url("/generate_204")] },
        &app::Extra { vantage: Some(elsewhere.url()), ..app::Extra::default() },
    );
    let (mut firsts, mut lasts) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let a = measure::answered(&config, &["check", "http://gone.example.test/"]);
        firsts.push(a.provisional.unwrap_or(Duration::MAX));
        lasts.push(a.last);
    }
    firsts.sort();
    lasts.sort();
    let (first, last) = (firsts[RUNS / 2], lasts[RUNS / 2]);
    let bound = ELSEWHERE_DELAY;
    println!(
        "{:<40} p50 {:>5} ms   final p50 {:>5} ms (lower bound ~{} ms)   goal p50 < {} ms",
        "provisional answer, name gone",
        first.as_millis(),
        last.as_millis(),
        bound.as_millis(),
        PROVISIONAL_P50.as_millis()
    );
    if first > PROVISIONAL_P50 {
        failures.push(format!("provisional answer: p50 {first:?} > {PROVISIONAL_P50:?}"));
    }
}
