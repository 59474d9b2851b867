//! The `fix` commands' arguments, exit codes and words. Resolver switches are never run here:
//! only parsed, and their words rendered from made-up results.

use super::*;
use site_doctor_fix::{FailCode, NothingToDo, Ran, RefuseReason};

fn args(list: &[&str]) -> Vec<std::ffi::OsString> {
    list.iter().map(std::ffi::OsString::from).collect()
}

/// Runs the arguments as `site-doctor` would, printing to `out`.
fn run_args(list: &[std::ffi::OsString], out: &mut dyn Write) -> i32 {
    match super::super::parse(list) {
        Ok(crate::cli::Cli { command: crate::cli::args::Command::Fix(f) }) => run(f, out),
        Ok(_) => EXIT_USAGE,
        Err(code) => code,
    }
}

/// The arguments through clap, then through [`request`]: a usage mistake at either step is Err.
fn parse(list: &[std::ffi::OsString]) -> Result<(Request, bool), String> {
    match super::super::parse(list) {
        Ok(crate::cli::Cli { command: crate::cli::args::Command::Fix(f) }) => request(f),
        Ok(_) => Err("not fix".into()),
        Err(code) => Err(format!("exit {code}")),
    }
}

fn result(action: Action, outcome: Outcome) -> ActionResult {
    ActionResult { action, outcome, ran: vec![], snapshot: None }
}

#[test]
fn arguments() {
    assert_eq!(parse(&args(&["fix", "flush-dns"])), Ok((Request::Flush, false)));
    assert_eq!(parse(&args(&["fix", "undo", "--json"])), Ok((Request::Undo, true)));
    let adapter = AdapterId::new("Wi-Fi").ok();
    assert_eq!(
        parse(&args(&["fix", "resolver", "--json", "--preset", "quad9", "--adapter", "Wi-Fi"])),
        Ok((Request::Resolver { preset: ResolverPreset::Quad9, adapter }, true))
    );
    for bad in [
        &["fix"][..],
        &["fix", "reboot"],
        &["fix", "resolver"],
        &["fix", "resolver", "--preset", "opendns"],
        &["fix", "resolver", "--preset", "google", "--adapter", "-x"],
        &["fix", "resolver", "--preset"],
        &["fix", "flush-dns", "--preset", "google"],
        &["fix", "detect", "--bogus"],
    ] {
        assert!(parse(&args(bad)).is_err(), "{bad:?}");
        assert_eq!(crate::cli::main(&args(bad)), EXIT_USAGE, "{bad:?}");
    }
}

#[test]
fn exit_codes_and_words() {
    let flush = || Action::FlushDns;
    let vpn = result(
        Action::SwitchResolver { adapter: AdapterId::new("en0").expect("name"), preset: ResolverPreset::Cloudflare },
        Outcome::Refused { reason: RefuseReason::VpnActive { interface: "utun3".into() } },
    );
    let mut out = Vec::new();
    assert_eq!(report(&mut out, &vpn, false), EXIT_REFUSED);
    assert!(String::from_utf8_lossy(&out).starts_with("Not changed: a VPN (utun3) carries your internet traffic"));
    let mut out = Vec::new();
    assert_eq!(report(&mut out, &result(flush(), Outcome::Cancelled), false), EXIT_CANCELLED);
    assert_eq!(String::from_utf8_lossy(&out), "You cancelled: nothing was changed.\n");
    let mut failed = result(flush(), Outcome::Failed { code: FailCode::ExitStatus { status: 5 } });
    failed.ran.push(Ran {
        argv: vec!["/usr/sbin/nscd".into(), "-i".into(), "hosts".into()],
        exit_code: Some(5),
        timed_out: false,
    });
    let mut out = Vec::new();
    assert_eq!(report(&mut out, &failed, false), EXIT_FAILED);
    assert_eq!(
        String::from_utf8_lossy(&out),
        "That did not work: a system tool reported a problem (status 5).\n  ran: /usr/sbin/nscd -i hosts\n"
    );
    let done = result(
        Action::SwitchResolver { adapter: AdapterId::new("wlp2s0").expect("name"), preset: ResolverPreset::Quad9 },
        Outcome::Done,
    );
    let mut out = Vec::new();
    assert_eq!(report(&mut out, &done, false), EXIT_OK);
    assert_eq!(
        String::from_utf8_lossy(&out),
        "Done: wlp2s0 now uses Quad9 (9.9.9.9, 149.112.112.112). To go back: site-doctor fix undo\n"
    );
    let v = site_doctor_fix::detect::VpnFact {
        clients: vec![site_doctor_fix::detect::VpnClient::CiscoSecureClient],
        tunnel: Some("utun3".into()),
    };
    assert_eq!(words::vpn(&v), "Cisco Secure Client, on utun3");
}

/// On a machine where no DNS cache runs (this one: no systemd-resolved, nscd or dnsmasq), the
/// real command says so plainly and exits 0.
#[test]
fn flush_dns_here_is_nothing_to_do() {
    let facts = site_doctor_fix::facts::gather(Os::current(), &site_doctor_fix::SystemRunner);
    if Os::current() != Os::Linux || facts.resolved || facts.nscd || facts.dnsmasq_pid.is_some() {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "skipped under CI: a DNS cache runs here");
        eprintln!("skipped: a DNS cache runs here; this test is for a machine without one");
        return;
    }
    let mut out = Vec::new();
    assert_eq!(run_args(&args(&["fix", "flush-dns"]), &mut out), EXIT_OK);
    assert_eq!(
        String::from_utf8_lossy(&out),
        "Nothing to do: this system keeps no DNS cache, so there is nothing to empty.\n"
    );
    let mut out = Vec::new();
    assert_eq!(run_args(&args(&["fix", "flush-dns", "--json"]), &mut out), EXIT_OK);
    let r: ActionResult = serde_json::from_slice(&out).expect("one JSON document");
    assert_eq!(r.outcome, Outcome::NothingToDo { why: NothingToDo::NoDnsCache });
}

#[test]
fn detect_is_read_only_and_prints_json() {
    let mut out = Vec::new();
    assert_eq!(run_args(&args(&["fix", "detect", "--json"]), &mut out), EXIT_OK);
    let _: Detection = serde_json::from_slice(&out).expect("one JSON document");
    let mut out = Vec::new();
    assert_eq!(run_args(&args(&["fix", "detect"]), &mut out), EXIT_OK);
    let text = String::from_utf8_lossy(&out);
    assert!(text.contains("Default browser: ") && text.contains("\nProxy: ") && text.contains("\nVPN: "), "{text}");
}
