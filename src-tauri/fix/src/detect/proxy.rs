//! The operating system's proxy setting (the one browsers follow), as opposed to the
//! environment variables the engine reads: GNOME (`gsettings`), KDE (`kioslaverc`), macOS
//! (`scutil --proxy`), Windows (Internet Settings in the registry). Read-only.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::command::{Command, path};
use crate::parse::regquery;

/// Where the setting was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ProxySource {
    /// GNOME's `org.gnome.system.proxy`.
    Gnome,
    /// KDE's `kioslaverc`.
    Kde,
    /// macOS System Settings (`scutil --proxy`).
    Macos,
    /// Windows Internet Settings.
    Windows,
}

/// How the proxy is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ProxyMode {
    /// No proxy.
    Off,
    /// A proxy typed in.
    Manual,
    /// A proxy auto-configuration (PAC) file at a URL.
    Pac,
    /// Found on the network (WPAD).
    AutoDetect,
    /// KDE: taken from the environment variables.
    FromEnvironment,
}

/// A proxy's host and port.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProxyEndpoint {
    /// Host name or address.
    pub host: String,
    /// Port.
    pub port: u16,
}

/// The OS proxy setting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OsProxy {
    /// Where it was read.
    pub source: ProxySource,
    /// How the proxy is chosen.
    pub mode: ProxyMode,
    /// The proxy for https, when typed in (or for everything, when one is given for all).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub https: Option<ProxyEndpoint>,
    /// The proxy for plain http, when typed in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub http: Option<ProxyEndpoint>,
    /// The hosts that go around a typed-in proxy, as the OS lists them (`*.corp.example`,
    /// `127.0.0.0/8`, Windows' `<local>`).
    #[serde(default)]
    pub bypass: Vec<String>,
    /// The PAC file's URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub pac_url: Option<String>,
}

/// `host:port`, `scheme://host:port/` or KDE's older `scheme://host port`.
pub fn endpoint(text: &str) -> Option<ProxyEndpoint> {
    let t = text.trim();
    let t = t.split_once("://").map_or(t, |(_, rest)| rest);
    let t = t.trim_end_matches('/');
    let (host, port) = t.rsplit_once(' ').or_else(|| t.rsplit_once(':'))?;
    let host = host.trim().trim_start_matches('[').trim_end_matches(']');
    let port = port.trim().parse().ok()?;
    (!host.is_empty()).then(|| ProxyEndpoint { host: host.to_owned(), port })
}

/// A list of exceptions split at `sep`, blanks dropped.
fn list(text: &str, sep: char) -> Vec<String> {
    text.split(sep).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

// ---- GNOME ----

/// One read of every proxy key: one process instead of up to seven `gsettings get`s, which run
/// before each check starts.
pub fn gnome_query() -> Command {
    Command::new(path::GSETTINGS, ["list-recursively", "org.gnome.system.proxy"])
}

/// GNOME's setting from [`gnome_query`]'s output: one `schema key value` line per key, each value
/// printed as `gsettings get` prints it.
pub fn gnome_listing(text: &str) -> Option<OsProxy> {
    let value = |schema: &str, key: &str| {
        text.lines().find_map(|line| {
            let rest = line.trim().strip_prefix(schema)?.strip_prefix(' ')?;
            rest.strip_prefix(key)?.strip_prefix(' ').map(str::trim)
        })
    };
    let (base, https, http) = ("org.gnome.system.proxy", "org.gnome.system.proxy.https", "org.gnome.system.proxy.http");
    let p = gnome(
        value(base, "mode")?,
        value(base, "autoconfig-url").unwrap_or("''"),
        value(https, "host")?,
        value(https, "port")?,
    )?;
    let read = |schema, key| value(schema, key).unwrap_or_default();
    Some(gnome_manual(p, read(http, "host"), read(http, "port"), read(base, "ignore-hosts")))
}

/// A GVariant string array as `gsettings get` prints it (`['localhost', '::1']`, `@as []`).
pub fn gvariant_strings(text: &str) -> Option<Vec<String>> {
    let t = text.trim().trim_start_matches("@as").trim();
    let inner = t.strip_prefix('[')?.strip_suffix(']')?.trim();
    if inner.is_empty() {
        return Some(Vec::new());
    }
    // Host patterns hold no `,` or `'`, so a plain split is enough.
    inner.split(',').map(gvariant_string).collect()
}

/// GNOME's http proxy and exceptions added to a typed-in setting from [`gnome`].
pub fn gnome_manual(mut p: OsProxy, http_host: &str, http_port: &str, ignore_hosts: &str) -> OsProxy {
    if p.mode != ProxyMode::Manual {
        return p;
    }
    let port = http_port.split_whitespace().last().and_then(|p| p.parse::<u16>().ok()).filter(|p| *p != 0);
    if let (Some(host), Some(port)) = (gvariant_string(http_host).filter(|h| !h.is_empty()), port) {
        p.http = Some(ProxyEndpoint { host, port });
    }
    p.bypass = gvariant_strings(ignore_hosts).unwrap_or_default();
    p
}

/// A GVariant string as `gsettings get` prints it (`'manual'`), unquoted.
pub fn gvariant_string(text: &str) -> Option<String> {
    let t = text.trim();
    let inner = t.strip_prefix('\'').and_then(|s| s.strip_suffix('\''))?;
    Some(inner.replace("\\'", "'").replace("\\\\", "\\"))
}

/// GNOME's setting from `gsettings get` of its mode, PAC URL and https host and port.
pub fn gnome(mode: &str, autoconfig_url: &str, host: &str, port: &str) -> Option<OsProxy> {
    let pac = gvariant_string(autoconfig_url).filter(|u| !u.is_empty());
    let mode = match gvariant_string(mode)?.as_str() {
        "none" => ProxyMode::Off,
        "manual" => ProxyMode::Manual,
        // "auto" without a URL means WPAD.
        "auto" if pac.is_some() => ProxyMode::Pac,
        "auto" => ProxyMode::AutoDetect,
        _ => return None,
    };
    // `port` is printed as `3128`, or with its type (`uint32 3128`) on some versions.
    let port = port.split_whitespace().last().and_then(|p| p.parse::<u16>().ok());
    let https = match (mode, gvariant_string(host).filter(|h| !h.is_empty()), port) {
        (ProxyMode::Manual, Some(host), Some(port)) if port != 0 => Some(ProxyEndpoint { host, port }),
        _ => None,
    };
    let pac_url = if mode == ProxyMode::Pac { pac } else { None };
    Some(OsProxy { source: ProxySource::Gnome, mode, https, http: None, bypass: Vec::new(), pac_url })
}

// ---- KDE ----

/// `kioslaverc`'s `[Proxy Settings]`: `ProxyType` 0 none, 1 manual, 2 PAC, 3 WPAD,
/// 4 environment variables.
pub fn kioslaverc(text: &str) -> Option<OsProxy> {
    let mut in_section = false;
    let (mut kind, mut https, mut http, mut pac, mut bypass) = (None, None, None, None, Vec::new());
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_section = line == "[Proxy Settings]";
            continue;
        }
        let Some((k, v)) = line.split_once('=').filter(|_| in_section) else { continue };
        match k.trim() {
            "ProxyType" => kind = v.trim().parse::<u8>().ok(),
            "httpsProxy" => https = endpoint(v),
            "httpProxy" => http = endpoint(v),
            "NoProxyFor" => bypass = list(v, ','),
            "Proxy Config Script" => pac = Some(v.trim().to_owned()).filter(|s| !s.is_empty()),
            _ => {}
        }
    }
    let mode = match kind? {
        0 => ProxyMode::Off,
        1 => ProxyMode::Manual,
        2 => ProxyMode::Pac,
        3 => ProxyMode::AutoDetect,
        4 => ProxyMode::FromEnvironment,
        _ => return None,
    };
    Some(OsProxy {
        source: ProxySource::Kde,
        mode,
        https: https.filter(|_| mode == ProxyMode::Manual),
        http: http.filter(|_| mode == ProxyMode::Manual),
        bypass: if mode == ProxyMode::Manual { bypass } else { Vec::new() },
        pac_url: pac.filter(|_| mode == ProxyMode::Pac),
    })
}

// ---- macOS ----

/// `scutil --proxy`.
pub fn scutil_query() -> Command {
    Command::new(path::SCUTIL, ["--proxy"])
}

/// `scutil --proxy`'s dictionary: PAC wins over a typed-in proxy, which wins over WPAD.
pub fn scutil(text: &str) -> Option<OsProxy> {
    if !text.trim_start().starts_with("<dictionary>") {
        return None;
    }
    let mut depth = 0usize;
    let mut keys = std::collections::HashMap::new();
    let (mut in_exceptions, mut bypass) = (false, Vec::new());
    for line in text.lines().map(str::trim) {
        if depth == 1
            && let Some((k, v)) = line.split_once(" : ")
        {
            keys.insert(k.trim().to_owned(), v.trim().to_owned());
            in_exceptions = k.trim() == "ExceptionsList";
        } else if depth == 2
            && in_exceptions
            && let Some((_, v)) = line.split_once(" : ")
        {
            bypass.push(v.trim().to_owned());
        }
        depth += line.matches('{').count();
        depth = depth.saturating_sub(line.matches('}').count());
    }
    let on = |k: &str| keys.get(k).is_some_and(|v| v == "1");
    let server = |scheme: &str| {
        on(&format!("{scheme}Enable"))
            .then(|| {
                let host = keys.get(&format!("{scheme}Proxy"))?.clone();
                Some(ProxyEndpoint { host, port: keys.get(&format!("{scheme}Port"))?.parse().ok()? })
            })
            .flatten()
    };
    let (https, http) = (server("HTTPS"), server("HTTP"));
    let pac = keys.get("ProxyAutoConfigURLString").filter(|_| on("ProxyAutoConfigEnable")).cloned();
    let mode = match () {
        _ if pac.is_some() => ProxyMode::Pac,
        _ if https.is_some() || on("HTTPEnable") => ProxyMode::Manual,
        _ if on("ProxyAutoDiscoveryEnable") => ProxyMode::AutoDetect,
        _ => ProxyMode::Off,
    };
    let bypass = if mode == ProxyMode::Manual { bypass } else { Vec::new() };
    Some(OsProxy { source: ProxySource::Macos, mode, https, http, bypass, pac_url: pac })
}

// ---- Windows ----

/// The key of the user's Internet Settings.
pub const INTERNET_SETTINGS_KEY: &str = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Internet Settings";

/// `reg query` of the Internet Settings.
pub fn windows_query() -> Command {
    Command::new(path::REG, ["query", INTERNET_SETTINGS_KEY])
}

/// Internet Settings: `AutoConfigURL` (PAC) wins over `ProxyEnable` + `ProxyServer`, which is
/// `host:port` for all protocols or `http=…;https=…` per protocol.
pub fn internet_settings(text: &str) -> Option<OsProxy> {
    let values = regquery::parse(text);
    if values.is_empty() {
        return None;
    }
    let pac = regquery::value(&values, "AutoConfigURL").map(|v| v.data.clone()).filter(|u| !u.is_empty());
    let enabled = regquery::value(&values, "ProxyEnable").and_then(regquery::RegValue::dword) == Some(1);
    let server = regquery::value(&values, "ProxyServer").map(|v| v.data.as_str()).unwrap_or("");
    let per_scheme = |scheme: &str| {
        let prefix = format!("{scheme}=");
        server.split(';').find_map(|p| p.trim().strip_prefix(prefix.as_str()).and_then(endpoint))
    };
    let (https, http) = if server.contains('=') {
        (per_scheme("https"), per_scheme("http"))
    } else {
        (endpoint(server), endpoint(server))
    };
    let bypass = regquery::value(&values, "ProxyOverride").map(|v| list(&v.data, ';')).unwrap_or_default();
    let mode = match () {
        _ if pac.is_some() => ProxyMode::Pac,
        _ if enabled => ProxyMode::Manual,
        _ => ProxyMode::Off,
    };
    let manual = mode == ProxyMode::Manual;
    Some(OsProxy {
        source: ProxySource::Windows,
        mode,
        https: https.filter(|_| manual),
        http: http.filter(|_| manual),
        bypass: if manual { bypass } else { Vec::new() },
        pac_url: pac,
    })
}
