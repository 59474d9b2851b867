//! Hiding what identifies the user before a report or a diagnosis leaves the app. Every string of
//! the diagnosis goes through one [`Redactor`], so a new field cannot slip past it.
//!
//! What counts as the user's own address: the addresses of this computer's network adapters and
//! the source addresses of its routes, as the run found them (`environment.interfaces`,
//! `environment.route`), except loopback and any address the site itself has (what its name
//! resolved to, or the IP address typed): a site on this very computer stays readable. The
//! site's, the resolvers' and the router's addresses are not the user's and stay, since a help
//! desk needs them. The engine has no "your public IP" evidence today; a public address of this
//! computer shows up as an adapter address (no NAT) and is hidden as one.

use std::collections::HashSet;
use std::net::IpAddr;

use serde_json::Value;

use super::{Machine, Redaction, TriedStep};
use crate::check_id::{CheckId, InterfaceKind, IpFamily};
use crate::diagnosis::{Confidence, Culprit, Diagnosis, NextStep, Verdict};
use crate::finding::{ErrorClass, Status};

/// A query or fragment this long is hidden wherever it appears; a shorter one only after its
/// `?` or `#` (it carries little, and as a bare string it would match ordinary words).
const LONG_ENOUGH: usize = 6;

/// The diagnosis with this computer's details hidden, e.g. for saving it as JSON.
pub fn redact_diagnosis(d: &Diagnosis, redaction: &Redaction) -> Diagnosis {
    redact_diagnosis_with(d, redaction, &Machine::current())
}

/// [`redact_diagnosis`] with the given machine facts.
pub fn redact_diagnosis_with(d: &Diagnosis, redaction: &Redaction, machine: &Machine) -> Diagnosis {
    Redactor::new(d, redaction, machine).diagnosis(d)
}

/// The values to hide and the labels given so far.
pub(super) struct Redactor {
    opts: Redaction,
    /// (address, label), longest first so `10.0.0.12` goes before `10.0.0.1`.
    my_ips: Vec<(String, String)>,
    hostnames: Vec<String>,
    username: Option<String>,
    home: Option<String>,
    query: Vec<String>,
    fragment: Vec<String>,
    macs: Vec<String>,
    codes: HashSet<String>,
}

impl Redactor {
    pub(super) fn new(d: &Diagnosis, opts: &Redaction, machine: &Machine) -> Self {
        let mut query = Vec::new();
        let mut fragment = Vec::new();
        if let Ok(url) = url::Url::parse(&d.target.url) {
            query.extend(url.query().map(str::to_owned));
            fragment.extend(url.fragment().map(str::to_owned));
        }
        // What was typed may spell the query differently from the normalized URL.
        let input = d.target.input.trim();
        let (before_hash, hash) = input.split_once('#').unwrap_or((input, ""));
        fragment.push(hash.to_owned());
        query.push(before_hash.split_once('?').map(|(_, q)| q.to_owned()).unwrap_or_default());
        let longest_first = |mut v: Vec<String>| {
            v.retain(|s| !s.is_empty());
            v.sort_by_key(|s| std::cmp::Reverse(s.len()));
            v.dedup();
            v
        };
        let hostnames: Vec<String> = machine
            .hostname
            .iter()
            .flat_map(|h| [h.clone(), h.split('.').next().unwrap_or_default().to_owned()])
            .filter(|h| h.len() >= 2 && !h.eq_ignore_ascii_case("localhost"))
            .collect();
        let codes = enum_codes();
        Self {
            opts: *opts,
            my_ips: my_addresses(d),
            hostnames: longest_first(hostnames),
            username: machine.username.clone().filter(|u| u.chars().count() >= 2 && !codes.contains(u.as_str())),
            home: machine.home.clone().map(|h| h.trim_end_matches(['/', '\\']).to_owned()).filter(|h| h.len() >= 2),
            query: longest_first(query),
            fragment: longest_first(fragment),
            macs: Vec::new(),
            codes,
        }
    }

    /// The diagnosis with every string redacted, except the engine's own codes (`just_you`,
    /// `dns.system`), which are vocabulary, not data.
    pub(super) fn diagnosis(&mut self, d: &Diagnosis) -> Diagnosis {
        let Ok(mut v) = serde_json::to_value(d) else { return self.fallback(d) };
        self.value(&mut v);
        serde_json::from_value(v).unwrap_or_else(|_| self.fallback(d))
    }

    /// Should the walk ever produce something that no longer reads back (it changes no code, so
    /// it cannot), nothing of the original is kept beyond the verdict.
    fn fallback(&mut self, d: &Diagnosis) -> Diagnosis {
        let mut out = d.clone();
        out.target.input = self.text(&d.target.input);
        out.target.url = self.text(&d.target.url);
        out.target.host = self.text(&d.target.host);
        out.summary = String::new();
        out.evidence = Default::default();
        out.checks.clear();
        out
    }

    fn value(&mut self, v: &mut Value) {
        match v {
            Value::String(s) if !self.codes.contains(s.as_str()) => *s = self.text(s),
            Value::Array(items) => items.iter_mut().for_each(|i| self.value(i)),
            Value::Object(map) => {
                let old = std::mem::take(map);
                for (k, mut item) in old {
                    self.value(&mut item);
                    map.insert(if self.codes.contains(k.as_str()) { k } else { self.text(&k) }, item);
                }
            }
            _ => {}
        }
    }

    /// A tried step with its notes redacted.
    pub(super) fn tried(&mut self, t: &TriedStep) -> TriedStep {
        let mut out = t.clone();
        for a in &mut out.actions {
            a.ran = a.ran.iter().map(|r| self.text(r)).collect();
            a.detail = a.detail.as_deref().map(|d| self.text(d));
        }
        out
    }

    /// One string, redacted.
    pub(super) fn text(&mut self, s: &str) -> String {
        let mut s = s.to_owned();
        if self.opts.url_query {
            s = urls(&s);
            // Wherever the typed query shows up, even outside a URL; a short one (`?a`) only
            // after its `?`, or every `a` in the report would go.
            for (values, mark, label) in [(&self.query, "?", "[query]"), (&self.fragment, "#", "[fragment]")] {
                for v in values {
                    s = if v.chars().count() >= LONG_ENOUGH {
                        s.replace(v.as_str(), label)
                    } else {
                        s.replace(&format!("{mark}{v}"), &format!("{mark}{label}"))
                    };
                }
            }
        }
        if self.opts.my_addresses {
            for (ip, label) in &self.my_ips {
                s = if ip.contains(':') {
                    replace(&s, ip, label, |c| !c.is_ascii_hexdigit() && c != ':', |r| !starts_v6(r))
                } else {
                    replace(&s, ip, label, |c| !c.is_ascii_digit() && c != '.', |r| !starts_v4(r))
                };
            }
        }
        // Whole names only (`alice` leaves `malice` alone), but `-` and `_` end a name: they
        // join it to other words in header names and file names.
        let word = |c: char| !c.is_alphanumeric();
        if self.opts.hostname {
            for h in &self.hostnames {
                s = replace(&s, h, "[hostname]", word, |r| r.chars().next().is_none_or(word));
            }
        }
        if self.opts.username_and_home {
            if let Some(home) = &self.home {
                s = replace(&s, home, "[home]", |_| true, |_| true);
            }
            s = user_folders(&s);
            if let Some(user) = &self.username {
                s = replace(&s, user, "[user]", word, |r| r.chars().next().is_none_or(word));
            }
        }
        if self.opts.mac {
            s = self.mac(&s);
        }
        s
    }

    /// Anything shaped like a MAC address (six pairs of hex digits joined by `:` or `-`).
    fn mac(&mut self, s: &str) -> String {
        let b = s.as_bytes();
        let (mut out, mut last, mut i) = (String::new(), 0, 0);
        while i + 17 <= b.len() {
            let sep = b[i + 2];
            let is_mac = matches!(sep, b':' | b'-')
                && (i == 0 || !b[i - 1].is_ascii_hexdigit())
                && (0..6).all(|g| b[i + 3 * g].is_ascii_hexdigit() && b[i + 3 * g + 1].is_ascii_hexdigit())
                && (0..5).all(|g| b[i + 3 * g + 2] == sep);
            if !is_mac {
                i += 1;
                continue;
            }
            let key = s[i..i + 17].to_ascii_lowercase().replace('-', ":");
            let n = match self.macs.iter().position(|m| *m == key) {
                Some(n) => n,
                None => {
                    self.macs.push(key);
                    self.macs.len() - 1
                }
            };
            out.push_str(&s[last..i]);
            out.push_str(&format!("[mac-{}]", n + 1));
            i += 17;
            last = i;
        }
        out.push_str(&s[last..]);
        out
    }
}

/// Every code the engine writes for its enums, which redaction leaves alone.
fn enum_codes() -> HashSet<String> {
    fn codes<T: serde::Serialize>(all: &[T]) -> Vec<String> {
        all.iter().filter_map(|v| serde_json::to_value(v).ok()?.as_str().map(str::to_owned)).collect()
    }
    let mut out = HashSet::new();
    out.extend(codes(&Verdict::ALL));
    out.extend(codes(&Culprit::ALL));
    out.extend(codes(&NextStep::ALL));
    out.extend(codes(&ErrorClass::ALL));
    out.extend(codes(&CheckId::ALL));
    out.extend(codes(&[Status::Pass, Status::Warn, Status::Fail, Status::Skipped]));
    out.extend(codes(&[Confidence::Confirmed, Confidence::Likely, Confidence::Unsure]));
    out.extend(codes(&[IpFamily::Ipv4, IpFamily::Ipv6]));
    out.extend(codes(&[
        InterfaceKind::Ethernet,
        InterfaceKind::Wifi,
        InterfaceKind::Mobile,
        InterfaceKind::Loopback,
        InterfaceKind::Tunnel,
        InterfaceKind::Ppp,
        InterfaceKind::Other,
    ]));
    out
}

/// This computer's addresses as the run saw them, labelled in the order found.
fn my_addresses(d: &Diagnosis) -> Vec<(String, String)> {
    let parse = |s: &str| -> Option<IpAddr> {
        let s = s.split('/').next()?.split('%').next()?;
        s.trim_matches(['[', ']']).parse().ok()
    };
    let mut site: HashSet<IpAddr> = d.evidence.addresses.iter().filter_map(|a| parse(a)).collect();
    site.extend(parse(&d.target.host));
    site.extend(d.evidence.resolvers.iter().flat_map(|r| &r.answers).filter_map(|a| parse(a)));
    let mut found: Vec<IpAddr> = Vec::new();
    for c in &d.checks {
        let adapters = c.detail.interfaces.iter().flatten().flat_map(|i| &i.addresses);
        let sources = c.detail.routes.iter().flatten().filter_map(|r| r.source.as_ref());
        for ip in adapters.chain(sources).filter_map(|a| parse(a)) {
            if !ip.is_loopback() && !ip.is_unspecified() && !site.contains(&ip) && !found.contains(&ip) {
                found.push(ip);
            }
        }
    }
    let mut out: Vec<(String, String)> =
        found.iter().enumerate().map(|(n, ip)| (ip.to_string(), format!("[my-ip-{}]", n + 1))).collect();
    out.sort_by_key(|(ip, _)| std::cmp::Reverse(ip.len()));
    out
}

/// True when `rest` continues an IPv4 address (`5`, `.7`).
fn starts_v4(rest: &str) -> bool {
    let mut c = rest.chars();
    match c.next() {
        Some(d) if d.is_ascii_digit() => true,
        Some('.') => c.next().is_some_and(|d| d.is_ascii_digit()),
        _ => false,
    }
}

/// True when `rest` continues an IPv6 address (`a`, `:1`, `::`).
fn starts_v6(rest: &str) -> bool {
    let mut c = rest.chars();
    match c.next() {
        Some(d) if d.is_ascii_hexdigit() => true,
        Some(':') => c.next().is_some_and(|d| d.is_ascii_hexdigit() || d == ':'),
        _ => false,
    }
}

/// `needle` replaced by `label` (ASCII case-insensitively) wherever the character before passes
/// `before` and the text after passes `after`, so that `10.0.0.1` leaves `10.0.0.12` alone.
fn replace(s: &str, needle: &str, label: &str, before: impl Fn(char) -> bool, after: impl Fn(&str) -> bool) -> String {
    if needle.is_empty() {
        return s.to_owned();
    }
    let (hay, pin) = (s.to_ascii_lowercase(), needle.to_ascii_lowercase());
    let (mut out, mut last, mut from) = (String::new(), 0, 0);
    // Bounded: `from` moves forward every round.
    while let Some(at) = hay[from..].find(&pin).map(|i| i + from) {
        let end = at + pin.len();
        if s[..at].chars().next_back().is_none_or(&before) && after(&s[end..]) {
            out.push_str(&s[last..at]);
            out.push_str(label);
            last = end;
            from = end;
        } else {
            from = at + s[at..].chars().next().map_or(1, char::len_utf8);
        }
    }
    out.push_str(&s[last..]);
    out
}

/// The user part of home-folder paths of any user: `/home/<x>`, `/Users/<x>`, `C:\Users\<x>`.
fn user_folders(s: &str) -> String {
    let mut out = s.to_owned();
    for (prefix, sep) in [("/home/", '/'), ("/users/", '/'), ("\\users\\", '\\')] {
        let mut from = 0;
        // Bounded: `from` moves past each folder handled.
        while let Some(at) = out.to_ascii_lowercase()[from..].find(prefix).map(|i| i + from) {
            let start = at + prefix.len();
            let len = out[start..].find(|c: char| c == sep || c.is_whitespace() || "\"'`<>".contains(c));
            let end = start + len.unwrap_or(out.len() - start);
            if end > start && !out[start..end].starts_with('[') {
                out.replace_range(start..end, "[user]");
            }
            from = start + 1;
            if from > out.len() {
                break;
            }
        }
    }
    out
}

/// Query strings, fragments and `user:password@` of every URL (`scheme://...`) in `s`.
fn urls(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    // Bounded: each round consumes the text up to and including one `://`.
    while let Some(at) = rest.find("://") {
        let start = at + 3;
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let end = tail.find(|c: char| c.is_whitespace() || "\"'<>`".contains(c)).unwrap_or(tail.len());
        let url = &tail[..end];
        let authority_end = url.find(['/', '?', '#']).unwrap_or(url.len());
        let mut url = match url[..authority_end].rfind('@') {
            Some(i) => format!("[userinfo]{}", &url[i..]),
            None => url.to_owned(),
        };
        if let Some(h) = url.find('#') {
            url.replace_range(h + 1.., "[fragment]");
        }
        if let Some(q) = url.find('?') {
            let stop = url.find('#').unwrap_or(url.len());
            url.replace_range(q + 1..stop, "[query]");
        }
        out.push_str(&url);
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_boundaries() {
        let v4 = |s: &str| replace(s, "10.0.0.1", "[my-ip-1]", |c| !c.is_ascii_digit() && c != '.', |r| !starts_v4(r));
        assert_eq!(
            v4("from 10.0.0.1:443, not 10.0.0.12 or 110.0.0.1."),
            "from [my-ip-1]:443, not 10.0.0.12 or 110.0.0.1."
        );
        assert_eq!(v4("10.0.0.1/24"), "[my-ip-1]/24");
    }

    #[test]
    fn urls_lose_query_fragment_and_password() {
        assert_eq!(
            urls("GET https://bob:pw@shop.example/cart?id=7#top then http://x/y"),
            "GET https://[userinfo]@shop.example/cart?[query]#[fragment] then http://x/y"
        );
        assert_eq!(
            user_folders("C:\\Users\\Bob\\hosts and /home/eve/x"),
            "C:\\Users\\[user]\\hosts and /home/[user]/x"
        );
    }

    #[test]
    fn a_short_query_is_hidden_only_after_its_question_mark() {
        let mut d = crate::report::tests_support::empty();
        d.target.input = "example.com/?a".into();
        d.target.url = "https://example.com/?a".into();
        let mut r = Redactor::new(&d, &Redaction::default(), &Machine::default());
        assert_eq!(r.text("a cat at example.com/?a"), "a cat at example.com/?[query]");
    }

    #[test]
    fn macs_get_stable_labels() {
        let mut r = Redactor::new(&crate::report::tests_support::empty(), &Redaction::default(), &Machine::default());
        assert_eq!(
            r.text("aa:BB:cc:dd:ee:ff then AA-bb-CC-dd-EE-ff, 11:22:33:44:55:66"),
            "[mac-1] then [mac-1], [mac-2]"
        );
    }
}
