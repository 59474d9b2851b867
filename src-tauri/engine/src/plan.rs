//! Runs every probe at once under one deadline and a cancel token, streams progress, and starts
//! dependent steps (connections) the moment their input (addresses) exists.

use std::collections::{HashMap, HashSet};
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::OnceCell;
use tokio::task::JoinSet;
use tokio::time::Instant as TokioInstant;
use tokio_util::sync::CancellationToken;

use crate::config::{Config, ResolverAddr};
use crate::diagnosis::{Diagnosis, ProgressEvent, SCHEMA};
use crate::finding::{Check, ErrorClass, ms_since};
use crate::probe::{self, connectivity, dns, environment, tls::TlsSetup};
use crate::rules;
use crate::target::{Host, Target};

/// The default limit for a whole diagnosis.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(15);

/// How one run is bounded.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// The diagnosis returns by then with whatever evidence it has.
    pub deadline: Duration,
    /// Cancelling stops every probe at once.
    pub cancel: CancellationToken,
}

impl Default for RunOptions {
    fn default() -> Self {
        Self { deadline: DEFAULT_DEADLINE, cancel: CancellationToken::new() }
    }
}

/// The run was cancelled; nothing is left running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the check was cancelled")]
pub struct Cancelled;

/// What a finished probe task hands back: its finding, and addresses to connect to.
struct Done {
    check: Check,
    addrs: Vec<IpAddr>,
}

type Tasks = JoinSet<Done>;

struct Runner<'a, P> {
    tasks: Tasks,
    pending: HashMap<tokio::task::Id, (String, Option<String>)>,
    progress: &'a P,
}

impl<P: Fn(ProgressEvent)> Runner<'_, P> {
    fn spawn<F>(&mut self, id: &str, subject: Option<String>, fut: F)
    where
        F: std::future::Future<Output = Done> + Send + 'static,
    {
        (self.progress)(ProgressEvent::Started { id: id.to_owned(), subject: subject.clone() });
        let handle = self.tasks.spawn(fut);
        self.pending.insert(handle.id(), (id.to_owned(), subject));
    }
}

/// Diagnoses `target`: every probe at once, by the deadline, cancellable.
pub async fn diagnose<P>(target: Target, config: &Config, opts: RunOptions, progress: P) -> Result<Diagnosis, Cancelled>
where
    P: Fn(ProgressEvent) + Send + Sync,
{
    let started = std::time::Instant::now();
    let started_at =
        time::OffsetDateTime::now_utc().format(&time::format_description::well_known::Rfc3339).unwrap_or_default();
    let deadline = TokioInstant::now() + opts.deadline;
    let target = Arc::new(target);
    let (system, system_problem) = system_resolvers(config);
    let tls: Arc<OnceCell<TlsSetup>> = Arc::new(OnceCell::new());
    let mut run = Runner { tasks: JoinSet::new(), pending: HashMap::new(), progress: &progress };
    let mut checks: Vec<Check> = Vec::new();

    let proxy = environment::proxy();
    (progress)(ProgressEvent::Finished { check: proxy.clone() });
    checks.push(proxy);
    for url in &config.connectivity_probes {
        let (url, system) = (url.clone(), system.clone());
        run.spawn("connectivity.probe", Some(url.to_string()), async move {
            Done { check: connectivity::probe(&url, &system, deadline).await, addrs: Vec::new() }
        });
    }
    let mut seen: HashSet<IpAddr> = HashSet::new();
    match &target.host {
        Host::Ip(ip) => {
            seen.insert(*ip);
            spawn_connection(&mut run, &target, *ip, None, &tls, config, deadline);
        }
        Host::Domain(name) => {
            let (path, host) = (config.hosts_file.clone(), name.clone());
            run.spawn("environment.hosts", Some(path.display().to_string()), async move {
                let (check, addrs) = environment::hosts(&path, &host).await;
                Done { check, addrs }
            });
            match system_problem {
                Some(msg) => {
                    let c = Check::failed("dns.system", None, ErrorClass::Other, msg, 0);
                    (progress)(ProgressEvent::Finished { check: c.clone() });
                    checks.push(c);
                }
                None => spawn_dns(&mut run, "dns.system", None, system.clone(), name),
            }
            for alt in &config.alternates {
                spawn_dns(&mut run, "dns.alternate", Some(alt.to_string()), vec![*alt], name);
            }
        }
    }

    loop {
        tokio::select! {
            biased;
            () = opts.cancel.cancelled() => return Err(Cancelled),
            () = tokio::time::sleep_until(deadline) => {
                // Whatever has not finished is reported as such; dropping the set aborts it.
                let mut late: Vec<_> = run.pending.drain().map(|(_, v)| v).collect();
                late.sort();
                for (id, subject) in late {
                    let c = Check::failed(&id, subject, ErrorClass::Timeout, "not finished before the deadline".into(), ms_since(started));
                    (progress)(ProgressEvent::Finished { check: c.clone() });
                    checks.push(c);
                }
                break;
            }
            joined = run.tasks.join_next_with_id() => {
                let Some(joined) = joined else { break };
                let (tid, done) = match joined {
                    Ok(pair) => pair,
                    Err(e) => {
                        // A panicking probe is our bug: keep the run going and show it as evidence.
                        let (id, subject) = run.pending.remove(&e.id()).unwrap_or_default();
                        let c = Check::failed(&id, subject, ErrorClass::Other, "internal error in this check".into(), 0);
                        (progress)(ProgressEvent::Finished { check: c.clone() });
                        checks.push(c);
                        continue;
                    }
                };
                run.pending.remove(&tid);
                for ip in &done.addrs {
                    if seen.insert(*ip) {
                        spawn_connection(&mut run, &target, *ip, Some(done.check.elapsed_ms), &tls, config, deadline);
                    }
                }
                (progress)(ProgressEvent::Finished { check: done.check.clone() });
                checks.push(done.check);
            }
        }
    }
    drop(run);
    let decision = rules::decide(&target, &checks);
    Ok(Diagnosis {
        schema: SCHEMA,
        target: target.info(),
        verdict: decision.verdict,
        culprit: decision.culprit,
        confidence: decision.confidence,
        summary: decision.summary,
        next_steps: decision.next_steps,
        checks,
        elapsed_ms: ms_since(started),
        started_at,
    })
}

fn system_resolvers(config: &Config) -> (Vec<ResolverAddr>, Option<String>) {
    if !config.system_resolvers.is_empty() {
        return (config.system_resolvers.clone(), None);
    }
    match dns::system_servers() {
        Ok(list) if !list.is_empty() => (list, None),
        Ok(_) => (Vec::new(), Some("this computer has no DNS servers configured".into())),
        Err(e) => (Vec::new(), Some(format!("cannot read this computer's DNS settings: {e}"))),
    }
}

fn spawn_dns<P: Fn(ProgressEvent)>(
    run: &mut Runner<'_, P>,
    id: &'static str,
    subject: Option<String>,
    servers: Vec<ResolverAddr>,
    name: &str,
) {
    let name = name.to_owned();
    let sub = subject.clone();
    run.spawn(id, subject, async move {
        let (check, addrs) = dns::resolve_check(id, sub, &servers, &name).await;
        Done { check, addrs }
    });
}

fn spawn_connection<P: Fn(ProgressEvent)>(
    run: &mut Runner<'_, P>,
    target: &Arc<Target>,
    ip: IpAddr,
    dns_ms: Option<u64>,
    tls: &Arc<OnceCell<TlsSetup>>,
    config: &Config,
    deadline: TokioInstant,
) {
    let (target, tls, extra) = (target.clone(), tls.clone(), config.extra_ca.clone());
    run.spawn("site.connection", Some(probe::endpoint(ip, target.port)), async move {
        // The trust store is read once per run, by whichever connection needs it first.
        let setup = tls
            .get_or_init(|| async move {
                tokio::task::spawn_blocking(move || TlsSetup::load(extra.as_deref()).0)
                    .await
                    .unwrap_or_else(|_| TlsSetup::load(None).0)
            })
            .await;
        let check = probe::site_connection(&target, ip, dns_ms, setup, deadline).await;
        Done { check, addrs: Vec::new() }
    });
}
