//! What the fuzzers found, kept as plain tests so it stays fixed, and inputs close to trouble.

/// Inputs that once were, or are close to, trouble; kept so they stay fixed.
#[test]
fn known_edges() {
    for s in ["http://[fe80::1%25eth0]/", "user:pa@ss@example.com", "xn--", "http://xn--zz.test", "。", "https://:443"]
    {
        super::target(s.as_bytes());
    }
    // Found by fuzzing (FUZZ_CASES=20000 and cargo fuzz): trailing dots made these names until
    // the URL read them as IPv4 addresses; the host now agrees with the URL.
    for (s, ip) in [("a@a@0.0.0.0..", "0.0.0.0"), ("11..", "0.0.0.11"), ("180.31.129.163..", "180.31.129.163")] {
        super::target(s.as_bytes());
        let t = crate::target::Target::parse(s).expect(s);
        assert_eq!(t.host, crate::target::Host::Ip(ip.parse().expect("ip")), "{s}");
    }
    // Found by cargo fuzz: 300 characters that percent-encode to 2.7 KB were accepted, and their
    // URL then no longer read back (too long). Now too long from the start.
    let wide = format!("0.0.0.3/{}", "\u{fffd}".repeat(300));
    assert_eq!(crate::target::Target::parse(&wide).err(), Some(crate::target::BadInput::TooLong));
    super::target(wide.as_bytes());
    super::dns_answer(&[0; 12]);
    super::http_head(b"HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n");
    super::vantage_json(br#"{"results":[{"result":{"status":"x","statusCode":70000}}]}"#);
}
