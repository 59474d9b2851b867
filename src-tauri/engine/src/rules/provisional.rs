//! Whether the answer is settled before every check is in. The verdict table is asked again with
//! each still-running check replaced by each way it could plausibly end; when every such future
//! gives the same verdict and culprit, the answer can be shown now ("probably …") without any
//! risk of taking it back. When the confidence holds too, nothing left can change what the user
//! is told, and the run need not wait any longer.
//!
//! Only checks whose ways of ending are few and known are modelled: the places elsewhere and the
//! plain-HTTP (port 80) attempts. Any other check still running (a lookup, a connection, the
//! connectivity checks) keeps the answer open: its result can move the verdict in too many ways.

use crate::check_id::CheckId;
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
    c.detail.error = Some(ErrorClass::NotRun);
    c.detail.message = Some("not waited for: its result could not change the answer".into());
    c
}

/// Decides `checks` now and tells how settled that answer is against the `pending` checks
/// (id and subject of each job still running).
pub fn settled(target: &Target, checks: &[Check], pending: &[(CheckId, Option<String>)], now_unix: i64) -> Settled {
    // Runs after every finding: the cheap refusals come before asking the table anything.
    let mut ends: Vec<Vec<Check>> = Vec::with_capacity(pending.len());
    for (id, subject) in pending {
        match ways_to_end(*id, subject.as_deref(), target.is_https()) {
            Some(ways) => ends.push(ways),
            None => return Settled::Open,
        }
    }
    let futures = ends.iter().try_fold(1usize, |n, ways| n.checked_mul(ways.len()));
    if futures.is_none_or(|n| n > MAX_FUTURES) {
        return Settled::Open;
    }
    let now = decide(target, checks, now_unix);
    let mut confidence_holds = true;
    // One index per pending check, counted like the digits of a number.
    let mut pick = vec![0usize; ends.len()];
    let mut future: Vec<Check> = Vec::with_capacity(checks.len() + ends.len());
    loop {
        future.clear();
        future.extend_from_slice(checks);
        future.extend(pick.iter().zip(&ends).map(|(i, ways)| ways[*i].clone()));
        let then = decide(target, &future, now_unix);
        if then.outcome != now.outcome {
            return Settled::Open;
        }
        confidence_holds &= then.confidence == now.confidence;
        if !next(&mut pick, &ends) {
            break;
        }
    }
    if confidence_holds { Settled::Final(now) } else { Settled::Outcome(now) }
}

/// Advances `pick` to the next combination; false once every one was seen.
fn next(pick: &mut [usize], ends: &[Vec<Check>]) -> bool {
    for (i, ways) in pick.iter_mut().zip(ends) {
        *i += 1;
        if *i < ways.len() {
            return true;
        }
        *i = 0;
    }
    false
}

/// The ways a running check can plausibly end, as findings; `None` when they are too many to
/// list. Each list includes the finding for "not waited for" and, in effect, the one the
/// deadline writes ("not finished": a failure without evidence), so that the final answer is
/// always one of the futures weighed.
fn ways_to_end(id: CheckId, subject: Option<&str>, https: bool) -> Option<Vec<Check>> {
    let subject = subject.map(str::to_owned);
    match id {
        CheckId::VantageGlobalping | CheckId::VantageCheckHost => Some(elsewhere(id, subject, https)),
        CheckId::SiteConnectionHttp => Some(port80(subject)),
        _ => None,
    }
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
            Settled::Outcome(d) | Settled::Final(d) => Some(d),
        }
    }
}

#[cfg(test)]
#[path = "provisional_tests.rs"]
mod tests;
