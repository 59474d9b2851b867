//! Deciding about updates, apart from the window so it can be tested against a local server: read
//! the release's `latest.json`, offer only a newer version, stay silent when the server cannot be
//! reached, check at most once a day, and refuse an artifact whose minisign signature does not
//! verify with the public key in `tauri.conf.json`. Installing is `tauri-plugin-updater`'s job
//! (it verifies the same signature again), and only after the user said yes.

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Deserialize;

/// At most one check a day.
pub const CHECK_EVERY: Duration = Duration::from_secs(24 * 60 * 60);

/// The updater's `latest.json` (the fields this app reads).
#[derive(Debug, Clone, Deserialize)]
pub struct Feed {
    /// The offered version (`v` prefix allowed).
    pub version: String,
    /// Release notes.
    #[serde(default)]
    pub notes: Option<String>,
    /// One artifact per `{os}-{arch}` key.
    #[serde(default)]
    pub platforms: HashMap<String, Artifact>,
}

/// One platform's download.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct Artifact {
    /// Where to download it.
    pub url: String,
    /// Its minisign signature (`.sig` file contents, base64), made with the release's private key.
    pub signature: String,
}

/// A newer version to offer the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    /// The version, without a `v`.
    pub version: String,
    /// Release notes, if any.
    pub notes: Option<String>,
    /// This platform's artifact.
    pub artifact: Artifact,
}

/// What a check decided. `Quiet` is never shown to the user: offline, a server error, a feed that
/// does not parse or has nothing for this platform only go to the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// A newer version is there: ask the user.
    Newer(Offer),
    /// This version (or a newer one) runs already.
    Current,
    /// Nothing to say to the user; the reason is for the log.
    Quiet(String),
}

/// The `latest.json` key of this build: `linux-x86_64`, `windows-x86_64`, `darwin-aarch64`, …
pub fn platform_key() -> String {
    let os = match std::env::consts::OS {
        "macos" => "darwin",
        os => os,
    };
    format!("{os}-{}", std::env::consts::ARCH)
}

/// Compares the feed with the running version.
pub fn decide(feed: &Feed, current: &str, platform: &str) -> Decision {
    let parse = |v: &str| semver::Version::parse(v.trim().trim_start_matches('v'));
    let (offered, running) = match (parse(&feed.version), parse(current)) {
        (Ok(o), Ok(r)) => (o, r),
        _ => return Decision::Quiet(format!("unreadable version {:?} or {current:?}", feed.version)),
    };
    if offered <= running {
        return Decision::Current;
    }
    match feed.platforms.get(platform) {
        Some(artifact) => Decision::Newer(Offer {
            version: offered.to_string(),
            notes: feed.notes.clone(),
            artifact: artifact.clone(),
        }),
        None => Decision::Quiet(format!("version {offered} has no artifact for {platform}")),
    }
}

/// Fetches `endpoint` (the release's `latest.json`) and decides. Never fails loudly.
pub async fn check(client: &reqwest::Client, endpoint: &str, current: &str, platform: &str) -> Decision {
    let response = match client.get(endpoint).send().await {
        Ok(r) => r,
        Err(e) => return Decision::Quiet(format!("update server not reachable: {e}")),
    };
    // GitHub answers 404 while no release exists; an update server may answer 204 for "none".
    if !response.status().is_success() || response.status() == reqwest::StatusCode::NO_CONTENT {
        return Decision::Quiet(format!("update server answered {}", response.status()));
    }
    match response.json::<Feed>().await {
        Ok(feed) => decide(&feed, current, platform),
        Err(e) => Decision::Quiet(format!("latest.json unreadable: {e}")),
    }
}

/// Checks `data` against a minisign signature, both as Tauri writes them: the public key is the
/// base64 of the `.pub` file (what `plugins.updater.pubkey` holds), the signature the base64 of
/// the `.sig` file.
pub fn verify(data: &[u8], signature_b64: &str, pubkey_b64: &str) -> Result<(), String> {
    use base64::Engine as _;
    let text = |b64: &str, what: &str| {
        base64::engine::general_purpose::STANDARD
            .decode(b64.trim())
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .ok_or_else(|| format!("{what} is not base64 text"))
    };
    let key = minisign_verify::PublicKey::decode(&text(pubkey_b64, "public key")?).map_err(|e| e.to_string())?;
    let sig = minisign_verify::Signature::decode(&text(signature_b64, "signature")?).map_err(|e| e.to_string())?;
    key.verify(data, &sig, false).map_err(|e| format!("signature refused: {e}"))
}

/// Downloads the offered artifact and returns it only when its signature verifies.
pub async fn download_verified(client: &reqwest::Client, offer: &Offer, pubkey_b64: &str) -> Result<Vec<u8>, String> {
    let response = client.get(&offer.artifact.url).send().await.map_err(|e| format!("download failed: {e}"))?;
    if !response.status().is_success() {
        return Err(format!("download answered {}", response.status()));
    }
    let data = response.bytes().await.map_err(|e| format!("download failed: {e}"))?;
    verify(&data, &offer.artifact.signature, pubkey_b64)?;
    Ok(data.to_vec())
}

/// Whether a check is due, given when the last one was made (a clock set back counts as due).
pub fn due(last: Option<SystemTime>, now: SystemTime) -> bool {
    match last {
        None => true,
        Some(last) => now.duration_since(last).map_or(true, |since| since >= CHECK_EVERY),
    }
}

/// When the last check was made, from the stamp file (seconds since 1970).
pub fn last_check(stamp: &Path) -> Option<SystemTime> {
    let secs: u64 = std::fs::read_to_string(stamp).ok()?.trim().parse().ok()?;
    Some(UNIX_EPOCH + Duration::from_secs(secs))
}

/// Records a check (made or attempted: an offline day counts too).
pub fn record_check(stamp: &Path, now: SystemTime) -> std::io::Result<()> {
    if let Some(dir) = stamp.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let secs = now.duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    std::fs::write(stamp, secs.to_string())
}

/// The client for `latest.json`: no proxy guessing beyond reqwest's, short timeouts.
pub fn client() -> Option<reqwest::Client> {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        .user_agent(concat!("site-doctor/", env!("CARGO_PKG_VERSION")))
        .build()
        .ok()
}
