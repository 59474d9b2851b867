//! `lab-server dns`: a resolver stand-in with scripted answers per name (UDP).
//!
//! ```text
//! lab-server dns --listen 203.0.113.53:53 --answer shop.example.test=198.51.100.80 \
//!                --answer www.example.test=nxdomain --default nxdomain
//! ```
//! An answer is a comma-separated list of addresses, or `nxdomain`, `servfail`, `refused`,
//! `silent` (never answers). `--ns ZONE=NAME[,NAME]` answers NS questions for a zone (as its
//! authoritative servers would be named); `--cname NAME=TARGET` answers NAME with a CNAME to TARGET
//! and NAME's addresses as TARGET's.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};

use hickory_proto::op::Message;
use tokio::net::UdpSocket;

use super::Args;
use crate::dns::{Reply, respond, respond_with};

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
    let pairs = |flag: &str| -> Result<HashMap<String, String>, String> {
        let mut out = HashMap::new();
        for a in args.all(flag) {
            let (k, v) = a.split_once('=').ok_or_else(|| format!("{flag} wants NAME=VALUE, got {a:?}"))?;
            out.insert(k.trim().trim_end_matches('.').to_ascii_lowercase(), v.trim().to_owned());
        }
        Ok(out)
    };
    let (ns, cname) = (std::sync::Arc::new(pairs("--ns")?), std::sync::Arc::new(pairs("--cname")?));
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
        let (script, default, ns, cname) = (script.clone(), default.clone(), ns.clone(), cname.clone());
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
                let servers: Vec<String> =
                    ns.get(&name).map(|s| s.split(',').map(str::to_owned).collect()).unwrap_or_default();
                let bytes = match (ns.contains_key(&name), cname.get(&name)) {
                    // A zone's name servers, whatever the zone's own name answers otherwise.
                    (true, _) if q.query_type() == hickory_proto::rr::RecordType::NS => {
                        respond_with(&query, &Reply::Addresses(Vec::new()), None, &servers)
                    }
                    (_, Some(target)) => respond_with(&query, reply, Some(target), &[]),
                    _ => respond(&query, reply),
                };
                if let Some(bytes) = bytes {
                    let _ = sock.send_to(&bytes, peer).await;
                }
            }
        });
    }
    while tasks.join_next().await.is_some() {}
    Ok(())
}
