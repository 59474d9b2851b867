//! The owner's requests: each route asked several times at the address this computer finds for
//! the site (the edge, when a CDN fronts it), and once straight at the origin with the site's
//! Host and SNI. Routes run side by side; every request keeps to the run's deadline.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::task::JoinSet;
use tokio::time::Instant as TokioInstant;

use super::http::{self, Request};
use super::{Ctx, exchange};
use crate::check_id::CheckId;
use crate::config::Config;
use crate::diagnosis::ProgressEvent;
use crate::finding::{Check, ErrorClass, Sample, Status, ms_since};
use crate::owner::{self, MAX_PATHS, MAX_SAMPLES, OriginComparison, OwnerEvidence, OwnerOptions, RouteHealth};
use crate::rules::basis::REQUEST_IDS;
use crate::target::{Host, Target};

/// The longest wait for this computer's own lookup of the site's address.
const LOOKUP_LIMIT: Duration = Duration::from_millis(2500);

/// What one route's task hands back.
struct Route {
    checks: Vec<Check>,
    health: RouteHealth,
    origin: Option<OriginComparison>,
}

/// Runs the owner's checks by `deadline`, reporting each finding as it comes: the routes (and
/// the origin), and beside them the site's DNS at its source.
pub(crate) async fn run<P: Fn(ProgressEvent)>(
    target: &Target,
    config: &Config,
    opts: &OwnerOptions,
    deadline: TokioInstant,
    progress: &P,
) -> (Vec<Check>, OwnerEvidence) {
    let dns = async {
        let Host::Domain(name) = &target.host else { return None };
        progress(ProgressEvent::Started { id: CheckId::OwnerDns, subject: None });
        let (system, _, _) = super::netinfo::system_resolvers(&config.system_resolvers);
        let (check, found) = super::owner_dns::check(name, &system, &config.alternates, deadline).await;
        progress(ProgressEvent::Finished { check: check.clone() });
        Some((check, found))
    };
    let ((mut checks, mut evidence), dns) = tokio::join!(routes(target, config, opts, deadline, progress), dns);
    if let Some((check, found)) = dns {
        checks.push(check);
        evidence.dns = Some(found);
    }
    (checks, evidence)
}

/// The routes, each asked several times at the edge and once at the origin.
async fn routes<P: Fn(ProgressEvent)>(
    target: &Target,
    config: &Config,
    opts: &OwnerOptions,
    deadline: TokioInstant,
    progress: &P,
) -> (Vec<Check>, OwnerEvidence) {
    let mut paths: Vec<String> = opts.paths.iter().take(MAX_PATHS).cloned().collect();
    if paths.is_empty() {
        paths.push(exchange::path_of(&target.url));
    }
    for p in &paths {
        progress(ProgressEvent::Started { id: CheckId::OwnerRoute, subject: Some(p.clone()) });
    }
    let started = Instant::now();
    let edge = match edge_address(target, deadline).await {
        Ok(a) => a,
        Err(why) => {
            // Not asked: absent evidence, not a failing route.
            let checks: Vec<Check> = paths
                .iter()
                .map(|p| {
                    let mut c = Check::failed(CheckId::OwnerRoute, Some(p.clone()), ErrorClass::NotRun, why.clone(), 0);
                    c.status = Status::Skipped;
                    c
                })
                .collect();
            for c in &checks {
                progress(ProgressEvent::Finished { check: c.clone() });
            }
            return (checks, OwnerEvidence::default());
        }
    };
    let ctx = Arc::new(Ctx::new(Vec::new(), deadline, config.extra_ca.clone()));
    let host = Arc::new(target.host_str());
    let (tls, origin) = (target.is_https(), opts.origin);
    let samples = opts.samples.clamp(1, MAX_SAMPLES);
    // The spread never takes more than half of what is left, so the last requests still finish.
    let left = deadline.saturating_duration_since(TokioInstant::now());
    let spread = opts.spread.min(left / 2);
    let mut tasks = JoinSet::new();
    for (i, path) in paths.iter().enumerate() {
        let (ctx, host, path) = (ctx.clone(), host.clone(), path.clone());
        tasks.spawn(async move { (i, route(&ctx, &host, edge, tls, &path, samples, spread, origin, started).await) });
    }
    let mut done: Vec<(usize, Route)> = Vec::new();
    // Bounded: one join per route spawned.
    while let Some(joined) = tasks.join_next().await {
        let Ok((i, r)) = joined else { continue };
        for c in &r.checks {
            progress(ProgressEvent::Finished { check: c.clone() });
        }
        done.push((i, r));
    }
    done.sort_by_key(|(i, _)| *i);
    let mut evidence = OwnerEvidence::default();
    let mut checks = Vec::new();
    for (_, r) in done {
        evidence.intermittent |= r.health.intermittent;
        evidence.routes.push(r.health);
        evidence.origin.extend(r.origin);
        checks.extend(r.checks);
    }
    (checks, evidence)
}

/// The site's address as this computer finds it (hosts file and the OS's resolver, as a browser).
async fn edge_address(target: &Target, deadline: TokioInstant) -> Result<SocketAddr, String> {
    if let Host::Ip(ip) = target.host {
        return Ok(SocketAddr::new(ip, target.port));
    }
    let name = target.host_str();
    let until = http::limit(LOOKUP_LIMIT, deadline);
    match tokio::time::timeout_at(until, tokio::net::lookup_host((name.as_str(), target.port))).await {
        Ok(Ok(mut addrs)) => addrs.next().ok_or_else(|| format!("no address for {name}")),
        Ok(Err(e)) => Err(format!("cannot find the address of {name}: {e}")),
        Err(_) => Err(format!("no address for {name} in time")),
    }
}

/// One route: `samples` requests spread over `spread` at the edge, then one at the origin.
#[allow(clippy::too_many_arguments)] // one call site; a struct would only rename the list
async fn route(
    ctx: &Ctx,
    host: &str,
    edge: SocketAddr,
    tls: bool,
    path: &str,
    samples: u32,
    spread: Duration,
    origin: Option<owner::Origin>,
    started: Instant,
) -> Route {
    let setup = if tls { Some(ctx.tls().await) } else { None };
    let step = spread / samples;
    let begin = TokioInstant::now();
    let mut seen: Vec<Sample> = Vec::new();
    // The answer shown as the route's evidence: the first failure, else the last answer.
    let mut shown: Option<(http::Outcome, Instant)> = None;
    for i in 0..samples {
        let at = begin + step * i;
        if at >= ctx.deadline {
            break;
        }
        tokio::time::sleep_until(at).await;
        let sent = Instant::now();
        let when = now_rfc3339();
        let out = http::fetch(&Request::new(edge, host, path, setup, ctx.deadline)).await;
        let sample = sample(&out, when, ms_since(sent));
        let keep = shown.as_ref().is_none_or(|(o, _)| !failed(o));
        seen.push(sample);
        if keep {
            shown = Some((out, sent));
        }
    }
    let health = owner::route_health(path, &edge.to_string(), &seen);
    let url = format!("{}://{}{path}", if tls { "https" } else { "http" }, authority(host, edge.port(), tls));
    let mut check = match &shown {
        Some((out, sent)) => exchange::from_outcome(CheckId::OwnerRoute, edge, &url, out, *sent),
        // Not asked before the deadline: absent evidence, not a failure.
        None => {
            Check::failed(CheckId::OwnerRoute, None, ErrorClass::NotRun, "no request before the deadline".into(), 0)
        }
    };
    check.subject = Some(path.to_owned());
    check.elapsed_ms = ms_since(started);
    check.status = match (health.failed, health.requests) {
        (_, 0) => Status::Skipped,
        (0, _) => check.status,
        (f, n) if f == n => Status::Fail,
        _ => Status::Warn,
    };
    let words = format!("{} of {} requests failed ({})", health.failed, health.requests, health.sequence);
    check.detail.message = Some(match check.detail.message.take() {
        Some(m) => format!("{words}; {m}"),
        None => words,
    });
    check.detail.samples = Some(seen);
    let mut checks = vec![check];
    let mut comparison = None;
    if let Some(o) = origin {
        let sent = Instant::now();
        let setup = if o.tls { Some(ctx.tls().await) } else { None };
        let mut req = Request::new(o.addr, host, path, setup, ctx.deadline);
        // The Host header is the site's name alone, as a CDN forwarding a browser's request sends
        // it (the default port of the request's own scheme leaves the port out).
        req.port = if o.tls { 443 } else { 80 };
        let out = http::fetch(&req).await;
        let url = format!("{}://{}{path}", if o.tls { "https" } else { "http" }, o.addr);
        let mut c = exchange::from_outcome(CheckId::OwnerOrigin, o.addr, &url, &out, sent);
        c.subject = Some(format!("{}{path}", o.addr));
        let edge_bad = health.failed > 0;
        let edge_ok = (health.requests > 0).then_some(!edge_bad);
        // Cut off by the run's deadline: not asked, so nothing to compare.
        let cut = out.status_code.is_none() && TokioInstant::now() >= ctx.deadline;
        let origin_ok = (!cut).then_some(!failed(&out));
        let first_bad = shown.as_ref().map(|(s, _)| s);
        comparison = Some(OriginComparison {
            path: path.to_owned(),
            origin: o.addr.to_string(),
            origin_status: out.status_code,
            origin_error: if out.status_code.is_none() { out.error.as_ref().map(|(f, _)| f.class) } else { None },
            edge_status: first_bad.and_then(|s| s.status_code),
            edge_error: first_bad
                .filter(|s| s.status_code.is_none())
                .and_then(|s| s.error.as_ref().map(|(f, _)| f.class)),
            reading: owner::reading(origin_ok, edge_ok),
        });
        checks.push(c);
    }
    Route { checks, health, origin: comparison }
}

/// No answer, or a 5xx.
fn failed(out: &http::Outcome) -> bool {
    out.status_code.is_none_or(|c| c >= 500)
}

/// One request as a sample.
fn sample(out: &http::Outcome, at: String, elapsed_ms: u64) -> Sample {
    let request_id =
        REQUEST_IDS.iter().find_map(|h| out.headers.get(*h).filter(|v| !v.is_empty()).map(|v| format!("{h}: {v}")));
    Sample {
        at,
        status_code: out.status_code,
        error: if out.status_code.is_none() { out.error.as_ref().map(|(f, _)| f.class) } else { None },
        request_id,
        elapsed_ms,
    }
}

/// `host[:port]` as a URL shows it (the port only when not the scheme's own).
fn authority(host: &str, port: u16, tls: bool) -> String {
    let h = if host.contains(':') { format!("[{host}]") } else { host.to_owned() };
    if port == if tls { 443 } else { 80 } { h } else { format!("{h}:{port}") }
}

/// Now, RFC 3339 UTC with seconds: what a host's logs are searched by.
fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::now_utc();
    now.replace_nanosecond(0).unwrap_or(now).format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}
