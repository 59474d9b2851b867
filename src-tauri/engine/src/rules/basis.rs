//! The deciding evidence: what the table's facts were, picked once, in one order of preference,
//! for every renderer to read.

use std::net::{IpAddr, SocketAddr};

use super::facts::{Attempt, Facts};
use super::outcome::Outcome;
use crate::check_id::CheckId;
use crate::diagnosis::Verdict;
use crate::evidence::{
    Evidence, HostsEntry, ProxyInUse, RequestId, ResolverAnswer, ServedBy, SiteAnswer, Tally, TlsProblem,
};
use crate::finding::{Check, Status};
use crate::probe::{dns, fingerprint};
use crate::target::{Host, Target};

/// Request ids and routing headers a site owner can look up, in the order they are shown.
pub(crate) const REQUEST_IDS: &[&str] = &[
    "cf-ray",
    "x-amz-cf-id",
    "x-request-id",
    "x-vercel-id",
    "x-nf-request-id",
    "x-azure-ref",
    "x-served-by",
    "via",
    "x-cache",
];

/// Builds the evidence the verdict `outcome` rests on.
pub(super) fn evidence(f: &Facts, target: &Target, checks: &[Check], outcome: Outcome) -> Evidence {
    let of = |id: CheckId| checks.iter().filter(move |c| c.id == id);
    let mut addresses: Vec<String> = f.user_addresses().iter().map(IpAddr::to_string).collect();
    if let Host::Ip(ip) = target.host {
        addresses = vec![ip.to_string()];
    }
    let tls = f.tls_failure().map(|error| {
        let cert = f.user_attempts().into_iter().find(|a| a.error == Some(error)).and_then(|a| a.tls.clone());
        TlsProblem {
            error,
            issuer: cert.as_ref().and_then(|t| t.issuer.clone()),
            not_after: cert.and_then(|t| t.not_after),
        }
    });
    let resolvers = [CheckId::DnsSystem, CheckId::DnsOs, CheckId::DnsAlternate, CheckId::DnsDoh]
        .into_iter()
        .flat_map(of)
        .map(|c| ResolverAnswer {
            check: c.id,
            subject: c.subject.clone(),
            answers: c.detail.answers.clone().unwrap_or_default(),
            error: c.detail.error,
        })
        .collect();
    let vantage = (!f.vantage.is_empty())
        .then(|| Tally { loaded: count(f.vantage.iter().filter(|p| p.loaded())), total: count(f.vantage.iter()) });
    let main = main_attempt(f, outcome.parts().0);
    Evidence {
        status: crate::status::evidence(checks, main.map(|a| &a.headers)),
        answer: main.map(answer),
        addresses,
        resolvers,
        working_resolvers: working_resolvers(of(CheckId::DnsAlternate)),
        hosts_file: of(CheckId::EnvironmentHosts)
            .find(|c| c.detail.answers.as_ref().is_some_and(|a| !a.is_empty()))
            .map(|c| HostsEntry {
                path: c.subject.clone().unwrap_or_default(),
                addresses: c.detail.answers.clone().unwrap_or_default(),
            }),
        vpn: f.vpn.clone().filter(|name| !name.is_empty()),
        proxy: of(CheckId::EnvironmentProxy)
            .find(|c| c.status == Status::Warn && (c.detail.variable.is_some() || c.detail.url.is_some()))
            .map(|c| ProxyInUse { variable: c.detail.variable.clone(), url: c.detail.url.clone() }),
        tls,
        loss_percent: f.loss_percent,
        elsewhere: vantage,
        internet_unreachable: f.internet_unreachable(),
        // Added beside the diagnosis by the owner's checks, never by the rules.
        owner: None,
    }
}

fn count<T>(items: impl Iterator<Item = T>) -> u32 {
    u32::try_from(items.count()).unwrap_or(u32::MAX)
}

/// The attempt the verdict rests on, at the addresses the browser would use: a loaded one when
/// the site works, else a failing answer (5xx), else any answer, else a failure.
fn main_attempt(f: &Facts, verdict: Verdict) -> Option<&Attempt> {
    let mut mine = f.user_attempts();
    if mine.is_empty() {
        mine = f.attempts.iter().collect();
    }
    let first = |p: &dyn Fn(&Attempt) -> bool| mine.iter().copied().find(|a| p(a));
    let working = matches!(verdict, Verdict::Up | Verdict::Degraded);
    working
        .then(|| first(&|a| a.loaded()))
        .flatten()
        .or_else(|| first(&|a| a.code.is_some_and(|c| c >= 500)))
        .or_else(|| first(&|a| a.code.is_some()))
        .or_else(|| first(&|a| a.error.is_some()))
        .or_else(|| mine.first().copied())
}

fn answer(a: &Attempt) -> SiteAnswer {
    SiteAnswer {
        address: a.address.clone(),
        status_code: a.code,
        error: a.error,
        served_by: a
            .served_by
            .as_ref()
            .map(|name| ServedBy { name: name.clone(), gateway: fingerprint::is_gateway(name) }),
        gateway_error: a.gateway_error,
        server: a.headers.get("server").cloned(),
        request_ids: REQUEST_IDS
            .iter()
            .filter_map(|h| a.headers.get(*h).filter(|v| !v.is_empty()).map(|v| (h, v)))
            .map(|(h, v)| RequestId { header: (*h).to_owned(), value: v.clone() })
            .collect(),
    }
}

/// Public resolvers that found the site, as plain IP addresses worth typing into settings: only
/// ordinary public addresses asked on port 53.
fn working_resolvers<'a>(alternates: impl Iterator<Item = &'a Check>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in alternates.filter(|c| c.status == Status::Pass) {
        let Some(subject) = c.subject.as_deref() else { continue };
        let ip = match subject.parse::<SocketAddr>() {
            Ok(sa) if sa.port() == 53 => Some(sa.ip()),
            Ok(_) => None,
            Err(_) => subject.parse::<IpAddr>().ok(),
        };
        if let Some(ip) = ip.filter(dns::is_public).map(|ip| ip.to_string())
            && !out.contains(&ip)
        {
            out.push(ip);
        }
    }
    out
}
