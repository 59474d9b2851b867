//! `dns.os`: the site's name as the browser gets it, from the operating system's own resolver
//! (`getaddrinfo` and its equivalents). Unlike `dns.system`'s direct question to the first
//! server, this follows the hosts file, split DNS of VPNs, NRPT rules, scoped resolvers, search
//! domains and mDNS; it cannot tell NXDOMAIN from SERVFAIL as well, which is why both are kept.

use std::net::IpAddr;
use std::time::Instant;

use tokio::time::Instant as TokioInstant;

use crate::check_id::CheckId;
use crate::finding::{Check, ErrorClass, Status, ms_since};

use super::Failure;

/// Asks the OS for `name`, bounded by `deadline` and by the time one direct question may take
/// (the lookup runs on a blocking thread that cannot be interrupted, so it is abandoned, not
/// waited for). The OS's own retries (glibc: 5 s a try) would otherwise hold every run with a
/// silent resolver well past the moment `dns.system` has already said so.
pub(crate) async fn resolve_check(name: &str, deadline: TokioInstant) -> (Check, Vec<IpAddr>) {
    let start = Instant::now();
    let until = deadline.min(TokioInstant::now() + super::dns::QUERY_TIMEOUT);
    // Port 0: only the addresses matter; the port is what `lookup_host` needs to build sockets.
    let asked = tokio::time::timeout_at(until, tokio::net::lookup_host((name.trim_end_matches('.'), 0))).await;
    let failure = match asked {
        Ok(Ok(addrs)) => {
            let mut ips: Vec<IpAddr> = Vec::new();
            // getaddrinfo lists each address once per socket type; keep the OS's order.
            for ip in addrs.map(|a| a.ip()) {
                if !ips.contains(&ip) {
                    ips.push(ip);
                }
            }
            if !ips.is_empty() {
                let mut c = super::dns::answered(CheckId::DnsOs, None, &ips, start);
                c.detail.server = Some(resolver_name().into());
                return (c, ips);
            }
            Failure::new(ErrorClass::NoAnswer, "the system resolver gave no addresses")
        }
        Ok(Err(e)) => classify(&e),
        Err(_) => Failure::new(
            ErrorClass::Timeout,
            format!("the system resolver did not answer within {} ms", super::dns::QUERY_TIMEOUT.as_millis()),
        ),
    };
    let mut c = failure.into_check(CheckId::DnsOs, None, ms_since(start));
    c.detail.server = Some(resolver_name().into());
    (c, Vec::new())
}

/// `dns.os` when the configuration's `[dns] system` stands in for this computer's resolvers.
pub(crate) fn not_asked() -> Check {
    let mut c = Check::new(CheckId::DnsOs, None, Status::Skipped, 0);
    c.detail.error = Some(ErrorClass::NotRun);
    c.detail.message = Some("not asked: Site Doctor's configuration sets the DNS servers ([dns] system)".into());
    c
}

/// Who answers `getaddrinfo` here, for the evidence.
fn resolver_name() -> &'static str {
    if cfg!(windows) {
        "Windows DNS Client (GetAddrInfoW)"
    } else if cfg!(target_os = "macos") {
        "macOS resolver (getaddrinfo)"
    } else {
        "getaddrinfo (nsswitch: hosts file, DNS, …)"
    }
}

/// The class of a failed lookup from the OS's words: the `EAI_*` codes reach us only as text.
/// "Not known" is the OS saying the name does not exist (NXDOMAIN or no data); "temporary"
/// is a resolver that failed or did not answer.
pub(crate) fn classify(e: &std::io::Error) -> Failure {
    let text = e.to_string();
    let lower = text.to_ascii_lowercase();
    let class = if ["not known", "no such host", "nodename nor servname", "no address associated", "non-recoverable"]
        .iter()
        .any(|w| lower.contains(w))
    {
        ErrorClass::Nxdomain
    } else if lower.contains("temporary failure") || lower.contains("try again") {
        ErrorClass::Servfail
    } else {
        ErrorClass::Other
    };
    Failure::new(class, format!("the system resolver: {text}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_os_words_give_the_class() {
        let err = |s: &str| std::io::Error::other(s.to_owned());
        let class = |s: &str| classify(&err(s)).class;
        assert_eq!(class("failed to lookup address information: Name or service not known"), ErrorClass::Nxdomain);
        assert_eq!(
            class("failed to lookup address information: Temporary failure in name resolution"),
            ErrorClass::Servfail
        );
        assert_eq!(class("No such host is known. (os error 11001)"), ErrorClass::Nxdomain);
        assert_eq!(class("something else"), ErrorClass::Other);
    }

    #[tokio::test]
    async fn localhost_comes_from_the_os_within_the_deadline() {
        // Loopback only: every OS answers `localhost` without asking a DNS server.
        let (c, ips) = resolve_check("localhost", TokioInstant::now() + std::time::Duration::from_secs(5)).await;
        assert!(ips.iter().all(IpAddr::is_loopback) && !ips.is_empty(), "{c:?}");
        assert_eq!(c.id, CheckId::DnsOs);
    }
}
