//! HTTP servers that behave as the test says: healthy, failing with CDN-like headers, or hostile.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
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
    /// Bytes that are not HTTP.
    Garbage,
    /// Accepts and never says anything.
    Silent,
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
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeHttp {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FakeHttp {
    /// Starts on 127.0.0.1:0.
    pub fn start(behavior: Behavior) -> Self {
        let rt = crate::runtime();
        let listener = rt.block_on(TcpListener::bind("127.0.0.1:0")).unwrap_or_else(|e| panic!("bind http: {e}"));
        let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
        let task = rt.spawn(async move {
            // Runs until the fake is dropped (aborted); each connection in its own task.
            loop {
                let Ok((stream, _)) = listener.accept().await else { continue };
                let b = behavior.clone();
                tokio::spawn(async move {
                    let _ = tokio::time::timeout(Duration::from_secs(120), serve(stream, b)).await;
                });
            }
        });
        Self { addr, task }
    }

    /// `http://127.0.0.1:port` + path.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

async fn read_head(stream: &mut TcpStream) -> Option<String> {
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

async fn serve(mut stream: TcpStream, behavior: Behavior) -> std::io::Result<()> {
    let Some(head) = read_head(&mut stream).await else { return Ok(()) };
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
        Behavior::WithConnectivity(_) => {}
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
            stream.set_zero_linger()?;
            drop(stream);
        }
        Behavior::Garbage => {
            stream.write_all(b"\x00\x01garbage that is not HTTP at all\r\n\r\n").await?;
        }
        Behavior::Silent => tokio::time::sleep(Duration::from_secs(120)).await,
    }
    Ok(())
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        404 => "Not Found",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}
