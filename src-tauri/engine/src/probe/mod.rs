//! The probes. Each returns [`Check`]s; the libraries they use stay inside this module.

pub(crate) mod connection;
pub(crate) mod connectivity;
pub(crate) mod cut;
pub(crate) mod dns;
pub(crate) mod dns_os;
pub(crate) mod doh;
pub(crate) mod environment;
pub(crate) mod exchange;
pub(crate) mod fingerprint;
pub(crate) mod http;
pub(crate) mod loss;
pub(crate) mod netinfo;
pub(crate) mod owner;
pub(crate) mod owner_dns;
pub(crate) mod proxy;
pub(crate) mod redirect;
pub(crate) mod status_page;
pub(crate) mod tls;
pub(crate) mod vantage;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use tokio::sync::OnceCell;
use tokio::time::Instant as TokioInstant;

use crate::check_id::CheckId;
use crate::config::ResolverAddr;
use crate::finding::{Check, ErrorClass};

pub(crate) use connection::{Plain, plain_http, site_connection};

/// `ip:port` with brackets for IPv6, as a subject and in evidence.
pub(crate) fn endpoint(ip: IpAddr, port: u16) -> String {
    SocketAddr::new(ip, port).to_string()
}

/// A step that a finished probe asks the plan to start next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Next {
    /// HTTPS to this address failed before any HTTP answer: try plain HTTP on port 80 there.
    PlainHttp(IpAddr),
}

/// Why a step of a probe failed, in the one shape every probe uses: the class the rules read and
/// the technical words a help desk reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    /// What kind of failure it was.
    pub class: ErrorClass,
    /// The technical words.
    pub message: String,
    /// The HTTP status that came with it, when a server answered but not usefully.
    pub status: Option<u16>,
}

impl Failure {
    /// A failure of this class with these words.
    pub(crate) fn new(class: ErrorClass, message: impl Into<String>) -> Self {
        Self { class, message: message.into(), status: None }
    }

    /// The same failure, said to have come with HTTP `status`.
    pub(crate) fn with_status(self, status: u16) -> Self {
        Self { status: Some(status), ..self }
    }

    /// The same failure with words saying what was being done: `"{doing}: {message}"`.
    pub(crate) fn context(self, doing: impl std::fmt::Display) -> Self {
        Self { message: format!("{doing}: {}", self.message), ..self }
    }

    /// A failed check `id` that shows this failure.
    pub(crate) fn into_check(self, id: CheckId, subject: Option<String>, elapsed_ms: u64) -> Check {
        let mut c = Check::failed(id, subject, self.class, self.message, elapsed_ms);
        c.detail.status_code = self.status;
        c
    }
}

/// What every probe of one run shares: the resolvers, the deadline and the TLS trust store.
#[derive(Debug)]
pub(crate) struct Ctx {
    /// "This computer's DNS": for names met on the way (redirects, proxies, DoH servers).
    pub system: Vec<ResolverAddr>,
    /// No probe waits past it.
    pub deadline: TokioInstant,
    extra_ca: Vec<PathBuf>,
    tls: OnceCell<tls::TlsSetup>,
    /// The connect time of the first address of the site that loaded: the other addresses'
    /// connects are judged against it (`cut.rs`).
    site_loaded: tokio::sync::watch::Sender<Option<u64>>,
}

impl Ctx {
    /// The shared context of one run.
    pub(crate) fn new(system: Vec<ResolverAddr>, deadline: TokioInstant, extra_ca: Vec<PathBuf>) -> Self {
        Self { system, deadline, extra_ca, tls: OnceCell::new(), site_loaded: tokio::sync::watch::Sender::new(None) }
    }

    /// Tells the site's other connections that one address loaded, `connect_ms` after its start
    /// of connecting (the first such news counts).
    pub(crate) fn site_loaded(&self, connect_ms: u64) {
        self.site_loaded.send_if_modified(|v| v.is_none() && v.replace(connect_ms).is_none());
    }

    /// News of the first address of the site that loaded.
    pub(crate) fn on_site_loaded(&self) -> cut::Signal {
        self.site_loaded.subscribe()
    }

    /// The trust store, read once per run by whichever probe needs it first.
    pub(crate) async fn tls(&self) -> &tls::TlsSetup {
        self.tls
            .get_or_init(|| async {
                let extra = self.extra_ca.clone();
                tokio::task::spawn_blocking(move || tls::TlsSetup::load(&extra))
                    .await
                    .unwrap_or_else(|_| tls::TlsSetup::load(&[]))
            })
            .await
    }

    /// The addresses of a host met on the way (a redirect's, a proxy's, a DoH server's): an IP
    /// literal as it is, else the system resolvers' answer, which must come before the deadline.
    /// Never an empty list: no address is a failure.
    pub(crate) async fn resolve(&self, host: &str) -> Result<Vec<IpAddr>, Failure> {
        if let Ok(ip) = host.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>() {
            return Ok(vec![ip]);
        }
        match tokio::time::timeout_at(self.deadline, dns::lookup(&self.system, host)).await {
            Ok(Ok(ips)) if !ips.is_empty() => Ok(ips),
            Ok(Ok(_)) => Err(Failure::new(ErrorClass::NoAnswer, "no addresses")),
            Ok(Err(f)) => Err(f),
            Err(_) => Err(Failure::new(ErrorClass::Timeout, "no DNS answer in time")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_says_what_was_being_done_and_keeps_its_class_and_status() {
        let f = Failure::new(ErrorClass::Timeout, "no DNS answer in time").context("cannot find the proxy p");
        assert_eq!(f.message, "cannot find the proxy p: no DNS answer in time");
        let c = f.with_status(503).into_check(CheckId::SiteProxy, Some("p".into()), 7);
        assert_eq!((c.detail.error, c.detail.status_code, c.elapsed_ms), (Some(ErrorClass::Timeout), Some(503), 7));
        assert_eq!(c.detail.message.as_deref(), Some("cannot find the proxy p: no DNS answer in time"));
    }

    #[tokio::test]
    async fn an_address_literal_resolves_to_itself_without_asking_anyone() {
        // No resolvers at all: asking one would fail, so an answer proves none was asked.
        let ctx = Ctx::new(Vec::new(), TokioInstant::now() + std::time::Duration::from_secs(1), Vec::new());
        assert_eq!(ctx.resolve("[::1]").await, Ok(vec![IpAddr::from(std::net::Ipv6Addr::LOCALHOST)]));
        assert_eq!(ctx.resolve("127.0.0.1").await, Ok(vec![IpAddr::from([127, 0, 0, 1])]));
        assert_eq!(ctx.resolve("shop.example.test").await.map_err(|f| f.class), Err(ErrorClass::NotRun));
    }
}
