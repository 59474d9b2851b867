//! The report's first part, for a person: the incident, when, the site, the answer in one
//! sentence, how sure and why, who can fix it, and the steps tried. Its sentences come by
//! catalogue key, so a caller can pass them translated.

use std::collections::HashMap;

use super::layout::{Block, Item};
use super::when::When;
use super::{ActionNote, StepResult, TriedStep};
use crate::check_id::CheckId;
use crate::diagnosis::{Confidence, Culprit, Diagnosis, Verdict};
use crate::evidence::Evidence;
use crate::text;

/// The words by catalogue key: the caller's, else the engine's English.
pub(super) struct Words<'a> {
    over: Option<&'a HashMap<String, String>>,
}

impl<'a> Words<'a> {
    pub(super) fn new(over: Option<&'a HashMap<String, String>>) -> Self {
        Self { over }
    }

    /// The words for `key`, with `{name}` placeholders filled from `vars`.
    pub(super) fn fill(&self, key: &str, vars: &[(&str, &str)]) -> String {
        let mut s = self.get(key);
        for (name, value) in vars {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    pub(super) fn has(&self, key: &str) -> bool {
        self.over.is_some_and(|o| o.contains_key(key)) || english(key).is_some()
    }

    pub(super) fn get(&self, key: &str) -> String {
        match self.over.and_then(|o| o.get(key)) {
            Some(s) => s.clone(),
            None => english(key).map_or_else(|| key.to_owned(), str::to_owned),
        }
    }
}

fn english(key: &str) -> Option<&'static str> {
    let step = |code: &str| crate::diagnosis::NextStep::ALL.into_iter().find(|s| code_of(s) == code);
    text::report_word(key).or_else(|| key.strip_prefix("nextStep.").and_then(step).map(text::next_step))
}

/// The snake_case code of an enum value, as the JSON has it.
pub(super) fn code_of<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|j| j.as_str().map(str::to_owned)).unwrap_or_default()
}

/// A label without the colon the catalogue gives it for use before a value.
fn label(w: &Words, key: &str) -> String {
    w.get(key).trim_end().trim_end_matches(':').to_owned()
}

pub(super) fn blocks(d: &Diagnosis, tried: &[TriedStep], incident: &str, when: &When, w: &Words) -> Vec<Block> {
    let sentence = headline(d, w);
    let conf = code_of(&d.confidence);
    let how_sure = format!("{} {}", w.get(&format!("confidence.{conf}")), w.get(&format!("confidenceNote.{conf}")));
    let when_words = match &when.local {
        Some(local) => format!("{local} = {}", when.utc),
        None => when.utc.clone(),
    };
    let mut out = vec![
        Block::Title(w.get("report.title")),
        Block::Fields(vec![
            (label(w, "helpdesk.incident"), incident.to_owned()),
            (label(w, "helpdesk.when"), when_words),
            (label(w, "helpdesk.site"), d.target.url.clone()),
            (label(w, "helpdesk.result"), sentence),
            (label(w, "answer.howSure"), how_sure),
        ]),
    ];
    let mut why = deciding(&d.evidence);
    why.extend(name_facts(&d.evidence));
    if !why.is_empty() {
        out.push(Block::Heading(label(w, "helpdesk.why")));
        out.push(Block::Items(why.into_iter().map(|text| Item { text, under: Vec::new() }).collect(), false));
    }
    // The owner's checks found failures: whoever runs the site wants the kit for its host too.
    let owner_trouble = d.evidence.owner.as_ref().is_some_and(crate::owner::words::any_trouble);
    if d.verdict == Verdict::DownForEveryone || owner_trouble {
        out.extend(contact(d, when, w));
    }
    if !tried.is_empty() {
        out.push(Block::Heading(label(w, "report.tried")));
        out.push(Block::Items(tried.iter().map(|t| tried_item(t, w)).collect(), true));
    }
    let done: Vec<_> = tried.iter().map(|t| t.step).collect();
    let next: Vec<Item> = d
        .next_steps
        .iter()
        .filter(|s| !done.contains(s))
        .map(|s| Item { text: w.get(&format!("nextStep.{}", code_of(s))), under: Vec::new() })
        .collect();
    if !next.is_empty() {
        out.push(Block::Heading(label(w, "report.suggested")));
        out.push(Block::Items(next, false));
    }
    out
}

/// True when the verdict says "down for everyone" but other places did not confirm it: the
/// headline then says "probably", as the window's does.
pub(super) fn hedged(d: &Diagnosis) -> bool {
    d.verdict == Verdict::DownForEveryone && d.confidence != Confidence::Confirmed
}

/// The answer in one sentence, claiming no more than the confidence: the same keys in the same
/// order as the window's `verdictSentence` (`probably.*` when hedged, then `sentence.*`, then the
/// verdict's own sentence), so a translated report reads like the translated window.
fn headline(d: &Diagnosis, w: &Words) -> String {
    let outcome = format!("{}.{}", code_of(&d.verdict), code_of(&d.culprit));
    let probably = hedged(d).then(|| format!("probably.{outcome}"));
    let key = probably
        .into_iter()
        .chain([format!("sentence.{outcome}")])
        .find(|k| w.has(k))
        .unwrap_or_else(|| format!("verdict.{}", code_of(&d.verdict)));
    w.fill(&key, &[("host", &d.target.host)])
}

/// For a site down for everyone, or one the owner's checks saw fail: who can fix it, and what
/// to tell them.
fn contact(d: &Diagnosis, when: &When, w: &Words) -> Vec<Block> {
    let host = d.target.host.as_str();
    let answer = d.evidence.answer.as_ref();
    let gateway = answer.and_then(|a| a.served_by.as_ref()).filter(|s| s.gateway);
    let who = match (d.culprit, gateway) {
        (Culprit::SiteDns, _) => w.fill("helpdesk.contactDomain", &[("host", host)]),
        (_, Some(g)) => w.fill("helpdesk.contactHost", &[("who", &g.name), ("host", host)]),
        _ => w.fill("helpdesk.contactOwner", &[("host", host)]),
    };
    let mut tell = Vec::new();
    // A site that loads had no error to tell of: only the owner's failures are.
    let down = d.verdict == Verdict::DownForEveryone;
    let answer = answer.filter(|_| down);
    let error = match (answer.and_then(|a| a.status_code), answer.and_then(|a| a.error), &d.evidence.tls) {
        (Some(code), _, _) => Some(match answer.and_then(|a| a.served_by.as_ref()) {
            Some(by) => format!("HTTP {code} from {}", by.name),
            None => format!("HTTP {code}"),
        }),
        (None, _, Some(tls)) if down => Some(error_words(tls.error)),
        (None, Some(class), _) => Some(error_words(class)),
        (None, None, _) => None,
    };
    if let Some(e) = error {
        tell.push(w.fill("helpdesk.tellError", &[("error", &e)]));
    }
    tell.push(w.fill("helpdesk.tellTime", &[("time", &when.utc)]));
    if let Some(addr) = answer.and_then(|a| a.address.as_deref()) {
        tell.push(w.fill("helpdesk.tellAddress", &[("address", addr)]));
    }
    for id in answer.map(|a| a.request_ids.as_slice()).unwrap_or_default() {
        tell.push(format!("{}: {}", id.header, id.value));
    }
    tell.extend(owner_kit(d, w));
    vec![
        Block::Heading(label(w, "helpdesk.contact")),
        Block::Para(who),
        Block::Para(w.get("helpdesk.tellThem")),
        Block::Items(tell.into_iter().map(|text| Item { text, under: Vec::new() }).collect(), false),
    ]
}

/// The owner's escalation kit: per failing route the failures seen and their request ids, and
/// what the origin answered when asked directly.
fn owner_kit(d: &Diagnosis, w: &Words) -> Vec<String> {
    let Some(o) = &d.evidence.owner else { return Vec::new() };
    let mut out = Vec::new();
    for r in o.routes.iter().filter(|r| r.failed > 0) {
        let (failed, requests) = (r.failed.to_string(), r.requests.to_string());
        out.push(w.fill(
            "helpdesk.tellFailures",
            &[
                ("path", &r.path),
                ("failed", &failed),
                ("requests", &requests),
                ("first", r.first_failure.as_deref().unwrap_or("?")),
                ("last", r.last_failure.as_deref().unwrap_or("?")),
            ],
        ));
        // A few ids are enough to find the rest in the host's logs.
        out.extend(r.request_ids.iter().take(4).map(|id| format!("{}: {}", id.header, id.value)));
        // The error page's own words (its title), which the host's support recognises at once.
        let sample = d.checks.iter().find(|c| c.id == CheckId::OwnerRoute && c.subject.as_deref() == Some(&r.path));
        if let Some(title) = sample.and_then(|c| page_title(c.detail.body_sample.as_deref()?)) {
            out.push(w.fill("helpdesk.tellPage", &[("page", &title)]));
        }
    }
    for c in &o.origin {
        let said = match (c.origin_status, c.origin_error) {
            (Some(code), _) => format!("HTTP {code}"),
            (None, Some(class)) => error_words(class),
            (None, None) => "-".to_owned(),
        };
        out.push(w.fill("helpdesk.tellOrigin", &[("origin", &format!("{}{}", c.origin, c.path)), ("answer", &said)]));
    }
    out
}

/// The text of a page's `<title>`, whitespace folded, at most 200 characters.
fn page_title(body: &str) -> Option<String> {
    let lower = body.to_ascii_lowercase();
    let start = lower.find("<title")?;
    let open = start + lower[start..].find('>')? + 1;
    let close = open + lower[open..].find("</title")?;
    let text: String = body[open..close].split_whitespace().collect::<Vec<_>>().join(" ");
    let text = text.replace("&amp;", "&");
    (!text.is_empty()).then(|| text.chars().take(200).collect())
}

/// A failure class as a phrase and its code, e.g. `The connection was cut off (connection_reset)`.
fn error_words(class: crate::finding::ErrorClass) -> String {
    format!("{} ({})", text::error_class(class).trim_end_matches('.'), code_of(&class))
}

fn result_codes(r: &StepResult) -> String {
    format!("{}, {}, {}", code_of(&r.verdict), code_of(&r.culprit), code_of(&r.confidence))
}

fn tried_item(t: &TriedStep, w: &Words) -> Item {
    let outcome = match &t.after {
        None => w.get("report.triedSkipped"),
        Some(a) if a.verdict == Verdict::Up && t.before.verdict != Verdict::Up => w.get("report.triedFixed"),
        Some(_) => w.get("helpdesk.triedNotFixed"),
    };
    let mut under = vec![format!("{}: {}", label(w, "helpdesk.before"), result_codes(&t.before))];
    if let Some(after) = &t.after {
        under.push(format!("{}: {}", label(w, "helpdesk.after"), result_codes(after)));
    }
    under.extend(t.actions.iter().flat_map(|a| action_lines(a, w)));
    Item { text: format!("{}: {outcome}", w.get(&format!("stepTitle.{}", code_of(&t.step)))), under }
}

fn action_lines(a: &ActionNote, w: &Words) -> Vec<String> {
    let detail = a.detail.as_deref().map(|d| format!(" ({d})")).unwrap_or_default();
    let mut lines = vec![format!("{}: {} {}{detail}", label(w, "helpdesk.ran"), code_of(&a.kind), code_of(&a.outcome))];
    lines.extend(a.ran.iter().map(|r| format!("$ {r}")));
    lines
}

/// What the resolvers and the hosts file said, when it bears on the verdict.
fn name_facts(e: &Evidence) -> Vec<String> {
    let mut lines = Vec::new();
    for r in e.resolvers.iter().filter(|r| r.check == crate::CheckId::DnsSystem) {
        if let Some(class) = r.error {
            let server = r.subject.as_deref().map(|s| format!(" ({s})")).unwrap_or_default();
            lines.push(format!("This computer's DNS{server}: {}", text::error_class(class)));
        }
    }
    // The browser asks the OS; when its answer is not the first DNS server's, both are shown.
    let answers = |id| e.resolvers.iter().find(|r| r.check == id).map(|r| &r.answers);
    if let (Some(os), Some(direct)) = (answers(crate::CheckId::DnsOs), answers(crate::CheckId::DnsSystem))
        && !os.is_empty()
        && os != direct
    {
        let direct = if direct.is_empty() { "no address".to_owned() } else { direct.join(", ") };
        lines.push(format!(
            "Your browser's lookup (the OS) gives {}; the first DNS server gives {direct}.",
            os.join(", ")
        ));
    }
    if !e.working_resolvers.is_empty() && !lines.is_empty() {
        lines.push(format!("Public DNS found it: {}.", e.working_resolvers.join(", ")));
    }
    if let Some(h) = &e.hosts_file {
        lines.push(format!("The hosts file ({}) gives {}.", h.path, h.addresses.join(", ")));
    }
    lines
}

/// What decided the verdict, one fact a line in English: who answered and how, reference
/// numbers, and the VPN, proxy or certificate the verdict names. The CLI prints the same lines.
pub fn deciding(e: &Evidence) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(a) = &e.answer {
        let at = a.address.as_deref().map(|x| format!(" at {x}")).unwrap_or_default();
        match (a.status_code, a.error) {
            (Some(code), _) => lines.push(format!("The site answered HTTP {code}{at}.")),
            (None, Some(class)) => lines.push(format!("The site did not answer{at}: {}", text::error_class(class))),
            (None, None) => {}
        }
        if let Some(who) = &a.served_by {
            lines.push(match a.gateway_error {
                Some(true) => format!("The error page is {}'s own: the server behind it failed.", who.name),
                Some(false) => format!("{} passed on the site's own error page.", who.name),
                None => format!("Answered by {}.", who.name),
            });
        }
        for id in &a.request_ids {
            lines.push(format!("{}: {}", id.header, id.value));
        }
    }
    if let Some(vpn) = &e.vpn {
        lines.push(format!("Internet traffic goes through {vpn} (a VPN or tunnel)."));
    }
    if let Some(p) = &e.proxy {
        let (var, url) = (p.variable.as_deref().unwrap_or("a setting"), p.url.as_deref().unwrap_or("a proxy"));
        lines.push(format!("{var} sends web traffic through {url}."));
    }
    if let Some(t) = &e.tls {
        let issuer = t.issuer.as_deref().map(|i| format!(" (issuer: {i})")).unwrap_or_default();
        lines.push(format!("{}{issuer}", text::error_class(t.error)));
    }
    if let Some(places) = e.elsewhere {
        lines.push(format!("{} of {} other places loaded it.", places.loaded, places.total));
    }
    // A note beside the verdict: a site on the local network can load while nothing beyond it does.
    if e.internet_unreachable {
        lines
            .push("The wider internet did not answer from here (no way out, or every connection check failed).".into());
    }
    // What the companies in front of the site say on their status pages.
    lines.extend(crate::status::words::lines(e));
    // The owner's checks, when asked for: which routes fail, and the origin beside the edge.
    lines.extend(crate::owner::words::lines(e));
    lines
}
