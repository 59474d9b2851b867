//! Declares the app's own commands so capabilities can grant exactly these and nothing else, and
//! lists the licences of what is built in for the About panel (`$OUT_DIR/licences.json`).

use std::collections::BTreeMap;
use std::path::Path;

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(&[
        "check_site",
        "cancel_check",
        "vantage_services",
        "fix_flush_dns",
        "fix_switch_resolver",
        "fix_undo_resolver_switch",
        "fix_context",
        "render_report",
        "save_text",
        "history_list",
        "history_get",
        "history_delete",
        "history_clear",
        "history_update_tried",
        "watch_start",
        "watch_stop",
        "watch_status",
        "open_site",
    ]);
    // The manners' commands live in the inline plugin `desktop` (src/plugins.rs).
    let desktop =
        tauri_build::InlinedPlugin::new().commands(&["about", "pending_site", "pending_update", "install_update"]);
    let attributes = tauri_build::Attributes::new().app_manifest(manifest).plugin("desktop", desktop);
    if let Err(e) = tauri_build::try_build(attributes) {
        eprintln!("tauri-build failed: {e:#}");
        std::process::exit(1);
    }
    licences();
}

/// `{"rust": [{name, version, license}], "npm": [...]}`. A failure leaves the lists empty and
/// says so as a warning: the About panel is not worth a failed build.
fn licences() {
    println!("cargo:rerun-if-changed=../Cargo.lock");
    println!("cargo:rerun-if-changed=../ui/package-lock.json");
    let rust = rust_licences().unwrap_or_else(|e| {
        println!("cargo:warning=About panel: no Rust licences ({e})");
        Vec::new()
    });
    let npm = npm_licences(Path::new("../ui/package-lock.json")).unwrap_or_else(|e| {
        println!("cargo:warning=About panel: no npm licences ({e})");
        Vec::new()
    });
    let out = std::env::var("OUT_DIR").expect("OUT_DIR");
    let json = serde_json::json!({ "rust": rust, "npm": npm });
    std::fs::write(Path::new(&out).join("licences.json"), json.to_string()).expect("write licences.json");
}

fn entry(name: &str, version: &str, license: &str) -> serde_json::Value {
    serde_json::json!({ "name": name, "version": version, "license": license })
}

/// This platform's normal (non-build, non-dev) dependency tree of the app, from `cargo tree`.
fn rust_licences() -> Result<Vec<serde_json::Value>, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let target = std::env::var("TARGET").map_err(|e| e.to_string())?;
    let mut out = std::process::Command::new(cargo)
        .args(["tree", "--offline", "--locked", "-e", "normal", "--prefix", "none", "--format", "{p}\t{l}"])
        .args(["--target", &target, "-p", "site-doctor", "--manifest-path", "Cargo.toml"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    // Bounded: a cargo waiting on a lock must not hang the build.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while out.try_wait().map_err(|e| e.to_string())?.is_none() {
        if std::time::Instant::now() > deadline {
            let _ = out.kill();
            return Err("cargo tree took over 2 minutes".into());
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let out = out.wait_with_output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_owned());
    }
    let mut all = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let (package, license) = line.split_once('\t').unwrap_or((line, ""));
        let mut words = package.split_whitespace();
        let (Some(name), Some(version)) = (words.next(), words.next()) else { continue };
        // Workspace members are the app itself (they have a path in parentheses).
        if package.contains("(/") || package.contains("(\\") || name.starts_with("site-doctor") {
            continue;
        }
        let license = license.trim().trim_end_matches("(*)").trim();
        all.insert((name.to_owned(), version.trim_start_matches('v').to_owned()), license.to_owned());
    }
    Ok(all.into_iter().map(|((n, v), l)| entry(&n, &v, &l)).collect())
}

/// The npm packages whose code ends up in `ui/dist`: the runtime dependencies and Svelte's runtime
/// (a dev dependency whose runtime the compiler bundles), with what they depend on.
fn npm_licences(lock: &Path) -> Result<Vec<serde_json::Value>, String> {
    let text = std::fs::read_to_string(lock).map_err(|e| e.to_string())?;
    let lock: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let packages = lock["packages"].as_object().ok_or("no packages in package-lock.json")?;
    let root = &packages[""];
    let mut todo: Vec<String> =
        root["dependencies"].as_object().map(|d| d.keys().cloned().collect()).unwrap_or_default();
    todo.push("svelte".into());
    let mut seen = BTreeMap::new();
    while let Some(name) = todo.pop() {
        let Some(pkg) = packages.get(&format!("node_modules/{name}")) else { continue };
        if seen.contains_key(&name) {
            continue;
        }
        let version = pkg["version"].as_str().unwrap_or("").to_owned();
        let license = pkg["license"].as_str().unwrap_or("").to_owned();
        seen.insert(name.clone(), (version, license));
        if let Some(deps) = pkg["dependencies"].as_object() {
            todo.extend(deps.keys().cloned());
        }
    }
    Ok(seen.into_iter().map(|(n, (v, l))| entry(&n, &v, &l)).collect())
}
