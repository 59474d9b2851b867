//! Runs every probe at once under one deadline and a cancel token, streams progress, and starts
//! dependent steps (connections) the moment their input (addresses) exists. Which probes a run
//! has is the registry's business (`plan/registry.rs`); this file only schedules them.

mod registry;
mod status_jobs;

use crate::check_id::CheckId;
use std::collections::{HashMap, HashSet};
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::Instant as TokioInstant;
use tokio_util::sync::CancellationToken;

use crate::config::Config;
use crate::diagnosis::{Diagnosis, ProgressEvent, SCHEMA};
use crate::finding::{Check, ErrorClass, ms_since};
use crate::probe::{Ctx, Failure};
use crate::rules::{self, Outcome, provisional::Settled};
use crate::target::Target;
use registry::{Done, Entry, Job};

/// The default limit for a whole diagnosis.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(15);

/// How one run is bounded.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// The diagnosis returns by then with whatever evidence it has.
    pub deadline: Duration,
    /// Cancelling stops every probe at once.
    pub cancel: CancellationToken,
    /// The OS proxy setting, read by the caller; used for `site.proxy` when no proxy variable
    /// is set.
    pub os_proxy: Option<crate::os_proxy::OsProxyInput>,
}

impl Default for RunOptions {
    fn default() -> Self {
        Self { deadline: DEFAULT_DEADLINE, cancel: CancellationToken::new(), os_proxy: None }
    }
}

/// The run was cancelled; nothing is left running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the check was cancelled")]
pub struct Cancelled;

/// One run in progress: the probes still running and every finding so far, each reported the
/// moment it starts or is recorded.
struct Runner<'a, P> {
    tasks: JoinSet<Done>,
    pending: HashMap<tokio::task::Id, (CheckId, Option<String>)>,
    progress: &'a P,
    checks: Vec<Check>,
    /// Addresses already connected to, so that each gets one `site.connection`.
    seen: HashSet<IpAddr>,
    target: Arc<Target>,
    ctx: Arc<Ctx>,
    /// The run's start, for the rules' clock comparison.
    now_unix: i64,
    /// The outcome last sent as provisional, so that it is sent once.
    shown: Option<Outcome>,
    /// The status pages asked so far, and how to ask more.
    status: status_jobs::StatusJobs,
}

impl<P: Fn(ProgressEvent)> Runner<'_, P> {
    /// Reports a finding and keeps it: the one way a finding enters the run.
    fn record(&mut self, check: Check) {
        (self.progress)(ProgressEvent::Finished { check: check.clone() });
        self.checks.push(check);
    }

    /// Reports a job as started and runs it.
    fn start(&mut self, job: Job) {
        (self.progress)(ProgressEvent::Started { id: job.id, subject: job.subject.clone() });
        let handle = self.tasks.spawn(job.work);
        self.pending.insert(handle.id(), (job.id, job.subject));
    }

    /// `site.connection` to `ip`, unless it already has one.
    fn connect(&mut self, ip: IpAddr, dns_ms: Option<u64>) {
        if self.seen.insert(ip) {
            let job = registry::connection(&self.target, ip, dns_ms, &self.ctx);
            self.start(job);
        }
    }

    /// The status pages a finding names, asked (or said not to be) once each.
    fn status_pages(&mut self, check: &Check) {
        for step in self.status.after(check, self.ctx.deadline) {
            match step {
                status_jobs::Step::Start(job) => self.start(job),
                status_jobs::Step::Known(c) => {
                    (self.progress)(ProgressEvent::Started { id: c.id, subject: c.subject.clone() });
                    self.record(*c);
                }
            }
        }
    }

    /// Starts what a finished probe calls for, then records its finding.
    fn finished(&mut self, done: Done) {
        self.status_pages(&done.check);
        for c in &done.also {
            self.status_pages(c);
        }
        for ip in &done.addrs {
            self.connect(*ip, Some(done.check.elapsed_ms));
        }
        for next in done.next.iter().copied() {
            let job = registry::follow_up(next, &self.target, &self.ctx);
            self.start(job);
        }
        self.record(done.check);
        for job in done.running {
            self.start(job);
        }
        for check in done.also {
            // Started and finished inside the probe that ran it: reported as both at once.
            (self.progress)(ProgressEvent::Started { id: check.id, subject: check.subject.clone() });
            self.record(check);
        }
    }

    /// After a finding: sends the answer as provisional once the running checks cannot change it,
    /// and says whether nothing they could find would change what the user is told (so the run
    /// can stop waiting).
    fn settle(&mut self) -> bool {
        if self.pending.is_empty() {
            return false;
        }
        // A status page never changes the verdict, but what it says is told beside it: it is
        // waited for (its own limit and the deadline bound it), not weighed.
        let (status, running): (Vec<_>, Vec<_>) =
            self.pending.values().cloned().partition(|(id, _)| id.family() == crate::check_id::CheckFamily::Status);
        match rules::provisional::settled(&self.target, &self.checks, &running, self.now_unix) {
            Settled::Open => false,
            Settled::Final(_) if status.is_empty() => true,
            Settled::Final(d) | Settled::Local(d) | Settled::Outcome(d) => {
                // Sent once per outcome: an `Outcome` cannot change from here on (the futures
                // weighed include every later one) and only its confidence firms up; a `Local` one
                // changes, if at all, once the places elsewhere answer.
                if self.shown != Some(d.outcome) {
                    self.shown = Some(d.outcome);
                    let event =
                        ProgressEvent::Provisional { outcome: d.outcome, confidence: d.confidence, summary: d.summary };
                    (self.progress)(event);
                }
                false
            }
        }
    }

    /// Records every job still running as not waited for, in a stable order; they are aborted
    /// when the run ends.
    fn stop_waiting(&mut self, started: std::time::Instant) {
        let mut late: Vec<_> = self.pending.drain().map(|(_, v)| v).collect();
        late.sort();
        for (id, subject) in late {
            self.record(rules::provisional::not_waited(id, subject, ms_since(started)));
        }
    }

    /// Waits for every job (and those they call for) until the deadline, a cancel, or the moment
    /// no job still running could change the answer, and returns the findings; whatever is still
    /// running then is dropped, which aborts it.
    async fn run(
        mut self,
        cancel: &CancellationToken,
        deadline: TokioInstant,
        started: std::time::Instant,
    ) -> Result<Vec<Check>, Cancelled> {
        loop {
            tokio::select! {
                biased;
                () = cancel.cancelled() => return Err(Cancelled),
                () = tokio::time::sleep_until(deadline) => {
                    // Whatever has not finished is reported as such.
                    let mut late: Vec<_> = self.pending.drain().map(|(_, v)| v).collect();
                    late.sort();
                    for (id, subject) in late {
                        let missed = Failure::new(ErrorClass::Timeout, "not finished before the deadline");
                        self.record(missed.into_check(id, subject, ms_since(started)));
                    }
                    break;
                }
                joined = self.tasks.join_next_with_id() => {
                    let Some(joined) = joined else { break };
                    match joined {
                        Ok((tid, done)) => {
                            self.pending.remove(&tid);
                            self.finished(done);
                            // Nothing still running can change the answer: stop waiting for it.
                            if self.settle() {
                                self.stop_waiting(started);
                                break;
                            }
                        }
                        Err(e) => {
                            // A panicking probe is our bug: keep the run going and show it as evidence.
                            let Some((id, subject)) = self.pending.remove(&e.id()) else { continue };
                            let bug = Failure::new(ErrorClass::Other, "internal error in this check");
                            self.record(bug.into_check(id, subject, 0));
                        }
                    }
                }
            }
        }
        Ok(self.checks)
    }
}

/// Diagnoses `target`: every probe at once, by the deadline, cancellable.
pub async fn diagnose<P>(target: Target, config: &Config, opts: RunOptions, progress: P) -> Result<Diagnosis, Cancelled>
where
    P: Fn(ProgressEvent) + Send + Sync,
{
    let started = std::time::Instant::now();
    let now = time::OffsetDateTime::now_utc();
    let started_at = now.format(&time::format_description::well_known::Rfc3339).unwrap_or_default();
    let deadline = TokioInstant::now() + opts.deadline;
    let target = Arc::new(target);
    let plan = registry::build(&target, config, deadline, opts.os_proxy.as_ref());
    let mut run = Runner {
        tasks: JoinSet::new(),
        pending: HashMap::new(),
        progress: &progress,
        checks: Vec::new(),
        seen: HashSet::new(),
        target: target.clone(),
        ctx: plan.ctx,
        now_unix: now.unix_timestamp(),
        shown: None,
        status: status_jobs::StatusJobs::new(config),
    };
    for entry in plan.entries {
        match entry {
            Entry::Known(check) => run.record(*check),
            Entry::Start(job) => run.start(job),
            Entry::Address(ip) => run.connect(ip, None),
        }
    }
    let checks = run.run(&opts.cancel, deadline, started).await?;
    let decision = rules::decide(&target, &checks, now.unix_timestamp());
    Ok(Diagnosis {
        schema: SCHEMA,
        target: target.info(),
        verdict: decision.verdict,
        culprit: decision.culprit,
        confidence: decision.confidence,
        summary: decision.summary,
        next_steps: decision.next_steps,
        evidence: decision.evidence,
        checks,
        elapsed_ms: ms_since(started),
        started_at,
    })
}
