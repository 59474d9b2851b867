//! The help-desk hand-off: the window asks the engine for the report, so "Copy for help desk",
//! "Save…" and `site-doctor check --report` give the same bytes for the same run.

use std::path::{Path, PathBuf};

use serde_json::Value;
use site_doctor_engine::{ActionKind, ActionNote, ActionOutcome, ReportRequest, report};
use site_doctor_fix::{Action, ActionResult, Outcome, Ran};

use crate::error::{ErrorCode, UiError};

/// Most steps and translated words a request may carry: far above what the wizard produces,
/// low enough that a runaway caller cannot make the app build a huge string.
const MAX_TRIED: usize = 64;
const MAX_WORDS: usize = 1024;
/// A report is tens of kilobytes; a save is refused far above that.
const MAX_SAVE: usize = 8 * 1024 * 1024;
/// What "Save…" offers: the text and Markdown reports and the diagnosis as JSON.
const SAVE_EXTENSIONS: [&str; 3] = ["txt", "md", "json"];

/// The report of `request` (text, Markdown, or the redacted diagnosis as JSON). Async so that
/// it runs off the window's main thread (it reads the OS version and host name).
#[tauri::command]
pub async fn render_report(request: ReportRequest) -> Result<String, UiError> {
    render(&request)
}

/// Writes a report the user chose to save, replacing the file atomically. Only to a path the
/// save dialog returned in this session (the dialog adds it to the fs plugin's scope, which
/// nothing else widens: the window has no fs permission), absolute, ending in .txt, .md or
/// .json: a window that ran hostile script still cannot write anywhere else.
#[tauri::command]
pub async fn save_text(path: String, contents: String, app: tauri::AppHandle) -> Result<(), UiError> {
    use tauri_plugin_fs::FsExt;
    let path = savable(&path, contents.len())?;
    if !app.try_fs_scope().is_some_and(|s| s.is_allowed(&path)) {
        return Err(UiError::new(ErrorCode::Internal, "not a path the save dialog returned"));
    }
    tauri::async_runtime::spawn_blocking(move || site_doctor_history::write_atomically(&path, contents.as_bytes()))
        .await
        .map_err(|e| UiError::new(ErrorCode::Internal, format!("save: {e}")))?
        .map_err(|e| UiError::new(ErrorCode::Internal, format!("could not save: {e}")))
}

/// The checks that need no dialog: absolute, a report's extension, a report's size.
fn savable(path: &str, len: usize) -> Result<PathBuf, UiError> {
    let refuse = |why: &str| Err(UiError::new(ErrorCode::Internal, format!("cannot save there: {why}")));
    let p = Path::new(path);
    if !p.is_absolute() {
        return refuse("not an absolute path");
    }
    let ext = p.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    if !ext.as_deref().is_some_and(|e| SAVE_EXTENSIONS.contains(&e)) {
        return refuse("only .txt, .md and .json");
    }
    if len > MAX_SAVE {
        return refuse("too large");
    }
    Ok(p.to_path_buf())
}

fn render(request: &ReportRequest) -> Result<String, UiError> {
    if request.tried.len() > MAX_TRIED || request.words.as_ref().is_some_and(|w| w.len() > MAX_WORDS) {
        return Err(UiError::new(ErrorCode::Internal, "report request too large"));
    }
    Ok(report::render(request))
}

/// The report's neutral note of what the fix room did, for a [`site_doctor_engine::TriedStep`]:
/// the engine does not know the fix room (it depends on the engine), so the shell converts.
pub fn action_note(r: &ActionResult) -> ActionNote {
    let (kind, mut detail) = match &r.action {
        Action::FlushDns => (ActionKind::FlushDns, Vec::new()),
        Action::SwitchResolver { adapter, preset } => {
            (ActionKind::SwitchResolver, vec![format!("adapter {}, {}", adapter.as_str(), preset.code())])
        }
        Action::UndoResolverSwitch => (ActionKind::UndoResolverSwitch, Vec::new()),
    };
    let outcome = match &r.outcome {
        Outcome::Done => ActionOutcome::Done,
        Outcome::NothingToDo { why } => {
            detail.push(code(why));
            ActionOutcome::NothingToDo
        }
        Outcome::Cancelled => ActionOutcome::Cancelled,
        Outcome::Refused { reason } => {
            detail.push(code(reason));
            ActionOutcome::Refused
        }
        Outcome::Failed { code: fail } => {
            detail.push(code(fail));
            ActionOutcome::Failed
        }
    };
    let detail = (!detail.is_empty()).then(|| detail.join("; "));
    ActionNote { kind, outcome, ran: r.ran.iter().map(ran).collect(), detail }
}

/// `resolvectl flush-caches (exit 0)`, `dbus ... (timed out)`.
fn ran(r: &Ran) -> String {
    let status = match (r.timed_out, r.exit_code) {
        (true, _) => " (timed out)".to_owned(),
        (false, Some(c)) => format!(" (exit {c})"),
        (false, None) => String::new(),
    };
    format!("{}{status}", r.argv.join(" "))
}

/// A typed reason as its code and fields: `vpn_active interface=wg0`, `no_dns_cache`.
fn code<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(Value::String(s)) => s,
        Ok(Value::Object(map)) => {
            let mut parts: Vec<String> =
                map.get("code").and_then(Value::as_str).map(str::to_owned).into_iter().collect();
            for (k, v) in map.iter().filter(|(k, _)| *k != "code") {
                parts.push(format!("{k}={}", v.as_str().map_or_else(|| v.to_string(), str::to_owned)));
            }
            parts.join(" ")
        }
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use site_doctor_fix::{AdapterId, FailCode, RefuseReason, ResolverPreset};

    fn result(action: Action, outcome: Outcome, ran: Vec<Ran>) -> ActionResult {
        ActionResult { action, outcome, ran, snapshot: None }
    }

    #[test]
    fn fix_results_become_notes_a_help_desk_can_read() {
        let flush = result(
            Action::FlushDns,
            Outcome::Done,
            vec![Ran {
                argv: vec!["/usr/bin/resolvectl".into(), "flush-caches".into()],
                exit_code: Some(0),
                timed_out: false,
            }],
        );
        assert_eq!(
            action_note(&flush),
            ActionNote {
                kind: ActionKind::FlushDns,
                outcome: ActionOutcome::Done,
                ran: vec!["/usr/bin/resolvectl flush-caches (exit 0)".into()],
                detail: None,
            }
        );
        let adapter = AdapterId::new("wlp2s0").expect("valid");
        let switch = result(
            Action::SwitchResolver { adapter, preset: ResolverPreset::Quad9 },
            Outcome::Refused { reason: RefuseReason::VpnActive { interface: "wg0".into() } },
            Vec::new(),
        );
        let note = action_note(&switch);
        assert_eq!((note.kind, note.outcome), (ActionKind::SwitchResolver, ActionOutcome::Refused));
        assert_eq!(note.detail.as_deref(), Some("adapter wlp2s0, quad9; vpn_active interface=wg0"));
        let failed = result(
            Action::UndoResolverSwitch,
            Outcome::Failed { code: FailCode::ExitStatus { status: 4 } },
            vec![Ran { argv: vec!["pkexec".into(), "nmcli".into()], exit_code: None, timed_out: true }],
        );
        let note = action_note(&failed);
        assert_eq!(note.detail.as_deref(), Some("exit_status status=4"));
        assert_eq!(note.ran, vec!["pkexec nmcli (timed out)".to_owned()]);
    }

    #[test]
    fn only_absolute_report_files_are_savable() {
        let abs = if cfg!(windows) { "C:\\Users\\a\\report" } else { "/home/a/report" };
        for ext in ["txt", "md", "json", "TXT"] {
            assert!(savable(&format!("{abs}.{ext}"), 10).is_ok(), "{ext}");
        }
        for bad in ["report.txt", "./report.txt"] {
            assert!(savable(bad, 10).is_err(), "{bad}");
        }
        for ext in ["sh", "desktop", "txt.exe", ""] {
            assert!(savable(&format!("{abs}.{ext}"), 10).is_err(), "{ext}");
        }
        assert!(savable(&format!("{abs}.txt"), MAX_SAVE + 1).is_err());
    }

    #[test]
    fn the_command_renders_the_engine_s_report() {
        let d: site_doctor_engine::Diagnosis = serde_json::from_value(serde_json::json!({
            "schema": 1,
            "target": { "input": "example.com", "url": "https://example.com/", "host": "example.com", "port": 443 },
            "verdict": "up", "culprit": "none", "confidence": "confirmed",
            "summary": "example.com loads normally from here.", "next_steps": [],
            "evidence": {}, "checks": [], "elapsed_ms": 10, "started_at": "2026-11-21T14:00:00Z"
        }))
        .expect("diagnosis");
        let text = render(&ReportRequest::new(d.clone())).expect("renders");
        assert_eq!(text, report::render(&ReportRequest::new(d.clone())));
        assert!(text.starts_with("Site Doctor report\n"));
        let too_many = ReportRequest {
            tried: vec![],
            words: Some((0..2000).map(|i| (i.to_string(), i.to_string())).collect()),
            ..ReportRequest::new(d)
        };
        assert!(render(&too_many).is_err());
    }
}
