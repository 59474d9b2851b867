//! The lab servers on loopback, without namespaces or root: argument parsing, the HTTP helpers,
//! DNS answers, the vantage stand-ins' API shapes against a real (plain HTTP) site, and the boxes
//! on the client's path (the delaying relay, the TLS-inspecting proxy).

use std::net::{SocketAddr, TcpListener};
use std::time::Duration;

use hickory_proto::op::{Message, MessageType, OpCode, Query};
use hickory_proto::rr::{Name, RecordType};
use serde_json::Value;

use super::super::certs::{Ca, Validity};
use super::fetch::{self, Failure, Limits, Target};
use super::{Args, dns, path, vantage, web};

fn args(s: &[&str]) -> Args {
    Args::parse(&s.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>()).expect("args")
}

fn free_addr() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("free port")
}

/// One request with a bounded wait, through the test crate's own HTTP client.
fn call(method: &str, url: &str, body: Option<&Value>, accept_json: bool) -> (u16, Value) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(10)))
        .http_status_as_error(false)
        .build()
        .into();
    let resp = match (method, body) {
        ("POST", Some(b)) => agent.post(url).send_json(b),
        _ => {
            let req = agent.get(url);
            if accept_json { req.header("accept", "application/json").call() } else { req.call() }
        }
    }
    .expect("request");
    let status = resp.status().as_u16();
    let text = resp.into_body().read_to_string().unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

#[test]
fn flags_repeat_and_the_last_one_wins() {
    let a = args(&["--listen", "a", "--listen", "b", "--mode", "ok", "--mode", "429"]);
    assert_eq!(a.all("--listen"), ["a", "b"]);
    assert_eq!(a.get("--mode"), Some("429"));
    assert!(a.require("--ca").is_err());
    assert!(Args::parse(&["--listen".to_owned()]).is_err());
}

#[test]
fn check_host_urls_and_bare_hosts_parse_like_the_service() {
    let t = Target::parse("https://shop.example.test/a?b=1").expect("url");
    assert!(t.https && t.port == 443 && t.path == "/a?b=1" && t.host == "shop.example.test");
    let bare = Target::parse("shop.example.test").expect("bare");
    assert!(!bare.https && bare.port == 80 && bare.path == "/");
    assert!(Target::parse("ftp://x").is_none());
}

#[test]
fn a_v4_only_name_answers_aaaa_with_no_records_and_failures_keep_their_codes() {
    let mut q = Message::new(7, MessageType::Query, OpCode::Query);
    q.add_query(Query::query(Name::from_ascii("shop.example.test.").expect("name"), RecordType::AAAA));
    let reply = dns::parse_reply("198.51.100.80").expect("reply");
    let m = Message::from_vec(&crate::dns::respond(&q, &reply).expect("bytes")).expect("message");
    assert!(m.answers.is_empty());
    assert_eq!(m.metadata.id, 7);
    let m =
        Message::from_vec(&crate::dns::respond(&q, &dns::parse_reply("servfail").expect("r")).expect("b")).expect("m");
    assert_eq!(m.metadata.response_code, hickory_proto::op::ResponseCode::ServFail);
    assert!(crate::dns::respond(&q, &dns::parse_reply("silent").expect("r")).is_none());
    assert!(dns::parse_reply("not-an-address").is_err());
}

#[test]
fn the_stand_ins_really_fetch_and_speak_the_apis_shapes() {
    let rt = crate::runtime();
    let dir = crate::app::scratch("lab-stand-ins");
    let ca = Ca::create(&dir).expect("ca");
    let (site, gp, ch) = (free_addr(), free_addr(), free_addr());
    let ca_pem = ca.pem.display().to_string();
    let site_args = args(&["--listen", &site.to_string(), "--status", "503", "--header", "server: nginx"]);
    let stand_in = |me: SocketAddr| args(&["--listen", &me.to_string(), "--resolver", "127.0.0.1:9", "--ca", &ca_pem]);
    let (gp_args, ch_args) = (stand_in(gp), stand_in(ch));
    let tasks = [
        rt.spawn(async move { web::run_http(&site_args).await }),
        rt.spawn(async move { vantage::run_globalping(&gp_args).await }),
        rt.spawn(async move { vantage::run_checkhost(&ch_args).await }),
    ];
    std::thread::sleep(Duration::from_millis(300));

    let body = serde_json::json!({"type": "http", "target": "127.0.0.1", "limit": 2,
        "measurementOptions": {"protocol": "HTTP", "port": site.port(), "request": {"path": "/"}}});
    let (status, created) = call("POST", &format!("http://{gp}/v1/measurements"), Some(&body), true);
    assert_eq!((status, created["probesCount"].as_u64()), (202, Some(2)), "{created}");
    let url = format!("http://{gp}//v1/measurements/{}", created["id"].as_str().expect("id"));
    let mut m = Value::Null;
    // At most 50 polls of 100 ms.
    for _ in 0..50 {
        m = call("GET", &url, None, true).1;
        if m["status"] == "finished" {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(m["status"], "finished", "{m}");
    let r = &m["results"][1]["result"];
    assert_eq!((r["status"].as_str(), r["statusCode"].as_u64()), (Some("finished"), Some(503)), "{m}");
    assert_eq!(r["headers"]["server"], "nginx");
    assert!(m["results"][0]["probe"]["asn"].is_u64());
    let bad = serde_json::json!({"type": "http", "target": "https://127.0.0.1/"});
    assert_eq!(call("POST", &format!("http://{gp}/v1/measurements"), Some(&bad), true).0, 400);

    let check = format!("http://{ch}/check-http?host=http://127.0.0.1:{}/&max_nodes=1", site.port());
    assert!(call("GET", &check, None, false).1.is_string(), "without Accept: JSON the site answers HTML");
    let (_, started) = call("GET", &check, None, true);
    assert_eq!(started["ok"], 1, "{started}");
    let result_url = format!("http://{ch}/check-result/{}", started["request_id"].as_str().expect("id"));
    let mut res = Value::Null;
    for _ in 0..50 {
        res = call("GET", &result_url, None, true).1;
        if !res["us1.node.check-host.net"].is_null() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let row = &res["us1.node.check-host.net"][0];
    assert_eq!((row[0].as_u64(), row[3].as_str()), (Some(0), Some("503")), "{res}");
    for t in tasks {
        t.abort();
    }
}

/// Waits (at most 5 s) until something accepts on `addr`.
fn wait_listening(addr: SocketAddr) {
    // At most 100 tries of 50 ms.
    for _ in 0..100 {
        if std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(50)).is_ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("nothing listens on {addr}");
}

#[test]
fn the_relay_delays_each_way_and_loses_nothing() {
    let rt = crate::runtime();
    let (site, relay) = (free_addr(), free_addr());
    let site_args = args(&["--listen", &site.to_string(), "--body", "<h1>shop</h1>", "--pad-kib", "64"]);
    let relay_args = args(&["--forward", &format!("{relay}={site}"), "--delay-ms", "200"]);
    let tasks = [
        rt.spawn(async move { web::run_http(&site_args).await }),
        rt.spawn(async move { path::run_relay(&relay_args).await }),
    ];
    wait_listening(site);
    wait_listening(relay);
    let roots = std::sync::Arc::new(rustls::RootCertStore::empty());
    let target = Target { https: false, host: "127.0.0.1".into(), port: relay.port(), path: "/".into() };
    let got = rt
        .block_on(fetch::get(&target, relay.ip(), &roots, Limits::default(), "test", true))
        .expect("fetched through the relay");
    assert_eq!(got.status, 200);
    // The request waits 200 ms on the way in, the answer 200 ms on the way out.
    assert!((400..2000).contains(&got.timings.first_byte), "{:?}", got.timings);
    assert!(got.body.len() > 64 * 1000, "the whole page arrives: {} bytes", got.body.len());
    for t in tasks {
        t.abort();
    }
}

#[test]
fn the_inspecting_box_re_signs_and_relays_the_real_site() {
    let rt = crate::runtime();
    let dir = crate::app::scratch("lab-inspect");
    let lab_ca = Ca::create(&dir).expect("lab ca");
    let box_ca = Ca::named(&dir, "box-ca", "Lab Inspection CA").expect("box ca");
    let name = "shop.example.test";
    let real = lab_ca.issue(&dir, "site", &[name], Validity::Current).expect("site cert");
    let fake = box_ca.issue(&dir, "inspected", &[name], Validity::Current).expect("box cert");
    let (site, inspect) = (free_addr(), free_addr());
    let s = |p: &std::path::Path| p.display().to_string();
    let site_args = args(&[
        "--listen-tls",
        &site.to_string(),
        "--cert",
        &s(&real.cert),
        "--key",
        &s(&real.key),
        "--header",
        "server: nginx",
    ]);
    let box_args = args(&[
        "--listen-tls",
        &inspect.to_string(),
        "--cert",
        &s(&fake.cert),
        "--key",
        &s(&fake.key),
        "--upstream",
        &site.to_string(),
        "--ca",
        &s(&lab_ca.pem),
    ]);
    let tasks = [
        rt.spawn(async move { web::run_http(&site_args).await }),
        rt.spawn(async move { path::run_inspect(&box_args).await }),
    ];
    wait_listening(site);
    wait_listening(inspect);
    let target = Target { https: true, host: name.into(), port: inspect.port(), path: "/".into() };
    let get = |ca: &std::path::Path| {
        let roots = fetch::roots(ca).expect("roots");
        rt.block_on(fetch::get(&target, inspect.ip(), &roots, Limits::default(), "test", true))
    };
    // A client that trusts only the real CA refuses the box's certificate ...
    assert!(matches!(get(&lab_ca.pem), Err(Failure::Tls(m)) if m.contains("UnknownIssuer")));
    // ... one that trusts the box gets the real site's page through it.
    let page = get(&box_ca.pem).expect("through the box");
    let header = |k: &str| page.headers.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    assert_eq!((page.status, header("server"), header("via")), (200, Some("nginx"), Some("1.1 lab-inspection")));
    for t in tasks {
        t.abort();
    }
}
