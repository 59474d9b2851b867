//! What the HTTP-speaking probes (`site.connection`, its redirects, `site.proxy`, DoH and the
//! connectivity checks) share: how a URL becomes a request, and how one exchange becomes a check.
//! Kept apart from `connection` so that `redirect`, which `connection` calls, need not call back.

use crate::check_id::CheckId;
use std::net::SocketAddr;
use std::time::Instant;

use super::http;
use crate::finding::{Check, Status, ms_since};

/// Path and query of a URL, as a request target.
pub(crate) fn path_of(url: &url::Url) -> String {
    match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    }
}

/// A URL's host as the `Host` header and TLS name want it: an IPv6 address without brackets.
pub(crate) fn host_of(url: &url::Url) -> Option<String> {
    url.host_str().map(|h| h.trim_start_matches('[').trim_end_matches(']').to_owned())
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
    d.body_bytes = out.status_code.map(|_| u64::try_from(out.body.len()).unwrap_or(u64::MAX));
    d.tls = out.tls.clone();
    d.status_link = super::status_page::link_in(&String::from_utf8_lossy(&out.body));
    if let Some((who, own_page)) =
        super::fingerprint::served_by(out.status_code, &out.headers, &String::from_utf8_lossy(&out.body))
    {
        d.served_by = Some(who.to_owned());
        d.gateway_error = own_page;
    }
    check.status = status_of(out.status_code, out.error.is_some());
    if let Some((f, _)) = &out.error {
        check.detail.error = Some(f.class);
        check.detail.message = Some(f.message.clone());
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
