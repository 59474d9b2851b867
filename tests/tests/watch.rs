//! "Tell me when it's back" against a local site that answers 502, then recovers: real checks
//! (the engine's `diagnose` over loopback), a clock that jumps over the waits, so minutes of
//! watching take seconds. Exactly one `back` and one notification.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use site_doctor_engine::watch::{Clock, Notice, StopReason, WatchEvent, WatchPlan, watch};
use site_doctor_engine::{CancellationToken, Config, RunOptions, Target, diagnose};
use site_doctor_tests::app::{self, Endpoints};
use site_doctor_tests::http::{Behavior, FakeHttp};
use time::OffsetDateTime;

/// A clock whose sleeps move its time on at once.
struct JumpingClock(Mutex<OffsetDateTime>);

impl Clock for JumpingClock {
    fn now(&self) -> OffsetDateTime {
        *self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
    fn sleep(&self, d: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        *self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner) += d;
        Box::pin(tokio::task::yield_now())
    }
}

fn bad_gateway() -> Behavior {
    Behavior::Respond { status: 502, headers: vec![("server".into(), "fake-edge".into())], body: "bad gateway".into() }
}

#[test]
fn a_site_that_recovers_gives_exactly_one_back_and_one_notification() {
    let site_now = Arc::new(Mutex::new(bad_gateway()));
    let site = FakeHttp::start(Behavior::Switch(site_now.clone()));
    let probe = FakeHttp::start(Behavior::WithConnectivity(Box::new(Behavior::ok("ok"))));
    let dir = app::scratch("watch-recovers");
    let config_path =
        app::write_config(&dir, &Endpoints { probes: vec![probe.url("/generate_204")], ..Endpoints::default() });
    let config = Config::load(&config_path).expect("config");
    let target = Target::parse(&site.url("/")).expect("target");
    let clock = JumpingClock(Mutex::new(OffsetDateTime::now_utc()));
    let cancel = CancellationToken::new();
    let (mut asked, mut events, mut notices) = (Vec::new(), Vec::new(), Vec::<Notice>::new());
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let started = Instant::now();
    let reason = rt.block_on(watch(
        "127.0.0.1",
        &WatchPlan::new(true),
        &clock,
        &cancel,
        |vantage| {
            asked.push(vantage);
            // The site recovers after the third check: 30 s + 1 min + 2 min after the first.
            if asked.iter().filter(|v| !**v).count() == 4 {
                *site_now.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Behavior::ok("welcome back");
            }
            let mut config = config.clone();
            config.vantage_enabled &= vantage;
            let (target, cancel) = (target.clone(), cancel.child_token());
            async move {
                let opts = RunOptions { cancel, deadline: Duration::from_secs(8), ..RunOptions::default() };
                diagnose(target, &config, opts, |_| {}).await.ok().map(|d| d.verdict)
            }
        },
        |n| notices.push(n),
        |e| {
            eprintln!("{}", serde_json::to_string(&e).unwrap_or_default());
            events.push(e);
        },
    ));
    let took = started.elapsed();
    eprintln!("notifications: {notices:?}; took {took:?}; checks asked (vantage?) {asked:?}");
    assert_eq!(reason, StopReason::Back);
    let backs: Vec<_> = events.iter().filter(|e| matches!(e, WatchEvent::Back { .. })).collect();
    assert_eq!(backs.len(), 1, "{events:#?}");
    assert!(matches!(backs[0], WatchEvent::Back { after_down_for_secs: 210, .. }), "{backs:?}");
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].title, "127.0.0.1 is back.");
    assert_eq!(notices[0].body, "It was down for about 4 min.");
    assert_eq!(asked, [false, false, false, false, true], "local checks, then one with vantage to confirm");
    let checked: Vec<_> = events.iter().filter(|e| matches!(e, WatchEvent::Checked { .. })).collect();
    assert_eq!(checked.len(), 4);
    assert!(matches!(events.last(), Some(WatchEvent::Stopped { reason: StopReason::Back })));
    assert!(took < Duration::from_secs(60), "the clock jumps: minutes of watching in seconds, took {took:?}");
    drop(rt);
}
