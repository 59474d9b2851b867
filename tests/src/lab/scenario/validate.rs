//! The limits of a scenario's knobs: values outside them, and knobs that cannot go together,
//! are errors, so a scenario never silently tests something else.

use super::super::addr::is_lab_address;
use super::{Scenario, ServerMode};

impl Scenario {
    /// Checks the knobs' ranges and combinations.
    pub(super) fn validate(&self) -> Result<(), String> {
        let e = &self.expect;
        if !(1..=60).contains(&e.deadline) {
            return Err("deadline must be 1 to 60 seconds".into());
        }
        if !(0.0..=0.9).contains(&self.path.loss) {
            return Err("path.loss must be between 0 and 0.9".into());
        }
        if self.path.mtu != 0 && !(576..1500).contains(&self.path.mtu) {
            return Err("path.mtu must be between 576 and 1499 (or 0 for none)".into());
        }
        if self.path.delay_ms > 5000 {
            return Err("path.delay_ms must be at most 5000".into());
        }
        if self.path.ip_delay_ms > 5000 {
            return Err("path.ip_delay_ms must be at most 5000".into());
        }
        if self.path.rtt_ms > 5000 {
            return Err("path.rtt_ms must be at most 5000".into());
        }
        if self.path.rtt_ms > 0 && self.path.ip_delay_ms > 0 {
            return Err("path.rtt_ms and path.ip_delay_ms share one delay queue: set one".into());
        }
        if self.path.ip_delay_ms > 0 && (self.path.delay_ms > 0 || self.path.tls_inspection) {
            return Err("path.ip_delay_ms delays the packets themselves: not with delay_ms or tls_inspection".into());
        }
        if self.client.lan_only && (self.client.offline || self.client.vpn || self.site.ipv6) {
            return Err("client.lan_only is a link without a default route: not with offline, vpn or site.ipv6".into());
        }
        if self.path.delay_ms > 0 && self.path.tls_inspection {
            return Err("path.delay_ms and path.tls_inspection are both boxes on the same path: pick one".into());
        }
        if self.client.working_proxy && self.client.broken_proxy {
            return Err("client.working_proxy and client.broken_proxy are both https_proxy: pick one".into());
        }
        let c = &self.client;
        if (c.home_nat || c.working_vpn) && (c.offline || c.lan_only || self.site.ipv6) {
            return Err("client.home_nat and client.working_vpn need a link with a way out (not offline or lan_only) and IPv4 only".into());
        }
        if c.home_nat && c.working_vpn {
            return Err("client.home_nat and client.working_vpn: pick one".into());
        }
        if self.path.drop_client_ipv6 && !self.site.ipv6 {
            return Err("path.drop_client_ipv6 needs site.ipv6".into());
        }
        if !(-3650..=3650).contains(&self.client.clock_offset_days) {
            return Err("client.clock_offset_days must be within ten years".into());
        }
        if self.site.page_kib > 1024 {
            return Err("site.page_kib must be at most 1024".into());
        }
        if self.site.server == ServerMode::Error && !(500..=599).contains(&self.site.status) {
            return Err("site.status must be a 5xx for server = \"error\"".into());
        }
        if self.site.server == ServerMode::Firewalled && self.site.front != super::Front::Gateway {
            return Err(
                "site.server = \"firewalled\" needs front = \"gateway\" (its firewall keeps the gateway out)".into()
            );
        }
        if !self.site.flap_path.is_empty() && !self.site.flap_path.starts_with('/') {
            return Err("site.flap_path must start with /".into());
        }
        if self.owner.paths.iter().any(|p| !p.starts_with('/')) {
            return Err("owner.paths must each start with /".into());
        }
        // `--origin` is asked from the client: a lab address only, never a real one.
        let o = self.owner.origin.as_str();
        let origin_ip = match o.strip_prefix('[') {
            Some(rest) => rest.split(']').next().unwrap_or(""),
            None if o.matches(':').count() > 1 => o,
            None => o.split(':').next().unwrap_or(""),
        };
        if !o.is_empty() && !origin_ip.parse().is_ok_and(is_lab_address) {
            return Err(format!("owner.origin {:?} must be a lab address", self.owner.origin));
        }
        // Only the lab's own reserved names: a search domain must never send a lookup outside.
        if !self.client.search.is_empty() && !self.client.search.ends_with(".test") {
            return Err("client.search must be a .test domain".into());
        }
        for line in &self.client.hosts {
            let ip = line.split_whitespace().next().and_then(|w| w.parse().ok());
            if !ip.is_some_and(is_lab_address) {
                return Err(format!("hosts line {line:?} must start with a lab address"));
            }
        }
        Ok(())
    }
}
