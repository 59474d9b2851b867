//! The installed package, run by `make bundle-test` (as root, after `apt-get install ./….deb`, in
//! a network namespace with only loopback, under Xvfb and a private D-Bus session):
//! `SITE_DOCTOR_BIN` is the installed binary and `SITE_DOCTOR_DESKTOP` its desktop entry. The
//! installed CLI checks a local fake; the window starts from the entry's `Exec=` line and shows;
//! a second launch with a site hands it to the first and exits; the logs land in the OS log
//! directory and the update check stays quiet offline. Ignored by a plain `cargo test`.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use site_doctor_tests::app::{self, Endpoints};
use site_doctor_tests::dns::{FakeDns, Reply};
use site_doctor_tests::http::{Behavior, FakeHttp};

fn installed() -> PathBuf {
    let bin = PathBuf::from(std::env::var_os("SITE_DOCTOR_BIN").expect("SITE_DOCTOR_BIN: run `make bundle-test`"));
    assert!(bin.starts_with("/usr"), "{} is not an installed binary", bin.display());
    bin
}

fn setup(name: &str) -> (FakeHttp, FakeDns, PathBuf, PathBuf) {
    let http = FakeHttp::start(Behavior::WithConnectivity(Box::new(Behavior::ok("<h1>shop</h1>"))));
    let dns = FakeDns::start(Reply::NxDomain);
    dns.set("shop.example.test", Reply::Addresses(vec!["127.0.0.1".parse().expect("ip")]));
    let dir = app::scratch(name);
    let config = app::write_config(
        &dir,
        &Endpoints { system_dns: vec![dns.addr], alternates: vec![dns.addr], probes: vec![http.url("/generate_204")] },
    );
    (http, dns, config, dir)
}

#[test]
#[ignore = "run by `make bundle-test` on the installed package"]
fn the_installed_cli_checks_a_local_site() {
    let _ = installed();
    let (http, _dns, config, _) = setup("bundle-cli");
    let site = format!("http://shop.example.test:{}/", http.addr.port());
    let (code, doc, took) = app::check_json(&config, &site, &["--no-vantage"]);
    println!(
        "installed CLI: site-doctor check {site} --json -> exit {code}, verdict {}, {} checks, {took:?}",
        doc["verdict"],
        doc["checks"].as_array().map_or(0, Vec::len)
    );
    assert_eq!((code, doc["verdict"].as_str()), (0, Some("up")), "{doc:#}");
    assert_eq!(doc["schema"], 1);
}

/// The command of the desktop entry's `Exec=` line, field codes (`%U`, …) dropped.
fn exec_line(desktop: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(desktop).unwrap_or_else(|e| panic!("{}: {e}", desktop.display()));
    let exec = text.lines().find_map(|l| l.strip_prefix("Exec=")).expect("an Exec= line");
    exec.split_whitespace().filter(|w| !w.starts_with('%')).map(str::to_owned).collect()
}

fn launch(argv: &[String], config: &Path, profile: &Path, extra: &[&str]) -> Child {
    let mut cmd = Command::new(&argv[0]);
    cmd.args(&argv[1..]).args(extra).env("SITE_DOCTOR_CONFIG", config).envs(app::fresh_profile(profile));
    cmd.stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap_or_else(|e| panic!("cannot start {argv:?}: {e}"))
}

fn windows_named(name: &str) -> bool {
    Command::new("xwininfo")
        .args(["-root", "-tree"])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).lines().any(|l| l.contains(&format!("\"{name}\""))))
}

/// Polls `f` every 250 ms for at most `limit`.
fn wait_for(limit: Duration, mut f: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    false
}

fn logs(profile: &Path) -> String {
    fn walk(dir: &Path, out: &mut String) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "log") {
                out.push_str(&format!("== {}\n", p.display()));
                out.push_str(&std::fs::read_to_string(&p).unwrap_or_default());
            }
        }
    }
    let mut out = String::new();
    walk(profile, &mut out);
    out
}

#[test]
#[ignore = "run by `make bundle-test` on the installed package"]
fn the_installed_window_opens_from_its_desktop_entry() {
    let _ = installed();
    let desktop = PathBuf::from(std::env::var_os("SITE_DOCTOR_DESKTOP").expect("SITE_DOCTOR_DESKTOP"));
    let argv = exec_line(&desktop);
    println!("desktop entry {}: Exec={}", desktop.display(), argv.join(" "));
    let (http, _dns, config, dir) = setup("bundle-window");
    let profile = dir.join("profile");
    let mut first = launch(&argv, &config, &profile, &[]);
    let shown = wait_for(Duration::from_secs(45), || windows_named("Site Doctor"));
    if !shown {
        let _ = first.kill();
        let out = first.wait_with_output().expect("wait");
        panic!("no \"Site Doctor\" window within 45 s; stderr:\n{}", String::from_utf8_lossy(&out.stderr));
    }
    println!("window \"Site Doctor\" found (xwininfo -root -tree)");
    assert!(first.try_wait().expect("try_wait").is_none(), "the app exited");

    // A second launch with a site: with a D-Bus session it hands the site over and exits.
    let site = http.url("/");
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() {
        let mut second = launch(&argv, &config, &profile, &[&site]);
        let exited = wait_for(Duration::from_secs(20), || second.try_wait().ok().flatten().is_some());
        if !exited {
            let _ = second.kill();
        }
        let status = second.wait().expect("wait");
        println!("second launch `{} {site}`: {status}", argv.join(" "));
        assert!(exited && status.success(), "the second instance should hand over and exit: {status}");
        assert!(
            wait_for(Duration::from_secs(5), || logs(&profile).contains("a second launch handed over a site")),
            "the first instance did not log the hand-over:\n{}",
            logs(&profile)
        );
        assert!(first.try_wait().expect("try_wait").is_none(), "the first instance is still running");
    } else {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "no D-Bus session: single instance untested");
        println!("SKIPPED single instance (no D-Bus session)");
    }
    // Offline (no route out of this namespace) the daily update check says nothing to the user.
    let quiet = wait_for(Duration::from_secs(20), || logs(&profile).contains("no update check"));
    let _ = first.kill();
    let _ = first.wait();
    let log = logs(&profile);
    println!("logs in the OS log directory:\n{log}");
    assert!(log.contains("Site Doctor") && log.contains("started"), "{log}");
    assert!(quiet, "the update check should have failed quietly offline:\n{log}");
}
