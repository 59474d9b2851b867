//! The operating system's proxy setting (the one browsers follow), handed to the engine as data.
//! The engine does not read OS settings itself: the window and the CLI read them (the fix room's
//! `detect`) and pass them in [`crate::RunOptions`]. Environment variables still come first, as in
//! curl; this setting is used when they name no proxy.

/// One proxy server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyServer {
    /// Host name or address.
    pub host: String,
    /// Port.
    pub port: u16,
}

/// How the OS chooses the proxy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OsProxySetting {
    /// Proxies typed in, per scheme, with the hosts that go around them.
    Manual {
        /// For `http://` sites.
        http: Option<ProxyServer>,
        /// For `https://` sites.
        https: Option<ProxyServer>,
        /// Exceptions as the OS lists them: names, `*.domain`, addresses, CIDR ranges, and
        /// Windows' `<local>` (names without a dot).
        bypass: Vec<String>,
    },
    /// A proxy auto-configuration (PAC) file. Not evaluated: there is no maintained, sandboxed
    /// PAC interpreter to run someone else's JavaScript in, so the run says one is set.
    Pac {
        /// The file's URL.
        url: String,
    },
    /// The proxy is discovered on the network (WPAD); not done by the engine either.
    AutoDetect,
}

/// The OS proxy setting and where it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OsProxyInput {
    /// Where it was read, as the evidence names it ("GNOME settings").
    pub source: String,
    /// The setting.
    pub setting: OsProxySetting,
}

impl OsProxyInput {
    /// The server for a site of this scheme, when one is typed in.
    pub fn server_for(&self, https: bool) -> Option<&ProxyServer> {
        match &self.setting {
            OsProxySetting::Manual { http, https: s, .. } => {
                if https {
                    s.as_ref()
                } else {
                    http.as_ref()
                }
            }
            _ => None,
        }
    }
}
