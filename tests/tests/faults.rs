//! Faults that arrive in the middle of a run, in process against loopback fakes so the engine's
//! own descriptors and tokio tasks can be counted after it: the system resolver killed halfway,
//! a vantage service that answers 429, then 500, then garbage, then nothing, and a server that
//! completes the TLS handshake and then resets. Each run must end by its deadline with one
//! verdict the remaining evidence does not contradict, and leave no task or socket behind.
//! (The client's link and default route going away mid-run need a namespace: see the lab.)

use std::net::{IpAddr, Ipv4Addr};
use std::path::Path;
use std::time::{Duration, Instant};

use site_doctor_engine::{Config, Diagnosis, RunOptions, Target, Verdict, diagnose};
use site_doctor_tests::app::{self, Endpoints, Extra};
use site_doctor_tests::dns::{FakeDns, Reply};
use site_doctor_tests::http::{Behavior, FakeHttp};
use site_doctor_tests::soak::{Fakes, Snapshot, settle};
use site_doctor_tests::tls::{FakeHttps, Leaf, TestCa};
use site_doctor_tests::vantage::{FakeVantage, Mode};

const NAME: &str = "shop.example.test";
/// The run's own deadline; it must return by then plus this grace.
const DEADLINE: Duration = Duration::from_secs(5);
const GRACE: Duration = Duration::from_millis(1500);

/// One test at a time: descriptors are counted for the whole process, so another test's fakes and
/// runtime opening sockets meanwhile would read as this run's leftovers.
fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static ONE: std::sync::Mutex<()> = std::sync::Mutex::new(());
    ONE.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn local() -> IpAddr {
    IpAddr::V4(Ipv4Addr::LOCALHOST)
}

fn config(path: &Path) -> Config {
    Config::from_toml(&std::fs::read_to_string(path).expect("config"), path).expect("config")
}

/// One diagnosis on its own runtime; `fault` runs on another thread `at` after the start.
/// Returns the diagnosis, how long it took, and the engine's leftovers compared with before.
fn run_with_fault(
    config: &Config,
    site: &str,
    fakes: &Fakes,
    at: Duration,
    fault: impl FnOnce() + Send + 'static,
) -> (Diagnosis, Duration) {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let before = Snapshot::take(rt.handle(), fakes);
    let target = Target::parse(site).expect("target");
    let opts = RunOptions { deadline: DEADLINE, ..RunOptions::default() };
    let injector = std::thread::spawn(move || {
        std::thread::sleep(at);
        fault();
    });
    let t = Instant::now();
    let result =
        rt.block_on(async { tokio::time::timeout(DEADLINE + GRACE, diagnose(target, config, opts, |_| {})).await });
    let took = t.elapsed();
    let _ = injector.join();
    let d = result.unwrap_or_else(|_| panic!("{site}: the run went past its deadline")).expect("not cancelled");
    let after = settle(rt.handle(), fakes, 0, before.fds, Duration::from_secs(2));
    assert_eq!(after.tasks, 0, "{site}: {} tasks left after the run", after.tasks);
    assert!(after.fds <= before.fds, "{site}: descriptors left: {:?}", fakes.engine_fds());
    assert!(took <= DEADLINE + GRACE, "{site}: took {took:?}");
    drop(rt);
    (d, took)
}

fn failed(d: &Diagnosis) -> Vec<String> {
    d.checks.iter().filter(|c| c.status == site_doctor_engine::Status::Fail).map(|c| format!("{:?}", c.id)).collect()
}

#[test]
fn the_system_resolver_killed_halfway() {
    let _one = one_at_a_time();
    let site = FakeHttp::start(Behavior::WithConnectivity(Box::new(Behavior::ok("<h1>shop</h1>"))));
    let dir = app::scratch("fault-resolver-killed");
    // Two resolvers: the system one dies mid-run, the public alternate stays.
    let system = FakeDns::start(Reply::Addresses(vec![local()]));
    let public = FakeDns::start(Reply::Addresses(vec![local()]));
    let path = app::write_config(
        &dir,
        &Endpoints {
            system_dns: vec![system.addr],
            alternates: vec![public.addr],
            probes: vec![site.url("/generate_204")],
        },
    );
    let fakes = Fakes(vec![site.addr.port(), system.addr.port(), public.addr.port()]);
    let url = format!("http://{NAME}:{}/", site.addr.port());
    // Early (while the lookups and the loss sampler run), and about halfway through a normal run
    // of this site (~0.1 s here).
    for at in [5, 30, 60].map(Duration::from_millis) {
        let dying = FakeDns::start(Reply::Addresses(vec![local()]));
        let path = app::write_config(
            &dir.join(format!("{}ms", at.as_millis())),
            &Endpoints {
                system_dns: vec![dying.addr],
                alternates: vec![public.addr],
                probes: vec![site.url("/generate_204")],
            },
        );
        let mut fakes = fakes.clone();
        fakes.0.push(dying.addr.port());
        let (d, took) = run_with_fault(&config(&path), &url, &fakes, at, move || drop(dying));
        println!("resolver killed at {at:?}: {:?}/{:?} in {took:?}; failed {:?}", d.verdict, d.culprit, failed(&d));
        // The site answered and the public resolver still does: the site is up. Not "down for
        // everyone", and not "packet loss" from questions a dead resolver's port refused.
        assert_eq!(d.verdict, Verdict::Up, "killed at {at:?}: {:?} {:?}", d.culprit, failed(&d));
    }
    let (d, _) = run_with_fault(&config(&path), &url, &fakes, Duration::from_millis(150), || {});
    assert_eq!(d.verdict, Verdict::Up, "the control run: {:?}", failed(&d));
}

#[test]
fn a_vantage_service_answers_429_then_500_then_garbage_then_nothing() {
    let _one = one_at_a_time();
    let dns = FakeDns::start(Reply::Addresses(vec![local()]));
    let site = FakeHttp::start(Behavior::Respond { status: 503, headers: vec![], body: "busy".into() });
    let probe = FakeHttp::start(Behavior::WithConnectivity(Box::new(Behavior::ok("ok"))));
    let vantage = FakeVantage::start(Mode::Degrading);
    let dir = app::scratch("fault-vantage-degrading");
    let endpoints =
        Endpoints { system_dns: vec![dns.addr], alternates: vec![dns.addr], probes: vec![probe.url("/generate_204")] };
    let fakes = Fakes(vec![dns.addr.port(), site.addr.port(), probe.addr.port(), vantage.addr.port()]);
    let url = format!("http://{NAME}:{}/", site.addr.port());
    // The control: the same failing site with no vantage service at all.
    let control = config(&app::write_config(&dir.join("control"), &endpoints));
    let (base, _) = run_with_fault(&control, &url, &fakes, Duration::ZERO, || {});
    let degrading =
        config(&app::write_config_with(&dir, &endpoints, &Extra { vantage: Some(vantage.url()), ..Extra::default() }));
    // Each run meets the next stage; by the third, everything is silence.
    for run in 0..3 {
        let (d, took) = run_with_fault(&degrading, &url, &fakes, Duration::ZERO, || {});
        println!(
            "vantage run {run}: {:?}/{:?} in {took:?} (control {:?}/{:?})",
            d.verdict, d.culprit, base.verdict, base.culprit
        );
        // A service that says nothing useful adds no evidence: the verdict is the one without it.
        assert_eq!((d.verdict, d.culprit), (base.verdict, base.culprit), "run {run}: {:?}", failed(&d));
    }
    assert!(vantage.requests.load(std::sync::atomic::Ordering::Relaxed) >= 4, "the stages were not all met");
}

#[test]
fn a_server_that_resets_right_after_the_tls_handshake() {
    let _one = one_at_a_time();
    let dir = app::scratch("fault-tls-reset");
    let ca = TestCa::new(&dir);
    let site = FakeHttps::start(ca.leaf(Leaf::Valid, &[NAME]), Behavior::ResetAtRequest);
    let probe = FakeHttp::start(Behavior::WithConnectivity(Box::new(Behavior::ok("ok"))));
    let dns = FakeDns::start(Reply::NxDomain);
    dns.set(NAME, Reply::Addresses(vec![local()]));
    let path = app::write_config_with(
        &dir,
        &Endpoints { system_dns: vec![dns.addr], alternates: vec![dns.addr], probes: vec![probe.url("/generate_204")] },
        &Extra { extra_ca: Some(ca.pem_path.clone()), ..Extra::default() },
    );
    let fakes = Fakes(vec![dns.addr.port(), site.addr.port(), probe.addr.port()]);
    for run in 0..3 {
        let (d, took) = run_with_fault(&config(&path), &site.url(NAME, "/"), &fakes, Duration::ZERO, || {});
        println!("tls reset run {run}: {:?}/{:?} in {took:?}; failed {:?}", d.verdict, d.culprit, failed(&d));
        // Nothing was ever served: the site cannot be called up.
        assert!(!matches!(d.verdict, Verdict::Up | Verdict::Degraded), "run {run}: {d:#?}");
    }
}
