//! What a run is made of: from the target and the config, the findings known at once and the probe
//! jobs to start, in the order they are reported; and the follow-up jobs that a finished probe's
//! outcome calls for. When and how they run is the scheduler's business (`plan.rs`).

use crate::check_id::CheckId;
use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::Arc;

use tokio::time::Instant as TokioInstant;

use crate::config::{Config, ResolverAddr};
use crate::finding::{Check, ErrorClass};
use crate::os_proxy::OsProxyInput;
use crate::probe::{
    self, Ctx, Failure, Next, Plain, connectivity, dns, dns_os, doh, environment, loss, netinfo, proxy, tls, vantage,
};
use crate::target::{Host, Target};

/// What a finished probe job hands back: its finding, addresses to connect to, and steps that
/// its outcome calls for.
pub(super) struct Done {
    /// The finding.
    pub check: Check,
    /// Addresses of the site this probe found; each new one gets a `site.connection`.
    pub addrs: Vec<IpAddr>,
    /// Steps to start next.
    pub next: Vec<Next>,
    /// Findings of steps the probe ran itself (plain HTTP beside a slow HTTPS attempt).
    pub also: Vec<Check>,
    /// Steps the probe began and the plan waits for (plain HTTP still running beside it).
    pub running: Vec<Job>,
}

impl Done {
    /// A finding and nothing more.
    pub(super) fn of(check: Check) -> Self {
        Self { check, addrs: Vec::new(), next: Vec::new(), also: Vec::new(), running: Vec::new() }
    }

    /// A finding and the site's addresses it found.
    fn with_addrs((check, addrs): (Check, Vec<IpAddr>)) -> Self {
        Self { check, addrs, next: Vec::new(), also: Vec::new(), running: Vec::new() }
    }
}

/// One probe to run: the check and subject it reports as, and the work itself.
pub(super) struct Job {
    /// The check it reports as, also when it panics or misses the deadline.
    pub id: CheckId,
    /// Which one of several checks with that id.
    pub subject: Option<String>,
    /// The work; it owns everything it needs.
    pub work: Pin<Box<dyn Future<Output = Done> + Send>>,
}

impl Job {
    /// Boxed, so that jobs of every probe fit one list and one `JoinSet`.
    pub(super) fn new(id: CheckId, subject: Option<String>, work: impl Future<Output = Done> + Send + 'static) -> Self {
        Self { id, subject, work: Box::pin(work) }
    }
}

/// One line of a run's plan, reported in this order.
pub(super) enum Entry {
    /// A finding known before anything runs (a setting, or a reason not to run a probe).
    Known(Box<Check>),
    /// A probe to start.
    Start(Job),
    /// An address of the site known from the target itself: connect to it.
    Address(IpAddr),
}

/// A known finding as an entry (boxed: a check is large next to the other entries).
fn known(check: Check) -> Entry {
    Entry::Known(Box::new(check))
}

/// A run's context and its plan.
pub(super) struct Plan {
    /// What the run's probes share.
    pub ctx: Arc<Ctx>,
    /// Findings and jobs in the order they are reported.
    pub entries: Vec<Entry>,
}

/// Lists the run for `target` under `config`, to end by `deadline`: this computer's settings, its
/// interfaces and route, the proxy, the connectivity checks, the places elsewhere, and then
/// either the target's own address or every way of looking up its name.
pub(super) fn build(
    target: &Arc<Target>,
    config: &Config,
    deadline: TokioInstant,
    os_proxy: Option<&OsProxyInput>,
) -> Plan {
    let (system, system_problem, dns_servers) = netinfo::system_resolvers(&config.system_resolvers);
    let ctx = Arc::new(Ctx::new(system.clone(), deadline, config.extra_ca.clone()));
    let mut entries = vec![known(environment::proxy(target, os_proxy)), known(dns_servers)];
    local(&mut entries, target, &ctx, os_proxy);
    if target.is_https() {
        // Made now, while the lookups run, the certificate check's setup costs the first
        // connection nothing; whether it could read the trusted authorities is a finding.
        let ctx = ctx.clone();
        entries.push(Entry::Start(Job::new(CheckId::EnvironmentTrustStore, None, async move {
            Done::of(tls::trust_store(&ctx).await)
        })));
    }
    for url in &config.connectivity_probes {
        let (url, ctx) = (url.clone(), ctx.clone());
        entries.push(Entry::Start(Job::new(CheckId::ConnectivityProbe, Some(url.to_string()), async move {
            Done::of(connectivity::probe(&url, &ctx).await)
        })));
    }
    places(&mut entries, target, config, &ctx);
    match &target.host {
        Host::Ip(ip) => entries.push(Entry::Address(*ip)),
        Host::Domain(name) => {
            let (path, host) = (config.hosts_file.clone(), name.clone());
            entries.push(Entry::Start(Job::new(
                CheckId::EnvironmentHosts,
                Some(path.display().to_string()),
                async move { Done::with_addrs(environment::hosts(&path, &host).await) },
            )));
            entries.push(match system_problem {
                // No resolvers to ask: the reason stands in for the answer.
                Some(msg) => known(Failure::new(ErrorClass::Other, msg).into_check(CheckId::DnsSystem, None, 0)),
                None => Entry::Start(lookup(CheckId::DnsSystem, None, system.clone(), name)),
            });
            // What the browser gets: the OS's own answer, beside the direct question above;
            // not asked when `[dns] system` replaces the OS's resolvers (and tests stay local).
            entries.push(if config.system_resolvers.is_empty() {
                let (os_name, until) = (name.clone(), deadline);
                Entry::Start(Job::new(CheckId::DnsOs, None, async move {
                    Done::with_addrs(dns_os::resolve_check(&os_name, until).await)
                }))
            } else {
                known(dns_os::not_asked())
            });
            for alt in &config.alternates {
                entries.push(Entry::Start(lookup(CheckId::DnsAlternate, Some(alt.to_string()), vec![*alt], name)));
            }
            let resolvers: Vec<ResolverAddr> = system.iter().chain(&config.alternates).copied().collect();
            let (asked, loss_ctx) = (name.clone(), ctx.clone());
            entries.push(Entry::Start(Job::new(CheckId::ConnectivityLoss, None, async move {
                Done::of(loss::measure(resolvers, asked, &loss_ctx).await)
            })));
            for url in &config.doh {
                let (url, name, ctx) = (url.clone(), name.clone(), ctx.clone());
                entries.push(Entry::Start(Job::new(CheckId::DnsDoh, Some(url.to_string()), async move {
                    Done::with_addrs(doh::resolve_check(&url, &name, &ctx).await)
                })));
            }
        }
    }
    Plan { ctx, entries }
}

/// `site.connection` to one address of the site; `dns_ms` is how long finding it took.
pub(super) fn connection(target: &Arc<Target>, ip: IpAddr, dns_ms: Option<u64>, ctx: &Arc<Ctx>) -> Job {
    let (target, ctx) = (target.clone(), ctx.clone());
    Job::new(CheckId::SiteConnection, Some(probe::endpoint(ip, target.port)), async move {
        let (check, plain) = probe::site_connection(&target, ip, dns_ms, &ctx).await;
        let mut done = Done::of(check);
        match plain {
            None => {}
            Some(Plain::Start) => done.next.push(Next::PlainHttp(ip)),
            Some(Plain::Done(c)) => done.also.push(*c),
            Some(Plain::Running(rest)) => done.running.push(plain_job(ip, rest)),
        }
        done
    })
}

/// Plain HTTP on port 80 at `ip`, begun by a connection's probe: the rest of it, as a job.
fn plain_job(ip: IpAddr, rest: Pin<Box<dyn Future<Output = Check> + Send>>) -> Job {
    Job::new(CheckId::SiteConnectionHttp, Some(probe::endpoint(ip, 80)), async move { Done::of(rest.await) })
}

/// The job a finished probe asked for.
pub(super) fn follow_up(next: Next, target: &Arc<Target>, ctx: &Arc<Ctx>) -> Job {
    let (target, ctx) = (target.clone(), ctx.clone());
    match next {
        Next::PlainHttp(ip) => Job::new(CheckId::SiteConnectionHttp, Some(probe::endpoint(ip, 80)), async move {
            Done::of(probe::plain_http(&target, ip, &ctx).await)
        }),
    }
}

/// The site's name through `servers`, as the check `id`.
fn lookup(id: CheckId, subject: Option<String>, servers: Vec<ResolverAddr>, name: &str) -> Job {
    let (name, sub) = (name.to_owned(), subject.clone());
    Job::new(id, subject, async move { Done::with_addrs(dns::resolve_check(id, sub, &servers, &name).await) })
}

/// Other places on the internet, asked only with consent; each service is one check.
fn places(entries: &mut Vec<Entry>, target: &Arc<Target>, config: &Config, ctx: &Arc<Ctx>) {
    let client = match config.vantage_enabled.then(|| vantage::client(&config.extra_ca)).transpose() {
        Ok(Some(c)) => c,
        // Turned off, or no HTTP client could be made: say which, never both as "off".
        other => {
            for service in vantage::Service::ALL {
                let (id, url) = (service.id(), service.base(config));
                entries.push(known(match &other {
                    Err(e) => vantage::could_not_ask(id, url, e),
                    _ => vantage::not_allowed(id, url),
                }));
            }
            return;
        }
    };
    for service in vantage::Service::ALL {
        let (client, url, target, ctx) = (client.clone(), service.base(config).clone(), target.clone(), ctx.clone());
        entries.push(Entry::Start(Job::new(service.id(), url.host_str().map(str::to_owned), async move {
            Done::of(vantage::check(service, &client, &url, &target, &ctx).await)
        })));
    }
}

/// This computer's interfaces and route (blocking OS calls, off the async threads), and the
/// proxy (from the environment, else the OS setting), tried side by side with the direct
/// connections.
fn local(entries: &mut Vec<Entry>, target: &Arc<Target>, ctx: &Arc<Ctx>, os_proxy: Option<&OsProxyInput>) {
    for (id, probe) in [
        (CheckId::EnvironmentInterfaces, netinfo::interfaces as fn() -> Check),
        (CheckId::EnvironmentRoute, netinfo::route),
    ] {
        entries.push(Entry::Start(Job::new(id, None, async move {
            let check = tokio::task::spawn_blocking(probe).await.unwrap_or_else(|_| {
                Failure::new(ErrorClass::Other, "internal error in this check").into_check(id, None, 0)
            });
            Done::of(check)
        })));
    }
    match proxy::choose(target, &|v| std::env::var(v).ok(), os_proxy) {
        proxy::Choice::Direct | proxy::Choice::Bypass(_) => {}
        proxy::Choice::Skip(c) => entries.push(Entry::Known(c)),
        proxy::Choice::Via(via) => {
            let (target, ctx) = (target.clone(), ctx.clone());
            entries.push(Entry::Start(Job::new(CheckId::SiteProxy, Some(via.shown()), async move {
                Done::of(proxy::site_proxy(&target, &via, &ctx).await)
            })));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A config whose every endpoint is on this machine; nothing here is run, only listed.
    fn local_config() -> Config {
        let dns = |port| ResolverAddr(std::net::SocketAddr::from(([127, 0, 0, 1], port)));
        let url = |s: &str| url::Url::parse(s).expect("url");
        Config {
            system_resolvers: vec![dns(5301)],
            alternates: vec![dns(5302), dns(5303)],
            doh: vec![url("https://127.0.0.1:8443/dns-query")],
            connectivity_probes: vec![url("http://127.0.0.1:8080/generate_204")],
            vantage_enabled: false,
            ..Config::default()
        }
    }

    /// Each entry as `kind id subject`, leaving out `site.proxy`, which depends on the
    /// environment of whoever runs the tests.
    fn lines(target: &str, config: &Config) -> Vec<String> {
        let target = Arc::new(Target::parse(target).expect("target"));
        let plan = build(&target, config, TokioInstant::now(), None);
        let line = |kind: &str, id: CheckId, subject: &Option<String>| {
            format!("{kind} {id} {}", subject.as_deref().unwrap_or("-"))
        };
        plan.entries
            .iter()
            .map(|e| match e {
                Entry::Known(c) => line("known", c.id, &c.subject),
                Entry::Start(j) => line("start", j.id, &j.subject),
                Entry::Address(ip) => format!("address {ip}"),
            })
            .filter(|l| !l.contains(CheckId::SiteProxy.as_str()))
            .collect()
    }

    #[test]
    fn a_name_is_looked_up_every_way_after_the_local_checks() {
        let got = lines("https://shop.example.test/", &local_config());
        let ids: Vec<&str> = got.iter().map(|l| l.split(' ').nth(1).unwrap_or_default()).collect();
        assert_eq!(
            ids,
            [
                CheckId::EnvironmentProxy,
                CheckId::EnvironmentDnsServers,
                CheckId::EnvironmentInterfaces,
                CheckId::EnvironmentRoute,
                CheckId::EnvironmentTrustStore,
                CheckId::ConnectivityProbe,
                CheckId::VantageGlobalping,
                CheckId::VantageCheckHost,
                CheckId::EnvironmentHosts,
                CheckId::DnsSystem,
                CheckId::DnsOs,
                CheckId::DnsAlternate,
                CheckId::DnsAlternate,
                CheckId::ConnectivityLoss,
                CheckId::DnsDoh,
            ]
            .map(CheckId::as_str),
            "{got:#?}"
        );
        assert!(got.contains(&"start dns.alternate 127.0.0.1:5303".to_owned()), "{got:#?}");
        // Turned off: the places elsewhere are findings at once, not jobs.
        assert!(got.iter().filter(|l| l.contains("vantage.")).all(|l| l.starts_with("known ")), "{got:#?}");
    }

    #[test]
    fn an_address_is_connected_to_and_not_looked_up() {
        let got = lines("https://127.0.0.1:8443/", &local_config());
        assert_eq!(got.last().map(String::as_str), Some("address 127.0.0.1"), "{got:#?}");
        assert!(!got.iter().any(|l| l.contains("dns.") || l.contains("connectivity.loss")), "{got:#?}");
    }
}
