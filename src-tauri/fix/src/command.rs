//! A program to run, as data: an absolute path, fixed arguments, how it is elevated and how long
//! it may take. Never a shell: the one script string (macOS's administrator prompt) is built from
//! constants.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use crate::action::Elevation;
use crate::resolved::ResolvedCall;

/// The operating systems the plans know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Os {
    /// Linux.
    Linux,
    /// macOS.
    Macos,
    /// Windows.
    Windows,
}

impl Os {
    /// The OS this program was built for (Linux for the other Unixes: same tools, if any).
    pub const fn current() -> Os {
        if cfg!(windows) {
            Os::Windows
        } else if cfg!(target_os = "macos") {
            Os::Macos
        } else {
            Os::Linux
        }
    }
}

/// Absolute paths of every program the fix room runs. Absolute so that `PATH` cannot swap one.
pub mod path {
    /// Windows: the DNS cache.
    pub const IPCONFIG: &str = r"C:\Windows\System32\ipconfig.exe";
    /// Windows: adapter settings.
    pub const NETSH: &str = r"C:\Windows\System32\netsh.exe";
    /// Windows: registry reads.
    pub const REG: &str = r"C:\Windows\System32\reg.exe";
    /// macOS: the administrator prompt.
    pub const OSASCRIPT: &str = "/usr/bin/osascript";
    /// macOS: the directory service cache.
    pub const DSCACHEUTIL: &str = "/usr/bin/dscacheutil";
    /// macOS: signals mDNSResponder.
    pub const KILLALL: &str = "/usr/bin/killall";
    /// macOS: network service settings.
    pub const NETWORKSETUP: &str = "/usr/sbin/networksetup";
    /// macOS: dynamic store (proxy settings).
    pub const SCUTIL: &str = "/usr/sbin/scutil";
    /// macOS: preferences (LaunchServices).
    pub const DEFAULTS: &str = "/usr/bin/defaults";
    /// Linux: polkit's elevation.
    pub const PKEXEC: &str = "/usr/bin/pkexec";
    /// Linux: systemd-resolved's tool.
    pub const RESOLVECTL: &str = "/usr/bin/resolvectl";
    /// Linux: NetworkManager's tool.
    pub const NMCLI: &str = "/usr/bin/nmcli";
    /// Linux: the name service cache daemon.
    pub const NSCD: &str = "/usr/sbin/nscd";
    /// Linux: sends dnsmasq its SIGHUP.
    pub const KILL: &str = "/usr/bin/kill";
    /// Linux: GNOME settings.
    pub const GSETTINGS: &str = "/usr/bin/gsettings";
    /// Linux: the default browser.
    pub const XDG_SETTINGS: &str = "/usr/bin/xdg-settings";
}

/// The macOS flush, run as root by `osascript`. Constants only: nothing typed or detected ever
/// goes into this string.
pub const MACOS_FLUSH_SCRIPT: &str = concat!(
    "do shell script \"",
    "/usr/bin/dscacheutil -flushcache",
    "; ",
    "/usr/bin/killall -HUP mDNSResponder",
    "\" with administrator privileges"
);

/// `osascript -e <script>` with administrator privileges. Takes only a `&'static str`: the
/// script is a constant of this crate, never text from input.
pub fn macos_admin(script: &'static str) -> Command {
    Command::new(path::OSASCRIPT, ["-e", script]).elevated(Elevation::OsascriptAdmin)
}

/// How long any one program may take; a password prompt gets longer (a person is typing).
pub const TIMEOUT: Duration = Duration::from_secs(20);
/// How long a password prompt may stay open.
pub const PROMPT_TIMEOUT: Duration = Duration::from_secs(120);

/// One program to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// Absolute path of the program.
    pub program: &'static str,
    /// Its arguments, each one argv element.
    pub args: Vec<String>,
    /// How it gets administrator rights.
    pub elevate: Elevation,
    /// Killed after this long.
    pub timeout: Duration,
}

impl Command {
    /// A command run as the user.
    pub fn new<S: Into<String>>(program: &'static str, args: impl IntoIterator<Item = S>) -> Self {
        Self { program, args: args.into_iter().map(Into::into).collect(), elevate: Elevation::None, timeout: TIMEOUT }
    }

    /// The same command through `elevation` (which waits for a person, so longer).
    pub fn elevated(mut self, elevation: Elevation) -> Self {
        if elevation != Elevation::None {
            self.timeout = PROMPT_TIMEOUT;
        }
        self.elevate = elevation;
        self
    }

    /// The argv that is executed, wrapper included: first element is the program run.
    ///
    /// `OsascriptAdmin` commands are `osascript` itself with a constant script (see
    /// [`macos_admin`]); the elevation only tells the runner how to read a cancelled prompt.
    pub fn argv(&self) -> Vec<String> {
        let own = std::iter::once(self.program.to_owned()).chain(self.args.iter().cloned());
        match self.elevate {
            Elevation::None | Elevation::OsascriptAdmin => own.collect(),
            Elevation::Pkexec => std::iter::once(path::PKEXEC.to_owned()).chain(own).collect(),
        }
    }
}

/// One step of a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Run a program.
    Run(Command),
    /// Ask systemd-resolved over D-Bus; run `fallback` (the same through `resolvectl`, elevated)
    /// when polkit says no.
    Resolved {
        /// The D-Bus call.
        call: ResolvedCall,
        /// `pkexec resolvectl …` doing the same.
        fallback: Command,
    },
}

impl Step {
    /// What the step runs, for tests and for the record.
    pub fn argv(&self) -> Vec<String> {
        match self {
            Step::Run(c) => c.argv(),
            Step::Resolved { call, .. } => call.argv(),
        }
    }
}

/// The record of the D-Bus flush, in argv form (`busctl`'s words for the same call).
pub fn dbus_flush_argv() -> Vec<String> {
    ResolvedCall::FlushCaches.argv()
}
