//! What the user typed, turned into a [`Target`] or a plain [`BadInput`] reason.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use url::Url;

use crate::diagnosis::TargetInfo;

/// Longest input worth trying to read as an address (browsers cap URLs near 2 KB too).
const MAX_INPUT: usize = 2048;

listed! {
/// Why an input cannot name a website. Its words are `text::bad_input` (English) and the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BadInput {
    /// Nothing was typed.
    Empty,
    /// Far too long to be an address.
    TooLong,
    /// A scheme other than http or https (javascript:, file:, ftp:, ...).
    UnsupportedScheme,
    /// Spaces inside what should be an address.
    HasSpaces,
    /// The host part is not a valid name or IP address.
    InvalidHost,
    /// The port is 0 or out of range.
    InvalidPort,
    /// Anything else the URL parser refuses.
    InvalidUrl,
}
}

impl std::fmt::Display for BadInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(crate::text::bad_input(*self))
    }
}

impl std::error::Error for BadInput {}

/// The host part of a target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Host {
    /// A DNS name in ASCII (punycode), lower case, without a trailing dot.
    Domain(String),
    /// An IP literal: no DNS lookup is needed.
    Ip(IpAddr),
}

/// A normalized website address ready for probing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Exactly what the user typed.
    pub input: String,
    /// Normalized URL without userinfo or fragment.
    pub url: Url,
    /// The host to resolve or connect to.
    pub host: Host,
    /// The port to connect to (scheme default when none was given).
    pub port: u16,
}

impl Target {
    /// Reads anything a person types or pastes.
    pub fn parse(input: &str) -> Result<Self, BadInput> {
        if input.len() > MAX_INPUT {
            return Err(BadInput::TooLong);
        }
        let text = strip_wrapping(input);
        if text.is_empty() {
            return Err(BadInput::Empty);
        }
        if text.chars().any(char::is_whitespace) {
            return Err(BadInput::HasSpaces);
        }
        let with_scheme = add_scheme(text)?;
        let mut url = Url::parse(&with_scheme).map_err(|e| match e {
            url::ParseError::InvalidPort => BadInput::InvalidPort,
            url::ParseError::EmptyHost
            | url::ParseError::IdnaError
            | url::ParseError::InvalidDomainCharacter
            | url::ParseError::InvalidIpv4Address
            | url::ParseError::InvalidIpv6Address => BadInput::InvalidHost,
            _ => BadInput::InvalidUrl,
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(BadInput::UnsupportedScheme);
        }
        // Userinfo is never shown or sent: it may hold a password.
        let _ = url.set_username("");
        let _ = url.set_password(None);
        url.set_fragment(None);
        let host = match url.host() {
            Some(url::Host::Domain(d)) => Host::Domain(clean_domain(d)?),
            Some(url::Host::Ipv4(ip)) => Host::Ip(IpAddr::V4(ip)),
            Some(url::Host::Ipv6(ip)) => Host::Ip(IpAddr::V6(ip)),
            None => return Err(BadInput::InvalidHost),
        };
        let host = match host {
            Host::Domain(d) => {
                url.set_host(Some(&d)).map_err(|_| BadInput::InvalidHost)?;
                // Trailing dots removed, a name may now read as an IPv4 address ("11.." is
                // 0.0.0.11, "0.0.0.0.." is 0.0.0.0), and the URL says so: the host must agree
                // with it, or a name would be looked up that the URL does not contain (found by
                // fuzzing, see fuzz/tests.rs).
                match url.host() {
                    Some(url::Host::Ipv4(ip)) => Host::Ip(IpAddr::V4(ip)),
                    Some(url::Host::Ipv6(ip)) => Host::Ip(IpAddr::V6(ip)),
                    _ => Host::Domain(d),
                }
            }
            ip => ip,
        };
        // Percent-encoding can make the URL nine times the typed text (one U+FFFD is
        // `%EF%BF%BD`): a URL too long to read back is too long (found by fuzzing).
        if url.as_str().len() > MAX_INPUT {
            return Err(BadInput::TooLong);
        }
        let port = url.port_or_known_default().ok_or(BadInput::InvalidPort)?;
        if port == 0 {
            return Err(BadInput::InvalidPort);
        }
        Ok(Self { input: input.to_owned(), url, host, port })
    }

    /// The host as text: the ASCII name, or the IP without brackets.
    pub fn host_str(&self) -> String {
        match &self.host {
            Host::Domain(d) => d.clone(),
            Host::Ip(ip) => ip.to_string(),
        }
    }

    /// True for `https` targets.
    pub fn is_https(&self) -> bool {
        self.url.scheme() == "https"
    }

    /// The contract's view of the target.
    pub fn info(&self) -> TargetInfo {
        TargetInfo { input: self.input.clone(), url: self.url.to_string(), host: self.host_str(), port: self.port }
    }
}

/// Trims whitespace and the quotes or angle brackets a copy from a chat or document brings.
fn strip_wrapping(input: &str) -> &str {
    const WRAP: &[char] = &['"', '\'', '`', '<', '>', '“', '”', '‘', '’', '«', '»'];
    let mut s = input.trim();
    // Bounded: each pass removes at least one character or stops.
    for _ in 0..8 {
        let next = s.trim_matches(WRAP).trim();
        if next.len() == s.len() {
            break;
        }
        s = next;
    }
    s
}

/// Adds `https://` when no scheme was typed; refuses schemes that are not web addresses.
fn add_scheme(text: &str) -> Result<String, BadInput> {
    if let Some((scheme, rest)) = text.split_once("://") {
        if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")) {
            return Err(BadInput::UnsupportedScheme);
        }
        // `https:///path`: the URL parser skips the extra slash and would take the path's first
        // word for the host, checking a site nobody typed. A third slash means no host was given.
        if rest.starts_with(['/', '\\']) {
            return Err(BadInput::InvalidHost);
        }
        return Ok(text.to_owned());
    }
    if text.starts_with("//") {
        return Ok(format!("https:{text}"));
    }
    // A bare IPv6 address such as 2001:db8::1 needs brackets to become a URL host.
    if let Ok(IpAddr::V6(ip)) = text.parse::<IpAddr>() {
        return Ok(format!("https://[{ip}]/"));
    }
    // `javascript:alert(1)`, `mailto:x@y`, `file:/etc`: a scheme without `//`. Tell it apart
    // from `example.com:8443`, where digits follow the colon.
    if let Some((head, rest)) = text.split_once(':') {
        let looks_like_scheme = head.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && head.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
        let is_port = rest.chars().next().is_some_and(|c| c.is_ascii_digit());
        if looks_like_scheme && !is_port && !head.starts_with('[') {
            return Err(BadInput::UnsupportedScheme);
        }
    }
    Ok(format!("https://{text}"))
}

/// Lower-case ASCII name without a trailing dot, each label a valid DNS label.
fn clean_domain(domain: &str) -> Result<String, BadInput> {
    let d = domain.trim_end_matches('.').to_ascii_lowercase();
    if d.is_empty() || d.len() > 253 {
        return Err(BadInput::InvalidHost);
    }
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    if d.split('.').all(label_ok) { Ok(d) } else { Err(BadInput::InvalidHost) }
}

#[cfg(test)]
#[path = "target_tests.rs"]
mod tests;
