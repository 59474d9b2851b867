//! Running the real `site-doctor` binary with a config that points every endpoint at the fakes.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace's root directory.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The built app binary: `$SITE_DOCTOR_BIN`, else `target/debug/site-doctor` (built by `make test`).
pub fn binary() -> PathBuf {
    if let Some(p) = std::env::var_os("SITE_DOCTOR_BIN") {
        return PathBuf::from(p);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| workspace().join("target"));
    let bin = target.join("debug").join(if cfg!(windows) { "site-doctor.exe" } else { "site-doctor" });
    assert!(bin.exists(), "{} is missing: run `cargo build -p site-doctor` first (make test does)", bin.display());
    bin
}

/// Where everything the app may talk to lives during a test.
#[derive(Debug, Clone, Default)]
pub struct Endpoints {
    /// The "system" resolver(s).
    pub system_dns: Vec<SocketAddr>,
    /// Alternate resolvers.
    pub alternates: Vec<SocketAddr>,
    /// Connectivity probe URLs.
    pub probes: Vec<String>,
}

/// Settings most tests leave out: DNS-over-HTTPS resolvers and a CA to trust.
#[derive(Debug, Clone, Default)]
pub struct Extra {
    /// `[dns] doh` URLs (none by default, so no test reaches a public DoH server).
    pub doh: Vec<String>,
    /// `[tls] extra_ca`: a PEM file.
    pub extra_ca: Option<PathBuf>,
    /// Turns `[vantage]` on with both services at this base URL (a local stand-in).
    pub vantage: Option<String>,
    /// Every provider's status page at this base URL (a local stand-in); else a closed port.
    pub status: Option<String>,
}

/// The `[status]` table with every provider's page at `base`, so that no test ever reads a real
/// status page; `site` turns reading the site's own linked page on or off.
pub fn status_section(base: &str, site: bool) -> String {
    let mut text = format!("\n[status]\nsite = {site}\n");
    for p in site_doctor_engine::Provider::ALL.into_iter().filter(|p| *p != site_doctor_engine::Provider::Site) {
        text.push_str(&format!("{} = {base:?}\n", p.key()));
    }
    text
}

/// A config file for these endpoints. Vantage services point at a closed local port and are off.
pub fn write_config(dir: &Path, e: &Endpoints) -> PathBuf {
    write_config_with(dir, e, &Extra::default())
}

/// [`write_config`] with DoH resolvers and an extra CA.
pub fn write_config_with(dir: &Path, e: &Endpoints, extra: &Extra) -> PathBuf {
    let list = |v: Vec<String>| v.iter().map(|s| format!("{s:?}")).collect::<Vec<_>>().join(", ");
    let mut text = format!(
        "[dns]\nsystem = [{}]\nalternates = [{}]\ndoh = [{}]\n\n[connectivity]\nprobes = [{}]\n\n[vantage]\nenabled = {}\nglobalping = \"{}\"\ncheck_host = \"{}\"\n\n[environment]\nhosts_file = {:?}\n",
        list(e.system_dns.iter().map(ToString::to_string).collect()),
        list(e.alternates.iter().map(ToString::to_string).collect()),
        list(extra.doh.clone()),
        list(e.probes.clone()),
        extra.vantage.is_some(),
        extra.vantage.as_deref().unwrap_or("http://127.0.0.1:9/"),
        extra.vantage.as_deref().unwrap_or("http://127.0.0.1:9/"),
        dir.join("hosts").display().to_string(),
    );
    if let Some(ca) = &extra.extra_ca {
        text.push_str(&format!("\n[tls]\nextra_ca = {:?}\n", ca.display().to_string()));
    }
    text.push_str(&status_section(extra.status.as_deref().unwrap_or("http://127.0.0.1:9/"), extra.status.is_some()));
    std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{e}"));
    if !dir.join("hosts").exists() {
        std::fs::write(dir.join("hosts"), "127.0.0.1 localhost\n").unwrap_or_else(|e| panic!("{e}"));
    }
    let path = dir.join("config.toml");
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    path
}

/// A first-time user's environment for the window: the app's own data (remembered sites, chosen
/// language, the consent answer) lives under `dir`, never in the developer's real profile.
pub fn fresh_profile(dir: &Path) -> [(&'static str, PathBuf); 3] {
    [
        ("XDG_DATA_HOME", dir.join("data")),
        ("XDG_CACHE_HOME", dir.join("cache")),
        ("XDG_CONFIG_HOME", dir.join("config-home")),
    ]
}

/// A fresh scratch directory under the target dir, unique per test name.
pub fn scratch(name: &str) -> PathBuf {
    let dir = workspace().join("target").join("test-scratch").join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
}

/// The proxy variables a run must not inherit from the machine running the tests.
const PROXY_VARS: &[&str] =
    &["http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"];

/// `site-doctor` with the config and without the machine's proxy variables; `env` sets others.
pub fn command(config: &Path, env: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new(binary());
    cmd.env("SITE_DOCTOR_CONFIG", config);
    for var in PROXY_VARS {
        cmd.env_remove(var);
    }
    cmd.envs(env.iter().copied());
    cmd
}

/// Runs `site-doctor <args>` with the config; proxies from the environment are removed.
pub fn run(config: &Path, args: &[&str]) -> Output {
    run_env(config, args, &[])
}

/// [`run`] with extra environment variables (e.g. a proxy pointing at a fake).
pub fn run_env(config: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    command(config, env).args(args).output().unwrap_or_else(|e| panic!("cannot run {}: {e}", binary().display()))
}

/// Runs `site-doctor check <site> --json` and parses the document.
pub fn check_json(config: &Path, site: &str, extra: &[&str]) -> (i32, serde_json::Value, std::time::Duration) {
    check_json_env(config, site, extra, &[])
}

/// [`check_json`] with extra environment variables.
pub fn check_json_env(
    config: &Path,
    site: &str,
    extra: &[&str],
    env: &[(&str, &str)],
) -> (i32, serde_json::Value, std::time::Duration) {
    let start = std::time::Instant::now();
    let mut args = vec!["check", site, "--json"];
    args.extend_from_slice(extra);
    let out = run_env(config, &args, env);
    let took = start.elapsed();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!("stdout is not one JSON document ({e}):\n{stdout}\nstderr:\n{}", String::from_utf8_lossy(&out.stderr))
    });
    (out.status.code().unwrap_or(-1), json, took)
}
