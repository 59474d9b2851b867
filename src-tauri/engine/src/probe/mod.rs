//! The probes. Each returns [`Check`]s; the libraries they use stay inside this module.

pub(crate) mod connection;
pub(crate) mod connectivity;
pub(crate) mod dns;
pub(crate) mod doh;
pub(crate) mod environment;
pub(crate) mod fingerprint;
pub(crate) mod http;
pub(crate) mod loss;
pub(crate) mod netinfo;
pub(crate) mod proxy;
pub(crate) mod redirect;
pub(crate) mod tls;
pub(crate) mod vantage;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use tokio::sync::OnceCell;
use tokio::time::Instant as TokioInstant;

use crate::config::ResolverAddr;

pub(crate) use connection::{plain_http, site_connection};

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

/// What every probe of one run shares: the resolvers, the deadline and the TLS trust store.
#[derive(Debug)]
pub(crate) struct Ctx {
    /// "This computer's DNS": for names met on the way (redirects, proxies, DoH servers).
    pub system: Vec<ResolverAddr>,
    /// No probe waits past it.
    pub deadline: TokioInstant,
    extra_ca: Option<PathBuf>,
    tls: OnceCell<tls::TlsSetup>,
}

impl Ctx {
    /// The shared context of one run.
    pub(crate) fn new(system: Vec<ResolverAddr>, deadline: TokioInstant, extra_ca: Option<PathBuf>) -> Self {
        Self { system, deadline, extra_ca, tls: OnceCell::new() }
    }

    /// The trust store, read once per run by whichever probe needs it first.
    pub(crate) async fn tls(&self) -> &tls::TlsSetup {
        self.tls
            .get_or_init(|| async {
                let extra = self.extra_ca.clone();
                tokio::task::spawn_blocking(move || tls::TlsSetup::load(extra.as_deref()).0)
                    .await
                    .unwrap_or_else(|_| tls::TlsSetup::load(None).0)
            })
            .await
    }
}
