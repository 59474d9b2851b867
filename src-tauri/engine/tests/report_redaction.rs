//! Redaction, proved: whatever a diagnosis holds, wherever in it (any free-text field, header
//! names, the commands a fix ran), none of the user's addresses, MAC addresses, host name, user
//! name, home folder or the URL's query reaches the report, in any format.

use std::net::Ipv6Addr;

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::Value;
use site_doctor_engine::report::render_with;
use site_doctor_engine::{
    ActionKind, ActionNote, ActionOutcome, Diagnosis, Machine, NextStep, ReportFormat, ReportRequest, StepResult,
    TriedStep,
};

#[derive(Debug, Clone)]
struct Secrets {
    v4: String,
    v6: String,
    mac: String,
    hostname: String,
    username: String,
    query: String,
}

impl Secrets {
    fn all(&self) -> Vec<String> {
        vec![
            self.v4.clone(),
            self.v6.clone(),
            self.mac.clone(),
            self.mac.replace(':', "-"),
            self.hostname.clone(),
            self.username.clone(),
            self.query.clone(),
        ]
    }
}

fn secrets() -> impl Strategy<Value = Secrets> {
    (
        (11u8..=99, any::<u8>(), any::<u8>(), 1u8..=254),
        (1u16.., 1u16..),
        any::<[u8; 6]>(),
        "[a-z]{4,8}-(pc|box|laptop)[0-9]{0,2}",
        "[a-z]{4,8}[0-9]{2}",
        "[a-z0-9]{10,16}",
    )
        .prop_map(|((a, b, c, d), (x, y), m, hostname, username, query)| Secrets {
            v4: format!("{a}.{b}.{c}.{d}"),
            v6: Ipv6Addr::new(0x2001, 0xdb8, x, 0, 0, 0, 0, y).to_string(),
            mac: m.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(":"),
            hostname,
            username,
            query,
        })
}

/// One secret put somewhere: which string field, which secret, how it is written, what is
/// around it.
#[derive(Debug, Clone)]
struct Placement {
    field: Index,
    secret: usize,
    shape: usize,
    before: String,
    after: String,
    sep: (usize, usize),
}

const SEPARATORS: &[&str] = &[" ", ", ", "(", ")", "\"", "'", "\n", "\t", "=", "/", ";", "<", ">", " at ", ": "];

fn placements() -> impl Strategy<Value = Vec<Placement>> {
    let one =
        (any::<Index>(), 0usize..8, 0usize..3, "\\PC{0,12}", "\\PC{0,12}", (0..SEPARATORS.len(), 0..SEPARATORS.len()))
            .prop_map(|(field, secret, shape, before, after, sep)| Placement {
                field,
                secret,
                shape,
                before,
                after,
                sep,
            });
    prop::collection::vec(one, 1..24)
}

/// How a secret may be written where it appears.
fn shaped(s: &Secrets, which: usize, shape: usize) -> String {
    match (which, shape) {
        (0, 1) => format!("{}:443", s.v4),
        (0, 2) => format!("{}/24", s.v4),
        (1, 1) => format!("[{}]:443", s.v6.to_uppercase()),
        (1, 2) => format!("{}%eth0", s.v6),
        (2, 1) => s.mac.to_uppercase(),
        (2, 2) => s.mac.replace(':', "-"),
        (3, 1) => format!("{}.local", s.hostname.to_uppercase()),
        (4, 1) => format!("/home/{}/.config", s.username),
        (4, 2) => format!("C:\\Users\\{}\\AppData", s.username),
        (5, 1) => format!("https://shop.example.com/cart?token={}", s.query),
        (5, 2) => format!("token={}", s.query),
        (6, _) => format!("https://{}:pw@proxy.example:8080/?token={}", s.username, s.query),
        (7, _) => format!("{} on {}", s.v4, s.hostname),
        (i, _) => s.all().get(i).cloned().unwrap_or_default(),
    }
}

fn base(s: &Secrets) -> Diagnosis {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/reports/origin_502.json");
    let req: ReportRequest = serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("request");
    let mut d = req.diagnosis;
    d.target.input = format!("shop.example.com/cart?token={}", s.query);
    d.target.url = format!("https://shop.example.com/cart?token={}", s.query);
    for c in &mut d.checks {
        for i in c.detail.interfaces.iter_mut().flatten().filter(|i| i.name != "lo") {
            i.addresses = vec![format!("{}/24", s.v4), format!("{}/64", s.v6)];
        }
        for r in c.detail.routes.iter_mut().flatten() {
            r.source = Some(s.v4.clone());
        }
    }
    d
}

/// Paths of the string leaves a secret may be written into: all but the target and this
/// computer's own addresses (which is where the redactor learns them).
fn free_leaves(v: &Value, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match v {
        Value::String(_) => {
            let joined = path.join(".");
            let fixed = joined.starts_with("target.") || joined.contains(".interfaces.") || joined.ends_with(".source");
            if !fixed {
                out.push(path.clone());
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(i.to_string());
                free_leaves(item, path, out);
                path.pop();
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                path.push(k.clone());
                free_leaves(item, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn leaf<'a>(v: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    path.iter().try_fold(v, |v, k| match v {
        Value::Array(items) => items.get_mut(k.parse::<usize>().ok()?),
        Value::Object(map) => map.get_mut(k),
        _ => None,
    })
}

fn machine(s: &Secrets) -> Machine {
    Machine {
        os: "Linux".into(),
        app_version: "0.1.0".into(),
        hostname: Some(s.hostname.clone()),
        username: Some(s.username.clone()),
        home: Some(format!("/home/{}", s.username)),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    #[test]
    fn no_redacted_value_reaches_any_format(s in secrets(), places in placements()) {
        let d = base(&s);
        let mut v = serde_json::to_value(&d).expect("serializes");
        // Only fields that hold free text: a code (`just_you`) would no longer read back.
        let mut leaves = Vec::new();
        free_leaves(&v, &mut Vec::new(), &mut leaves);
        let codes: Vec<Vec<String>> = leaves
            .iter()
            .filter(|p| {
                let mut probe = v.clone();
                if let Some(l) = leaf(&mut probe, p) {
                    *l = Value::String("free text".into());
                }
                serde_json::from_value::<Diagnosis>(probe).is_err()
            })
            .cloned()
            .collect();
        leaves.retain(|p| !codes.contains(p));
        let mut ran = Vec::new();
        for p in &places {
            let text = format!(
                "{}{}{}{}{}",
                p.before,
                SEPARATORS[p.sep.0],
                shaped(&s, p.secret, p.shape),
                SEPARATORS[p.sep.1],
                p.after
            );
            let path = p.field.get(&leaves);
            if let Some(Value::String(l)) = leaf(&mut v, path) {
                *l = text.clone();
            }
            ran.push(text);
        }
        let mut d: Diagnosis = serde_json::from_value(v).expect("still a diagnosis");
        if let Some(c) = d.checks.iter_mut().find(|c| c.detail.headers.is_some()) {
            let headers = c.detail.headers.get_or_insert_default();
            headers.insert(format!("x-{}", s.hostname), s.v4.clone());
        }
        let tried = vec![TriedStep {
            step: NextStep::FlushDns,
            before: StepResult::of(&d),
            after: Some(StepResult::of(&d)),
            actions: vec![ActionNote {
                kind: ActionKind::FlushDns,
                outcome: ActionOutcome::Failed,
                ran: ran.clone(),
                detail: ran.first().cloned(),
            }],
        }];
        for format in [ReportFormat::Text, ReportFormat::Markdown, ReportFormat::Json] {
            let req = ReportRequest { tried: tried.clone(), format, ..ReportRequest::new(d.clone()) };
            let out = render_with(&req, &machine(&s)).to_lowercase();
            for secret in s.all() {
                prop_assert!(!out.contains(&secret.to_lowercase()), "{secret:?} in {format:?}:\n{out}");
            }
        }
    }
}
