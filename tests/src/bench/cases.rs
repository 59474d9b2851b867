//! The scenarios the bench runs and, for each, its lower bound: the waits no diagnosis can avoid.
//! A bound is the slowest of the pieces of evidence its verdict cannot do without, each timed by
//! the technician's own tools in the same lab (curl and dig spend almost nothing of their own), or
//! a timeout the verdict must wait out. The timeouts are the app's own settings (a silent resolver
//! is called silent after 2.5 s, a dropped connection after 5 s): shorter ones would lower these
//! bounds, and are a design choice the bench does not second-guess.

use std::time::Duration;

/// What a verdict needs before it can be given.
pub enum Need {
    /// This baseline step's answer (its median time in the same lab).
    Step(&'static str),
    /// The faster of the two places elsewhere (one service's three probes are enough to say
    /// "for everyone").
    Elsewhere,
    /// A timeout the verdict must wait out.
    Wait(Duration),
    /// The first step's answer is the second's input (an address to connect to): one after the
    /// other, their medians added.
    Then(&'static str, &'static str),
}

/// One benchmarked scenario.
pub struct Case {
    /// The scenario file's stem.
    pub name: &'static str,
    /// What this scenario stands for in the bench.
    pub kind: &'static str,
    /// The evidence its verdict cannot do without.
    pub needs: &'static [Need],
}

/// The engine's DNS query timeout (`probe/dns.rs`): silence is silence after this.
const DNS_SILENT: Duration = Duration::from_millis(2500);
/// The engine's TCP connect timeout (`probe/http.rs`): a dropped SYN is a failure after this.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// The shortest wait for a TLS handshake once plain HTTP answered (`probe/cut.rs`): a handshake
/// is called stalled, not slow, after this.
const STALL_FLOOR: Duration = Duration::from_secs(2);

/// Twelve scenarios, one or two per kind of fault.
pub const CASES: [Case; 12] = [
    Case { name: "healthy", kind: "healthy", needs: &[Need::Step("dns_system"), Need::Step("https")] },
    Case {
        name: "dns_nxdomain",
        kind: "DNS fault",
        needs: &[Need::Step("dns_system"), Need::Then("dns_public1", "https_pinned")],
    },
    Case {
        name: "dns_silent",
        kind: "DNS fault",
        needs: &[Need::Wait(DNS_SILENT), Need::Then("dns_public1", "https_pinned")],
    },
    Case { name: "server_error", kind: "site down", needs: &[Need::Step("https"), Need::Elsewhere] },
    Case { name: "origin_down_gateway", kind: "gateway 5xx", needs: &[Need::Step("https"), Need::Elsewhere] },
    Case { name: "site_unreachable", kind: "unreachable", needs: &[Need::Wait(CONNECT_TIMEOUT), Need::Elsewhere] },
    Case {
        name: "firewall_443",
        kind: "firewall",
        needs: &[Need::Wait(CONNECT_TIMEOUT), Need::Step("http80"), Need::Elsewhere],
    },
    Case {
        name: "firewall_tls_stall",
        kind: "firewall",
        // A stalled handshake looks like a slow one until a wait says otherwise (curl's is its
        // 10 s limit, the app's the stall floor once plain HTTP answered); the full-sized page on
        // port 80 and the places elsewhere tell the filter apart.
        needs: &[Need::Wait(STALL_FLOOR), Need::Step("http80"), Need::Elsewhere],
    },
    Case { name: "cert_expired", kind: "TLS", needs: &[Need::Step("https"), Need::Elsewhere] },
    Case { name: "broken_proxy", kind: "proxy", needs: &[Need::Step("proxy_env"), Need::Step("https")] },
    Case {
        name: "captive_portal",
        kind: "captive portal",
        needs: &[Need::Step("connectivity1"), Need::Step("connectivity2")],
    },
    // Nothing comes back from anywhere: the first timeout is the first evidence.
    Case { name: "vpn", kind: "VPN", needs: &[Need::Wait(DNS_SILENT)] },
];

impl Case {
    /// The longest timeout the verdict must wait out, if it must wait one out: no first answer
    /// can come before it.
    pub fn timeout(&self) -> Option<Duration> {
        self.needs.iter().filter_map(|n| if let Need::Wait(d) = n { Some(*d) } else { None }).max()
    }

    /// The lower bound, given each baseline step's median time (`None`: no such step timed).
    pub fn lower_bound(&self, step: impl Fn(&str) -> Option<Duration>) -> Duration {
        let elsewhere = || match (step("globalping"), step("check_host")) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => a.or(b).unwrap_or_default(),
        };
        self.needs
            .iter()
            .map(|n| match n {
                Need::Step(s) => step(s).unwrap_or_default(),
                Need::Elsewhere => elsewhere(),
                Need::Wait(d) => *d,
                Need::Then(a, b) => step(a).unwrap_or_default() + step(b).unwrap_or_default(),
            })
            .max()
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bound_is_the_slowest_need() {
        let ms = Duration::from_millis;
        let steps = |s: &str| match s {
            "https" => Some(ms(300)),
            "globalping" => Some(ms(1800)),
            "check_host" => Some(ms(1200)),
            _ => None,
        };
        assert_eq!(CASES[3].lower_bound(steps), ms(1200));
        assert_eq!(CASES[5].lower_bound(steps), CONNECT_TIMEOUT);
        assert!(CASES.iter().all(|c| !c.needs.is_empty()));
        let names: Vec<&str> = CASES.iter().map(|c| c.name).collect();
        assert!(names.iter().all(|n| crate::lab::scenario::dir().join(format!("{n}.toml")).is_file()));
    }
}
