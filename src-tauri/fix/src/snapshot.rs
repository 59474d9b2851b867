//! The DNS settings as they were before a switch, and the file that keeps them until undone, so
//! that an undo works after the app was closed or the computer restarted.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One adapter's DNS settings, in the terms of the tool that restores them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "manager", rename_all = "snake_case")]
pub enum DnsSnapshot {
    /// Windows (`netsh interface ip show dns`).
    Netsh {
        /// The interface alias.
        adapter: String,
        /// The servers came from DHCP (undo goes back to DHCP).
        dhcp: bool,
        /// Static servers, in order (empty with `dhcp`, or "None").
        servers: Vec<IpAddr>,
    },
    /// macOS (`networksetup -getdnsservers`).
    Networksetup {
        /// The network service.
        service: String,
        /// The servers set by hand; empty means "none set" (the network's own are used).
        servers: Vec<IpAddr>,
    },
    /// Linux with NetworkManager (`nmcli connection show <uuid>`).
    NetworkManager {
        /// The connection profile.
        uuid: String,
        /// The interface it was active on.
        device: String,
        /// `ipv4.dns`, in order.
        servers: Vec<IpAddr>,
        /// `ipv4.ignore-auto-dns`.
        ignore_auto_dns: bool,
    },
    /// Linux with systemd-resolved alone (the link's `DNS` property over D-Bus, or
    /// `resolvectl dns <ifname>`).
    Resolved {
        /// The interface.
        ifname: String,
        /// The link's servers, in order; empty means none were set on the link.
        servers: Vec<IpAddr>,
    },
}

impl DnsSnapshot {
    /// The adapter it is about, as the user named it.
    pub fn adapter(&self) -> &str {
        match self {
            Self::Netsh { adapter, .. } => adapter,
            Self::Networksetup { service, .. } => service,
            Self::NetworkManager { device, .. } => device,
            Self::Resolved { ifname, .. } => ifname,
        }
    }
}

/// Why the saved settings could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Reading or writing the file.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// The file is not a snapshot this version understands.
    #[error("{path}: {source}")]
    Format {
        /// The file.
        path: PathBuf,
        /// The error.
        source: serde_json::Error,
    },
}

/// The JSON file holding the snapshot until it is undone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotStore {
    path: PathBuf,
}

/// The file name inside the app's data folder.
pub const FILE_NAME: &str = "dns-undo.json";

impl SnapshotStore {
    /// A store at `path` (tests give a temporary file).
    pub fn at(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// The store in the app's data folder: `SITE_DOCTOR_DATA_DIR` when set, else
    /// `$XDG_DATA_HOME/site-doctor` (Linux), `~/Library/Application Support/site-doctor` (macOS),
    /// `%APPDATA%\site-doctor` (Windows). `None` when there is no home to put it in.
    pub fn default_location() -> Option<Self> {
        Some(Self::at(site_doctor_engine::config::data_dir()?.join(FILE_NAME)))
    }

    /// Where the file is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The saved snapshot, if one waits to be undone.
    pub fn load(&self) -> Result<Option<DnsSnapshot>, StoreError> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(StoreError::Io { path: self.path.clone(), source }),
        };
        serde_json::from_str(&text).map(Some).map_err(|source| StoreError::Format { path: self.path.clone(), source })
    }

    /// Saves it, replacing the file atomically (a crash leaves the old file or the new one).
    pub fn save(&self, snap: &DnsSnapshot) -> Result<(), StoreError> {
        let io = |source| StoreError::Io { path: self.path.clone(), source };
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let json =
            serde_json::to_vec_pretty(snap).map_err(|source| StoreError::Format { path: self.path.clone(), source })?;
        let tmp = self.path.with_extension("json.tmp");
        std::fs::write(&tmp, json).map_err(io)?;
        std::fs::rename(&tmp, &self.path).map_err(io)
    }

    /// Forgets it (after an undo).
    pub fn clear(&self) -> Result<(), StoreError> {
        match std::fs::remove_file(&self.path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(StoreError::Io { path: self.path.clone(), source: e })
            }
            _ => Ok(()),
        }
    }
}
