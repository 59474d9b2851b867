//! What the status pages said, in English, for the CLI and the help-desk report (the window says
//! the same from its catalogue, `status.*` keys).

use super::{Provider, ProviderStatus, providers};
use crate::evidence::Evidence;

/// One line per status page read, the trouble first.
pub fn lines(e: &Evidence) -> Vec<String> {
    let mut out: Vec<String> = e.status.iter().filter(|s| !s.trouble.is_empty()).map(trouble).collect();
    out.extend(e.status.iter().filter(|s| s.trouble.is_empty()).map(quiet));
    out
}

/// "Cloudflare reports trouble in Amsterdam, Netherlands since 10:02 UTC: Elevated errors
/// (identified). https://stspg.io/x"
pub fn trouble(s: &ProviderStatus) -> String {
    let who = match s.provider {
        Provider::Site => "The site's own status page",
        p => providers::spec(p).name,
    };
    let mut line = match s.place.as_deref().or(s.region.as_deref()) {
        Some(place) if at_location(s) => format!("{who} reports trouble in {place}"),
        _ => format!("{who} reports trouble"),
    };
    let Some(i) = s.headline() else { return line };
    if let Some(since) = i.started_at.as_deref().and_then(since) {
        line.push_str(&format!(" since {since}"));
    }
    line.push_str(&format!(": {}", i.name));
    if let Some(st) = &i.status {
        line.push_str(&format!(" ({st})"));
    }
    line.push('.');
    if let Some(u) = &i.url {
        line.push_str(&format!(" {u}"));
    }
    if s.trouble.len() > 1 {
        line.push_str(&format!(" ({} more open)", s.trouble.len() - 1));
    }
    line
}

/// The headline incident is listed against this site's location.
pub fn at_location(s: &ProviderStatus) -> bool {
    let Some(code) = s.region.as_deref() else { return false };
    s.headline().is_some_and(|i| i.components.iter().any(|n| n.to_ascii_uppercase().contains(&format!("({code})"))))
}

fn quiet(s: &ProviderStatus) -> String {
    // "Cloudflare's status page", "The site's own status page".
    let page = match s.provider {
        Provider::Site => "The site's own status page".to_owned(),
        p => format!("{}'s status page", providers::spec(p).name),
    };
    let who = page.as_str();
    if !s.read {
        return format!("{who} was not read: {}", s.page);
    }
    match s.other_incidents {
        0 => format!("{who} reports no open incident ({})", s.page),
        n => format!("{who} reports no incident that concerns this site ({n} elsewhere; {})", s.page),
    }
}

/// "10:02 UTC", with the date when it is not today (UTC).
pub fn since(rfc3339: &str) -> Option<String> {
    let at = crate::report::when::parse(rfc3339)?;
    let now = time::OffsetDateTime::now_utc();
    let hm = format!("{:02}:{:02} UTC", at.hour(), at.minute());
    Some(if at.date() == now.date() { hm } else { format!("{} {hm}", at.date()) })
}
