//! The engine's newer probes through the real binary, against fakes on loopback: this computer's
//! network (interfaces, route, DNS servers), port 80 when HTTPS fails, a proxy from the
//! environment, DNS over HTTPS, and redirects.

use std::net::{IpAddr, SocketAddr};

use serde_json::Value;
use site_doctor_tests::app::{self, Endpoints, Extra};
use site_doctor_tests::dns::{FakeDns, Reply};
use site_doctor_tests::http::{Behavior, FakeHttp};
use site_doctor_tests::tls::{FakeHttps, Leaf, TestCa};

const NAME: &str = "shop.example.test";

fn checks<'a>(doc: &'a Value, id: &str) -> Vec<&'a Value> {
    doc["checks"].as_array().map(|a| a.iter().filter(|c| c["id"] == id).collect()).unwrap_or_default()
}

fn one<'a>(doc: &'a Value, id: &str) -> &'a Value {
    checks(doc, id).first().copied().unwrap_or_else(|| panic!("no {id} in {doc:#}"))
}

/// A connectivity fake, a DNS fake sending `NAME` to `ip`, and a config using both.
struct Setup {
    probe: FakeHttp,
    dns: FakeDns,
    dir: std::path::PathBuf,
}

impl Setup {
    fn new(test: &str, ip: &str) -> Self {
        let probe = FakeHttp::start(Behavior::WithConnectivity(Box::new(Behavior::ok("ok"))));
        let dns = FakeDns::start(Reply::NxDomain);
        dns.set(NAME, Reply::Addresses(vec![ip.parse().expect("ip")]));
        Self { probe, dns, dir: app::scratch(test) }
    }

    fn config(&self, extra: &Extra) -> std::path::PathBuf {
        let e = Endpoints {
            system_dns: vec![self.dns.addr],
            alternates: vec![self.dns.addr],
            probes: vec![self.probe.url("/generate_204")],
        };
        app::write_config_with(&self.dir, &e, extra)
    }
}

#[test]
fn this_computers_interfaces_route_and_dns_servers_are_reported() {
    let s = Setup::new("environment", "127.0.0.1");
    let site = FakeHttp::start(Behavior::ok("ok"));
    let (_, doc, _) = app::check_json(&s.config(&Extra::default()), &site.url("/"), &[]);
    let interfaces = one(&doc, "environment.interfaces");
    let list = interfaces["detail"]["interfaces"].as_array().expect("interfaces");
    let lo = list.iter().find(|i| i["kind"] == "loopback").unwrap_or_else(|| panic!("{interfaces:#}"));
    assert!(lo["addresses"].as_array().is_some_and(|a| a.iter().any(|x| x == "127.0.0.1/8")), "{lo}");
    let route = one(&doc, "environment.route");
    match route["status"].as_str() {
        Some("fail") => assert_eq!(route["detail"]["error"], "unreachable", "{route:#}"),
        Some("pass" | "warn") => assert!(route["detail"]["routes"][0]["family"].is_string(), "{route:#}"),
        other => panic!("{other:?}: {route:#}"),
    }
    let servers = one(&doc, "environment.dns_servers");
    assert_eq!(servers["detail"]["dns_servers"], serde_json::json!([s.dns.addr.to_string()]));
}

/// Runs a check inside a fresh network namespace (root only) after `setup` (shell commands);
/// `None` when namespaces cannot be made here. Nothing in there can reach anything outside.
fn in_netns(test: &str, setup: &str) -> Option<Value> {
    let s = Setup::new(test, "127.0.0.1");
    let config = s.config(&Extra::default());
    let script = format!("{setup} && exec {} check http://{NAME}/ --json --deadline 3", app::binary().display());
    let mut unshare = std::process::Command::new("unshare");
    unshare.args(["--net", "sh", "-c", &script]).env("SITE_DOCTOR_CONFIG", &config);
    for var in ["http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"] {
        unshare.env_remove(var);
    }
    match unshare.output() {
        Ok(o) if !o.stdout.is_empty() => Some(serde_json::from_slice(&o.stdout).expect("json")),
        other => {
            assert!(std::env::var("CI").is_err(), "unshare --net failed in CI (needs root): {other:?}");
            eprintln!("SKIPPED: cannot make a network namespace here: {other:?}");
            None
        }
    }
}

#[test]
fn in_a_namespace_with_only_loopback_there_is_no_route_and_no_panic() {
    let Some(doc) = in_netns("netns-lo", "ip link set lo up") else { return };
    assert_eq!(one(&doc, "environment.route")["status"], "fail", "{doc:#}");
    assert_eq!(one(&doc, "environment.interfaces")["status"], "fail", "{doc:#}");
}

#[test]
fn a_default_route_through_a_tunnel_is_named_as_vpn_evidence() {
    let setup = "ip link set lo up && ip tuntap add dev tun0 mode tun && ip addr add 10.8.0.2/24 dev tun0 \
                 && ip link set tun0 up && ip route add default dev tun0";
    let Some(doc) = in_netns("netns-tun", setup) else { return };
    let route = one(&doc, "environment.route");
    assert_eq!((route["status"].as_str(), route["detail"]["variable"].as_str()), (Some("warn"), Some("tun0")));
    let r = &route["detail"]["routes"][0];
    assert_eq!(
        (r["interface"].as_str(), r["source"].as_str(), r["tunnel"].as_bool()),
        (Some("tun0"), Some("10.8.0.2"), Some(true))
    );
}

/// A loopback address of its own for a fake that must sit on port 80.
fn port_80_fake(behavior: &Behavior) -> Option<FakeHttp> {
    let base = 10 + std::process::id() % 200;
    (0..20u32).find_map(|i| {
        let ip: IpAddr = [127, 0, 1, ((base + i * 7) % 250 + 2) as u8].into();
        FakeHttp::start_on(SocketAddr::new(ip, 80), behavior.clone()).ok()
    })
}

#[test]
fn when_https_is_refused_port_80_is_tried_on_the_same_address() {
    let Some(plain) = port_80_fake(&Behavior::ok("plain site")) else {
        assert!(std::env::var("CI").is_err(), "cannot bind a loopback port 80 in CI");
        eprintln!("SKIPPED: cannot bind port 80 on loopback here");
        return;
    };
    let ip = plain.addr.ip().to_string();
    let s = Setup::new("port-80", &ip);
    // A port on that address where nothing listens: HTTPS is "blocked".
    let closed = std::net::TcpListener::bind((plain.addr.ip(), 0)).and_then(|l| l.local_addr()).expect("port");
    let (_, doc, _) = app::check_json(&s.config(&Extra::default()), &format!("https://{NAME}:{}/", closed.port()), &[]);
    let https = one(&doc, "site.connection");
    assert_eq!(https["detail"]["error"], "connection_refused", "{https:#}");
    let http = one(&doc, "site.connection.http");
    assert_eq!(http["detail"]["address"], format!("{ip}:80"), "{http:#}");
    assert_eq!((http["status"].as_str(), http["detail"]["status_code"].as_u64()), (Some("pass"), Some(200)));
    assert_eq!(http["detail"]["url"], format!("http://{NAME}/"));
}

/// An HTTPS site with a trusted test certificate, the setup, and its config.
fn https_site(test: &str) -> (FakeHttps, Setup, std::path::PathBuf) {
    let s = Setup::new(test, "127.0.0.1");
    let ca = TestCa::new(&s.dir);
    let site = FakeHttps::start(ca.leaf(Leaf::Valid, &[NAME]), Behavior::ok("<h1>shop</h1>"));
    let config = s.config(&Extra { extra_ca: Some(ca.pem_path.clone()), ..Extra::default() });
    (site, s, config)
}

#[test]
fn a_proxy_from_the_environment_carries_https_through_connect() {
    let (site, _s, config) = https_site("proxy-connect");
    let proxy = FakeHttp::start(Behavior::Proxy);
    let env = [("https_proxy", format!("http://user:secret@127.0.0.1:{}", proxy.addr.port()))];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (_, doc, _) = app::check_json_env(&config, &site.url(NAME, "/"), &[], &env);
    let p = one(&doc, "site.proxy");
    let d = &p["detail"];
    assert_eq!((p["status"].as_str(), d["status_code"].as_u64()), (Some("pass"), Some(200)), "{p:#}");
    assert_eq!(d["proxy_status"], 200);
    assert_eq!(d["proxy"], format!("http://127.0.0.1:{}/", proxy.addr.port()), "no password in evidence");
    assert_eq!(d["variable"], "https_proxy");
    assert!(d["phases"]["proxy_ms"].is_u64() && d["phases"]["tls_ms"].is_u64(), "{d}");
    let seen = proxy.seen.lock().map(|s| s.clone()).unwrap_or_default();
    assert_eq!(seen, vec![format!("CONNECT {NAME}:{} HTTP/1.1", site.addr.port())]);
    assert_eq!(one(&doc, "site.connection")["detail"]["status_code"], 200, "the direct attempt runs alongside");
}

#[test]
fn a_proxy_that_refuses_connect_is_evidence() {
    let (site, _s, config) = https_site("proxy-407");
    let proxy = FakeHttp::start(Behavior::ProxyRefuses(407));
    let url = format!("http://127.0.0.1:{}", proxy.addr.port());
    let (_, doc, _) = app::check_json_env(&config, &site.url(NAME, "/"), &[], &[("HTTPS_PROXY", &url)]);
    let p = one(&doc, "site.proxy");
    assert_eq!((p["status"].as_str(), p["detail"]["proxy_status"].as_u64()), (Some("fail"), Some(407)), "{p:#}");
    assert!(p["detail"]["message"].as_str().is_some_and(|m| m.contains("password")), "{p:#}");
}

#[test]
fn a_proxy_that_is_not_there_is_a_refused_connection() {
    let (site, _s, config) = https_site("proxy-closed");
    let closed = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("port");
    let url = format!("http://{closed}");
    let (_, doc, _) = app::check_json_env(&config, &site.url(NAME, "/"), &[], &[("https_proxy", &url)]);
    let p = one(&doc, "site.proxy");
    assert_eq!((p["status"].as_str(), p["detail"]["error"].as_str()), (Some("fail"), Some("connection_refused")));
}

#[test]
fn a_plain_http_site_goes_through_the_proxy_in_absolute_form() {
    let s = Setup::new("proxy-http", "127.0.0.1");
    let site = FakeHttp::start(Behavior::ok("direct"));
    let proxy = FakeHttp::start(Behavior::Proxy);
    let url = format!("http://127.0.0.1:{}", proxy.addr.port());
    let target = format!("http://{NAME}:{}/page?q=1", site.addr.port());
    let (_, doc, _) = app::check_json_env(&s.config(&Extra::default()), &target, &[], &[("http_proxy", &url)]);
    let d = &one(&doc, "site.proxy")["detail"];
    assert_eq!(d["body_sample"], format!("proxied: GET {target} HTTP/1.1"), "{d:#}");
    assert_eq!(d["headers"]["via"], "1.1 fakeproxy");
}

#[test]
fn no_proxy_sends_the_site_around_the_proxy() {
    let (site, _s, config) = https_site("no-proxy");
    let proxy = FakeHttp::start(Behavior::Proxy);
    let url = format!("http://127.0.0.1:{}", proxy.addr.port());
    let env = [("https_proxy", url.as_str()), ("NO_PROXY", "localhost,.example.test")];
    let (_, doc, _) = app::check_json_env(&config, &site.url(NAME, "/"), &[], &env);
    assert!(checks(&doc, "site.proxy").is_empty(), "{doc:#}");
    let env_check = one(&doc, "environment.proxy");
    assert!(env_check["detail"]["message"].as_str().is_some_and(|m| m.contains("NO_PROXY")), "{env_check:#}");
    assert!(proxy.seen.lock().map(|s| s.is_empty()).unwrap_or(false));
}

#[test]
fn dns_over_https_answers_are_connected_to() {
    let s = Setup::new("doh", "127.0.0.1");
    s.dns.set(NAME, Reply::NxDomain);
    s.dns.set("doh.example.test", Reply::Addresses(vec!["127.0.0.1".parse().expect("ip")]));
    let ca = TestCa::new(&s.dir);
    let doh = FakeHttps::start(
        ca.leaf(Leaf::Valid, &["doh.example.test"]),
        Behavior::Doh(vec!["127.0.0.1".parse().expect("ip")]),
    );
    let site = FakeHttp::start(Behavior::ok("found by DoH"));
    let doh_url = doh.url("doh.example.test", "/dns-query");
    let config = s.config(&Extra {
        doh: vec![doh_url.clone()],
        extra_ca: Some(ca.pem_path.clone()),
        vantage: None,
        status: None,
    });
    let (_, doc, _) = app::check_json(&config, &format!("http://{NAME}:{}/", site.addr.port()), &[]);
    let d = one(&doc, "dns.doh");
    assert_eq!(d["subject"], doh_url);
    assert_eq!(d["detail"]["answers"], serde_json::json!(["127.0.0.1"]), "{d:#}");
    assert_eq!(d["detail"]["server"], doh.addr.to_string());
    assert_eq!(one(&doc, "dns.system")["detail"]["error"], "nxdomain");
    assert_eq!(one(&doc, "site.connection")["detail"]["status_code"], 200, "DoH's address was tried");
    let seen = doh.seen.lock().map(|s| s.clone()).unwrap_or_default();
    assert!(seen.len() == 2 && seen.iter().all(|l| l.starts_with("GET /dns-query?dns=")), "{seen:?}");
}

#[test]
fn a_redirect_to_another_host_is_followed_and_recorded() {
    let s = Setup::new("redirect", "127.0.0.1");
    s.dns.set("www.example.test", Reply::Addresses(vec!["127.0.0.1".parse().expect("ip")]));
    let end = FakeHttp::start(Behavior::ok("final page"));
    let to = format!("http://www.example.test:{}/home", end.addr.port());
    let start = FakeHttp::start(Behavior::RedirectTo(to.clone()));
    let (_, doc, _) =
        app::check_json(&s.config(&Extra::default()), &format!("http://{NAME}:{}/", start.addr.port()), &[]);
    let c = one(&doc, "site.connection");
    assert_eq!((c["status"].as_str(), c["detail"]["status_code"].as_u64()), (Some("pass"), Some(301)), "{c:#}");
    let hops = c["detail"]["redirects"].as_array().expect("hops");
    assert_eq!(hops.len(), 1, "{c:#}");
    assert_eq!((hops[0]["url"].as_str(), hops[0]["status_code"].as_u64()), (Some(to.as_str()), Some(200)));
    assert_eq!(hops[0]["address"], end.addr.to_string());
}
