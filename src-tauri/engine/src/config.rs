//! The engine's configuration: every endpoint it talks to, with the real public services as
//! defaults. Tests point every one of them at their own servers.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Why a configuration file could not be used; the message names the key.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read the configuration file {path}: {reason}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The OS error in words.
        reason: String,
    },
    /// The file is not valid TOML or a key has the wrong type.
    #[error("the configuration file {path} is not valid: {reason}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What the TOML parser said, including the key.
        reason: String,
    },
    /// A key has a value of the right type that still cannot be used.
    #[error("the configuration key `{key}` has a bad value `{value}`: {reason}")]
    BadValue {
        /// Dotted key, e.g. `dns.alternates`.
        key: &'static str,
        /// The value found.
        value: String,
        /// What is expected.
        reason: &'static str,
    },
}

/// A DNS server address: `ip` or `ip:port` (port 53 by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResolverAddr(pub SocketAddr);

impl ResolverAddr {
    fn parse(key: &'static str, s: &str) -> Result<Self, ConfigError> {
        let bad = || ConfigError::BadValue { key, value: s.to_owned(), reason: "expected an IP address or ip:port" };
        if let Ok(ip) = s.parse::<IpAddr>() {
            return Ok(Self(SocketAddr::new(ip, 53)));
        }
        s.parse::<SocketAddr>().map(Self).map_err(|_| bad())
    }
}

impl std::fmt::Display for ResolverAddr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Everything the engine needs to know about where to send its probes.
#[derive(Debug, Clone)]
pub struct Config {
    /// Resolvers to use instead of the operating system's (`[dns] system`); empty = the OS's.
    pub system_resolvers: Vec<ResolverAddr>,
    /// Public resolvers to compare with (`[dns] alternates`).
    pub alternates: Vec<ResolverAddr>,
    /// DNS-over-HTTPS resolvers (`[dns] doh`).
    pub doh: Vec<url::Url>,
    /// Captive-portal / connectivity URLs (`[connectivity] probes`).
    pub connectivity_probes: Vec<url::Url>,
    /// Whether third-party vantage services may be asked (`[vantage] enabled`).
    pub vantage_enabled: bool,
    /// Globalping API base (`[vantage] globalping`).
    pub globalping: url::Url,
    /// check-host.net base (`[vantage] check_host`).
    pub check_host: url::Url,
    /// Extra CA certificate files (PEM) trusted besides the OS store (`[tls] extra_ca`: one
    /// path or a list; relative paths are relative to the configuration file).
    pub extra_ca: Vec<PathBuf>,
    /// Hosts file to read (`[environment] hosts_file`); the OS's by default.
    pub hosts_file: PathBuf,
    /// Status pages that replace a provider's public one (`[status] cloudflare = "…"`, keyed as
    /// in `docs/config.md`). Read only when `vantage_enabled`: the same consent.
    pub status_pages: std::collections::BTreeMap<crate::status::Provider, url::Url>,
    /// Whether the site's own status page, when its pages link one, is read (`[status] site`).
    pub site_status: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    dns: RawDns,
    #[serde(default)]
    connectivity: RawConnectivity,
    #[serde(default)]
    vantage: RawVantage,
    #[serde(default)]
    tls: RawTls,
    #[serde(default)]
    environment: RawEnvironment,
    #[serde(default)]
    status: std::collections::BTreeMap<String, toml::Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDns {
    system: Option<Vec<String>>,
    alternates: Option<Vec<String>>,
    doh: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConnectivity {
    probes: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVantage {
    enabled: Option<bool>,
    globalping: Option<String>,
    check_host: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTls {
    extra_ca: Option<OneOrMany>,
}

/// `extra_ca = "ca.pem"` (the first form, still accepted) or `extra_ca = ["a.pem", "b.pem"]`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(PathBuf),
    Many(Vec<PathBuf>),
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEnvironment {
    hosts_file: Option<PathBuf>,
}

/// The real public endpoints: what a user gets without a configuration file.
pub mod defaults {
    /// Public resolvers: Cloudflare, Google, Quad9.
    pub const ALTERNATES: &[&str] = &["1.1.1.1", "8.8.8.8", "9.9.9.9"];
    /// DNS-over-HTTPS resolvers.
    pub const DOH: &[&str] = &["https://cloudflare-dns.com/dns-query"];
    /// Connectivity / captive-portal checks of three vendors.
    pub const PROBES: &[&str] = &[
        "http://connectivitycheck.gstatic.com/generate_204",
        "http://captive.apple.com/hotspot-detect.html",
        "http://www.msftconnecttest.com/connecttest.txt",
    ];
    /// Globalping REST API v1.
    pub const GLOBALPING: &str = "https://api.globalping.io";
    /// check-host.net API.
    pub const CHECK_HOST: &str = "https://check-host.net";
}

impl Default for Config {
    fn default() -> Self {
        Self::from_raw(RawConfig::default()).unwrap_or_else(|e| unreachable!("defaults are valid: {e}"))
    }
}

impl Config {
    /// Parses TOML text; `origin` names the file in messages.
    pub fn from_toml(text: &str, origin: &Path) -> Result<Self, ConfigError> {
        // toml's own text names the line and column and shows the line: what a person needs.
        let mut raw: RawConfig = toml::from_str(text).map_err(|e| ConfigError::Invalid {
            path: origin.to_owned(),
            reason: e.to_string().trim_end().to_owned(),
        })?;
        // A CA file next to the configuration is found wherever the program was started from.
        if let (Some(OneOrMany::One(p)), Some(dir)) = (&mut raw.tls.extra_ca, origin.parent()) {
            *p = dir.join(&*p);
        }
        if let (Some(OneOrMany::Many(list)), Some(dir)) = (&mut raw.tls.extra_ca, origin.parent()) {
            list.iter_mut().for_each(|p| *p = dir.join(&*p));
        }
        Self::from_raw(raw)
    }

    /// Reads a TOML file.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| ConfigError::Read { path: path.to_owned(), reason: e.to_string() })?;
        Self::from_toml(&text, path)
    }

    /// The file to read: `explicit`, else `$SITE_DOCTOR_CONFIG`, else the OS config directory's
    /// `site-doctor/config.toml` when it exists. `None` means built-in defaults.
    pub fn locate(explicit: Option<PathBuf>) -> Option<PathBuf> {
        if explicit.is_some() {
            return explicit;
        }
        if let Some(p) = std::env::var_os("SITE_DOCTOR_CONFIG").filter(|p| !p.is_empty()) {
            return Some(PathBuf::from(p));
        }
        let p = config_dir()?.join("site-doctor").join("config.toml");
        p.exists().then_some(p)
    }

    fn from_raw(raw: RawConfig) -> Result<Self, ConfigError> {
        let resolvers = |key, list: Option<Vec<String>>, default: &[&str]| -> Result<Vec<ResolverAddr>, ConfigError> {
            let list = list.unwrap_or_else(|| default.iter().map(|s| (*s).to_owned()).collect());
            list.iter().map(|s| ResolverAddr::parse(key, s)).collect()
        };
        let urls = |key, list: Option<Vec<String>>, default: &[&str]| -> Result<Vec<url::Url>, ConfigError> {
            let list = list.unwrap_or_else(|| default.iter().map(|s| (*s).to_owned()).collect());
            list.iter().map(|s| parse_url(key, s)).collect()
        };
        Ok(Self {
            system_resolvers: resolvers("dns.system", raw.dns.system, &[])?,
            alternates: resolvers("dns.alternates", raw.dns.alternates, defaults::ALTERNATES)?,
            doh: urls("dns.doh", raw.dns.doh, defaults::DOH)?,
            connectivity_probes: urls("connectivity.probes", raw.connectivity.probes, defaults::PROBES)?,
            vantage_enabled: raw.vantage.enabled.unwrap_or(true),
            globalping: parse_url(
                "vantage.globalping",
                raw.vantage.globalping.as_deref().unwrap_or(defaults::GLOBALPING),
            )?,
            check_host: parse_url(
                "vantage.check_host",
                raw.vantage.check_host.as_deref().unwrap_or(defaults::CHECK_HOST),
            )?,
            extra_ca: match raw.tls.extra_ca {
                None => Vec::new(),
                Some(OneOrMany::One(p)) => vec![p],
                Some(OneOrMany::Many(list)) => list,
            },
            hosts_file: raw.environment.hosts_file.unwrap_or_else(default_hosts_file),
            site_status: match raw.status.get("site") {
                None => true,
                Some(toml::Value::Boolean(b)) => *b,
                Some(v) => {
                    return Err(ConfigError::BadValue {
                        key: "status.site",
                        value: v.to_string(),
                        reason: "expected true or false",
                    });
                }
            },
            status_pages: status_pages(&raw.status)?,
        })
    }

    /// Where `provider`'s status page is read: the `[status]` setting, else its public page.
    /// `None` for the site's own page, which the site's links give.
    pub(crate) fn status_page(&self, provider: crate::status::Provider) -> Option<url::Url> {
        if let Some(u) = self.status_pages.get(&provider) {
            return Some(u.clone());
        }
        let page = crate::status::spec(provider).page;
        (!page.is_empty()).then(|| url::Url::parse(page).ok()).flatten()
    }
}

/// The `[status]` table's provider keys, each an http(s) URL; an unknown key names itself.
fn status_pages(
    table: &std::collections::BTreeMap<String, toml::Value>,
) -> Result<std::collections::BTreeMap<crate::status::Provider, url::Url>, ConfigError> {
    let mut out = std::collections::BTreeMap::new();
    for (key, value) in table.iter().filter(|(k, _)| k.as_str() != "site") {
        let provider = crate::status::by_key(key).ok_or_else(|| ConfigError::BadValue {
            key: "status",
            value: key.clone(),
            reason: "not a provider Site Doctor knows (see docs/config.md)",
        })?;
        let text = value.as_str().ok_or_else(|| ConfigError::BadValue {
            key: "status",
            value: format!("{key} = {value}"),
            reason: "expected an http:// or https:// URL",
        })?;
        out.insert(provider, parse_url("status", text)?);
    }
    Ok(out)
}

fn parse_url(key: &'static str, s: &str) -> Result<url::Url, ConfigError> {
    url::Url::parse(s).ok().filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some()).ok_or_else(|| {
        ConfigError::BadValue { key, value: s.to_owned(), reason: "expected an http:// or https:// URL" }
    })
}

fn default_hosts_file() -> PathBuf {
    if cfg!(windows) {
        let root = std::env::var_os("SystemRoot").unwrap_or_else(|| "C:\\Windows".into());
        PathBuf::from(root).join("System32\\drivers\\etc\\hosts")
    } else {
        PathBuf::from("/etc/hosts")
    }
}

/// The app's data folder (undo information, history): `SITE_DOCTOR_DATA_DIR` when set, else
/// `$XDG_DATA_HOME/site-doctor` (Linux), `~/Library/Application Support/site-doctor` (macOS),
/// `%APPDATA%\site-doctor` (Windows). `None` when there is no home to put it in. One function so
/// the fix room and the history never disagree about where the user's files are.
pub fn data_dir() -> Option<PathBuf> {
    let var = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(d) = var("SITE_DOCTOR_DATA_DIR") {
        Some(d)
    } else if cfg!(windows) {
        Some(var("APPDATA")?.join("site-doctor"))
    } else if cfg!(target_os = "macos") {
        Some(var("HOME")?.join("Library/Application Support/site-doctor"))
    } else {
        Some(var("XDG_DATA_HOME").or_else(|| var("HOME").map(|h| h.join(".local/share")))?.join("site-doctor"))
    }
}

/// The OS's configuration folder (`dirs` knows each system's: XDG on Linux, Application Support
/// on macOS, the roaming AppData on Windows).
fn config_dir() -> Option<PathBuf> {
    dirs::config_dir()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_public_endpoints() {
        let c = Config::default();
        assert_eq!(c.alternates.len(), 3);
        assert_eq!(c.alternates[0].to_string(), "1.1.1.1:53");
        assert!(c.vantage_enabled);
        assert!(c.system_resolvers.is_empty());
        assert!(c.extra_ca.is_empty());
    }

    #[test]
    fn extra_ca_is_one_path_or_a_list_next_to_the_file() {
        let one = Config::from_toml("[tls]\nextra_ca = \"/tmp/ca.pem\"", Path::new("/etc/sd/c.toml")).expect("valid");
        assert_eq!(one.extra_ca, vec![PathBuf::from("/tmp/ca.pem")]);
        let many =
            Config::from_toml("[tls]\nextra_ca = [\"a.pem\", \"/b.pem\"]", Path::new("/etc/sd/c.toml")).expect("valid");
        assert_eq!(many.extra_ca, vec![PathBuf::from("/etc/sd/a.pem"), PathBuf::from("/b.pem")]);
    }

    #[test]
    fn a_toml_error_says_line_and_column() {
        let e = Config::from_toml("[dns]\nalternates = [\"1.1.1.1\"\n", Path::new("t.toml")).expect_err("bad");
        assert!(e.to_string().contains("line 2, column"), "{e}");
    }

    #[test]
    fn every_key_can_point_elsewhere() {
        let c = Config::from_toml(
            r#"
            [dns]
            system = ["127.0.0.1:5300"]
            alternates = ["127.0.0.1:5301", "::1"]
            doh = []
            [connectivity]
            probes = ["http://127.0.0.1:8080/generate_204"]
            [vantage]
            enabled = false
            globalping = "http://127.0.0.1:9/"
            check_host = "http://127.0.0.1:9/"
            [tls]
            extra_ca = "/tmp/ca.pem"
            "#,
            Path::new("t.toml"),
        )
        .expect("valid");
        assert_eq!(c.system_resolvers[0].to_string(), "127.0.0.1:5300");
        assert_eq!(c.alternates[1].to_string(), "[::1]:53");
        assert!(!c.vantage_enabled);
        assert_eq!(c.connectivity_probes[0].port(), Some(8080));
    }

    #[test]
    fn a_bad_value_names_its_key() {
        let e = Config::from_toml("[dns]\nalternates = [\"nope\"]", Path::new("t.toml")).expect_err("bad");
        assert!(e.to_string().contains("dns.alternates"), "{e}");
        let e = Config::from_toml("[dns]\nalternate = []", Path::new("t.toml")).expect_err("bad");
        assert!(e.to_string().contains("alternate"), "{e}");
        let e = Config::from_toml("[vantage]\nglobalping = \"ftp://x\"", Path::new("t.toml")).expect_err("bad");
        assert!(e.to_string().contains("vantage.globalping"), "{e}");
    }
}
