//! Who fronts or hosts a site, told from what a run already found: the name the fingerprint table
//! gave the answer (`probe/fingerprint.rs`), a CNAME into a provider's zone, or an address in a
//! provider's published ranges. And where the provider's status page is, and how to read it.

use std::net::IpAddr;

use super::Provider;
use crate::check_id::CheckId;
use crate::finding::Check;

/// How a provider's status page can be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// An Atlassian Statuspage: `/api/v2/summary.json` and `/api/v2/incidents/unresolved.json`.
    Statuspage,
    /// A page with no reading we know (an RSS feed, a bespoke app): its address is given, not read.
    LinkOnly,
}

/// One provider: its name, its status page, and how to recognise it.
pub(crate) struct Spec {
    /// As people know it.
    pub name: &'static str,
    /// The key of `[status]` in the configuration.
    pub key: &'static str,
    /// The public status page (the real one: tests point `[status]` elsewhere).
    pub page: &'static str,
    pub kind: Kind,
    /// Names the fingerprint table gives its answers.
    served_by: &'static [&'static str],
    /// A header only it sends.
    header: Option<&'static str>,
    /// Zones its CNAME targets end in.
    cname: &'static [&'static str],
    /// Address ranges it publishes, `(first address, prefix length)`.
    nets: &'static [(&'static str, u8)],
    /// Words in a component's name that concern every site it serves (lower case).
    pub service: &'static [&'static str],
}

const SPECS: &[(Provider, Spec)] = &[
    (
        Provider::Cloudflare,
        Spec {
            name: "Cloudflare",
            key: "cloudflare",
            page: "https://www.cloudflarestatus.com",
            kind: Kind::Statuspage,
            served_by: &["Cloudflare"],
            header: Some("cf-ray"),
            cname: &["cdn.cloudflare.net"],
            nets: &[
                ("104.16.0.0", 13),
                ("104.24.0.0", 14),
                ("172.64.0.0", 13),
                ("162.158.0.0", 15),
                ("188.114.96.0", 20),
                ("2606:4700::", 32),
            ],
            service: &["cdn/cache", "cdn "],
        },
    ),
    (
        Provider::Fastly,
        Spec {
            name: "Fastly",
            key: "fastly",
            page: "https://www.fastlystatus.com",
            kind: Kind::Statuspage,
            served_by: &["Fastly"],
            header: Some("x-fastly-request-id"),
            cname: &["fastly.net", "fastlylb.net"],
            nets: &[("151.101.0.0", 16), ("199.232.0.0", 16), ("2a04:4e42::", 32)],
            service: &["content delivery", "delivery"],
        },
    ),
    (
        Provider::Cloudfront,
        Spec {
            name: "Amazon CloudFront",
            key: "cloudfront",
            page: "https://health.aws.amazon.com/health/status",
            kind: Kind::LinkOnly,
            served_by: &["Amazon CloudFront"],
            header: Some("x-amz-cf-id"),
            cname: &["cloudfront.net"],
            nets: &[],
            service: &[],
        },
    ),
    (
        Provider::Akamai,
        Spec {
            name: "Akamai",
            key: "akamai",
            page: "https://www.akamaistatus.com",
            kind: Kind::Statuspage,
            served_by: &["Akamai"],
            header: Some("akamai-grn"),
            cname: &["akamaiedge.net", "akamai.net", "edgekey.net", "edgesuite.net", "akamaized.net"],
            nets: &[],
            service: &["content delivery", "delivery"],
        },
    ),
    (
        Provider::AzureFrontDoor,
        Spec {
            name: "Azure Front Door",
            key: "azure_front_door",
            page: "https://azure.status.microsoft/status",
            kind: Kind::LinkOnly,
            served_by: &["Azure Front Door"],
            header: Some("x-azure-ref"),
            cname: &["azurefd.net", "azureedge.net", "trafficmanager.net"],
            nets: &[],
            service: &[],
        },
    ),
    (
        Provider::Vercel,
        Spec {
            name: "Vercel",
            key: "vercel",
            page: "https://www.vercel-status.com",
            kind: Kind::Statuspage,
            served_by: &["Vercel"],
            header: Some("x-vercel-id"),
            cname: &["vercel-dns.com", "vercel.app"],
            nets: &[("76.76.21.0", 24)],
            service: &["edge network", "serving", "functions"],
        },
    ),
    (
        Provider::Netlify,
        Spec {
            name: "Netlify",
            key: "netlify",
            page: "https://www.netlifystatus.com",
            kind: Kind::Statuspage,
            served_by: &["Netlify"],
            header: Some("x-nf-request-id"),
            cname: &["netlify.app", "netlify.com", "netlifyglobalcdn.com"],
            nets: &[],
            service: &["content delivery", "cdn", "origin"],
        },
    ),
    (
        Provider::GithubPages,
        Spec {
            name: "GitHub Pages",
            key: "github_pages",
            page: "https://www.githubstatus.com",
            kind: Kind::Statuspage,
            served_by: &["GitHub Pages"],
            header: Some("x-github-request-id"),
            cname: &["github.io"],
            nets: &[("185.199.108.0", 22), ("2606:50c0:8000::", 46)],
            service: &["pages"],
        },
    ),
    (
        Provider::Heroku,
        Spec {
            name: "Heroku",
            key: "heroku",
            page: "https://status.heroku.com",
            kind: Kind::LinkOnly,
            served_by: &["Heroku"],
            header: None,
            cname: &["herokudns.com", "herokuapp.com", "herokussl.com"],
            nets: &[],
            service: &[],
        },
    ),
    (
        Provider::Site,
        Spec {
            name: "the site's own status page",
            key: "site",
            page: "",
            kind: Kind::Statuspage,
            served_by: &[],
            header: None,
            cname: &[],
            nets: &[],
            service: &[],
        },
    ),
];

/// The table's line for `p`.
pub(crate) fn spec(p: Provider) -> &'static Spec {
    SPECS.iter().find(|(q, _)| *q == p).map(|(_, s)| s).unwrap_or_else(|| unreachable!("every provider has a line"))
}

/// The provider whose `[status]` key this is (the site's own page has none).
pub(crate) fn by_key(key: &str) -> Option<Provider> {
    SPECS.iter().find(|(p, s)| s.key == key && *p != Provider::Site).map(|(p, _)| *p)
}

/// The providers a finding points at: who served an answer, a CNAME into a provider's zone, or
/// an address a resolver gave in a provider's ranges. In table order, each once.
pub(crate) fn detect(check: &Check) -> Vec<Provider> {
    let d = &check.detail;
    let site_side = matches!(check.id, CheckId::SiteConnection | CheckId::SiteConnectionHttp | CheckId::SiteProxy);
    let dns_side = matches!(check.id, CheckId::DnsSystem | CheckId::DnsOs | CheckId::DnsAlternate | CheckId::DnsDoh);
    let mut out = Vec::new();
    for (p, s) in SPECS {
        let served = site_side
            && (d.served_by.as_deref().is_some_and(|n| s.served_by.contains(&n))
                || s.header.is_some_and(|h| d.headers.as_ref().is_some_and(|hs| hs.contains_key(h))));
        let named = dns_side && d.cname.iter().flatten().any(|c| by_cname(c) == Some(*p));
        let placed = dns_side
            && d.answers.iter().flatten().filter_map(|a| a.parse::<IpAddr>().ok()).any(|ip| in_nets(ip, s.nets));
        if served || named || placed {
            out.push(*p);
        }
    }
    out
}

/// The provider whose zone a CNAME target is in.
pub(crate) fn by_cname(name: &str) -> Option<Provider> {
    let c = name.trim_end_matches('.').to_ascii_lowercase();
    SPECS.iter().find(|(_, s)| s.cname.iter().any(|z| c == *z || c.ends_with(&format!(".{z}")))).map(|(p, _)| *p)
}

/// Whether `ip` is in one of `nets`.
fn in_nets(ip: IpAddr, nets: &[(&str, u8)]) -> bool {
    nets.iter().any(|(first, len)| match (ip, first.parse::<IpAddr>()) {
        (IpAddr::V4(a), Ok(IpAddr::V4(n))) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(*len)).unwrap_or(0);
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), Ok(IpAddr::V6(n))) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(*len)).unwrap_or(0);
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    })
}

/// The provider's location code that served an answer, from its routing headers: `AMS` from
/// `cf-ray: 8c1e…-AMS`, `x-served-by: cache-ams21-AMS` or `x-amz-cf-pop: AMS54-P2`.
pub(crate) fn region_of(p: Provider, headers: &std::collections::BTreeMap<String, String>) -> Option<String> {
    let code = |s: &str| {
        let s = s.trim();
        (s.len() == 3 && s.chars().all(|c| c.is_ascii_alphabetic())).then(|| s.to_ascii_uppercase())
    };
    match p {
        Provider::Cloudflare => headers.get("cf-ray").and_then(|v| v.rsplit('-').next()).and_then(code),
        // A chain of caches lists each; the last one answered this computer.
        Provider::Fastly => headers
            .get("x-served-by")
            .and_then(|v| v.split(',').next_back())
            .and_then(|v| v.rsplit('-').next())
            .and_then(code),
        Provider::Cloudfront => headers.get("x-amz-cf-pop").and_then(|v| v.get(..3)).and_then(code),
        _ => None,
    }
}
