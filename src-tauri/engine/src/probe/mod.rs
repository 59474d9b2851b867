//! The probes. Each returns [`Check`]s; the libraries they use stay inside this module.

pub(crate) mod connectivity;
pub(crate) mod dns;
pub(crate) mod environment;
pub(crate) mod http;
pub(crate) mod tls;

use std::net::{IpAddr, SocketAddr};

use tokio::time::Instant as TokioInstant;

use crate::finding::{Check, Status};
use crate::target::Target;

/// `ip:port` with brackets for IPv6, as a subject and in evidence.
pub(crate) fn endpoint(ip: IpAddr, port: u16) -> String {
    SocketAddr::new(ip, port).to_string()
}

/// Connect, TLS and one request to the target at one address: `site.connection`.
pub(crate) async fn site_connection(
    target: &Target,
    ip: IpAddr,
    dns_ms: Option<u64>,
    tls: &tls::TlsSetup,
    deadline: TokioInstant,
) -> Check {
    let start = std::time::Instant::now();
    let addr = SocketAddr::new(ip, target.port);
    let host = target.host_str();
    let path = match target.url.query() {
        Some(q) => format!("{}?{q}", target.url.path()),
        None => target.url.path().to_owned(),
    };
    let req = http::Request { addr, host: &host, path: &path, tls: target.is_https().then_some(tls), deadline };
    let out = http::fetch(req).await;
    let mut check =
        Check::new("site.connection", Some(addr.to_string()), Status::Pass, crate::finding::ms_since(start));
    let d = &mut check.detail;
    d.address = Some(addr.to_string());
    d.url = Some(target.url.to_string());
    let mut phases = out.phases.clone();
    phases.dns_ms = dns_ms;
    d.phases = Some(phases);
    d.status_code = out.status_code;
    d.headers = (!out.headers.is_empty()).then(|| out.headers.clone());
    d.body_sample = out.body_sample();
    d.tls = out.tls.clone();
    check.status = match (out.status_code, &out.error) {
        (None, _) => Status::Fail,
        (Some(code), _) if code >= 500 => Status::Fail,
        (Some(code), _) if code >= 400 => Status::Warn,
        (Some(_), Some(_)) => Status::Warn,
        (Some(_), None) => Status::Pass,
    };
    if let Some((class, msg, _)) = out.error {
        check.detail.error = Some(class);
        check.detail.message = Some(msg);
    }
    check
}
