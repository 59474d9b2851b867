//! Every verdict-and-culprit pair the rules can decide, as one type. A window or report has a
//! sentence for each of these and for nothing else; the TypeScript catalogue is typed against it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::diagnosis::{Culprit, NextStep as S, Verdict};

listed! {
/// A pair the verdict table can produce, serialized as `verdict.culprit` (e.g. `just_you.vpn`).
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub enum Outcome {
    #[serde(rename = "up.none")]
    UpNone,
    #[serde(rename = "degraded.packet_loss")]
    DegradedPacketLoss,
    #[serde(rename = "degraded.slow_network")]
    DegradedSlowNetwork,
    #[serde(rename = "degraded.ipv6")]
    DegradedIpv6,
    #[serde(rename = "just_you.vpn")]
    JustYouVpn,
    #[serde(rename = "just_you.no_network")]
    JustYouNoNetwork,
    #[serde(rename = "just_you.captive_portal")]
    JustYouCaptivePortal,
    #[serde(rename = "just_you.proxy")]
    JustYouProxy,
    #[serde(rename = "just_you.packet_loss")]
    JustYouPacketLoss,
    #[serde(rename = "just_you.dns_hijack")]
    JustYouDnsHijack,
    #[serde(rename = "just_you.hosts_file")]
    JustYouHostsFile,
    #[serde(rename = "just_you.dns_blocked")]
    JustYouDnsBlocked,
    #[serde(rename = "just_you.dns_resolver")]
    JustYouDnsResolver,
    #[serde(rename = "just_you.dns_stale")]
    JustYouDnsStale,
    #[serde(rename = "just_you.cdn_edge")]
    JustYouCdnEdge,
    #[serde(rename = "just_you.clock_skew")]
    JustYouClockSkew,
    #[serde(rename = "just_you.tls_interception")]
    JustYouTlsInterception,
    #[serde(rename = "just_you.firewall")]
    JustYouFirewall,
    #[serde(rename = "just_you.path_mtu")]
    JustYouPathMtu,
    #[serde(rename = "just_you.network_path")]
    JustYouNetworkPath,
    #[serde(rename = "down_for_everyone.site_dns")]
    DownSiteDns,
    #[serde(rename = "down_for_everyone.site_tls")]
    DownSiteTls,
    #[serde(rename = "down_for_everyone.origin")]
    DownOrigin,
    #[serde(rename = "down_for_everyone.site_unreachable")]
    DownSiteUnreachable,
    #[serde(rename = "inconclusive.none")]
    InconclusiveNone,
    #[serde(rename = "inconclusive.site_unreachable")]
    InconclusiveSiteUnreachable,
}
}

impl Outcome {
    /// The verdict and culprit of this pair.
    pub fn parts(self) -> (Verdict, Culprit) {
        use {Culprit as K, Outcome as O, Verdict as V};
        match self {
            O::UpNone => (V::Up, K::None),
            O::DegradedPacketLoss => (V::Degraded, K::PacketLoss),
            O::DegradedSlowNetwork => (V::Degraded, K::SlowNetwork),
            O::DegradedIpv6 => (V::Degraded, K::Ipv6),
            O::JustYouVpn => (V::JustYou, K::Vpn),
            O::JustYouNoNetwork => (V::JustYou, K::NoNetwork),
            O::JustYouCaptivePortal => (V::JustYou, K::CaptivePortal),
            O::JustYouProxy => (V::JustYou, K::Proxy),
            O::JustYouPacketLoss => (V::JustYou, K::PacketLoss),
            O::JustYouDnsHijack => (V::JustYou, K::DnsHijack),
            O::JustYouHostsFile => (V::JustYou, K::HostsFile),
            O::JustYouDnsBlocked => (V::JustYou, K::DnsBlocked),
            O::JustYouDnsResolver => (V::JustYou, K::DnsResolver),
            O::JustYouDnsStale => (V::JustYou, K::DnsStale),
            O::JustYouCdnEdge => (V::JustYou, K::CdnEdge),
            O::JustYouClockSkew => (V::JustYou, K::ClockSkew),
            O::JustYouTlsInterception => (V::JustYou, K::TlsInterception),
            O::JustYouFirewall => (V::JustYou, K::Firewall),
            O::JustYouPathMtu => (V::JustYou, K::PathMtu),
            O::JustYouNetworkPath => (V::JustYou, K::NetworkPath),
            O::DownSiteDns => (V::DownForEveryone, K::SiteDns),
            O::DownSiteTls => (V::DownForEveryone, K::SiteTls),
            O::DownOrigin => (V::DownForEveryone, K::Origin),
            O::DownSiteUnreachable => (V::DownForEveryone, K::SiteUnreachable),
            O::InconclusiveNone => (V::Inconclusive, K::None),
            O::InconclusiveSiteUnreachable => (V::Inconclusive, K::SiteUnreachable),
        }
    }

    /// The pair for a verdict and culprit, when the rules can decide it.
    pub fn of(verdict: Verdict, culprit: Culprit) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.parts() == (verdict, culprit))
    }

    /// What the user can do, most useful first. Depends on the culprit, except where the verdict
    /// changes what helps (up, and a site that may be down or may be cut off from here only).
    pub fn next_steps(self) -> &'static [S] {
        match self.parts().1 {
            Culprit::None if self == Outcome::UpNone => &[S::RefreshPage, S::ClearBrowserCache],
            Culprit::None => &[S::WaitAndRetry, S::TryOtherNetwork],
            // Another network (a phone on mobile data) tells "down for everyone" from "only from here".
            Culprit::SiteUnreachable if self == Outcome::InconclusiveSiteUnreachable => {
                &[S::TryOtherNetwork, S::WaitAndRetry]
            }
            Culprit::Origin | Culprit::SiteUnreachable => &[S::WaitAndRetry, S::WatchUntilBack, S::ContactSiteOwner],
            Culprit::SiteTls | Culprit::SiteDns => &[S::ContactSiteOwner, S::WatchUntilBack],
            Culprit::CdnEdge => &[S::FlushDns, S::UseAlternateResolver, S::WaitAndRetry],
            Culprit::NoNetwork => &[S::CheckConnection, S::RestartRouter, S::TryOtherNetwork],
            Culprit::CaptivePortal => &[S::SignInToNetwork, S::TryOtherNetwork],
            // Public DNS found it and the network's did not: switching is what fixes it; a flush only
            // helps once the network's resolver answers again.
            Culprit::DnsResolver => &[S::UseAlternateResolver, S::FlushDns, S::RestartRouter, S::ContactIsp],
            // A wrong answer may be a remembered one (from the hotel's network, say): forget it first.
            Culprit::DnsHijack => &[S::FlushDns, S::UseAlternateResolver, S::AskNetworkAdmin],
            Culprit::DnsBlocked => &[S::AskNetworkAdmin, S::UseAlternateResolver],
            Culprit::DnsStale => &[S::FlushDns, S::UseAlternateResolver, S::RestartRouter],
            Culprit::HostsFile => &[S::RemoveHostsEntry, S::FlushDns],
            Culprit::Proxy => &[S::DisableProxy, S::AskNetworkAdmin],
            Culprit::Vpn => &[S::DisableVpn, S::AskNetworkAdmin],
            Culprit::Firewall | Culprit::TlsInterception => &[S::AskNetworkAdmin, S::TryOtherNetwork],
            Culprit::NetworkPath | Culprit::PacketLoss => &[S::RestartRouter, S::TryOtherNetwork, S::ContactIsp],
            Culprit::PathMtu => &[S::DisableVpn, S::RestartRouter, S::ContactIsp],
            Culprit::ClockSkew => &[S::SetClockAutomatically, S::RefreshPage],
            Culprit::SlowNetwork => &[S::WaitAndRetry, S::RestartRouter, S::TryOtherNetwork],
            Culprit::Ipv6 => &[S::RestartRouter, S::ContactIsp],
        }
    }
}
