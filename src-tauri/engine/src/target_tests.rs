use super::*;
use proptest::prelude::*;

fn url(input: &str) -> String {
    Target::parse(input).map(|t| t.url.to_string()).unwrap_or_else(|e| format!("{e:?}"))
}

#[test]
fn plain_names_default_to_https() {
    assert_eq!(url("example.com"), "https://example.com/");
    assert_eq!(url("  \"example.com\"  "), "https://example.com/");
    assert_eq!(url("www.example.com/path?q=1"), "https://www.example.com/path?q=1");
    assert_eq!(url("Example.COM."), "https://example.com/");
    assert_eq!(url("<https://example.com/>"), "https://example.com/");
}

#[test]
fn ports_and_ip_literals_are_kept() {
    let t = Target::parse("https://example.com:8443/").expect("valid");
    assert_eq!((t.host_str(), t.port), ("example.com".into(), 8443));
    let t = Target::parse("http://[2001:db8::1]/").expect("valid");
    assert_eq!((t.host, t.port), (Host::Ip("2001:db8::1".parse().expect("ip")), 80));
    let t = Target::parse("2001:db8::1").expect("valid");
    assert_eq!(t.url.as_str(), "https://[2001:db8::1]/");
    let t = Target::parse("127.0.0.1:8080").expect("valid");
    assert_eq!((t.host_str(), t.port), ("127.0.0.1".into(), 8080));
    assert_eq!(Target::parse("localhost:8080").expect("valid").port, 8080);
}

#[test]
fn idn_becomes_punycode() {
    let t = Target::parse("bücher.example").expect("valid");
    assert_eq!(t.host_str(), "xn--bcher-kva.example");
}

#[test]
fn userinfo_is_never_kept() {
    let t = Target::parse("https://user:secret@example.com/x#frag").expect("valid");
    assert_eq!(t.url.as_str(), "https://example.com/x");
    assert_eq!(t.input, "https://user:secret@example.com/x#frag");
}

#[test]
fn what_cannot_name_a_website_gets_a_reason() {
    assert_eq!(Target::parse(""), Err(BadInput::Empty));
    assert_eq!(Target::parse("  \"\" "), Err(BadInput::Empty));
    assert_eq!(Target::parse("javascript:alert(1)"), Err(BadInput::UnsupportedScheme));
    assert_eq!(Target::parse("file:///etc/passwd"), Err(BadInput::UnsupportedScheme));
    assert_eq!(Target::parse("ftp://example.com"), Err(BadInput::UnsupportedScheme));
    assert_eq!(Target::parse("mailto:a@example.com"), Err(BadInput::UnsupportedScheme));
    assert_eq!(Target::parse("my bank site"), Err(BadInput::HasSpaces));
    assert_eq!(Target::parse(&"x".repeat(2001 + 100)), Err(BadInput::TooLong));
    assert_eq!(Target::parse("example.com:0"), Err(BadInput::InvalidPort));
    assert_eq!(Target::parse("example.com:99999"), Err(BadInput::InvalidPort));
    assert_eq!(Target::parse("exa$mple.com"), Err(BadInput::InvalidHost));
    assert_eq!(Target::parse("https://"), Err(BadInput::InvalidHost));
    // No host between the slashes: not `path-only`, the first word of the path.
    assert_eq!(Target::parse("https:///path-only"), Err(BadInput::InvalidHost));
    assert_eq!(Target::parse("http:///"), Err(BadInput::InvalidHost));
    assert_eq!(Target::parse("https://\\path-only"), Err(BadInput::InvalidHost));
}

#[test]
fn every_reason_reads_as_one_sentence() {
    for r in [
        BadInput::Empty,
        BadInput::TooLong,
        BadInput::UnsupportedScheme,
        BadInput::HasSpaces,
        BadInput::InvalidHost,
        BadInput::InvalidPort,
        BadInput::InvalidUrl,
    ] {
        let s = r.to_string();
        assert!(s.ends_with('.') && s.chars().next().is_some_and(char::is_uppercase), "{s}");
    }
}

proptest! {
    #[test]
    fn never_panics(s in "\\PC{0,300}") {
        let _ = Target::parse(&s);
    }

    #[test]
    fn normalizing_twice_changes_nothing(s in "[a-zA-Z0-9.:/\\[\\]@?#%_ -]{0,60}") {
        if let Ok(t) = Target::parse(&s) {
            let again = Target::parse(t.url.as_str()).expect("a normalized URL parses");
            prop_assert_eq!(again.url, t.url);
            prop_assert_eq!(again.port, t.port);
        }
    }

    #[test]
    fn urlish_inputs_roundtrip(host in "[a-z]{1,10}(\\.[a-z]{1,10}){1,3}", port in 1u16.., path in "(/[a-z0-9]{0,8}){0,3}") {
        let t = Target::parse(&format!("{host}:{port}{path}")).expect("valid");
        prop_assert_eq!(t.host_str(), host);
        prop_assert_eq!(t.port, port);
    }
}
