//! The home-network servers on loopback, without namespaces or root: the caching DNS forwarder
//! and the CONNECT proxy.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::time::Duration;

use hickory_proto::op::{Message, MessageType, OpCode, Query, ResponseCode};
use hickory_proto::rr::{Name, RecordType};

use super::{Args, dns, home, web};

fn args(s: &[&str]) -> Args {
    Args::parse(&s.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>()).expect("args")
}

fn free_addr() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("free port")
}

/// Asks `server` for `name` with query id `id`; `None` when no answer comes within 2 s.
fn ask(server: SocketAddr, name: &str, id: u16) -> Option<Message> {
    let mut q = Message::new(id, MessageType::Query, OpCode::Query);
    q.add_query(Query::query(Name::from_ascii(name).expect("name"), RecordType::A));
    let sock = UdpSocket::bind("127.0.0.1:0").expect("socket");
    sock.set_read_timeout(Some(Duration::from_secs(2))).expect("timeout");
    // The forwarder may not be bound yet: at most 20 tries.
    for _ in 0..20 {
        sock.send_to(&q.to_vec().expect("bytes"), server).expect("send");
        let mut buf = [0u8; 1500];
        if let Ok(n) = sock.recv(&mut buf) {
            return Some(Message::from_vec(&buf[..n]).expect("message"));
        }
    }
    None
}

#[test]
fn the_forwarder_relays_caches_and_passes_failures_on() {
    let rt = crate::runtime();
    let (upstream, forwarder) = (free_addr(), free_addr());
    let up = args(&[
        "--listen",
        &upstream.to_string(),
        "--answer",
        "shop.example.test=198.51.100.80",
        "--answer",
        "down.example.test=servfail",
    ]);
    let fw = args(&["--listen", &forwarder.to_string(), "--upstream", &upstream.to_string()]);
    let upstream_task = rt.spawn(async move { dns::run(&up).await });
    let _fw = rt.spawn(async move { home::run_forwarder(&fw).await });
    let first = ask(forwarder, "shop.example.test.", 11).expect("an answer");
    assert_eq!((first.metadata.id, first.answers.len()), (11, 1));
    let failed = ask(forwarder, "down.example.test.", 12).expect("an answer");
    assert_eq!(failed.metadata.response_code, ResponseCode::ServFail);
    // The upstream gone, the cached answer still comes, with the new query's id.
    upstream_task.abort();
    std::thread::sleep(Duration::from_millis(100));
    let cached = ask(forwarder, "shop.example.test.", 13).expect("a cached answer");
    assert_eq!((cached.metadata.id, cached.answers.len()), (13, 1));
}

/// Sends `CONNECT target` to the proxy and returns its status line and the stream.
fn connect(proxy: SocketAddr, target: &str) -> (String, TcpStream) {
    let mut s = TcpStream::connect_timeout(&proxy, Duration::from_secs(2)).expect("proxy");
    s.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    write!(s, "CONNECT {target} HTTP/1.1\r\nhost: {target}\r\n\r\n").expect("write");
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    // Up to the blank line, at most 4 KiB.
    while !head.ends_with(b"\r\n\r\n") && head.len() < 4096 && s.read(&mut byte).unwrap_or(0) == 1 {
        head.push(byte[0]);
    }
    let line = String::from_utf8_lossy(&head).lines().next().unwrap_or_default().to_owned();
    (line, s)
}

#[test]
fn the_proxy_tunnels_to_the_site_and_says_when_it_cannot() {
    let rt = crate::runtime();
    let (site, proxy, closed) = (free_addr(), free_addr(), free_addr());
    let site_args = args(&["--listen", &site.to_string(), "--body", "<h1>shop</h1>"]);
    let proxy_args = args(&["--listen", &proxy.to_string()]);
    let _site = rt.spawn(async move { web::run_http(&site_args).await });
    let _proxy = rt.spawn(async move { home::run_proxy(&proxy_args).await });
    // Both may not be listening yet: at most 40 tries of 50 ms.
    for _ in 0..40 {
        if TcpStream::connect(site).is_ok() && TcpStream::connect(proxy).is_ok() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let (line, mut s) = connect(proxy, &site.to_string());
    assert!(line.contains(" 200 "), "{line}");
    write!(s, "GET / HTTP/1.1\r\nhost: shop\r\nconnection: close\r\n\r\n").expect("write");
    let mut page = String::new();
    let _ = s.read_to_string(&mut page);
    assert!(page.starts_with("HTTP/1.1 200") && page.contains("<h1>shop</h1>"), "{page}");
    let (line, _) = connect(proxy, &closed.to_string());
    assert!(line.contains(" 502 "), "a refused site is the proxy's 502: {line}");
}
