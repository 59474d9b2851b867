//! Runs one scenario: build its lab, run the real `site-doctor check --json` in the client
//! namespace, compare the diagnosis with the expectation, tear the lab down.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use site_doctor_engine::{Confidence, Culprit, Verdict};

use super::addr;
use super::netns::PREFIX;
use super::scenario::{self, Doh, Scenario};
use super::topology::{Lab, Paths};

/// How much longer than `--deadline` the whole process may take (start-up, printing).
pub const GRACE: Duration = Duration::from_millis(2000);
/// After this much more, the app is killed and the scenario fails.
const HARD_LIMIT: Duration = Duration::from_secs(10);

/// What the run needs from the machine.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// The `site-doctor` binary.
    pub app_bin: PathBuf,
    /// The `lab-server` binary.
    pub server_bin: PathBuf,
    /// This run's output directory (one subdirectory per scenario).
    pub out: PathBuf,
    /// Seconds to keep a built lab up after the app ran, for poking at it by hand (`LAB_HOLD`).
    pub hold: u64,
}

/// How one scenario came out.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Scenario name (file stem).
    pub name: String,
    /// Its one-line description.
    pub description: String,
    /// `verdict/culprit` expected.
    pub expected: String,
    /// `verdict/culprit` the app answered (or what went wrong instead).
    pub actual: String,
    /// The app's confidence.
    pub confidence: String,
    /// Its exit status.
    pub exit: Option<i32>,
    /// Wall time of the app, start to exit.
    pub took: Duration,
    /// The diagnosis's own `elapsed_ms` (much less than `took`: the process lingered after it).
    pub engine_ms: Option<u64>,
    /// Mismatches with the expectation; empty means the scenario passed.
    pub problems: Vec<String>,
    /// The lab itself failed (not the app): setup errors, missing tools.
    pub lab_error: bool,
    /// One line per check of the diagnosis.
    pub evidence: Vec<String>,
    /// Where the artifacts are.
    pub dir: PathBuf,
}

/// Exit status the contract gives each verdict.
pub fn exit_code(verdict: Verdict) -> i32 {
    match verdict {
        Verdict::Up => 0,
        Verdict::Degraded => 10,
        Verdict::JustYou => 11,
        Verdict::DownForEveryone => 12,
        Verdict::Inconclusive => 13,
    }
}

/// Runs scenario `name` from `path`; `seq` makes its namespace names unique within this process.
pub fn run(ctx: &Ctx, seq: usize, name: &str, path: &Path) -> Outcome {
    run_loaded(ctx, seq, name, Scenario::load(path))
}

/// Runs a scenario already loaded (a matrix cell: a file with an overlay); `name` names its
/// artifacts directory.
pub fn run_loaded(ctx: &Ctx, seq: usize, name: &str, loaded: Result<Scenario, String>) -> Outcome {
    let dir = ctx.out.join(name);
    let mut o = Outcome { name: name.to_owned(), dir: dir.clone(), ..Outcome::default() };
    let fail_lab = |mut o: Outcome, e: String| {
        o.actual = "LAB ERROR".into();
        o.problems.push(e);
        o.lab_error = true;
        o
    };
    let s = match loaded {
        Ok(s) => s,
        Err(e) => return fail_lab(o, e),
    };
    o.description = s.description.clone();
    o.expected = format!("{}/{}", scenario::name(&s.expect.verdict), scenario::name(&s.expect.culprit));
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        return fail_lab(o, format!("{}: {e}", dir.display()));
    }
    let prefix = format!("{PREFIX}{}-{seq}", std::process::id());
    let paths = Paths { server_bin: ctx.server_bin.clone(), dir: dir.clone() };
    let mut lab = match Lab::build(&s, &prefix, &paths) {
        Ok(l) => l,
        Err(e) => return fail_lab(o, format!("building the lab: {e}")),
    };
    let config = match write_config(&dir, &s, &lab.ca) {
        Ok(c) => c,
        Err(e) => return fail_lab(o, e),
    };
    let deadline = Duration::from_secs(s.expect.deadline);
    let (exit, took, doc) = match run_app(ctx, &lab.client, &s, &config, &dir) {
        Ok(r) => r,
        Err(e) => return fail_lab(o, e),
    };
    let dead = lab.dead_servers();
    if !dead.is_empty() {
        return fail_lab(o, dead.join("; "));
    }
    if ctx.hold > 0 {
        eprintln!("lab {name}: holding the lab for {} s (client namespace {})", ctx.hold, lab.client);
        std::thread::sleep(Duration::from_secs(ctx.hold.min(600)));
    }
    drop(lab);
    o.exit = exit;
    o.took = took;
    judge(&mut o, &s, doc, deadline);
    o
}

fn judge(o: &mut Outcome, s: &Scenario, doc: Result<Value, String>, deadline: Duration) {
    let e = &s.expect;
    let doc = match doc {
        Ok(d) => d,
        Err(err) => {
            o.actual = "NO JSON".into();
            o.problems.push(err);
            return;
        }
    };
    let field = |k: &str| doc[k].as_str().unwrap_or("?").to_owned();
    o.engine_ms = doc["elapsed_ms"].as_u64();
    o.evidence = evidence(&doc);
    // The answer is read into the engine's own types: a name outside the contract is a problem
    // of its own, never a string that merely differs from the expectation.
    let verdict = typed::<Verdict>(&doc, "verdict");
    let culprit = typed::<Culprit>(&doc, "culprit");
    let confidence = typed::<Confidence>(&doc, "confidence");
    o.actual = format!("{}/{}", field("verdict"), field("culprit"));
    o.confidence = field("confidence");
    for err in [verdict.as_ref().err(), culprit.as_ref().err(), confidence.as_ref().err()].into_iter().flatten() {
        o.problems.push(err.clone());
    }
    let (Ok(verdict), Ok(culprit), Ok(confidence)) = (verdict, culprit, confidence) else { return };
    if verdict != e.verdict || culprit != e.culprit {
        o.problems.push(format!("expected {}, got {} ({})", o.expected, o.actual, field("summary")));
    }
    if !e.confidence.is_empty() && !e.confidence.contains(&confidence) {
        let allowed: Vec<String> = e.confidence.iter().map(scenario::name).collect();
        o.problems.push(format!("confidence {} is not one of {allowed:?}", o.confidence));
    }
    judge_owner(o, e, &doc);
    judge_status(o, e, &doc);
    if o.exit != Some(exit_code(verdict)) {
        o.problems.push(format!("exit status {:?} does not match verdict {}", o.exit, scenario::name(&verdict)));
    }
    if o.took > deadline + GRACE {
        o.problems.push(format!(
            "took {:.1} s, deadline {} s (+{:.1} s grace)",
            o.took.as_secs_f64(),
            e.deadline,
            GRACE.as_secs_f64()
        ));
    }
}

/// A field of the app's JSON read as an engine type.
fn typed<T: serde::de::DeserializeOwned>(doc: &Value, key: &str) -> Result<T, String> {
    serde_json::from_value(doc[key].clone()).map_err(|e| format!("the JSON's {key} {}: {e}", doc[key]))
}

/// The app's config: everything points into the lab; the system resolver is NOT set, so the
/// namespace's resolv.conf (the ISP resolver) is what the app reads, as on a real computer.
/// The bench writes the same one.
pub fn write_config(dir: &Path, s: &Scenario, ca: &Path) -> Result<PathBuf, String> {
    let [p1, p2] = addr::PUBLIC_DNS;
    let [c1, c2] = addr::CONNECTIVITY;
    let doh = match s.dns.doh {
        Doh::None => String::new(),
        // A public resolver's address, where nothing listens on 443: the connection is refused.
        Doh::Refused => format!("\"https://{p1}/dns-query\""),
    };
    let text = format!(
        "[dns]\nalternates = [\"{p1}\", \"{p2}\"]\ndoh = [{doh}]\n\n\
         [connectivity]\nprobes = [\"http://{c1}/generate_204\", \"http://{c2}/hotspot-detect.html\"]\n\n\
         [vantage]\nenabled = {}\nglobalping = \"http://{}\"\ncheck_host = \"http://{}\"\n\n\
         [tls]\nextra_ca = {:?}\n{}",
        s.vantage.enabled,
        addr::GLOBALPING,
        addr::CHECK_HOST,
        ca.display().to_string(),
        // The site's own linked page too: in the lab it is the same stand-in.
        crate::app::status_section(&format!("http://{}:{}", addr::STATUS_PAGE, addr::STATUS_PAGE_PORT), true),
    );
    let path = dir.join("config.toml");
    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

type AppResult = (Option<i32>, Duration, Result<Value, String>);

fn run_app(ctx: &Ctx, client: &str, s: &Scenario, config: &Path, dir: &Path) -> Result<AppResult, String> {
    let out = std::fs::File::create(dir.join("diagnosis.json")).map_err(|e| e.to_string())?;
    let err = std::fs::File::create(dir.join("app.stderr")).map_err(|e| e.to_string())?;
    let mut cmd = Command::new("ip");
    cmd.args(["netns", "exec", client]);
    let days = s.client.clock_offset_days;
    if days != 0 {
        // Only the app gets the wrong clock: `env` sets the preload for the program it runs, so
        // neither `ip` nor the lab's servers see it. The offset moves the wall clock (certificates,
        // `Date`) and leaves the monotonic one alone, which timeouts use.
        let lib = super::faketime_lib().ok_or("libfaketime is missing (apt-get install faketime)")?;
        cmd.arg("env")
            .arg(format!("LD_PRELOAD={}", lib.display()))
            .arg(format!("FAKETIME={days:+}d"))
            .arg("FAKETIME_DONT_FAKE_MONOTONIC=1");
    }
    cmd.arg(&ctx.app_bin)
        .args(["check", &s.input(), "--json", "--deadline", &s.expect.deadline.to_string()])
        .args(owner_args(s))
        .env("SITE_DOCTOR_CONFIG", config)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err);
    for v in
        ["http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"]
    {
        cmd.env_remove(v);
    }
    if s.client.broken_proxy {
        cmd.env("https_proxy", format!("http://{}:{}", addr::DEAD_PROXY, addr::DEAD_PROXY_PORT));
    }
    if s.client.working_proxy {
        cmd.env("https_proxy", format!("http://127.0.0.1:{}", addr::LOCAL_PROXY_PORT));
    }
    let start = Instant::now();
    let mut child = cmd.spawn().map_err(|e| format!("cannot start the app: {e}"))?;
    let limit = Duration::from_secs(s.expect.deadline) + HARD_LIMIT;
    // Polls every 20 ms, at most until `limit`.
    let status = loop {
        match child.try_wait() {
            Ok(Some(st)) => break Some(st),
            Ok(None) if start.elapsed() < limit => std::thread::sleep(Duration::from_millis(20)),
            Ok(None) | Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    let took = start.elapsed();
    let Some(status) = status else {
        return Ok((None, took, Err(format!("the app did not exit within {} s: killed", limit.as_secs()))));
    };
    let stdout = std::fs::read_to_string(dir.join("diagnosis.json")).unwrap_or_default();
    let doc = serde_json::from_str::<Value>(&stdout).map_err(|e| {
        let stderr = std::fs::read_to_string(dir.join("app.stderr")).unwrap_or_default();
        format!("stdout is not one JSON document ({e}); stderr: {}", stderr.trim())
    });
    Ok((status.code(), took, doc))
}

/// The owner's flags the scenario passes to `check`.
fn owner_args(s: &Scenario) -> Vec<String> {
    let mut a = Vec::new();
    if !s.owner.paths.is_empty() {
        a.push("--paths".to_owned());
        a.extend(s.owner.paths.iter().cloned());
    }
    if !s.owner.origin.is_empty() {
        a.extend(["--origin".to_owned(), s.owner.origin.clone()]);
    }
    a
}

/// The owner's findings against the expectation (only what the scenario names).
fn judge_owner(o: &mut Outcome, e: &scenario::Expect, doc: &Value) {
    let owner = &doc["evidence"]["owner"];
    if let Some(want) = e.intermittent {
        let got = owner["intermittent"].as_bool();
        if got != Some(want) {
            o.problems.push(format!("evidence.owner.intermittent is {got:?}, expected {want} ({})", owner["routes"]));
        }
    }
    if let Some(want) = e.dns_reading {
        let want = scenario::name(&want);
        let got = owner["dns"]["reading"].as_str();
        if got != Some(want.as_str()) {
            o.problems.push(format!("evidence.owner.dns.reading is {got:?}, expected {want} ({})", owner["dns"]));
        }
    }
    if let Some(want) = e.origin_reading {
        let want = scenario::name(&want);
        let got: Vec<&str> =
            owner["origin"].as_array().into_iter().flatten().filter_map(|c| c["reading"].as_str()).collect();
        if got.is_empty() || got.iter().any(|r| *r != want) {
            o.problems.push(format!("evidence.owner.origin readings {got:?}, expected all {want}"));
        }
    }
}

/// What the status pages told against the expectation (only when the scenario names it).
fn judge_status(o: &mut Outcome, e: &scenario::Expect, doc: &Value) {
    let Some(want) = e.status_trouble else { return };
    let pages = doc["evidence"]["status"].as_array().cloned().unwrap_or_default();
    let got = pages.iter().any(|p| p["trouble"].as_array().is_some_and(|t| !t.is_empty()));
    let read = pages.iter().any(|p| p["read"] == true);
    if got != want || !read {
        o.problems
            .push(format!("evidence.status tells trouble: {got} (a page read: {read}), expected {want}: {pages:?}"));
    }
}

/// One line per check: id, subject, status, and the evidence that matters most.
pub fn evidence(doc: &Value) -> Vec<String> {
    let Some(checks) = doc["checks"].as_array() else { return vec!["(no checks)".into()] };
    checks
        .iter()
        .map(|c| {
            let d = &c["detail"];
            let mut parts =
                vec![format!("{:<20} {:<4}", c["id"].as_str().unwrap_or("?"), c["status"].as_str().unwrap_or("?"))];
            if let Some(s) = c["subject"].as_str() {
                parts.push(format!("[{s}]"));
            }
            if let Some(e) = d["error"].as_str() {
                parts.push(format!("error={e}"));
            }
            if let Some(code) = d["status_code"].as_u64() {
                parts.push(format!("http={code}"));
            }
            if let Some(a) = d["answers"].as_array() {
                parts.push(format!("answers={}", a.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(",")));
            }
            if let Some(server) = d["headers"]["server"].as_str() {
                parts.push(format!("server={server}"));
            }
            if let Some(m) = d["message"].as_str() {
                parts.push(format!("\"{}\"", m.chars().take(90).collect::<String>()));
            }
            parts.push(format!("{} ms", c["elapsed_ms"].as_u64().unwrap_or(0)));
            parts.join(" ")
        })
        .collect()
}
