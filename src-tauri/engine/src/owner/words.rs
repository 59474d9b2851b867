//! The owner's findings in English, for the CLI and the help-desk report: which routes fail and
//! how, what that pattern usually means, and the origin beside the edge.

use super::dns::{DnsReading, DnsTargets, ResolverView};
use super::{FailurePattern, OriginComparison, OriginReading, OwnerEvidence, RouteHealth};
use crate::evidence::Evidence;
use crate::text;

/// One line per route, a line on what a pattern usually means, and one per origin comparison.
pub fn lines(e: &Evidence) -> Vec<String> {
    let Some(owner) = &e.owner else { return Vec::new() };
    // The gateway's name when one answered, so the line says "the Cloudflare edge".
    let edge = e
        .answer
        .as_ref()
        .and_then(|a| a.served_by.as_ref())
        .filter(|s| s.gateway)
        .map_or_else(|| "the edge".to_owned(), |s| format!("the {} edge", s.name));
    let mut out: Vec<String> = owner.routes.iter().map(route).collect();
    let mut meant: Vec<FailurePattern> = Vec::new();
    for r in owner.routes.iter().filter(|r| r.intermittent) {
        if !meant.contains(&r.pattern) {
            meant.push(r.pattern);
            out.extend(meaning(r.pattern).map(str::to_owned));
        }
    }
    for c in &owner.origin {
        out.push(origin(c, &edge));
    }
    if owner.origin.iter().any(|c| c.reading == OriginReading::EdgeFailsOriginWorks) {
        out.push(BETWEEN.to_owned());
    }
    if let Some(d) = &owner.dns {
        out.extend(dns(d));
    }
    out
}

/// The site's DNS at its source beside the resolvers', and the chain to a CDN.
pub fn dns(d: &DnsTargets) -> Vec<String> {
    let said = |v: &ResolverView| match (&v.error, v.answers.is_empty(), v.cname.first()) {
        (Some(e), _, _) => format!("{}: {}", v.server, text::error_class(*e).trim_end_matches('.')),
        (None, true, Some(c)) => format!("{}: CNAME {c}", v.server),
        (None, _, _) => format!("{}: {}", v.server, v.answers.join(", ")),
    };
    let mut out = Vec::new();
    let zone = d.zone.as_deref().unwrap_or("the site's zone");
    let list = |vs: &[ResolverView]| vs.iter().map(said).collect::<Vec<_>>().join("; ");
    match d.reading {
        DnsReading::Unknown => out.push("DNS: the site's zone or its authoritative servers could not be found.".into()),
        DnsReading::AuthoritativeFailing => out.push(format!(
            "DNS: none of {zone}'s authoritative servers answered ({}): check the zone at your DNS host.",
            list(&d.authoritative)
        )),
        reading => {
            out.push(format!("DNS at the source, {zone}'s authoritative servers: {}.", list(&d.authoritative)));
            let system = d.system.iter().map(said).collect::<Vec<_>>();
            out.push(format!(
                "Public resolvers: {}; this computer's DNS: {}.",
                list(&d.public),
                if system.is_empty() { "not asked".to_owned() } else { system.join("") }
            ));
            out.extend(
                match reading {
                    DnsReading::PublicDiffers => Some(
                        "A public resolver gives something else than your authoritative servers: a recent change \
                     has not reached it yet (it will once the old record's time to live runs out), or it \
                     filters the name.",
                    ),
                    DnsReading::LocalDiffers => Some(
                        "This computer's DNS still gives an old answer; the public resolvers give what your \
                     authoritative servers hold.",
                    ),
                    _ => None,
                }
                .map(str::to_owned),
            );
        }
    }
    if !d.chain.is_empty() {
        let to = d.cdn.map(|p| format!(" ({})", p.name())).unwrap_or_default();
        out.push(format!("The site's name points (CNAME) to {}{to}.", d.chain.join(" → ")));
    }
    out
}

/// What usually lies between a working origin and a failing edge.
pub const BETWEEN: &str = "Usual causes between them: the server's firewall does not let in the CDN's address \
                           ranges, the CDN's TLS mode does not match the server's certificate or port, a header \
                           size limit, or a timeout at the CDN shorter than the app takes.";

/// One route: how many requests failed, in what pattern, and what came back.
pub fn route(r: &RouteHealth) -> String {
    let p = &r.path;
    match (r.failed, r.requests) {
        (_, 0) => format!("{p}: no request could be made before the deadline."),
        (0, n) => format!("{p}: all {n} requests answered ({}).", r.sequence),
        (f, n) if f == n => format!("{p}: all {n} requests failed ({}).", r.sequence),
        (f, n) => format!(
            "{p}: {f} of {n} requests failed ({} %){}: {}. First failure {}, last {}.",
            r.failure_percent,
            match r.pattern {
                FailurePattern::Alternating => ", every other one",
                FailurePattern::Burst => ", one after another",
                _ => ", here and there",
            },
            r.sequence,
            r.first_failure.as_deref().unwrap_or("?"),
            r.last_failure.as_deref().unwrap_or("?"),
        ),
    }
}

/// What a site that fails some of the time usually has wrong.
pub fn meaning(p: FailurePattern) -> Option<&'static str> {
    match p {
        FailurePattern::Alternating => {
            Some("Failing every other request usually means one bad server of two behind the load balancer.")
        }
        FailurePattern::Burst => {
            Some("Failures that come together usually mean overload, or a worker crashing and restarting.")
        }
        FailurePattern::Scattered => {
            Some("Failures here and there usually mean one bad server among several, overload, or a worker crashing.")
        }
        FailurePattern::None | FailurePattern::All => None,
    }
}

/// The origin beside the edge, e.g. "Your server answers 200 directly; the CDN edge answers 502."
pub fn origin(c: &OriginComparison, edge: &str) -> String {
    let said = |code: Option<u16>, err| match (code, err) {
        (Some(c), _) => format!("{c}"),
        (None, Some(e)) => text::error_class(e).trim_end_matches('.').to_lowercase(),
        (None, None) => "nothing".to_owned(),
    };
    let (o, e) = (said(c.origin_status, c.origin_error), said(c.edge_status, c.edge_error));
    let at = format!("{} {}", c.origin, c.path);
    match c.reading {
        OriginReading::EdgeFailsOriginWorks => {
            format!("Your server answers {o} directly ({at}); {edge} answers {e}.")
        }
        OriginReading::BothFail => format!(
            "Your server fails directly too ({o} at {at}; {edge}: {e}): the trouble is on the server, not between \
             it and the edge."
        ),
        OriginReading::BothWork => format!("Your server answers {o} directly ({at}), and {edge} answers {e}."),
        OriginReading::OriginFailsEdgeWorks => format!(
            "Your server answers {o} when asked directly ({at}), while {edge} answers {e}: the edge may serve a \
             cached copy, or the server refuses visitors that do not come through the edge."
        ),
        OriginReading::Unknown => format!("Your server ({at}) could not be compared with {edge} before the deadline."),
    }
}

/// True when the owner's checks found something wrong, for a heading that says so.
pub fn any_trouble(o: &OwnerEvidence) -> bool {
    o.routes.iter().any(|r| r.failed > 0) || o.origin.iter().any(|c| c.reading != OriginReading::BothWork)
}
