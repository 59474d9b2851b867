//! Entry points for fuzzing the engine's readers of untrusted input: what a person types, DNS
//! replies, HTTP response heads, the vantage services' and the status pages' JSON. Each takes raw bytes, must never
//! panic, and asserts the invariants its callers rely on (a broken invariant is a finding too).
//!
//! Compiled for the engine's own tests (the bounded proptest runs in `fuzz/tests.rs`) and, with
//! the `fuzz` feature, for the `cargo fuzz` targets in `fuzz/` at the repository root.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use hickory_proto::op::Message;
use hickory_proto::rr::RecordType;
use tokio::io::AsyncWriteExt;

use crate::probe::{dns, http, status_page, tls, vantage};
use crate::target::{Host, Target};

/// Longest input a fuzz entry looks at: four times the 16 KB libFuzzer default and the 64 KB
/// inputs the issue asks for, so a runaway corpus entry cannot make one case take seconds.
pub const MAX_FUZZ_INPUT: usize = 256 * 1024;

/// The input normalizer: any text, valid UTF-8 or not (lossy, as a paste would arrive).
pub fn target(data: &[u8]) {
    let text = String::from_utf8_lossy(&data[..data.len().min(MAX_FUZZ_INPUT)]);
    let Ok(t) = Target::parse(&text) else { return };
    // What the probes rely on: no secret carried along, a usable port, a host to ask for.
    assert!(t.url.username().is_empty() && t.url.password().is_none(), "userinfo kept: {}", t.url);
    assert!(t.url.fragment().is_none(), "fragment kept: {}", t.url);
    assert!(t.port != 0, "port 0 accepted: {text:?}");
    assert!(matches!(t.url.scheme(), "http" | "https"), "scheme {}", t.url.scheme());
    let host = t.host_str();
    assert!(!host.is_empty(), "empty host from {text:?}");
    if let Host::Domain(d) = &t.host {
        assert!(d.is_ascii() && !d.ends_with('.'), "domain not normalized: {d:?}");
        assert!(d.parse::<IpAddr>().is_err(), "an IP kept as a name: {d:?}");
        // A DNS question can be built for every accepted name (the lookups do exactly this).
        let _ = dns::question(d, RecordType::A, 1);
    }
    // The normalized form reads back as the same target: history and "check again" rely on it.
    let again = Target::parse(t.url.as_str()).unwrap_or_else(|e| panic!("{} no longer parses: {e:?}", t.url));
    assert_eq!((again.host, again.port), (t.host.clone(), t.port), "re-reading {} changed it", t.url);
    let _ = t.info();
}

/// A DNS reply as it comes off the wire, read and classified for A and AAAA, then merged.
pub fn dns_answer(data: &[u8]) {
    let Ok(reply) = Message::from_vec(&data[..data.len().min(MAX_FUZZ_INPUT)]) else { return };
    let a = dns::classify(&reply, RecordType::A);
    let aaaa = dns::classify(&reply, RecordType::AAAA);
    if let Ok(ips) = &a {
        assert!(ips.iter().all(IpAddr::is_ipv4), "an A answer gave {ips:?}");
    }
    if let Ok(ips) = &aaaa {
        assert!(ips.iter().all(IpAddr::is_ipv6), "an AAAA answer gave {ips:?}");
    }
    if let Ok(ips) = dns::merge(a, aaaa) {
        assert!(!ips.is_empty(), "an empty success");
    }
}

/// A server's answer to our GET, byte for byte, through the same hyper client and limits the
/// HTTP probe uses. The server half writes `data` and closes, so no case waits on the network.
pub fn http_head(data: &[u8]) {
    let data = data[..data.len().min(MAX_FUZZ_INPUT)].to_vec();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let out = rt.block_on(async move {
        let (client, mut server) = tokio::io::duplex(64 * 1024);
        // The server half: reads nothing (our request sits in the pipe), answers, closes.
        let answer = tokio::spawn(async move {
            let _ = server.write_all(&data).await;
            let _ = server.shutdown().await;
            // Kept open until the client is done reading, as a real peer's socket would be.
            tokio::time::sleep(Duration::from_secs(5)).await;
        });
        let addr = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 80);
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        let req = http::Request::new(addr, "example.test", "/", None, deadline);
        let out = http::exchange(client, &req, http::Outcome::default(), Instant::now()).await;
        answer.abort();
        out
    });
    assert!(out.status_code.is_some() || out.error.is_some(), "neither an answer nor an error");
    assert!(out.body.len() <= 32 * 1024, "body sample over its cap: {}", out.body.len());
    assert!(out.headers.values().all(|v| v.chars().count() <= 256), "a header over its cap");
    assert!(out.location.as_ref().is_none_or(|l| l.len() <= 2048), "a Location over its cap");
}

/// A vantage service's JSON, given to both services' readers in every role it could take.
pub fn vantage_json(data: &[u8]) {
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(&data[..data.len().min(MAX_FUZZ_INPUT)]) else {
        return;
    };
    let null = serde_json::Value::Null;
    let mut n = vantage::globalping::points(&v).len();
    n += vantage::check_host::points(&v, &v).len();
    n += vantage::check_host::points(&null, &v).len();
    // check-host's two documents arrive separately: nodes first, then results.
    if let Some([nodes, results]) = v.as_array().map(Vec::as_slice) {
        n += vantage::check_host::points(nodes, results).len();
    }
    assert!(n <= 10_000, "points without bound: {n}");
}

/// A status page's JSON (summary or unresolved incidents), read and weighed for every location
/// a routing header could name, and put in words; and the same bytes as a page that may link
/// the site's own status page.
pub fn status_json(data: &[u8]) {
    use crate::status::{MAX_COMPONENTS, MAX_INCIDENTS, Provider, judge, words};
    let data = &data[..data.len().min(MAX_FUZZ_INPUT)];
    if let Some(link) = status_page::link_in(&String::from_utf8_lossy(data)) {
        let url = url::Url::parse(&link).unwrap_or_else(|e| panic!("a link that is no URL: {link:?}: {e}"));
        assert!(matches!(url.scheme(), "http" | "https"), "link {link}");
    }
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(data) else { return };
    let base = url::Url::parse("http://127.0.0.1:9/").expect("a base");
    assert!(status_page::incidents(&v).len() <= MAX_INCIDENTS, "incidents without bound");
    let Ok(page) = status_page::parse_summary(&v, &base) else { return };
    assert!(page.incidents.len() <= MAX_INCIDENTS && page.components.len() <= MAX_COMPONENTS, "without bound");
    for region in [None, Some("AMS".to_owned()), Some(String::new()), Some("(".to_owned())] {
        for provider in [Provider::Cloudflare, Provider::Site] {
            let s = judge(provider, &page, region.clone());
            assert_eq!(s.trouble.len() + s.other_incidents as usize, page.incidents.len(), "an incident lost");
            let _ = words::trouble(&s);
        }
    }
}

/// A server certificate's DER, as the TLS probe describes it for the evidence.
pub fn certificate(data: &[u8]) {
    let info = tls::describe(&data[..data.len().min(MAX_FUZZ_INPUT)]);
    assert!(info.names.len() <= 50, "names without bound: {}", info.names.len());
}

#[cfg(test)]
mod regressions;
#[cfg(test)]
mod status_tests;
#[cfg(test)]
mod tests;
