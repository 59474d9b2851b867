//! The status pages a run reads: a finding names a provider (who served the answer, a CNAME, an
//! address in its ranges) or the site's page links its own; once something about the site has
//! gone wrong (a connection failing or warning, a lookup failing), each page named is asked, once
//! per run, and only with the consent the places elsewhere have. A site that loads costs no
//! request to anyone's status page.

use std::collections::HashSet;

use super::registry::{Done, Job};
use crate::config::Config;
use crate::finding::Check;
use crate::probe::{Failure, status_page, vantage};
use crate::status::{self, Kind, Provider};
use tokio::time::Instant as TokioInstant;

/// Whether a finding shows the site in trouble: a connection to it failing or warning, or a
/// lookup of its name failing.
fn troubled(c: &Check) -> bool {
    use crate::check_id::CheckId as Id;
    use crate::finding::Status;
    match c.id {
        Id::SiteConnection | Id::SiteConnectionHttp | Id::SiteProxy => matches!(c.status, Status::Fail | Status::Warn),
        Id::DnsSystem | Id::DnsOs => c.status == Status::Fail,
        _ => false,
    }
}

/// What a finding calls for: a page to read, or a finding known at once (not allowed, no reading).
pub(super) enum Step {
    /// Read this page.
    Start(Job),
    /// Say why a page is not read.
    Known(Box<Check>),
}

/// The status pages of one run: which were asked, and how to ask.
pub(super) struct StatusJobs {
    /// The HTTP client; `None` when third-party checks are off, the reason when none could be made.
    client: Option<Result<reqwest::Client, Failure>>,
    site_status: bool,
    config: Config,
    asked: HashSet<Provider>,
    /// Named so far, with the location the naming answer came from, in order.
    named: Vec<(Provider, Option<url::Url>, Option<String>)>,
    /// Something about the site went wrong: the pages named are worth reading.
    trouble: bool,
}

impl StatusJobs {
    /// The status pages of a run under `config`.
    pub(super) fn new(config: &Config) -> Self {
        let client = config.vantage_enabled.then(|| vantage::client(&config.extra_ca));
        Self {
            client,
            site_status: config.site_status,
            config: config.clone(),
            asked: HashSet::new(),
            named: Vec::new(),
            trouble: false,
        }
    }

    /// The pages to ask (or say why not) after `check`: those named so far, once the site has
    /// shown trouble, each once.
    pub(super) fn after(&mut self, check: &Check, deadline: TokioInstant) -> Vec<Step> {
        let region = |p| check.detail.headers.as_ref().and_then(|h| status::region_of(p, h));
        for p in status::detect(check) {
            self.named.push((p, self.config.status_page(p), region(p)));
        }
        if self.site_status
            && let Some(link) = check.detail.status_link.as_deref().and_then(|l| url::Url::parse(l).ok())
        {
            self.named.push((Provider::Site, Some(link), None));
        }
        self.trouble |= troubled(check);
        if !self.trouble {
            return Vec::new();
        }
        let mut steps = Vec::new();
        let mut named = std::mem::take(&mut self.named);
        // An answer that carried the provider's location names it best.
        named.sort_by_key(|(_, _, region)| region.is_none());
        for (provider, url, region) in named {
            let Some(url) = url else { continue };
            if !self.asked.insert(provider) {
                continue;
            }
            steps.push(match (&self.client, status::spec(provider).kind) {
                (_, Kind::LinkOnly) => Step::Known(Box::new(status_page::not_read(
                    provider,
                    &url,
                    "not read: this provider's status page has no reading Site Doctor knows; open it to see",
                ))),
                (None, _) => Step::Known(Box::new(status_page::not_read(
                    provider,
                    &url,
                    "not read: third-party checks are turned off",
                ))),
                (Some(Err(e)), _) => {
                    let mut c = status_page::not_read(provider, &url, &format!("could not read: {}", e.message));
                    c.status = crate::finding::Status::Warn;
                    c.detail.error = Some(e.class);
                    Step::Known(Box::new(c))
                }
                (Some(Ok(client)), Kind::Statuspage) => {
                    let (id, subject) = status_page::subject_of(provider, &url);
                    let client = client.clone();
                    Step::Start(Job::new(id, subject, async move {
                        Done::of(status_page::check(&client, provider, &url, region, deadline).await)
                    }))
                }
            });
        }
        steps
    }
}
