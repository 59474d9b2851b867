//! Runs a [`Command`]: `std::process::Command` on its absolute path (never a shell), stdin closed,
//! output captured, killed at its deadline. A [`Runner`] trait so the orchestration is tested
//! with scripted outputs.

use std::io::Read;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::action::{Elevation, FailCode, Outcome, Ran, RefuseReason};
use crate::command::Command;

/// Captured output is cut here: these tools print a few lines.
const MAX_OUTPUT: u64 = 1 << 20;
/// How often a running program is looked at.
const POLL: Duration = Duration::from_millis(10);
/// How long the output is awaited once the program has exited.
const PIPE_GRACE: Duration = Duration::from_secs(2);

/// What a program did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    /// Its exit status, when it exited normally.
    pub exit_code: Option<i32>,
    /// Killed at the deadline.
    pub timed_out: bool,
    /// It could not be started at all.
    pub start_failed: bool,
    /// Standard output, lossily decoded.
    pub stdout: String,
    /// Standard error, lossily decoded.
    pub stderr: String,
}

impl Output {
    /// The record of this run of `cmd`.
    pub fn ran(&self, cmd: &Command) -> Ran {
        Ran { argv: cmd.argv(), exit_code: self.exit_code, timed_out: self.timed_out }
    }
}

/// Something that runs commands.
pub trait Runner {
    /// Runs `cmd` to completion or its deadline.
    fn run(&self, cmd: &Command) -> Output;
}

/// The real runner.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemRunner;

impl Runner for SystemRunner {
    fn run(&self, cmd: &Command) -> Output {
        let argv = cmd.argv();
        let Some((program, args)) = argv.split_first() else {
            return Output { start_failed: true, ..Output::default() };
        };
        let mut c = std::process::Command::new(program);
        c.args(args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
        #[cfg(windows)]
        {
            // CREATE_NO_WINDOW: no console window flashes up over the app.
            use std::os::windows::process::CommandExt;
            c.creation_flags(0x0800_0000);
        }
        let mut child = match c.spawn() {
            Ok(ch) => ch,
            Err(e) => return Output { start_failed: true, stderr: e.to_string(), ..Output::default() },
        };
        // Read both pipes on threads, so a chatty program cannot block on a full pipe.
        let reader = |pipe: Option<Box<dyn Read + Send>>| {
            let (tx, rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let mut buf = Vec::new();
                if let Some(p) = pipe {
                    let _ = p.take(MAX_OUTPUT).read_to_end(&mut buf);
                }
                let _ = tx.send(String::from_utf8_lossy(&buf).into_owned());
            });
            rx
        };
        let out = reader(child.stdout.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
        let err = reader(child.stderr.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
        let deadline = Instant::now() + cmd.timeout;
        let mut timed_out = false;
        // Bounded by the deadline: at most timeout / POLL rounds.
        let status = loop {
            match child.try_wait() {
                Ok(Some(s)) => break Some(s),
                Ok(None) if Instant::now() >= deadline => {
                    timed_out = true;
                    let _ = child.kill();
                    break child.wait().ok();
                }
                Ok(None) => std::thread::sleep(POLL),
                Err(_) => break None,
            }
        };
        Output {
            exit_code: if timed_out { None } else { status.and_then(|s| s.code()) },
            timed_out,
            start_failed: false,
            // A killed program's children may still hold the pipes open: wait a moment, no more.
            stdout: out.recv_timeout(PIPE_GRACE).unwrap_or_default(),
            stderr: err.recv_timeout(PIPE_GRACE).unwrap_or_default(),
        }
    }
}

/// What one run means. pkexec: 126 is a dismissed prompt (cancelled), 127 not authorised
/// (refused). osascript: error -128 is "User canceled". netsh without administrator rights says
/// it needs elevation.
pub fn classify(cmd: &Command, out: &Output) -> Outcome {
    let failed = |code| Outcome::Failed { code };
    if out.start_failed {
        return failed(FailCode::CannotStart);
    }
    if out.timed_out {
        return failed(FailCode::TimedOut);
    }
    let Some(code) = out.exit_code else { return failed(FailCode::Killed) };
    match (cmd.elevate, code) {
        (_, 0) => Outcome::Done,
        (Elevation::Pkexec, 126) => Outcome::Cancelled,
        (Elevation::Pkexec, 127) => Outcome::Refused { reason: RefuseReason::NotAuthorised },
        (Elevation::OsascriptAdmin, _) if out.stderr.contains("(-128)") => Outcome::Cancelled,
        _ if out.stdout.contains("requires elevation") || out.stderr.contains("requires elevation") => {
            Outcome::Refused { reason: RefuseReason::NotAuthorised }
        }
        _ => failed(FailCode::ExitStatus { status: code }),
    }
}
