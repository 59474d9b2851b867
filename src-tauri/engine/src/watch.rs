//! "Tell me when it's back": re-check a site that is down, less and less often, until it loads.
//!
//! Checks are local (no third-party vantage calls: the services' limits would not survive a
//! check every few minutes for hours); when one finds the site up, at most one check with vantage
//! confirms it, if the user agreed to those services. The clock and the check itself are passed
//! in, so a test runs hours of watching in seconds against a local fake.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

use crate::diagnosis::Verdict;

/// Waits between checks: quick at first (a blip is often over in a minute), then every ten
/// minutes, which is what a person waiting for a site needs and what the services tolerate.
pub const INTERVALS: [Duration; 5] = [
    Duration::from_secs(30),
    Duration::from_secs(60),
    Duration::from_secs(120),
    Duration::from_secs(300),
    Duration::from_secs(600),
];
/// A watch gives up after this long: nobody waits for a notification for longer than a day's
/// work, and a forgotten watch must not poll forever.
pub const MAX_WATCH: Duration = Duration::from_secs(12 * 3600);

/// Time, as the watch sees it.
pub trait Clock: Send + Sync {
    /// Now.
    fn now(&self) -> OffsetDateTime;
    /// Waits `d` (a test clock just moves its time on).
    fn sleep(&self, d: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>>;
}

/// The computer's clock and tokio's timer.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
    fn sleep(&self, d: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        Box::pin(tokio::time::sleep(d))
    }
}

/// How a watch goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchPlan {
    /// Waits between checks; the last one repeats.
    pub intervals: Vec<Duration>,
    /// When to give up, counted from the first check.
    pub max_total: Duration,
    /// Confirm "it's back" once with the vantage services (the user agreed to them).
    pub confirm_elsewhere: bool,
    /// Since when the site has been seen down (the check that led to the watch); without it,
    /// or when it lies in the future, the watch's first check.
    pub down_since: Option<OffsetDateTime>,
    /// The notification's words, in the user's language.
    pub words: NoticeWords,
}

impl WatchPlan {
    /// The app's plan: [`INTERVALS`], [`MAX_WATCH`].
    pub fn new(confirm_elsewhere: bool) -> Self {
        Self {
            intervals: INTERVALS.to_vec(),
            max_total: MAX_WATCH,
            confirm_elsewhere,
            down_since: None,
            words: NoticeWords::default(),
        }
    }

    /// The plan with the notification worded by `words` (the window's catalogue); English
    /// without them, and for a part left blank (a notification with no title says nothing).
    pub fn words(self, words: Option<NoticeWords>) -> Self {
        let english = NoticeWords::default();
        let words = words.unwrap_or_default();
        let or = |w: String, e: String| if w.trim().is_empty() { e } else { w };
        Self {
            words: NoticeWords { title: or(words.title, english.title), body: or(words.body, english.body) },
            ..self
        }
    }

    /// The plan with `down_since` read from an RFC 3339 time such as a diagnosis's `started_at`;
    /// an unreadable one is ignored.
    pub fn down_since(self, started_at: Option<&str>) -> Self {
        Self { down_since: started_at.and_then(crate::report::when::parse), ..self }
    }

    /// The wait after the `n`-th check (from 0).
    pub fn delay(&self, n: usize) -> Duration {
        self.intervals.get(n).or(self.intervals.last()).copied().unwrap_or(Duration::from_secs(600))
    }
}

/// Why a watch ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// The site loads again.
    Back,
    /// The user stopped it (or closed the window).
    Cancelled,
    /// [`MAX_WATCH`] passed without the site coming back.
    TimeLimit,
}

/// What a watch tells the window, as it happens. Times are RFC 3339, UTC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WatchEvent {
    /// A check finished ("down since 10:12 · checked 2 min ago").
    Checked {
        /// When it finished.
        at: String,
        /// What it said; none when the check could not run at all.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        verdict: Option<Verdict>,
        /// Since when the site has been seen down ([`WatchPlan::down_since`]).
        down_since: String,
        /// When the next check runs; none after the last one.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        next_at: Option<String>,
        /// How many checks this watch has run.
        checks: u32,
    },
    /// The site loads again. Sent at most once per watch.
    Back {
        /// When it was seen up.
        at: String,
        /// How long it was seen down, in seconds.
        #[ts(type = "number")]
        after_down_for_secs: u64,
        /// What the one check with the vantage services said: true when it loads from elsewhere
        /// too; none when they were not asked.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        confirmed_elsewhere: Option<bool>,
    },
    /// The watch ended; nothing follows.
    Stopped {
        /// Why.
        reason: StopReason,
    },
}

/// An OS notification's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// "shop.example.com is back."
    pub title: String,
    /// "It was down for about 14 min."
    pub body: String,
}

/// How the notification is worded, with `{site}` and `{minutes}` placeholders: the window's
/// catalogue entries `watch.back` and `watch.wasDown` in the user's language, sent when the
/// watch starts, so the notification speaks the window's language rather than Rust's English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NoticeWords {
    /// The title, e.g. "{site} is back.".
    pub title: String,
    /// The body, e.g. "It was down for about {minutes} min.".
    pub body: String,
}

impl Default for NoticeWords {
    /// The catalogue's English (the same words: `words.en.json` carries them to the UI's test).
    fn default() -> Self {
        Self { title: crate::text::WATCH_BACK.to_owned(), body: crate::text::WATCH_WAS_DOWN.to_owned() }
    }
}

/// Longest placeholder-filled text a notification keeps: a window could send anything.
const MAX_NOTICE_CHARS: usize = 300;

/// The notification for `site` being back after `secs` down, in `words`. Minutes as the
/// window's banner counts them: rounded, at least one.
pub fn back_notice(site: &str, secs: u64, words: &NoticeWords) -> Notice {
    let minutes = (secs.saturating_add(30) / 60).max(1).to_string();
    let fill = |s: &str| {
        s.replace("{site}", site).replace("{minutes}", &minutes).chars().take(MAX_NOTICE_CHARS).collect::<String>()
    };
    Notice { title: fill(&words.title), body: fill(&words.body) }
}

/// "It loads": a slow site is back too.
pub fn is_up(v: Verdict) -> bool {
    matches!(v, Verdict::Up | Verdict::Degraded)
}

/// Watches until the site is back, `cancel` fires, or `plan.max_total` passes (counted from the
/// first check); returns why it
/// ended (also sent as the last event). `check(vantage)` runs one diagnosis and says its verdict,
/// none when it could not run; it should stop early when `cancel` fires. `notify` is called once,
/// with [`back_notice`], when the site is back.
pub async fn watch<F, Fut>(
    site: &str,
    plan: &WatchPlan,
    clock: &dyn Clock,
    cancel: &CancellationToken,
    mut check: F,
    notify: impl FnOnce(Notice),
    mut emit: impl FnMut(WatchEvent),
) -> StopReason
where
    F: FnMut(bool) -> Fut,
    Fut: Future<Output = Option<Verdict>>,
{
    let start = clock.now();
    let down_since = plan.down_since.filter(|t| *t <= start).unwrap_or(start);
    let mut checks = 0u32;
    let reason = loop {
        if cancel.is_cancelled() {
            break StopReason::Cancelled;
        }
        let verdict = check(false).await;
        checks += 1;
        if cancel.is_cancelled() {
            break StopReason::Cancelled;
        }
        let at = clock.now();
        let watched = Duration::try_from(at - start).unwrap_or_default();
        let back = verdict.is_some_and(is_up);
        let delay = plan.delay(checks as usize - 1);
        let last = back || watched + delay > plan.max_total;
        let next_at = (!last).then(|| stamp(at + delay));
        emit(WatchEvent::Checked { at: stamp(at), verdict, down_since: stamp(down_since), next_at, checks });
        if back {
            let confirmed_elsewhere =
                if plan.confirm_elsewhere { Some(check(true).await.is_some_and(is_up)) } else { None };
            let secs = Duration::try_from(at - down_since).unwrap_or_default().as_secs();
            emit(WatchEvent::Back { at: stamp(at), after_down_for_secs: secs, confirmed_elsewhere });
            notify(back_notice(site, secs, &plan.words));
            break StopReason::Back;
        }
        if last {
            break StopReason::TimeLimit;
        }
        tokio::select! {
            () = clock.sleep(delay) => {}
            () = cancel.cancelled() => break StopReason::Cancelled,
        }
    };
    emit(WatchEvent::Stopped { reason });
    reason
}

fn stamp(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

#[cfg(test)]
mod tests;
