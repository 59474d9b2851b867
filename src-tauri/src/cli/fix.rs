//! `site-doctor fix …`: the fix room from a terminal. The same actions as the window, carried
//! out by `site-doctor-fix`; this file only turns clap's reading into a request and chooses the
//! words.
//! Exit codes follow `docs/cli.md`.

use std::io::Write;

use site_doctor_fix::{Action, ActionResult, AdapterId, Detection, Os, Outcome, ResolverPreset, SnapshotStore};

use super::args::FixCommand;

mod words;

/// Done, or nothing needed doing.
pub const EXIT_OK: i32 = 0;
/// It was tried and failed, or Site Doctor could not write its output.
pub const EXIT_FAILED: i32 = 1;
/// Bad usage.
pub const EXIT_USAGE: i32 = 2;
/// Refused: by Site Doctor (VPN, managed settings) or by the system (not authorised).
pub const EXIT_REFUSED: i32 = 3;
/// The user dismissed the password prompt.
pub const EXIT_CANCELLED: i32 = 4;

/// What was asked on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Request {
    /// One action; `None` adapter means "the one carrying the internet route".
    Flush,
    Resolver {
        preset: ResolverPreset,
        adapter: Option<AdapterId>,
    },
    Undo,
    Detect,
}

/// The request clap read, with the adapter name checked.
fn request(cmd: FixCommand) -> Result<(Request, bool), String> {
    Ok(match cmd {
        FixCommand::FlushDns(j) => (Request::Flush, j.json),
        FixCommand::Undo(j) => (Request::Undo, j.json),
        FixCommand::Detect(j) => (Request::Detect, j.json),
        FixCommand::Resolver { preset, adapter, json } => {
            let preset = ResolverPreset::from_code(preset.code()).ok_or("unknown DNS service")?;
            let adapter = match adapter {
                Some(v) => Some(AdapterId::new(v.clone()).map_err(|_| format!("`{v}` is not a network adapter name"))?),
                None => None,
            };
            (Request::Resolver { preset, adapter }, json)
        }
    })
}

/// The exit status for an outcome.
pub fn exit_code(o: &Outcome) -> i32 {
    match o {
        Outcome::Done | Outcome::NothingToDo { .. } => EXIT_OK,
        Outcome::Failed { .. } => EXIT_FAILED,
        Outcome::Refused { .. } => EXIT_REFUSED,
        Outcome::Cancelled => EXIT_CANCELLED,
    }
}

fn json_line(out: &mut dyn Write, value: &impl serde::Serialize) -> i32 {
    match serde_json::to_string_pretty(value) {
        Ok(s) if writeln!(out, "{s}").is_ok() => EXIT_OK,
        _ => EXIT_FAILED,
    }
}

/// Prints an action's result and returns its exit status.
pub fn report(out: &mut dyn Write, result: &ActionResult, json: bool) -> i32 {
    let code = exit_code(&result.outcome);
    let written = if json {
        json_line(out, result)
    } else if out.write_all(words::result(result).as_bytes()).is_ok() {
        EXIT_OK
    } else {
        EXIT_FAILED
    };
    if written == EXIT_OK { code } else { EXIT_FAILED }
}

/// Prints what was detected.
pub fn report_detection(out: &mut dyn Write, d: &Detection, json: bool) -> i32 {
    if json {
        return json_line(out, d);
    }
    if out.write_all(words::detection(d).as_bytes()).is_ok() { EXIT_OK } else { EXIT_FAILED }
}

/// Runs `site-doctor fix …` as clap read it, printing to `out`; returns the exit status.
pub fn run(cmd: FixCommand, out: &mut dyn Write) -> i32 {
    let (request, json) = match request(cmd) {
        Ok(r) => r,
        Err(msg) => {
            eprintln!("site-doctor: {msg}\nSee: site-doctor fix --help");
            return EXIT_USAGE;
        }
    };
    let os = Os::current();
    let runner = site_doctor_fix::SystemRunner;
    let action = match request {
        Request::Detect => return report_detection(out, &site_doctor_fix::detect::detect(os, &runner), json),
        Request::Flush => Action::FlushDns,
        Request::Undo => Action::UndoResolverSwitch,
        Request::Resolver { preset, adapter } => {
            let Some(adapter) = adapter.or_else(|| site_doctor_fix::facts::default_adapter(os, &runner)) else {
                eprintln!("site-doctor: name the network adapter with --adapter (for example --adapter \"Wi-Fi\")");
                return EXIT_USAGE;
            };
            Action::SwitchResolver { adapter, preset }
        }
    };
    let Some(store) = SnapshotStore::default_location() else {
        eprintln!("site-doctor: there is no home folder to keep the undo information in");
        return EXIT_FAILED;
    };
    report(out, &site_doctor_fix::run(action, store), json)
}

#[cfg(test)]
mod tests;
