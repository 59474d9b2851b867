//! `lab-server delay`: latency at the IP level, in userspace. The router's firewall hands the
//! packets between the client and the site to a netfilter queue (`-j NFQUEUE`); this holds each
//! one for `--delay-ms` and then lets it go on, in order. Unlike the relay (which answers the
//! client's TCP handshake itself), every packet is late, the handshake included: a slow path
//! that loses nothing, as a long or congested link is. `tc netem` would do the same in the
//! kernel; the lab keeps to userspace.
//!
//! ```text
//! lab-server delay --queue 0 --delay-ms 800
//! ```
//!
//! The netfilter-queue protocol is spoken by hand over a netlink socket (no C library): bind the
//! queue, ask for packet metadata only, then answer each packet's id with "accept" when its time
//! has come.

use std::io::Read;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use socket2::{Domain, Protocol, Socket, Type};

use super::{Args, ready};

/// `AF_NETLINK`, `SOCK_RAW`, `NETLINK_NETFILTER`.
const AF_NETLINK: i32 = 16;
const SOCK_RAW: i32 = 3;
const NETLINK_NETFILTER: i32 = 12;
/// Message types: the queue subsystem (3) in the high byte.
const NFQNL_MSG_PACKET: u16 = 3 << 8;
const NFQNL_MSG_VERDICT: u16 = (3 << 8) | 1;
const NFQNL_MSG_CONFIG: u16 = (3 << 8) | 2;
/// `nlmsghdr.type` of an error or acknowledgement.
const NLMSG_ERROR: u16 = 2;
const NLM_F_REQUEST: u16 = 1;
const NLM_F_ACK: u16 = 4;
/// Attributes: config command and parameters; the packet header; the verdict header.
const NFQA_CFG_CMD: u16 = 1;
const NFQA_CFG_PARAMS: u16 = 2;
const NFQA_PACKET_HDR: u16 = 1;
const NFQA_VERDICT_HDR: u16 = 2;
const NFQNL_CFG_CMD_BIND: u8 = 1;
/// Copy only the metadata (the packet id): the payload is never needed here.
const NFQNL_COPY_META: u8 = 1;
const NF_ACCEPT: u32 = 1;

/// `delay`: holds every packet of `--queue` for `--delay-ms`, then accepts it.
pub fn run_delay(args: &Args) -> Result<(), String> {
    let queue: u16 = args.require("--queue")?.parse().map_err(|e| format!("--queue: {e}"))?;
    let delay = Duration::from_millis(args.require("--delay-ms")?.parse().map_err(|e| format!("--delay-ms: {e}"))?);
    let sock = Socket::new(Domain::from(AF_NETLINK), Type::from(SOCK_RAW), Some(Protocol::from(NETLINK_NETFILTER)))
        .map_err(|e| format!("netlink socket: {e}"))?;
    // Unbound netlink sockets are bound by the kernel on their first send; messages go to it.
    let mut seq = 0u32;
    let bind = config(queue, NFQA_CFG_CMD, &[NFQNL_CFG_CMD_BIND, 0, 0, 0], &mut seq);
    request(&sock, &bind).map_err(|e| format!("bind queue {queue}: {e}"))?;
    let mut params = 0u32.to_be_bytes().to_vec();
    params.push(NFQNL_COPY_META);
    request(&sock, &config(queue, NFQA_CFG_PARAMS, &params, &mut seq)).map_err(|e| format!("copy mode: {e}"))?;
    ready();
    let answers = sock.try_clone().map_err(|e| format!("netlink socket: {e}"))?;
    let (tx, rx) = mpsc::channel::<(Instant, u32)>();
    // The verdicts, each at its packet's time: arrival order is delivery order.
    std::thread::spawn(move || {
        let mut seq = 1u32 << 31;
        while let Ok((due, id)) = rx.recv() {
            std::thread::sleep(due.saturating_duration_since(Instant::now()));
            let mut verdict = NF_ACCEPT.to_be_bytes().to_vec();
            verdict.extend_from_slice(&id.to_be_bytes());
            let msg = message(NFQNL_MSG_VERDICT, NLM_F_REQUEST, queue, &attr(NFQA_VERDICT_HDR, &verdict), &mut seq);
            if let Err(e) = answers.send(&msg) {
                eprintln!("verdict for packet {id}: {e}");
            }
        }
    });
    let mut buf = vec![0u8; 64 * 1024];
    let mut reader = &sock;
    // Runs until the process exits (stdin closed or its time to live is over).
    loop {
        let n = reader.read(&mut buf).map_err(|e| format!("netlink read: {e}"))?;
        for id in packet_ids(&buf[..n]) {
            tx.send((Instant::now() + delay, id)).map_err(|_| "the verdict thread is gone".to_owned())?;
        }
    }
}

/// Sends a request that asks for an acknowledgement and waits for it.
fn request(sock: &Socket, msg: &[u8]) -> Result<(), String> {
    sock.send(msg).map_err(|e| e.to_string())?;
    let mut buf = [0u8; 4096];
    let mut reader = sock;
    let n = reader.read(&mut buf).map_err(|e| e.to_string())?;
    let ty = buf.get(4..6).map(|b| u16::from_ne_bytes([b[0], b[1]]));
    let code = buf.get(16..20).map(|b| i32::from_ne_bytes([b[0], b[1], b[2], b[3]]));
    match (ty, code) {
        (Some(NLMSG_ERROR), Some(0)) if n >= 20 => Ok(()),
        (Some(NLMSG_ERROR), Some(errno)) => Err(format!("the kernel said errno {}", -errno)),
        _ => Err(format!("unexpected answer {:02x?}", &buf[..n.min(32)])),
    }
}

/// A queue configuration message with one attribute.
fn config(queue: u16, kind: u16, payload: &[u8], seq: &mut u32) -> Vec<u8> {
    message(NFQNL_MSG_CONFIG, NLM_F_REQUEST | NLM_F_ACK, queue, &attr(kind, payload), seq)
}

/// `nlmsghdr` + `nfgenmsg` (family unspecified, version 0, the queue number big-endian) + attributes.
fn message(kind: u16, flags: u16, queue: u16, attrs: &[u8], seq: &mut u32) -> Vec<u8> {
    *seq = seq.wrapping_add(1);
    let len = u32::try_from(16 + 4 + attrs.len()).unwrap_or(u32::MAX);
    let mut m = Vec::with_capacity(len as usize);
    m.extend_from_slice(&len.to_ne_bytes());
    m.extend_from_slice(&kind.to_ne_bytes());
    m.extend_from_slice(&flags.to_ne_bytes());
    m.extend_from_slice(&seq.to_ne_bytes());
    m.extend_from_slice(&0u32.to_ne_bytes());
    m.extend_from_slice(&[0, 0]);
    m.extend_from_slice(&queue.to_be_bytes());
    m.extend_from_slice(attrs);
    m
}

/// One netlink attribute, padded to four bytes.
fn attr(kind: u16, payload: &[u8]) -> Vec<u8> {
    let len = u16::try_from(4 + payload.len()).unwrap_or(u16::MAX);
    let mut a = Vec::new();
    a.extend_from_slice(&len.to_ne_bytes());
    a.extend_from_slice(&kind.to_ne_bytes());
    a.extend_from_slice(payload);
    a.resize(a.len().next_multiple_of(4), 0);
    a
}

/// The ids of the queued packets in one read (several messages may come at once).
fn packet_ids(mut data: &[u8]) -> Vec<u32> {
    let u16_at = |d: &[u8], i: usize| d.get(i..i + 2).map(|b| u16::from_ne_bytes([b[0], b[1]]));
    let mut ids = Vec::new();
    // Bounded: each pass consumes at least one message header or stops.
    while data.len() >= 16 {
        let len = data.get(0..4).map_or(0, |b| u32::from_ne_bytes([b[0], b[1], b[2], b[3]]) as usize);
        if len < 16 || len > data.len() {
            break;
        }
        if u16_at(data, 4) == Some(NFQNL_MSG_PACKET) {
            let mut attrs = &data[20.min(len)..len];
            while attrs.len() >= 4 {
                let alen = usize::from(u16_at(attrs, 0).unwrap_or(0));
                let kind = u16_at(attrs, 2).unwrap_or(0) & 0x7fff;
                if alen < 4 || alen > attrs.len() {
                    break;
                }
                if kind == NFQA_PACKET_HDR
                    && let Some(b) = attrs.get(4..8)
                {
                    ids.push(u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
                }
                attrs = &attrs[alen.next_multiple_of(4).min(attrs.len())..];
            }
        }
        data = &data[len.next_multiple_of(4).min(data.len())..];
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A packet message as the kernel sends it: found, and its id read big-endian.
    #[test]
    fn packet_ids_are_read_from_the_packet_header() {
        let mut hdr = 0x0102_0304u32.to_be_bytes().to_vec();
        hdr.extend_from_slice(&[0x08, 0x00, 1]);
        let mut seq = 0;
        let mut two = message(NFQNL_MSG_PACKET, 0, 0, &attr(NFQA_PACKET_HDR, &hdr), &mut seq);
        two.extend(message(NFQNL_MSG_PACKET, 0, 0, &attr(NFQA_PACKET_HDR, &7u32.to_be_bytes()), &mut seq));
        assert_eq!(packet_ids(&two), [0x0102_0304, 7]);
        assert_eq!(packet_ids(&two[..10]), Vec::<u32>::new());
    }
}
