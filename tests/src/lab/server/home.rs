//! The ordinary setups of users' networks, working as intended: `lab-server dns-forward` (the
//! caching DNS forwarder of a home router) and `lab-server proxy` (a CONNECT proxy, as antivirus
//! web shields and local filters run on the user's own computer).
//!
//! ```text
//! lab-server dns-forward --listen 198.51.100.177:53 --upstream 203.0.113.53:53
//! lab-server proxy --listen 127.0.0.1:3128
//! ```

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream, UdpSocket};

use super::{Args, ready, wire};

/// How long the forwarder waits for its upstream; a silent upstream leaves the client waiting
/// too, as dnsmasq does.
const UPSTREAM_WAIT: Duration = Duration::from_secs(5);
/// Answers kept; the cache is emptied when full (a lab run asks for a handful of names).
const CACHE_MAX: usize = 256;
/// How long the proxy tries to reach the site before answering 504: three SYNs (at 0, 1 and 3 s),
/// so a lossy link is waited out as a real proxy would, yet still shorter than the app's 8 s wait
/// for the `CONNECT` answer, so the app sees the proxy's own words about the site.
const PROXY_CONNECT: Duration = Duration::from_secs(7);
/// How long the proxy waits on one of the site's addresses before also trying the next.
const STAGGER: Duration = Duration::from_millis(300);
/// How long one proxied connection may live.
const PROXY_LIFETIME: Duration = Duration::from_secs(120);

/// `dns-forward`: relays each UDP query to `--upstream` and the answer back; NOERROR and
/// NXDOMAIN answers are cached by question (with the client's query id put back), as home
/// routers' forwarders do. Failures (SERVFAIL, REFUSED, silence) are passed on, never cached.
pub async fn run_forwarder(args: &Args) -> Result<(), String> {
    let listen: SocketAddr = args.require("--listen")?.parse().map_err(|e| format!("--listen: {e}"))?;
    let upstream: SocketAddr = args.require("--upstream")?.parse().map_err(|e| format!("--upstream: {e}"))?;
    let sock = Arc::new(UdpSocket::bind(listen).await.map_err(|e| format!("bind {listen}: {e}"))?);
    let cache: Arc<Mutex<HashMap<Vec<u8>, Vec<u8>>>> = Arc::default();
    ready();
    let mut buf = [0u8; 4096];
    // Runs until the process exits (stdin closed or its time to live is over).
    loop {
        let Ok((n, peer)) = sock.recv_from(&mut buf).await else { continue };
        if n < 12 {
            continue;
        }
        let query = buf[..n].to_vec();
        let (sock, cache) = (sock.clone(), cache.clone());
        tokio::spawn(async move {
            // The question and anything after it: the query without its id and flags.
            let key = query[12..].to_vec();
            let hit = cache.lock().ok().and_then(|c| c.get(&key).cloned());
            if let Some(mut answer) = hit {
                answer[..2].copy_from_slice(&query[..2]);
                let _ = sock.send_to(&answer, peer).await;
                return;
            }
            let Some(answer) = ask(&query, upstream).await else { return };
            if matches!(answer[3] & 0x0f, 0 | 3)
                && let Ok(mut c) = cache.lock()
            {
                if c.len() >= CACHE_MAX {
                    c.clear();
                }
                c.insert(key, answer.clone());
            }
            let _ = sock.send_to(&answer, peer).await;
        });
    }
}

/// One query to the upstream from a fresh port; its answer (same id), or `None` after the wait.
async fn ask(query: &[u8], upstream: SocketAddr) -> Option<Vec<u8>> {
    let local: SocketAddr = if upstream.is_ipv4() { "0.0.0.0:0" } else { "[::]:0" }.parse().ok()?;
    let up = UdpSocket::bind(local).await.ok()?;
    up.send_to(query, upstream).await.ok()?;
    let mut buf = [0u8; 4096];
    let wait = async {
        // Ignores strays (another sender, another id); bounded by the timeout around it.
        loop {
            let (n, from) = up.recv_from(&mut buf).await.ok()?;
            if from == upstream && n >= 12 && buf[..2] == query[..2] {
                return Some(buf[..n].to_vec());
            }
        }
    };
    tokio::time::timeout(UPSTREAM_WAIT, wait).await.ok().flatten()
}

/// `proxy`: an HTTP proxy that answers `CONNECT host:port` by resolving and connecting from
/// where it runs (200, then bytes both ways), 502 when the connection is refused or the name
/// does not resolve, 504 when the site does not answer in time; anything but CONNECT gets 405.
pub async fn run_proxy(args: &Args) -> Result<(), String> {
    let listen: SocketAddr = args.require("--listen")?.parse().map_err(|e| format!("--listen: {e}"))?;
    let listener = TcpListener::bind(listen).await.map_err(|e| format!("bind {listen}: {e}"))?;
    ready();
    // Runs until the process exits (stdin closed or its time to live is over).
    loop {
        let Ok((client, peer)) = listener.accept().await else { continue };
        tokio::spawn(async move {
            let _ = tokio::time::timeout(PROXY_LIFETIME, proxy_one(client, peer)).await;
        });
    }
}

async fn proxy_one(mut client: TcpStream, peer: SocketAddr) {
    let Some((head, early)) = wire::read_head(&mut client).await else { return };
    let mut words = head.lines().next().unwrap_or_default().split_whitespace();
    let (method, target) = (words.next().unwrap_or_default(), words.next().unwrap_or_default().to_owned());
    if method != "CONNECT" {
        let _ = client.write_all(b"HTTP/1.1 405 Method Not Allowed\r\ncontent-length: 0\r\n\r\n").await;
        return;
    }
    let (status, server) = match tokio::time::timeout(PROXY_CONNECT, connect(&target)).await {
        Ok(Ok(s)) => ("200 Connection established", Some(s)),
        Ok(Err(e)) => {
            eprintln!("{peer}: CONNECT {target}: {e}");
            ("502 Bad Gateway", None)
        }
        Err(_) => {
            eprintln!("{peer}: CONNECT {target}: no answer");
            ("504 Gateway Timeout", None)
        }
    };
    eprintln!("{peer}: CONNECT {target}: {status}");
    let _ = client.write_all(format!("HTTP/1.1 {status}\r\ncontent-length: 0\r\n\r\n").as_bytes()).await;
    let Some(mut server) = server else { return };
    if !early.is_empty() && server.write_all(&early).await.is_err() {
        return;
    }
    let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
}

/// Resolves `host:port` with the system's resolver (the client's resolv.conf and hosts file) and
/// races its addresses, each started `STAGGER` after the one before (happy eyeballs, as real
/// proxies and browsers do: a dead IPv6 path does not fail it, a slow handshake is waited for).
/// The first connection wins; the error is the last failure. The caller's timeout bounds it.
async fn connect(target: &str) -> Result<TcpStream, String> {
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host(target).await.map_err(|e| e.to_string())?.collect();
    let mut set = tokio::task::JoinSet::new();
    for (i, a) in addrs.into_iter().enumerate() {
        set.spawn(async move {
            tokio::time::sleep(STAGGER * i as u32).await;
            (a, TcpStream::connect(a).await)
        });
    }
    let mut last = format!("{target}: no address");
    // One result per address; dropping the set cancels the attempts still running.
    while let Some(r) = set.join_next().await {
        match r {
            Ok((_, Ok(s))) => return Ok(s),
            Ok((a, Err(e))) => last = format!("{a}: {e}"),
            Err(e) => last = e.to_string(),
        }
    }
    Err(last)
}
