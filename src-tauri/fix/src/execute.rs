//! Carries out one [`Action`]: refuse or plan, snapshot first, run step by step, stop at the first
//! step that did not work, and keep the snapshot on disk until it is undone.

use crate::action::{Action, ActionResult, AdapterId, FailCode, NothingToDo, Outcome, Ran, ResolverPreset};
use crate::command::{Command, Os, Step};
use crate::facts::SystemFacts;
use crate::parse::ipconfig;
use crate::plan::{self, Manager};
use crate::resolved::{DbusCall, LinkRead, ResolvedClient, link_dns_argv};
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
    /// Talks to systemd-resolved over D-Bus (normally [`crate::resolved::SystemResolved`]).
    pub resolved: &'a dyn ResolvedClient,
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

    /// One D-Bus call to systemd-resolved, recorded; polkit's "no" runs `fallback` instead.
    fn resolved(&mut self, call: &crate::resolved::ResolvedCall, fallback: &Command) -> Outcome {
        match self.fixer.resolved.call(call) {
            DbusCall::Done => {
                self.ran.push(Ran { argv: call.argv(), exit_code: Some(0), timed_out: false });
                Outcome::Done
            }
            // pkexec asks for the password that polkit wanted.
            DbusCall::Denied => {
                self.ran.push(Ran { argv: call.argv(), exit_code: None, timed_out: false });
                self.command(fallback)
            }
            DbusCall::Failed(_) => {
                self.ran.push(Ran { argv: call.argv(), exit_code: None, timed_out: false });
                Outcome::Failed { code: FailCode::Dbus }
            }
        }
    }

    /// Runs steps in order until one does not work; also says how many worked.
    fn steps(&mut self, steps: &[Step]) -> (Outcome, usize) {
        for (done, step) in steps.iter().enumerate() {
            let o = match step {
                Step::Run(cmd) => self.command(cmd),
                Step::Resolved { call, fallback } => self.resolved(call, fallback),
            };
            if o != Outcome::Done {
                return (o, done);
            }
        }
        (Outcome::Done, steps.len())
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
        run.steps(&steps).0
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
        if let Manager::Resolved(ifname) = m {
            // Over D-Bus first: reading needs no password and no resolvectl.
            let read = self.resolved.link_dns(ifname);
            let ok = matches!(read, LinkRead::Servers(_));
            run.ran.push(Ran { argv: link_dns_argv(ifname), exit_code: ok.then_some(0), timed_out: false });
            match read {
                LinkRead::Servers(servers) => {
                    return self.keep(DnsSnapshot::Resolved { ifname: ifname.clone(), servers });
                }
                LinkRead::NoSuchLink => {
                    return Err(Outcome::Refused { reason: crate::action::RefuseReason::UnknownAdapter });
                }
                // The bus failed us: `resolvectl dns` (below) is one more way to read it.
                LinkRead::Failed(_) => {}
            }
        }
        let cmd = plan::snapshot_plan(m);
        let out = self.runner.run(&cmd);
        run.ran.push(out.ran(&cmd));
        if out.exit_code != Some(0) {
            return Err(failed(FailCode::SnapshotUnreadable));
        }
        let snap = plan::parse_snapshot(m, &out.stdout).ok_or(failed(FailCode::SnapshotUnreadable))?;
        self.keep(snap)
    }

    /// Saves the snapshot before anything changes: a crash half-way still leaves the way back.
    fn keep(&self, snap: DnsSnapshot) -> Result<DnsSnapshot, Outcome> {
        self.store.save(&snap).map_err(|_| Outcome::Failed { code: FailCode::SnapshotStore })?;
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
        let (outcome, worked) = run.steps(&plan::switch_plan(&m, preset, &self.facts));
        // Nothing changed when the very first step was cancelled or refused: forget the
        // snapshot we just took, so no undo is offered for a switch that never happened.
        let nothing_changed = worked == 0
            && matches!(
                outcome,
                Outcome::Cancelled | Outcome::Refused { .. } | Outcome::Failed { code: FailCode::Dbus }
            );
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
        let (outcome, _) = run.steps(&plan::undo_plan(&snap, &self.facts));
        if outcome == Outcome::Done && self.store.clear().is_err() {
            return (Outcome::Failed { code: FailCode::SnapshotStore }, Some(snap));
        }
        (outcome, Some(snap))
    }
}
