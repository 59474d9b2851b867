//! `site-doctor fix` against a stand-in systemd-resolved on a private D-Bus this test starts
//! (`fake-resolve1`): the real CLI binary, with `DBUS_SYSTEM_BUS_ADDRESS` pointing at that bus
//! and HOME/XDG folders in a scratch folder, so the undo snapshot and every DNS change stay
//! inside the test. This machine's own DNS settings are never asked or changed.
//!
//! A skip prints its reason; under `CI=true` a skip is a failure.
#![cfg(target_os = "linux")]

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use site_doctor_tests::app;
use site_doctor_tests::resolve1::{FakeProcess, PrivateBus, State};

fn fake_binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_fake-resolve1"))
}

fn cannot_run() -> Option<String> {
    site_doctor_tests::resolve1::cannot_use_fake()
}

fn skip(reason: &str) {
    assert!(std::env::var("CI").as_deref() != Ok("true"), "skipped under CI: {reason}");
    eprintln!("skipped: {reason}");
}

/// `site-doctor fix <args>` with its system bus at `bus` and its home in `home`.
fn fix(bus: &str, home: &Path, args: &[&str]) -> (i32, String) {
    let mut cmd = Command::new("/usr/bin/timeout");
    cmd.arg("60").arg(app::binary()).arg("fix").args(args);
    cmd.env("DBUS_SYSTEM_BUS_ADDRESS", bus)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env_remove("SITE_DOCTOR_DATA_DIR");
    let out = cmd.output().unwrap_or_else(|e| panic!("cannot run the CLI: {e}"));
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    (out.status.code().unwrap_or(-1), text + &String::from_utf8_lossy(&out.stderr))
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

fn ips(list: &[&str]) -> Vec<IpAddr> {
    list.iter().map(|s| s.parse().expect("test address")).collect()
}

fn snapshot_file(home: &Path) -> PathBuf {
    home.join("data/site-doctor/dns-undo.json")
}

fn start(name: &str, args: &[&str]) -> Option<(FakeProcess, PathBuf)> {
    if let Some(reason) = cannot_run() {
        skip(&reason);
        return None;
    }
    let home = app::scratch(name);
    let fake = FakeProcess::start(fake_binary(), &home.join("fake"), args).expect("fake-resolve1 starts");
    Some((fake, home))
}

#[test]
fn flush_dns_asks_resolved_over_dbus() {
    let Some((fake, home)) = start("dbus-flush", &[]) else { return };
    let (code, out) = fix(&fake.address, &home, &["flush-dns", "--json"]);
    let doc = json(&out);
    assert_eq!((code, doc["outcome"]["kind"].as_str()), (0, Some("done")), "{out}");
    assert_eq!(doc["ran"][0]["argv"][4], "FlushCaches", "{out}");
    assert_eq!(doc["ran"].as_array().map(Vec::len), Some(1), "nothing else ran: {out}");
    assert_eq!(fake.state().count("FlushCaches"), 1);
}

#[test]
fn resolver_switch_then_undo_puts_the_links_servers_back_exactly() {
    let before = "198.51.100.53,2001:db8::53";
    let Some((fake, home)) = start("dbus-switch", &["--link", &format!("1={before}")]) else { return };
    let initial = fake.state();
    assert_eq!(initial.links[&1], ips(&["198.51.100.53", "2001:db8::53"]));

    // `lo` is interface 1 everywhere: a link that exists, changed only inside the fake.
    let (code, out) = fix(&fake.address, &home, &["resolver", "--preset", "cloudflare", "--adapter", "lo", "--json"]);
    let doc = json(&out);
    assert_eq!((code, doc["outcome"]["kind"].as_str()), (0, Some("done")), "{out}");
    assert_eq!(doc["snapshot"]["manager"], "resolved");
    assert_eq!(doc["snapshot"]["servers"], serde_json::json!(["198.51.100.53", "2001:db8::53"]));
    assert_eq!(fake.state().links[&1], ips(&["1.1.1.1", "1.0.0.1"]));
    assert!(snapshot_file(&home).exists(), "the snapshot waits in the temporary home");

    let (code, out) = fix(&fake.address, &home, &["undo", "--json"]);
    assert_eq!((code, json(&out)["outcome"]["kind"].as_str()), (0, Some("done")), "{out}");
    let after: State = fake.state();
    assert_eq!(after.links, initial.links, "the settings after undo equal the snapshot");
    let methods: Vec<&str> = after.calls.iter().map(|c| c.method.as_str()).collect();
    assert_eq!(methods, ["SetLinkDNS", "SetLinkDNS"]);
    assert!(!snapshot_file(&home).exists(), "nothing is left to undo");
    let (code, out) = fix(&fake.address, &home, &["undo"]);
    assert_eq!(code, 0);
    assert!(out.contains("Nothing to do: there is no DNS change to undo."), "{out}");
}

#[test]
fn undo_of_a_link_without_servers_reverts_it() {
    let Some((fake, home)) = start("dbus-revert", &["--link", "1"]) else { return };
    let (code, out) = fix(&fake.address, &home, &["resolver", "--preset", "quad9", "--adapter", "lo", "--json"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(fake.state().links[&1], ips(&["9.9.9.9", "149.112.112.112"]));
    let (code, out) = fix(&fake.address, &home, &["undo", "--json"]);
    assert_eq!(code, 0, "{out}");
    let s = fake.state();
    assert_eq!(s.calls.last().map(|c| c.method.as_str()), Some("RevertLink"));
    assert_eq!(s.links[&1], Vec::<IpAddr>::new(), "as before: no servers on the link");
}

#[test]
fn an_unknown_link_is_refused_and_nothing_is_kept() {
    // The fake knows link 1 only; interface index of `lo` is 1, so ask for a name with no index.
    let Some((fake, home)) = start("dbus-unknown", &["--link", "1"]) else { return };
    let (code, out) = fix(&fake.address, &home, &["resolver", "--preset", "google", "--adapter", "sdnosuch0"]);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("no active network connection has that name"), "{out}");
    assert!(fake.state().calls.is_empty() && !snapshot_file(&home).exists());
}

#[test]
fn polkit_saying_no_falls_back_to_resolvectl() {
    if !std::fs::read_to_string("/proc/self/status")
        .is_ok_and(|s| s.lines().any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0")))
    {
        // As a user the fallback is pkexec, which talks to the real system's polkit.
        return skip("the fallback is run without pkexec only as root");
    }
    let Some((fake, home)) = start("dbus-deny", &["--deny"]) else { return };
    let (_, out) = fix(&fake.address, &home, &["flush-dns", "--json"]);
    let doc = json(&out);
    assert_eq!(doc["ran"][0]["argv"][4], "FlushCaches");
    assert!(doc["ran"][0]["exit_code"].is_null(), "{out}");
    assert_eq!(doc["ran"][1]["argv"], serde_json::json!(["/usr/bin/resolvectl", "flush-caches"]), "{out}");
    let s = fake.state();
    assert!(s.calls.first().is_some_and(|c| c.method == "FlushCaches" && c.denied), "{s:?}");
}

#[test]
fn without_resolved_or_networkmanager_the_words_say_so() {
    if let Some(reason) = cannot_run() {
        return skip(&reason);
    }
    let home = app::scratch("dbus-none");
    // A bus with nobody on it: systemd-resolved is not there.
    let bus = PrivateBus::start(&home).expect("dbus-daemon starts");
    let (code, out) = fix(&bus.address, &home, &["flush-dns"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Nothing to do: this system keeps no DNS cache, so there is nothing to empty."), "{out}");
    let (code, out) = fix(&bus.address, &home, &["resolver", "--preset", "cloudflare", "--adapter", "lo"]);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("neither NetworkManager nor systemd-resolved runs here"), "{out}");
    assert!(!snapshot_file(&home).exists());
}
