//! From findings to a verdict: pure functions, read top to bottom as a table. The first rule that
//! matches decides. Each rule names the evidence it needs; the site is blamed only once this
//! computer's own connection is shown to work.

use std::net::IpAddr;

use crate::diagnosis::{Confidence, Culprit, NextStep, Verdict};
use crate::finding::{Check, ErrorClass, Status};
use crate::target::{Host, Target};

/// The verdict with its explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
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
}

/// The facts the rules read, derived once from the checks.
#[derive(Debug, Default)]
struct Facts {
    host: String,
    /// Some connectivity probe got the vendor's expected answer.
    online: bool,
    /// Connectivity probes ran and every one failed to connect.
    offline: bool,
    /// A connectivity probe got something other than the vendor's answer.
    intercepted: bool,
    /// The system resolver's outcome: answers, or the failure class. `None` for IP targets.
    system_dns: Option<Result<Vec<IpAddr>, ErrorClass>>,
    /// Addresses from alternate resolvers.
    alternate_answers: Vec<IpAddr>,
    /// Every alternate resolver said NXDOMAIN.
    alternates_nxdomain: bool,
    /// Connections that got an HTTP answer below 500, by address.
    loaded: Vec<IpAddr>,
    /// Connections that got a 5xx.
    server_errors: Vec<u16>,
    /// Failure classes of connections without any HTTP answer.
    failures: Vec<ErrorClass>,
    /// Hosts-file addresses for the name.
    hosts_file: Vec<IpAddr>,
}

fn facts(target: &Target, checks: &[Check]) -> Facts {
    let mut f = Facts { host: target.host_str(), ..Facts::default() };
    let probes: Vec<&Check> = checks.iter().filter(|c| c.id == "connectivity.probe").collect();
    f.online = probes.iter().any(|c| c.status == Status::Pass);
    f.intercepted = probes.iter().any(|c| c.status == Status::Warn);
    f.offline = !probes.is_empty() && probes.iter().all(|c| c.status == Status::Fail);
    let ips = |c: &Check| -> Vec<IpAddr> { c.detail.answers.iter().flatten().filter_map(|a| a.parse().ok()).collect() };
    let alternates: Vec<&Check> = checks.iter().filter(|c| c.id == "dns.alternate").collect();
    f.alternate_answers = alternates.iter().flat_map(|c| ips(c)).collect();
    f.alternates_nxdomain =
        !alternates.is_empty() && alternates.iter().all(|c| c.detail.error == Some(ErrorClass::Nxdomain));
    if matches!(target.host, Host::Domain(_)) {
        f.system_dns = checks.iter().find(|c| c.id == "dns.system").map(|c| match c.detail.error {
            Some(class) if c.status == Status::Fail => Err(class),
            _ => Ok(ips(c)),
        });
    }
    for c in checks.iter().filter(|c| c.id == "site.connection") {
        let ip = c.detail.address.as_deref().and_then(|a| a.parse::<std::net::SocketAddr>().ok()).map(|s| s.ip());
        match (c.detail.status_code, ip) {
            (Some(code), _) if code >= 500 => f.server_errors.push(code),
            (Some(_), Some(ip)) => f.loaded.push(ip),
            _ => f.failures.push(c.detail.error.unwrap_or(ErrorClass::Other)),
        }
    }
    f.hosts_file = checks.iter().filter(|c| c.id == "environment.hosts").flat_map(ips).collect();
    f
}

impl Facts {
    /// Addresses the user's browser would use: the hosts file first, then the system resolver.
    fn user_addresses(&self) -> Vec<IpAddr> {
        if !self.hosts_file.is_empty() {
            return self.hosts_file.clone();
        }
        match &self.system_dns {
            Some(Ok(ips)) => ips.clone(),
            _ => Vec::new(),
        }
    }

    fn user_path_loads(&self) -> bool {
        match self.system_dns {
            None => !self.loaded.is_empty(),
            Some(_) => self.user_addresses().iter().any(|ip| self.loaded.contains(ip)),
        }
    }

    fn tls_failure(&self) -> Option<ErrorClass> {
        self.failures.iter().copied().find(|c| {
            matches!(
                c,
                ErrorClass::TlsExpired
                    | ErrorClass::TlsNotYetValid
                    | ErrorClass::TlsNameMismatch
                    | ErrorClass::TlsUntrusted
            )
        })
    }
}

fn decision(
    verdict: Verdict,
    culprit: Culprit,
    confidence: Confidence,
    summary: String,
    next_steps: &[NextStep],
) -> Decision {
    Decision { verdict, culprit, confidence, summary, next_steps: next_steps.to_vec() }
}

/// The verdict table. Rules are tried in order; the first match decides.
pub fn decide(target: &Target, checks: &[Check]) -> Decision {
    use {Confidence as C, Culprit as K, NextStep as S, Verdict as V};
    let f = facts(target, checks);
    let h = &f.host;
    if f.user_path_loads() {
        return decision(
            V::Up,
            K::None,
            C::Confirmed,
            format!("{h} loads normally from here."),
            &[S::RefreshPage, S::ClearBrowserCache],
        );
    }
    if !f.hosts_file.is_empty() && f.loaded.iter().any(|ip| !f.hosts_file.contains(ip)) {
        return decision(
            V::JustYou,
            K::HostsFile,
            C::Likely,
            format!("A line in this computer's hosts file sends {h} to the wrong address."),
            &[S::RemoveHostsEntry, S::AskNetworkAdmin],
        );
    }
    if f.offline && f.loaded.is_empty() {
        return decision(
            V::JustYou,
            K::NoNetwork,
            C::Likely,
            "This computer is not connected to the internet.".into(),
            &[S::CheckConnection, S::RestartRouter, S::TryOtherNetwork],
        );
    }
    if f.intercepted && !f.online {
        return decision(
            V::JustYou,
            K::CaptivePortal,
            C::Likely,
            "This network wants you to sign in before it lets you on the internet.".into(),
            &[S::SignInToNetwork, S::TryOtherNetwork],
        );
    }
    if let Some(Err(class)) = f.system_dns {
        if !f.alternate_answers.is_empty() {
            let confidence =
                if f.alternate_answers.iter().any(|ip| f.loaded.contains(ip)) { C::Confirmed } else { C::Likely };
            return decision(
                V::JustYou,
                K::DnsResolver,
                confidence,
                format!("Your DNS can't find {h} ({}), but public DNS can.", class_words(class)),
                &[S::FlushDns, S::UseAlternateResolver, S::ContactIsp],
            );
        }
        if class == ErrorClass::Nxdomain && f.alternates_nxdomain {
            return decision(
                V::DownForEveryone,
                K::SiteDns,
                C::Likely,
                format!("The name {h} does not exist anywhere: check the spelling, or the site's domain has lapsed."),
                &[S::ContactSiteOwner, S::WatchUntilBack],
            );
        }
    }
    if let Some(Ok(ips)) = &f.system_dns
        && ips.iter().any(IpAddr::is_unspecified)
        && !f.alternate_answers.is_empty()
    {
        return decision(
            V::JustYou,
            K::DnsBlocked,
            C::Likely,
            format!("Your DNS blocks {h} on purpose."),
            &[S::AskNetworkAdmin, S::UseAlternateResolver],
        );
    }
    let connection_works = f.online || !f.loaded.is_empty();
    if !f.server_errors.is_empty() && connection_works {
        let code = f.server_errors[0];
        return decision(
            V::DownForEveryone,
            K::Origin,
            C::Likely,
            format!("{h} is answering with an error (HTTP {code}): the problem is on the website's side."),
            &[S::WaitAndRetry, S::WatchUntilBack, S::ContactSiteOwner],
        );
    }
    if let Some(class) = f.tls_failure()
        && connection_works
    {
        return decision(
            V::DownForEveryone,
            K::SiteTls,
            C::Likely,
            format!("{h}'s security certificate is not valid ({}).", class_words(class)),
            &[S::ContactSiteOwner, S::WatchUntilBack],
        );
    }
    if !f.failures.is_empty() && f.online {
        return decision(
            V::DownForEveryone,
            K::SiteUnreachable,
            C::Likely,
            format!("Your internet works, but {h} does not answer."),
            &[S::WaitAndRetry, S::WatchUntilBack, S::ContactSiteOwner],
        );
    }
    decision(
        V::Inconclusive,
        K::None,
        C::Unsure,
        format!("The checks could not tell what is wrong with {h}."),
        &[S::WaitAndRetry, S::TryOtherNetwork],
    )
}

/// Plain words for a failure class, used inside summaries.
pub fn class_words(class: ErrorClass) -> &'static str {
    match class {
        ErrorClass::Nxdomain => "the name does not exist",
        ErrorClass::Servfail => "the DNS server failed",
        ErrorClass::Refused => "the DNS server refused",
        ErrorClass::Timeout => "no answer in time",
        ErrorClass::NoAnswer => "no address for the name",
        ErrorClass::ConnectionRefused => "the connection was refused",
        ErrorClass::ConnectionReset => "the connection was cut off",
        ErrorClass::Unreachable => "the address cannot be reached",
        ErrorClass::TlsExpired => "the certificate has expired",
        ErrorClass::TlsNotYetValid => "the certificate is not valid yet",
        ErrorClass::TlsNameMismatch => "the certificate is for another name",
        ErrorClass::TlsUntrusted => "the certificate is not from a trusted issuer",
        ErrorClass::TlsHandshake => "the secure connection failed",
        ErrorClass::HttpProtocol => "the server's answer was not valid HTTP",
        ErrorClass::TooLarge => "the server's answer was too large",
        ErrorClass::NotRun => "not checked",
        ErrorClass::Other => "an unexpected error",
    }
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
