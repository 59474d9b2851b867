//! "Is it down for everyone?": asks independent services on the internet to load the site from
//! their own probes. Only with consent (`[vantage] enabled`, `--no-vantage`, the window's question).
//! A 429, a 5xx, garbage or silence from a service is a finding ("could not ask"), never an error.

pub(crate) mod check_host;
pub(crate) mod globalping;

use crate::check_id::CheckId;
use std::time::Duration;

use tokio::time::Instant as TokioInstant;

use super::{Ctx, Failure};
use crate::config::Config;
use crate::finding::{Check, ErrorClass, Status, VantagePoint, ms_since};
use crate::target::Target;

/// Largest API answer read; real answers for three probes are a few kilobytes.
const MAX_BODY: usize = 512 * 1024;
/// One API request may take this long at most.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
/// How many probes to ask for: enough to agree, few enough for anonymous limits.
pub(crate) const PROBES: u32 = 3;
/// A service's answer must land this long before the run's deadline to count.
const ANSWER_MARGIN: Duration = Duration::from_millis(300);

/// A service that loads the site from elsewhere. Which one a check asks is this value, so that
/// the plan lists services as data and never tells them apart by check id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Service {
    /// Globalping (`vantage.globalping`).
    Globalping,
    /// check-host.net (`vantage.check_host`).
    CheckHost,
}

impl Service {
    /// Every service, in the order their checks are listed.
    pub(crate) const ALL: [Self; 2] = [Self::Globalping, Self::CheckHost];

    /// The check that reports this service's answer.
    pub(crate) fn id(self) -> CheckId {
        match self {
            Self::Globalping => CheckId::VantageGlobalping,
            Self::CheckHost => CheckId::VantageCheckHost,
        }
    }

    /// The service's API base URL from the config.
    pub(crate) fn base(self, config: &Config) -> &url::Url {
        match self {
            Self::Globalping => &config.globalping,
            Self::CheckHost => &config.check_host,
        }
    }

    /// Asks the service at `base` to load the target, answering by `until`.
    async fn ask(
        self,
        client: &reqwest::Client,
        base: &url::Url,
        target: &Target,
        until: TokioInstant,
    ) -> Result<Vec<VantagePoint>, Failure> {
        match self {
            Self::Globalping => globalping::ask(client, base, target, until).await,
            Self::CheckHost => check_host::ask(client, base, target, until).await,
        }
    }
}

/// One HTTP client for the services: a real User-Agent, no cookies, bounded redirects, and the
/// same trust as the site's own probe (reqwest verifies through `rustls-platform-verifier`; the
/// `[tls] extra_ca` certificates are merged in, and one that cannot be read fails the client).
pub(crate) fn client(extra_ca: &[std::path::PathBuf]) -> Result<reqwest::Client, Failure> {
    let mut extra = Vec::new();
    for path in extra_ca {
        let pem = std::fs::read(path)
            .map_err(|e| Failure::new(ErrorClass::Other, format!("cannot read {}: {e}", path.display())))?;
        extra.extend(
            reqwest::Certificate::from_pem_bundle(&pem)
                .map_err(|e| Failure::new(ErrorClass::Other, format!("{}: {e}", path.display())))?,
        );
    }
    reqwest::Client::builder()
        .tls_certs_merge(extra)
        .user_agent(concat!("SiteDoctor/", env!("CARGO_PKG_VERSION"), " (+https://github.com/site-doctor/site-doctor)"))
        .connect_timeout(REQUEST_TIMEOUT)
        .redirect(reqwest::redirect::Policy::limited(3))
        .build()
        .map_err(|e| Failure::new(ErrorClass::Other, e.to_string()))
}

/// Asks `service` at `base` to load the target: its `vantage.*` check.
pub(crate) async fn check(
    service: Service,
    client: &reqwest::Client,
    base: &url::Url,
    target: &Target,
    ctx: &Ctx,
) -> Check {
    let start = std::time::Instant::now();
    // Leave time for the answer to count: a result that lands after the deadline is wasted.
    let until = ctx.deadline.checked_sub(ANSWER_MARGIN).unwrap_or(ctx.deadline);
    let result = service.ask(client, base, target, until).await;
    to_check(service.id(), base, start, result)
}

/// Sends a request with its own timeout (cut by the deadline) and reads a bounded JSON body.
pub(crate) async fn send_json(
    req: reqwest::RequestBuilder,
    deadline: TokioInstant,
) -> Result<(u16, serde_json::Value), Failure> {
    let until = (TokioInstant::now() + REQUEST_TIMEOUT).min(deadline);
    let work = async {
        let mut resp = req.send().await.map_err(|e| {
            let class = if e.is_timeout() {
                ErrorClass::Timeout
            } else if e.is_connect() {
                ErrorClass::ConnectionRefused
            } else {
                ErrorClass::Other
            };
            Failure::new(class, format!("could not reach the service: {e}"))
        })?;
        let status = resp.status().as_u16();
        let mut body = Vec::new();
        // Bounded by MAX_BODY and the deadline around this block.
        while let Some(chunk) =
            resp.chunk().await.map_err(|e| Failure::new(ErrorClass::ConnectionReset, e.to_string()))?
        {
            if body.len() + chunk.len() > MAX_BODY {
                return Err(Failure::new(ErrorClass::TooLarge, "the service's answer was too large"));
            }
            body.extend_from_slice(&chunk);
        }
        if status == 429 || status >= 500 {
            let what = if status == 429 {
                "rate limited: too many checks from this address for now"
            } else {
                "the service has a problem"
            };
            return Err(Failure::new(ErrorClass::Other, format!("HTTP {status}: {what}")).with_status(status));
        }
        let json = serde_json::from_slice(&body).map_err(|_| {
            Failure::new(ErrorClass::HttpProtocol, format!("HTTP {status} with an answer that is not JSON"))
                .with_status(status)
        })?;
        Ok((status, json))
    };
    match tokio::time::timeout_at(until, work).await {
        Ok(r) => r,
        Err(_) => Err(Failure::new(ErrorClass::Timeout, "the service did not answer in time")),
    }
}

/// Turns what a service said into a check: pass when others load the site, fail when none can,
/// warn when the service could not be asked.
pub(crate) fn to_check(
    id: CheckId,
    service: &url::Url,
    start: std::time::Instant,
    result: Result<Vec<VantagePoint>, Failure>,
) -> Check {
    let subject = service.host_str().map(str::to_owned);
    match result {
        Ok(points) if points.is_empty() => {
            let mut c = Check::new(id, subject, Status::Warn, ms_since(start));
            c.detail.error = Some(ErrorClass::NoAnswer);
            c.detail.message = Some("no probe reported back in time".into());
            c.detail.url = Some(service.to_string());
            c
        }
        Ok(points) => {
            let loaded = points.iter().filter(|p| p.loaded()).count();
            let status = if loaded > 0 { Status::Pass } else { Status::Fail };
            let mut c = Check::new(id, subject, status, ms_since(start));
            c.detail.message = Some(format!("{loaded} of {} places loaded the site", points.len()));
            c.detail.url = Some(service.to_string());
            c.detail.vantage = Some(points);
            c
        }
        Err(e) => {
            let mut c = Check::new(id, subject, Status::Warn, ms_since(start));
            c.detail.error = Some(e.class);
            c.detail.status_code = e.status;
            c.detail.message = Some(format!("could not ask: {}", e.message));
            c.detail.url = Some(service.to_string());
            c
        }
    }
}

/// A `warn` vantage check for a service that could not even be asked (no HTTP client here).
pub(crate) fn could_not_ask(id: CheckId, service: &url::Url, why: &Failure) -> Check {
    to_check(id, service, std::time::Instant::now(), Err(why.clone().context("cannot set up")))
}

/// A `skipped` vantage check: the user (or the config) said not to ask third parties.
pub(crate) fn not_allowed(id: CheckId, service: &url::Url) -> Check {
    let mut c = Check::new(id, service.host_str().map(str::to_owned), Status::Skipped, 0);
    c.detail.error = Some(ErrorClass::NotRun);
    c.detail.message = Some("not asked: third-party checks are turned off".into());
    c
}

/// Joins `path` onto a base URL that may or may not end in `/`.
pub(crate) fn endpoint(base: &url::Url, path: &str) -> Result<url::Url, Failure> {
    let mut s = base.as_str().trim_end_matches('/').to_owned();
    s.push_str(path);
    url::Url::parse(&s).map_err(|e| Failure::new(ErrorClass::Other, format!("bad service URL: {e}")))
}
