//! Just enough HTTP/1.1 for the lab's servers: one request per connection, `connection: close`,
//! plain or TLS listeners, every read bounded in size and time.

use std::future::Future;
use std::net::SocketAddr;
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

/// Largest request head accepted.
const MAX_HEAD: usize = 64 * 1024;
/// Largest request body accepted (API calls are tiny).
const MAX_BODY: usize = 64 * 1024;
/// How long a client may take to send its request.
const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one connection may live, hanging replies included.
const CONNECTION_LIFETIME: Duration = Duration::from_secs(120);

/// One parsed request.
#[derive(Debug, Clone)]
pub struct Request {
    /// `GET`, `POST`, ...
    pub method: String,
    /// Path and query as sent.
    pub target: String,
    /// Header names lower-cased, in order.
    pub headers: Vec<(String, String)>,
    /// The body (`content-length` bytes).
    pub body: Vec<u8>,
    /// Who connected.
    pub peer: SocketAddr,
    /// The address the client connected to.
    pub local: SocketAddr,
    /// Whether the connection was TLS.
    pub tls: bool,
}

impl Request {
    /// The first value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The path without the query, with repeated slashes folded (a base URL with a trailing slash
    /// joined to `/v1/...` must still work).
    pub fn path(&self) -> String {
        let raw = self.target.split('?').next().unwrap_or("/");
        let mut out = String::with_capacity(raw.len());
        for c in raw.chars() {
            if !(c == '/' && out.ends_with('/')) {
                out.push(c);
            }
        }
        out
    }

    /// A query parameter, percent-decoded.
    pub fn query(&self, key: &str) -> Option<String> {
        let q = self.target.split_once('?')?.1;
        url::form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == key).map(|(_, v)| v.into_owned())
    }
}

/// A response to send.
#[derive(Debug, Clone)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Headers besides `content-length` and `connection`.
    pub headers: Vec<(String, String)>,
    /// Body.
    pub body: Vec<u8>,
}

impl Response {
    /// A response with a body and a content type.
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Self { status, headers: vec![("content-type".into(), content_type.into())], body: body.into() }
    }

    /// A JSON response.
    pub fn json(status: u16, value: &serde_json::Value) -> Self {
        Self::new(status, "application/json; charset=utf-8", value.to_string())
    }

    /// Adds a header.
    pub fn with(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    /// The bytes on the wire.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (k, v) in &self.headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str(&format!("content-length: {}\r\nconnection: close\r\n\r\n", self.body.len()));
        let mut out = head.into_bytes();
        out.extend_from_slice(&self.body);
        out
    }
}

/// What a handler decides.
#[derive(Debug)]
pub enum Reply {
    /// Send this.
    Now(Response),
    /// Say nothing until the client gives up (a silent service).
    Hang,
    /// Close the connection without a word (a worker that crashed mid-request).
    Close,
    /// Reset the connection (TCP RST) without a word: only from a server whose listeners were
    /// bound after [`reset_connections`], so that its sockets close with a reset.
    Reset,
}

/// Every connection this process accepts from now on closes with a reset when dropped unshut
/// (SO_LINGER 0); one role per process, so the flag is the process's.
static RESET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Makes dropped connections reset (see [`Reply::Reset`]).
pub fn reset_connections() {
    RESET.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// A request handler shared by every connection of a server.
pub type Handler = Arc<dyn Fn(Request) -> Pin<Box<dyn Future<Output = Reply> + Send>> + Send + Sync>;

/// Wraps an async closure as a [`Handler`].
pub fn handler<F, Fut>(f: F) -> Handler
where
    F: Fn(Request) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Reply> + Send + 'static,
{
    Arc::new(move |r| Box::pin(f(r)))
}

/// A bound listener, plain or TLS.
pub struct Bound {
    listener: TcpListener,
    tls: Option<TlsAcceptor>,
}

/// Binds every address now, so that "ready" means "accepting".
pub async fn bind(
    plain: &[SocketAddr],
    tls: &[SocketAddr],
    acceptor: Option<&TlsAcceptor>,
) -> std::io::Result<Vec<Bound>> {
    let mut out = Vec::new();
    for a in plain {
        out.push(Bound { listener: TcpListener::bind(a).await?, tls: None });
    }
    for a in tls {
        let acc = acceptor.cloned().ok_or_else(|| std::io::Error::other("--listen-tls needs --cert and --key"))?;
        out.push(Bound { listener: TcpListener::bind(a).await?, tls: Some(acc) });
    }
    Ok(out)
}

/// Serves every listener until the process ends; each connection is bounded in time.
pub async fn serve(bound: Vec<Bound>, handler: Handler) {
    let mut tasks = tokio::task::JoinSet::new();
    for b in bound {
        let h = handler.clone();
        tasks.spawn(async move {
            // Runs until the process exits (stdin closed or its time to live is over).
            loop {
                let Ok((stream, peer)) = b.listener.accept().await else { continue };
                if RESET.load(std::sync::atomic::Ordering::Relaxed) {
                    let _ = socket2::SockRef::from(&stream).set_linger(Some(std::time::Duration::ZERO));
                }
                let local = stream.local_addr().unwrap_or(peer);
                let (h, tls) = (h.clone(), b.tls.clone());
                tokio::spawn(async move {
                    let _ = tokio::time::timeout(CONNECTION_LIFETIME, async move {
                        match tls {
                            None => one(stream, peer, local, false, h).await,
                            Some(acc) => match tokio::time::timeout(READ_TIMEOUT, acc.accept(stream)).await {
                                Ok(Ok(s)) => one(s, peer, local, true, h).await,
                                Ok(Err(e)) => eprintln!("TLS handshake with {peer} failed: {e}"),
                                Err(_) => eprintln!("TLS handshake with {peer} timed out"),
                            },
                        }
                    })
                    .await;
                });
            }
        });
    }
    while tasks.join_next().await.is_some() {}
}

async fn one<S>(mut stream: S, peer: SocketAddr, local: SocketAddr, tls: bool, h: Handler)
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let Ok(Some(req)) = tokio::time::timeout(READ_TIMEOUT, read_request(&mut stream, peer, local, tls)).await else {
        return;
    };
    eprintln!("{peer} -> {local}{}: {} {}", if tls { " (tls)" } else { "" }, req.method, req.target);
    match h(req).await {
        Reply::Now(resp) => {
            let _ = stream.write_all(&resp.to_bytes()).await;
            let _ = stream.shutdown().await;
        }
        // Bounded by CONNECTION_LIFETIME in the caller.
        Reply::Hang => tokio::time::sleep(CONNECTION_LIFETIME).await,
        Reply::Close => {
            let _ = stream.shutdown().await;
        }
        // Dropped without a shutdown: with SO_LINGER 0 the kernel sends a reset.
        Reply::Reset => drop(stream),
    }
}

/// Reads a request head and its body; `None` for anything that is not HTTP/1.x.
pub async fn read_request<S: AsyncRead + Unpin>(
    stream: &mut S,
    peer: SocketAddr,
    local: SocketAddr,
    tls: bool,
) -> Option<Request> {
    let (head, mut rest) = read_head(stream).await?;
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split_whitespace();
    let (method, target) = (first.next()?.to_owned(), first.next()?.to_owned());
    let headers = parse_headers(lines);
    let len: usize = headers.iter().find(|(k, _)| k == "content-length").and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
    if len > MAX_BODY {
        return None;
    }
    let mut chunk = [0u8; 4096];
    // Bounded by MAX_BODY and the caller's timeout.
    while rest.len() < len {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        rest.extend_from_slice(&chunk[..n]);
    }
    rest.truncate(len);
    Some(Request { method, target, headers, body: rest, peer, local, tls })
}

/// Reads up to the blank line; returns the head as text and the bytes after it.
pub async fn read_head<S: AsyncRead + Unpin>(stream: &mut S) -> Option<(String, Vec<u8>)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    // Bounded by MAX_HEAD and the caller's timeout.
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).into_owned();
            return Some((head, buf[end + 4..].to_vec()));
        }
        if buf.len() > MAX_HEAD {
            return None;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// `name: value` lines, names lower-cased.
pub fn parse_headers<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<(String, String)> {
    lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned())).collect()
}

/// A TLS acceptor for a PEM certificate chain and key.
pub fn acceptor(cert: &Path, key: &Path) -> Result<TlsAcceptor, String> {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
        .map_err(|e| format!("{}: {e}", cert.display()))?
        .collect::<Result<_, _>>()
        .map_err(|e| format!("{}: {e}", cert.display()))?;
    let key = PrivateKeyDer::from_pem_file(key).map_err(|e| format!("{}: {e}", key.display()))?;
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut cfg = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| e.to_string())?;
    cfg.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(cfg)))
}

/// The standard reason phrase.
pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        202 => "Accepted",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}
