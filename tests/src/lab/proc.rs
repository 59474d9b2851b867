//! `lab-server` processes inside namespaces: started, waited for until they say `ready`, and
//! killed (by their own process id) when dropped.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// How long a server may take to bind its sockets.
const READY_TIMEOUT: Duration = Duration::from_secs(10);

/// A running `lab-server`; killed on drop.
pub struct Server {
    /// What it plays (for messages).
    pub role: String,
    /// Its log (stderr).
    pub log: PathBuf,
    child: Child,
    // Held open: the server exits when this closes, even if this process is killed.
    _stdin: Option<ChildStdin>,
}

impl Server {
    /// Starts `lab-server <args>` in namespace `ns` and waits for its `ready`.
    pub fn start(ns: &str, bin: &Path, role: &str, args: &[String], logs: &Path) -> Result<Self, String> {
        let log = logs.join(format!("{role}.log"));
        let err = std::fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
        let mut child = Command::new("ip")
            .args(["netns", "exec", ns])
            .arg(bin)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(err)
            .spawn()
            .map_err(|e| format!("start {role}: {e}"))?;
        let stdin = child.stdin.take();
        let mut server = Self { role: role.to_owned(), log, child, _stdin: stdin };
        let Some(stdout) = server.child.stdout.take() else { return Err(format!("{role}: no stdout")) };
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        match rx.recv_timeout(READY_TIMEOUT) {
            Ok(line) if line.trim() == "ready" => Ok(server),
            Ok(_) | Err(_) => {
                let _ = server.child.kill();
                let _ = server.child.wait();
                let tail = std::fs::read_to_string(&server.log).unwrap_or_default();
                Err(format!("{role} did not start (args {args:?}): {}", tail.trim()))
            }
        }
    }

    /// Whether it is still running.
    pub fn running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
