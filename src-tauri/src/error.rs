//! Errors as the UI receives them: a stable `code` the UI turns into words, plus an English
//! `message` for logs. Engine errors become these only here, at the edge.

use serde::Serialize;
use site_doctor_engine::{BadInput, Cancelled, ConfigError};
use ts_rs::TS;

/// What went wrong, as a code the UI's catalogue has words for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The input cannot name a website; `reason` says why.
    BadInput,
    /// The user cancelled the check.
    Cancelled,
    /// A check is already running.
    Busy,
    /// The configuration file is unusable.
    Config,
    /// The browser could not be asked to open the checked site.
    OpenFailed,
    /// Our own fault.
    Internal,
}

/// The error every command returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UiError {
    /// Stable code.
    pub code: ErrorCode,
    /// English words for logs and help desks; the UI shows its own.
    pub message: String,
    /// Why the input was refused, for `bad_input`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub reason: Option<BadInput>,
}

impl UiError {
    /// An error with a code and message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), reason: None }
    }
}

impl From<BadInput> for UiError {
    fn from(r: BadInput) -> Self {
        Self { code: ErrorCode::BadInput, message: r.to_string(), reason: Some(r) }
    }
}

impl From<Cancelled> for UiError {
    fn from(c: Cancelled) -> Self {
        Self::new(ErrorCode::Cancelled, c.to_string())
    }
}

impl From<&ConfigError> for UiError {
    fn from(e: &ConfigError) -> Self {
        Self::new(ErrorCode::Config, e.to_string())
    }
}
