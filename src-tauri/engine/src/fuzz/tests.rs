//! Bounded fuzzing with structured generators: the parts of a URL a person pastes, DNS replies
//! built right and then damaged, HTTP heads with every odd line, and JSON in the vantage services'
//! shapes. `FUZZ_CASES` sets the cases per property: a few hundred in `make test` (seconds, so
//! these cannot rot), hundreds of thousands in `make fuzz`. Any crash found becomes a plain
//! regression test in `regressions.rs`.

use hickory_proto::op::{Message, MessageType, OpCode, Query, ResponseCode};
use hickory_proto::rr::rdata::{A, AAAA, CNAME};
use hickory_proto::rr::{Name, RData, Record, RecordType};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};
use serde_json::{Value, json};

/// Cases per property: `FUZZ_CASES` or a small default that keeps `make test` quick.
pub(super) fn config(default: u32) -> Config {
    let cases = std::env::var("FUZZ_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(default);
    // No persistence file in the source tree: a failure prints its input, which becomes a test.
    Config { cases, failure_persistence: Some(Box::new(FileFailurePersistence::Off)), ..Config::default() }
}

/// Characters that are each a known trap for URL and IDNA handling.
const ODD: &[&str] = &[
    "\u{0}",
    "\t",
    "\n",
    "\r",
    "\u{7f}",
    "\u{85}",
    "\u{a0}",
    "\u{200b}",
    "\u{200d}",
    "\u{202e}",
    "\u{feff}",
    "\u{3002}",
    "\u{ff0e}",
    "\u{ff1a}",
    "\u{ff0f}",
    "ß",
    "ς",
    "İ",
    "ﬀ",
    "\u{301}",
    "\u{e000}",
    "\u{10ffff}",
    "\u{fffd}",
    "😀",
    "xn--",
    "xn--zz",
    "%",
    "%0",
    "%zz",
    "%00",
    "%2e",
    "%2F",
    "%40",
    "%25",
    "%5B",
    "@",
    ":",
    "[",
    "]",
    "\\",
    "/",
    "?",
    "#",
    "..",
    ".",
    "'",
    "\"",
    "<",
    ">",
    " ",
];

fn odd() -> impl Strategy<Value = String> {
    prop::sample::select(ODD).prop_map(str::to_owned)
}

fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9-]{1,12}",
        "[a-z]{60,70}",
        "xn--[a-z0-9-]{0,12}",
        "[a-zäöüßçñ\u{4e00}-\u{4e10}\u{0600}-\u{0610}-]{1,8}",
        odd(),
        any::<String>().prop_map(|s| s.chars().take(8).collect()),
    ]
}

fn host() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::collection::vec(label(), 1..6).prop_map(|l| l.join(".")),
        1 => prop::collection::vec("[a-z]{1,3}", 120..140).prop_map(|l| l.join(".")),
        1 => any::<[u8; 4]>().prop_map(|b| format!("{}.{}.{}.{}", b[0], b[1], b[2], b[3])),
        1 => prop::sample::select(&["0x7f.1", "127.1", "4294967296", "0300.0250.0.1", "1.2.3.4.5", "256.0.0.1", "0x"][..])
            .prop_map(str::to_owned),
        1 => any::<[u16; 8]>().prop_map(|s| format!("[{}]", std::net::Ipv6Addr::from(s))),
        1 => prop::sample::select(&[
            "[fe80::1%25eth0]", "[fe80::1%eth0]", "[fe80::1%]", "[::1]", "[::]", "[2001:db8::1]",
            "[::ffff:198.51.100.1]", "[2001:db8::1", "2001:db8::1", "[]", "[v1.x]", "[:::]",
        ][..]).prop_map(str::to_owned),
    ]
}

fn userinfo() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-z]{1,6}@",
        "[a-z]{1,6}:[a-z0-9%]{0,8}@",
        "[a-z]{1,4}@[a-z]{1,4}@",
        (odd(), odd()).prop_map(|(a, b)| format!("{a}:{b}@")),
    ]
}

fn port() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just(String::new()),
        1 => any::<u16>().prop_map(|p| format!(":{p}")),
        1 => prop::sample::select(&[":", ":0", ":65536", ":-1", ":99999999999999999999", ":80a", ": 80", ":0x50"][..])
            .prop_map(str::to_owned),
    ]
}

fn rest() -> impl Strategy<Value = String> {
    prop::collection::vec(prop_oneof!["[/?#=&a-z0-9]{0,6}", odd()], 0..6).prop_map(|p| p.concat())
}

/// A URL with every odd part, wrapped as a chat or a document would bring it.
fn url_like() -> impl Strategy<Value = String> {
    let scheme = prop::sample::select(
        &[
            "",
            "",
            "http://",
            "https://",
            "HTTPS://",
            "hTtP:",
            "//",
            "javascript:",
            "file:///",
            "ftp://",
            "ws://",
            "http:\\\\",
        ][..],
    );
    let wrap = prop::sample::select(
        &[("", ""), (" ", "\n"), ("<", ">"), ("\"", "\""), ("'", "'"), ("(", ")"), ("`", "`")][..],
    );
    (scheme, userinfo(), host(), port(), rest(), wrap)
        .prop_map(|(s, u, h, p, r, (a, b))| format!("{a}{s}{u}{h}{p}{r}{b}"))
}

/// `s` with control characters or odd code points put in at chosen places.
fn with_inserts(s: String, at: Vec<(usize, String)>) -> String {
    let mut chars: Vec<String> = s.chars().map(String::from).collect();
    for (i, c) in at {
        let i = i % (chars.len() + 1);
        chars.insert(i, c);
    }
    chars.concat()
}

/// 64 KB and more: the length checks come before any parsing.
fn huge() -> impl Strategy<Value = String> {
    (url_like(), 60_000usize..70_000, "[a-z%./@:]").prop_map(|(u, n, c)| {
        let mut s = u;
        while s.len() < n {
            s.push_str(&c);
        }
        s
    })
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn target_structured(u in url_like(), at in prop::collection::vec((any::<usize>(), prop_oneof![odd(), "[\\x00-\\x1f]"]), 0..3)) {
        super::target(with_inserts(u, at).as_bytes());
    }

    #[test]
    fn target_bytes(b in prop::collection::vec(any::<u8>(), 0..300)) {
        super::target(&b);
    }

    #[test]
    fn target_unicode(s in any::<String>()) {
        super::target(s.as_bytes());
    }
}

proptest! {
    #![proptest_config(config(20))]

    #[test]
    fn target_huge(s in huge()) {
        super::target(s.as_bytes());
    }
}

/// A well-formed reply to `name`, so damage lands deep inside rather than at the header.
fn reply(name: &str, code: u16, records: &[(u8, [u8; 16])]) -> Vec<u8> {
    let Ok(name) = Name::from_ascii(format!("{name}.")) else { return Vec::new() };
    let mut m = Message::new(7, MessageType::Response, OpCode::Query);
    m.metadata.response_code = ResponseCode::from(0, (code % 24) as u8);
    m.add_query(Query::query(name.clone(), RecordType::A));
    for (kind, b) in records {
        let data = match kind % 3 {
            0 => RData::A(A::new(b[0], b[1], b[2], b[3])),
            1 => RData::AAAA(AAAA::from(std::net::Ipv6Addr::from(*b))),
            _ => RData::CNAME(CNAME(name.clone())),
        };
        m.add_answer(Record::from_rdata(name.clone(), 60, data));
    }
    m.to_vec().unwrap_or_default()
}

/// Damage: bytes flipped, the reply cut short or lengthened, a compression pointer aimed anywhere.
fn damaged() -> impl Strategy<Value = Vec<u8>> {
    let records = prop::collection::vec((any::<u8>(), any::<[u8; 16]>()), 0..12);
    let flips = prop::collection::vec((any::<usize>(), any::<u8>()), 0..6);
    ("[a-z]{1,10}(\\.[a-z]{1,10}){0,3}", any::<u16>(), records, flips, any::<Option<usize>>(), any::<Option<u16>>())
        .prop_map(|(name, code, records, flips, cut, pointer)| {
            let mut b = reply(&name, code, &records);
            if b.is_empty() {
                return b;
            }
            for (i, v) in flips {
                let i = i % b.len();
                b[i] ^= v;
            }
            if let Some(p) = pointer {
                // 0xC0 0xXX: a name that points elsewhere, possibly to itself (a loop).
                let at = (p as usize) % b.len();
                b.splice(at..at, [0xC0 | (p >> 8) as u8 & 0x3F, p as u8]);
            }
            if let Some(c) = cut {
                b.truncate(c % (b.len() + 1));
            }
            b
        })
}

proptest! {
    #![proptest_config(config(500))]

    #[test]
    fn dns_damaged(b in damaged()) {
        super::dns_answer(&b);
    }

    #[test]
    fn dns_bytes(b in prop::collection::vec(any::<u8>(), 0..600)) {
        super::dns_answer(&b);
    }
}

/// One header line with an odd name, value or ending.
fn header_line() -> impl Strategy<Value = String> {
    let name = prop_oneof![
        prop::sample::select(
            &[
                "Location",
                "Server",
                "Content-Length",
                "Transfer-Encoding",
                "Via",
                "Date",
                "Retry-After",
                "cf-ray",
                "Connection"
            ][..]
        )
        .prop_map(str::to_owned),
        "[A-Za-z-]{1,20}",
        "[\\x00-\\x7f]{0,6}",
    ];
    let value = prop_oneof![
        "[ -~]{0,40}",
        "[a-z]{300,400}",
        Just("chunked".to_owned()),
        any::<u64>().prop_map(|n| n.to_string()),
        Just("-1".to_owned()),
        any::<String>(),
        (0usize..3000).prop_map(|n| format!("https://{}/", "a".repeat(n))),
    ];
    let end = prop::sample::select(&["\r\n", "\n", "\r", "\r\n ", "\r\n\t"][..]);
    (name, prop::sample::select(&[": ", ":", " : ", ""][..]), value, end)
        .prop_map(|(n, s, v, e)| format!("{n}{s}{v}{e}"))
}

/// A response head with every odd line, then a body that may or may not match what it claims.
fn http_answer() -> impl Strategy<Value = Vec<u8>> {
    let status = prop_oneof![
        (any::<u16>(), "[ -~]{0,20}").prop_map(|(c, r)| format!("HTTP/1.1 {c} {r}\r\n")),
        prop::sample::select(
            &[
                "HTTP/1.0 200 OK\r\n",
                "HTTP/2 200\r\n",
                "HTTP/1.1 200\r\n",
                "HTTP/1.1 1000 X\r\n",
                "ICY 200 OK\r\n",
                "HTTP/1.1 099\r\n",
                "\r\n",
                "HTTP/1.1 301 Moved\n"
            ][..]
        )
        .prop_map(str::to_owned),
    ];
    let headers = prop_oneof![
        8 => prop::collection::vec(header_line(), 0..12),
        1 => prop::collection::vec(header_line(), 190..230),
    ];
    let body = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..200),
        Just(b"5\r\nhello\r\n0\r\n\r\n".to_vec()),
        Just(b"fffffffffffffffff\r\n".to_vec()),
        (1usize..70_000).prop_map(|n| vec![b'x'; n]),
    ];
    (status, headers, prop::sample::select(&["\r\n", "\n", ""][..]), body).prop_map(|(s, h, end, b)| {
        let mut out = format!("{s}{}{end}", h.concat()).into_bytes();
        out.extend(b);
        out
    })
}

proptest! {
    #![proptest_config(config(200))]

    #[test]
    fn http_structured(b in http_answer()) {
        super::http_head(&b);
    }

    #[test]
    fn http_bytes(b in prop::collection::vec(any::<u8>(), 0..400)) {
        super::http_head(&b);
    }
}

/// Any JSON, shallow enough to stay quick.
pub(super) fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        any::<String>().prop_map(Value::from),
        prop::sample::select(&["in-progress", "finished", "failed", "200", "99999", "-1", "1e400", "\n\n"][..])
            .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-zA-Z0-9]{0,12}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// The services' own shapes with any value in any slot.
fn vantage_shaped() -> impl Strategy<Value = Value> {
    let globalping = prop::collection::vec((any_json(), any_json(), any_json(), any_json()), 0..60).prop_map(|items| {
        let results: Vec<Value> = items
            .into_iter()
            .map(|(probe, status, code, extra)| {
                json!({"probe": probe, "result": {"status": status, "statusCode": code, "rawOutput": extra,
                       "timings": {"total": extra}, "tls": {"authorized": code, "fingerprint256": status}}})
            })
            .collect();
        json!({"status": "finished", "results": results})
    });
    let check_host =
        prop::collection::vec(("[a-z0-9.]{0,10}", prop::collection::vec(any_json(), 0..6), any_json()), 0..60)
            .prop_map(|rows| {
                let nodes: serde_json::Map<String, Value> =
                    rows.iter().map(|(n, _, info)| (n.clone(), info.clone())).collect();
                let results: serde_json::Map<String, Value> =
                    rows.into_iter().map(|(n, row, _)| (n, json!([row]))).collect();
                json!([nodes, results])
            });
    prop_oneof![globalping, check_host, any_json()]
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn vantage_structured(v in vantage_shaped()) {
        super::vantage_json(v.to_string().as_bytes());
    }

    #[test]
    fn vantage_bytes(b in prop::collection::vec(any::<u8>(), 0..300)) {
        super::vantage_json(&b);
    }

    #[test]
    fn certificate_bytes(b in prop::collection::vec(any::<u8>(), 0..600)) {
        super::certificate(&b);
    }
}
