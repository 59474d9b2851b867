//! Parsers of the OS tools' output. Pure functions over text, so each is tested on every OS with
//! captured samples (`tests/fixtures/`). Output they do not recognise gives `None`: a switch is
//! never made on settings that could not be read back exactly.
//!
//! English output only for `netsh` and `ipconfig`: both translate their labels, and a Windows in
//! another language reads as "not recognised" (so no switch), which is safe but not helpful.

pub mod ipconfig;
pub mod netsh;
pub mod networksetup;
pub mod nmcli;
pub mod regquery;
pub mod resolvectl;

use std::net::IpAddr;

/// Every whitespace- or comma-separated word of `text` as an address, or `None` if one is not.
pub(crate) fn ips(text: &str) -> Option<Vec<IpAddr>> {
    text.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).map(|w| w.parse().ok()).collect()
}
