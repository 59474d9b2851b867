//! Which of a status page's incidents concern this site: those at the provider's location that
//! served this computer, those the provider lists against the service the site uses, and those it
//! lists against nothing in particular. Incidents at other locations or in the provider's
//! dashboard are counted, not told: a big CDN nearly always has one somewhere.

use std::collections::BTreeMap;

use super::{Incident, Provider, ProviderStatus, StatusPage, providers};
use crate::check_id::CheckId;
use crate::finding::{Check, Status};

/// What each status page read in the run says about this site, in the order the checks came.
/// `headers` are the identifying headers of the answer the verdict rests on (for the location).
pub(crate) fn evidence(checks: &[Check], headers: Option<&BTreeMap<String, String>>) -> Vec<ProviderStatus> {
    let mut out: Vec<ProviderStatus> = Vec::new();
    for c in checks.iter().filter(|c| matches!(c.id, CheckId::StatusProvider | CheckId::StatusSite)) {
        let Some(provider) = provider_of(c) else { continue };
        if c.status == Status::Skipped || out.iter().any(|p| p.provider == provider) {
            continue;
        }
        let page = c.detail.status_page.as_ref();
        let region = headers.and_then(|h| providers::region_of(provider, h));
        out.push(match page {
            Some(page) => judge(provider, page, region),
            None => ProviderStatus {
                provider,
                page: c.detail.url.clone().unwrap_or_default(),
                read: false,
                region,
                place: None,
                trouble: Vec::new(),
                other_incidents: 0,
            },
        });
    }
    out
}

/// The provider a status check read, from its subject (the provider's key).
fn provider_of(c: &Check) -> Option<Provider> {
    match c.id {
        CheckId::StatusSite => Some(Provider::Site),
        _ => c.subject.as_deref().and_then(providers::by_key),
    }
}

/// Sorts a page's incidents into those that concern a site served from `region` and the rest.
pub(crate) fn judge(provider: Provider, page: &StatusPage, region: Option<String>) -> ProviderStatus {
    let service = providers::spec(provider).service;
    let here = |name: &str| region.as_deref().is_some_and(|code| names_location(name, code));
    let concerns = |i: &Incident| {
        provider == Provider::Site
            || i.components.is_empty()
            || i.components.iter().any(|n| here(n) || service.iter().any(|w| n.to_ascii_lowercase().contains(w)))
    };
    let (mut trouble, other): (Vec<Incident>, Vec<Incident>) = page.incidents.iter().cloned().partition(concerns);
    // At this location first, then the most severe, then the oldest.
    trouble.sort_by_key(|i| {
        (!i.components.iter().any(|n| here(n)), std::cmp::Reverse(severity(i.impact.as_deref())), i.started_at.clone())
    });
    let place = region.as_deref().and_then(|code| {
        let listed =
            page.incidents.iter().flat_map(|i| i.components.iter()).chain(page.components.iter().map(|c| &c.name));
        listed.into_iter().find(|n| names_location(n, code)).map(|n| place_name(n))
    });
    ProviderStatus {
        provider,
        page: page.url.clone(),
        read: true,
        region,
        place,
        trouble,
        other_incidents: u32::try_from(other.len()).unwrap_or(u32::MAX),
    }
}

fn severity(impact: Option<&str>) -> u8 {
    match impact {
        Some("critical") => 3,
        Some("major") => 2,
        Some("minor") => 1,
        _ => 0,
    }
}

/// Whether a component's name is the location `code`: "Amsterdam, Netherlands - (AMS)", "AMS",
/// "Frankfurt (FRA)".
fn names_location(name: &str, code: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    upper == code || upper.contains(&format!("({code})")) || upper.ends_with(&format!("- {code}"))
}

/// "Amsterdam, Netherlands - (AMS)" → "Amsterdam, Netherlands".
fn place_name(name: &str) -> String {
    let cut = name.find(" - ").or_else(|| name.find(" (")).unwrap_or(name.len());
    name[..cut].trim().to_owned()
}
