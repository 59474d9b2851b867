//! Read-only detection for the help texts: the default browser, the OS proxy setting and the VPN.

pub mod browser;
pub mod proxy;
pub mod vpn;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::command::Os;
use crate::runner::Runner;
pub use browser::{BrowserKind, DefaultBrowser};
pub use proxy::{OsProxy, ProxyEndpoint, ProxyMode, ProxySource};
use site_doctor_engine::{OsProxyInput, OsProxySetting, ProxyServer};
pub use vpn::{VpnClient, VpnFact};

/// What was found. Each part is absent when it could not be read (or, for the VPN, when there
/// is none).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Detection {
    /// The default browser.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub browser: Option<DefaultBrowser>,
    /// The OS proxy setting.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub proxy: Option<OsProxy>,
    /// The VPN.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub vpn: Option<VpnFact>,
}

fn env_path(key: &str) -> Option<PathBuf> {
    std::env::var_os(key).filter(|v| !v.is_empty()).map(PathBuf::from)
}

/// The OS proxy setting now. Linux: KDE's file on a KDE desktop, else GNOME's settings, else
/// KDE's file if there is one.
pub fn os_proxy(os: Os, runner: &dyn Runner) -> Option<OsProxy> {
    let stdout = |cmd: &crate::Command| {
        let out = runner.run(cmd);
        (out.exit_code == Some(0)).then_some(out.stdout)
    };
    match os {
        Os::Macos => proxy::scutil(&stdout(&proxy::scutil_query())?),
        Os::Windows => proxy::internet_settings(&stdout(&proxy::windows_query())?),
        Os::Linux => {
            let kde = || {
                let dir = env_path("XDG_CONFIG_HOME").or_else(|| env_path("HOME").map(|h| h.join(".config")))?;
                proxy::kioslaverc(&std::fs::read_to_string(dir.join("kioslaverc")).ok()?)
            };
            let desktop = std::env::var("XDG_CURRENT_DESKTOP").unwrap_or_default();
            if desktop.to_ascii_uppercase().contains("KDE")
                && let Some(p) = kde()
            {
                return Some(p);
            }
            let gnome = stdout(&proxy::gnome_query()).and_then(|t| proxy::gnome_listing(&t));
            gnome.or_else(kde)
        }
    }
}

/// Where a setting was read, as the engine's evidence names it.
pub fn source_label(s: ProxySource) -> &'static str {
    match s {
        ProxySource::Gnome => "GNOME settings",
        ProxySource::Kde => "KDE settings",
        ProxySource::Macos => "macOS settings",
        ProxySource::Windows => "Windows settings",
    }
}

/// The setting as the engine's proxy check takes it; `None` when it names no proxy (off, or
/// KDE's "from the environment", which the engine reads itself).
pub fn engine_proxy(p: &OsProxy) -> Option<OsProxyInput> {
    let server = |e: &Option<ProxyEndpoint>| e.as_ref().map(|e| ProxyServer { host: e.host.clone(), port: e.port });
    let setting = match p.mode {
        ProxyMode::Off | ProxyMode::FromEnvironment => return None,
        ProxyMode::Manual if p.https.is_none() && p.http.is_none() => return None,
        ProxyMode::Manual => {
            OsProxySetting::Manual { http: server(&p.http), https: server(&p.https), bypass: p.bypass.clone() }
        }
        ProxyMode::Pac => match &p.pac_url {
            Some(url) => OsProxySetting::Pac { url: url.clone() },
            None => OsProxySetting::AutoDetect,
        },
        ProxyMode::AutoDetect => OsProxySetting::AutoDetect,
    };
    Some(OsProxyInput { source: source_label(p.source).to_owned(), setting })
}

/// This computer's OS proxy setting now, for a check (blocking: it may run `gsettings`, `scutil`
/// or `reg`).
pub fn os_proxy_for_engine() -> Option<OsProxyInput> {
    os_proxy(Os::current(), &crate::SystemRunner).as_ref().and_then(engine_proxy)
}

/// The default browser now.
pub fn default_browser(os: Os, runner: &dyn Runner) -> Option<DefaultBrowser> {
    let home = std::env::var("HOME").unwrap_or_default();
    let out = runner.run(&browser::query(os, &home));
    match os {
        // `defaults read` fails when the file does not exist: then Safari, the default.
        Os::Macos if out.exit_code != Some(0) => Some(browser::launch_services("")),
        _ if out.exit_code != Some(0) => None,
        _ => browser::parse(os, &out.stdout),
    }
}

/// The VPN now: the engine's tunnel carrying the route, and the VPN programs running.
pub fn vpn_now() -> Option<VpnFact> {
    let tunnel = site_doctor_engine::current_routes().into_iter().find(|r| r.tunnel).and_then(|r| r.interface);
    let procs = crate::facts::processes();
    vpn::vpn_from(procs.iter().map(|(_, n)| n.as_str()), tunnel)
}

/// Everything, now.
pub fn detect(os: Os, runner: &dyn Runner) -> Detection {
    Detection { browser: default_browser(os, runner), proxy: os_proxy(os, runner), vpn: vpn_now() }
}
