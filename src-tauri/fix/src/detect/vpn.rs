//! The VPN: the tunnel interface the engine finds carrying the internet route, and the VPN
//! programs that run (by process name, from a table of known clients).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// VPN clients recognised by their processes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum VpnClient {
    /// WireGuard (the app, or wireguard-go; the kernel module has no process).
    #[serde(rename = "wireguard")]
    WireGuard,
    /// OpenVPN or OpenVPN Connect.
    #[serde(rename = "openvpn")]
    OpenVpn,
    /// Cisco Secure Client / AnyConnect.
    CiscoSecureClient,
    /// Palo Alto GlobalProtect.
    GlobalProtect,
    /// FortiClient or openfortivpn.
    Fortinet,
    /// Zscaler Client Connector.
    Zscaler,
    /// NordVPN.
    #[serde(rename = "nordvpn")]
    NordVpn,
    /// Proton VPN.
    #[serde(rename = "protonvpn")]
    ProtonVpn,
    /// Tailscale.
    Tailscale,
    /// Mullvad VPN.
    Mullvad,
    /// ExpressVPN.
    #[serde(rename = "expressvpn")]
    ExpressVpn,
    /// Ivanti Secure Access / Pulse Secure.
    IvantiSecureAccess,
    /// Check Point Endpoint Security VPN.
    #[serde(rename = "checkpoint")]
    CheckPoint,
    /// ZeroTier.
    #[serde(rename = "zerotier")]
    ZeroTier,
    /// strongSwan (IPsec).
    #[serde(rename = "strongswan")]
    StrongSwan,
}

/// Process names (lower case, without `.exe`) and the client they belong to.
pub const KNOWN: &[(&str, VpnClient)] = &[
    ("wireguard", VpnClient::WireGuard),
    ("wireguard-go", VpnClient::WireGuard),
    ("openvpn", VpnClient::OpenVpn),
    ("openvpnserv", VpnClient::OpenVpn),
    ("openvpnserv2", VpnClient::OpenVpn),
    ("openvpn-gui", VpnClient::OpenVpn),
    ("openvpnconnect", VpnClient::OpenVpn),
    ("ovpnagent", VpnClient::OpenVpn),
    ("vpnagentd", VpnClient::CiscoSecureClient),
    ("vpnagent", VpnClient::CiscoSecureClient),
    ("csc_vpnagent", VpnClient::CiscoSecureClient),
    ("csc_vpnagentd", VpnClient::CiscoSecureClient),
    ("pangps", VpnClient::GlobalProtect),
    ("pangpa", VpnClient::GlobalProtect),
    ("globalprotect", VpnClient::GlobalProtect),
    ("forticlient", VpnClient::Fortinet),
    ("fortitray", VpnClient::Fortinet),
    ("fortisslvpndaemon", VpnClient::Fortinet),
    ("openfortivpn", VpnClient::Fortinet),
    ("zsatunnel", VpnClient::Zscaler),
    ("zsaservice", VpnClient::Zscaler),
    ("zstunnel", VpnClient::Zscaler),
    ("nordvpnd", VpnClient::NordVpn),
    ("nordvpn-service", VpnClient::NordVpn),
    ("protonvpn", VpnClient::ProtonVpn),
    ("protonvpnservice", VpnClient::ProtonVpn),
    ("protonvpn-app", VpnClient::ProtonVpn),
    ("tailscaled", VpnClient::Tailscale),
    ("tailscale-ipn", VpnClient::Tailscale),
    ("mullvad-daemon", VpnClient::Mullvad),
    ("expressvpnd", VpnClient::ExpressVpn),
    ("expressvpn.daemon", VpnClient::ExpressVpn),
    ("dsaccessservice", VpnClient::IvantiSecureAccess),
    ("pulsesvc", VpnClient::IvantiSecureAccess),
    ("tracsrvwrapper", VpnClient::CheckPoint),
    ("zerotier-one", VpnClient::ZeroTier),
    ("charon", VpnClient::StrongSwan),
    ("charon-systemd", VpnClient::StrongSwan),
];

/// The client a process name belongs to, if any.
pub fn client_of(process: &str) -> Option<VpnClient> {
    let n = process.to_ascii_lowercase();
    let n = n.strip_suffix(".exe").unwrap_or(&n);
    KNOWN.iter().find(|(p, _)| *p == n).map(|(_, c)| *c)
}

/// What is known about a VPN: "Cisco Secure Client, on utun3".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct VpnFact {
    /// The VPN programs that run, each once, in a stable order.
    pub clients: Vec<VpnClient>,
    /// The tunnel interface carrying the internet route, if one does.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub tunnel: Option<String>,
}

/// The fact from process names and the engine's tunnel; `None` when neither says VPN.
pub fn vpn_from<'a>(processes: impl IntoIterator<Item = &'a str>, tunnel: Option<String>) -> Option<VpnFact> {
    let mut clients: Vec<VpnClient> = processes.into_iter().filter_map(client_of).collect();
    clients.sort();
    clients.dedup();
    (!clients.is_empty() || tunnel.is_some()).then_some(VpnFact { clients, tunnel })
}
