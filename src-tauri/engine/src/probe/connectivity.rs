//! "Is this computer online at all, or behind a sign-in page?": the vendors' connectivity checks,
//! fetched over plain HTTP without following redirects, compared with what each returns online.

use crate::check_id::CheckId;
use std::net::SocketAddr;

use super::exchange::{host_of, path_of};
use super::{Ctx, Failure, dns, http};
use crate::finding::{Check, ErrorClass, Status, ms_since};

/// What a connectivity URL returns when nothing is in the way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Google/Android style: 204 and no body.
    NoContent,
    /// A 200 whose body contains this text (Apple: "Success"; Microsoft: "Microsoft Connect Test").
    Body(&'static str),
    /// Any 2xx.
    AnySuccess,
}

fn expectation(url: &url::Url) -> Expect {
    let path = url.path();
    if path.ends_with("generate_204") || path.ends_with("gen_204") {
        Expect::NoContent
    } else if path.ends_with("hotspot-detect.html") || path.contains("library/test/success") {
        Expect::Body("Success")
    } else if path.ends_with("connecttest.txt") {
        Expect::Body("Microsoft Connect Test")
    } else {
        Expect::AnySuccess
    }
}

/// Fetches one connectivity URL: `connectivity.probe`.
pub(crate) async fn probe(url: &url::Url, ctx: &Ctx) -> Check {
    let start = std::time::Instant::now();
    let subject = Some(url.to_string());
    let Some(host) = host_of(url) else {
        return Check::failed(CheckId::ConnectivityProbe, subject, ErrorClass::Other, "URL without a host".into(), 0);
    };
    let port = url.port_or_known_default().unwrap_or(80);
    let ips = match host.parse() {
        Ok(ip) => vec![ip],
        Err(_) => {
            let (c, ips) = dns::resolve_check(CheckId::ConnectivityProbe, subject.clone(), &ctx.system, &host).await;
            if ips.is_empty() {
                return Check { elapsed_ms: ms_since(start), ..c };
            }
            ips
        }
    };
    let path = path_of(url);
    // Two addresses at most: enough to get past one dead address without stretching the run.
    let mut last = None;
    for ip in ips.into_iter().take(2) {
        let addr = SocketAddr::new(ip, port);
        let out = http::fetch(&http::Request::new(addr, &host, &path, None, ctx.deadline)).await;
        let done = out.status_code.is_some();
        last = Some((addr, out));
        if done {
            break;
        }
    }
    let Some((addr, out)) = last else {
        return Check::failed(
            CheckId::ConnectivityProbe,
            subject,
            ErrorClass::Other,
            "no address".into(),
            ms_since(start),
        );
    };
    let mut c = Check::new(CheckId::ConnectivityProbe, subject, Status::Pass, ms_since(start));
    c.detail.address = Some(addr.to_string());
    c.detail.url = Some(url.to_string());
    c.detail.status_code = out.status_code;
    c.detail.phases = Some(out.phases.clone());
    c.detail.headers = (!out.headers.is_empty()).then(|| out.headers.clone());
    c.detail.body_sample = out.body_sample();
    let Some(code) = out.status_code else {
        let f = out.error.map_or_else(|| Failure::new(ErrorClass::Other, "no response"), |(f, _)| f);
        c.status = Status::Fail;
        c.detail.error = Some(f.class);
        c.detail.message = Some(f.message);
        return c;
    };
    let body = String::from_utf8_lossy(&out.body);
    let as_expected = match expectation(url) {
        Expect::NoContent => code == 204 && out.body.is_empty(),
        Expect::Body(text) => code == 200 && body.contains(text),
        Expect::AnySuccess => (200..300).contains(&code),
    };
    if !as_expected {
        // Something answered in the vendor's place: a sign-in page, a filter, or a proxy.
        c.status = Status::Warn;
        c.detail.message =
            Some(format!("unexpected answer (HTTP {code}): something on this network intercepts web requests"));
    }
    c
}
