//! A stand-in systemd-resolved on a private D-Bus, so the fix room's D-Bus calls run for real
//! without touching this machine's DNS settings.
//!
//! [`PrivateBus`] starts `/usr/bin/dbus-daemon` with a system-like configuration that allows
//! everything, on a socket in a temporary folder; it is killed on drop. [`serve`] puts the fake on
//! a bus: `org.freedesktop.resolve1` with the manager's `FlushCaches`, `SetLinkDNS`, `RevertLink`
//! and `GetLink`, and one link object per configured interface index with its `DNS` property. It
//! records every call and keeps each link's servers; [`State`] is what it writes to its state file
//! after every call. The `fake-resolve1` binary wraps both for tests that need it as a process
//! (the window's end-to-end test): see `src/bin/fake-resolve1.rs`.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// The bus daemon.
pub const DBUS_DAEMON: &str = "/usr/bin/dbus-daemon";
/// How long the daemon may take to print its address.
const START_TIMEOUT: Duration = Duration::from_secs(10);

/// One call the fake received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Call {
    /// The method (`SetLinkDNS`).
    pub method: String,
    /// The interface index it named, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ifindex: Option<i32>,
    /// The servers it set (`SetLinkDNS`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub servers: Option<Vec<IpAddr>>,
    /// It was answered with AccessDenied (`deny` mode).
    #[serde(default)]
    pub denied: bool,
}

/// Everything the fake knows: the calls in order and each link's DNS servers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    /// Every call, in order.
    pub calls: Vec<Call>,
    /// Interface index to its servers, in order.
    pub links: BTreeMap<i32, Vec<IpAddr>>,
}

impl State {
    /// How many times `method` was called.
    pub fn count(&self, method: &str) -> usize {
        self.calls.iter().filter(|c| c.method == method).count()
    }
}

/// How the fake behaves.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The links it knows, with their servers at start.
    pub links: Vec<(i32, Vec<IpAddr>)>,
    /// Answer every change with `org.freedesktop.DBus.Error.AccessDenied` (polkit's "no").
    pub deny: bool,
    /// Write [`State`] as JSON here after every call (atomically: a reader sees whole files).
    pub state_file: Option<PathBuf>,
}

#[derive(Clone)]
struct Shared {
    state: Arc<Mutex<State>>,
    deny: bool,
    file: Option<PathBuf>,
}

impl Shared {
    fn record(&self, call: Call, change: impl FnOnce(&mut State)) {
        let Ok(mut s) = self.state.lock() else { return };
        if !call.denied {
            change(&mut s);
        }
        s.calls.push(call);
        if let Some(f) = &self.file {
            write_state(f, &s);
        }
    }
}

fn write_state(file: &Path, s: &State) {
    let tmp = file.with_extension("tmp");
    if let Ok(json) = serde_json::to_vec_pretty(s)
        && std::fs::write(&tmp, json).is_ok()
    {
        let _ = std::fs::rename(&tmp, file);
    }
}

fn ips(wire: &[(i32, Vec<u8>)]) -> Option<Vec<IpAddr>> {
    wire.iter()
        .map(|(family, b)| match family {
            2 => <[u8; 4]>::try_from(b.as_slice()).ok().map(IpAddr::from),
            10 => <[u8; 16]>::try_from(b.as_slice()).ok().map(IpAddr::from),
            _ => None,
        })
        .collect()
}

/// The errors resolved answers with: its own for an unknown interface index, and the bus's
/// AccessDenied that polkit's "no" becomes. (The prefix is shared; each name completes it.)
#[derive(Debug, zbus::DBusError)]
#[zbus(prefix = "org.freedesktop")]
enum ResolveError {
    #[zbus(error)]
    ZBus(zbus::Error),
    /// `org.freedesktop.resolve1.NoSuchLink`.
    #[zbus(name = "resolve1.NoSuchLink")]
    NoSuchLink(String),
    /// `org.freedesktop.DBus.Error.AccessDenied`.
    #[zbus(name = "DBus.Error.AccessDenied")]
    AccessDenied(String),
}

/// polkit's "no", as resolved passes it on.
fn denied() -> ResolveError {
    ResolveError::AccessDenied("polkit says no (fake)".into())
}

struct Manager(Shared);

/// The object path resolved gives link `i`: its decimal index, bus-escaped (`1` is `_31`).
pub fn link_path(i: i32) -> String {
    let digits = i.to_string();
    let mut path = String::from("/org/freedesktop/resolve1/link/");
    for (n, c) in digits.chars().enumerate() {
        // Only a leading digit is escaped, as `_3<digit>`.
        if n == 0 { path.push_str(&format!("_3{c}")) } else { path.push(c) }
    }
    path
}

impl Manager {
    fn check(&self, method: &str, ifindex: i32, servers: Option<Vec<IpAddr>>) -> Result<bool, ResolveError> {
        let known = self.0.state.lock().map(|s| s.links.contains_key(&ifindex)).unwrap_or(false);
        if !known {
            return Err(ResolveError::NoSuchLink(format!("Link {ifindex} not known")));
        }
        let call =
            Call { method: method.into(), ifindex: Some(ifindex), servers: servers.clone(), denied: self.0.deny };
        self.0.record(call, |s| {
            s.links.insert(ifindex, servers.unwrap_or_default());
        });
        if self.0.deny { Err(denied()) } else { Ok(true) }
    }
}

#[zbus::interface(name = "org.freedesktop.resolve1.Manager")]
impl Manager {
    async fn flush_caches(&self) -> Result<(), ResolveError> {
        let deny = self.0.deny;
        self.0.record(Call { method: "FlushCaches".into(), ifindex: None, servers: None, denied: deny }, |_| {});
        if deny { Err(denied()) } else { Ok(()) }
    }

    #[zbus(name = "SetLinkDNS")]
    async fn set_link_dns(&self, ifindex: i32, addresses: Vec<(i32, Vec<u8>)>) -> Result<(), ResolveError> {
        let servers = ips(&addresses).ok_or_else(|| ResolveError::ZBus(zbus::Error::Unsupported))?;
        self.check("SetLinkDNS", ifindex, Some(servers)).map(drop)
    }

    async fn revert_link(&self, ifindex: i32) -> Result<(), ResolveError> {
        self.check("RevertLink", ifindex, None).map(drop)
    }

    async fn get_link(&self, ifindex: i32) -> Result<zbus::zvariant::OwnedObjectPath, ResolveError> {
        let known = self.0.state.lock().map(|s| s.links.contains_key(&ifindex)).unwrap_or(false);
        if !known {
            return Err(ResolveError::NoSuchLink(format!("Link {ifindex} not known")));
        }
        zbus::zvariant::OwnedObjectPath::try_from(link_path(ifindex)).map_err(|e| ResolveError::ZBus(e.into()))
    }
}

struct Link(Shared, i32);

#[zbus::interface(name = "org.freedesktop.resolve1.Link")]
impl Link {
    /// The servers as resolved shows them: address family and bytes.
    #[zbus(property(emits_changed_signal = "false"), name = "DNS")]
    fn dns(&self) -> Vec<(i32, Vec<u8>)> {
        let servers = self.0.state.lock().ok().and_then(|s| s.links.get(&self.1).cloned()).unwrap_or_default();
        servers
            .iter()
            .map(|ip| match ip {
                IpAddr::V4(a) => (2, a.octets().to_vec()),
                IpAddr::V6(a) => (10, a.octets().to_vec()),
            })
            .collect()
    }
}

/// A running fake: keep it alive as long as the service should answer.
pub struct Fake {
    /// The connection that owns `org.freedesktop.resolve1`.
    pub connection: zbus::Connection,
    state: Arc<Mutex<State>>,
}

impl Fake {
    /// A copy of what the fake knows now.
    pub fn state(&self) -> State {
        self.state.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

/// Puts the fake on the bus at `address` and waits until it owns its name.
pub async fn serve(address: &str, opts: Options) -> zbus::Result<Fake> {
    let state = Arc::new(Mutex::new(State { calls: vec![], links: opts.links.iter().cloned().collect() }));
    let shared = Shared { state: state.clone(), deny: opts.deny, file: opts.state_file.clone() };
    if let (Some(f), Ok(s)) = (&opts.state_file, state.lock()) {
        write_state(f, &s);
    }
    let mut builder = zbus::connection::Builder::address(address)?
        .name("org.freedesktop.resolve1")?
        .serve_at("/org/freedesktop/resolve1", Manager(shared.clone()))?;
    for (i, _) in &opts.links {
        builder = builder.serve_at(link_path(*i), Link(shared.clone(), *i))?;
    }
    let connection = builder.build().await?;
    Ok(Fake { connection, state })
}

/// The first line `child` prints on stdout, waiting at most `limit` (a reader thread, since a
/// pipe read cannot time out); none if it printed nothing in time. Its stdout is taken.
fn first_line(child: &mut Child, limit: Duration) -> Option<String> {
    let out = child.stdout.take()?;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = std::io::BufReader::new(out).read_line(&mut line);
        let _ = tx.send(line);
    });
    rx.recv_timeout(limit).ok()
}

/// A private `dbus-daemon`, killed (and its folder removed) on drop.
pub struct PrivateBus {
    child: Child,
    dir: PathBuf,
    /// Its address, for `DBUS_SYSTEM_BUS_ADDRESS` (or `DBUS_SESSION_BUS_ADDRESS`: anyone may own
    /// any name on it, so a notification daemon can serve there too).
    pub address: String,
}

impl PrivateBus {
    /// Starts one with its socket in a new folder under `parent`; waits (bounded) for its address.
    pub fn start(parent: &Path) -> std::io::Result<Self> {
        use std::sync::atomic::{AtomicU32, Ordering};
        static N: AtomicU32 = AtomicU32::new(0);
        let dir = parent.join(format!("sdbus-{}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed)));
        std::fs::create_dir_all(&dir)?;
        let conf = dir.join("bus.conf");
        std::fs::write(&conf, config(&dir.join("bus")))?;
        let mut child = Command::new(DBUS_DAEMON)
            .arg(format!("--config-file={}", conf.display()))
            .args(["--nofork", "--print-address=1"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let line = first_line(&mut child, START_TIMEOUT);
        let mut bus = Self { child, dir, address: String::new() };
        match line {
            Some(line) if line.trim().starts_with("unix:") => bus.address = line.trim().to_owned(),
            // Dropping `bus` kills the daemon.
            _ => return Err(std::io::Error::other("dbus-daemon printed no address")),
        }
        Ok(bus)
    }
}

impl Drop for PrivateBus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A system-bus-like configuration that lets anyone own any name and call anything: only the
/// test's own processes can reach its socket anyway.
fn config(socket: &Path) -> String {
    format!(
        r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path={}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*" eavesdrop="true"/>
    <allow receive_sender="*"/>
    <allow eavesdrop="true"/>
  </policy>
</busconfig>
"#,
        socket.display()
    )
}

/// The `fake-resolve1` binary as a process, on a bus of its own; killed on drop (its stdin is
/// closed, so it stops its bus too).
pub struct FakeProcess {
    child: Child,
    /// The private bus's address, for `DBUS_SYSTEM_BUS_ADDRESS`.
    pub address: String,
    /// Where it writes its [`State`].
    pub state_file: PathBuf,
}

impl FakeProcess {
    /// Starts `binary` (`env!("CARGO_BIN_EXE_fake-resolve1")`) with `args` (`--link 1=…`) and a
    /// state file in `dir`; waits (bounded) for its address line.
    pub fn start(binary: &Path, dir: &Path, args: &[&str]) -> std::io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        let state_file = dir.join("resolve1-state.json");
        let mut child = Command::new(binary)
            .args(["--state", &state_file.display().to_string()])
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let line = first_line(&mut child, START_TIMEOUT + START_TIMEOUT);
        let mut fake = Self { child, address: String::new(), state_file };
        match line {
            Some(line) if line.starts_with("DBUS_SYSTEM_BUS_ADDRESS=") => {
                fake.address = line.trim()["DBUS_SYSTEM_BUS_ADDRESS=".len()..].to_owned();
            }
            _ => return Err(std::io::Error::other("fake-resolve1 printed no address")),
        }
        Ok(fake)
    }

    /// What it wrote last.
    pub fn state(&self) -> State {
        let text = std::fs::read_to_string(&self.state_file).unwrap_or_default();
        serde_json::from_str(&text).unwrap_or_default()
    }
}

impl Drop for FakeProcess {
    fn drop(&mut self) {
        // Closing stdin asks it to stop cleanly (and stop its bus); the kill is the backstop.
        drop(self.child.stdin.take());
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while std::time::Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Why a test cannot point the app at the fake here, if it cannot: where NetworkManager, nscd or
/// dnsmasq runs, the app would use (and change) them too; a tunnel on the default route makes a
/// switch refused. `None` when only the fake can see a change.
pub fn cannot_use_fake() -> Option<String> {
    if !Path::new(DBUS_DAEMON).exists() {
        return Some("dbus-daemon is needed (Debian dbus-daemon)".into());
    }
    let running = |name: &str| {
        std::fs::read_dir("/proc")
            .into_iter()
            .flatten()
            .flatten()
            .any(|e| std::fs::read_to_string(e.path().join("comm")).is_ok_and(|c| c.trim() == name))
    };
    for name in ["NetworkManager", "nscd", "dnsmasq"] {
        if running(name) {
            return Some(format!("{name} runs on this machine and the app would use it"));
        }
    }
    if site_doctor_engine::current_routes().iter().any(|r| r.tunnel) {
        return Some("a tunnel carries this machine's default route (the switch is refused then)".into());
    }
    None
}
