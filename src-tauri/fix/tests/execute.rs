//! The orchestration with scripted program outputs: snapshot first, undo after a "restart",
//! cancelled and refused prompts, the D-Bus fallback; and the real runner's deadline.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use site_doctor_fix::Fixer;
use site_doctor_fix::action::*;
use site_doctor_fix::command::{Command, Os};
use site_doctor_fix::facts::{NmActive, SystemFacts};
use site_doctor_fix::resolved::{DbusCall, LinkRead, ResolvedCall, ResolvedClient};
use site_doctor_fix::runner::{Output, Runner, SystemRunner};
use site_doctor_fix::snapshot::{DnsSnapshot, SnapshotStore};

/// Answers by argv; anything unscripted exits 0 silently. Records what ran.
#[derive(Default)]
struct Script {
    answers: HashMap<Vec<String>, Output>,
    calls: RefCell<Vec<Vec<String>>>,
}

impl Script {
    fn answer(mut self, argv: &[&str], exit: i32, stdout: &str, stderr: &str) -> Self {
        let out = Output { exit_code: Some(exit), stdout: stdout.into(), stderr: stderr.into(), ..Output::default() };
        self.answers.insert(argv.iter().map(|s| s.to_string()).collect(), out);
        self
    }
}

impl Runner for Script {
    fn run(&self, cmd: &Command) -> Output {
        let argv = cmd.argv();
        self.calls.borrow_mut().push(argv.clone());
        self.answers.get(&argv).cloned().unwrap_or(Output { exit_code: Some(0), ..Output::default() })
    }
}

/// Scripted systemd-resolved: one answer for every change and one for reading a link; records
/// the calls in argv form.
struct Bus {
    answer: DbusCall,
    link: LinkRead,
    calls: RefCell<Vec<Vec<String>>>,
}

impl Bus {
    fn new(answer: DbusCall, link: LinkRead) -> Self {
        Self { answer, link, calls: RefCell::default() }
    }

    /// A bus that is not used (or says done to everything).
    fn done() -> Self {
        Self::new(DbusCall::Done, LinkRead::Failed("unused".into()))
    }
}

impl ResolvedClient for Bus {
    fn call(&self, call: &ResolvedCall) -> DbusCall {
        self.calls.borrow_mut().push(call.argv());
        self.answer.clone()
    }
    fn link_dns(&self, ifname: &str) -> LinkRead {
        self.calls.borrow_mut().push(vec!["DNS".into(), ifname.into()]);
        self.link.clone()
    }
}

fn temp_store(name: &str) -> SnapshotStore {
    let dir: PathBuf = std::env::temp_dir().join(format!("sdfix-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    SnapshotStore::at(dir.join("dns-undo.json"))
}

const UUID: &str = "a1b2c3d4-1111-4222-8333-444455556666";

fn nm() -> SystemFacts {
    SystemFacts {
        network_manager: true,
        nm_active: vec![NmActive {
            uuid: UUID.into(),
            device: "wlp2s0".into(),
            filename: "/etc/NetworkManager/system-connections/Home.nmconnection".into(),
        }],
        ..SystemFacts::default()
    }
}

fn fixer<'a>(os: Os, facts: SystemFacts, store: SnapshotStore, runner: &'a Script, bus: &'a Bus) -> Fixer<'a> {
    Fixer { os, facts, store, runner, resolved: bus }
}

fn switch(adapter: &str) -> Action {
    Action::SwitchResolver { adapter: AdapterId::new(adapter).expect("adapter"), preset: ResolverPreset::Cloudflare }
}

#[test]
fn switch_then_undo_after_restart() {
    let store = temp_store("restart");
    let snap_argv = ["/usr/bin/nmcli", "-t", "-f", "ipv4.dns,ipv4.ignore-auto-dns", "connection", "show", UUID];
    let runner = Script::default().answer(&snap_argv, 0, "ipv4.dns:203.0.113.53\nipv4.ignore-auto-dns:no\n", "");
    let no_dbus = Bus::new(DbusCall::Failed("unused".into()), LinkRead::Failed("unused".into()));
    let r = fixer(Os::Linux, nm(), store.clone(), &runner, &no_dbus).execute(switch("wlp2s0"));
    assert_eq!(r.outcome, Outcome::Done);
    assert_eq!(r.ran.len(), 3, "snapshot, modify, up");
    let expected = DnsSnapshot::NetworkManager {
        uuid: UUID.into(),
        device: "wlp2s0".into(),
        servers: vec!["203.0.113.53".parse().expect("ip")],
        ignore_auto_dns: false,
    };
    assert_eq!(r.snapshot.as_ref(), Some(&expected));

    // A new process: only the file remembers.
    let store2 = SnapshotStore::at(store.path());
    assert_eq!(store2.load().expect("readable"), Some(expected.clone()));
    let runner2 = Script::default();
    let u = fixer(Os::Linux, nm(), store2.clone(), &runner2, &no_dbus).execute(Action::UndoResolverSwitch);
    assert_eq!(u.outcome, Outcome::Done);
    assert_eq!(
        runner2.calls.borrow()[0],
        ["/usr/bin/nmcli", "connection", "modify", UUID, "ipv4.dns", "203.0.113.53", "ipv4.ignore-auto-dns", "no"]
    );
    assert_eq!(store2.load().expect("readable"), None);
    let again = fixer(Os::Linux, nm(), store2, &runner2, &no_dbus).execute(Action::UndoResolverSwitch);
    assert_eq!(again.outcome, Outcome::NothingToDo { why: NothingToDo::NoSwitchToUndo });
}

#[test]
fn a_second_switch_keeps_the_first_snapshot() {
    let store = temp_store("second");
    let first = DnsSnapshot::NetworkManager {
        uuid: UUID.into(),
        device: "wlp2s0".into(),
        servers: vec![],
        ignore_auto_dns: false,
    };
    store.save(&first).expect("save");
    let runner = Script::default();
    let no_dbus = Bus::done();
    let r = fixer(Os::Linux, nm(), store.clone(), &runner, &no_dbus).execute(switch("wlp2s0"));
    assert_eq!((r.outcome, r.snapshot), (Outcome::Done, Some(first.clone())));
    assert_eq!(runner.calls.borrow().len(), 2, "no new snapshot read");
    let other = SystemFacts { resolved: true, ..nm() };
    let r = fixer(Os::Linux, other, store, &runner, &no_dbus).execute(switch("eth0"));
    assert_eq!(r.outcome, Outcome::Refused { reason: RefuseReason::UndoPendingElsewhere { adapter: "wlp2s0".into() } });
}

#[test]
fn prompts_cancelled_and_refused() {
    let facts = SystemFacts { resolved: true, ..SystemFacts::default() };
    let snap = ["/usr/bin/resolvectl", "dns", "eth0"];
    let set = ["/usr/bin/pkexec", "/usr/bin/resolvectl", "dns", "eth0", "1.1.1.1", "1.0.0.1"];
    // polkit says no over D-Bus (and the read fails too): the resolvectl fallbacks run.
    let no_dbus = Bus::new(DbusCall::Denied, LinkRead::Failed("org.freedesktop.DBus.Error.Failed".into()));
    for (code, outcome) in [(126, Outcome::Cancelled), (127, Outcome::Refused { reason: RefuseReason::NotAuthorised })]
    {
        let store = temp_store(&format!("prompt{code}"));
        let runner = Script::default().answer(&snap, 0, "Link 2 (eth0): 198.51.100.1\n", "").answer(&set, code, "", "");
        let r = fixer(Os::Linux, facts.clone(), store.clone(), &runner, &no_dbus).execute(switch("eth0"));
        assert_eq!(r.outcome, outcome);
        // Nothing changed, so nothing to undo.
        assert_eq!(store.load().expect("readable"), None);
    }
    // macOS: the administrator prompt dismissed.
    let store = temp_store("osascript");
    let runner = Script::default().answer(
        &["/usr/bin/osascript", "-e", site_doctor_fix::command::MACOS_FLUSH_SCRIPT],
        1,
        "",
        "0:116: execution error: User canceled. (-128)\n",
    );
    let r = fixer(Os::Macos, SystemFacts::default(), store, &runner, &no_dbus).execute(Action::FlushDns);
    assert_eq!(r.outcome, Outcome::Cancelled);
}

#[test]
fn unreadable_settings_mean_no_switch() {
    let store = temp_store("unreadable");
    let facts = SystemFacts { resolved: true, ..SystemFacts::default() };
    let runner = Script::default().answer(
        &["/usr/bin/resolvectl", "dns", "eth0"],
        0,
        "Link 2 (eth0): 1.1.1.1#cloudflare-dns.com\n",
        "",
    );
    let no_dbus = Bus::done();
    let r = fixer(Os::Linux, facts, store.clone(), &runner, &no_dbus).execute(switch("eth0"));
    assert_eq!(r.outcome, Outcome::Failed { code: FailCode::SnapshotUnreadable });
    assert_eq!(runner.calls.borrow().len(), 1, "only the read");
    assert_eq!(store.load().expect("readable"), None);
}

#[test]
fn vpn_refuses_before_anything_runs() {
    let facts = SystemFacts { tunnel: Some("wg0".into()), ..nm() };
    let runner = Script::default();
    let no_dbus = Bus::done();
    let r = fixer(Os::Linux, facts, temp_store("vpn"), &runner, &no_dbus).execute(switch("wlp2s0"));
    assert_eq!(r.outcome, Outcome::Refused { reason: RefuseReason::VpnActive { interface: "wg0".into() } });
    assert!(runner.calls.borrow().is_empty());
}

#[test]
fn flush_linux_dbus_and_fallback() {
    let facts = SystemFacts { resolved: true, ..SystemFacts::default() };
    let runner = Script::default();
    let done = Bus::done();
    let r = fixer(Os::Linux, facts.clone(), temp_store("dbus"), &runner, &done).execute(Action::FlushDns);
    assert_eq!((r.outcome, r.ran.len()), (Outcome::Done, 1));
    assert!(runner.calls.borrow().is_empty(), "no program for a D-Bus flush");
    let denied = Bus::new(DbusCall::Denied, LinkRead::Failed("unused".into()));
    let r = fixer(Os::Linux, facts, temp_store("denied"), &runner, &denied).execute(Action::FlushDns);
    assert_eq!(r.outcome, Outcome::Done);
    assert_eq!(runner.calls.borrow()[0], ["/usr/bin/pkexec", "/usr/bin/resolvectl", "flush-caches"]);
    let r = fixer(Os::Linux, SystemFacts::default(), temp_store("none"), &runner, &denied).execute(Action::FlushDns);
    assert_eq!((r.outcome.clone(), r.ran.len()), (Outcome::NothingToDo { why: NothingToDo::NoDnsCache }, 0));
    let json = serde_json::to_value(&r).expect("json");
    assert_eq!(json["outcome"], serde_json::json!({"kind": "nothing_to_do", "why": "no_dns_cache"}));
}

#[test]
fn windows_ipconfig_saying_it_failed() {
    let runner = Script::default().answer(
        &[r"C:\Windows\System32\ipconfig.exe", "/flushdns"],
        0,
        "Could not flush the DNS Resolver Cache: Function failed during execution.",
        "",
    );
    let done = Bus::done();
    let r =
        fixer(Os::Windows, SystemFacts::default(), temp_store("ipconfig"), &runner, &done).execute(Action::FlushDns);
    assert_eq!(r.outcome, Outcome::Failed { code: FailCode::ExitStatus { status: 0 } });
}

#[test]
fn real_runner_captures_and_kills_at_the_deadline() {
    let out = SystemRunner.run(&Command::new("/bin/echo", ["a b", "$(id)"]));
    assert_eq!(
        (out.exit_code, out.stdout.as_str()),
        (Some(0), "a b $(id)\n"),
        "arguments reach the program unexpanded"
    );
    let mut sleep = Command::new("/bin/sleep", ["30"]);
    sleep.timeout = Duration::from_millis(300);
    let start = Instant::now();
    let out = SystemRunner.run(&sleep);
    assert!(out.timed_out && out.exit_code.is_none());
    assert!(start.elapsed() < Duration::from_secs(5));
    let missing = SystemRunner.run(&Command::new("/nonexistent/site-doctor-tool", ["x"]));
    assert!(missing.start_failed);
}

#[test]
fn resolved_switch_and_undo_over_dbus() {
    let facts = SystemFacts { resolved: true, ..SystemFacts::default() };
    let dbus = |method: &str, rest: &[&str]| -> Vec<String> {
        let head =
            ["dbus", "org.freedesktop.resolve1", "/org/freedesktop/resolve1", "org.freedesktop.resolve1.Manager"];
        head.iter().chain([method].iter()).chain(rest).map(|s| s.to_string()).collect()
    };
    let before: Vec<std::net::IpAddr> = ["198.51.100.53", "2001:db8::53"].map(|s| s.parse().expect("ip")).to_vec();
    let store = temp_store("resolved-dbus");
    let runner = Script::default();
    let bus = Bus::new(DbusCall::Done, LinkRead::Servers(before.clone()));
    let r = fixer(Os::Linux, facts.clone(), store.clone(), &runner, &bus).execute(switch("eth0"));
    assert_eq!(r.outcome, Outcome::Done);
    let snap = DnsSnapshot::Resolved { ifname: "eth0".into(), servers: before };
    assert_eq!(store.load().expect("readable"), Some(snap.clone()));
    let u = fixer(Os::Linux, facts.clone(), store.clone(), &runner, &bus).execute(Action::UndoResolverSwitch);
    assert_eq!((u.outcome, u.snapshot), (Outcome::Done, Some(snap)));
    assert_eq!(
        *bus.calls.borrow(),
        [
            vec!["DNS".to_string(), "eth0".into()],
            dbus("SetLinkDNS", &["eth0", "1.1.1.1", "1.0.0.1"]),
            dbus("SetLinkDNS", &["eth0", "198.51.100.53", "2001:db8::53"]),
        ]
    );
    assert!(runner.calls.borrow().is_empty(), "no program runs when D-Bus works");
    assert_eq!(store.load().expect("readable"), None);

    // Nothing was set on the link: undo is RevertLink.
    let bus = Bus::new(DbusCall::Done, LinkRead::Servers(vec![]));
    fixer(Os::Linux, facts.clone(), store.clone(), &runner, &bus).execute(switch("eth0"));
    fixer(Os::Linux, facts.clone(), store.clone(), &runner, &bus).execute(Action::UndoResolverSwitch);
    assert_eq!(bus.calls.borrow().last(), Some(&dbus("RevertLink", &["eth0"])));

    // resolved does not know the link: refused, nothing kept.
    let bus = Bus::new(DbusCall::Done, LinkRead::NoSuchLink);
    let r = fixer(Os::Linux, facts.clone(), store.clone(), &runner, &bus).execute(switch("eth9"));
    assert_eq!(r.outcome, Outcome::Refused { reason: RefuseReason::UnknownAdapter });
    assert_eq!(store.load().expect("readable"), None);

    // The change itself fails on the bus: a D-Bus failure, and no undo offered.
    let bus = Bus::new(DbusCall::Failed("org.freedesktop.DBus.Error.Failed".into()), LinkRead::Servers(vec![]));
    let r = fixer(Os::Linux, facts, store.clone(), &runner, &bus).execute(switch("eth0"));
    assert_eq!(r.outcome, Outcome::Failed { code: FailCode::Dbus });
    assert_eq!(store.load().expect("readable"), None);
}

#[test]
fn windows_default_adapter_from_netsh() {
    let fixture = |name: &str| {
        std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
    };
    let netsh = r"C:\Windows\System32\netsh.exe";
    let runner = Script::default()
        .answer(&[netsh, "interface", "ipv4", "show", "route"], 0, &fixture("netsh_show_route.txt"), "")
        .answer(&[netsh, "interface", "ipv4", "show", "interfaces"], 0, &fixture("netsh_show_interfaces.txt"), "");
    let a = site_doctor_fix::facts::default_adapter(Os::Windows, &runner);
    assert_eq!(a.as_ref().map(AdapterId::as_str), Some("Wi-Fi 2"));
    let failing = Script::default().answer(&[netsh, "interface", "ipv4", "show", "route"], 1, "", "");
    assert_eq!(site_doctor_fix::facts::default_adapter(Os::Windows, &failing), None);
}
