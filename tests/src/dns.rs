//! A DNS server whose answers each test scripts, per name.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};

use hickory_proto::op::{Message, MessageType, OpCode, ResponseCode};
use hickory_proto::rr::rdata::{A, AAAA};
use hickory_proto::rr::{RData, Record, RecordType};
use tokio::net::UdpSocket;

/// What the fake says for a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// These addresses (A and AAAA picked by family).
    Addresses(Vec<IpAddr>),
    /// NXDOMAIN.
    NxDomain,
    /// SERVFAIL.
    ServFail,
    /// REFUSED.
    Refused,
    /// Never answers.
    Silent,
}

/// A running fake resolver; stops when dropped.
pub struct FakeDns {
    /// Where it listens (UDP).
    pub addr: SocketAddr,
    script: Arc<Mutex<HashMap<String, Reply>>>,
    /// How many questions it received.
    pub queries: Arc<Mutex<u32>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeDns {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FakeDns {
    /// Starts on 127.0.0.1:0. Names not scripted get `default`.
    pub fn start(default: Reply) -> Self {
        let rt = crate::runtime();
        let sock = rt.block_on(UdpSocket::bind("127.0.0.1:0")).unwrap_or_else(|e| panic!("bind dns: {e}"));
        let addr = sock.local_addr().unwrap_or_else(|e| panic!("{e}"));
        let script: Arc<Mutex<HashMap<String, Reply>>> = Arc::new(Mutex::new(HashMap::new()));
        let queries = Arc::new(Mutex::new(0));
        let (s, q) = (script.clone(), queries.clone());
        let task = rt.spawn(async move {
            let mut buf = vec![0u8; 4096];
            // Runs until the fake is dropped (aborted).
            loop {
                let Ok((n, peer)) = sock.recv_from(&mut buf).await else { continue };
                let Ok(query) = Message::from_vec(&buf[..n]) else { continue };
                if let Ok(mut c) = q.lock() {
                    *c += 1;
                }
                let reply = {
                    let Some(question) = query.queries.first() else { continue };
                    let name = question.name().to_ascii().trim_end_matches('.').to_ascii_lowercase();
                    let map = s.lock().map(|m| m.get(&name).cloned()).ok().flatten();
                    map.unwrap_or_else(|| default.clone())
                };
                if let Some(bytes) = respond(&query, &reply) {
                    let _ = sock.send_to(&bytes, peer).await;
                }
            }
        });
        Self { addr, script, queries, task }
    }

    /// Scripts the reply for one name.
    pub fn set(&self, name: &str, reply: Reply) {
        if let Ok(mut m) = self.script.lock() {
            m.insert(name.to_ascii_lowercase(), reply);
        }
    }
}

/// The DNS-over-HTTPS answer to a GET of `path` (`...?dns=<base64url>`): `ips` for any name.
pub fn doh_reply(path: &str, ips: &[IpAddr]) -> Option<Vec<u8>> {
    use base64::Engine as _;
    let (_, query) = path.split_once('?')?;
    let param = query.split('&').find_map(|kv| kv.strip_prefix("dns="))?;
    let wire = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(param).ok()?;
    let question = Message::from_vec(&wire).ok()?;
    respond(&question, &Reply::Addresses(ips.to_vec()))
}

/// The bytes of one answer, `None` for silence or a question we cannot read.
pub fn respond(query: &Message, reply: &Reply) -> Option<Vec<u8>> {
    respond_with(query, reply, None, &[])
}

/// [`respond`], with the name first pointing by CNAME at `cname` (whose records the addresses
/// then are), and, for an NS question, these name servers.
pub fn respond_with(query: &Message, reply: &Reply, cname: Option<&str>, ns: &[String]) -> Option<Vec<u8>> {
    let question = query.queries.first()?;
    let code = match reply {
        Reply::Silent => return None,
        Reply::NxDomain => ResponseCode::NXDomain,
        Reply::ServFail => ResponseCode::ServFail,
        Reply::Refused => ResponseCode::Refused,
        Reply::Addresses(_) => ResponseCode::NoError,
    };
    let mut m = Message::new(query.metadata.id, MessageType::Response, OpCode::Query);
    m.metadata.response_code = code;
    m.metadata.recursion_desired = query.metadata.recursion_desired;
    m.metadata.recursion_available = true;
    m.add_query(question.clone());
    let mut owner = question.name().clone();
    if let Some(target) = cname.and_then(|t| hickory_proto::rr::Name::from_ascii(format!("{t}.")).ok()) {
        m.add_answer(Record::from_rdata(
            owner.clone(),
            60,
            RData::CNAME(hickory_proto::rr::rdata::CNAME(target.clone())),
        ));
        owner = target;
    }
    if question.query_type() == RecordType::NS {
        m.metadata.authoritative = !ns.is_empty();
        for n in ns.iter().filter_map(|n| hickory_proto::rr::Name::from_ascii(format!("{n}.")).ok()) {
            m.add_answer(Record::from_rdata(owner.clone(), 60, RData::NS(hickory_proto::rr::rdata::NS(n))));
        }
        return m.to_vec().ok();
    }
    if let Reply::Addresses(ips) = reply {
        for ip in ips {
            // A name with only IPv4 addresses answers AAAA with NOERROR and no records, as real zones do.
            let rdata = match (ip, question.query_type()) {
                (IpAddr::V4(v4), RecordType::A) => RData::A(A(*v4)),
                (IpAddr::V6(v6), RecordType::AAAA) => RData::AAAA(AAAA(*v6)),
                _ => continue,
            };
            m.add_answer(Record::from_rdata(owner.clone(), 60, rdata));
        }
    }
    m.to_vec().ok()
}
