//! The help-desk report: one [`Diagnosis`] and the steps the user tried, rendered once here for
//! every caller (the CLI's `--report`, the window's "Copy for help desk" and "Save…"), so the
//! same run gives the same bytes wherever it is copied from.
//!
//! Plain text keeps every line within 80 columns and uses nothing an email client or a ticket
//! form mangles; Markdown is the same content with headings and a fenced appendix. Personal
//! details are replaced by stable labels before anything is written ([`Redaction`]).

mod appendix;
mod body;
mod layout;
mod redact;
pub(crate) mod when;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::diagnosis::{Confidence, Culprit, Diagnosis, NextStep, Verdict};

pub use body::deciding;
pub use redact::{redact_diagnosis, redact_diagnosis_with};

/// Everything the report is made from; what the window sends to `render_report`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportRequest {
    /// The run to report (unredacted: redaction happens here).
    pub diagnosis: Diagnosis,
    /// The steps the user tried in the wizard, in order.
    #[serde(default)]
    #[ts(as = "Option<Vec<TriedStep>>", optional)]
    pub tried: Vec<TriedStep>,
    /// Plain text (the default), Markdown, or the raw diagnosis as JSON.
    #[serde(default)]
    #[ts(as = "Option<ReportFormat>", optional)]
    pub format: ReportFormat,
    /// What to hide; everything by default.
    #[serde(default)]
    #[ts(as = "Option<Redaction>", optional)]
    pub redact: Redaction,
    /// Translated words by catalogue key (`sentence.just_you.dns_resolver`, `stepTitle.flush_dns`,
    /// `helpdesk.when`, ...), placeholders `{host}` and the like; missing keys stay English. The
    /// technical appendix is always English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub words: Option<HashMap<String, String>>,
    /// The user's UTC offset in minutes east of UTC (`-new Date().getTimezoneOffset()`), for the
    /// local time; without it only UTC is shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub utc_offset_minutes: Option<i32>,
    /// The run's start as the window words it in the app's language (`21. November 2026, 15:00`),
    /// shown before the UTC time in place of the numeric local time; at most 100 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub local_time: Option<String>,
    /// An incident id to reuse (e.g. one already read out on the phone); by default it is
    /// derived from the run itself, so every copy of one run carries the same id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub incident: Option<String>,
}

impl ReportRequest {
    /// A request for `diagnosis` with the defaults: text, everything redacted, English.
    pub fn new(diagnosis: Diagnosis) -> Self {
        Self {
            diagnosis,
            tried: Vec::new(),
            format: ReportFormat::Text,
            redact: Redaction::default(),
            words: None,
            utc_offset_minutes: None,
            local_time: None,
            incident: None,
        }
    }
}

/// The report's form.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReportFormat {
    /// Plain text, lines of at most 80 columns.
    #[default]
    Text,
    /// Markdown (GitHub flavour), lines of at most 80 columns.
    Markdown,
    /// The diagnosis document of `docs/json.md`, redacted, pretty-printed.
    Json,
}

/// What to hide before anything is shown, copied or saved. Every switch is on by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Redaction {
    /// This computer's own addresses (its network adapters' and the routes' source addresses),
    /// as `[my-ip-1]`, `[my-ip-2]`... Never the site's, the resolvers' or the router's.
    pub my_addresses: bool,
    /// Anything shaped like a MAC address, as `[mac-1]`...
    pub mac: bool,
    /// This computer's name, as `[hostname]`.
    pub hostname: bool,
    /// The user's login name as `[user]` and home folder as `[home]`, and the user part of
    /// `/home/<name>`, `/Users/<name>` and `C:\Users\<name>` paths.
    pub username_and_home: bool,
    /// Query strings and fragments of URLs (`?[query]`, `#[fragment]`) and any `user:password@`.
    pub url_query: bool,
}

impl Default for Redaction {
    fn default() -> Self {
        Self { my_addresses: true, mac: true, hostname: true, username_and_home: true, url_query: true }
    }
}

impl Redaction {
    /// Nothing hidden (`--no-redact`).
    pub const NONE: Redaction =
        Redaction { my_addresses: false, mac: false, hostname: false, username_and_home: false, url_query: false };
}

/// A verdict in short: what the run said before or after a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StepResult {
    /// Down for everyone, just you...
    pub verdict: Verdict,
    /// What was to blame.
    pub culprit: Culprit,
    /// How sure.
    pub confidence: Confidence,
}

impl StepResult {
    /// The result of a diagnosis.
    pub fn of(d: &Diagnosis) -> Self {
        Self { verdict: d.verdict, culprit: d.culprit, confidence: d.confidence }
    }
}

/// One step the user tried in the wizard, with the check before and after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TriedStep {
    /// Which step.
    pub step: NextStep,
    /// The result that led to it.
    pub before: StepResult,
    /// The result of the check after it; none when the user skipped it or did not re-check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub after: Option<StepResult>,
    /// What Site Doctor ran on this computer for it (flush, resolver switch, undo).
    #[serde(default)]
    #[ts(as = "Option<Vec<ActionNote>>", optional)]
    pub actions: Vec<ActionNote>,
}

/// Something the app ran on this computer, as a help desk needs it: what, how it came out, and
/// the exact commands. A neutral record: the shell converts the fix room's results into these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ActionNote {
    /// Which fix.
    pub kind: ActionKind,
    /// How it came out.
    pub outcome: ActionOutcome,
    /// The programs and D-Bus calls that ran, in order, in English: the argv joined by spaces
    /// with its exit status, e.g. `resolvectl flush-caches (exit 0)`.
    #[serde(default)]
    #[ts(as = "Option<Vec<String>>", optional)]
    pub ran: Vec<String>,
    /// More on it in English: the adapter and service switched to, why it was refused, the exit
    /// status of a failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub detail: Option<String>,
}

/// The fixes the app can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// Emptied the DNS cache.
    FlushDns,
    /// Switched an adapter to a public DNS service.
    SwitchResolver,
    /// Put the saved DNS servers back.
    UndoResolverSwitch,
}

/// How a fix came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ActionOutcome {
    /// It was done.
    Done,
    /// There was nothing to do (no DNS cache, nothing to undo).
    NothingToDo,
    /// Site Doctor or the system would not do it (a VPN, managed settings, no permission).
    Refused,
    /// It was tried and did not work.
    Failed,
    /// The user dismissed the password prompt.
    Cancelled,
}

/// Facts about this computer the report shows or hides: the OS and app version for the
/// appendix, and the names redaction looks for. Never sent by the window (it could not know
/// them all, and must not choose them): [`Machine::current`] reads them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Machine {
    /// OS name and version, e.g. `Linux 24.04 Ubuntu (kernel 6.8.0)`.
    pub os: String,
    /// Site Doctor's version.
    pub app_version: String,
    /// This computer's name.
    pub hostname: Option<String>,
    /// The user's login name.
    pub username: Option<String>,
    /// The user's home folder.
    pub home: Option<String>,
}

impl Machine {
    /// This computer, now.
    pub fn current() -> Self {
        use sysinfo::System;
        let os = match (System::long_os_version(), System::kernel_version()) {
            (Some(os), Some(k)) => format!("{os} (kernel {k})"),
            (Some(os), None) => os,
            (None, _) => std::env::consts::OS.to_owned(),
        };
        let env = |names: &[&str]| names.iter().find_map(|n| std::env::var(n).ok().filter(|v| !v.trim().is_empty()));
        Self {
            os,
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
            hostname: System::host_name().filter(|h| !h.trim().is_empty()),
            username: env(&["USER", "USERNAME", "LOGNAME"]),
            home: env(&["HOME", "USERPROFILE"]),
        }
    }
}

/// Renders the report for this computer (see [`render_with`]).
pub fn render(request: &ReportRequest) -> String {
    render_with(request, &Machine::current())
}

/// Renders the report with the given machine facts: redaction first, then the words, so nothing
/// personal can reach the output through any section.
pub fn render_with(request: &ReportRequest, machine: &Machine) -> String {
    // The id comes from the unredacted run so that switching a redaction off keeps it.
    let incident = request.incident.clone().unwrap_or_else(|| incident_id(&request.diagnosis));
    let mut redactor = redact::Redactor::new(&request.diagnosis, &request.redact, machine);
    let diagnosis = redactor.diagnosis(&request.diagnosis);
    if request.format == ReportFormat::Json {
        let mut json = serde_json::to_string_pretty(&diagnosis).unwrap_or_default();
        json.push('\n');
        return json;
    }
    let tried: Vec<TriedStep> = request.tried.iter().map(|t| redactor.tried(t)).collect();
    let incident = redactor.text(&incident);
    let words = body::Words::new(request.words.as_ref());
    let mut when = when::When::of(&diagnosis.started_at, request.utc_offset_minutes);
    // The window's own words for the local time, in the user's language; the UTC time stays
    // beside it, so a help desk elsewhere reads the same instant. Only where the local time
    // differs from UTC: there the CLI's and the window's reports of one run are the same bytes.
    if when.local.is_some()
        && let Some(local) = request.local_time.as_deref().map(str::trim).filter(|l| !l.is_empty())
    {
        when.local = Some(local.chars().take(100).collect());
    }
    let mut blocks = body::blocks(&diagnosis, &tried, &incident, &when, &words);
    blocks.extend(appendix::blocks(&diagnosis, machine, &words));
    layout::render(&blocks, request.format)
}

/// Crockford's base32 alphabet: no I, L, O or U, so an id read out on the phone is not misheard.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The incident id of a run, like `SD-4K7Q-9M2T`: 40 bits in 8 Crockford characters. The first
/// four come from the run's start (minutes since 2020, which orders ids by time and wraps after
/// about two years); the last four from a hash of the whole run (its timings and answers are as
/// good as random), so two runs in the same minute still differ, and the same run always gives
/// the same id, whichever renderer copies it.
pub fn incident_id(d: &Diagnosis) -> String {
    let minutes = when::minutes_since_2020(&d.started_at).unwrap_or(0);
    let hash = fnv1a(serde_json::to_string(d).unwrap_or_default().as_bytes());
    let bits = ((minutes & 0xF_FFFF) << 20) | (hash & 0xF_FFFF);
    let chars: String = (0..8).rev().map(|i| char::from(CROCKFORD[((bits >> (i * 5)) & 31) as usize])).collect();
    format!("SD-{}-{}", &chars[..4], &chars[4..])
}

/// FNV-1a, 64 bits: stable across Rust versions, unlike the standard library's hasher.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
pub(crate) mod tests_support {
    use crate::diagnosis::{Confidence, Culprit, Diagnosis, TargetInfo, Verdict};

    /// A diagnosis with nothing in it.
    pub(crate) fn empty() -> Diagnosis {
        Diagnosis {
            schema: 1,
            target: TargetInfo {
                input: "example.com".into(),
                url: "https://example.com/".into(),
                host: "example.com".into(),
                port: 443,
            },
            verdict: Verdict::Up,
            culprit: Culprit::None,
            confidence: Confidence::Confirmed,
            summary: String::new(),
            next_steps: Vec::new(),
            evidence: Default::default(),
            checks: Vec::new(),
            elapsed_ms: 0,
            started_at: "2026-11-21T14:00:00Z".into(),
        }
    }
}
