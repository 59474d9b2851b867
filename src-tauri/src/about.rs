//! The About panel's data: the version and the licences of the Rust crates and npm packages built
//! into the app, listed by `build.rs` at build time (from `cargo tree` and `ui/package-lock.json`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One library built into the app.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
pub struct Licence {
    /// The crate's or package's name.
    pub name: String,
    /// Its version.
    pub version: String,
    /// Its SPDX licence expression ("" when it declares none).
    pub license: String,
}

/// What the About panel shows.
#[derive(Debug, Clone, Serialize, TS)]
pub struct About {
    /// "Site Doctor".
    pub name: String,
    /// The app's version.
    pub version: String,
    /// The app's own licence.
    pub license: String,
    /// Rust crates compiled into this build (this platform's), sorted by name.
    pub rust: Vec<Licence>,
    /// npm packages whose code is in the window's bundle, sorted by name.
    pub npm: Vec<Licence>,
}

const GENERATED: &str = include_str!(concat!(env!("OUT_DIR"), "/licences.json"));

#[derive(Deserialize)]
struct Generated {
    rust: Vec<Licence>,
    npm: Vec<Licence>,
}

impl About {
    /// The data for this build.
    pub fn new(version: String) -> Self {
        let generated: Generated = serde_json::from_str(GENERATED).unwrap_or(Generated { rust: vec![], npm: vec![] });
        Self {
            name: "Site Doctor".into(),
            version,
            license: env!("CARGO_PKG_LICENSE").into(),
            rust: generated.rust,
            npm: generated.npm,
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_about_data_lists_tauri_and_the_ui_runtime_with_their_licences() {
        let about = super::About::new("0.1.0".into());
        let tauri = about.rust.iter().find(|l| l.name == "tauri").expect("tauri listed");
        assert!(tauri.license.contains("MIT"), "{tauri:?}");
        assert!(about.rust.iter().all(|l| l.name != "site-doctor"), "the app itself is not a dependency");
        assert!(about.npm.iter().any(|l| l.name == "@tauri-apps/api"), "{:?}", about.npm);
        assert!(about.npm.iter().any(|l| l.name == "svelte"), "{:?}", about.npm);
    }
}
