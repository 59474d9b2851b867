//! The lab servers' own client: a DNS stub (A records) and one HTTP/1.1 GET over TCP or TLS, with
//! per-phase times. Vantage stand-ins use it to fetch the site from their own namespace, and the
//! gateway to reach its origin, so what they report is what really happened on the lab network.

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hickory_proto::op::{Message, MessageType, OpCode, Query, ResponseCode};
use hickory_proto::rr::{Name, RecordType};
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, SignatureScheme};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpStream, UdpSocket};

use super::wire;

/// Largest response read.
const MAX_RESPONSE: usize = 256 * 1024;

/// Time limits of one fetch.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// TCP connect.
    pub connect: Duration,
    /// TLS handshake.
    pub tls: Duration,
    /// From sending the request to the first byte of the answer.
    pub first_byte: Duration,
    /// From the first byte to the end of the answer.
    pub body: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(4),
            tls: Duration::from_secs(4),
            first_byte: Duration::from_secs(8),
            body: Duration::from_secs(3),
        }
    }
}

/// Why a fetch failed, in the words vantage services use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The name did not resolve.
    Dns(String),
    /// Nothing listens (RST).
    Refused,
    /// No answer to the SYN.
    ConnectTimeout,
    /// No route.
    Unreachable,
    /// The certificate has expired.
    CertExpired,
    /// Any other certificate or handshake problem.
    Tls(String),
    /// Connected, but no answer in time.
    FirstByteTimeout,
    /// The answer was not HTTP or was cut off.
    Protocol(String),
}

/// A parsed answer.
#[derive(Debug, Clone, Default)]
pub struct Fetched {
    /// Status code.
    pub status: u16,
    /// Reason phrase as sent.
    pub reason: String,
    /// Headers, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// Body (as read, without de-chunking: lab servers send `content-length`).
    pub body: Vec<u8>,
    /// Per-phase milliseconds.
    pub timings: Timings,
    /// For HTTPS fetched leniently: why the certificate would not verify (`None`: it verifies).
    pub cert_problem: Option<Failure>,
}

/// Per-phase times in milliseconds.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    /// Name resolution.
    pub dns: u64,
    /// TCP connect.
    pub tcp: u64,
    /// TLS handshake (0 for plain HTTP).
    pub tls: u64,
    /// Request sent to first byte.
    pub first_byte: u64,
    /// First byte to end.
    pub download: u64,
    /// Everything.
    pub total: u64,
}

/// What to fetch.
#[derive(Debug, Clone)]
pub struct Target {
    /// `https` or `http`.
    pub https: bool,
    /// Host name or IP literal (no brackets).
    pub host: String,
    /// Port.
    pub port: u16,
    /// Path and query.
    pub path: String,
}

impl Target {
    /// Parses `http(s)://host[:port]/path`; a bare host means `http://host/` (check-host does so).
    pub fn parse(s: &str) -> Option<Self> {
        let with_scheme = if s.contains("://") { s.to_owned() } else { format!("http://{s}") };
        let u = url::Url::parse(&with_scheme).ok()?;
        let https = match u.scheme() {
            "https" => true,
            "http" => false,
            _ => return None,
        };
        let host = u.host_str()?.trim_start_matches('[').trim_end_matches(']').to_owned();
        let path = match u.query() {
            Some(q) => format!("{}?{q}", u.path()),
            None => u.path().to_owned(),
        };
        Some(Self { https, host, port: u.port_or_known_default()?, path })
    }
}

fn ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// Asks `server` for the A records of `name` (two tries, 1.5 s each).
pub async fn resolve_a(server: SocketAddr, name: &str) -> Result<Vec<IpAddr>, String> {
    let fqdn = Name::from_ascii(format!("{}.", name.trim_end_matches('.'))).map_err(|e| e.to_string())?;
    let id = u16::try_from(std::process::id() % 60_000).unwrap_or(1);
    let mut msg = Message::new(id, MessageType::Query, OpCode::Query);
    msg.metadata.recursion_desired = true;
    msg.add_query(Query::query(fqdn, RecordType::A));
    let bytes = msg.to_vec().map_err(|e| e.to_string())?;
    let sock = UdpSocket::bind("0.0.0.0:0").await.map_err(|e| e.to_string())?;
    sock.connect(server).await.map_err(|e| e.to_string())?;
    let mut buf = vec![0u8; 4096];
    for _ in 0..2 {
        sock.send(&bytes).await.map_err(|e| e.to_string())?;
        let Ok(got) = tokio::time::timeout(Duration::from_millis(1500), sock.recv(&mut buf)).await else { continue };
        let n = got.map_err(|e| e.to_string())?;
        let reply = Message::from_vec(&buf[..n]).map_err(|e| e.to_string())?;
        if reply.metadata.response_code != ResponseCode::NoError {
            return Err(format!("{}", reply.metadata.response_code));
        }
        let ips: Vec<IpAddr> = reply.answers.iter().filter_map(|r| r.data.ip_addr()).collect();
        return if ips.is_empty() { Err("no A records".into()) } else { Ok(ips) };
    }
    Err("timeout".into())
}

/// Trust anchors from a PEM file (the lab CA).
pub fn roots(ca: &std::path::Path) -> Result<Arc<rustls::RootCertStore>, String> {
    let mut store = rustls::RootCertStore::empty();
    for c in CertificateDer::pem_file_iter(ca).map_err(|e| e.to_string())? {
        store.add(c.map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    }
    Ok(Arc::new(store))
}

/// GETs `target` at `ip`, verifying TLS against `roots`. `strict`: a certificate problem fails the
/// fetch (curl, check-host); otherwise the page is fetched anyway and the problem reported in
/// [`Fetched::cert_problem`] (Globalping's `tls.authorized: false`).
pub async fn get(
    target: &Target,
    ip: IpAddr,
    roots: &Arc<rustls::RootCertStore>,
    limits: Limits,
    user_agent: &str,
    strict: bool,
) -> Result<Fetched, Failure> {
    let start = Instant::now();
    let addr = SocketAddr::new(ip, target.port);
    let tcp = match tokio::time::timeout(limits.connect, TcpStream::connect(addr)).await {
        Err(_) => return Err(Failure::ConnectTimeout),
        Ok(Err(e)) => return Err(connect_failure(&e)),
        Ok(Ok(s)) => s,
    };
    let tcp_ms = ms(start.elapsed());
    let host_header = if (target.https && target.port == 443) || (!target.https && target.port == 80) {
        target.host.clone()
    } else {
        format!("{}:{}", target.host, target.port)
    };
    let req = format!(
        "GET {} HTTP/1.1\r\nhost: {host_header}\r\nuser-agent: {user_agent}\r\naccept: */*\r\nconnection: close\r\n\r\n",
        target.path
    );
    let (mut out, tls_ms) = if target.https {
        let tls_start = Instant::now();
        let (cfg, problem) = tls_config(roots, strict).map_err(Failure::Tls)?;
        let name = ServerName::try_from(target.host.clone()).map_err(|e| Failure::Tls(e.to_string()))?;
        let hs = tokio_rustls::TlsConnector::from(cfg).connect(name, tcp);
        let stream = match tokio::time::timeout(limits.tls, hs).await {
            Err(_) => return Err(Failure::Tls("TLS handshake timed out".into())),
            Ok(Err(e)) => return Err(tls_failure(&e)),
            Ok(Ok(s)) => s,
        };
        let tls_ms = ms(tls_start.elapsed());
        let mut out = exchange(stream, req.as_bytes(), limits).await?;
        out.cert_problem = problem.lock().ok().and_then(|p| p.as_ref().map(cert_failure));
        (out, tls_ms)
    } else {
        (exchange(tcp, req.as_bytes(), limits).await?, 0)
    };
    out.timings.tcp = tcp_ms;
    out.timings.tls = tls_ms;
    out.timings.total = ms(start.elapsed());
    Ok(out)
}

/// Sends raw request bytes and reads the whole answer (`connection: close`).
pub async fn exchange<S>(mut stream: S, request: &[u8], limits: Limits) -> Result<Fetched, Failure>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    stream.write_all(request).await.map_err(|e| Failure::Protocol(e.to_string()))?;
    let sent = Instant::now();
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    match tokio::time::timeout(limits.first_byte, stream.read(&mut chunk)).await {
        Err(_) => return Err(Failure::FirstByteTimeout),
        Ok(Err(e)) => return Err(Failure::Protocol(e.to_string())),
        Ok(Ok(0)) => return Err(Failure::Protocol("connection closed without an answer".into())),
        Ok(Ok(n)) => buf.extend_from_slice(&chunk[..n]),
    }
    let first_byte = ms(sent.elapsed());
    let until = tokio::time::Instant::now() + limits.body;
    // Bounded by MAX_RESPONSE and `until`.
    while buf.len() < MAX_RESPONSE {
        match tokio::time::timeout_at(until, stream.read(&mut chunk)).await {
            Ok(Ok(0)) | Err(_) => break,
            Ok(Ok(n)) => buf.extend_from_slice(&chunk[..n]),
            // TLS servers that close without close_notify end up here after sending everything.
            Ok(Err(_)) => break,
        }
    }
    let download = ms(sent.elapsed()).saturating_sub(first_byte);
    let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") else {
        return Err(Failure::Protocol("no complete HTTP head".into()));
    };
    let head = String::from_utf8_lossy(&buf[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let mut parts = status_line.splitn(3, ' ');
    let (version, code, reason) = (parts.next(), parts.next(), parts.next().unwrap_or(""));
    let status = match (version, code.and_then(|c| c.parse::<u16>().ok())) {
        (Some(v), Some(c)) if v.starts_with("HTTP/1.") => c,
        _ => return Err(Failure::Protocol(format!("not HTTP: {status_line:?}"))),
    };
    Ok(Fetched {
        status,
        reason: reason.to_owned(),
        headers: wire::parse_headers(lines),
        body: buf[end + 4..].to_vec(),
        timings: Timings { first_byte, download, ..Timings::default() },
        cert_problem: None,
    })
}

fn connect_failure(e: &std::io::Error) -> Failure {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::ConnectionRefused => Failure::Refused,
        K::TimedOut => Failure::ConnectTimeout,
        K::HostUnreachable | K::NetworkUnreachable => Failure::Unreachable,
        _ => Failure::Protocol(e.to_string()),
    }
}

fn tls_failure(e: &std::io::Error) -> Failure {
    match e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) {
        Some(err) => cert_failure(err),
        None => Failure::Tls(e.to_string()),
    }
}

fn cert_failure(e: &rustls::Error) -> Failure {
    use rustls::CertificateError as C;
    match e {
        rustls::Error::InvalidCertificate(C::Expired | C::ExpiredContext { .. }) => Failure::CertExpired,
        other => Failure::Tls(other.to_string()),
    }
}

type Problem = Arc<Mutex<Option<rustls::Error>>>;

/// A client config trusting `roots`; lenient configs accept any certificate and keep the verdict.
fn tls_config(roots: &Arc<rustls::RootCertStore>, strict: bool) -> Result<(Arc<ClientConfig>, Problem), String> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let problem: Problem = Arc::new(Mutex::new(None));
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?;
    let cfg = if strict {
        builder.with_root_certificates(roots.clone()).with_no_client_auth()
    } else {
        let inner =
            WebPkiServerVerifier::builder_with_provider(roots.clone(), provider).build().map_err(|e| e.to_string())?;
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(Lenient { inner, problem: problem.clone() }))
            .with_no_client_auth()
    };
    Ok((Arc::new(cfg), problem))
}

/// Asks webpki, remembers its objection, and goes on: what a probe with `rejectUnauthorized: false` does.
#[derive(Debug)]
struct Lenient {
    inner: Arc<WebPkiServerVerifier>,
    problem: Problem,
}

impl ServerCertVerifier for Lenient {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if let Err(e) = self.inner.verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
            && let Ok(mut slot) = self.problem.lock()
        {
            *slot = Some(e);
        }
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(m, c, d)
    }

    fn verify_tls13_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(m, c, d)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}
