//! The owner's DNS check: finds the zone of the site's name (the nearest name with NS records,
//! asked through this computer's DNS), asks up to three of its authoritative servers directly,
//! and asks the public resolvers and this computer's DNS the same, all at once. Every question
//! has its own timeout and the whole check keeps to the run's deadline.

use std::net::{IpAddr, SocketAddr};
use std::time::Instant;

use hickory_proto::rr::{RData, RecordType};
use tokio::time::Instant as TokioInstant;

use super::dns;
use crate::check_id::CheckId;
use crate::config::ResolverAddr;
use crate::finding::{Check, ErrorClass, Status, ms_since};
use crate::owner::dns::{DnsReading, DnsTargets, ResolverView, reading};

/// At most this many servers of each kind are asked.
const MAX_SERVERS: usize = 3;
/// At most this many names are tried on the way up to the zone.
const MAX_LEVELS: usize = 6;

/// The `owner.dns` check and what it found, by `deadline`.
pub(crate) async fn check(
    name: &str,
    system: &[ResolverAddr],
    alternates: &[ResolverAddr],
    deadline: TokioInstant,
) -> (Check, DnsTargets) {
    let start = Instant::now();
    let found = tokio::time::timeout_at(deadline, targets(name, system, alternates)).await;
    let t = found.unwrap_or_default();
    let mut c = Check::new(CheckId::OwnerDns, None, status(t.reading), ms_since(start));
    c.detail.message = Some(message(&t));
    c.detail.answers = t.authoritative.iter().find(|a| a.error.is_none()).map(|a| a.answers.clone());
    c.detail.cname = (!t.chain.is_empty()).then(|| t.chain.clone());
    if t.reading == DnsReading::Unknown {
        c.detail.error = Some(ErrorClass::NotRun);
    }
    (c, t)
}

fn status(r: DnsReading) -> Status {
    match r {
        DnsReading::Consistent => Status::Pass,
        DnsReading::PublicDiffers | DnsReading::LocalDiffers => Status::Warn,
        DnsReading::AuthoritativeFailing => Status::Fail,
        DnsReading::Unknown => Status::Skipped,
    }
}

fn message(t: &DnsTargets) -> String {
    let zone = t.zone.as_deref().unwrap_or("?");
    match t.reading {
        DnsReading::Consistent => format!("the resolvers give what {zone}'s authoritative servers hold"),
        DnsReading::PublicDiffers => "a public resolver gives something else than the authoritative servers".into(),
        DnsReading::LocalDiffers => "this computer's DNS gives something else than the authoritative servers".into(),
        DnsReading::AuthoritativeFailing => format!("no authoritative server of {zone} answered"),
        DnsReading::Unknown => "the zone or its servers could not be found".into(),
    }
}

async fn targets(name: &str, system: &[ResolverAddr], alternates: &[ResolverAddr]) -> DnsTargets {
    let (zone, servers) = zone_of(name, system).await.unzip();
    let servers = servers.unwrap_or_default();
    let mut set = tokio::task::JoinSet::new();
    for (i, ns) in servers.into_iter().take(MAX_SERVERS).enumerate() {
        let (sys, name) = (system.to_vec(), name.to_owned());
        set.spawn(async move {
            let at = match dns::lookup(&sys, &ns).await {
                Ok(ips) => ips.iter().find(|ip| ip.is_ipv4()).or(ips.first()).copied(),
                Err(_) => None,
            };
            let view = match at {
                Some(ip) => view_of(SocketAddr::new(ip, 53), &name, Some(&ns)).await,
                None => ResolverView { server: ns, error: Some(ErrorClass::NoAnswer), ..ResolverView::default() },
            };
            (0, i, view)
        });
    }
    for (i, r) in alternates.iter().take(MAX_SERVERS).enumerate() {
        let (addr, name) = (r.0, name.to_owned());
        set.spawn(async move { (1, i, view_of(addr, &name, None).await) });
    }
    if let Some(r) = system.first() {
        let (addr, name) = (r.0, name.to_owned());
        set.spawn(async move { (2, 0, view_of(addr, &name, None).await) });
    }
    let mut got = Vec::new();
    // Bounded: one join per task spawned above (at most seven).
    while let Some(Ok(v)) = set.join_next().await {
        got.push(v);
    }
    got.sort_by_key(|(kind, i, _)| (*kind, *i));
    let pick = |k: u8| got.iter().filter(|(kind, _, _)| *kind == k).map(|(_, _, v)| v.clone()).collect::<Vec<_>>();
    let (authoritative, public, system) = (pick(0), pick(1), pick(2).into_iter().next());
    let chain =
        public.iter().chain(&system).chain(&authoritative).find(|v| !v.cname.is_empty()).map(|v| v.cname.clone());
    let chain = chain.unwrap_or_default();
    let cdn = chain.iter().find_map(|c| crate::status::by_cname(c));
    let reading = if zone.is_none() { DnsReading::Unknown } else { reading(&authoritative, &public, system.as_ref()) };
    DnsTargets { zone, authoritative, public, system, chain, cdn, reading }
}

/// The zone of `name` and its name servers: the nearest name, going up, with NS records.
async fn zone_of(name: &str, system: &[ResolverAddr]) -> Option<(String, Vec<String>)> {
    let labels: Vec<&str> = name.trim_end_matches('.').split('.').collect();
    for i in 0..labels.len().saturating_sub(1).min(MAX_LEVELS) {
        let candidate = labels[i..].join(".");
        // The first server that answers at all speaks for this level.
        for server in system.iter().take(2) {
            let Ok(reply) = dns::exchange(server.0, &candidate, RecordType::NS).await else { continue };
            let mut ns: Vec<String> = reply
                .answers
                .iter()
                .filter_map(|r| match &r.data {
                    RData::NS(n) => Some(n.0.to_ascii().trim_end_matches('.').to_ascii_lowercase()),
                    _ => None,
                })
                .collect();
            if !ns.is_empty() {
                ns.sort();
                ns.dedup();
                return Some((candidate, ns));
            }
            break;
        }
    }
    None
}

/// What one server says for `name` (A and AAAA at once).
async fn view_of(addr: SocketAddr, name: &str, label: Option<&str>) -> ResolverView {
    let ((a, chain_a), (aaaa, chain_aaaa)) = tokio::join!(
        dns::query_with_chain(addr, name, RecordType::A),
        dns::query_with_chain(addr, name, RecordType::AAAA)
    );
    let cname = if chain_a.is_empty() { chain_aaaa } else { chain_a };
    let server = label.map_or_else(|| addr.to_string(), |l| format!("{l} ({addr})"));
    match dns::merge(a, aaaa) {
        Ok(ips) => {
            let mut answers: Vec<String> = ips.iter().map(IpAddr::to_string).collect();
            answers.sort();
            answers.dedup();
            ResolverView { server, answers, cname, error: None }
        }
        // A CNAME out of the zone comes without addresses from an authoritative server.
        Err(f) if f.class == ErrorClass::NoAnswer && !cname.is_empty() => {
            ResolverView { server, answers: Vec::new(), cname, error: None }
        }
        Err(f) => ResolverView { server, answers: Vec::new(), cname, error: Some(f.class) },
    }
}
