//! For real, on Linux: a tunnel carrying the default route inside a network namespace this test
//! makes (198.51.100.0/24, nothing leaves it), GNOME and KDE proxy settings in a temporary HOME,
//! and the DNS flush on this machine. Detection runs in a child: this test binary re-run with
//! `SDFIX_CHILD` set (inside the namespace, or with the temporary HOME), printing JSON.
//! A skip prints its reason; under `CI=true` a skip is a failure.
#![cfg(target_os = "linux")]

use std::path::{Path, PathBuf};
use std::process::Command;

use site_doctor_fix::detect::{self, OsProxy, ProxyMode, ProxySource, VpnClient, VpnFact};
use site_doctor_fix::runner::SystemRunner;
use site_doctor_fix::{Action, NothingToDo, Os, Outcome, SnapshotStore};

const MARK: &str = "SDFIX-JSON:";

fn skip(reason: &str) {
    assert!(std::env::var("CI").as_deref() != Ok("true"), "skipped under CI: {reason}");
    eprintln!("skipped: {reason}");
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .is_ok_and(|s| s.lines().any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0")))
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sdfix-real-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Runs `argv` with a deadline (coreutils `timeout`), returning success and stdout.
fn run(argv: &[&str], env: &[(&str, &Path)]) -> (bool, String) {
    let mut c = Command::new("/usr/bin/timeout");
    c.arg("60").args(argv);
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().expect("start");
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr))
}

/// Re-runs this binary's test `name` as a child and reads the JSON it printed.
fn child(prefix: &[&str], name: &str, env: &[(&str, &Path)]) -> String {
    let exe = std::env::current_exe().expect("test binary");
    let exe = exe.to_str().expect("utf-8 path");
    let mut argv: Vec<&str> = prefix.to_vec();
    argv.extend([exe, "--exact", name, "--nocapture", "--test-threads=1"]);
    let mut env = env.to_vec();
    env.push(("SDFIX_CHILD", Path::new("1")));
    let (ok, out) = run(&argv, &env);
    assert!(ok, "child failed: {out}");
    out.lines()
        .find_map(|l| l.split_once(MARK).map(|(_, json)| json))
        .unwrap_or_else(|| panic!("no JSON from child: {out}"))
        .to_owned()
}

fn in_child() -> bool {
    std::env::var_os("SDFIX_CHILD").is_some()
}

/// The namespace, deleted however the test ends.
struct Netns(String);
impl Drop for Netns {
    fn drop(&mut self) {
        let _ = run(&["/usr/sbin/ip", "netns", "del", &self.0], &[]);
    }
}

/// A process named like a VPN client: a copy of `sleep`, killed however the test ends.
struct FakeClient(std::process::Child);
impl Drop for FakeClient {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn child_vpn() {
    if in_child() {
        println!("{MARK}{}", serde_json::to_string(&detect::vpn_now()).expect("json"));
    }
}

#[test]
fn tunnel_carrying_the_default_route_is_named() {
    if in_child() {
        return;
    }
    if !is_root() {
        return skip("making a network namespace needs root");
    }
    let dir = temp_dir("vpn");
    let fake = dir.join("openvpn");
    std::fs::copy("/bin/sleep", &fake).expect("copy sleep");
    let _client = FakeClient(Command::new(&fake).arg("60").spawn().expect("fake openvpn"));
    // No kernel WireGuard in a container: a TUN device named like each kind of tunnel.
    for name in ["tun0", "wg0"] {
        let ns = Netns(format!("sdfix-{}-{name}", std::process::id()));
        let ip = |args: &[&str]| {
            let mut argv = vec!["/usr/sbin/ip", "-n", ns.0.as_str()];
            argv.extend(args);
            let (ok, out) = run(&argv, &[]);
            assert!(ok, "ip {args:?}: {out}");
        };
        let (ok, out) = run(&["/usr/sbin/ip", "netns", "add", &ns.0], &[]);
        assert!(ok, "netns add: {out}");
        ip(&["tuntap", "add", "dev", name, "mode", "tun"]);
        ip(&["addr", "add", "198.51.100.2/24", "dev", name]);
        ip(&["link", "set", "lo", "up"]);
        ip(&["link", "set", name, "up"]);
        ip(&["route", "add", "default", "dev", name]);
        let json = child(&["/usr/sbin/ip", "netns", "exec", &ns.0], "child_vpn", &[]);
        let vpn: Option<VpnFact> = serde_json::from_str(&json).expect("vpn json");
        let vpn = vpn.expect("a VPN is found");
        assert_eq!(vpn.tunnel.as_deref(), Some(name));
        assert!(vpn.clients.contains(&VpnClient::OpenVpn), "{vpn:?}");
    }
}

#[test]
fn child_proxy() {
    if in_child() {
        println!("{MARK}{}", serde_json::to_string(&detect::os_proxy(Os::Linux, &SystemRunner)).expect("json"));
    }
}

#[test]
fn gnome_proxy_from_a_dconf_profile_is_read_back() {
    if in_child() {
        return;
    }
    if !Path::new("/usr/bin/dconf").exists() || !Path::new("/usr/bin/gsettings").exists() {
        return skip("dconf and gsettings are needed (Debian dconf-cli, libglib2.0-bin)");
    }
    let home = temp_dir("gnome");
    // A compiled dconf database named by the profile: read without a D-Bus session.
    let keyfiles = home.join("keyfiles");
    std::fs::create_dir_all(&keyfiles).expect("dir");
    std::fs::write(
        keyfiles.join("00-proxy"),
        "[system/proxy]\nmode='manual'\n\n[system/proxy/https]\nhost='198.51.100.8'\nport=3128\n",
    )
    .expect("keyfile");
    let db = home.join("proxy.db");
    let (ok, out) =
        run(&["/usr/bin/dconf", "compile", db.to_str().expect("utf-8"), keyfiles.to_str().expect("utf-8")], &[]);
    assert!(ok, "dconf compile: {out}");
    let profile = home.join("profile");
    std::fs::write(&profile, format!("user-db:user\nfile-db:{}\n", db.display())).expect("profile");
    let config = home.join(".config");
    let env = [
        ("HOME", home.as_path()),
        ("XDG_CONFIG_HOME", config.as_path()),
        ("XDG_RUNTIME_DIR", home.as_path()),
        ("DCONF_PROFILE", profile.as_path()),
        ("GSETTINGS_BACKEND", Path::new("dconf")),
        ("XDG_CURRENT_DESKTOP", Path::new("GNOME")),
    ];
    let proxy: Option<OsProxy> = serde_json::from_str(&child(&[], "child_proxy", &env)).expect("json");
    let proxy = proxy.expect("GNOME's setting is read");
    assert_eq!((proxy.source, proxy.mode), (ProxySource::Gnome, ProxyMode::Manual));
    let https = proxy.https.expect("https proxy");
    assert_eq!((https.host.as_str(), https.port), ("198.51.100.8", 3128));

    // KDE on the same HOME: its file wins on a KDE desktop.
    std::fs::create_dir_all(&config).expect("dir");
    std::fs::write(
        config.join("kioslaverc"),
        "[Proxy Settings]\nProxyType=2\nProxy Config Script=http://203.0.113.9/proxy.pac\n",
    )
    .expect("kioslaverc");
    let env_kde =
        [("XDG_CURRENT_DESKTOP", Path::new("KDE")), ("XDG_CONFIG_HOME", config.as_path()), ("HOME", home.as_path())];
    let kde: Option<OsProxy> = serde_json::from_str(&child(&[], "child_proxy", &env_kde)).expect("json");
    let kde = kde.expect("KDE's setting is read");
    assert_eq!(
        (kde.source, kde.mode, kde.pac_url.as_deref()),
        (ProxySource::Kde, ProxyMode::Pac, Some("http://203.0.113.9/proxy.pac"))
    );
}

#[test]
fn flush_where_no_dns_cache_runs_is_nothing_to_do() {
    if in_child() {
        return;
    }
    let facts = site_doctor_fix::facts::gather(Os::Linux, &SystemRunner);
    if facts.resolved || facts.nscd || facts.dnsmasq_pid.is_some() {
        return skip("a DNS cache runs here; this test is for a machine without one");
    }
    let store = SnapshotStore::at(temp_dir("flush").join("dns-undo.json"));
    let r = site_doctor_fix::run(Action::FlushDns, store);
    assert_eq!(r.outcome, Outcome::NothingToDo { why: NothingToDo::NoDnsCache });
    assert!(r.ran.is_empty(), "nothing ran: {:?}", r.ran);
}
