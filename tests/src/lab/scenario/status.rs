//! What the providers' status page stand-in says in a scenario (`[status_page]`): all well, or
//! one open incident at one location.

use serde::Deserialize;

/// The status page stand-in's script.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StatusPage {
    /// An open incident's title ("": none).
    pub incident: String,
    /// The location it is listed against, as the page names it.
    pub location: String,
    /// The site's own pages link this page as its status page (`http://status.<zone>:81/`).
    pub linked: bool,
}

impl Default for StatusPage {
    fn default() -> Self {
        Self { incident: String::new(), location: "Amsterdam, Netherlands - (AMS)".into(), linked: false }
    }
}
