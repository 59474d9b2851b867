//! Boxes on the client's path, run in the router namespace where the client's TCP to the site is
//! redirected to them: `lab-server relay` (a slow path: every chunk held for a while, nothing
//! lost) and `lab-server inspect` (a TLS-inspecting proxy: terminates the client's HTTPS with a
//! certificate from its own CA, fetches the real page from the site and passes it on).
//!
//! ```text
//! lab-server relay --forward 198.51.100.129:18443=198.51.100.80:443 [--forward ...] --delay-ms 1600
//! lab-server inspect --listen-tls 198.51.100.129:18443 --cert box.pem --key box.key \
//!                    --upstream 198.51.100.80:443 --ca lab-ca.pem
//! ```

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::time::Instant;

use super::fetch::{self, Limits, Target};
use super::wire::{self, Reply, Request, Response};
use super::{Args, ready, web};

/// How long one relayed connection may live.
const RELAY_LIFETIME: Duration = Duration::from_secs(120);
/// How long the relay waits for the real site to accept.
const UPSTREAM_CONNECT: Duration = Duration::from_secs(5);
/// Chunks in flight per direction before reading pauses (a bound on memory, not a rate limit).
const IN_FLIGHT: usize = 256;

/// `relay`: each `--forward LISTEN=UPSTREAM` accepts connections and relays them, every chunk
/// delivered `--delay-ms` after it was read, in each direction. That is latency, not a bandwidth
/// cap: each round trip of a handshake costs twice the delay. The client's own TCP handshake is
/// answered by the router at once (the relay terminates TCP), so the slowness shows after connect.
pub async fn run_relay(args: &Args) -> Result<(), String> {
    let delay = Duration::from_millis(args.get("--delay-ms").unwrap_or("0").parse().map_err(|e| format!("{e}"))?);
    let mut listeners = Vec::new();
    for f in args.all("--forward") {
        let (l, u) = f.split_once('=').ok_or_else(|| format!("--forward wants LISTEN=UPSTREAM, got {f:?}"))?;
        let listen: SocketAddr = l.parse().map_err(|e| format!("--forward {l}: {e}"))?;
        let upstream: SocketAddr = u.parse().map_err(|e| format!("--forward {u}: {e}"))?;
        listeners.push((TcpListener::bind(listen).await.map_err(|e| format!("bind {listen}: {e}"))?, upstream));
    }
    if listeners.is_empty() {
        return Err("relay needs at least one --forward".into());
    }
    ready();
    let mut tasks = tokio::task::JoinSet::new();
    for (listener, upstream) in listeners {
        tasks.spawn(async move {
            // Runs until the process exits (stdin closed or its time to live is over).
            loop {
                let Ok((client, peer)) = listener.accept().await else { continue };
                eprintln!("{peer}: relaying to {upstream}, {} ms each way", delay.as_millis());
                tokio::spawn(async move {
                    let _ = tokio::time::timeout(RELAY_LIFETIME, relay_one(client, upstream, delay)).await;
                });
            }
        });
    }
    while tasks.join_next().await.is_some() {}
    Ok(())
}

async fn relay_one(client: TcpStream, upstream: SocketAddr, delay: Duration) {
    let server = match tokio::time::timeout(UPSTREAM_CONNECT, TcpStream::connect(upstream)).await {
        Ok(Ok(s)) => s,
        Ok(Err(e)) => return eprintln!("upstream {upstream}: {e}"),
        Err(_) => return eprintln!("upstream {upstream}: no answer"),
    };
    let _ = (client.set_nodelay(true), server.set_nodelay(true));
    let (cr, cw) = client.into_split();
    let (sr, sw) = server.into_split();
    tokio::join!(pipe(cr, sw, delay), pipe(sr, cw, delay));
}

/// One direction: a reader stamps each chunk with its delivery time, a writer waits for it. The
/// end of the stream is passed on (as a half-close) after the same delay.
async fn pipe(mut from: OwnedReadHalf, mut to: OwnedWriteHalf, delay: Duration) {
    let (tx, mut rx) = mpsc::channel::<(Instant, Vec<u8>)>(IN_FLIGHT);
    let reader = async move {
        let mut buf = vec![0u8; 16 * 1024];
        // Ends at EOF, on an error, or when the writer is gone.
        loop {
            match from.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if tx.send((Instant::now() + delay, buf[..n].to_vec())).await.is_err() {
                        break;
                    }
                }
            }
        }
        Instant::now() + delay
    };
    let writer = async move {
        // Ends when the reader is done and everything it read is written.
        while let Some((at, bytes)) = rx.recv().await {
            tokio::time::sleep_until(at).await;
            if to.write_all(&bytes).await.is_err() {
                return None;
            }
        }
        Some(to)
    };
    let (eof_at, to) = tokio::join!(reader, writer);
    if let Some(mut to) = to {
        tokio::time::sleep_until(eof_at).await;
        let _ = to.shutdown().await;
    }
}

/// `inspect`: a TLS-inspecting proxy. It presents `--cert` (its own CA's leaf for the site's
/// name) to the client, then fetches the same request from `--upstream` over TLS, verifying the
/// site against `--ca` as any inspecting box verifies the real site, and answers with that page.
pub async fn run_inspect(args: &Args) -> Result<(), String> {
    let upstream: SocketAddr = args.require("--upstream")?.parse().map_err(|e| format!("--upstream: {e}"))?;
    let roots = fetch::roots(args.require("--ca")?.as_ref())?;
    let bound = web::bind(args).await?;
    ready();
    let h = wire::handler(move |req: Request| {
        let roots = roots.clone();
        async move { Reply::Now(inspect(req, upstream, &roots).await) }
    });
    wire::serve(bound, h).await;
    Ok(())
}

async fn inspect(req: Request, upstream: SocketAddr, roots: &Arc<rustls::RootCertStore>) -> Response {
    let host = req.header("host").unwrap_or_default();
    // `host[:port]`; the site is fetched by name, so its real certificate is checked for that name.
    let name = host.rsplit_once(':').filter(|(_, p)| p.parse::<u16>().is_ok()).map_or(host, |(h, _)| h);
    let target = Target { https: true, host: name.to_owned(), port: upstream.port(), path: req.target.clone() };
    let ua = req.header("user-agent").unwrap_or("lab-inspection").to_owned();
    match fetch::get(&target, upstream.ip(), roots, Limits::default(), &ua, true).await {
        Ok(f) => {
            let headers = f
                .headers
                .into_iter()
                .filter(|(k, _)| !matches!(k.as_str(), "content-length" | "connection" | "transfer-encoding"))
                .collect();
            Response { status: f.status, headers, body: f.body }.with("via", "1.1 lab-inspection")
        }
        Err(e) => {
            eprintln!("upstream {upstream} for {name}: {e:?}");
            Response::new(502, "text/html", "<h1>Blocked by the inspection proxy: the site could not be fetched</h1>")
                .with("via", "1.1 lab-inspection")
        }
    }
}
