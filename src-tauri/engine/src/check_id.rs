//! The names of the checks, as one type: the JSON keeps its dotted ids (`dns.system`), and the
//! compiler finds every place that reads or writes one.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

listed! {
/// Which probe a [`crate::Check`] came from. Serialized as the contract's dotted id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub enum CheckId {
    /// The proxy settings of the environment (`HTTPS_PROXY` and friends).
    #[serde(rename = "environment.proxy")]
    EnvironmentProxy,
    /// The hosts file's line for the site, if any.
    #[serde(rename = "environment.hosts")]
    EnvironmentHosts,
    /// The network interfaces that are up.
    #[serde(rename = "environment.interfaces")]
    EnvironmentInterfaces,
    /// The default routes (and whether a tunnel carries them).
    #[serde(rename = "environment.route")]
    EnvironmentRoute,
    /// The DNS servers this computer uses.
    #[serde(rename = "environment.dns_servers")]
    EnvironmentDnsServers,
    /// The certificate authorities this computer trusts, as the operating system keeps them:
    /// whether they could be read.
    #[serde(rename = "environment.trust_store")]
    EnvironmentTrustStore,
    /// One connectivity check URL (`generate_204` and the like).
    #[serde(rename = "connectivity.probe")]
    ConnectivityProbe,
    /// Small questions to the resolvers, counting the lost ones.
    #[serde(rename = "connectivity.loss")]
    ConnectivityLoss,
    /// The site's name through the system resolver.
    #[serde(rename = "dns.system")]
    DnsSystem,
    /// The site's name as the operating system's own resolver gives it (what the browser gets).
    #[serde(rename = "dns.os")]
    DnsOs,
    /// The site's name through one public resolver.
    #[serde(rename = "dns.alternate")]
    DnsAlternate,
    /// The site's name through one DNS-over-HTTPS endpoint.
    #[serde(rename = "dns.doh")]
    DnsDoh,
    /// The site at one address: TCP, TLS, HTTP.
    #[serde(rename = "site.connection")]
    SiteConnection,
    /// Plain HTTP on port 80, tried when HTTPS failed before any answer.
    #[serde(rename = "site.connection.http")]
    SiteConnectionHttp,
    /// The site through the configured proxy.
    #[serde(rename = "site.proxy")]
    SiteProxy,
    /// Other places on the internet, through Globalping.
    #[serde(rename = "vantage.globalping")]
    VantageGlobalping,
    /// Other places on the internet, through check-host.net.
    #[serde(rename = "vantage.check_host")]
    VantageCheckHost,
    /// The owner's mode: one route of the site asked several times over a few seconds.
    #[serde(rename = "owner.route")]
    OwnerRoute,
    /// The owner's mode: the same request straight to the origin, with the site's Host and SNI.
    #[serde(rename = "owner.origin")]
    OwnerOrigin,
    /// The owner's mode: the site's records at its authoritative servers beside the public
    /// resolvers' and this computer's, and the CNAME chain.
    #[serde(rename = "owner.dns")]
    OwnerDns,
    /// The public status page of a company that fronts or hosts the site (Cloudflare, Fastly,
    /// GitHub Pages, …), read for open incidents. Only with consent, like the places elsewhere.
    #[serde(rename = "status.provider")]
    StatusProvider,
    /// The site's own status page, when its pages link one. Only with consent.
    #[serde(rename = "status.site")]
    StatusSite,
}
}

/// The families of checks, which is how people group them ("your DNS", "the website's server").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CheckFamily {
    /// This computer's own settings.
    Environment,
    /// Whether the internet is reachable at all.
    Connectivity,
    /// Looking the site's name up.
    Dns,
    /// Talking to the site.
    Site,
    /// Other places on the internet.
    Vantage,
    /// What the companies in front of the site say on their status pages.
    Status,
}

impl CheckId {
    /// The dotted id of the contract, e.g. `dns.system`.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckId::EnvironmentProxy => "environment.proxy",
            CheckId::EnvironmentHosts => "environment.hosts",
            CheckId::EnvironmentInterfaces => "environment.interfaces",
            CheckId::EnvironmentRoute => "environment.route",
            CheckId::EnvironmentDnsServers => "environment.dns_servers",
            CheckId::EnvironmentTrustStore => "environment.trust_store",
            CheckId::ConnectivityProbe => "connectivity.probe",
            CheckId::ConnectivityLoss => "connectivity.loss",
            CheckId::DnsSystem => "dns.system",
            CheckId::DnsOs => "dns.os",
            CheckId::DnsAlternate => "dns.alternate",
            CheckId::DnsDoh => "dns.doh",
            CheckId::SiteConnection => "site.connection",
            CheckId::SiteConnectionHttp => "site.connection.http",
            CheckId::SiteProxy => "site.proxy",
            CheckId::VantageGlobalping => "vantage.globalping",
            CheckId::VantageCheckHost => "vantage.check_host",
            CheckId::OwnerRoute => "owner.route",
            CheckId::OwnerOrigin => "owner.origin",
            CheckId::OwnerDns => "owner.dns",
            CheckId::StatusProvider => "status.provider",
            CheckId::StatusSite => "status.site",
        }
    }

    /// The family this check belongs to.
    pub fn family(self) -> CheckFamily {
        match self {
            CheckId::EnvironmentProxy
            | CheckId::EnvironmentHosts
            | CheckId::EnvironmentInterfaces
            | CheckId::EnvironmentRoute
            | CheckId::EnvironmentDnsServers
            | CheckId::EnvironmentTrustStore => CheckFamily::Environment,
            CheckId::ConnectivityProbe | CheckId::ConnectivityLoss => CheckFamily::Connectivity,
            CheckId::DnsSystem | CheckId::DnsOs | CheckId::DnsAlternate | CheckId::DnsDoh => CheckFamily::Dns,
            // The owner's checks talk to the site's servers too; shown with them.
            CheckId::SiteConnection
            | CheckId::SiteConnectionHttp
            | CheckId::SiteProxy
            | CheckId::OwnerRoute
            | CheckId::OwnerOrigin => CheckFamily::Site,
            CheckId::OwnerDns => CheckFamily::Dns,
            CheckId::VantageGlobalping | CheckId::VantageCheckHost => CheckFamily::Vantage,
            CheckId::StatusProvider | CheckId::StatusSite => CheckFamily::Status,
        }
    }
}

impl std::fmt::Display for CheckId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of network interface it is (`environment.interfaces`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InterfaceKind {
    /// Wired Ethernet.
    Ethernet,
    /// Wi-Fi.
    Wifi,
    /// A mobile (cellular) modem.
    Mobile,
    /// The loopback interface.
    Loopback,
    /// A tunnel: a VPN or similar.
    Tunnel,
    /// A point-to-point link (PPP, PPPoE).
    Ppp,
    /// Anything else.
    #[default]
    Other,
}

/// An IP address family (`environment.route`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IpFamily {
    /// IPv4.
    #[default]
    Ipv4,
    /// IPv6.
    Ipv6,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_serializes_as_its_dotted_name_and_back() {
        for id in CheckId::ALL {
            let json = serde_json::to_string(&id).expect("serializes");
            assert_eq!(json, format!("\"{}\"", id.as_str()));
            assert_eq!(serde_json::from_str::<CheckId>(&json).expect("parses"), id);
        }
        let unique: std::collections::HashSet<_> = CheckId::ALL.iter().collect();
        assert_eq!(unique.len(), CheckId::ALL.len());
    }
}
