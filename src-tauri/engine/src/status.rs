//! "Does the company in front of the site say it has trouble?": who fronts or hosts the site, from
//! the evidence a run already has (who served the answer, the addresses, the CNAME chain), and what
//! that company's public status page says now. Status pages are third parties: they are read only
//! with the same consent as the places elsewhere, and what they say never changes the verdict. It
//! is told beside it ("Cloudflare reports trouble in Amsterdam since 10:02").

mod providers;
mod relevance;
#[cfg(test)]
mod tests;
pub mod words;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub(crate) use providers::{Kind, by_cname, by_key, detect, region_of, spec};
pub(crate) use relevance::{evidence, judge};

listed! {
/// A company whose public status page can say the site's trouble is theirs, or the site's own
/// status page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Provider {
    /// Cloudflare (CDN and proxy).
    Cloudflare,
    /// Fastly (CDN).
    Fastly,
    /// Amazon CloudFront (CDN).
    Cloudfront,
    /// Akamai (CDN).
    Akamai,
    /// Azure Front Door (CDN).
    AzureFrontDoor,
    /// Vercel (hosting).
    Vercel,
    /// Netlify (hosting).
    Netlify,
    /// GitHub Pages (hosting).
    GithubPages,
    /// Heroku (hosting).
    Heroku,
    /// The site's own status page, linked from its pages.
    Site,
}
}

/// What one status page said, as read (the `status.provider` and `status.site` checks' detail).
/// Bounded: at most [`MAX_INCIDENTS`] incidents and [`MAX_COMPONENTS`] components.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct StatusPage {
    /// The page people read (not the API), e.g. `https://www.cloudflarestatus.com`.
    pub url: String,
    /// The page's overall indicator: `none`, `minor`, `major`, `critical`, `maintenance`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub indicator: Option<String>,
    /// The page's overall words, e.g. "All Systems Operational".
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub description: Option<String>,
    /// The incidents not resolved yet.
    #[serde(default)]
    pub incidents: Vec<Incident>,
    /// The components not operational (degraded, partial or major outage, maintenance).
    #[serde(default)]
    pub components: Vec<ComponentState>,
}

/// At most this many incidents are kept from one page.
pub const MAX_INCIDENTS: usize = 20;
/// At most this many components are kept from one page.
pub const MAX_COMPONENTS: usize = 60;

/// One incident a status page reports as not resolved.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct Incident {
    /// Its title, as the provider wrote it.
    pub name: String,
    /// `investigating`, `identified`, `monitoring`, …
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub status: Option<String>,
    /// `none`, `minor`, `major`, `critical`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub impact: Option<String>,
    /// When it began, RFC 3339 UTC.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub started_at: Option<String>,
    /// Its page, for people to read.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub url: Option<String>,
    /// The components it affects, by name ("Amsterdam, Netherlands - (AMS)").
    #[serde(default)]
    pub components: Vec<String>,
}

/// One component that is not operational.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct ComponentState {
    /// Its name.
    pub name: String,
    /// `degraded_performance`, `partial_outage`, `major_outage`, `under_maintenance`.
    pub status: String,
}

/// What a provider's status page says about this site, for every renderer (`evidence.status`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct ProviderStatus {
    /// Whose page.
    pub provider: Provider,
    /// The page people read.
    pub page: String,
    /// Whether the page could be read (a page that could not is absent evidence, not good news).
    pub read: bool,
    /// The provider's location code that served this computer (`AMS` from a `cf-ray`), when the
    /// answer carried one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub region: Option<String>,
    /// That location as the status page names it ("Amsterdam, Netherlands"), when it lists it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub place: Option<String>,
    /// Incidents that concern this site: at its location, or not limited to any component.
    #[serde(default)]
    pub trouble: Vec<Incident>,
    /// Incidents elsewhere (other locations, the provider's dashboard or API): counted, not told.
    pub other_incidents: u32,
}

impl ProviderStatus {
    /// The incident to tell first: at this site's location, else the most severe, else the oldest.
    pub fn headline(&self) -> Option<&Incident> {
        self.trouble.first()
    }
}

impl Provider {
    /// The provider's name as people know it.
    pub fn name(self) -> &'static str {
        providers::spec(self).name
    }

    /// The provider's `[status]` key and `status.provider` subject, e.g. `cloudflare`.
    pub fn key(self) -> &'static str {
        providers::spec(self).key
    }
}
