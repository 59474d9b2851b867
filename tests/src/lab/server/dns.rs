//! `lab-server dns`: a resolver stand-in with scripted answers per name (UDP).
//!
//! ```text
//! lab-server dns --listen 203.0.113.53:53 --answer shop.example.test=198.51.100.80 \
//!                --answer www.example.test=nxdomain --default nxdomain
//! ```
//! An answer is a comma-separated list of addresses, or `nxdomain`, `servfail`, `refused`,
//! `silent` (never answers).

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};

use hickory_proto::op::Message;
use tokio::net::UdpSocket;

use super::Args;
use crate::dns::{Reply, respond};

/// Parses one answer spec.
pub fn parse_reply(s: &str) -> Result<Reply, String> {
    Ok(match s.trim().to_ascii_lowercase().as_str() {
        "nxdomain" => Reply::NxDomain,
        "servfail" => Reply::ServFail,
        "refused" => Reply::Refused,
        "silent" => Reply::Silent,
        list => Reply::Addresses(
            list.split(',')
                .map(|a| a.trim().parse::<IpAddr>().map_err(|e| format!("bad answer {a:?}: {e}")))
                .collect::<Result<_, _>>()?,
        ),
    })
}

/// Binds every `--listen` address, then answers until the process ends.
pub async fn run(args: &Args) -> Result<(), String> {
    let mut script: HashMap<String, Reply> = HashMap::new();
    for a in args.all("--answer") {
        let (name, spec) = a.split_once('=').ok_or_else(|| format!("--answer wants NAME=ANSWER, got {a:?}"))?;
        script.insert(name.trim().trim_end_matches('.').to_ascii_lowercase(), parse_reply(spec)?);
    }
    let default = parse_reply(args.get("--default").unwrap_or("nxdomain"))?;
    let mut socks = Vec::new();
    for l in args.all("--listen") {
        let addr: SocketAddr = l.parse().map_err(|e| format!("--listen {l}: {e}"))?;
        socks.push(UdpSocket::bind(addr).await.map_err(|e| format!("bind {addr}: {e}"))?);
    }
    if socks.is_empty() {
        return Err("dns needs at least one --listen".into());
    }
    super::ready();
    let script = std::sync::Arc::new(script);
    let mut tasks = tokio::task::JoinSet::new();
    for sock in socks {
        let (script, default) = (script.clone(), default.clone());
        tasks.spawn(async move {
            let mut buf = vec![0u8; 4096];
            // Runs until the process exits.
            loop {
                let Ok((n, peer)) = sock.recv_from(&mut buf).await else { continue };
                let Ok(query) = Message::from_vec(&buf[..n]) else { continue };
                let Some(q) = query.queries.first() else { continue };
                let name = q.name().to_ascii().trim_end_matches('.').to_ascii_lowercase();
                let reply = script.get(&name).unwrap_or(&default);
                eprintln!("{peer} asks {name} {}: {reply:?}", q.query_type());
                if let Some(bytes) = respond(&query, reply) {
                    let _ = sock.send_to(&bytes, peer).await;
                }
            }
        });
    }
    while tasks.join_next().await.is_some() {}
    Ok(())
}
