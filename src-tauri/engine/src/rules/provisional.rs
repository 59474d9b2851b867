//! Whether the answer is settled before every check is in. The verdict table is asked again with
//! each still-running check replaced by each way it could plausibly end; when every such future
//! gives the same verdict and culprit, the answer can be shown now ("probably …") without any
//! risk of taking it back. When the confidence holds too, nothing left can change what the user
//! is told, and the run need not wait any longer. When only the places elsewhere could change
//! it, what this computer found is still worth showing as a first answer (`Settled::Local`).
//!
//! Only checks whose ways of ending are few and known are modelled: the places elsewhere, the
//! connections to the site's addresses (with the plain-HTTP attempt a failed one calls for), the
//! plain-HTTP (port 80) attempts, the connectivity checks, the loss sampler and the trust store. Any other check
//! still running (a lookup, say) keeps the answer open: its result can move the verdict in too
//! many ways. So once one address has loaded, another still connecting is waited for only while
//! its result could still change the answer (its timing out, say, makes the site "degraded" by
//! IPv6).

use crate::check_id::CheckId;
use crate::diagnosis::Verdict;
use crate::finding::{Check, ErrorClass, Phases, Status, VantagePoint};
use crate::target::Target;

use super::{Decision, decide};

/// Past this many futures the question is not worth its cost: the answer stays open.
const MAX_FUTURES: usize = 1024;

/// How far the answer is settled against the checks still running.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settled {
    /// A check still running could change the verdict or the culprit.
    Open,
    /// What this computer found holds however its own checks still running end, but the places
    /// elsewhere, not heard yet, may still change it: worth showing as a first answer ("probably
    /// …, checking from other places"), never worth stopping for.
    Local(Decision),
    /// The verdict and culprit hold, however the running checks end; the confidence may still
    /// change (the places elsewhere can confirm it).
    Outcome(Decision),
    /// Verdict, culprit and confidence hold, however the running checks end: stop waiting.
    Final(Decision),
}

/// The finding a check gets when the run stops waiting for it because its result could not
/// change the answer: skipped, never a failure that would contradict the verdict.
pub fn not_waited(id: CheckId, subject: Option<String>, elapsed_ms: u64) -> Check {
    let mut c = Check::new(id, subject, Status::Skipped, elapsed_ms);
    c.detail.error = Some(ErrorClass::NotNeeded);
    c.detail.message = Some("not waited for: its result could not change the answer".into());
    c
}

/// Decides `checks` now and tells how settled that answer is against the `pending` checks
/// (id and subject of each job still running).
pub fn settled(target: &Target, checks: &[Check], pending: &[(CheckId, Option<String>)], now_unix: i64) -> Settled {
    // Runs after every finding: the cheap refusals come before asking the table anything.
    let mut ends: Vec<Vec<Way>> = Vec::with_capacity(pending.len());
    // Where the places elsewhere's ways are in `ends`; their first way is not being heard.
    let mut elsewhere_at = None;
    for (id, subject) in pending {
        // The rules read the places elsewhere only as one pool (did any load the site, accept or
        // refuse its certificate): every pool two services can make, one alone can make too. So
        // one service's ways stand for all of them, the others' for not being heard.
        if matches!(id, CheckId::VantageGlobalping | CheckId::VantageCheckHost) {
            if elsewhere_at.is_some() {
                continue;
            }
            elsewhere_at = Some(ends.len());
        }
        match ways_to_end(*id, subject.as_deref(), target.is_https()) {
            Some(ways) => ends.push(ways),
            None => return Settled::Open,
        }
    }
    let now = decide(target, checks, now_unix);
    match weigh(target, checks, &ends, &now, now_unix) {
        Some(true) => return Settled::Final(now),
        Some(false) => return Settled::Outcome(now),
        None => {}
    }
    // The places elsewhere could change it; does this computer's own evidence hold meanwhile?
    // "Can't tell yet" is no first answer: they are what will tell.
    let Some(at) = elsewhere_at else { return Settled::Open };
    if now.verdict == Verdict::Inconclusive {
        return Settled::Open;
    }
    ends[at].truncate(1);
    match weigh(target, checks, &ends, &now, now_unix) {
        Some(_) => Settled::Local(now),
        None => Settled::Open,
    }
}

/// Whether `now`'s verdict and culprit hold in every future the `ends` make (each pending check
/// ending each of its ways); `Some(true)` when the confidence holds too, `None` when the outcome
/// does not or the futures are too many to weigh.
fn weigh(target: &Target, checks: &[Check], ends: &[Vec<Way>], now: &Decision, now_unix: i64) -> Option<bool> {
    let futures = ends.iter().try_fold(1usize, |n, ways| n.checked_mul(ways.len()));
    if futures.is_none_or(|n| n > MAX_FUTURES) {
        return None;
    }
    let mut confidence_holds = true;
    // One index per pending check, counted like the digits of a number.
    let mut pick = vec![0usize; ends.len()];
    let mut future: Vec<Check> = Vec::with_capacity(checks.len() + ends.len());
    loop {
        future.clear();
        future.extend_from_slice(checks);
        future.extend(pick.iter().zip(ends).flat_map(|(i, ways)| ways[*i].iter().cloned()));
        let then = decide(target, &future, now_unix);
        if then.outcome != now.outcome {
            return None;
        }
        confidence_holds &= then.confidence == now.confidence;
        if !next(&mut pick, ends) {
            return Some(confidence_holds);
        }
    }
}

/// Advances `pick` to the next combination; false once every one was seen.
fn next(pick: &mut [usize], ends: &[Vec<Way>]) -> bool {
    for (i, ways) in pick.iter_mut().zip(ends) {
        *i += 1;
        if *i < ways.len() {
            return true;
        }
        *i = 0;
    }
    false
}

/// One way a running check can end: its finding, and those of the steps it calls for.
type Way = Vec<Check>;

/// The ways a running check can plausibly end; `None` when they are too many to list. Each list
/// includes the finding for "not waited for" and, in effect, the one the deadline writes ("not
/// finished": a failure without evidence), so that the final answer is always one of the
/// futures weighed.
fn ways_to_end(id: CheckId, subject: Option<&str>, https: bool) -> Option<Vec<Way>> {
    let one = |checks: Vec<Check>| checks.into_iter().map(|c| vec![c]).collect();
    let subject = subject.map(str::to_owned);
    match id {
        CheckId::VantageGlobalping | CheckId::VantageCheckHost => Some(one(elsewhere(id, subject, https))),
        CheckId::SiteConnectionHttp => Some(one(port80(subject))),
        CheckId::SiteConnection => connection(subject?, https),
        CheckId::ConnectivityProbe => Some(one(connectivity(subject))),
        CheckId::ConnectivityLoss => Some(one(loss(subject))),
        CheckId::EnvironmentTrustStore => Some(one(trust_store())),
        _ => None,
    }
}

/// A connectivity check: the rules read whether it passed, met a sign-in page (a warning), or
/// failed, and whether that failure was a timeout.
fn connectivity(subject: Option<String>) -> Vec<Check> {
    let id = CheckId::ConnectivityProbe;
    let failed = |class| Check::failed(id, subject.clone(), class, String::new(), 0);
    vec![
        not_waited(id, subject.clone(), 0),
        Check::new(id, subject.clone(), Status::Pass, 0),
        Check::new(id, subject.clone(), Status::Warn, 0),
        failed(ErrorClass::Timeout),
        failed(ErrorClass::ConnectionRefused),
    ]
}

/// The trust store: read in full, or not (a warning).
fn trust_store() -> Vec<Check> {
    let id = CheckId::EnvironmentTrustStore;
    vec![not_waited(id, None, 0), Check::new(id, None, Status::Pass, 0), Check::new(id, None, Status::Warn, 0)]
}

/// The loss sampler: the rules read whether it measured the link clean or lossy (a warning with
/// its share); heard from no resolver, it is skipped like a check not waited for.
fn loss(subject: Option<String>) -> Vec<Check> {
    let id = CheckId::ConnectivityLoss;
    let measured = |status, percent| {
        let mut c = Check::new(id, subject.clone(), status, 0);
        c.detail.loss_percent = Some(percent);
        c
    };
    vec![not_waited(id, subject.clone(), 0), measured(Status::Pass, 0), measured(Status::Warn, 30)]
}

/// A connection to one address of the site (`ip:port`). The rules read whether and how it
/// answered (working, refused, failing), how slowly, and why it failed: each kind is one way to
/// end. Failing before any answer over HTTPS calls for plain HTTP on port 80 there, so each such
/// way comes with each of port 80's. Not modelled: a second server's headers beyond its status
/// (its clock, its name), which the rules read only for an expired certificate or beside a
/// resolver's different answer.
fn connection(subject: String, https: bool) -> Option<Vec<Way>> {
    let ip = subject.parse::<std::net::SocketAddr>().ok()?.ip();
    let attempt = |code: Option<u16>, error: Option<ErrorClass>, connect_ms: Option<u64>, first_byte_ms| {
        let status = if code.is_some_and(|c| c < 500) { Status::Pass } else { Status::Fail };
        let mut c = Check::new(CheckId::SiteConnection, Some(subject.clone()), status, 0);
        c.detail.address = Some(subject.clone());
        (c.detail.status_code, c.detail.error) = (code, error);
        c.detail.phases = Some(Phases { connect_ms, first_byte_ms, ..Phases::default() });
        c
    };
    let mut ways: Vec<Way> = vec![
        vec![not_waited(CheckId::SiteConnection, Some(subject.clone()), 0)],
        vec![attempt(Some(200), None, Some(10), Some(10))],
        vec![attempt(Some(200), None, Some(1_600), Some(10))],
        vec![attempt(Some(200), None, Some(10), Some(3_000))],
        vec![attempt(Some(404), None, Some(10), Some(10))],
        vec![attempt(Some(502), None, Some(10), Some(10))],
        // An answer that never came after the request: no port 80 step.
        vec![attempt(None, Some(ErrorClass::Timeout), Some(10), None)],
    ];
    let mut before_http = vec![
        attempt(None, Some(ErrorClass::Timeout), None, None),
        attempt(None, Some(ErrorClass::ConnectionRefused), None, None),
        attempt(None, Some(ErrorClass::ConnectionReset), Some(10), None),
    ];
    if https {
        before_http.push(attempt(None, Some(ErrorClass::Timeout), Some(10), None));
        for class in [ErrorClass::TlsExpired, ErrorClass::TlsUntrusted, ErrorClass::TlsNameMismatch] {
            before_http.push(attempt(None, Some(class), Some(10), None));
        }
        let plain = port80(Some(crate::probe::endpoint(ip, 80)));
        ways.extend(before_http.into_iter().flat_map(|c| plain.iter().map(move |p| vec![c.clone(), p.clone()])));
    } else {
        ways.extend(before_http.into_iter().map(|c| vec![c]));
    }
    Some(ways)
}

/// A service of places elsewhere. The rules read three things of its places: whether any loaded
/// the site, whether any accepted its certificate, whether any refused it. Each combination of
/// those that can happen is one way to end, and so is not being heard at all.
fn elsewhere(id: CheckId, subject: Option<String>, https: bool) -> Vec<Check> {
    let point = |code: Option<u16>, tls: Option<bool>| VantagePoint {
        location: "elsewhere".into(),
        status_code: code,
        error: code.is_none().then(|| "connect ETIMEDOUT".into()),
        tls_authorized: tls,
        ..VantagePoint::default()
    };
    let mut sets: Vec<Vec<VantagePoint>> = vec![vec![point(None, None)]];
    for code in [Some(200), Some(502)] {
        sets.push(vec![point(code, None)]);
        // Certificates only over https; places may disagree about them.
        if https {
            sets.push(vec![point(code, Some(true))]);
            sets.push(vec![point(code, Some(false))]);
            sets.push(vec![point(code, Some(true)), point(code, Some(false))]);
        }
    }
    let mut ways = vec![not_waited(id, subject.clone(), 0)];
    for points in sets {
        let status = if points.iter().any(VantagePoint::loaded) { Status::Pass } else { Status::Fail };
        let mut c = Check::new(id, subject.clone(), status, 0);
        c.detail.vantage = Some(points);
        ways.push(c);
    }
    ways
}

/// Plain HTTP on port 80. The rules read whether it loaded, whether any HTTP answer came, whether
/// the connect was slow (which reads as loss), and whether a full-sized answer got through (which
/// rules out a path-MTU black hole): each combination is one way to end.
fn port80(subject: Option<String>) -> Vec<Check> {
    let attempt = |status, code, error, connect_ms: Option<u64>| {
        let mut c = Check::new(CheckId::SiteConnectionHttp, subject.clone(), status, 0);
        c.detail.address.clone_from(&subject);
        c.detail.status_code = code;
        c.detail.error = error;
        c.detail.phases = connect_ms.map(|ms| Phases { connect_ms: Some(ms), ..Phases::default() });
        c
    };
    let large = |mut c: Check| {
        c.detail.body_bytes = Some(16_384);
        c
    };
    vec![
        not_waited(CheckId::SiteConnectionHttp, subject.clone(), 0),
        attempt(Status::Pass, Some(301), None, Some(10)),
        attempt(Status::Pass, Some(301), None, Some(1_000)),
        large(attempt(Status::Pass, Some(200), None, Some(10))),
        attempt(Status::Fail, Some(502), None, Some(10)),
        attempt(Status::Fail, Some(502), None, Some(1_000)),
        attempt(Status::Fail, None, Some(ErrorClass::ConnectionRefused), None),
        attempt(Status::Fail, None, Some(ErrorClass::Timeout), None),
        attempt(Status::Fail, None, Some(ErrorClass::Timeout), Some(1_000)),
    ]
}

impl Settled {
    /// The answer that holds, if any.
    pub fn decision(&self) -> Option<&Decision> {
        match self {
            Settled::Open => None,
            Settled::Local(d) | Settled::Outcome(d) | Settled::Final(d) => Some(d),
        }
    }
}

#[cfg(test)]
#[path = "provisional_tests.rs"]
mod tests;
