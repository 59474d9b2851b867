//! The ordinary setups of users' networks, working as intended: a NAT home router with a caching
//! DNS forwarder in front of the client, and a working proxy on the client itself.
//!
//! ```text
//! client .178 ─ lan0 home .177 ─ eth0 .130 (NAT) ─ to-cli router
//! ```
//! The home router takes the client's place on link 0, so the router's rules about the client's
//! address and link (drops, loss, MTU, portal, path boxes) still meet the client's traffic.

use super::super::addr::{self, link};
use super::super::netns::{checked, veth};
use super::super::scenario::Scenario;
use super::{Host, Lab, Paths};

impl Lab {
    /// Builds the home router on link 0 and the client behind it; returns the client's index.
    pub(super) fn home_router(&mut self, prefix: &str, router: usize) -> Result<usize, String> {
        let home = self.attach_as(prefix, router, &Host::new("home", 0, vec![]), "eth0", "to-cli")?;
        self.home = Some(home);
        self.ns(home).exec("sh", &["-c", "echo 1 > /proc/sys/net/ipv4/ip_forward"])?;
        let client = self.add_ns(prefix, "cli")?;
        let (gw, me) = link(addr::HOME_LAN);
        veth(self.ns(home), "lan0", self.ns(client), "eth0")?;
        self.ns(home).addr(gw, 30, "lan0")?;
        self.ns(client).addr(me, 30, "eth0")?;
        self.ns(client).route_via("default", gw)?;
        // NAT between two lab namespaces only: the client's packets leave with the home
        // router's link-0 address, as behind any home router.
        self.ns(home).iptables(&["-t", "nat", "-A", "POSTROUTING", "-o", "eth0", "-j", "MASQUERADE"])?;
        Ok(client)
    }

    /// The home router's DNS forwarder, and the client's own proxy, when the scenario has them.
    pub(super) fn start_home(&mut self, s: &Scenario, paths: &Paths, client: usize) -> Result<(), String> {
        if let Some(home) = self.home {
            let args = [
                "dns-forward".to_owned(),
                "--listen".to_owned(),
                format!("{}:53", checked(link(addr::HOME_LAN).0)?),
                "--upstream".to_owned(),
                format!("{}:53", checked(addr::ISP_DNS)?),
            ];
            self.start(paths, home, "home-dns", args.to_vec())?;
        }
        if s.client.working_proxy {
            let args = ["proxy".to_owned(), "--listen".to_owned(), format!("127.0.0.1:{}", addr::LOCAL_PROXY_PORT)];
            self.start(paths, client, "proxy", args.to_vec())?;
        }
        Ok(())
    }
}
