//! Following a site's redirects the way a browser would, within the run's deadline: at most
//! [`MAX_HOPS`], a loop stopped the moment a URL comes round again. Each hop is evidence.

use std::net::{IpAddr, SocketAddr};
use std::time::Instant;

use super::exchange::{host_of, path_of, status_of};
use super::{Ctx, Failure, http};
use crate::finding::{Check, ErrorClass, Hop, Status, ms_since};

/// Redirects followed after the first answer; browsers allow more, but a site that needs more
/// than this is worth a warning and the run's time is better spent elsewhere.
pub(crate) const MAX_HOPS: usize = 5;

/// 301, 302, 303, 307 and 308 send the browser elsewhere.
pub(crate) fn is_redirect(code: Option<u16>) -> bool {
    matches!(code, Some(301 | 302 | 303 | 307 | 308))
}

/// How following stopped.
enum End {
    /// An answer that is not a redirect (or a Location that is not a web address).
    Answer,
    /// This URL was visited before.
    Loop(String),
    /// More than [`MAX_HOPS`] redirects.
    TooMany,
    /// A hop got no HTTP answer.
    Failed(Failure),
}

/// Follows the redirects that `first` (the answer from `ip` for `url`) starts, records each hop
/// in `check.detail.redirects`, and sets the check's status from where the chain ends.
pub(crate) async fn follow(check: &mut Check, url: &url::Url, ip: IpAddr, first: &http::Outcome, ctx: &Ctx) {
    let mut hops: Vec<Hop> = Vec::new();
    let mut visited = vec![url.to_string()];
    let (mut current, mut current_ip) = (url.clone(), ip);
    let (mut code, mut location) = (first.status_code, first.location.clone());
    // Bounded: every pass adds a hop or ends, and there are at most MAX_HOPS of them.
    let end = loop {
        let Some(next) = location.as_deref().filter(|_| is_redirect(code)).and_then(|l| current.join(l).ok()) else {
            break End::Answer;
        };
        let mut next = next;
        next.set_fragment(None);
        if !matches!(next.scheme(), "http" | "https") || next.host_str().is_none() {
            break End::Answer;
        }
        if visited.contains(&next.to_string()) {
            visited.push(next.to_string());
            break End::Loop(visited.join(" → "));
        }
        if hops.len() == MAX_HOPS {
            break End::TooMany;
        }
        visited.push(next.to_string());
        let hop_ip = if next.host_str() == current.host_str() { Ok(current_ip) } else { address_of(&next, ctx).await };
        let (hop, out) = match hop_ip {
            Ok(hop_ip) => {
                current_ip = hop_ip;
                fetch_hop(&next, hop_ip, ctx).await
            }
            Err(f) => {
                let hop = Hop { url: next.to_string(), error: Some(f.class), ..Hop::default() };
                hops.push(hop);
                break End::Failed(f.context(format_args!("redirect to {next}")));
            }
        };
        hops.push(hop);
        current = next;
        (code, location) = (out.status_code, out.location.clone());
        if out.status_code.is_none() {
            let f = out.error.map_or_else(|| Failure::new(ErrorClass::Other, "no answer"), |(f, _)| f);
            break End::Failed(f.context(format_args!("redirect to {current}")));
        }
    };
    let final_code = hops.last().map_or(check.detail.status_code, |h| h.status_code);
    let d = &mut check.detail;
    match end {
        End::Answer => {
            check.status = status_of(final_code, d.error.is_some());
            if let Some(code) = final_code.filter(|_| !hops.is_empty()) {
                d.message = Some(format!("redirected {} time(s); the last answer was HTTP {code}", hops.len()));
            }
        }
        End::Loop(chain) => {
            check.status = Status::Fail;
            d.error = Some(ErrorClass::TooLarge);
            d.message = Some(format!("redirect loop: {chain}"));
        }
        End::TooMany => {
            check.status = Status::Warn;
            d.error = Some(ErrorClass::TooLarge);
            d.message = Some(format!("more than {MAX_HOPS} redirects; stopped following"));
        }
        End::Failed(f) => {
            check.status = Status::Fail;
            d.error = Some(f.class);
            d.message = Some(f.message);
        }
    }
    d.redirects = Some(hops);
}

/// An address for a redirect's host: the IP itself, or the first the system resolvers give.
async fn address_of(url: &url::Url, ctx: &Ctx) -> Result<IpAddr, Failure> {
    let host = host_of(url).ok_or_else(|| Failure::new(ErrorClass::Other, "no host"))?;
    Ok(ctx.resolve(&host).await?[0])
}

async fn fetch_hop(url: &url::Url, ip: IpAddr, ctx: &Ctx) -> (Hop, http::Outcome) {
    let start = Instant::now();
    let addr = SocketAddr::new(ip, url.port_or_known_default().unwrap_or(80));
    let host = host_of(url).unwrap_or_default();
    let path = path_of(url);
    let tls = if url.scheme() == "https" { Some(ctx.tls().await) } else { None };
    let out = http::fetch(&http::Request::new(addr, &host, &path, tls, ctx.deadline)).await;
    let hop = Hop {
        url: url.to_string(),
        address: Some(addr.to_string()),
        status_code: out.status_code,
        location: out.location.clone().filter(|_| is_redirect(out.status_code)),
        error: out.error.as_ref().map(|(f, _)| f.class),
        elapsed_ms: ms_since(start),
    };
    (hop, out)
}
