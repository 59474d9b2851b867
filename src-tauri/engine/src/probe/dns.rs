//! DNS through one named server, our own stub client on hickory-proto: the resolver libraries retry
//! across servers and fold SERVFAIL, REFUSED and silence together, but the verdict needs each
//! class kept apart and the server that said it.

use crate::check_id::CheckId;
use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use hickory_proto::op::{Message, MessageType, OpCode, Query, ResponseCode};
use hickory_proto::rr::{Name, RecordType};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpStream, UdpSocket};

use super::Failure;
use crate::config::ResolverAddr;
use crate::finding::{Check, ErrorClass, Status, ms_since};

/// How long one question may take, retries included.
pub(crate) const QUERY_TIMEOUT: Duration = Duration::from_millis(2500);
/// When to send the UDP question again if no answer came (packet loss is common).
const RETRY_AFTER: Duration = Duration::from_millis(900);
/// DNS over UDP answers are at most this big with EDNS; without it, 512.
const MAX_UDP: usize = 4096;

/// The outcome of one question: addresses, or why there are none.
pub(crate) type Answer = Result<Vec<IpAddr>, Failure>;

/// Asks `server` for the A or AAAA records of `name`: the addresses, and the CNAME chain the
/// answer followed (empty when the name has none).
pub(crate) async fn query_with_chain(server: SocketAddr, name: &str, rtype: RecordType) -> (Answer, Vec<String>) {
    match exchange(server, name, rtype).await {
        Ok(reply) => (classify(&reply, rtype), cname_chain(&reply)),
        Err(f) => (Err(f), Vec::new()),
    }
}

/// The CNAME targets in a reply's answer section, in order, without the trailing dot.
pub(crate) fn cname_chain(reply: &Message) -> Vec<String> {
    reply
        .answers
        .iter()
        .filter(|r| r.record_type() == RecordType::CNAME)
        .filter_map(|r| match &r.data {
            hickory_proto::rr::RData::CNAME(c) => Some(c.0.to_ascii().trim_end_matches('.').to_owned()),
            _ => None,
        })
        .take(16)
        .collect()
}

/// One question to `server`, over UDP and over TCP when the answer was truncated.
pub(crate) async fn exchange(server: SocketAddr, name: &str, rtype: RecordType) -> Result<Message, Failure> {
    let id = rand_id();
    let bytes = question(name, rtype, id)?;
    let reply = match tokio::time::timeout(QUERY_TIMEOUT, ask_udp(server, &bytes, id)).await {
        Err(_) => {
            return Err(Failure::new(
                ErrorClass::Timeout,
                format!("no answer from {server} within {} ms", QUERY_TIMEOUT.as_millis()),
            ));
        }
        Ok(Err(e)) => return Err(io_class(&e, server)),
        Ok(Ok(m)) => m,
    };
    let reply = if reply.metadata.truncation {
        match tokio::time::timeout(QUERY_TIMEOUT, ask_tcp(server, &bytes, id)).await {
            Err(_) => return Err(Failure::new(ErrorClass::Timeout, format!("no TCP answer from {server}"))),
            Ok(Err(e)) => return Err(io_class(&e, server)),
            Ok(Ok(m)) => m,
        }
    } else {
        reply
    };
    Ok(reply)
}

/// The wire form of a recursive question for `name`.
pub(crate) fn question(name: &str, rtype: RecordType, id: u16) -> Result<Vec<u8>, Failure> {
    let fqdn = Name::from_ascii(format!("{}.", name.trim_end_matches('.')))
        .map_err(|e| Failure::new(ErrorClass::Other, format!("not a DNS name: {e}")))?;
    let mut msg = Message::new(id, MessageType::Query, OpCode::Query);
    msg.metadata.recursion_desired = true;
    msg.add_query(Query::query(fqdn, rtype));
    msg.to_vec().map_err(|e| Failure::new(ErrorClass::Other, e.to_string()))
}

/// The addresses of `rtype` in a reply, or the reply's failure class.
pub(crate) fn classify(reply: &Message, rtype: RecordType) -> Answer {
    match reply.metadata.response_code {
        ResponseCode::NoError => {}
        ResponseCode::NXDomain => return Err(Failure::new(ErrorClass::Nxdomain, "NXDOMAIN: the name does not exist")),
        ResponseCode::ServFail => return Err(Failure::new(ErrorClass::Servfail, "SERVFAIL: the resolver failed")),
        ResponseCode::Refused => {
            return Err(Failure::new(ErrorClass::Refused, "REFUSED: the resolver refused to answer"));
        }
        other => return Err(Failure::new(ErrorClass::Other, format!("response code {other}"))),
    }
    let ips: Vec<IpAddr> =
        reply.answers.iter().filter(|r| r.record_type() == rtype).filter_map(|r| r.data.ip_addr()).collect();
    if ips.is_empty() { Err(Failure::new(ErrorClass::NoAnswer, format!("no {rtype} records"))) } else { Ok(ips) }
}

async fn ask_udp(server: SocketAddr, bytes: &[u8], id: u16) -> std::io::Result<Message> {
    let bind: SocketAddr = if server.is_ipv4() { ([0, 0, 0, 0], 0).into() } else { ([0u16; 8], 0).into() };
    let sock = UdpSocket::bind(bind).await?;
    sock.connect(server).await?;
    let mut buf = vec![0u8; MAX_UDP];
    // Two sends at most; the caller's timeout bounds the whole exchange.
    for attempt in 0..2 {
        sock.send(bytes).await?;
        let wait = if attempt == 0 { RETRY_AFTER } else { QUERY_TIMEOUT };
        let until = tokio::time::Instant::now() + wait;
        // Bounded by `until`: stray or forged datagrams are skipped, not trusted.
        while let Ok(got) = tokio::time::timeout_at(until, sock.recv(&mut buf)).await {
            let n = got?;
            if let Ok(m) = Message::from_vec(&buf[..n])
                && m.metadata.id == id
                && m.metadata.message_type == MessageType::Response
            {
                return Ok(m);
            }
        }
    }
    Err(std::io::ErrorKind::TimedOut.into())
}

async fn ask_tcp(server: SocketAddr, bytes: &[u8], id: u16) -> std::io::Result<Message> {
    let mut s = TcpStream::connect(server).await?;
    let len = u16::try_from(bytes.len()).map_err(|_| std::io::ErrorKind::InvalidInput)?;
    s.write_all(&len.to_be_bytes()).await?;
    s.write_all(bytes).await?;
    let n = usize::from(s.read_u16().await?);
    let mut buf = vec![0u8; n];
    s.read_exact(&mut buf).await?;
    let m = Message::from_vec(&buf).map_err(|_| std::io::ErrorKind::InvalidData)?;
    if m.metadata.id == id { Ok(m) } else { Err(std::io::ErrorKind::InvalidData.into()) }
}

fn io_class(e: &std::io::Error, server: SocketAddr) -> Failure {
    let class = match e.kind() {
        std::io::ErrorKind::TimedOut => ErrorClass::Timeout,
        // ICMP port unreachable on UDP: nothing listens, the server refuses us in effect.
        std::io::ErrorKind::ConnectionRefused => ErrorClass::Refused,
        std::io::ErrorKind::HostUnreachable | std::io::ErrorKind::NetworkUnreachable => ErrorClass::Unreachable,
        _ => ErrorClass::Other,
    };
    Failure::new(class, format!("{server}: {e}"))
}

pub(crate) fn rand_id() -> u16 {
    // Not security-relevant beyond matching replies; the clock's nanoseconds are enough.
    let n = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    (n ^ (n >> 16)) as u16
}

/// Resolves A and AAAA at once through the first server that answers, like a stub resolver that
/// moves on when a server is silent or failing: the addresses and the server that gave them, or
/// the last failure and the server that gave it (`None` when no server is configured).
async fn resolve(
    servers: &[ResolverAddr],
    name: &str,
) -> Result<(Vec<IpAddr>, SocketAddr, Vec<String>), Option<(Failure, SocketAddr)>> {
    let mut last: Option<(Failure, SocketAddr)> = None;
    for server in servers {
        let server = server.0;
        let ((a, chain_a), (aaaa, chain_aaaa)) = tokio::join!(
            query_with_chain(server, name, RecordType::A),
            query_with_chain(server, name, RecordType::AAAA)
        );
        let failure = match merge(a, aaaa) {
            Ok(ips) => return Ok((ips, server, if chain_a.is_empty() { chain_aaaa } else { chain_a })),
            Err(f) => f,
        };
        let move_on = matches!(
            failure.class,
            ErrorClass::Timeout
                | ErrorClass::Servfail
                | ErrorClass::Refused
                | ErrorClass::Unreachable
                | ErrorClass::Other
        );
        last = Some((failure, server));
        if !move_on {
            break;
        }
    }
    Err(last)
}

/// [`resolve`] as a finding of the check `id`. Returns the check and the addresses found.
pub(crate) async fn resolve_check(
    id: CheckId,
    subject: Option<String>,
    servers: &[ResolverAddr],
    name: &str,
) -> (Check, Vec<IpAddr>) {
    let start = Instant::now();
    match resolve(servers, name).await {
        Ok((ips, server, chain)) => {
            let mut c = answered(id, subject, &ips, start);
            c.detail.server = Some(server.to_string());
            c.detail.cname = (!chain.is_empty()).then_some(chain);
            (c, ips)
        }
        Err(None) => {
            let mut c = Check::new(id, subject, Status::Skipped, ms_since(start));
            c.detail.error = Some(ErrorClass::NotRun);
            c.detail.message = Some("no DNS servers are configured".into());
            (c, Vec::new())
        }
        Err(Some((failure, server))) => {
            let mut c = failure.into_check(id, subject, ms_since(start));
            c.detail.server = Some(server.to_string());
            (c, Vec::new())
        }
    }
}

/// A and AAAA answers together: the addresses of both, or, when neither has any, the class
/// that speaks for the name (A's first; AAAA is often simply absent).
pub(crate) fn merge(a: Answer, aaaa: Answer) -> Answer {
    let mut ips: Vec<IpAddr> = Vec::new();
    ips.extend(a.as_ref().map(|v| v.as_slice()).unwrap_or_default());
    ips.extend(aaaa.as_ref().map(|v| v.as_slice()).unwrap_or_default());
    if !ips.is_empty() {
        return Ok(ips);
    }
    Err(match (a, aaaa) {
        (Err(e), _) if e.class != ErrorClass::NoAnswer => e,
        (_, Err(e)) if e.class != ErrorClass::NoAnswer => e,
        (Err(e), _) => e,
        (Ok(_), _) => Failure::new(ErrorClass::NoAnswer, "no addresses"),
    })
}

/// A passing check with its answers; a warning when one is private or reserved.
pub(crate) fn answered(id: CheckId, subject: Option<String>, ips: &[IpAddr], start: Instant) -> Check {
    let mut c = Check::new(id, subject, Status::Pass, ms_since(start));
    c.detail.answers = Some(ips.iter().map(IpAddr::to_string).collect());
    if let Some(ip) = ips.iter().find(|ip| !is_public(ip)) {
        c.status = Status::Warn;
        c.detail.message = Some(format!("{ip} is a private or reserved address"));
    }
    c
}

/// The addresses of a name met on the way (a redirect's, a proxy's, a DoH server's) through the
/// system resolvers. `localhost` is answered here: resolvers do not know it, the hosts file does.
pub(crate) async fn lookup(servers: &[ResolverAddr], name: &str) -> Answer {
    if name.eq_ignore_ascii_case("localhost") {
        return Ok(vec![IpAddr::from([127, 0, 0, 1]), IpAddr::from(std::net::Ipv6Addr::LOCALHOST)]);
    }
    match resolve(servers, name).await {
        Ok((ips, _, _)) => Ok(ips),
        Err(Some((failure, _))) => Err(failure),
        Err(None) => Err(Failure::new(ErrorClass::NotRun, "no DNS servers are configured")),
    }
}

/// Addresses that a public name should never resolve to.
pub(crate) fn is_public(ip: &IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            !(v4.is_private()
                || v4.is_loopback()
                || v4.is_unspecified()
                || v4.is_link_local()
                || v4.is_broadcast()
                || v4.octets()[0] == 100 && (64..128).contains(&v4.octets()[1]))
        }
        IpAddr::V6(v6) => {
            !(v6.is_loopback()
                || v6.is_unspecified()
                || (v6.segments()[0] & 0xfe00) == 0xfc00
                || (v6.segments()[0] & 0xffc0) == 0xfe80)
        }
    }
}

/// The operating system's configured DNS servers (resolv.conf, or the registry on Windows).
pub(crate) fn system_servers() -> Result<Vec<ResolverAddr>, String> {
    let (config, _) = hickory_resolver::system_conf::read_system_conf().map_err(|e| e.to_string())?;
    let mut out: Vec<ResolverAddr> = Vec::new();
    for ns in config.name_servers() {
        let port = ns.connections.first().map(|c| c.port).unwrap_or(53);
        let addr = ResolverAddr(SocketAddr::new(ns.ip, port));
        if !out.contains(&addr) {
            out.push(addr);
        }
    }
    Ok(out)
}
