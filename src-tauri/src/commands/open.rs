//! "Open the site": the system browser opens the site that was last checked, and nothing else.
//!
//! The window passes no URL: it could be made to pass any. The address comes from the app's
//! state, set by `check_site`, so the opener plugin's JS API is never granted to the window.

use std::sync::Mutex;

use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;
use url::Url;

use crate::AppState;
use crate::error::{ErrorCode, UiError};

/// The URL of the last site a check ran for, kept in [`AppState`].
#[derive(Debug, Default)]
pub struct LastSite(Mutex<Option<Url>>);

impl LastSite {
    /// Remembers the site just checked (its normalized URL, userinfo and fragment removed).
    pub fn set(&self, url: &Url) {
        if let Ok(mut last) = self.0.lock() {
            *last = Some(url.clone());
        }
    }

    /// The site to open: the last one checked, and only a web address.
    pub fn to_open(&self) -> Result<Url, UiError> {
        let last = self.0.lock().map_err(|_| UiError::new(ErrorCode::Internal, "state lock poisoned"))?;
        let url = last.clone().ok_or_else(|| UiError::new(ErrorCode::OpenFailed, "no site has been checked yet"))?;
        // Target::parse already allows only these; checked again because this opens a program.
        if !matches!(url.scheme(), "http" | "https") {
            return Err(UiError::new(ErrorCode::OpenFailed, format!("not a web address: {}", url.scheme())));
        }
        Ok(url)
    }
}

/// Opens the last checked site in the user's default browser.
#[tauri::command]
pub fn open_site(app: AppHandle, state: State<'_, AppState>) -> Result<(), UiError> {
    let url = state.last_site.to_open()?;
    app.opener()
        .open_url(url.as_str(), None::<&str>)
        .map_err(|e| UiError::new(ErrorCode::OpenFailed, format!("the browser could not be started: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_to_open_before_a_check() {
        let err = LastSite::default().to_open().expect_err("nothing checked yet");
        assert_eq!(err.code, ErrorCode::OpenFailed);
    }

    #[test]
    fn opens_the_last_site_checked() {
        let last = LastSite::default();
        last.set(&Url::parse("https://one.example/").expect("url"));
        last.set(&Url::parse("http://two.example:8080/path?q=1").expect("url"));
        assert_eq!(last.to_open().expect("a site").as_str(), "http://two.example:8080/path?q=1");
    }

    #[test]
    fn refuses_anything_but_the_web() {
        let last = LastSite::default();
        last.set(&Url::parse("file:///etc/passwd").expect("url"));
        assert_eq!(last.to_open().expect_err("not the web").code, ErrorCode::OpenFailed);
    }
}
