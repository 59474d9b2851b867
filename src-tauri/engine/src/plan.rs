//! Runs every probe at once under one deadline and a cancel token, streams progress, and starts
//! dependent steps (connections) the moment their input (addresses) exists.

use crate::check_id::CheckId;
use std::collections::{HashMap, HashSet};
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::Instant as TokioInstant;
use tokio_util::sync::CancellationToken;

use crate::config::{Config, ResolverAddr};
use crate::diagnosis::{Diagnosis, ProgressEvent, SCHEMA};
use crate::finding::{Check, ErrorClass, ms_since};
use crate::probe::{self, Ctx, Next, connectivity, dns, doh, environment, loss, netinfo, proxy, vantage};
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

/// What a finished probe task hands back: its finding, addresses to connect to, and steps that
/// its outcome calls for.
struct Done {
    check: Check,
    addrs: Vec<IpAddr>,
    next: Vec<Next>,
}

impl Done {
    /// A finding and nothing more.
    fn of(check: Check) -> Self {
        Self { check, addrs: Vec::new(), next: Vec::new() }
    }
}

type Tasks = JoinSet<Done>;

struct Runner<'a, P> {
    tasks: Tasks,
    pending: HashMap<tokio::task::Id, (CheckId, Option<String>)>,
    progress: &'a P,
}

impl<P: Fn(ProgressEvent)> Runner<'_, P> {
    fn spawn<F>(&mut self, id: CheckId, subject: Option<String>, fut: F)
    where
        F: std::future::Future<Output = Done> + Send + 'static,
    {
        (self.progress)(ProgressEvent::Started { id, subject: subject.clone() });
        let handle = self.tasks.spawn(fut);
        self.pending.insert(handle.id(), (id, subject));
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
    let (system, system_problem, dns_servers) = netinfo::system_resolvers(&config.system_resolvers);
    let ctx = Arc::new(Ctx::new(system.clone(), deadline, config.extra_ca.clone()));
    let mut run = Runner { tasks: JoinSet::new(), pending: HashMap::new(), progress: &progress };
    let mut checks: Vec<Check> = Vec::new();

    let proxy = environment::proxy(&target);
    (progress)(ProgressEvent::Finished { check: proxy.clone() });
    checks.push(proxy);
    (progress)(ProgressEvent::Finished { check: dns_servers.clone() });
    checks.push(dns_servers);
    spawn_local(&mut run, &mut checks, &target, &ctx);
    for url in &config.connectivity_probes {
        let (url, system) = (url.clone(), system.clone());
        run.spawn(CheckId::ConnectivityProbe, Some(url.to_string()), async move {
            Done::of(connectivity::probe(&url, &system, deadline).await)
        });
    }
    spawn_vantage(&mut run, &mut checks, &target, config, deadline);
    let mut seen: HashSet<IpAddr> = HashSet::new();
    match &target.host {
        Host::Ip(ip) => {
            seen.insert(*ip);
            spawn_connection(&mut run, &target, *ip, None, &ctx);
        }
        Host::Domain(name) => {
            let (path, host) = (config.hosts_file.clone(), name.clone());
            run.spawn(CheckId::EnvironmentHosts, Some(path.display().to_string()), async move {
                let (check, addrs) = environment::hosts(&path, &host).await;
                Done { check, addrs, next: Vec::new() }
            });
            match system_problem {
                Some(msg) => {
                    let c = Check::failed(CheckId::DnsSystem, None, ErrorClass::Other, msg, 0);
                    (progress)(ProgressEvent::Finished { check: c.clone() });
                    checks.push(c);
                }
                None => spawn_dns(&mut run, CheckId::DnsSystem, None, system.clone(), name),
            }
            for alt in &config.alternates {
                spawn_dns(&mut run, CheckId::DnsAlternate, Some(alt.to_string()), vec![*alt], name);
            }
            let resolvers: Vec<ResolverAddr> = system.iter().chain(&config.alternates).copied().collect();
            let asked = name.clone();
            run.spawn(CheckId::ConnectivityLoss, None, async move {
                Done::of(loss::measure(resolvers, asked, deadline).await)
            });
            for url in &config.doh {
                let (url, name, ctx) = (url.clone(), name.clone(), ctx.clone());
                run.spawn(CheckId::DnsDoh, Some(url.to_string()), async move {
                    let (check, addrs) = doh::resolve_check(&url, &name, &ctx).await;
                    Done { check, addrs, next: Vec::new() }
                });
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
                    let c = Check::failed(id, subject, ErrorClass::Timeout, "not finished before the deadline".into(), ms_since(started));
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
                        let Some((id, subject)) = run.pending.remove(&e.id()) else { continue };
                        let c = Check::failed(id, subject, ErrorClass::Other, "internal error in this check".into(), 0);
                        (progress)(ProgressEvent::Finished { check: c.clone() });
                        checks.push(c);
                        continue;
                    }
                };
                run.pending.remove(&tid);
                for ip in &done.addrs {
                    if seen.insert(*ip) {
                        spawn_connection(&mut run, &target, *ip, Some(done.check.elapsed_ms), &ctx);
                    }
                }
                for Next::PlainHttp(ip) in done.next.iter().copied() {
                    let (target, ctx) = (target.clone(), ctx.clone());
                    run.spawn(CheckId::SiteConnectionHttp, Some(probe::endpoint(ip, 80)), async move {
                        Done::of(probe::plain_http(&target, ip, &ctx).await)
                    });
                }
                (progress)(ProgressEvent::Finished { check: done.check.clone() });
                checks.push(done.check);
            }
        }
    }
    drop(run);
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

/// Other places on the internet, asked only with consent; they must report before the deadline.
fn spawn_vantage<P: Fn(ProgressEvent)>(
    run: &mut Runner<'_, P>,
    checks: &mut Vec<Check>,
    target: &Arc<Target>,
    config: &Config,
    deadline: TokioInstant,
) {
    let services = [(CheckId::VantageGlobalping, &config.globalping), (CheckId::VantageCheckHost, &config.check_host)];
    let client = config.vantage_enabled.then(vantage::client).transpose();
    let client = match client {
        Ok(Some(c)) => c,
        // Turned off, or no HTTP client could be made: say which, never both as "off".
        other => {
            for (id, url) in services {
                let c = match &other {
                    Err(e) => vantage::could_not_ask(id, url, e),
                    _ => vantage::not_allowed(id, url),
                };
                (run.progress)(ProgressEvent::Finished { check: c.clone() });
                checks.push(c);
            }
            return;
        }
    };
    // Leave time for the answer to count: a result that lands after the deadline is wasted.
    let until = deadline.checked_sub(Duration::from_millis(300)).unwrap_or(deadline);
    for (id, url) in services {
        let (client, url, target) = (client.clone(), url.clone(), target.clone());
        run.spawn(id, url.host_str().map(str::to_owned), async move {
            let start = std::time::Instant::now();
            let result = if id == CheckId::VantageGlobalping {
                vantage::globalping::ask(&client, &url, &target, until).await
            } else {
                vantage::check_host::ask(&client, &url, &target, until).await
            };
            Done::of(vantage::to_check(id, &url, start, result))
        });
    }
}

fn spawn_dns<P: Fn(ProgressEvent)>(
    run: &mut Runner<'_, P>,
    id: CheckId,
    subject: Option<String>,
    servers: Vec<ResolverAddr>,
    name: &str,
) {
    let name = name.to_owned();
    let sub = subject.clone();
    run.spawn(id, subject, async move {
        let (check, addrs) = dns::resolve_check(id, sub, &servers, &name).await;
        Done { check, addrs, next: Vec::new() }
    });
}

fn spawn_connection<P: Fn(ProgressEvent)>(
    run: &mut Runner<'_, P>,
    target: &Arc<Target>,
    ip: IpAddr,
    dns_ms: Option<u64>,
    ctx: &Arc<Ctx>,
) {
    let (target, ctx) = (target.clone(), ctx.clone());
    run.spawn(CheckId::SiteConnection, Some(probe::endpoint(ip, target.port)), async move {
        let (check, next) = probe::site_connection(&target, ip, dns_ms, &ctx).await;
        Done { check, addrs: Vec::new(), next }
    });
}

/// This computer's interfaces and route (blocking OS calls, off the async threads), and the
/// proxy from the environment, tried side by side with the direct connections.
fn spawn_local<P: Fn(ProgressEvent)>(
    run: &mut Runner<'_, P>,
    checks: &mut Vec<Check>,
    target: &Arc<Target>,
    ctx: &Arc<Ctx>,
) {
    for (id, probe) in [
        (CheckId::EnvironmentInterfaces, netinfo::interfaces as fn() -> Check),
        (CheckId::EnvironmentRoute, netinfo::route),
    ] {
        run.spawn(id, None, async move {
            let check = tokio::task::spawn_blocking(probe).await.unwrap_or_else(|_| {
                Check::failed(id, None, ErrorClass::Other, "internal error in this check".into(), 0)
            });
            Done::of(check)
        });
    }
    match proxy::choose(target, &|v| std::env::var(v).ok()) {
        proxy::Choice::Direct | proxy::Choice::Bypass(_) => {}
        proxy::Choice::Skip(c) => {
            (run.progress)(ProgressEvent::Finished { check: (*c).clone() });
            checks.push(*c);
        }
        proxy::Choice::Via(via) => {
            let (target, ctx) = (target.clone(), ctx.clone());
            run.spawn(CheckId::SiteProxy, Some(via.shown()), async move {
                Done::of(proxy::site_proxy(&target, &via, &ctx).await)
            });
        }
    }
}
