//! The default web browser: `xdg-settings` on Linux, the `UserChoice` ProgId on Windows,
//! LaunchServices on macOS. Read-only.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::command::{Command, Os, path};
use crate::parse::regquery;

/// The browsers the help texts know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum BrowserKind {
    /// Google Chrome.
    Chrome,
    /// Microsoft Edge.
    Edge,
    /// Mozilla Firefox.
    Firefox,
    /// Apple Safari.
    Safari,
    /// Any other (Chromium, Brave, Opera, …): `id` says which.
    Other,
}

/// The default browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DefaultBrowser {
    /// Which one.
    pub kind: BrowserKind,
    /// The OS's own id: desktop file, ProgId or bundle id.
    pub id: String,
}

impl DefaultBrowser {
    fn new(kind: BrowserKind, id: &str) -> Self {
        Self { kind, id: id.to_owned() }
    }
}

/// The Windows key whose `ProgId` names the https handler.
pub const USER_CHOICE_KEY: &str =
    r"HKCU\Software\Microsoft\Windows\Shell\Associations\UrlAssociations\https\UserChoice";

/// The read-only command that tells, for `os`; `home` is the user's home (macOS).
pub fn query(os: Os, home: &str) -> Command {
    match os {
        Os::Linux => Command::new(path::XDG_SETTINGS, ["get", "default-web-browser"]),
        Os::Windows => Command::new(path::REG, ["query", USER_CHOICE_KEY, "/v", "ProgId"]),
        Os::Macos => {
            let plist = format!("{home}/Library/Preferences/com.apple.LaunchServices/com.apple.launchservices.secure");
            Command::new(path::DEFAULTS, ["read".to_owned(), plist, "LSHandlers".to_owned()])
        }
    }
}

/// `xdg-settings get default-web-browser`: a desktop file id such as `firefox-esr.desktop`.
pub fn xdg_settings(stdout: &str) -> Option<DefaultBrowser> {
    let id = stdout.trim();
    let n = id.to_ascii_lowercase();
    let kind = match () {
        _ if id.is_empty() => return None,
        _ if n.contains("google-chrome") || n.starts_with("com.google.chrome") => BrowserKind::Chrome,
        _ if n.contains("microsoft-edge") || n.starts_with("com.microsoft.edge") => BrowserKind::Edge,
        _ if n.contains("firefox") => BrowserKind::Firefox,
        _ => BrowserKind::Other,
    };
    Some(DefaultBrowser::new(kind, id))
}

/// `reg query …\UserChoice /v ProgId`: `ChromeHTML`, `MSEdgeHTM`, `FirefoxURL-…`.
pub fn user_choice(stdout: &str) -> Option<DefaultBrowser> {
    let values = regquery::parse(stdout);
    let id = regquery::value(&values, "ProgId")?.data.as_str();
    let kind = match id {
        "ChromeHTML" => BrowserKind::Chrome,
        "MSEdgeHTM" => BrowserKind::Edge,
        _ if id.starts_with("FirefoxURL") || id.starts_with("FirefoxHTML") => BrowserKind::Firefox,
        "" => return None,
        _ => BrowserKind::Other,
    };
    Some(DefaultBrowser::new(kind, id))
}

/// `defaults read …launchservices.secure LSHandlers`: the handler for `https` (else `http`);
/// Safari when none is set, as macOS does. Only the top level of each handler is read: the
/// nested `LSHandlerPreferredVersions` repeats the role keys with `"-"`.
pub fn launch_services(stdout: &str) -> DefaultBrowser {
    let (mut depth, mut scheme, mut role) = (0usize, None::<String>, None::<String>);
    let mut found: Vec<(String, String)> = Vec::new();
    for line in stdout.lines().map(str::trim) {
        if depth == 1
            && let Some((k, v)) = line.split_once('=')
        {
            let v = v.trim().trim_end_matches(';').trim().trim_matches('"').to_ascii_lowercase();
            match k.trim() {
                "LSHandlerURLScheme" => scheme = Some(v),
                "LSHandlerRoleAll" => role = Some(v),
                _ => {}
            }
        }
        depth += line.matches('{').count();
        let closes = line.matches('}').count();
        if depth == 1
            && closes > 0
            && let (Some(s), Some(r)) = (scheme.take(), role.take())
        {
            found.push((s, r));
        }
        depth = depth.saturating_sub(closes);
        if depth == 0 {
            (scheme, role) = (None, None);
        }
    }
    let pick = |s: &str| found.iter().find(|(k, _)| k == s).map(|(_, r)| r.clone());
    let id = pick("https").or_else(|| pick("http")).unwrap_or_else(|| "com.apple.safari".into());
    let kind = match id.as_str() {
        "com.google.chrome" => BrowserKind::Chrome,
        "com.microsoft.edgemac" => BrowserKind::Edge,
        "org.mozilla.firefox" => BrowserKind::Firefox,
        "com.apple.safari" => BrowserKind::Safari,
        _ => BrowserKind::Other,
    };
    DefaultBrowser { kind, id }
}

/// The parser for `os`'s output of [`query`].
pub fn parse(os: Os, stdout: &str) -> Option<DefaultBrowser> {
    match os {
        Os::Linux => xdg_settings(stdout),
        Os::Windows => user_choice(stdout),
        Os::Macos => Some(launch_services(stdout)),
    }
}
