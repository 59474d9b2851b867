//! One HTTP exchange with exact phases: our own TCP connect, TLS handshake and HTTP/1.1 request,
//! each with its own deadline, so a help desk sees where time went and where it stopped.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper_util::rt::TokioIo;
use rustls::pki_types::ServerName;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio::time::Instant as TokioInstant;

use super::tls::{self, TlsSetup};
use crate::finding::{ErrorClass, Phases, TlsInfo};

/// Per-phase limits; each is also cut by the run's deadline.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const TLS_TIMEOUT: Duration = Duration::from_secs(6);
const FIRST_BYTE_TIMEOUT: Duration = Duration::from_secs(8);
const BODY_TIMEOUT: Duration = Duration::from_secs(3);
/// Largest response head accepted (hyper's read buffer): a 1 MB header flood stops here.
const MAX_HEAD: usize = 64 * 1024;
/// How much of the body is read; the rest is never downloaded.
const BODY_READ: usize = 32 * 1024;
/// How much of that is kept as evidence.
const BODY_KEEP: usize = 2048;
/// Longest header value kept.
const HEADER_KEEP: usize = 256;

/// Headers that say who served a response (CDN, proxy, load balancer) or when.
const IDENTIFYING: &[&str] = &[
    "server",
    "via",
    "date",
    "location",
    "content-type",
    "retry-after",
    "cf-ray",
    "cf-cache-status",
    "x-amz-cf-id",
    "x-amz-cf-pop",
    "x-cache",
    "x-cache-hits",
    "x-served-by",
    "x-azure-ref",
    "x-request-id",
    "x-fastly-request-id",
    "x-akamai-request-id",
    "akamai-grn",
    "x-vercel-id",
    "x-github-request-id",
    "fly-request-id",
    "x-nf-request-id",
    "x-amzn-requestid",
    "x-envoy-upstream-service-time",
];

/// Where an exchange stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    /// TCP connect.
    Connect,
    /// TLS handshake.
    Tls,
    /// Request sent, waiting for or reading the response.
    Http,
}

/// What to fetch and from where.
#[derive(Debug, Clone)]
pub(crate) struct Request<'a> {
    /// The address to connect to.
    pub addr: SocketAddr,
    /// `Host` header and TLS server name.
    pub host: &'a str,
    /// Path and query.
    pub path: &'a str,
    /// Use TLS.
    pub tls: Option<&'a TlsSetup>,
    /// The run's deadline: no phase waits past it.
    pub deadline: TokioInstant,
}

/// The outcome, complete or partial.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    pub phases: Phases,
    pub status_code: Option<u16>,
    pub headers: BTreeMap<String, String>,
    pub body: Vec<u8>,
    pub tls: Option<TlsInfo>,
    /// Failure class, technical words, and the phase it happened in.
    pub error: Option<(ErrorClass, String, Phase)>,
}

impl Outcome {
    /// The kept body sample as text.
    pub(crate) fn body_sample(&self) -> Option<String> {
        (!self.body.is_empty())
            .then(|| String::from_utf8_lossy(&self.body[..self.body.len().min(BODY_KEEP)]).into_owned())
    }
}

/// Runs connect → TLS → HTTP and records every phase it reaches.
pub(crate) async fn fetch(req: Request<'_>) -> Outcome {
    let start = Instant::now();
    let mut out = Outcome::default();
    let limit = |d: Duration| (TokioInstant::now() + d).min(req.deadline);
    let tcp = match tokio::time::timeout_at(limit(CONNECT_TIMEOUT), TcpStream::connect(req.addr)).await {
        Err(_) => {
            return out.fail(ErrorClass::Timeout, format!("no TCP answer from {}", req.addr), Phase::Connect, start);
        }
        Ok(Err(e)) => return out.fail(io_class(&e), format!("connect to {}: {e}", req.addr), Phase::Connect, start),
        Ok(Ok(s)) => s,
    };
    let _ = tcp.set_nodelay(true);
    out.phases.connect_ms = Some(ms(start.elapsed()));
    let Some(setup) = req.tls else {
        return exchange(tcp, &req, out, start).await;
    };
    let tls_start = Instant::now();
    let (cfg, seen) = match setup.client_config() {
        Ok(c) => c,
        Err(e) => return out.fail(ErrorClass::Other, e, Phase::Tls, start),
    };
    let name = match ServerName::try_from(req.host.to_owned()) {
        Ok(n) => n,
        Err(e) => return out.fail(ErrorClass::Other, e.to_string(), Phase::Tls, start),
    };
    let handshake = tokio_rustls::TlsConnector::from(cfg).connect(name, tcp);
    let result = tokio::time::timeout_at(limit(TLS_TIMEOUT), handshake).await;
    out.tls = seen.lock().ok().and_then(|s| s.as_deref().map(tls::describe));
    out.phases.tls_ms = Some(ms(tls_start.elapsed()));
    match result {
        Err(_) => out.fail(ErrorClass::Timeout, "the TLS handshake did not finish".into(), Phase::Tls, start),
        Ok(Err(e)) => out.fail(tls::classify(&e), format!("TLS: {e}"), Phase::Tls, start),
        Ok(Ok(stream)) => {
            let version = stream.get_ref().1.protocol_version().map(|v| format!("{v:?}"));
            if let Some(t) = out.tls.as_mut() {
                t.version = version;
            }
            exchange(stream, &req, out, start).await
        }
    }
}

async fn exchange<S>(stream: S, req: &Request<'_>, mut out: Outcome, start: Instant) -> Outcome
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let limit = |d: Duration| (TokioInstant::now() + d).min(req.deadline);
    let sent = Instant::now();
    let mut builder = hyper::client::conn::http1::Builder::new();
    builder.max_buf_size(MAX_HEAD).max_headers(200);
    let (mut sender, conn) = match builder.handshake::<_, Empty<Bytes>>(TokioIo::new(stream)).await {
        Ok(pair) => pair,
        Err(e) => return out.fail(ErrorClass::HttpProtocol, e.to_string(), Phase::Http, start),
    };
    // The connection task dies with this future's abort handle: aborting the JoinHandle on drop.
    let conn_task = AbortOnDrop(tokio::spawn(conn));
    let request = hyper::Request::get(req.path)
        .header(hyper::header::HOST, host_header(req))
        .header(hyper::header::USER_AGENT, concat!("SiteDoctor/", env!("CARGO_PKG_VERSION")))
        .header(hyper::header::ACCEPT, "*/*")
        .header(hyper::header::CONNECTION, "close")
        .body(Empty::new());
    let request = match request {
        Ok(r) => r,
        Err(e) => return out.fail(ErrorClass::Other, e.to_string(), Phase::Http, start),
    };
    let response = match tokio::time::timeout_at(limit(FIRST_BYTE_TIMEOUT), sender.send_request(request)).await {
        Err(_) => return out.fail(ErrorClass::Timeout, "no response within the time limit".into(), Phase::Http, start),
        Ok(Err(e)) => return out.fail(hyper_class(&e), format!("HTTP: {e}"), Phase::Http, start),
        Ok(Ok(r)) => r,
    };
    out.phases.first_byte_ms = Some(ms(sent.elapsed()));
    out.status_code = Some(response.status().as_u16());
    for (name, value) in response.headers() {
        let n = name.as_str();
        if IDENTIFYING.contains(&n) && !out.headers.contains_key(n) {
            let v = String::from_utf8_lossy(value.as_bytes());
            out.headers.insert(n.to_owned(), v.chars().take(HEADER_KEEP).collect());
        }
    }
    let mut body = response.into_body();
    let until = limit(BODY_TIMEOUT);
    // Bounded by BODY_READ bytes and `until`: an endless or dripping body is cut off.
    while out.body.len() < BODY_READ {
        match tokio::time::timeout_at(until, body.frame()).await {
            Ok(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    let room = BODY_READ - out.body.len();
                    out.body.extend_from_slice(&data[..data.len().min(room)]);
                }
            }
            Ok(Some(Err(e))) => {
                out.error = Some((hyper_class(&e), format!("body: {e}"), Phase::Http));
                break;
            }
            Ok(None) | Err(_) => break,
        }
    }
    drop(conn_task);
    out.phases.total_ms = Some(ms(start.elapsed()));
    out
}

/// Aborts the spawned connection driver when the exchange ends or is dropped.
struct AbortOnDrop(tokio::task::JoinHandle<Result<(), hyper::Error>>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl Outcome {
    fn fail(mut self, class: ErrorClass, message: String, phase: Phase, start: Instant) -> Self {
        self.error = Some((class, message, phase));
        self.phases.total_ms = Some(ms(start.elapsed()));
        self
    }
}

fn host_header(req: &Request<'_>) -> String {
    let default = if req.tls.is_some() { 443 } else { 80 };
    let host = if req.host.contains(':') { format!("[{}]", req.host) } else { req.host.to_owned() };
    if req.addr.port() == default { host } else { format!("{host}:{}", req.addr.port()) }
}

pub(crate) fn io_class(e: &std::io::Error) -> ErrorClass {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::ConnectionRefused => ErrorClass::ConnectionRefused,
        K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe | K::UnexpectedEof => ErrorClass::ConnectionReset,
        K::HostUnreachable | K::NetworkUnreachable | K::AddrNotAvailable => ErrorClass::Unreachable,
        K::TimedOut => ErrorClass::Timeout,
        _ => ErrorClass::Other,
    }
}

fn hyper_class(e: &hyper::Error) -> ErrorClass {
    if e.is_parse() && e.to_string().contains("too large") {
        ErrorClass::TooLarge
    } else if e.is_parse() || e.is_parse_status() {
        ErrorClass::HttpProtocol
    } else if e.is_incomplete_message() || e.is_canceled() || e.is_closed() {
        ErrorClass::ConnectionReset
    } else if e.is_timeout() {
        ErrorClass::Timeout
    } else {
        let io = std::error::Error::source(e).and_then(|s| s.downcast_ref::<std::io::Error>());
        io.map(io_class).unwrap_or(ErrorClass::Other)
    }
}

fn ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}
