//! `make bench`, side by side: each scenario of [`cases::CASES`] is built once as a lab with
//! realistic links (`path.rtt_ms`, every client packet delayed in userspace), then the real app
//! and the technician's baseline ([`baseline`]) take turns in it, several times each. Turns, not
//! at once: they would share the two cores and the lab's servers and slow each other down.

pub mod baseline;
pub mod cases;
pub mod report;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::lab::addr;
use crate::lab::netns::PREFIX;
use crate::lab::run::{exit_code, write_config};
use crate::lab::scenario::Scenario;
use crate::lab::topology::{Lab, Paths};

/// What the bench needs from the machine.
pub struct Ctx {
    /// The release `site-doctor`.
    pub app_bin: PathBuf,
    /// `lab-server`.
    pub server_bin: PathBuf,
    /// Artifacts: one directory per scenario.
    pub out: PathBuf,
    /// Runs of the app and of the baseline, each, per scenario.
    pub runs: usize,
    /// The links' round-trip time.
    pub rtt_ms: u32,
}

/// One scenario's measurements.
#[derive(Debug, Default)]
pub struct Measured {
    /// Scenario name.
    pub name: String,
    /// What it stands for.
    pub kind: String,
    /// Per app run: when "Probably: …" came (none: the app went straight to its answer).
    pub firsts: Vec<Option<Duration>>,
    /// Per app run: when the final report came (first byte on stdout).
    pub finals: Vec<Duration>,
    /// Per app run: the diagnosis's own time, start of the run to its answer, as the report
    /// states it ("Checked … in N ms."): what the window waits, without the process's start.
    pub in_runs: Vec<Duration>,
    /// App runs whose exit status was not the expected verdict's.
    pub wrong: usize,
    /// App runs whose final answer is not the provisional one (the places elsewhere changed it).
    pub changed: usize,
    /// Per baseline run: all steps done.
    pub baselines: Vec<Duration>,
    /// Per baseline step: its times.
    pub steps: BTreeMap<String, Vec<Duration>>,
    /// The lower bound, from the steps' medians.
    pub bound: Duration,
    /// The timeout the verdict must wait out, if any (the first answer cannot come before it).
    pub timeout: Option<Duration>,
}

/// Builds the lab for `case` and measures app and baseline in turns.
pub fn measure(ctx: &Ctx, seq: usize, case: &cases::Case) -> Result<Measured, String> {
    let path = crate::lab::scenario::dir().join(format!("{}.toml", case.name));
    let mut s = Scenario::load(&path)?;
    s.path.rtt_ms = ctx.rtt_ms;
    let dir = ctx.out.join(case.name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let prefix = format!("{PREFIX}{}-b{seq}", std::process::id());
    let lab = Lab::build(&s, &prefix, &Paths { server_bin: ctx.server_bin.clone(), dir: dir.clone() })?;
    let config = write_config(&dir, &s, &lab.ca)?;
    let script = dir.join("baseline.sh");
    let (ca, logs) = (lab.ca.display().to_string(), dir.join("baseline").display().to_string());
    std::fs::create_dir_all(&logs).map_err(|e| format!("{logs}: {e}"))?;
    let text = baseline::script(&baseline::Target { name: &s.input(), ca: &ca, logs: &logs });
    std::fs::write(&script, text).map_err(|e| format!("{}: {e}", script.display()))?;
    let mut m = Measured { name: case.name.into(), kind: case.kind.into(), ..Measured::default() };
    let want = exit_code(s.expect.verdict);
    for i in 0..ctx.runs {
        let report = dir.join(format!("app-{i}.txt"));
        let (first, last, exit) = run_app(ctx, &lab.client, &s, &config, &report)?;
        m.changed += usize::from(first.as_ref().is_some_and(|(_, said)| !kept(said, &report)));
        let first = first.map(|(at, _)| at);
        m.firsts.push(first);
        m.finals.push(last);
        m.in_runs.extend(in_run(&report));
        m.wrong += usize::from(exit != Some(want));
        let steps = run_baseline(&lab.client, &s, &script)?;
        for (k, ms) in steps {
            let d = Duration::from_millis(ms);
            if k == "total" {
                m.baselines.push(d);
            } else {
                m.steps.entry(k).or_default().push(d);
            }
        }
    }
    // A tool's own network time where it gave one (`step+`), else the step's wall time.
    let step = |name: &str| m.steps.get(&format!("{name}+")).or_else(|| m.steps.get(name)).map(|v| median(v));
    m.bound = case.lower_bound(step);
    m.timeout = case.timeout();
    Ok(m)
}

/// The diagnosis's own time, from the report's last line ("Checked <url> in 292 ms.").
fn in_run(report: &Path) -> Option<Duration> {
    let text = std::fs::read_to_string(report).ok()?;
    let line = text.lines().rev().find(|l| l.starts_with("Checked "))?;
    let ms = line.rsplit_once(" in ")?.1.strip_suffix(" ms.")?.parse().ok()?;
    Some(Duration::from_millis(ms))
}

/// Whether the final report (saved at `report`) says what the provisional line `said`.
fn kept(said: &str, report: &Path) -> bool {
    std::fs::read_to_string(report).is_ok_and(|r| r.contains(said))
}

/// The middle value (the upper middle of an even count); zero for none.
pub fn median(v: &[Duration]) -> Duration {
    let mut v = v.to_vec();
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

/// A command run in the client namespace with the user's environment: no proxy variables but the
/// scenario's own.
fn in_client(client: &str, s: &Scenario) -> Command {
    let mut cmd = Command::new("ip");
    cmd.args(["netns", "exec", client]);
    for v in ["http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy"] {
        cmd.env_remove(v);
    }
    cmd.env_remove("NO_PROXY");
    if s.client.broken_proxy {
        cmd.env("https_proxy", format!("http://{}:{}", addr::DEAD_PROXY, addr::DEAD_PROXY_PORT));
    }
    cmd
}

/// The provisional line: when it came, and what it said.
type Said = (Duration, String);

/// One app run in its human mode: (when the provisional line came and what it said, final
/// report, exit status). Bounded: the app exits by its deadline, and is killed 10 s after it.
fn run_app(
    ctx: &Ctx,
    client: &str,
    s: &Scenario,
    config: &Path,
    report: &Path,
) -> Result<(Option<Said>, Duration, Option<i32>), String> {
    let mut saved = std::fs::File::create(report).map_err(|e| format!("{}: {e}", report.display()))?;
    let mut cmd = in_client(client, s);
    cmd.arg(&ctx.app_bin)
        .args(["check", &s.input(), "--deadline", &s.expect.deadline.to_string()])
        .env("SITE_DOCTOR_CONFIG", config)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = cmd.spawn().map_err(|e| format!("cannot start the app: {e}"))?;
    let mut stdout = child.stdout.take().ok_or("no stdout")?;
    let stderr = child.stderr.take().ok_or("no stderr")?;
    // The report is printed at once when the diagnosis ends: its first byte is the final answer.
    let final_at = std::thread::spawn(move || {
        let mut byte = [0u8; 1];
        let at = matches!(stdout.read(&mut byte), Ok(1)).then(|| start.elapsed());
        let _ = std::io::Write::write_all(&mut saved, &byte[..usize::from(at.is_some())]);
        let _ = std::io::copy(&mut stdout, &mut saved);
        at
    });
    // Read to the end (the progress lines are kept next to the report), noting the first "Probably:".
    let mut first = None;
    let mut progress = String::new();
    for line in BufReader::new(stderr).lines().map_while(Result::ok) {
        if first.is_none()
            && let Some((_, said)) = line.split_once("Probably:")
        {
            first = Some((start.elapsed(), said.trim().to_owned()));
        }
        progress.push_str(&line);
        progress.push('\n');
    }
    let _ = std::fs::write(report.with_extension("stderr"), progress);
    let limit = Duration::from_secs(s.expect.deadline + 10);
    // Polls every 10 ms, at most until `limit`.
    let status = loop {
        match child.try_wait() {
            Ok(Some(st)) => break st.code(),
            Ok(None) if start.elapsed() < limit => std::thread::sleep(Duration::from_millis(10)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    let last = final_at.join().ok().flatten().unwrap_or_else(|| start.elapsed());
    let _ = std::fs::write(report.with_extension("exit"), format!("{status:?}\n"));
    Ok((first, last, status))
}

/// One baseline run: each step's time and the total, in ms.
fn run_baseline(client: &str, s: &Scenario, script: &Path) -> Result<Vec<(String, u64)>, String> {
    let out = in_client(client, s)
        .arg("bash")
        .arg(script)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run the baseline: {e}"))?;
    let steps = baseline::parse(&String::from_utf8_lossy(&out.stdout));
    if !steps.iter().any(|(k, _)| k == "total") {
        return Err("the baseline script printed no total (is bash, curl or dig missing?)".into());
    }
    Ok(steps)
}
