//! The facts the verdict table reads, derived once from the checks. Each fact is a plain question
//! a technician would ask ("does anything load from here?"), so the table reads like their notes.

use crate::check_id::{CheckFamily, CheckId};
use std::collections::BTreeMap;
use std::net::IpAddr;

use crate::finding::{Check, ErrorClass, Status, TlsInfo, VantagePoint};
use crate::target::{Host, Target};

/// Bytes of body that need at least one full-size (1500-byte) packet on an Ethernet path.
const FULL_PACKET: u64 = 1500;

/// One attempt to load the site at one address.
#[derive(Debug, Clone, Default)]
pub(crate) struct Attempt {
    pub ip: Option<IpAddr>,
    /// The address as the check reported it (`ip:port`).
    pub address: Option<String>,
    /// The identifying headers of the (first) answer.
    pub headers: BTreeMap<String, String>,
    /// What the certificate said.
    pub tls: Option<TlsInfo>,
    pub code: Option<u16>,
    pub error: Option<ErrorClass>,
    pub connect_ms: Option<u64>,
    pub first_byte_ms: Option<u64>,
    /// The TLS handshake ran (TCP connected) but did not finish.
    pub tls_stalled: bool,
    pub server: Option<String>,
    pub body: Option<String>,
    /// Bytes of the body that arrived.
    pub body_bytes: Option<u64>,
    /// The check failed as a whole (e.g. a redirect loop after a first 301).
    pub failed: bool,
    /// Who served the answer, and whether a 5xx page is the gateway's own.
    pub served_by: Option<String>,
    pub gateway_error: Option<bool>,
    /// A CDN's bot check answered (`cf-mitigated: challenge`): a browser would pass it.
    pub challenge: bool,
}

impl Attempt {
    /// An HTTP answer below 500.
    pub fn loaded(&self) -> bool {
        // A bot challenge (403 or 503) comes from a working site that wants a real browser.
        (self.code.is_some_and(|c| c < 500) && !self.failed) || (self.challenge && self.code.is_some())
    }

    /// The kind of answer: 1 working (2xx/3xx), 4 refused (4xx), 5 failing (5xx), 0 none.
    pub fn kind(&self) -> u16 {
        match self.code {
            Some(c) if c < 400 => 1,
            Some(c) => c / 100,
            None => 0,
        }
    }
    fn from(c: &Check) -> Self {
        let d = &c.detail;
        let phases = d.phases.clone().unwrap_or_default();
        // After redirects, the last hop's answer is what the browser ends up showing.
        let last = d.redirects.as_ref().and_then(|hops| hops.last());
        Self {
            address: d.address.clone(),
            headers: d.headers.clone().unwrap_or_default(),
            tls: d.tls.clone(),
            ip: d.address.as_deref().and_then(|a| a.parse::<std::net::SocketAddr>().ok()).map(|s| s.ip()),
            code: last.map_or(d.status_code, |h| h.status_code),
            failed: c.status == Status::Fail,
            served_by: d.served_by.clone(),
            gateway_error: d.gateway_error,
            challenge: d
                .headers
                .as_ref()
                .and_then(|h| h.get("cf-mitigated"))
                .is_some_and(|v| v.eq_ignore_ascii_case("challenge")),
            error: d.error.or((c.status == Status::Fail && d.status_code.is_none()).then_some(ErrorClass::Other)),
            connect_ms: phases.connect_ms,
            first_byte_ms: phases.first_byte_ms,
            tls_stalled: d.error == Some(ErrorClass::Timeout)
                && phases.connect_ms.is_some()
                && phases.first_byte_ms.is_none(),
            server: d.headers.as_ref().and_then(|h| h.get("server").cloned()),
            body: d.body_sample.clone(),
            body_bytes: d.body_bytes,
        }
    }
}

/// Everything the rules know.
#[derive(Debug, Default)]
pub(crate) struct Facts {
    pub host: String,
    pub online: bool,
    pub offline: bool,
    pub intercepted: bool,
    /// The certificate authorities this computer trusts could not all be read: an "untrusted"
    /// certificate here says nothing about who re-signed it.
    pub trust_store_broken: bool,
    pub no_route: bool,
    /// The tunnel interface carrying the default route, if any.
    pub vpn: Option<String>,
    pub proxy_configured: bool,
    pub proxy_failed: bool,
    /// The proxy itself could not be used: not found, not reachable, no answer to `CONNECT`, or it
    /// refused (407, 403). Its passing on the site's own failure (or its 502 for a site it could
    /// not reach) is not this.
    pub proxy_unusable: bool,
    pub system_dns: Option<Result<Vec<IpAddr>, ErrorClass>>,
    /// The OS's own answer (`dns.os`), when it gave addresses: what the browser connects to.
    pub os_dns: Vec<IpAddr>,
    pub alternate_answers: Vec<IpAddr>,
    pub alternates_failed: bool,
    pub alternates_nxdomain: bool,
    pub hosts_file: Vec<IpAddr>,
    pub attempts: Vec<Attempt>,
    /// Plain-HTTP (port 80) attempts made because HTTPS failed.
    pub port80: Vec<Attempt>,
    pub vantage: Vec<VantagePoint>,
    /// Largest difference between this computer's clock and a server's `Date`, in seconds.
    pub clock_offset_s: Option<i64>,
    /// Some exchange showed retransmission-like delays or sporadic timeouts, and the loss
    /// sampler did not measure the link clean.
    pub lossy: bool,
    /// Measured share of small questions lost (`connectivity.loss`).
    pub loss_percent: Option<u8>,
    /// The loss measurement itself called that share too high (a warning).
    pub loss_high: bool,
    /// Not one resolver said anything: the system's and every public one asked stayed silent
    /// (timed out), and so did the loss sampler's questions to them.
    pub resolvers_silent: bool,
}

/// The resolver gave a verdict on the name (addresses, or a DNS error such as NXDOMAIN), rather
/// than failing to be reached or asked at all.
fn answered_about_the_name(c: &Check) -> bool {
    c.status == Status::Pass
        || matches!(
            c.detail.error,
            Some(ErrorClass::Nxdomain | ErrorClass::Servfail | ErrorClass::Refused | ErrorClass::NoAnswer)
        )
}

fn ips(c: &Check) -> Vec<IpAddr> {
    c.detail.answers.iter().flatten().filter_map(|a| a.parse().ok()).collect()
}

/// Derives the facts. `now_unix` is when the run started, for comparing clocks.
pub(crate) fn facts(target: &Target, checks: &[Check], now_unix: i64) -> Facts {
    let of = |id: CheckId| checks.iter().filter(move |c| c.id == id);
    let mut f = Facts { host: target.host_str(), ..Facts::default() };
    let probes: Vec<&Check> = of(CheckId::ConnectivityProbe).collect();
    f.online = probes.iter().any(|c| c.status == Status::Pass);
    f.intercepted = probes.iter().any(|c| c.status == Status::Warn);
    f.offline = !probes.is_empty() && probes.iter().all(|c| c.status == Status::Fail);
    for route in of(CheckId::EnvironmentRoute) {
        f.no_route |= route.status == Status::Fail;
        if route.status == Status::Warn {
            f.vpn = route.detail.variable.clone().or_else(|| route.subject.clone()).or_else(|| Some(String::new()));
        }
    }
    f.trust_store_broken = of(CheckId::EnvironmentTrustStore).any(|c| c.status == Status::Warn);
    f.proxy_configured = of(CheckId::EnvironmentProxy).any(|c| c.status == Status::Warn);
    f.proxy_failed = of(CheckId::SiteProxy).any(|c| c.status == Status::Fail);
    f.proxy_unusable = of(CheckId::SiteProxy).any(|c| {
        let d = &c.detail;
        let refused = d.proxy_status.is_some_and(|s| matches!(s, 403 | 407));
        let never_answered = d.proxy_status.is_none() && d.status_code.is_none() && d.error.is_some();
        c.status == Status::Fail && (refused || never_answered)
    });
    let alternates: Vec<&Check> = of(CheckId::DnsAlternate).chain(of(CheckId::DnsDoh)).collect();
    f.alternate_answers = alternates.iter().flat_map(|c| ips(c)).collect();
    f.alternates_failed = !alternates.is_empty() && f.alternate_answers.is_empty();
    // Only resolvers that answered have a say: one that could not be asked (timeout, refused
    // connection, not run) is evidence that could not be had, not a vote that the name exists.
    let voters: Vec<&&Check> = alternates.iter().filter(|c| answered_about_the_name(c)).collect();
    f.alternates_nxdomain = !voters.is_empty() && voters.iter().all(|c| c.detail.error == Some(ErrorClass::Nxdomain));
    if matches!(target.host, Host::Domain(_)) {
        f.system_dns = of(CheckId::DnsSystem).next().map(|c| match c.detail.error {
            Some(class) if c.status == Status::Fail => Err(class),
            _ => Ok(ips(c)),
        });
        // The browser asks the OS, not the first server: when the OS found addresses, they are
        // "this computer's answer", whatever the direct question got (split DNS, search
        // domains, the hosts file, a second server the OS moved on to).
        // Addresses from the hosts file have their own rule, which names the file instead.
        let hosts: Vec<IpAddr> = of(CheckId::EnvironmentHosts).flat_map(ips).collect();
        f.os_dns = of(CheckId::DnsOs).filter(|c| c.status != Status::Fail).flat_map(ips).collect();
        if !f.os_dns.is_empty() && !f.os_dns.iter().all(|ip| hosts.contains(ip)) {
            f.system_dns = Some(Ok(f.os_dns.clone()));
        }
    }
    f.hosts_file = of(CheckId::EnvironmentHosts).flat_map(ips).collect();
    f.attempts = of(CheckId::SiteConnection).map(Attempt::from).collect();
    f.port80 = of(CheckId::SiteConnectionHttp).map(Attempt::from).collect();
    f.vantage = checks
        .iter()
        .filter(|c| c.id.family() == CheckFamily::Vantage)
        .flat_map(|c| c.detail.vantage.clone().unwrap_or_default())
        .collect();
    f.clock_offset_s = checks
        .iter()
        .filter_map(|c| c.detail.headers.as_ref()?.get("date").and_then(|d| http_date(d)))
        .map(|t| t - now_unix)
        .max_by_key(|d| d.abs());
    let timed_out = |c: &&Check| c.detail.error == Some(ErrorClass::Timeout);
    let some_timeouts = probes.iter().any(timed_out) && f.online
        || f.attempts.iter().any(|a| a.error == Some(ErrorClass::Timeout)) && f.attempts.iter().any(Attempt::loaded);
    // A SYN retransmission shows as a connect of about one second or more (the first retry
    // timer) while the rest of the exchange is quick. When the first byte takes about as long as
    // the connect, every round trip is slow: that is latency, not a lost SYN.
    let slow_syn =
        f.attempts.iter().chain(&f.port80).any(|a| {
            a.connect_ms.is_some_and(|c| c >= 900 && a.first_byte_ms.is_none_or(|fb| fb.saturating_mul(2) < c))
        });
    // The sampler counted every answer back: a direct measurement outweighs the timing hints above.
    let measured_clean =
        of(CheckId::ConnectivityLoss).any(|c| c.status == Status::Pass && c.detail.loss_percent == Some(0));
    f.lossy = (some_timeouts || slow_syn) && !measured_clean;
    f.loss_percent = of(CheckId::ConnectivityLoss).find_map(|c| c.detail.loss_percent);
    f.loss_high = of(CheckId::ConnectivityLoss).any(|c| c.status == Status::Warn && c.detail.loss_percent.is_some());
    let silent = |c: &Check| c.status == Status::Fail && c.detail.error == Some(ErrorClass::Timeout);
    f.resolvers_silent = matches!(f.system_dns, Some(Err(ErrorClass::Timeout)))
        && !alternates.is_empty()
        && alternates.iter().all(|c| silent(c))
        && of(CheckId::ConnectivityLoss).all(|c| c.status == Status::Skipped);
    f
}

impl Facts {
    /// Addresses the user's browser would use: the hosts file first, then the system resolver.
    pub fn user_addresses(&self) -> Vec<IpAddr> {
        if !self.hosts_file.is_empty() {
            return self.hosts_file.clone();
        }
        match &self.system_dns {
            Some(Ok(ips)) => ips.clone(),
            _ => Vec::new(),
        }
    }

    /// Attempts at the addresses the user's browser would use.
    pub fn user_attempts(&self) -> Vec<&Attempt> {
        if self.system_dns.is_none() {
            return self.attempts.iter().collect();
        }
        let mine = self.user_addresses();
        self.attempts.iter().filter(|a| a.ip.is_some_and(|ip| mine.contains(&ip))).collect()
    }

    /// Attempts at addresses only the alternate resolvers gave.
    pub fn other_attempts(&self) -> Vec<&Attempt> {
        let mine = self.user_addresses();
        self.attempts
            .iter()
            .filter(|a| a.ip.is_some_and(|ip| !mine.contains(&ip) && self.alternate_answers.contains(&ip)))
            .collect()
    }

    pub fn user_path_loads(&self) -> bool {
        self.user_attempts().iter().any(|a| a.loaded())
    }

    pub fn others_load(&self) -> bool {
        self.other_attempts().iter().any(|a| a.loaded())
    }

    /// The system resolver answered, but none of its addresses is one public resolvers give.
    pub fn answers_differ(&self) -> bool {
        match &self.system_dns {
            Some(Ok(mine)) => {
                !mine.is_empty()
                    && !self.alternate_answers.is_empty()
                    && mine.iter().all(|ip| !self.alternate_answers.contains(ip))
            }
            _ => false,
        }
    }

    /// Vantage points answered: `Some(true)` when some loaded the site, `Some(false)` when none did.
    pub fn vantage_loads(&self) -> Option<bool> {
        (!self.vantage.is_empty()).then(|| self.vantage.iter().any(VantagePoint::loaded))
    }

    /// This computer's connection carries traffic as far as this diagnosis needs: the
    /// connectivity checks pass, or some address of the site answered over HTTP. A site on the
    /// local network can answer while the internet beyond it cannot be reached, so this does not
    /// mean "online" (see [`Facts::internet_unreachable`]).
    pub fn connection_works(&self) -> bool {
        self.online || self.attempts.iter().chain(&self.port80).any(|a| a.code.is_some())
    }

    /// Nothing beyond this computer's network answered: no default route, or every connectivity
    /// check failed.
    pub fn internet_unreachable(&self) -> bool {
        self.no_route || self.offline
    }

    /// A plain-HTTP answer brought more than a full-size packet's worth of body, so large
    /// packets reach this computer: whatever stalls HTTPS, it is not a path-MTU black hole.
    pub fn big_packets_arrive(&self) -> bool {
        self.port80.iter().any(|a| a.loaded() && a.body_bytes.is_some_and(|b| b >= FULL_PACKET))
    }

    /// Every HTTPS attempt at the user's addresses connected and then stalled in the TLS
    /// handshake: the connection opens, the large packets (the certificate) never arrive.
    pub fn handshakes_stall(&self) -> bool {
        let mine = self.user_attempts();
        !mine.is_empty() && mine.iter().all(|a| a.tls_stalled)
    }

    /// The first certificate failure seen at the user's addresses.
    pub fn tls_failure(&self) -> Option<ErrorClass> {
        self.user_attempts().iter().filter_map(|a| a.error).find(|c| {
            matches!(
                c,
                ErrorClass::TlsExpired
                    | ErrorClass::TlsNotYetValid
                    | ErrorClass::TlsNameMismatch
                    | ErrorClass::TlsUntrusted
            )
        })
    }

    /// Every user attempt failed before any HTTP answer, for reasons of reachability.
    pub fn unreachable(&self) -> bool {
        let mine = self.user_attempts();
        !mine.is_empty()
            && mine.iter().all(|a| {
                a.code.is_none()
                    && matches!(
                        a.error,
                        Some(
                            ErrorClass::Timeout
                                | ErrorClass::ConnectionRefused
                                | ErrorClass::Unreachable
                                | ErrorClass::ConnectionReset
                        )
                    )
            })
    }
}

/// Seconds since the epoch of an HTTP `Date` (IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`).
pub fn http_date(s: &str) -> Option<i64> {
    let parts: Vec<&str> = s.split_whitespace().collect();
    let [_, day, mon, year, hms, "GMT"] = parts.as_slice() else { return None };
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let month = MONTHS.iter().position(|m| m == mon)? as u8 + 1;
    let date =
        time::Date::from_calendar_date(year.parse().ok()?, time::Month::try_from(month).ok()?, day.parse().ok()?)
            .ok()?;
    let mut t = hms.split(':').map(|p| p.parse::<u8>().ok());
    let time = time::Time::from_hms(t.next()??, t.next()??, t.next()??).ok()?;
    Some(time::PrimitiveDateTime::new(date, time).assume_utc().unix_timestamp())
}
