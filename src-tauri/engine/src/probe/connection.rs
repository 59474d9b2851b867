//! `site.connection`: our own TCP → TLS → HTTP/1.1 steps to the site at one address, following
//! redirects; and `site.connection.http`, plain HTTP on port 80 when HTTPS failed there, so that
//! "a firewall blocks 443 but 80 works" shows.

use crate::check_id::CheckId;
use std::net::{IpAddr, SocketAddr};
use std::time::Instant;

use super::exchange::{from_outcome, path_of};
use super::{Ctx, Next, http, redirect};
use crate::finding::{Check, ms_since};
use crate::target::Target;

/// Connect, TLS and one request to the target at one address, then its redirects:
/// `site.connection`. Asks for plain HTTP there next when HTTPS failed before any answer.
pub(crate) async fn site_connection(target: &Target, ip: IpAddr, dns_ms: Option<u64>, ctx: &Ctx) -> (Check, Vec<Next>) {
    let start = Instant::now();
    let addr = SocketAddr::new(ip, target.port);
    let host = target.host_str();
    let path = path_of(&target.url);
    let tls = if target.is_https() { Some(ctx.tls().await) } else { None };
    let out = http::fetch(&http::Request::new(addr, &host, &path, tls, ctx.deadline)).await;
    let mut check = from_outcome(CheckId::SiteConnection, addr, target.url.as_str(), &out, start);
    if let Some(p) = check.detail.phases.as_mut() {
        p.dns_ms = dns_ms;
    }
    let next = if target.is_https() && target.port != 80 && out.failed_before_http() {
        vec![Next::PlainHttp(ip)]
    } else {
        Vec::new()
    };
    if redirect::is_redirect(out.status_code) {
        redirect::follow(&mut check, &target.url, ip, &out, ctx).await;
        check.elapsed_ms = ms_since(start);
    }
    (check, next)
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
