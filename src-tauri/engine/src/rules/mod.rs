//! From findings to a verdict: pure functions, read top to bottom as a table. The first rule whose
//! condition holds decides. The site is blamed only once this computer's own connection is shown to
//! work; vantage points (other places on the internet) turn "likely" into "confirmed". Without
//! them, "down for everyone" rests only on what the site itself said (an error page, a lapsed
//! name, an expired certificate): silence from here alone is "we can't tell yet".

pub(crate) mod basis;
mod facts;
mod outcome;
pub mod provisional;

use crate::diagnosis::{Confidence, Culprit, NextStep, Verdict};
use crate::evidence::Evidence;
use crate::finding::{Check, ErrorClass};
use crate::target::Target;
use facts::Facts;
pub use facts::http_date;
pub use outcome::Outcome;

/// The verdict with its explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The verdict-and-culprit pair the table decided.
    pub outcome: Outcome,
    /// Down for everyone, just you, ...
    pub verdict: Verdict,
    /// What is to blame.
    pub culprit: Culprit,
    /// How sure.
    pub confidence: Confidence,
    /// One English sentence.
    pub summary: String,
    /// Ordered next steps.
    pub next_steps: Vec<NextStep>,
    /// What decided it.
    pub evidence: Evidence,
}

/// A clock this far from the servers' makes valid certificates look invalid.
const CLOCK_SKEW_S: i64 = 3600;

/// Confidence of a site-side verdict: vantage points agreeing confirm it, disagreeing make it unsure.
fn site_side(f: &Facts) -> Confidence {
    match f.vantage_loads() {
        Some(false) => Confidence::Confirmed,
        Some(true) => Confidence::Unsure,
        None => Confidence::Likely,
    }
}

/// Confidence of a user-side verdict: others loading the site (vantage or public DNS's address) confirm it.
fn user_side(f: &Facts) -> Confidence {
    match f.vantage_loads() {
        Some(true) => Confidence::Confirmed,
        Some(false) => Confidence::Unsure,
        None if f.others_load() => Confidence::Confirmed,
        None => Confidence::Likely,
    }
}

/// The verdict table. `now_unix` is the run's start, for comparing clocks with servers' `Date`.
pub fn decide(target: &Target, checks: &[Check], now_unix: i64) -> Decision {
    use Outcome as O;
    let f = facts::facts(target, checks, now_unix);
    let pick = |outcome, confidence| explain(&f, target, checks, outcome, confidence);

    // A tunnel carries all traffic: when nothing gets through it, the tunnel is the first suspect.
    // A tunnel that carries the internet (the connectivity checks pass through it) is working, and
    // a site failing through it is judged like any other: a setup that works is never the culprit.
    // A sign-in page answering for everything comes first: no tunnel gets out before it is passed.
    // Nothing at all came back through the tunnel: the system's resolver and every public one
    // stayed silent to each question, 2.5 s on. That is decisive before the connectivity checks
    // wait out their own 5 s: whatever they find, the tunnel carries no lookups, and turning it
    // off is the first step either way (also to reach a sign-in page, which cannot answer
    // through a tunnel that returns nothing). The places elsewhere are asked through the same
    // tunnel and cannot be heard; they would not change the culprit, so the confidence is what
    // the local evidence carries (likely), and nothing still running can change the answer.
    if f.vpn.is_some() && f.resolvers_silent && f.attempts.is_empty() {
        return pick(O::JustYouVpn, Confidence::Likely);
    }
    // Loss measured high means answers came back through it (the sampler counts only resolvers
    // that answered): a lossy tunnel that carries traffic is the loss rule's.
    if f.vpn.is_some() && !f.user_path_loads() && !f.online && !f.intercepted && !f.loss_high {
        return pick(O::JustYouVpn, user_side(&f));
    }
    // This computer cannot reach anything. No way out to the internet is not enough: a site on
    // the local network may still answer, and then it is up (the missing internet is a note in
    // the evidence, not the verdict).
    if f.internet_unreachable() && !f.connection_works() && f.alternate_answers.is_empty() {
        return pick(
            O::JustYouNoNetwork,
            if f.no_route && f.offline { Confidence::Confirmed } else { Confidence::Likely },
        );
    }
    if f.intercepted && !f.online && !f.user_path_loads() {
        return pick(O::JustYouCaptivePortal, Confidence::Likely);
    }
    // The browser goes through the proxy, so a direct success says nothing about it. A proxy that
    // cannot be used at all is to blame whatever the site does; one that passed the request on is
    // to blame only when the same site loads without it (else the site's own failure came through),
    // and not on a link measured lossy: there the proxy's own attempt to reach the site timing out
    // (its 504) while a direct one got through is the loss, by chance, not the proxy.
    if f.proxy_configured && (f.proxy_unusable || f.proxy_failed && f.user_path_loads() && !f.loss_high) {
        return pick(O::JustYouProxy, if f.user_path_loads() { Confidence::Confirmed } else { user_side(&f) });
    }
    // On a lossy link every timeout is suspect: blame the loss before any resolver or server.
    if f.loss_high && f.vantage_loads() != Some(false) {
        let loads = f.attempts.iter().any(|a| a.loaded());
        return pick(if loads { O::DegradedPacketLoss } else { O::JustYouPacketLoss }, Confidence::Likely);
    }
    if f.answers_differ() && f.others_load() && hijacked(&f) {
        return pick(O::JustYouDnsHijack, Confidence::Confirmed);
    }
    if f.user_path_loads() {
        return degraded(&f, pick).unwrap_or_else(|| pick(O::UpNone, Confidence::Confirmed));
    }
    if !f.hosts_file.is_empty()
        && f.attempts.iter().any(|a| a.loaded() && a.ip.is_some_and(|ip| !f.hosts_file.contains(&ip)))
    {
        return pick(O::JustYouHostsFile, Confidence::Confirmed);
    }
    if let Some(Ok(ips)) = &f.system_dns
        && !ips.is_empty()
        && (ips.iter().all(|ip| ip.is_unspecified()) || ips.iter().all(|ip| ip.is_loopback()) && f.answers_differ())
    {
        return pick(
            O::JustYouDnsBlocked,
            if f.alternate_answers.is_empty() { Confidence::Likely } else { Confidence::Confirmed },
        );
    }
    if let Some(Err(class)) = f.system_dns {
        if !f.alternate_answers.is_empty() {
            return pick(
                O::JustYouDnsResolver,
                if f.others_load() { Confidence::Confirmed } else { Confidence::Likely },
            );
        }
        if class == ErrorClass::Nxdomain && f.alternates_nxdomain {
            return pick(O::DownSiteDns, site_side(&f));
        }
    }
    if f.answers_differ() && f.others_load() {
        let culprit = if f.unreachable() {
            O::JustYouDnsStale
        } else if f.user_attempts().iter().any(|a| a.code.is_some_and(|c| c >= 500)) {
            O::JustYouCdnEdge
        } else {
            O::JustYouDnsHijack
        };
        return pick(culprit, Confidence::Confirmed);
    }
    if let Some(class) = f.tls_failure() {
        let expiry = matches!(class, ErrorClass::TlsExpired | ErrorClass::TlsNotYetValid);
        if expiry && f.clock_offset_s.is_some_and(|d| d.abs() > CLOCK_SKEW_S) {
            return pick(O::JustYouClockSkew, Confidence::Likely);
        }
        let others_trust = f.vantage.iter().any(|p| p.tls_authorized == Some(true));
        // With the trusted authorities unreadable every certificate looks untrusted here: that
        // names neither an interceptor nor the site.
        if class == ErrorClass::TlsUntrusted && f.trust_store_broken {
            return pick(O::InconclusiveNone, Confidence::Unsure);
        }
        if class == ErrorClass::TlsUntrusted && others_trust {
            return pick(O::JustYouTlsInterception, Confidence::Confirmed);
        }
        // An issuer this computer does not trust, and nobody elsewhere looked at the certificate:
        // antivirus or a company proxy re-signing secure connections is far more common than a
        // public site with an untrusted certificate, so name that (with the issuer), never the site.
        if class == ErrorClass::TlsUntrusted && f.vantage.iter().all(|p| p.tls_authorized.is_none()) {
            return pick(O::JustYouTlsInterception, Confidence::Likely);
        }
        if f.connection_works() {
            let sure = if f.vantage.iter().any(|p| p.tls_authorized == Some(false)) {
                Confidence::Confirmed
            } else if others_trust {
                Confidence::Unsure
            } else {
                Confidence::Likely
            };
            return pick(O::DownSiteTls, sure);
        }
    }
    let server_errors: Vec<u16> = f.user_attempts().iter().filter_map(|a| a.code).filter(|c| *c >= 500).collect();
    if !server_errors.is_empty() && f.connection_works() {
        if f.vantage_loads() == Some(true) {
            return pick(O::JustYouCdnEdge, Confidence::Likely);
        }
        return pick(O::DownOrigin, site_side(&f));
    }
    let plain_loads = f.port80.iter().any(|a| a.loaded());
    // A path-MTU black hole lets the connection open and swallows the large packets: the
    // handshake stalls while small answers (plain HTTP, or the site from elsewhere) get through.
    // A large plain answer arriving rules it out (a filter dropping the handshake remains).
    let mtu_suspect = f.handshakes_stall() && !f.big_packets_arrive();
    if f.unreachable() && mtu_suspect && (plain_loads || f.vantage_loads() == Some(true)) {
        return pick(O::JustYouPathMtu, Confidence::Likely);
    }
    // A firewall blocks HTTPS (the connection never opens, or its handshake is dropped while
    // large plain answers arrive), while plain HTTP passes.
    if f.unreachable() && plain_loads && f.vantage_loads() != Some(false) {
        return pick(O::JustYouFirewall, user_side(&f));
    }
    if f.unreachable() && f.online {
        return match f.vantage_loads() {
            Some(true) => pick(O::JustYouNetworkPath, Confidence::Confirmed),
            Some(false) => pick(O::DownSiteUnreachable, Confidence::Confirmed),
            // Unreachable from here alone cannot tell a dead site from a broken way to it.
            None => pick(O::InconclusiveSiteUnreachable, Confidence::Unsure),
        };
    }
    if f.offline && !f.user_path_loads() {
        return pick(O::JustYouNoNetwork, Confidence::Likely);
    }
    pick(O::InconclusiveNone, Confidence::Unsure)
}

/// The user's resolver sent them somewhere that answers, but not as the real site does.
fn hijacked(f: &Facts) -> bool {
    let (mine, theirs) = (f.user_attempts(), f.other_attempts());
    let Some(real) = theirs.iter().find(|a| a.loaded()) else { return false };
    mine.iter().any(|a| {
        let tls_refused = matches!(a.error, Some(ErrorClass::TlsNameMismatch | ErrorClass::TlsUntrusted));
        // Edges of one site may differ in detail (a geo redirect here, a page there), so only a
        // different kind of answer, or another server with another page, counts as someone else.
        let answered_otherwise = a.code.is_some_and(|c| c < 500)
            && (a.kind() != real.kind() || (a.server != real.server && a.body != real.body));
        tls_refused || answered_otherwise
    })
}

/// The site loads; is it loading badly?
fn degraded(f: &Facts, pick: impl Fn(Outcome, Confidence) -> Decision) -> Option<Decision> {
    let v6_broken =
        f.attempts.iter().any(|a| a.ip.is_some_and(|ip| ip.is_ipv6()) && a.error == Some(ErrorClass::Timeout))
            && f.attempts.iter().any(|a| a.ip.is_some_and(|ip| ip.is_ipv4()) && a.loaded());
    if v6_broken {
        return Some(pick(Outcome::DegradedIpv6, Confidence::Likely));
    }
    if f.lossy {
        return Some(pick(Outcome::DegradedPacketLoss, Confidence::Likely));
    }
    let slow = f
        .user_attempts()
        .iter()
        .any(|a| a.first_byte_ms.is_some_and(|ms| ms >= 3000) || a.connect_ms.is_some_and(|ms| ms >= 1500));
    slow.then(|| pick(Outcome::DegradedSlowNetwork, Confidence::Likely))
}

/// Builds the decision for an outcome: its evidence, the summary from that evidence, the steps.
fn explain(f: &Facts, target: &Target, checks: &[Check], outcome: Outcome, confidence: Confidence) -> Decision {
    let evidence = basis::evidence(f, target, checks, outcome);
    let (verdict, culprit) = outcome.parts();
    Decision {
        outcome,
        verdict,
        culprit,
        confidence,
        summary: crate::text::summary(outcome, &f.host, &evidence),
        next_steps: outcome.next_steps().to_vec(),
        evidence,
    }
}

#[cfg(test)]
mod tests;
