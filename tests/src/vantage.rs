//! Stand-ins for Globalping and check-host.net on 127.0.0.1, speaking the shapes of their real APIs
//! with canned results, so tests can script "others load it", "others can't", 429, garbage, silence.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the stand-in does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Every probe got this HTTP status (`None`: they could not connect).
    Probes(Option<u16>),
    /// 429 Too Many Requests to everything.
    RateLimited,
    /// 200 with bytes that are not JSON.
    Garbage,
    /// Accepts and never answers.
    Silent,
    /// This status with a JSON error body, to everything.
    Status(u16),
    /// Worse with every request: 429, then 500, then bytes that are not JSON, then silence.
    Degrading,
    /// Like `Probes`, but every poll for results is answered only after this delay, as a real
    /// service does while its probes are still at work.
    SlowProbes(Option<u16>, Duration),
}

/// A running stand-in for both services; stops when dropped.
pub struct FakeVantage {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Requests received.
    pub requests: Arc<AtomicU32>,
    /// Answers with results sent (polls answered), counted as each answer is written.
    pub results: Arc<AtomicU32>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeVantage {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FakeVantage {
    /// Starts on 127.0.0.1:0.
    pub fn start(mode: Mode) -> Self {
        let rt = crate::runtime();
        let listener = rt.block_on(TcpListener::bind("127.0.0.1:0")).unwrap_or_else(|e| panic!("bind: {e}"));
        let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
        let requests = Arc::new(AtomicU32::new(0));
        let results = Arc::new(AtomicU32::new(0));
        let (count, answered) = (requests.clone(), results.clone());
        let task = rt.spawn(async move {
            // Runs until dropped (aborted).
            loop {
                let Ok((stream, _)) = listener.accept().await else { continue };
                let nth = count.fetch_add(1, Ordering::Relaxed);
                let mode = match (mode, nth) {
                    (Mode::Degrading, 0) => Mode::Status(429),
                    (Mode::Degrading, 1) => Mode::Status(500),
                    (Mode::Degrading, 2) => Mode::Garbage,
                    (Mode::Degrading, _) => Mode::Silent,
                    (other, _) => other,
                };
                let answered = answered.clone();
                tokio::spawn(async move {
                    let _ = tokio::time::timeout(Duration::from_secs(60), serve(stream, mode, &answered)).await;
                });
            }
        });
        Self { addr, requests, results, task }
    }

    /// The base URL for either service key in the config.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

async fn serve(mut stream: TcpStream, mode: Mode, results: &AtomicU32) -> std::io::Result<()> {
    let mut buf = vec![0u8; 16 * 1024];
    let mut len = 0;
    // Reads the head and a small body; requests here are tiny.
    while len < buf.len() {
        let n = stream.read(&mut buf[len..]).await?;
        if n == 0 {
            break;
        }
        len += n;
        let text = String::from_utf8_lossy(&buf[..len]);
        if let Some(head_end) = text.find("\r\n\r\n") {
            let want = text[..head_end]
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                })
                .unwrap_or(0);
            if len >= head_end + 4 + want {
                break;
            }
        }
    }
    let head = String::from_utf8_lossy(&buf[..len]).into_owned();
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let (status, body) = match mode {
        Mode::Silent => {
            tokio::time::sleep(Duration::from_secs(60)).await;
            return Ok(());
        }
        Mode::RateLimited => {
            (429, r#"{"error":{"type":"too_many_requests","message":"Too many requests."}}"#.to_owned())
        }
        Mode::Garbage => (200, "<html>definitely not json".to_owned()),
        Mode::Status(code) => (code, r#"{"error":{"type":"api_error","message":"Internal error."}}"#.to_owned()),
        // Resolved per connection in `start`; never reaches here.
        Mode::Degrading => return Ok(()),
        Mode::Probes(code) => answer(&path, code),
        Mode::SlowProbes(code, delay) => {
            if is_poll(&path) {
                tokio::time::sleep(delay).await;
            }
            answer(&path, code)
        }
    };
    if is_poll(&path) {
        results.fetch_add(1, Ordering::Relaxed);
    }
    let reason = match status {
        200 => "OK",
        202 => "Accepted",
        429 => "Too Many Requests",
        _ => "Status",
    };
    let out = format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(out.as_bytes()).await
}

/// A request for a measurement's results (not the one that starts it).
fn is_poll(path: &str) -> bool {
    path.starts_with("/v1/measurements/") || path.starts_with("/check-result/")
}

fn answer(path: &str, code: Option<u16>) -> (u16, String) {
    let (gp, ch) = match code {
        Some(c) => (
            format!(
                r#"{{"status":"finished","statusCode":{c},"statusCodeName":"X","resolvedAddress":"198.51.100.80","timings":{{"total":80}},"tls":null}}"#
            ),
            format!(r#"[[{ok},0.08,"X","{c}","198.51.100.80"]]"#, ok = u8::from(c < 500)),
        ),
        None => (
            r#"{"status":"failed","rawOutput":"connect ETIMEDOUT 198.51.100.80:443"}"#.to_owned(),
            r#"[[0,5.0,"Connection timed out",null,null]]"#.to_owned(),
        ),
    };
    if path == "/v1/measurements" {
        (202, r#"{"id":"m1","probesCount":2}"#.to_owned())
    } else if path.starts_with("/v1/measurements/") {
        let probe = |city: &str| format!(r#"{{"probe":{{"city":"{city}","country":"DE","asn":64500}},"result":{gp}}}"#);
        (200, format!(r#"{{"id":"m1","status":"finished","results":[{},{}]}}"#, probe("Frankfurt"), probe("Berlin")))
    } else if path.starts_with("/check-http") {
        (200, r#"{"ok":1,"request_id":"r1","nodes":{"de1.node.check-host.net":["de","Germany","Frankfurt","203.0.113.1","AS64500"]}}"#.to_owned())
    } else if path.starts_with("/check-result/") {
        (200, format!(r#"{{"de1.node.check-host.net":{ch}}}"#))
    } else {
        (404, "{}".to_owned())
    }
}
