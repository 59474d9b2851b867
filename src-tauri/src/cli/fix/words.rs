//! The English of the `fix` commands. The results are typed; the sentences are chosen here.

use std::fmt::Write as _;

use site_doctor_fix::detect::{BrowserKind, OsProxy, ProxyMode, VpnClient, VpnFact};
use site_doctor_fix::{
    Action, ActionResult, DnsSnapshot, FailCode, ManagedBy, NothingToDo, Outcome, RefuseReason, ResolverPreset,
};

/// A DNS service's name as people know it.
pub fn preset_name(p: ResolverPreset) -> &'static str {
    match p {
        ResolverPreset::Cloudflare => "Cloudflare",
        ResolverPreset::Google => "Google Public DNS",
        ResolverPreset::Quad9 => "Quad9",
    }
}

/// A VPN client's product name.
pub fn vpn_client_name(c: VpnClient) -> &'static str {
    match c {
        VpnClient::WireGuard => "WireGuard",
        VpnClient::OpenVpn => "OpenVPN",
        VpnClient::CiscoSecureClient => "Cisco Secure Client",
        VpnClient::GlobalProtect => "GlobalProtect",
        VpnClient::Fortinet => "FortiClient",
        VpnClient::Zscaler => "Zscaler",
        VpnClient::NordVpn => "NordVPN",
        VpnClient::ProtonVpn => "Proton VPN",
        VpnClient::Tailscale => "Tailscale",
        VpnClient::Mullvad => "Mullvad VPN",
        VpnClient::ExpressVpn => "ExpressVPN",
        VpnClient::IvantiSecureAccess => "Ivanti Secure Access",
        VpnClient::CheckPoint => "Check Point VPN",
        VpnClient::ZeroTier => "ZeroTier",
        VpnClient::StrongSwan => "strongSwan",
    }
}

/// "Cisco Secure Client, on utun3".
pub fn vpn(v: &VpnFact) -> String {
    let names: Vec<&str> = v.clients.iter().map(|c| vpn_client_name(*c)).collect();
    match (names.is_empty(), &v.tunnel) {
        (false, Some(t)) => format!("{}, on {t}", names.join(" and ")),
        (true, Some(t)) => format!("a VPN-like tunnel, on {t}"),
        (false, None) => format!("{} (running; internet traffic does not go through a tunnel)", names.join(" and ")),
        (true, None) => "none".to_owned(),
    }
}

fn refusal(r: &RefuseReason) -> String {
    match r {
        RefuseReason::VpnActive { interface } => format!(
            "Not changed: a VPN ({interface}) carries your internet traffic, and its DNS settings are the ones in use. Disconnect the VPN first, or ask whoever runs it."
        ),
        RefuseReason::DnsManaged { by: ManagedBy::GroupPolicy } => {
            "Not changed: your organisation sets this computer's DNS servers (Group Policy). Ask your IT help desk.".into()
        }
        RefuseReason::DnsManaged { by: ManagedBy::GeneratedProfile } => "Not changed: this connection's settings are generated when the computer starts (netplan or cloud-init), so a change here would not last.".into(),
        RefuseReason::DnsManaged { by: ManagedBy::VendorProfile } => {
            "Not changed: this connection's settings were installed read-only with the system.".into()
        }
        RefuseReason::NotAuthorised => {
            "Not changed: this account is not allowed to do that. Ask someone with administrator rights.".into()
        }
        RefuseReason::NoDnsManager => "Not changed: neither NetworkManager nor systemd-resolved runs here, and Site Doctor changes DNS settings only through them.".into(),
        RefuseReason::UnknownAdapter => "Not changed: no active network connection has that name.".into(),
        RefuseReason::UndoPendingElsewhere { adapter } => format!(
            "Not changed: an earlier DNS change on {adapter} waits to be undone first (site-doctor fix undo)."
        ),
        RefuseReason::Unsupported => "Not available on this system.".into(),
    }
}

fn failure(c: &FailCode) -> String {
    let why = match c {
        FailCode::ExitStatus { status } => format!("a system tool reported a problem (status {status})"),
        FailCode::TimedOut => "a system tool took too long and was stopped".into(),
        FailCode::CannotStart => "a system tool it needs is not installed".into(),
        FailCode::Killed => "a system tool was stopped before it finished".into(),
        FailCode::SnapshotUnreadable => {
            "the current DNS settings could not be read, so nothing was changed (there would be no way back)".into()
        }
        FailCode::SnapshotStore => "Site Doctor could not keep or read the saved DNS settings".into(),
        FailCode::Dbus => "the system's DNS service did not answer".into(),
    };
    format!("That did not work: {why}.")
}

fn done(r: &ActionResult) -> String {
    match (&r.action, &r.snapshot) {
        (Action::FlushDns, _) => "Done: this computer's DNS cache is empty now.".into(),
        (Action::SwitchResolver { adapter, preset }, _) => {
            let ips: Vec<String> = preset.servers().iter().map(ToString::to_string).collect();
            format!(
                "Done: {} now uses {} ({}). To go back: site-doctor fix undo",
                adapter.as_str(),
                preset_name(*preset),
                ips.join(", ")
            )
        }
        (Action::UndoResolverSwitch, Some(s)) => {
            format!("Done: the DNS settings of {} are back as they were.", DnsSnapshot::adapter(s))
        }
        (Action::UndoResolverSwitch, None) => "Done: the DNS settings are back as they were.".into(),
    }
}

/// The sentence for a result, then what ran (for help desks).
pub fn result(r: &ActionResult) -> String {
    let mut s = match &r.outcome {
        Outcome::Done => done(r),
        Outcome::NothingToDo { why: NothingToDo::NoDnsCache } => {
            "Nothing to do: this system keeps no DNS cache, so there is nothing to empty.".into()
        }
        Outcome::NothingToDo { why: NothingToDo::NoSwitchToUndo } => {
            "Nothing to do: there is no DNS change to undo.".into()
        }
        Outcome::Cancelled => "You cancelled: nothing was changed.".into(),
        Outcome::Refused { reason } => refusal(reason),
        Outcome::Failed { code } => failure(code),
    };
    s.push('\n');
    for ran in &r.ran {
        let _ = writeln!(s, "  ran: {}", ran.argv.join(" "));
    }
    s
}

fn browser_name(k: BrowserKind) -> &'static str {
    match k {
        BrowserKind::Chrome => "Google Chrome",
        BrowserKind::Edge => "Microsoft Edge",
        BrowserKind::Firefox => "Firefox",
        BrowserKind::Safari => "Safari",
        BrowserKind::Other => "another browser",
    }
}

fn proxy(p: &OsProxy) -> String {
    let source = site_doctor_fix::detect::source_label(p.source);
    let what = match p.mode {
        ProxyMode::Off => "none".to_owned(),
        ProxyMode::Manual => match &p.https {
            Some(e) => format!("set by hand: {}:{}", e.host, e.port),
            None => "set by hand, but not for https".to_owned(),
        },
        ProxyMode::Pac => format!("chosen by a script at {}", p.pac_url.as_deref().unwrap_or("?")),
        ProxyMode::AutoDetect => "found automatically on the network".to_owned(),
        ProxyMode::FromEnvironment => "taken from environment variables".to_owned(),
    };
    format!("{what} ({source})")
}

/// The detection, one line each.
pub fn detection(d: &site_doctor_fix::Detection) -> String {
    let browser =
        d.browser.as_ref().map_or("could not tell".to_owned(), |b| format!("{} ({})", browser_name(b.kind), b.id));
    let proxy = d.proxy.as_ref().map_or("could not read the setting".to_owned(), proxy);
    let vpn = d.vpn.as_ref().map_or("none".to_owned(), vpn);
    format!("Default browser: {browser}\nProxy: {proxy}\nVPN: {vpn}\n")
}
