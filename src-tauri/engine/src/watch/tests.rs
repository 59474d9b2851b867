use std::sync::Mutex;

use super::*;

/// A clock whose sleeps move its time on at once.
struct TestClock(Mutex<OffsetDateTime>);

impl Clock for TestClock {
    fn now(&self) -> OffsetDateTime {
        *self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
    fn sleep(&self, d: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        *self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner) += d;
        Box::pin(tokio::task::yield_now())
    }
}

fn clock() -> TestClock {
    TestClock(Mutex::new(OffsetDateTime::UNIX_EPOCH + Duration::from_secs(1_795_000_020)))
}

fn block_on<F: Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime").block_on(f)
}

/// Runs a watch whose checks say `verdicts` in turn (then "down"); returns the events, the
/// notifications and the vantage flags the checks were asked with.
fn run(plan: &WatchPlan, verdicts: &[Verdict]) -> (Vec<WatchEvent>, Vec<Notice>, Vec<bool>) {
    let clock = clock();
    let mut asked = Vec::new();
    let mut events = Vec::new();
    let mut notices = Vec::new();
    let mut next = verdicts.iter().copied();
    let cancel = CancellationToken::new();
    block_on(watch(
        "shop.example.com",
        plan,
        &clock,
        &cancel,
        |vantage| {
            asked.push(vantage);
            let v = if vantage { Some(Verdict::Up) } else { Some(next.next().unwrap_or(Verdict::DownForEveryone)) };
            std::future::ready(v)
        },
        |n| notices.push(n),
        |e| events.push(e),
    ));
    (events, notices, asked)
}

#[test]
fn backs_off_then_reports_back_once_with_how_long() {
    use Verdict::*;
    let plan = WatchPlan::new(true);
    let (events, notices, asked) =
        run(&plan, &[DownForEveryone, DownForEveryone, Inconclusive, DownForEveryone, DownForEveryone, Up]);
    // Waits 30 s, 1, 2, 5, 10 min: 18.5 minutes after the first check the sixth finds it up.
    let back: Vec<_> = events.iter().filter(|e| matches!(e, WatchEvent::Back { .. })).collect();
    assert_eq!(back.len(), 1);
    assert!(matches!(back[0], WatchEvent::Back { after_down_for_secs: 1110, confirmed_elsewhere: Some(true), .. }));
    assert_eq!(notices, [back_notice("shop.example.com", 1110, &NoticeWords::default())]);
    assert_eq!(notices[0].title, "shop.example.com is back.");
    assert_eq!(notices[0].body, "It was down for about 19 min.");
    assert_eq!(asked, [false, false, false, false, false, false, true], "vantage only to confirm, once");
    assert_eq!(events.last(), Some(&WatchEvent::Stopped { reason: StopReason::Back }));
    let WatchEvent::Checked { next_at, down_since, at, .. } = &events[0] else { panic!("{events:?}") };
    assert_eq!(down_since, at);
    assert!(next_at.as_deref().is_some_and(|n| n.ends_with(":30Z")), "{next_at:?}");
}

#[test]
fn without_consent_nothing_is_asked_elsewhere() {
    let (events, notices, asked) = run(&WatchPlan::new(false), &[Verdict::JustYou, Verdict::Degraded]);
    assert_eq!(asked, [false, false]);
    assert_eq!(notices.len(), 1);
    assert!(events.iter().any(|e| matches!(e, WatchEvent::Back { confirmed_elsewhere: None, .. })));
}

#[test]
fn gives_up_after_the_time_limit() {
    let (events, notices, asked) = run(&WatchPlan::new(true), &[]);
    assert!(notices.is_empty());
    assert_eq!(events.last(), Some(&WatchEvent::Stopped { reason: StopReason::TimeLimit }));
    // A bounded number of checks.
    assert_eq!(asked.len(), 76, "checks at 0, 30 s, 1.5, 3.5, 8.5 min, then every 10 min up to 12 h");
    let WatchEvent::Checked { next_at, .. } = &events[events.len() - 2] else { panic!("{events:?}") };
    assert!(next_at.is_none(), "the last check announces no next one");
}

#[test]
fn cancelling_stops_between_checks() {
    let clock = clock();
    let cancel = CancellationToken::new();
    let mut events = Vec::new();
    let stop = cancel.clone();
    let reason = block_on(watch(
        "a.example",
        &WatchPlan::new(false),
        &clock,
        &cancel,
        move |_| {
            stop.cancel();
            std::future::ready(Some(Verdict::DownForEveryone))
        },
        |_| panic!("no notification"),
        |e| events.push(e),
    ));
    assert_eq!(reason, StopReason::Cancelled);
    assert_eq!(events, [WatchEvent::Stopped { reason: StopReason::Cancelled }]);
}

#[test]
fn down_since_counts_from_the_check_that_led_to_the_watch() {
    let clock = clock();
    let before = clock.now() - Duration::from_secs(600);
    let plan = WatchPlan::new(false).down_since(Some(&stamp(before)));
    assert_eq!(plan.down_since, Some(before));
    let mut events = Vec::new();
    let mut notices = Vec::new();
    block_on(watch(
        "a.example",
        &plan,
        &clock,
        &CancellationToken::new(),
        |_| std::future::ready(Some(Verdict::Up)),
        |n| notices.push(n),
        |e| events.push(e),
    ));
    assert!(matches!(&events[0], WatchEvent::Checked { down_since, .. } if *down_since == stamp(before)));
    assert!(matches!(events[1], WatchEvent::Back { after_down_for_secs: 600, .. }), "{events:?}");
    assert_eq!(notices[0].body, "It was down for about 10 min.");
    assert_eq!(WatchPlan::new(false).down_since(Some("yesterday")).down_since, None);
}

#[test]
fn the_notification_speaks_the_window_s_language_and_counts_minutes_like_its_banner() {
    let de = NoticeWords {
        title: "{site} ist wieder da.".into(),
        body: "Sie war etwa {minutes} Min. nicht erreichbar.".into(),
    };
    let n = back_notice("shop.example.com", 14 * 60 + 5, &de);
    assert_eq!(n.title, "shop.example.com ist wieder da.");
    assert_eq!(n.body, "Sie war etwa 14 Min. nicht erreichbar.");
    // Math.max(1, Math.round(secs / 60)), as WatchBanner.svelte shows it.
    for (secs, minutes) in [(0, "1"), (59, "1"), (89, "1"), (90, "2"), (3600, "60")] {
        assert_eq!(
            back_notice("a", secs, &NoticeWords::default()).body,
            format!("It was down for about {minutes} min.")
        );
    }
    let blank = WatchPlan::new(false).words(Some(NoticeWords { title: " ".into(), body: de.body.clone() }));
    assert_eq!((blank.words.title.as_str(), blank.words.body.as_str()), ("{site} is back.", de.body.as_str()));
    let long = NoticeWords { title: "x".repeat(5000), body: String::new() };
    assert_eq!(back_notice("a", 60, &long).title.chars().count(), MAX_NOTICE_CHARS);
}
