//! `dns.doh`: the name asked of a DNS-over-HTTPS resolver (RFC 8484, GET with
//! `application/dns-message`), over our own connect → TLS → HTTP steps. Networks that block or
//! tamper with plain DNS usually let HTTPS through, so this is one more independent opinion.

use crate::check_id::CheckId;
use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use base64::Engine as _;
use hickory_proto::op::Message;
use hickory_proto::rr::RecordType;

use super::exchange::host_of;
use super::{Ctx, Failure, dns, http};
use crate::finding::{Check, ErrorClass, ms_since};

/// How long one DoH question may take (it includes a TCP and a TLS handshake).
const DOH_TIMEOUT: Duration = Duration::from_secs(5);

/// Asks the DoH resolver at `url` for the A and AAAA records of `name`. Returns the check and the
/// addresses found, which the plan connects to like an alternate resolver's.
pub(crate) async fn resolve_check(url: &url::Url, name: &str, ctx: &Ctx) -> (Check, Vec<IpAddr>) {
    let start = Instant::now();
    let subject = Some(url.to_string());
    let fail = |f: Failure| {
        let mut c = f.into_check(CheckId::DnsDoh, subject.clone(), ms_since(start));
        c.detail.url = Some(url.to_string());
        (c, Vec::new())
    };
    let Some(host) = host_of(url) else {
        return fail(Failure::new(ErrorClass::Other, "the DoH URL has no host"));
    };
    let port = url.port_or_known_default().unwrap_or(443);
    let ip = match ctx.resolve(&host).await {
        Ok(ips) => ips[0],
        Err(f) => return fail(f.context(format_args!("cannot find the DoH server {host}"))),
    };
    let server = SocketAddr::new(ip, port);
    let until = http::limit(DOH_TIMEOUT, ctx.deadline);
    let (a, aaaa) = tokio::join!(
        ask(url, &host, server, name, RecordType::A, until, ctx),
        ask(url, &host, server, name, RecordType::AAAA, until, ctx)
    );
    let phases = a.1.clone();
    let (mut c, ips) = match dns::merge(a.0, aaaa.0) {
        Ok(ips) => (dns::answered(CheckId::DnsDoh, subject, &ips, start), ips),
        Err(f) => (f.into_check(CheckId::DnsDoh, subject, ms_since(start)), Vec::new()),
    };
    c.detail.server = Some(server.to_string());
    c.detail.url = Some(url.to_string());
    c.detail.phases = Some(phases);
    c.detail.status_code = a.2;
    (c, ips)
}

/// One question over HTTPS: the answer, the phases of that exchange, and the HTTP status.
async fn ask(
    url: &url::Url,
    host: &str,
    server: SocketAddr,
    name: &str,
    rtype: RecordType,
    until: tokio::time::Instant,
    ctx: &Ctx,
) -> (dns::Answer, crate::finding::Phases, Option<u16>) {
    // Id 0, as RFC 8484 recommends: identical questions then share HTTP caches.
    let wire = match dns::question(name, rtype, 0) {
        Ok(w) => w,
        Err(e) => return (Err(e), Default::default(), None),
    };
    let param = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&wire);
    let target = match url.query() {
        Some(q) => format!("{}?{q}&dns={param}", url.path()),
        None => format!("{}?dns={param}", url.path()),
    };
    let tls = if url.scheme() == "https" { Some(ctx.tls().await) } else { None };
    let req =
        http::Request { accept: "application/dns-message", ..http::Request::new(server, host, &target, tls, until) };
    let out = http::fetch(&req).await;
    let answer = match (out.status_code, &out.error) {
        (None, Some((f, _))) => Err(f.clone()),
        (None, None) => Err(Failure::new(ErrorClass::Other, "no answer")),
        (Some(200), _) => match Message::from_vec(&out.body) {
            Ok(reply) => dns::classify(&reply, rtype),
            Err(e) => Err(Failure::new(ErrorClass::HttpProtocol, format!("the answer is not a DNS message: {e}"))),
        },
        (Some(code), _) => Err(Failure::new(ErrorClass::Other, format!("the DoH server answered HTTP {code}"))),
    };
    (answer, out.phases, out.status_code)
}
