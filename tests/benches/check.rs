//! `make bench`: how fast and how small a diagnosis is, against fakes on 127.0.0.1, with goals.
//! Times here are measurements, not test assertions: goals are checked once, on medians.

use std::time::Duration;

use site_doctor_tests::app::{self, Endpoints};
use site_doctor_tests::dns::{FakeDns, Reply};
use site_doctor_tests::http::{Behavior, FakeHttp};
use site_doctor_tests::measure;

/// Goals for a release build on a 2-core machine.
const HEALTHY_P50: Duration = Duration::from_millis(800);
const SILENT_RESOLVER_MAX: Duration = Duration::from_millis(3_600);
const MAX_RSS_KB: u64 = 100 * 1024;
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
    assert!(failures.is_empty(), "goals missed:\n{}", failures.join("\n"));
}
