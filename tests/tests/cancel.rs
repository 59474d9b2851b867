//! A run can be cancelled at any moment: `diagnose` returns at once and nothing it started keeps
//! talking to the network afterwards.

use std::time::{Duration, Instant};

use site_doctor_engine::{Cancelled, Config, ProgressEvent, RunOptions, Target, diagnose};
use site_doctor_tests::dns::{FakeDns, Reply};
use site_doctor_tests::http::{Behavior, FakeHttp};

fn queries(dns: &FakeDns) -> u32 {
    *dns.queries.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[test]
fn cancelling_returns_at_once_and_leaves_nothing_running() {
    let silent = FakeDns::start(Reply::Silent);
    let probe = FakeHttp::start(Behavior::Silent);
    let text = format!(
        "[dns]\nsystem = [\"{0}\"]\nalternates = [\"{0}\"]\ndoh = []\n[connectivity]\nprobes = [\"{1}\"]\n[vantage]\nenabled = false\nglobalping = \"http://127.0.0.1:9/\"\ncheck_host = \"http://127.0.0.1:9/\"\n",
        silent.addr,
        probe.url("/generate_204"),
    );
    let config = Config::from_toml(&text, std::path::Path::new("cancel.toml")).expect("config");
    let target = Target::parse("http://shop.example.test/").expect("target");
    let opts = RunOptions { deadline: Duration::from_secs(15), ..RunOptions::default() };
    let cancel = opts.cancel.clone();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let started = std::sync::Arc::new(std::sync::atomic::AtomicU32::new(0));
    let seen = started.clone();
    let (result, took) = rt.block_on(async move {
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(300)).await;
            cancel.cancel();
        });
        let t = Instant::now();
        let r = diagnose(target, &config, opts, move |e| {
            if matches!(e, ProgressEvent::Started { .. }) {
                seen.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        })
        .await;
        (r, t.elapsed())
    });
    assert_eq!(result.err(), Some(Cancelled));
    assert!(took < Duration::from_millis(1500), "cancel took {took:?}");
    assert!(started.load(std::sync::atomic::Ordering::Relaxed) >= 3, "checks were running when cancelled");
    // Every DNS probe resends after ~0.9 s and the loss sampler keeps asking: none may do so now.
    let after_cancel = queries(&silent);
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(queries(&silent), after_cancel, "a probe kept asking after the run was cancelled");
    drop(rt);
}
