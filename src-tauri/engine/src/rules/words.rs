//! The summary sentence and next steps for each culprit (English; the UI has its own catalogue).

use super::Decision;
use super::facts::Facts;
use crate::diagnosis::{Confidence, Culprit, NextStep as S, Verdict};
use crate::finding::ErrorClass;

/// Builds the decision for a verdict and culprit.
pub(super) fn explain(f: &Facts, verdict: Verdict, culprit: Culprit, confidence: Confidence) -> Decision {
    let h = &f.host;
    let (summary, steps): (String, &[S]) = match culprit {
        Culprit::None if verdict == Verdict::Up => {
            (format!("{h} loads normally from here."), &[S::RefreshPage, S::ClearBrowserCache])
        }
        Culprit::None => {
            (format!("The checks could not tell what is wrong with {h}."), &[S::WaitAndRetry, S::TryOtherNetwork])
        }
        Culprit::Origin => {
            let attempts = f.user_attempts();
            let failing = attempts.iter().find(|a| a.code.is_some_and(|c| c >= 500));
            let code = failing.and_then(|a| a.code).unwrap_or(500);
            let summary = match failing.and_then(|a| a.served_by.as_deref().zip(a.gateway_error)) {
                Some((who, true)) => format!(
                    "{h} is down for everyone: {who} answers, but the site's own server behind it is failing (HTTP {code})."
                ),
                _ => format!("{h} is down for everyone: its server answers with an error (HTTP {code})."),
            };
            (summary, &[S::WaitAndRetry, S::WatchUntilBack, S::ContactSiteOwner])
        }
        Culprit::SiteUnreachable => (
            format!("{h} is not answering anyone: your internet works, but the site's server does not respond."),
            &[S::WaitAndRetry, S::WatchUntilBack, S::ContactSiteOwner],
        ),
        Culprit::SiteTls => (
            format!("{h}'s security certificate is not valid ({}).", tls_words(f)),
            &[S::ContactSiteOwner, S::WatchUntilBack],
        ),
        Culprit::SiteDns => (
            format!("The name {h} does not exist: check the spelling, or the site's domain has lapsed."),
            &[S::ContactSiteOwner, S::WatchUntilBack],
        ),
        Culprit::CdnEdge => (
            format!("The server your network sends you to for {h} is failing, while other servers of the site work."),
            &[S::FlushDns, S::UseAlternateResolver, S::WaitAndRetry],
        ),
        Culprit::NoNetwork => (
            "This computer is not connected to the internet.".into(),
            &[S::CheckConnection, S::RestartRouter, S::TryOtherNetwork],
        ),
        Culprit::CaptivePortal => (
            "This network wants you to sign in before it lets you on the internet.".into(),
            &[S::SignInToNetwork, S::TryOtherNetwork],
        ),
        Culprit::DnsResolver => (
            format!("Your DNS can't find {h}, but public DNS can."),
            &[S::FlushDns, S::UseAlternateResolver, S::RestartRouter, S::ContactIsp],
        ),
        Culprit::DnsHijack => (
            format!("Your DNS sends {h} to a different server, which is not the real site."),
            &[S::UseAlternateResolver, S::AskNetworkAdmin],
        ),
        Culprit::DnsBlocked => (
            format!("Your DNS blocks {h} on purpose (a filter or parental control)."),
            &[S::AskNetworkAdmin, S::UseAlternateResolver],
        ),
        Culprit::DnsStale => (
            format!("Your DNS gives an old address for {h} where nothing answers; public DNS has the right one."),
            &[S::FlushDns, S::UseAlternateResolver, S::RestartRouter],
        ),
        Culprit::HostsFile => (
            format!("A line in this computer's hosts file sends {h} to the wrong address."),
            &[S::RemoveHostsEntry, S::FlushDns],
        ),
        Culprit::Proxy => {
            (format!("The proxy this computer uses can't reach {h}."), &[S::DisableProxy, S::AskNetworkAdmin])
        }
        Culprit::Vpn => (
            match f.vpn.as_deref() {
                Some(name) if !name.is_empty() => format!("Your VPN ({name}) is blocking {h}."),
                _ => format!("Your VPN is blocking {h}."),
            },
            &[S::DisableVpn, S::AskNetworkAdmin],
        ),
        Culprit::Firewall => (
            format!(
                "Something on your network blocks secure connections to {h} (port 443), while plain ones get through."
            ),
            &[S::AskNetworkAdmin, S::TryOtherNetwork],
        ),
        Culprit::NetworkPath => (
            format!("{h} works for others, but the way from your network to it is broken."),
            &[S::RestartRouter, S::TryOtherNetwork, S::ContactIsp],
        ),
        Culprit::PathMtu => (
            format!("Connections to {h} open, but larger packets get lost on the way (often a VPN or PPPoE link)."),
            &[S::DisableVpn, S::RestartRouter, S::ContactIsp],
        ),
        Culprit::TlsInterception => (
            format!(
                "Something on your network replaces {h}'s security certificate (antivirus, company filter or an attacker)."
            ),
            &[S::AskNetworkAdmin, S::TryOtherNetwork],
        ),
        Culprit::ClockSkew => (
            "This computer's clock is wrong, so valid security certificates look invalid.".into(),
            &[S::SetClockAutomatically, S::RefreshPage],
        ),
        Culprit::PacketLoss => (
            format!("{h} loads, but your connection is losing data on the way, so it is slow or patchy."),
            &[S::RestartRouter, S::TryOtherNetwork, S::ContactIsp],
        ),
        Culprit::SlowNetwork => {
            (format!("{h} loads, but very slowly from here."), &[S::WaitAndRetry, S::RestartRouter, S::TryOtherNetwork])
        }
        Culprit::Ipv6 => (
            format!("{h} loads over IPv4, but IPv6 connections to it fail, which slows it down."),
            &[S::RestartRouter, S::ContactIsp],
        ),
    };
    Decision { verdict, culprit, confidence, summary, next_steps: steps.to_vec() }
}

fn tls_words(f: &Facts) -> &'static str {
    match f.tls_failure() {
        Some(ErrorClass::TlsExpired) => "it has expired",
        Some(ErrorClass::TlsNotYetValid) => "it is not valid yet",
        Some(ErrorClass::TlsNameMismatch) => "it is for another name",
        _ => "it is not from a trusted issuer",
    }
}

/// Plain words for a failure class.
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
