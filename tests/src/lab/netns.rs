//! Network namespaces and the commands that shape them (`ip`, `iptables`), each bounded in time.
//! A [`Netns`] deletes itself (and its `/etc/netns/<name>` files) when dropped.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::addr::is_lab_address;

/// Every lab namespace's name starts with this, then the owning process id: `sdlab-<pid>-...`.
pub const PREFIX: &str = "sdlab-";
/// How long one `ip`/`iptables` command may take.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(15);

/// Runs a command to completion within [`COMMAND_TIMEOUT`]; its stderr is in the error.
pub fn run(program: &str, args: &[&str]) -> Result<String, String> {
    let what = format!("{program} {}", args.join(" "));
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{what}: {e}"))?;
    let start = Instant::now();
    // Polls at most COMMAND_TIMEOUT / 5 ms times.
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if start.elapsed() < COMMAND_TIMEOUT => std::thread::sleep(Duration::from_millis(5)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("{what}: no answer within {COMMAND_TIMEOUT:?}"));
            }
            Err(e) => return Err(format!("{what}: {e}")),
        }
    }
    let out = child.wait_with_output().map_err(|e| format!("{what}: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!("{what}: {}", String::from_utf8_lossy(&out.stderr).trim()))
    }
}

/// Whether a program can be run at all (`ip -V`, `iptables -V`).
pub fn available(program: &str) -> bool {
    Command::new(program).arg("-V").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
}

/// Refuses any address outside the lab's ranges before it reaches a command.
pub fn checked(ip: impl Into<IpAddr>) -> Result<String, String> {
    let ip = ip.into();
    if is_lab_address(ip) { Ok(ip.to_string()) } else { Err(format!("{ip} is not a lab address: refusing to use it")) }
}

/// A network namespace owned by this process; deleted on drop.
#[derive(Debug)]
pub struct Netns {
    /// Its name (`sdlab-<pid>-<n>-<role>`).
    pub name: String,
}

impl Netns {
    /// Creates the namespace with its loopback up.
    pub fn create(name: String) -> Result<Self, String> {
        run("ip", &["netns", "add", &name])?;
        let ns = Self { name };
        ns.ip(&["link", "set", "lo", "up"])?;
        Ok(ns)
    }

    /// `ip -n <ns> ...`.
    pub fn ip(&self, args: &[&str]) -> Result<String, String> {
        let mut all = vec!["-n", self.name.as_str()];
        all.extend_from_slice(args);
        run("ip", &all)
    }

    /// Runs a program inside the namespace.
    pub fn exec(&self, program: &str, args: &[&str]) -> Result<String, String> {
        let mut all = vec!["netns", "exec", self.name.as_str(), program];
        all.extend_from_slice(args);
        run("ip", &all)
    }

    /// `iptables -w 10 ...` inside the namespace (the xtables lock is shared by all namespaces).
    pub fn iptables(&self, args: &[&str]) -> Result<String, String> {
        let mut all = vec!["-w", "10"];
        all.extend_from_slice(args);
        self.exec("iptables", &all)
    }

    /// Brings an interface up without the IPv6 link-local address the kernel would invent
    /// (fe80::/10 is not a lab range; lab addresses are only ever added explicitly).
    pub fn up(&self, dev: &str) -> Result<(), String> {
        self.ip(&["link", "set", dev, "addrgenmode", "none"])?;
        self.ip(&["link", "set", dev, "up"]).map(drop)
    }

    /// Adds a lab address to an interface. IPv6 addresses skip duplicate address detection: a
    /// tentative address cannot be bound yet, and no one else on a lab link could hold it.
    pub fn addr(&self, ip: impl Into<IpAddr>, prefix: u8, dev: &str) -> Result<(), String> {
        let ip = ip.into();
        let a = format!("{}/{prefix}", checked(ip)?);
        let mut args = vec!["addr", "add", &a, "dev", dev];
        if ip.is_ipv6() {
            args.push("nodad");
        }
        self.ip(&args).map(drop)
    }

    /// The hardware address of an interface.
    pub fn mac(&self, dev: &str) -> Result<String, String> {
        let info = self.ip(&["-o", "link", "show", "dev", dev])?;
        let mut words = info.split_whitespace().skip_while(|w| *w != "link/ether");
        words.nth(1).map(str::to_owned).ok_or_else(|| format!("no hardware address for {dev}: {info:?}"))
    }

    /// `ip6tables -w 10 ...` inside the namespace.
    pub fn ip6tables(&self, args: &[&str]) -> Result<String, String> {
        let mut all = vec!["-w", "10"];
        all.extend_from_slice(args);
        self.exec("ip6tables", &all)
    }

    /// Writes a per-namespace sysctl under `/proc/sys/net` (`sh` is everywhere, procps is not).
    pub fn sysctl(&self, key: &str, value: &str) -> Result<(), String> {
        let path = format!("/proc/sys/{}", key.replace('.', "/"));
        self.exec("sh", &["-c", &format!("echo {value} > {path}")]).map(drop)
    }

    /// Adds a route to a lab destination via a lab gateway.
    pub fn route_via(&self, dest: &str, via: impl Into<IpAddr>) -> Result<(), String> {
        if dest != "default" {
            let net = dest.split('/').next().unwrap_or(dest);
            checked(net.parse::<IpAddr>().map_err(|e| format!("route {dest}: {e}"))?)?;
        }
        self.ip(&["route", "add", dest, "via", &checked(via)?]).map(drop)
    }

    /// `/etc/netns/<name>/<file>`: `ip netns exec` bind-mounts it over `/etc/<file>`.
    pub fn write_etc(&self, file: &str, contents: &str) -> Result<PathBuf, String> {
        let dir = etc_dir(&self.name);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let path = dir.join(file);
        std::fs::write(&path, contents).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(path)
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        delete(&self.name);
    }
}

fn etc_dir(name: &str) -> PathBuf {
    Path::new("/etc/netns").join(name)
}

/// Kills whatever still runs in a namespace, then deletes it and its `/etc/netns` files.
fn delete(name: &str) {
    if let Ok(pids) = run("ip", &["netns", "pids", name]) {
        for pid in pids.split_whitespace().filter(|p| p.chars().all(|c| c.is_ascii_digit())) {
            let _ = run("kill", &["-9", pid]);
        }
    }
    if let Err(e) = run("ip", &["netns", "delete", name]) {
        eprintln!("lab: could not delete namespace {name}: {e}");
    }
    let _ = std::fs::remove_dir_all(etc_dir(name));
}

/// A veth pair created directly inside two lab namespaces (never in the root namespace), up.
pub fn veth(a: &Netns, a_if: &str, b: &Netns, b_if: &str) -> Result<(), String> {
    run("ip", &["link", "add", a_if, "netns", &a.name, "type", "veth", "peer", "name", b_if, "netns", &b.name])?;
    a.up(a_if)?;
    b.up(b_if)
}

/// Whether a process runs (a zombie, killed but not yet reaped, does not).
pub fn process_alive(pid: u32) -> bool {
    // /proc/<pid>/stat: "pid (comm) S ..."; the state follows the last ')'.
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| s.rsplit_once(')').map(|(_, rest)| rest.trim_start().chars().next()))
        .is_some_and(|state| state != Some('Z') && state != Some('X'))
}

/// Deletes namespaces (and their processes) left by lab runs whose process is gone.
pub fn remove_leftovers() {
    let Ok(list) = run("ip", &["netns", "list"]) else { return };
    for name in list.lines().filter_map(|l| l.split_whitespace().next()).filter(|n| n.starts_with(PREFIX)) {
        let owner = name[PREFIX.len()..].split('-').next().and_then(|p| p.parse::<u32>().ok());
        let alive = owner.is_some_and(process_alive);
        if !alive {
            eprintln!("lab: removing namespace {name} left by an earlier run");
            delete(name);
        }
    }
    // /etc/netns entries whose namespace is already gone.
    if let Ok(dir) = std::fs::read_dir("/etc/netns") {
        for e in dir.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            if n.starts_with(PREFIX) && !Path::new("/run/netns").join(&n).exists() {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
}
