//! HTTP servers that behave as the test says: healthy, failing with CDN-like headers, or hostile.

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// How the server answers every request.
#[derive(Debug, Clone)]
pub enum Behavior {
    /// A complete response.
    Respond {
        /// Status code.
        status: u16,
        /// Extra headers.
        headers: Vec<(String, String)>,
        /// Body.
        body: String,
    },
    /// `/generate_204` gets 204, everything else `inner`: one server plays site and connectivity check.
    WithConnectivity(Box<Behavior>),
    /// Headers, then a body that never ends.
    EndlessBody,
    /// A megabyte of headers.
    HugeHeaders,
    /// One byte a second, forever.
    Drip,
    /// Half a response, then a reset.
    ResetMidResponse,
    /// Reads the request, then resets the connection without a byte of answer: over TLS, a
    /// server that accepts and completes the handshake, then drops the connection hard.
    ResetAtRequest,
    /// Bytes that are not HTTP.
    Garbage,
    /// Accepts and never says anything.
    Silent,
    /// Never says anything, but hangs up as soon as the client does: a silent site that holds
    /// nothing once the client gave up (the soak runs hundreds of these in one process).
    SilentUntilClosed,
    /// `/` redirects to `/loop`, which redirects back to `/`.
    RedirectLoop,
    /// `/n` redirects to `/n+1`, forever.
    RedirectChain,
    /// A 301 to this URL.
    RedirectTo(String),
    /// DNS over HTTPS (RFC 8484 GET `?dns=`): these addresses for every name asked.
    Doh(Vec<IpAddr>),
    /// A forward proxy. `CONNECT host:port` is tunnelled to 127.0.0.1:port (never elsewhere);
    /// an absolute-form GET is answered by the proxy itself, echoing the request line.
    Proxy,
    /// A proxy that answers everything, `CONNECT` included, with this status.
    ProxyRefuses(u16),
    /// Whatever the shared behaviour is when a connection arrives: a site that fails, then
    /// recovers when the test says so.
    Switch(Arc<Mutex<Behavior>>),
}

impl Behavior {
    /// A 200 with a small page.
    pub fn ok(body: &str) -> Self {
        Self::Respond { status: 200, headers: vec![("content-type".into(), "text/html".into())], body: body.into() }
    }
}

/// A running fake HTTP server; stops when dropped.
pub struct FakeHttp {
    /// Where it listens.
    pub addr: SocketAddr,
    /// The request line of every request received, in order.
    pub seen: Seen,
    task: tokio::task::JoinHandle<()>,
}

/// Request lines a fake received.
pub type Seen = Arc<Mutex<Vec<String>>>;

impl Drop for FakeHttp {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FakeHttp {
    /// Starts on 127.0.0.1:0.
    pub fn start(behavior: Behavior) -> Self {
        let addr: SocketAddr = ([127, 0, 0, 1], 0).into();
        Self::start_on(addr, behavior).unwrap_or_else(|e| panic!("bind http: {e}"))
    }

    /// Starts on a given loopback address (e.g. `127.0.0.N:80` to play a site's port 80).
    pub fn start_on(addr: SocketAddr, behavior: Behavior) -> std::io::Result<Self> {
        assert!(addr.ip().is_loopback(), "fakes listen on loopback only");
        let rt = crate::runtime();
        let listener = rt.block_on(TcpListener::bind(addr))?;
        let addr = listener.local_addr()?;
        let seen: Seen = Arc::default();
        let log = seen.clone();
        let task = rt.spawn(async move {
            // Runs until the fake is dropped (aborted); each connection in its own task.
            loop {
                let Ok((stream, _)) = listener.accept().await else { continue };
                let (b, log) = (behavior.clone(), log.clone());
                tokio::spawn(async move {
                    let _ = tokio::time::timeout(Duration::from_secs(120), serve(stream, b, log)).await;
                });
            }
        });
        Ok(Self { addr, seen, task })
    }

    /// `http://127.0.0.1:port` + path.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

/// A stream the fakes can cut with a TCP reset.
pub trait Resettable {
    /// Makes closing the stream send RST instead of FIN.
    fn reset_on_close(&self) -> std::io::Result<()>;
}

impl Resettable for TcpStream {
    fn reset_on_close(&self) -> std::io::Result<()> {
        self.set_zero_linger()
    }
}

impl Resettable for tokio_rustls::server::TlsStream<TcpStream> {
    fn reset_on_close(&self) -> std::io::Result<()> {
        self.get_ref().0.set_zero_linger()
    }
}

async fn read_head<S: AsyncRead + Unpin>(stream: &mut S) -> Option<String> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < 64 * 1024 {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Some(String::from_utf8_lossy(&buf).into_owned())
}

/// Answers one connection (plain or TLS) as `behavior` says, logging its request line to `seen`.
pub async fn serve<S>(mut stream: S, behavior: Behavior, seen: Seen) -> std::io::Result<()>
where
    S: AsyncRead + AsyncWrite + Unpin + Resettable,
{
    let behavior = match behavior {
        Behavior::Switch(now) => now.lock().map_or(Behavior::Silent, |b| b.clone()),
        other => other,
    };
    if let Behavior::Garbage = behavior {
        // At once, before any request: a client waiting to hear TLS or HTTP gets this instead.
        stream.write_all(GARBAGE).await?;
    }
    let Some(head) = read_head(&mut stream).await else { return Ok(()) };
    let line = head.lines().next().unwrap_or_default().to_owned();
    if let Ok(mut s) = seen.lock() {
        s.push(line.clone());
    }
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let behavior = match behavior {
        Behavior::WithConnectivity(_) if path.ends_with("generate_204") => {
            Behavior::Respond { status: 204, headers: vec![], body: String::new() }
        }
        Behavior::WithConnectivity(inner) => *inner,
        other => other,
    };
    match behavior {
        Behavior::Respond { status, headers, body } => {
            let mut out = format!(
                "HTTP/1.1 {status} {}\r\ncontent-length: {}\r\nconnection: close\r\n",
                reason(status),
                body.len()
            );
            for (k, v) in headers {
                out.push_str(&format!("{k}: {v}\r\n"));
            }
            out.push_str("\r\n");
            out.push_str(&body);
            stream.write_all(out.as_bytes()).await?;
        }
        // A switch inside a switch is not followed: it could point at itself.
        Behavior::WithConnectivity(_) | Behavior::Switch(_) => {}
        Behavior::EndlessBody => {
            stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\n").await?;
            let chunk = vec![b'x'; 16 * 1024];
            // Ends when the client hangs up (write error) or the per-connection timeout fires.
            loop {
                stream.write_all(&chunk).await?;
            }
        }
        Behavior::HugeHeaders => {
            stream.write_all(b"HTTP/1.1 200 OK\r\n").await?;
            for i in 0..16_000 {
                stream.write_all(format!("x-filler-{i}: {}\r\n", "y".repeat(50)).as_bytes()).await?;
            }
            stream.write_all(b"\r\n").await?;
        }
        Behavior::Drip => {
            for b in b"HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\n".iter().chain([b'x'; 1000].iter()) {
                stream.write_all(&[*b]).await?;
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
        Behavior::ResetMidResponse => {
            stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 5000\r\n\r\nhalf").await?;
            stream.reset_on_close()?;
            drop(stream);
        }
        Behavior::ResetAtRequest => {
            stream.reset_on_close()?;
            drop(stream);
        }
        Behavior::Garbage => {}
        Behavior::Silent => tokio::time::sleep(Duration::from_secs(120)).await,
        Behavior::SilentUntilClosed => {
            let mut sink = [0u8; 1024];
            // Bounded by the caller's per-connection timeout; ends at the client's FIN or reset.
            while stream.read(&mut sink).await.is_ok_and(|n| n > 0) {}
        }
        Behavior::RedirectLoop => {
            let to = if path == "/" { "/loop" } else { "/" };
            stream.write_all(redirect(302, to).as_bytes()).await?;
        }
        Behavior::RedirectChain => {
            let n: u64 = path.trim_start_matches('/').parse().unwrap_or(0);
            stream.write_all(redirect(302, &format!("/{}", n + 1)).as_bytes()).await?;
        }
        Behavior::RedirectTo(to) => stream.write_all(redirect(301, &to).as_bytes()).await?,
        Behavior::Doh(ips) => {
            let reply = crate::dns::doh_reply(&path, &ips);
            let (status, body) = match reply {
                Some(b) => (200, b),
                None => (400, Vec::new()),
            };
            let head = format!(
                "HTTP/1.1 {status} {}\r\ncontent-type: application/dns-message\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                reason(status),
                body.len()
            );
            stream.write_all(head.as_bytes()).await?;
            stream.write_all(&body).await?;
        }
        Behavior::Proxy => proxy(stream, &line).await?,
        Behavior::ProxyRefuses(status) => {
            let head = format!(
                "HTTP/1.1 {status} {}\r\nproxy-authenticate: Basic realm=\"fake\"\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                reason(status)
            );
            stream.write_all(head.as_bytes()).await?;
        }
    }
    Ok(())
}

const GARBAGE: &[u8] = b"\x00\x01garbage that is neither TLS nor HTTP\r\n\r\n";

fn redirect(status: u16, to: &str) -> String {
    format!("HTTP/1.1 {status} {}\r\nlocation: {to}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n", reason(status))
}

/// The forward proxy: a tunnel to 127.0.0.1 for `CONNECT`, the proxy's own echo for a GET.
async fn proxy<S: AsyncRead + AsyncWrite + Unpin>(mut stream: S, line: &str) -> std::io::Result<()> {
    let mut words = line.split_whitespace();
    if words.next() == Some("CONNECT") {
        let port: u16 = words.next().and_then(|a| a.rsplit_once(':')).and_then(|(_, p)| p.parse().ok()).unwrap_or(0);
        // Loopback only: the tests' network rule, whatever name the client asked for.
        let Ok(mut upstream) = TcpStream::connect(("127.0.0.1", port)).await else {
            return stream.write_all(b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n").await;
        };
        stream.write_all(b"HTTP/1.1 200 Connection established\r\nproxy-agent: fakeproxy\r\n\r\n").await?;
        tokio::io::copy_bidirectional(&mut stream, &mut upstream).await?;
        return Ok(());
    }
    let body = format!("proxied: {line}");
    let head =
        format!("HTTP/1.1 200 OK\r\nvia: 1.1 fakeproxy\r\ncontent-length: {}\r\nconnection: close\r\n\r\n", body.len());
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body.as_bytes()).await
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        407 => "Proxy Authentication Required",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}
