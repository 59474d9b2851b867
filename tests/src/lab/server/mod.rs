//! The code of the `lab-server` binary: one small server per role, run inside a lab namespace.
//!
//! ```text
//! lab-server dns|dns-forward|http|gateway|globalping|checkhost|statuspage|relay|inspect|delay|proxy [--flag value]...
//! ```
//! Each prints `ready` on stdout once every socket is bound, logs to stderr, and exits when its
//! stdin closes (the lab that started it is gone, even if it was killed) or after `--ttl-secs`
//! (default 600): nothing outlives a crashed test run for long.

pub mod dns;
pub mod fetch;
pub mod home;
#[cfg(test)]
mod home_tests;
pub mod path;
pub mod queue;
pub mod status;
#[cfg(test)]
mod tests;
pub mod vantage;
pub mod web;
pub mod wire;

use std::io::Read;
use std::time::Duration;

/// `--flag value` pairs; a flag may repeat.
#[derive(Debug, Default, Clone)]
pub struct Args {
    pairs: Vec<(String, String)>,
}

impl Args {
    /// Parses `--flag value ...`.
    pub fn parse(argv: &[String]) -> Result<Self, String> {
        let mut pairs = Vec::new();
        let mut it = argv.iter();
        while let Some(flag) = it.next() {
            if !flag.starts_with("--") {
                return Err(format!("expected a --flag, got {flag:?}"));
            }
            let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
            pairs.push((flag.clone(), value.clone()));
        }
        Ok(Self { pairs })
    }

    /// The last value of a flag.
    pub fn get(&self, flag: &str) -> Option<&str> {
        self.pairs.iter().rev().find(|(k, _)| k == flag).map(|(_, v)| v.as_str())
    }

    /// Every value of a flag, in order.
    pub fn all(&self, flag: &str) -> Vec<&str> {
        self.pairs.iter().filter(|(k, _)| k == flag).map(|(_, v)| v.as_str()).collect()
    }

    /// The value of a flag that must be there.
    pub fn require(&self, flag: &str) -> Result<&str, String> {
        self.get(flag).ok_or_else(|| format!("{flag} is required"))
    }
}

/// Tells the lab that every socket is bound (stdout is line-buffered: the line goes out at once).
pub fn ready() {
    println!("ready");
}

/// The binary's entry point; returns the process exit code.
pub fn main() -> i32 {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = argv.split_first() else {
        eprintln!(
            "usage: lab-server dns|dns-forward|http|gateway|globalping|checkhost|statuspage|relay|inspect|delay|proxy [--flag value]..."
        );
        return 2;
    };
    let args = match Args::parse(rest) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("lab-server {command}: {e}");
            return 2;
        }
    };
    let ttl = args.get("--ttl-secs").and_then(|s| s.parse().ok()).unwrap_or(600u64);
    // The lab holds our stdin open; when it goes away (even killed), stdin closes and we leave.
    std::thread::spawn(|| {
        let mut sink = [0u8; 64];
        // Ends at EOF or on an error; at most one read per byte the lab ever writes (it writes none).
        while matches!(std::io::stdin().read(&mut sink), Ok(n) if n > 0) {}
        std::process::exit(0);
    });
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(ttl));
        eprintln!("lab-server: time to live ({ttl} s) is over");
        std::process::exit(0);
    });
    let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("lab-server: runtime: {e}");
            return 1;
        }
    };
    let result = rt.block_on(async {
        match command.as_str() {
            "dns" => dns::run(&args).await,
            "http" => web::run_http(&args).await,
            "gateway" => web::run_gateway(&args).await,
            "globalping" => vantage::run_globalping(&args).await,
            "checkhost" => vantage::run_checkhost(&args).await,
            "statuspage" => status::run_statuspage(&args).await,
            "relay" => path::run_relay(&args).await,
            "inspect" => path::run_inspect(&args).await,
            "dns-forward" => home::run_forwarder(&args).await,
            "proxy" => home::run_proxy(&args).await,
            // Blocking (a netlink socket and a thread): nothing else runs in this process.
            "delay" => queue::run_delay(&args),
            other => Err(format!("unknown command {other:?}")),
        }
    });
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("lab-server {command}: {e}");
            1
        }
    }
}
