//! `site.connection`: our own TCP → TLS → HTTP/1.1 steps to the site at one address, following
//! redirects; and `site.connection.http`, plain HTTP on port 80 when HTTPS failed there, so that
//! "a firewall blocks 443 but 80 works" shows.

use crate::check_id::CheckId;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::watch;

use super::cut::Cut;
use super::exchange::{from_outcome, path_of};
use super::{Ctx, http, redirect};
use crate::finding::{Check, ms_since};
use crate::target::Target;

/// How long HTTPS may run before plain HTTP on port 80 is tried beside it: a handshake on any
/// ordinary link is done by then, so a healthy site rarely sees the extra request.
const PLAIN_BESIDE_AFTER: Duration = Duration::from_secs(1);

/// Plain HTTP on port 80 at an address where HTTPS failed before any answer.
pub(crate) enum Plain {
    /// Not begun yet: the plan starts it.
    Start,
    /// Finished beside HTTPS: its finding.
    Done(Box<Check>),
    /// Begun beside HTTPS and still running: the plan waits for the rest as its own step (and
    /// stops waiting once its result cannot change the answer).
    Running(Pin<Box<dyn Future<Output = Check> + Send>>),
}

/// Connect, TLS and one request to the target at one address, then its redirects:
/// `site.connection`. When HTTPS fails before any answer there, plain HTTP on port 80 comes
/// next; it is tried beside HTTPS once that has run a while, because its answer's time is what
/// lets a stalled handshake be called stalled early (`cut.rs`), and to have it sooner.
pub(crate) async fn site_connection(
    target: &Arc<Target>,
    ip: IpAddr,
    dns_ms: Option<u64>,
    ctx: &Arc<Ctx>,
) -> (Check, Option<Plain>) {
    let start = Instant::now();
    let addr = SocketAddr::new(ip, target.port);
    let host = target.host_str();
    let path = path_of(&target.url);
    let tls = if target.is_https() { Some(ctx.tls().await) } else { None };
    let with_plain = target.is_https() && target.port != 80;
    let (plain_tx, plain_rx) = watch::channel(None);
    let cut = Cut { sibling: Some(ctx.on_site_loaded()), plain: with_plain.then_some(plain_rx) };
    let req = http::Request { cut: Some(&cut), ..http::Request::new(addr, &host, &path, tls, ctx.deadline) };
    let https = http::fetch(&req);
    let (t, c) = (target.clone(), ctx.clone());
    let mut beside: Pin<Box<dyn Future<Output = Check> + Send>> = Box::pin(async move {
        tokio::time::sleep(PLAIN_BESIDE_AFTER).await;
        let check = plain_http(&t, ip, &c).await;
        if check.detail.status_code.is_some() {
            // Connect and request: the round trips a handshake needs, and the server's time.
            let phases = check.detail.phases.clone().unwrap_or_default();
            let answered = phases.connect_ms.unwrap_or_default() + phases.first_byte_ms.unwrap_or_default();
            plain_tx.send_replace(Some(answered));
        }
        check
    });
    tokio::pin!(https);
    let mut plain = None;
    // Ends with HTTPS: at most one more turn, when plain HTTP finishes first.
    let out = loop {
        tokio::select! {
            out = &mut https => break out,
            c = &mut beside, if with_plain && plain.is_none() => plain = Some(c),
        }
    };
    if out.status_code.is_some_and(|c| c < 500) && out.error.is_none() {
        ctx.site_loaded(out.phases.connect_ms.unwrap_or_default());
    }
    let mut check = from_outcome(CheckId::SiteConnection, addr, target.url.as_str(), &out, start);
    if let Some(p) = check.detail.phases.as_mut() {
        p.dns_ms = dns_ms;
    }
    let plain = (with_plain && out.failed_before_http()).then(|| match plain {
        Some(c) => Plain::Done(Box::new(c)),
        None if start.elapsed() >= PLAIN_BESIDE_AFTER => Plain::Running(beside),
        None => Plain::Start,
    });
    if redirect::is_redirect(out.status_code) {
        redirect::follow(&mut check, &target.url, ip, &out, ctx).await;
        check.elapsed_ms = ms_since(start);
    }
    (check, plain)
}

/// Plain `http://host/` on port 80 at an address where HTTPS failed: `site.connection.http`.
/// Any HTTP answer, a redirect to HTTPS included, shows that port 80 gets through.
pub(crate) async fn plain_http(target: &Target, ip: IpAddr, ctx: &Ctx) -> Check {
    let start = Instant::now();
    let addr = SocketAddr::new(ip, 80);
    let host = target.host_str();
    let mut url = target.url.clone();
    let _ = url.set_scheme("http");
    let _ = url.set_port(None);
    let path = path_of(&url);
    let out = http::fetch(&http::Request::new(addr, &host, &path, None, ctx.deadline)).await;
    from_outcome(CheckId::SiteConnectionHttp, addr, url.as_str(), &out, start)
}
