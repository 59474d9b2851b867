//! Reads a status page's API: an Atlassian Statuspage's `/api/v2/summary.json` (the overall
//! status, the components, the open incidents), and `/api/v2/incidents/unresolved.json` when the
//! summary leaves the incidents out. A page that cannot be read is a warning with the reason: no
//! news from a status page is absent evidence, not good news.

use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::time::Instant as TokioInstant;

use super::Failure;
use super::vantage::{endpoint, send_json};
use crate::check_id::CheckId;
use crate::finding::{Check, ErrorClass, Status, ms_since};
use crate::status::{ComponentState, Incident, MAX_COMPONENTS, MAX_INCIDENTS, Provider, StatusPage};

/// One status page may take this long at most: it is news beside the answer, not the answer.
pub(crate) const LIMIT: Duration = Duration::from_millis(2500);
/// Longest text kept from a page (titles, names).
const TEXT_KEEP: usize = 200;

/// The `status.provider` (or `status.site`) check: what the page at `base` says now. The region
/// hint (`AMS`) only decides whether the check warns; the evidence weighs it again.
pub(crate) async fn check(
    client: &reqwest::Client,
    provider: Provider,
    base: &url::Url,
    region: Option<String>,
    deadline: TokioInstant,
) -> Check {
    let start = Instant::now();
    let until = (TokioInstant::now() + LIMIT).min(deadline);
    let (id, subject) = subject_of(provider, base);
    let result = read(client, base, until).await;
    let mut c = match result {
        Ok(page) => {
            let judged = crate::status::judge(provider, &page, region);
            let status = if judged.trouble.is_empty() { Status::Pass } else { Status::Warn };
            let mut c = Check::new(id, subject, status, ms_since(start));
            c.detail.message = Some(match judged.trouble.len() {
                0 => format!("no open incident concerns this site ({} elsewhere)", judged.other_incidents),
                n => format!("{n} open incident(s) may concern this site"),
            });
            c.detail.status_page = Some(page);
            c
        }
        Err(e) => {
            let mut c = Check::new(id, subject, Status::Warn, ms_since(start));
            c.detail.error = Some(e.class);
            c.detail.status_code = e.status;
            c.detail.message = Some(format!("could not read the status page: {}", e.message));
            c
        }
    };
    c.detail.url = Some(base.to_string());
    c
}

/// The check id and subject of a provider's page: its key, or the site's page's host.
pub(crate) fn subject_of(provider: Provider, base: &url::Url) -> (CheckId, Option<String>) {
    match provider {
        Provider::Site => (CheckId::StatusSite, base.host_str().map(str::to_owned)),
        p => (CheckId::StatusProvider, Some(p.key().to_owned())),
    }
}

/// The `skipped` check of a page not read: third-party checks are off, or no reading is known.
pub(crate) fn not_read(provider: Provider, base: &url::Url, why: &str) -> Check {
    let (id, subject) = subject_of(provider, base);
    let mut c = Check::new(id, subject, Status::Skipped, 0);
    c.detail.error = Some(ErrorClass::NotRun);
    c.detail.message = Some(why.to_owned());
    c.detail.url = Some(base.to_string());
    c
}

/// Reads the summary, and the open incidents when the summary has none listed.
async fn read(client: &reqwest::Client, base: &url::Url, until: TokioInstant) -> Result<StatusPage, Failure> {
    let req = client.get(endpoint(base, "/api/v2/summary.json")?).header(reqwest::header::ACCEPT, "application/json");
    let (_, summary) = send_json(req, until).await?;
    let mut page = parse_summary(&summary, base)?;
    if summary.get("incidents").is_none() {
        let url = endpoint(base, "/api/v2/incidents/unresolved.json")?;
        let (_, open) = send_json(client.get(url), until).await?;
        page.incidents = incidents(&open);
    }
    Ok(page)
}

/// A Statuspage summary as a [`StatusPage`]; not one (no `status` and no `components`) is an error.
pub(crate) fn parse_summary(v: &Value, base: &url::Url) -> Result<StatusPage, Failure> {
    if v.get("status").is_none() && v.get("components").is_none() {
        return Err(Failure::new(ErrorClass::HttpProtocol, "the answer is not a Statuspage summary"));
    }
    let url = text(&v["page"]["url"]).filter(|u| u.starts_with("https://") || u.starts_with("http://"));
    let components = v["components"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| !c["group"].as_bool().unwrap_or(false))
        .filter_map(|c| {
            let status = text(&c["status"])?;
            (status != "operational").then(|| ComponentState { name: text(&c["name"]).unwrap_or_default(), status })
        })
        .take(MAX_COMPONENTS)
        .collect();
    Ok(StatusPage {
        url: url.unwrap_or_else(|| base.as_str().trim_end_matches('/').to_owned()),
        indicator: text(&v["status"]["indicator"]),
        description: text(&v["status"]["description"]),
        incidents: incidents(v),
        components,
    })
}

/// The open incidents of a summary or of `unresolved.json`.
pub(crate) fn incidents(v: &Value) -> Vec<Incident> {
    v["incidents"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|i| !matches!(i["status"].as_str(), Some("resolved" | "postmortem" | "completed")))
        .filter_map(|i| {
            Some(Incident {
                name: text(&i["name"])?,
                status: text(&i["status"]),
                impact: text(&i["impact"]),
                started_at: text(&i["started_at"]).or_else(|| text(&i["created_at"])).and_then(|t| utc(&t)),
                url: text(&i["shortlink"]).filter(|u| u.starts_with("https://") || u.starts_with("http://")),
                components: i["components"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|c| text(&c["name"]))
                    .take(MAX_COMPONENTS)
                    .collect(),
            })
        })
        .take(MAX_INCIDENTS)
        .collect()
}

/// The status page a site's page links to: the first `href` to a host named `status.…` or on
/// `statuspage.io`, as `scheme://host[:port]`. Linear in the page, which is read bounded.
pub(crate) fn link_in(page: &str) -> Option<String> {
    let lower = page.to_ascii_lowercase();
    for (at, _) in lower.match_indices("href=").take(2000) {
        let rest = lower[at + 5..].trim_start_matches(['"', '\'', ' ']);
        let end = rest.find(['"', '\'', ' ', '>', '<']).unwrap_or(rest.len());
        let Ok(url) = url::Url::parse(&rest[..end]) else { continue };
        let Some(host) = url.host_str() else { continue };
        let named = host.starts_with("status.") || host.ends_with(".statuspage.io");
        if named && matches!(url.scheme(), "https" | "http") {
            return Some(url.origin().ascii_serialization());
        }
    }
    None
}

/// A string value, trimmed and bounded; none when empty.
fn text(v: &Value) -> Option<String> {
    let s = v.as_str()?.trim();
    (!s.is_empty()).then(|| s.chars().filter(|c| !c.is_control()).take(TEXT_KEEP).collect())
}

/// An RFC 3339 time with any offset, as RFC 3339 UTC; none when it is not one.
fn utc(t: &str) -> Option<String> {
    use time::format_description::well_known::Rfc3339;
    let at = time::OffsetDateTime::parse(t, &Rfc3339).ok()?;
    at.to_offset(time::UtcOffset::UTC).format(&Rfc3339).ok()
}
