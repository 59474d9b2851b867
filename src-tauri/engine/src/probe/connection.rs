//! `site.connection`: our own TCP → TLS → HTTP/1.1 steps to the site at one address, following
//! redirects; and `site.connection.http`, plain HTTP on port 80 when HTTPS failed there, so that
//! "a firewall blocks 443 but 80 works" shows.

use crate::check_id::CheckId;
use std::net::{IpAddr, SocketAddr};
use std::time::Instant;

use super::{Ctx, Next, http, redirect};
use crate::finding::{Check, Status, ms_since};
use crate::target::Target;

/// Path and query of a URL, as a request target.
pub(crate) fn path_of(url: &url::Url) -> String {
    match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    }
}

/// A check from one exchange: address, URL, phases, status, headers, body sample, certificate.
pub(crate) fn from_outcome(id: CheckId, addr: SocketAddr, url: &str, out: &http::Outcome, start: Instant) -> Check {
    let mut check = Check::new(id, Some(addr.to_string()), Status::Pass, ms_since(start));
    let d = &mut check.detail;
    d.address = Some(addr.to_string());
    d.url = Some(url.to_owned());
    d.phases = Some(out.phases.clone());
    d.status_code = out.status_code;
    d.headers = (!out.headers.is_empty()).then(|| out.headers.clone());
    d.body_sample = out.body_sample();
    d.tls = out.tls.clone();
    if let Some((who, own_page)) =
        super::fingerprint::served_by(out.status_code, &out.headers, &String::from_utf8_lossy(&out.body))
    {
        d.served_by = Some(who.to_owned());
        d.gateway_error = own_page;
    }
    check.status = status_of(out.status_code, out.error.is_some());
    if let Some((class, msg, _)) = &out.error {
        check.detail.error = Some(*class);
        check.detail.message = Some(msg.clone());
    }
    check
}

/// No answer or a 5xx fails; a 4xx, or an answer cut short, warns.
pub(crate) fn status_of(code: Option<u16>, error: bool) -> Status {
    match code {
        None => Status::Fail,
        Some(c) if c >= 500 => Status::Fail,
        Some(c) if c >= 400 => Status::Warn,
        Some(_) if error => Status::Warn,
        Some(_) => Status::Pass,
    }
}

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
