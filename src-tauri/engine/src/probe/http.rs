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
use tokio_rustls::client::TlsStream;

use super::Failure;
use super::cut::{self, Cut};
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
    "cf-mitigated",
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
    "proxy-agent",
    "x-squid-error",
];
/// Longest `Location` kept for following a redirect.
const LOCATION_KEEP: usize = 2048;

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
    /// The address to connect to (the site's, or a proxy's).
    pub addr: SocketAddr,
    /// `Host` header and TLS server name.
    pub host: &'a str,
    /// The site's port, for the `Host` header.
    pub port: u16,
    /// The request target: path and query, or an absolute URL when talking to a proxy.
    pub target: &'a str,
    /// Use TLS.
    pub tls: Option<&'a TlsSetup>,
    /// The `Accept` header.
    pub accept: &'a str,
    /// A `Proxy-Authorization` value, when the request goes to a proxy that wants one.
    pub proxy_auth: Option<&'a str>,
    /// The run's deadline: no phase waits past it.
    pub deadline: TokioInstant,
    /// Measurements from the same run that may end a wait sooner (see `cut.rs`).
    pub cut: Option<&'a Cut>,
}

impl<'a> Request<'a> {
    /// A direct GET of `path` from `host` at `addr`.
    pub(crate) fn new(
        addr: SocketAddr,
        host: &'a str,
        path: &'a str,
        tls: Option<&'a TlsSetup>,
        deadline: TokioInstant,
    ) -> Self {
        Self { addr, host, port: addr.port(), target: path, tls, accept: "*/*", proxy_auth: None, deadline, cut: None }
    }
}

/// The outcome, complete or partial.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    pub phases: Phases,
    pub status_code: Option<u16>,
    pub headers: BTreeMap<String, String>,
    /// The `Location` header, for following redirects.
    pub location: Option<String>,
    pub body: Vec<u8>,
    pub tls: Option<TlsInfo>,
    /// Why the exchange stopped short, and the phase it stopped in.
    pub error: Option<(Failure, Phase)>,
}

impl Outcome {
    /// The kept body sample as text.
    pub(crate) fn body_sample(&self) -> Option<String> {
        (!self.body.is_empty())
            .then(|| String::from_utf8_lossy(&self.body[..self.body.len().min(BODY_KEEP)]).into_owned())
    }

    /// Records a failure and the time until it.
    pub(crate) fn fail(&mut self, class: ErrorClass, message: String, phase: Phase, start: Instant) {
        self.error = Some((Failure::new(class, message), phase));
        self.phases.total_ms = Some(ms(start.elapsed()));
    }

    /// True when no HTTP answer came because connecting or TLS failed.
    pub(crate) fn failed_before_http(&self) -> bool {
        self.status_code.is_none() && matches!(self.error, Some((_, Phase::Connect | Phase::Tls)))
    }
}

/// `now + d`, but never past the deadline.
pub(crate) fn limit(d: Duration, deadline: TokioInstant) -> TokioInstant {
    (TokioInstant::now() + d).min(deadline)
}

/// Runs connect → TLS → HTTP and records every phase it reaches.
pub(crate) async fn fetch(req: &Request<'_>) -> Outcome {
    let start = Instant::now();
    let mut out = Outcome::default();
    // The fixed limits hold unless the run's own measurements say the wait is over (`cut.rs`).
    let tcp = tokio::select! {
        tcp = connect(req.addr, req.deadline, &mut out, start) => tcp,
        why = cut::connect(req.cut, start) => {
            out.fail(ErrorClass::Timeout, why, Phase::Connect, start);
            None
        }
    };
    let Some(tcp) = tcp else { return out };
    let Some(setup) = req.tls else {
        return exchange(tcp, req, out, start).await;
    };
    let tls_start = Instant::now();
    let stream = tokio::select! {
        stream = handshake(tcp, req.host, setup, req.deadline, &mut out, start) => stream,
        why = cut::handshake(req.cut, tls_start) => {
            out.phases.tls_ms = Some(ms(tls_start.elapsed()));
            out.fail(ErrorClass::Timeout, why, Phase::Tls, start);
            None
        }
    };
    let Some(stream) = stream else { return out };
    exchange(stream, req, out, start).await
}

/// TCP connect with its own time limit; records `connect_ms` or the failure.
pub(crate) async fn connect(
    addr: SocketAddr,
    deadline: TokioInstant,
    out: &mut Outcome,
    start: Instant,
) -> Option<TcpStream> {
    match tokio::time::timeout_at(limit(CONNECT_TIMEOUT, deadline), TcpStream::connect(addr)).await {
        Err(_) => {
            out.fail(ErrorClass::Timeout, format!("no TCP answer from {addr}"), Phase::Connect, start);
            None
        }
        Ok(Err(e)) => {
            out.fail(io_class(&e), format!("connect to {addr}: {e}"), Phase::Connect, start);
            None
        }
        Ok(Ok(s)) => {
            let _ = s.set_nodelay(true);
            out.phases.connect_ms = Some(ms(start.elapsed()));
            Some(s)
        }
    }
}

/// TLS handshake for `host` over any stream (a TCP connection or a proxy tunnel); records
/// `tls_ms`, the certificate shown and the version, or the failure.
pub(crate) async fn handshake<S>(
    stream: S,
    host: &str,
    setup: &TlsSetup,
    deadline: TokioInstant,
    out: &mut Outcome,
    start: Instant,
) -> Option<TlsStream<S>>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let tls_start = Instant::now();
    let (cfg, seen) = match setup.client_config() {
        Ok(c) => c,
        Err(e) => {
            out.fail(ErrorClass::TlsUntrusted, setup.explain(format!("TLS: {e}")), Phase::Tls, start);
            return None;
        }
    };
    let name = match ServerName::try_from(host.to_owned()) {
        Ok(n) => n,
        Err(e) => {
            out.fail(ErrorClass::Other, e.to_string(), Phase::Tls, start);
            return None;
        }
    };
    let connecting = tokio_rustls::TlsConnector::from(cfg).connect(name, stream);
    let result = tokio::time::timeout_at(limit(TLS_TIMEOUT, deadline), connecting).await;
    out.tls = seen.lock().ok().and_then(|s| s.as_deref().map(tls::describe));
    out.phases.tls_ms = Some(ms(tls_start.elapsed()));
    match result {
        Err(_) => out.fail(ErrorClass::Timeout, "the TLS handshake did not finish".into(), Phase::Tls, start),
        // The OS verifier's own reason stays in the message, with any trust store problem.
        Ok(Err(e)) => out.fail(tls::classify(&e), setup.explain(format!("TLS: {e}")), Phase::Tls, start),
        Ok(Ok(stream)) => {
            let version = stream.get_ref().1.protocol_version().map(|v| format!("{v:?}"));
            if let Some(t) = out.tls.as_mut() {
                t.version = version;
            }
            return Some(stream);
        }
    }
    None
}

/// One HTTP/1.1 GET over an open stream: the head (capped), then a bounded body sample.
pub(crate) async fn exchange<S>(stream: S, req: &Request<'_>, mut out: Outcome, start: Instant) -> Outcome
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let sent = Instant::now();
    let mut builder = hyper::client::conn::http1::Builder::new();
    builder.max_buf_size(MAX_HEAD).max_headers(200);
    let (mut sender, conn) = match builder.handshake::<_, Empty<Bytes>>(TokioIo::new(stream)).await {
        Ok(pair) => pair,
        Err(e) => {
            out.fail(ErrorClass::HttpProtocol, e.to_string(), Phase::Http, start);
            return out;
        }
    };
    // The connection task dies with this future's abort handle: aborting the JoinHandle on drop.
    let conn_task = AbortOnDrop(tokio::spawn(conn));
    let mut request = hyper::Request::get(req.target);
    if let Some(auth) = req.proxy_auth {
        request = request.header(hyper::header::PROXY_AUTHORIZATION, auth);
    }
    let request = request
        .header(hyper::header::HOST, host_header(req))
        .header(hyper::header::USER_AGENT, concat!("SiteDoctor/", env!("CARGO_PKG_VERSION")))
        .header(hyper::header::ACCEPT, req.accept)
        .header(hyper::header::CONNECTION, "close")
        .body(Empty::new());
    let request = match request {
        Ok(r) => r,
        Err(e) => {
            out.fail(ErrorClass::Other, e.to_string(), Phase::Http, start);
            return out;
        }
    };
    let response =
        match tokio::time::timeout_at(limit(FIRST_BYTE_TIMEOUT, req.deadline), sender.send_request(request)).await {
            Err(_) => {
                out.fail(ErrorClass::Timeout, "no response within the time limit".into(), Phase::Http, start);
                return out;
            }
            Ok(Err(e)) => {
                out.fail(hyper_class(&e), format!("HTTP: {}", error_chain(&e)), Phase::Http, start);
                return out;
            }
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
    out.location = response
        .headers()
        .get(hyper::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .filter(|v| v.len() <= LOCATION_KEEP)
        .map(str::to_owned);
    let mut body = response.into_body();
    let until = limit(BODY_TIMEOUT, req.deadline);
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
                out.error = Some((Failure::new(hyper_class(&e), format!("body: {e}")), Phase::Http));
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

fn host_header(req: &Request<'_>) -> String {
    let default = if req.tls.is_some() || req.target.starts_with("https:") { 443 } else { 80 };
    let host = if req.host.contains(':') { format!("[{}]", req.host) } else { req.host.to_owned() };
    if req.port == default { host } else { format!("{host}:{}", req.port) }
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

/// The error and its causes, so "operation was canceled" shows what canceled it.
fn error_chain(e: &hyper::Error) -> String {
    let mut out = e.to_string();
    let mut cause = std::error::Error::source(e);
    // Bounded: error chains are short, and this stops after a few links anyway.
    for _ in 0..4 {
        let Some(c) = cause else { break };
        out.push_str(": ");
        out.push_str(&c.to_string());
        cause = c.source();
    }
    out
}

fn hyper_class(e: &hyper::Error) -> ErrorClass {
    let inner = std::error::Error::source(e).and_then(|s| s.downcast_ref::<hyper::Error>());
    if let Some(inner) = inner.filter(|_| e.is_canceled()) {
        // A request canceled because the connection failed: the connection's error says why.
        return hyper_class(inner);
    }
    if e.to_string().contains("unexpected message") {
        // Bytes arrived that were no answer to anything we asked: not HTTP.
        return ErrorClass::HttpProtocol;
    }
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

pub(crate) fn ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}
