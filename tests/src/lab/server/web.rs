//! `lab-server http` (a site, a connectivity-check host, a captive portal) and `lab-server gateway`
//! (a CDN edge in front of an origin, with Cloudflare-like fingerprints, see docs/error-pages.md).
//!
//! ```text
//! lab-server http --listen 198.51.100.80:80 --listen-tls 198.51.100.80:443 --cert c.pem --key k.pem \
//!                 --status 200 --header "server: nginx" --body "<h1>shop</h1>" [--delay-ms 0] \
//!                 [--pad-kib 0] [--preset connectivity|portal] [--flap 2 --flap-path /api] [--reset 1]
//! lab-server gateway --listen-tls 198.51.100.80:443 --cert c.pem --key k.pem \
//!                    --upstream 198.51.100.90:8080 [--connect-timeout-ms 2000] [--timeout-ms 3000]
//! ```

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::net::TcpStream;

use super::fetch::{self, Failure, Limits};
use super::wire::{self, Reply, Request, Response};
use super::{Args, ready};

/// Where the captive portal sends everyone (a lab address the portal also answers for).
pub const PORTAL_LOGIN: &str = "http://203.0.113.250/login";

/// A fixed answer from the arguments.
#[derive(Debug, Clone)]
struct Fixed {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
    delay: Duration,
}

fn fixed(args: &Args) -> Result<Fixed, String> {
    let status = args.get("--status").unwrap_or("200").parse().map_err(|e| format!("--status: {e}"))?;
    let mut headers = Vec::new();
    for h in args.all("--header") {
        let (k, v) = h.split_once(':').ok_or_else(|| format!("--header wants NAME: VALUE, got {h:?}"))?;
        headers.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
    }
    if !headers.iter().any(|(k, _)| k == "content-type") {
        headers.push(("content-type".into(), "text/html; charset=utf-8".into()));
    }
    let delay = Duration::from_millis(args.get("--delay-ms").unwrap_or("0").parse().map_err(|e| format!("{e}"))?);
    let mut body = args.get("--body").unwrap_or("<h1>lab site</h1>").to_owned();
    // A big page, for paths where only small packets get through.
    let pad: usize = args.get("--pad-kib").unwrap_or("0").parse().map_err(|e| format!("--pad-kib: {e}"))?;
    if pad > 0 {
        body.push_str(&format!("<!-- {} -->", "lab filler ".repeat(pad * 1024 / 11)));
    }
    Ok(Fixed { status, headers, body, delay })
}

/// Binds the `--listen` / `--listen-tls` addresses.
pub async fn bind(args: &Args) -> Result<Vec<wire::Bound>, String> {
    let parse = |flag| -> Result<Vec<SocketAddr>, String> {
        args.all(flag).iter().map(|s| s.parse().map_err(|e| format!("{flag} {s}: {e}"))).collect()
    };
    let (plain, tls) = (parse("--listen")?, parse("--listen-tls")?);
    let acceptor = match (args.get("--cert"), args.get("--key")) {
        (Some(c), Some(k)) => Some(wire::acceptor(c.as_ref(), k.as_ref())?),
        _ => None,
    };
    if plain.is_empty() && tls.is_empty() {
        return Err("no --listen or --listen-tls".into());
    }
    wire::bind(&plain, &tls, acceptor.as_ref()).await.map_err(|e| e.to_string())
}

/// `http`: answers every request the same way, or per the vendor paths of a preset.
pub async fn run_http(args: &Args) -> Result<(), String> {
    let f = Arc::new(fixed(args)?);
    let preset = args.get("--preset").unwrap_or("").to_owned();
    // `--flap N`: every Nth request gets its connection closed without an answer (0: never).
    let flap: u64 = args.get("--flap").unwrap_or("0").parse().map_err(|e| format!("--flap: {e}"))?;
    // Only requests under `--flap-path` count and flap (default: all), as one bad backend of an API.
    let flap_path = Arc::new(args.get("--flap-path").unwrap_or("/").to_owned());
    let served = Arc::new(AtomicU64::new(0));
    // `--reset 1`: every request is answered with a TCP reset once it has been read (after the
    // TLS handshake, over HTTPS).
    let reset = args.get("--reset") == Some("1");
    if reset {
        wire::reset_connections();
    }
    let bound = bind(args).await?;
    ready();
    let h = wire::handler(move |req: Request| {
        let (f, preset, flap_path) = (f.clone(), preset.clone(), flap_path.clone());
        let n = if req.path().starts_with(flap_path.as_str()) { served.fetch_add(1, Ordering::Relaxed) + 1 } else { 0 };
        async move {
            if reset {
                return Reply::Reset;
            }
            if flap > 0 && n % flap == 0 && req.path().starts_with(flap_path.as_str()) {
                return Reply::Close;
            }
            if !f.delay.is_zero() {
                tokio::time::sleep(f.delay).await;
            }
            let path = req.path();
            let special = match preset.as_str() {
                "connectivity" => connectivity(&path),
                "portal" => Some(portal(&req, &path)),
                _ => None,
            };
            let mut resp = special.unwrap_or_else(|| Response {
                status: f.status,
                headers: f.headers.clone(),
                body: f.body.clone().into_bytes(),
            });
            resp.headers.push(("date".into(), http_date()));
            Reply::Now(resp)
        }
    });
    wire::serve(bound, h).await;
    Ok(())
}

/// What the vendors' connectivity URLs return online.
fn connectivity(path: &str) -> Option<Response> {
    if path.ends_with("generate_204") || path.ends_with("gen_204") {
        Some(Response { status: 204, headers: vec![], body: vec![] })
    } else if path.ends_with("hotspot-detect.html") {
        Some(Response::new(200, "text/html", "<HTML><HEAD><TITLE>Success</TITLE></HEAD><BODY>Success</BODY></HTML>"))
    } else if path.ends_with("connecttest.txt") {
        Some(Response::new(200, "text/plain", "Microsoft Connect Test"))
    } else {
        None
    }
}

/// A hotel-style portal: a login page at /login, a redirect there for everything else.
fn portal(req: &Request, path: &str) -> Response {
    if path.starts_with("/login") {
        return Response::new(
            200,
            "text/html; charset=utf-8",
            "<html><head><title>Lab Wi-Fi</title></head><body><h1>Welcome to Lab Wi-Fi</h1>\
             <form method=post action=/login><input name=room><button>Sign in</button></form></body></html>",
        )
        .with("cache-control", "no-store");
    }
    let host = req.header("host").unwrap_or("unknown");
    let orig: String =
        url::form_urlencoded::byte_serialize(format!("http://{host}{}", req.target).as_bytes()).collect();
    Response::new(302, "text/html", "<a href=\"/login\">Sign in</a>")
        .with("location", format!("{PORTAL_LOGIN}?orig={orig}"))
        .with("cache-control", "no-store")
}

static RAY: AtomicU64 = AtomicU64::new(0x7a1e_0000_0000_0000);

/// A Cloudflare-like ray id: 16 hex digits (unique per process and request) and a data-centre code.
fn ray_id() -> String {
    let n = RAY.fetch_add(0x1_0000_1b3d, Ordering::Relaxed) ^ (u64::from(std::process::id()) << 20);
    format!("{n:016x}-AMS")
}

/// The edge's own error page, branded the way Cloudflare brands its 502/504 pages.
fn branded(status: u16, host: &str, ray: &str) -> Response {
    let (title, what) = match status {
        504 => ("Gateway time-out", "The web server reported a gateway time-out error."),
        _ => ("Bad gateway", "The web server reported a bad gateway error."),
    };
    let body = format!(
        "<!DOCTYPE html><html><head><title>{host} | {status}: {title}</title></head><body>\
         <h1><span>{title}</span> <span>Error code {status}</span></h1>\
         <p>Visit cloudflare.com for more information.</p>\
         <div id=\"cf-host-status\"><p>You: Working</p><p>Amsterdam: Cloudflare Working</p><p>{host}: Host Error</p></div>\
         <h2>What happened?</h2><p>{what}</p>\
         <p>Cloudflare Ray ID: <strong>{}</strong> &bull; Performance &amp; security by Cloudflare</p></body></html>",
        ray.split('-').next().unwrap_or(ray)
    );
    Response::new(status, "text/html; charset=UTF-8", body)
}

/// `gateway`: forwards each request to `--upstream`; 502 when it refuses or cannot be reached,
/// 504 when it is slower than `--timeout-ms`; passes its own answers (even 5xx) through.
pub async fn run_gateway(args: &Args) -> Result<(), String> {
    let upstream: SocketAddr = args.require("--upstream")?.parse().map_err(|e| format!("--upstream: {e}"))?;
    let num = |flag, default: &str| -> Result<u64, String> {
        args.get(flag).unwrap_or(default).parse().map_err(|e| format!("{flag}: {e}"))
    };
    let limits = Limits {
        connect: Duration::from_millis(num("--connect-timeout-ms", "2000")?),
        tls: Duration::ZERO,
        first_byte: Duration::from_millis(num("--timeout-ms", "3000")?),
        body: Duration::from_secs(3),
    };
    let bound = bind(args).await?;
    ready();
    let h = wire::handler(move |req: Request| async move { Reply::Now(forward(req, upstream, limits).await) });
    wire::serve(bound, h).await;
    Ok(())
}

async fn forward(req: Request, upstream: SocketAddr, limits: Limits) -> Response {
    let ray = ray_id();
    let host = req.header("host").unwrap_or("origin").to_owned();
    let mut out = format!("{} {} HTTP/1.1\r\n", req.method, req.target);
    for (k, v) in req.headers.iter().filter(|(k, _)| !matches!(k.as_str(), "connection" | "keep-alive")) {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str(&format!(
        "cf-connecting-ip: {}\r\nx-forwarded-for: {}\r\ncf-ray: {ray}\r\nconnection: close\r\n\r\n",
        req.peer.ip(),
        req.peer.ip()
    ));
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(&req.body);
    let answer = match tokio::time::timeout(limits.connect, TcpStream::connect(upstream)).await {
        Err(_) => Err(Failure::ConnectTimeout),
        Ok(Err(e)) => {
            Err(if e.kind() == std::io::ErrorKind::ConnectionRefused { Failure::Refused } else { Failure::Unreachable })
        }
        Ok(Ok(s)) => fetch::exchange(s, &bytes, limits).await,
    };
    let resp = match answer {
        Ok(f) => {
            let headers = f
                .headers
                .into_iter()
                .filter(|(k, _)| {
                    !matches!(k.as_str(), "content-length" | "connection" | "transfer-encoding" | "server")
                })
                .collect();
            Response { status: f.status, headers, body: f.body }.with("cf-cache-status", "DYNAMIC")
        }
        Err(Failure::FirstByteTimeout) => {
            eprintln!("upstream {upstream} too slow: 504");
            branded(504, &host, &ray)
        }
        Err(e) => {
            eprintln!("upstream {upstream} failed ({e:?}): 502");
            branded(502, &host, &ray)
        }
    };
    resp.with("server", "cloudflare").with("cf-ray", ray).with("date", http_date())
}

/// An RFC 9110 date for the `date` header (engines compare server clocks with it).
pub fn http_date() -> String {
    let fmt = time::format_description::parse_borrowed::<1>(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT",
    );
    fmt.ok().and_then(|f| time::OffsetDateTime::now_utc().format(&f).ok()).unwrap_or_default()
}
