//! The OS proxy setting feeds the real CLI's `site.proxy`: a GNOME proxy set in a dconf profile of
//! a temporary HOME (no proxy variables), read by `site-doctor check` through `gsettings`.
//!
//! Everything runs inside a fresh network namespace with only `lo` up: this test binary re-runs
//! itself there as a child (`SDT_OS_PROXY_CHILD`), which starts the fakes on that loopback, writes
//! the dconf profile and the config, and runs the CLI; the parent reads the JSON it printed. Root
//! only; a skip prints its reason, and under `CI=true` a skip is a failure.
#![cfg(target_os = "linux")]

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use site_doctor_tests::app::{self, Endpoints};
use site_doctor_tests::dns::{FakeDns, Reply};
use site_doctor_tests::http::{Behavior, FakeHttp};

const MARK: &str = "SDT-OS-PROXY-JSON:";
const CHILD: &str = "SDT_OS_PROXY_CHILD";
const NAME: &str = "shop.example.test";

fn skip(reason: &str) {
    assert!(std::env::var("CI").as_deref() != Ok("true"), "skipped under CI: {reason}");
    eprintln!("skipped: {reason}");
}

fn checks<'a>(doc: &'a Value, id: &str) -> Vec<&'a Value> {
    doc["checks"].as_array().map(|a| a.iter().filter(|c| c["id"] == id).collect()).unwrap_or_default()
}

fn one<'a>(doc: &'a Value, id: &str) -> &'a Value {
    checks(doc, id).first().copied().unwrap_or_else(|| panic!("no {id} in {doc:#}"))
}

/// The namespace, deleted however the test ends.
struct Netns(String);
impl Drop for Netns {
    fn drop(&mut self) {
        let _ = Command::new("/usr/sbin/ip").args(["netns", "del", &self.0]).status();
    }
}

/// A dconf profile in `home` with GNOME's proxy typed in as `127.0.0.1:<port>` for http and https
/// and no exceptions; returns the environment that makes `gsettings` read it.
fn gnome_profile(home: &Path, port: u16) -> Vec<(&'static str, String)> {
    let keyfiles = home.join("keyfiles");
    std::fs::create_dir_all(&keyfiles).expect("dir");
    std::fs::write(
        keyfiles.join("00-proxy"),
        format!(
            "[system/proxy]\nmode='manual'\nignore-hosts=@as []\n\n[system/proxy/http]\nhost='127.0.0.1'\nport={port}\n\n[system/proxy/https]\nhost='127.0.0.1'\nport={port}\n"
        ),
    )
    .expect("keyfile");
    let db = home.join("proxy.db");
    let ok = Command::new("/usr/bin/dconf")
        .args(["compile", &db.display().to_string(), &keyfiles.display().to_string()])
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "dconf compile");
    let profile = home.join("profile");
    std::fs::write(&profile, format!("user-db:user\nfile-db:{}\n", db.display())).expect("profile");
    let s = |p: &Path| p.display().to_string();
    vec![
        ("HOME", s(home)),
        ("XDG_CONFIG_HOME", s(&home.join(".config"))),
        ("XDG_RUNTIME_DIR", s(home)),
        ("DCONF_PROFILE", s(&profile)),
        ("GSETTINGS_BACKEND", "dconf".into()),
        ("XDG_CURRENT_DESKTOP", "GNOME".into()),
    ]
}

/// In the namespace: the fakes, the profile (a dead proxy, or a working one) and the CLI's JSON.
#[test]
fn child_check() {
    let Ok(kind) = std::env::var(CHILD) else { return };
    let probe = FakeHttp::start(Behavior::WithConnectivity(Box::new(Behavior::ok("ok"))));
    let dns = FakeDns::start(Reply::NxDomain);
    dns.set(NAME, Reply::Addresses(vec!["127.0.0.1".parse().expect("ip")]));
    let site = FakeHttp::start(Behavior::ok("direct"));
    let working = FakeHttp::start(Behavior::Proxy);
    let port = match kind.as_str() {
        "working" => working.addr.port(),
        // A port nobody listens on in this namespace.
        _ => std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("port").port(),
    };
    let dir = app::scratch(&format!("os-proxy-{kind}"));
    let e =
        Endpoints { system_dns: vec![dns.addr], alternates: vec![dns.addr], probes: vec![probe.url("/generate_204")] };
    let config = app::write_config(&dir, &e);
    let env = gnome_profile(&dir.join("home"), port);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let target = format!("http://{NAME}:{}/", site.addr.port());
    let (_, doc, _) = app::check_json_env(&config, &target, &["--no-vantage", "--deadline", "8"], &env);
    println!("{MARK}{}", serde_json::to_string(&doc).expect("json"));
}

/// Runs [`child_check`] in a new namespace; `None` (after saying why) when it cannot run here.
fn in_namespace(kind: &str) -> Option<Value> {
    if std::env::var_os(CHILD).is_some() {
        return None;
    }
    let root = std::fs::read_to_string("/proc/self/status")
        .is_ok_and(|s| s.lines().any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0")));
    if !root {
        skip("making a network namespace needs root");
        return None;
    }
    if !Path::new("/usr/bin/dconf").exists() || !Path::new("/usr/bin/gsettings").exists() {
        skip("dconf and gsettings are needed (Debian dconf-cli, libglib2.0-bin)");
        return None;
    }
    let ns = Netns(format!("sdt-proxy-{}-{kind}", std::process::id()));
    let ip = |args: &[&str]| Command::new("/usr/sbin/ip").args(args).status().is_ok_and(|s| s.success());
    assert!(ip(&["netns", "add", &ns.0]) && ip(&["-n", &ns.0, "link", "set", "lo", "up"]), "namespace");
    let exe = std::env::current_exe().expect("test binary");
    let out = Command::new("/usr/bin/timeout")
        .args(["120", "/usr/sbin/ip", "netns", "exec", &ns.0])
        .arg(exe)
        .args(["--exact", "child_check", "--nocapture", "--test-threads=1"])
        .env(CHILD, kind)
        .output()
        .expect("child runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    let json = text.lines().find_map(|l| l.split_once(MARK).map(|(_, j)| j.to_owned()));
    let json = json.unwrap_or_else(|| panic!("no JSON from the child: {text}"));
    Some(serde_json::from_str(&json).expect("json"))
}

#[test]
fn a_dead_gnome_proxy_is_blamed_while_the_direct_path_works() {
    let Some(doc) = in_namespace("dead") else { return };
    assert_eq!(one(&doc, "site.connection")["status"], "pass", "{doc:#}");
    let p = one(&doc, "site.proxy");
    assert_eq!((p["status"].as_str(), p["detail"]["error"].as_str()), (Some("fail"), Some("connection_refused")));
    assert_eq!(p["detail"]["variable"], "GNOME settings", "the evidence names where the proxy came from");
    let env = one(&doc, "environment.proxy");
    assert_eq!((env["status"].as_str(), env["detail"]["variable"].as_str()), (Some("warn"), Some("GNOME settings")));
    assert_eq!((doc["verdict"].as_str(), doc["culprit"].as_str()), (Some("just_you"), Some("proxy")), "{doc:#}");
}

#[test]
fn a_working_gnome_proxy_is_not_blamed() {
    let Some(doc) = in_namespace("working") else { return };
    let p = one(&doc, "site.proxy");
    assert_eq!((p["status"].as_str(), p["detail"]["variable"].as_str()), (Some("pass"), Some("GNOME settings")));
    assert!(p["detail"]["body_sample"].as_str().is_some_and(|b| b.starts_with("proxied: GET")), "{p:#}");
    assert_eq!(doc["verdict"], "up", "{doc:#}");
}
