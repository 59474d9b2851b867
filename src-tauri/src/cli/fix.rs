//! `site-doctor fix …`: the fix room from a terminal. The same actions as the window, carried
//! out by `site-doctor-fix`; this file only reads the arguments and chooses the words.
//! Exit codes follow `docs/cli.md`.

use std::ffi::OsString;
use std::io::Write;

use site_doctor_fix::{Action, ActionResult, AdapterId, Detection, Os, Outcome, ResolverPreset, SnapshotStore};

mod words;

/// The usage lines of the `fix` commands.
pub const USAGE: &str = "usage: site-doctor fix flush-dns [--json]
       site-doctor fix resolver --preset <cloudflare|google|quad9> [--adapter <name>] [--json]
       site-doctor fix undo [--json]
       site-doctor fix detect [--json]";

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

fn parse(args: &[OsString]) -> Result<(Request, bool), String> {
    let mut it = args.iter().skip(2).map(|a| a.to_string_lossy().into_owned());
    let (mut json, mut preset, mut adapter) = (false, None, None);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--json" => json = true,
            "--preset" => {
                let v = it.next().ok_or("--preset needs a name: cloudflare, google or quad9")?;
                preset = Some(
                    ResolverPreset::from_code(&v)
                        .ok_or(format!("--preset must be cloudflare, google or quad9, not `{v}`"))?,
                );
            }
            "--adapter" => {
                let v = it.next().ok_or("--adapter needs the name of a network adapter")?;
                adapter = Some(AdapterId::new(v.clone()).map_err(|_| format!("`{v}` is not a network adapter name"))?);
            }
            s => return Err(format!("unknown option {s}")),
        }
    }
    let what = args.get(1).map(|a| a.to_string_lossy().into_owned()).unwrap_or_default();
    let only_json = |r: Request| {
        if preset.is_some() || adapter.is_some() { Err(format!("`fix {what}` takes only --json")) } else { Ok(r) }
    };
    let request = match what.as_str() {
        "flush-dns" => only_json(Request::Flush)?,
        "undo" => only_json(Request::Undo)?,
        "detect" => only_json(Request::Detect)?,
        "resolver" => Request::Resolver {
            preset: preset.ok_or("which DNS service? Add --preset cloudflare, google or quad9")?,
            adapter: adapter.clone(),
        },
        "" => return Err("which fix? flush-dns, resolver, undo or detect".into()),
        other => return Err(format!("there is no fix called `{other}`")),
    };
    Ok((request, json))
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

/// Runs `site-doctor fix …` (`args[0]` is `fix`), printing to `out`; returns the exit status.
pub fn run(args: &[OsString], out: &mut dyn Write) -> i32 {
    let (request, json) = match parse(args) {
        Ok(r) => r,
        Err(msg) => {
            eprintln!("site-doctor: {msg}\n{USAGE}");
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
                eprintln!(
                    "site-doctor: name the network adapter with --adapter (for example --adapter \"Wi-Fi\")\n{USAGE}"
                );
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
