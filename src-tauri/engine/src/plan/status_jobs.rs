//! The status pages a run reads: a page is asked the moment a finding names its provider (who
//! served the answer, a CNAME, an address in its ranges) or the site's page links its own, each
//! once per run, and only with the consent the places elsewhere have.

use std::collections::HashSet;

use super::registry::{Done, Job};
use crate::config::Config;
use crate::finding::Check;
use crate::probe::{Failure, status_page, vantage};
use crate::status::{self, Kind, Provider};
use tokio::time::Instant as TokioInstant;

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
}

impl StatusJobs {
    /// The status pages of a run under `config`.
    pub(super) fn new(config: &Config) -> Self {
        let client = config.vantage_enabled.then(|| vantage::client(&config.extra_ca));
        Self { client, site_status: config.site_status, config: config.clone(), asked: HashSet::new() }
    }

    /// The pages `check` names that were not asked yet.
    pub(super) fn after(&mut self, check: &Check, deadline: TokioInstant) -> Vec<Step> {
        let mut wanted: Vec<(Provider, Option<url::Url>)> =
            status::detect(check).into_iter().map(|p| (p, self.config.status_page(p))).collect();
        if self.site_status
            && let Some(link) = check.detail.status_link.as_deref().and_then(|l| url::Url::parse(l).ok())
        {
            wanted.push((Provider::Site, Some(link)));
        }
        let mut steps = Vec::new();
        for (provider, url) in wanted {
            let Some(url) = url else { continue };
            if !self.asked.insert(provider) {
                continue;
            }
            let region = check.detail.headers.as_ref().and_then(|h| status::region_of(provider, h));
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
