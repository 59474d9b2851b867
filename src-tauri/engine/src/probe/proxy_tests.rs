use std::collections::HashMap;

use super::*;

fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    move |k: &str| map.get(k).cloned()
}

fn target(s: &str) -> Target {
    Target::parse(s).expect("target")
}

#[test]
fn https_targets_use_https_proxy_and_http_targets_http_proxy() {
    let e = env(&[("https_proxy", "http://proxy.corp:3128"), ("http_proxy", "http://other:8080")]);
    match choose(&target("https://shop.example.com/"), &e, None) {
        Choice::Via(v) => assert_eq!((v.source.as_str(), v.url.port()), ("https_proxy", Some(3128))),
        other => panic!("{other:?}"),
    }
    match choose(&target("http://shop.example.com/"), &e, None) {
        Choice::Via(v) => assert_eq!((v.source.as_str(), v.url.host_str()), ("http_proxy", Some("other"))),
        other => panic!("{other:?}"),
    }
    assert!(matches!(choose(&target("https://shop.example.com/"), &env(&[]), None), Choice::Direct));
}

#[test]
fn a_proxy_without_scheme_is_http_and_socks_is_skipped() {
    match choose(&target("example.com"), &env(&[("HTTPS_PROXY", "127.0.0.1:3128")]), None) {
        Choice::Via(v) => assert_eq!(v.url.as_str(), "http://127.0.0.1:3128/"),
        other => panic!("{other:?}"),
    }
    match choose(&target("example.com"), &env(&[("all_proxy", "socks5://127.0.0.1:1080")]), None) {
        Choice::Skip(c) => assert!(c.detail.message.as_deref().is_some_and(|m| m.contains("socks5"))),
        other => panic!("{other:?}"),
    }
}

#[test]
fn no_proxy_sends_matching_hosts_around_the_proxy() {
    let e = env(&[("https_proxy", "http://proxy:3128"), ("no_proxy", "localhost,.corp.example, 10.0.0.0/8")]);
    match choose(&target("https://intranet.corp.example/"), &e, None) {
        Choice::Bypass(why) => assert!(why.starts_with("no_proxy=") && why.contains("intranet.corp.example"), "{why}"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(choose(&target("https://shop.example.com/"), &e, None), Choice::Via(_)));
}

#[test]
fn no_proxy_entries_match_like_curl() {
    assert!(bypassed("*", "anything.example", 443));
    assert!(bypassed("example.com", "example.com", 443));
    assert!(bypassed("example.com", "www.example.com", 443));
    assert!(bypassed(".example.com", "www.example.com", 443));
    assert!(bypassed("*.example.com", "www.example.com", 443));
    assert!(!bypassed("example.com", "notexample.com", 443));
    assert!(bypassed("example.com:8443", "example.com", 8443));
    assert!(!bypassed("example.com:8443", "example.com", 443));
    assert!(bypassed("192.168.0.0/16", "192.168.4.2", 80));
    assert!(!bypassed("192.168.0.0/16", "192.169.4.2", 80));
    assert!(bypassed("::1", "::1", 80));
    assert!(bypassed("[::1]:8080", "::1", 8080));
    assert!(bypassed("fd00::/8", "fd12::1", 80));
    assert!(!bypassed("", "example.com", 80));
}

#[test]
fn proxy_credentials_become_basic_auth_and_are_never_shown() {
    let via = Via { source: "https_proxy".into(), url: url::Url::parse("http://bob:p%40ss@proxy:3128").expect("url") };
    assert_eq!(authorization(&via.url).as_deref(), Some("Basic Ym9iOnBAc3M="));
    assert_eq!(via.shown(), "http://proxy:3128/");
}

fn gnome(setting: OsProxySetting) -> OsProxyInput {
    OsProxyInput { source: "GNOME settings".into(), setting }
}

fn manual(bypass: &[&str]) -> OsProxyInput {
    let server = |port| Some(crate::os_proxy::ProxyServer { host: "198.51.100.8".into(), port });
    gnome(OsProxySetting::Manual {
        http: server(8080),
        https: server(3128),
        bypass: bypass.iter().map(|s| (*s).to_owned()).collect(),
    })
}

#[test]
fn the_os_proxy_is_used_when_no_variable_names_one() {
    let os = manual(&[]);
    match choose(&target("https://shop.example.com/"), &env(&[]), Some(&os)) {
        Choice::Via(v) => {
            assert_eq!((v.source.as_str(), v.url.as_str()), ("GNOME settings", "http://198.51.100.8:3128/"))
        }
        other => panic!("{other:?}"),
    }
    match choose(&target("http://shop.example.com/"), &env(&[]), Some(&os)) {
        Choice::Via(v) => assert_eq!(v.url.port(), Some(8080)),
        other => panic!("{other:?}"),
    }
    // A variable wins, as in curl.
    let e = env(&[("https_proxy", "http://203.0.113.5:3128")]);
    match choose(&target("https://shop.example.com/"), &e, Some(&os)) {
        Choice::Via(v) => assert_eq!(v.source, "https_proxy"),
        other => panic!("{other:?}"),
    }
    // Only an http proxy typed in: https sites go direct.
    let http_only = gnome(OsProxySetting::Manual {
        http: Some(crate::os_proxy::ProxyServer { host: "198.51.100.8".into(), port: 8080 }),
        https: None,
        bypass: vec![],
    });
    assert!(matches!(choose(&target("https://shop.example.com/"), &env(&[]), Some(&http_only)), Choice::Direct));
}

#[test]
fn os_exceptions_and_pac_files() {
    let os = manual(&["localhost", "127.0.0.0/8", "*.corp.example", "<local>"]);
    for site in ["https://127.0.0.1:8443/", "https://intranet.corp.example/", "http://printer/"] {
        match choose(&target(site), &env(&[]), Some(&os)) {
            Choice::Bypass(why) => assert!(why.contains("GNOME settings"), "{why}"),
            other => panic!("{site}: {other:?}"),
        }
    }
    assert!(matches!(choose(&target("https://shop.example.com/"), &env(&[]), Some(&os)), Choice::Via(_)));
    let pac = gnome(OsProxySetting::Pac { url: "http://203.0.113.9/proxy.pac".into() });
    match choose(&target("https://shop.example.com/"), &env(&[]), Some(&pac)) {
        Choice::Skip(c) => {
            assert_eq!(c.status, Status::Skipped);
            assert_eq!(c.detail.url.as_deref(), Some("http://203.0.113.9/proxy.pac"));
            assert_eq!(c.detail.variable.as_deref(), Some("GNOME settings"));
            assert!(c.detail.message.as_deref().is_some_and(|m| m.contains("does not run PAC files")));
        }
        other => panic!("{other:?}"),
    }
}
