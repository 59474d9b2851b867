//! Carries out one [`Action`]: refuse or plan, snapshot first, run step by step, stop at the first
//! step that did not work, and keep the snapshot on disk until it is undone.

use crate::action::{Action, ActionResult, AdapterId, FailCode, NothingToDo, Outcome, Ran, ResolverPreset};
use crate::command::{Command, Os, Step, dbus_flush_argv};
use crate::facts::SystemFacts;
use crate::parse::ipconfig;
use crate::plan::{self, Manager};
use crate::resolved::DbusFlush;
use crate::runner::{Runner, classify};
use crate::snapshot::{DnsSnapshot, SnapshotStore};

/// Everything an action runs against; tests give scripted runners and temporary stores.
pub struct Fixer<'a> {
    /// The OS whose plans are used.
    pub os: Os,
    /// What is known about the system.
    pub facts: SystemFacts,
    /// Where the undo snapshot lives.
    pub store: SnapshotStore,
    /// Runs programs.
    pub runner: &'a dyn Runner,
    /// Calls systemd-resolved's `FlushCaches` (normally [`crate::resolved::flush_caches`]).
    pub dbus_flush: &'a dyn Fn() -> DbusFlush,
}

/// The record being built and the outcome so far.
struct Run<'a, 'b> {
    fixer: &'b Fixer<'a>,
    ran: Vec<Ran>,
}

impl Run<'_, '_> {
    /// Runs one command, records it, and says what it came to.
    fn command(&mut self, cmd: &Command) -> Outcome {
        let out = self.fixer.runner.run(cmd);
        self.ran.push(out.ran(cmd));
        let outcome = classify(cmd, &out);
        // ipconfig can exit 0 and still say it could not flush.
        if outcome == Outcome::Done
            && cmd.program == crate::command::path::IPCONFIG
            && ipconfig::flushdns(&out.stdout) == Some(false)
        {
            return Outcome::Failed { code: FailCode::ExitStatus { status: 0 } };
        }
        outcome
    }

    /// Runs commands in order until one does not work.
    fn commands(&mut self, cmds: &[Command]) -> Outcome {
        for cmd in cmds {
            let o = self.command(cmd);
            if o != Outcome::Done {
                return o;
            }
        }
        Outcome::Done
    }
}

impl Fixer<'_> {
    /// Carries out `action`. Never panics and never returns an error: what went wrong is the
    /// result's outcome.
    pub fn execute(&self, action: Action) -> ActionResult {
        let mut run = Run { fixer: self, ran: Vec::new() };
        let (outcome, snapshot) = match &action {
            Action::FlushDns => (self.flush(&mut run), None),
            Action::SwitchResolver { adapter, preset } => self.switch(&mut run, adapter, *preset),
            Action::UndoResolverSwitch => self.undo(&mut run),
        };
        ActionResult { action, outcome, ran: run.ran, snapshot }
    }

    fn flush(&self, run: &mut Run<'_, '_>) -> Outcome {
        let steps = plan::flush_plan(self.os, &self.facts);
        if steps.is_empty() {
            return Outcome::NothingToDo { why: NothingToDo::NoDnsCache };
        }
        for step in &steps {
            let o = match step {
                Step::Run(cmd) => run.command(cmd),
                Step::ResolvedFlushCaches { fallback } => match (self.dbus_flush)() {
                    DbusFlush::Done => {
                        run.ran.push(Ran { argv: dbus_flush_argv(), exit_code: Some(0), timed_out: false });
                        Outcome::Done
                    }
                    // Denied (polkit) or no bus: resolvectl through pkexec can still do it.
                    DbusFlush::Denied | DbusFlush::Failed(_) => {
                        run.ran.push(Ran { argv: dbus_flush_argv(), exit_code: None, timed_out: false });
                        run.command(fallback)
                    }
                },
            };
            if o != Outcome::Done {
                return o;
            }
        }
        Outcome::Done
    }

    /// The snapshot to keep: the one already waiting for this adapter (so that undo goes back to
    /// the settings before the first switch), else the settings read now.
    fn snapshot_for(&self, run: &mut Run<'_, '_>, m: &Manager, adapter: &AdapterId) -> Result<DnsSnapshot, Outcome> {
        let failed = |code| Outcome::Failed { code };
        match self.store.load() {
            Err(_) => return Err(failed(FailCode::SnapshotStore)),
            Ok(Some(old)) if old.adapter() == adapter.as_str() => return Ok(old),
            Ok(Some(old)) => {
                let reason = crate::action::RefuseReason::UndoPendingElsewhere { adapter: old.adapter().to_owned() };
                return Err(Outcome::Refused { reason });
            }
            Ok(None) => {}
        }
        let cmd = plan::snapshot_plan(m);
        let out = self.runner.run(&cmd);
        run.ran.push(out.ran(&cmd));
        if out.exit_code != Some(0) {
            return Err(failed(FailCode::SnapshotUnreadable));
        }
        let snap = plan::parse_snapshot(m, &out.stdout).ok_or(failed(FailCode::SnapshotUnreadable))?;
        // Saved before anything changes: a crash half-way still leaves the way back.
        self.store.save(&snap).map_err(|_| failed(FailCode::SnapshotStore))?;
        Ok(snap)
    }

    fn switch(
        &self,
        run: &mut Run<'_, '_>,
        adapter: &AdapterId,
        preset: ResolverPreset,
    ) -> (Outcome, Option<DnsSnapshot>) {
        let m = match plan::manager(self.os, &self.facts, adapter) {
            Ok(m) => m,
            Err(reason) => return (Outcome::Refused { reason }, None),
        };
        let had_one = matches!(self.store.load(), Ok(Some(_)));
        let snap = match self.snapshot_for(run, &m, adapter) {
            Ok(s) => s,
            Err(o) => return (o, None),
        };
        let cmds = plan::switch_plan(&m, preset, &self.facts);
        let first_ran = run.ran.len();
        let outcome = run.commands(&cmds);
        // Nothing changed when the very first command was cancelled or refused: forget the
        // snapshot we just took, so no undo is offered for a switch that never happened.
        let nothing_changed =
            run.ran.len() == first_ran + 1 && matches!(outcome, Outcome::Cancelled | Outcome::Refused { .. });
        if nothing_changed && !had_one {
            let _ = self.store.clear();
        }
        (outcome, Some(snap))
    }

    fn undo(&self, run: &mut Run<'_, '_>) -> (Outcome, Option<DnsSnapshot>) {
        let snap = match self.store.load() {
            Ok(Some(s)) => s,
            Ok(None) => return (Outcome::NothingToDo { why: NothingToDo::NoSwitchToUndo }, None),
            Err(_) => return (Outcome::Failed { code: FailCode::SnapshotStore }, None),
        };
        // Allowed with a VPN up: putting the user's own settings back is always safe.
        let outcome = run.commands(&plan::undo_plan(&snap, &self.facts));
        if outcome == Outcome::Done && self.store.clear().is_err() {
            return (Outcome::Failed { code: FailCode::SnapshotStore }, Some(snap));
        }
        (outcome, Some(snap))
    }
}
