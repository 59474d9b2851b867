//! `connectivity.loss`: how many small questions get an answer. A dozen DNS questions to each
//! resolver, paced, each sent once: on a healthy link all come back; on a lossy one a share goes
//! missing. Only resolvers that answer at all count, so a dead resolver is not mistaken for loss;
//! nor is one that stops listening mid-sample (the kernel reports its port unreachable), nor one
//! the OS can no longer send to (route or link gone): those questions were refused or never
//! left, not lost.

use crate::check_id::CheckId;
use std::collections::HashSet;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use hickory_proto::op::{Message, MessageType};
use hickory_proto::rr::RecordType;
use tokio::net::UdpSocket;
use tokio::time::Instant as TokioInstant;

use super::{Ctx, dns};
use crate::config::ResolverAddr;
use crate::finding::{Check, Status, ms_since};

/// Questions per resolver.
const SAMPLES: u16 = 12;
/// Spacing between questions: fast enough to be done before a site's first answer (a dozen in
/// about a round trip plus 0.1 s), slow enough not to flood (a hundred small questions a second,
/// for a tenth of a second).
const PACE: Duration = Duration::from_millis(10);
/// How long the last question may wait for its answer.
const GRACE: Duration = Duration::from_millis(900);
/// Loss at or above this share is worth a warning (and a verdict).
pub(crate) const WARN_PERCENT: u8 = 10;

/// Asks every resolver `SAMPLES` times and reports the share of questions lost.
pub(crate) async fn measure(servers: Vec<ResolverAddr>, name: String, ctx: &Ctx) -> Check {
    let start = Instant::now();
    let deadline = ctx.deadline;
    let mut set = tokio::task::JoinSet::new();
    for server in servers {
        let name = name.clone();
        set.spawn(async move { sample(server.0, &name, deadline).await });
    }
    let mut results = Vec::new();
    // Bounded: one result per server, each sampler ends by its own time limit.
    while let Some(r) = set.join_next().await {
        if let Ok(r) = r {
            results.push(r);
        }
    }
    results.sort();
    let alive: Vec<&(SocketAddr, u16, bool)> = results.iter().filter(|(_, got, gone)| *got > 0 && !gone).collect();
    let mut c = Check::new(CheckId::ConnectivityLoss, None, Status::Pass, ms_since(start));
    if alive.is_empty() {
        c.status = Status::Skipped;
        c.detail.message = Some("no resolver answered, so loss could not be measured".into());
        return c;
    }
    let sent = u32::from(SAMPLES) * alive.len() as u32;
    let got: u32 = alive.iter().map(|(_, g, _)| u32::from(*g)).sum();
    let lost = u8::try_from((sent - got.min(sent)) * 100 / sent).unwrap_or(100);
    c.detail.loss_percent = Some(lost);
    c.detail.answers = Some(
        results
            .iter()
            .map(|(s, g, gone)| format!("{s}: {g}/{SAMPLES}{}", if *gone { " (stopped listening)" } else { "" }))
            .collect(),
    );
    c.detail.message = Some(format!("{got} of {sent} small questions answered ({lost}% lost)"));
    if lost >= WARN_PERCENT {
        c.status = Status::Warn;
    }
    c
}

/// The OS says no packet can go there now: no route, no link, host unreachable.
fn unreachable(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::{HostUnreachable, NetworkDown, NetworkUnreachable};
    matches!(e.kind(), NetworkUnreachable | HostUnreachable | NetworkDown)
}

/// Sends `SAMPLES` single-shot questions to one server on one socket and counts distinct answers;
/// `true` when the server's port turned unreachable (it stopped listening: refusal, not loss) or
/// the OS had no way to send there any more (the route or link went away).
async fn sample(server: SocketAddr, name: &str, deadline: TokioInstant) -> (SocketAddr, u16, bool) {
    let bind: SocketAddr = if server.is_ipv4() { ([0, 0, 0, 0], 0).into() } else { ([0u16; 8], 0).into() };
    let Ok(sock) = UdpSocket::bind(bind).await else { return (server, 0, false) };
    if sock.connect(server).await.is_err() {
        return (server, 0, false);
    }
    let mut gone = false;
    let base = dns::rand_id();
    let ids: Vec<u16> = (0..SAMPLES).map(|i| base.wrapping_add(i)).collect();
    let until = (TokioInstant::now() + PACE * u32::from(SAMPLES) + GRACE).min(deadline);
    let mut answered: HashSet<u16> = HashSet::new();
    let mut buf = vec![0u8; 4096];
    let mut next = 0usize;
    let mut next_at = TokioInstant::now();
    // Bounded by `until` and by SAMPLES sends.
    loop {
        let wake = if next < ids.len() { next_at.min(until) } else { until };
        tokio::select! {
            got = sock.recv(&mut buf) => {
                let n = match got {
                    Ok(n) => n,
                    // ICMP port unreachable on the connected socket: nothing listens there now.
                    Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused || unreachable(&e) => {
                        gone = true;
                        continue;
                    }
                    Err(_) => continue,
                };
                if let Ok(m) = Message::from_vec(&buf[..n])
                    && m.metadata.message_type == MessageType::Response
                    && ids.contains(&m.metadata.id)
                {
                    answered.insert(m.metadata.id);
                }
            }
            () = tokio::time::sleep_until(wake) => {
                if TokioInstant::now() >= until {
                    break;
                }
                if let Some(id) = ids.get(next) {
                    if let Ok(q) = dns::question(name, RecordType::A, *id)
                        && let Err(e) = sock.send(&q).await
                        && unreachable(&e)
                    {
                        // No route or no link (taken down mid-run): the question never left,
                        // so the missing answers say nothing about loss on the way.
                        gone = true;
                    }
                    next += 1;
                    next_at += PACE;
                }
            }
        }
        if answered.len() == ids.len() {
            break;
        }
    }
    (server, u16::try_from(answered.len()).unwrap_or(SAMPLES), gone)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the mid-run fault test (tests/tests/faults.rs): a resolver killed while sampled
    /// answered a few questions, then none, and the run blamed packet loss. Its port turned
    /// unreachable: refused, not lost.
    #[tokio::test]
    async fn a_resolver_that_stops_listening_mid_sample_is_not_loss() {
        let server = UdpSocket::bind("127.0.0.1:0").await.expect("bind");
        let addr = server.local_addr().expect("addr");
        let answering = tokio::spawn(async move {
            let mut buf = vec![0u8; 512];
            // Answers three questions, then closes its socket (the process died).
            for _ in 0..3 {
                let Ok((n, from)) = server.recv_from(&mut buf).await else { return };
                let Ok(mut m) = Message::from_vec(&buf[..n]) else { return };
                m.metadata.message_type = MessageType::Response;
                let _ = server.send_to(&m.to_vec().unwrap_or_default(), from).await;
            }
        });
        let deadline = TokioInstant::now() + Duration::from_secs(3);
        let (_, got, gone) = sample(addr, "shop.example.test", deadline).await;
        let _ = answering.await;
        assert_eq!((got, gone), (3, true));
    }
}
