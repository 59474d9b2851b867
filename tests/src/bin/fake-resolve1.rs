//! `fake-resolve1`: a stand-in systemd-resolved on a private D-Bus, for tests that run the real
//! app as a process (the CLI tests, the window's end-to-end test). Linux only.
//!
//! ```text
//! fake-resolve1 [--state <file.json>] [--link <ifindex>[=<ip>,<ip>…]]… [--deny] [--print]
//!               [--address <bus address>] [--lifetime <seconds>]
//! ```
//!
//! Without `--address` it starts its own `dbus-daemon` (system-like, allowing everything) in a
//! temporary folder. Once `org.freedesktop.resolve1` is owned it prints one line,
//! `DBUS_SYSTEM_BUS_ADDRESS=<address>`: give that variable to the app. Links default to `1`
//! (`lo`) with no servers. It writes its state (calls and each link's servers, see
//! `site_doctor_tests::resolve1::State`) to `--state` after every call, and with `--print` also
//! prints it as one `STATE <json>` line. It stops (and stops its bus) when its standard input
//! closes, on SIGTERM or SIGINT, or after `--lifetime` seconds (600 by default).

#[cfg(target_os = "linux")]
fn main() {
    std::process::exit(linux::main());
}

#[cfg(not(target_os = "linux"))]
fn main() {
    eprintln!("fake-resolve1: Linux only");
    std::process::exit(2);
}

#[cfg(target_os = "linux")]
mod linux {
    use std::net::IpAddr;
    use std::path::PathBuf;
    use std::time::Duration;

    use site_doctor_tests::resolve1::{Options, PrivateBus, serve};
    use tokio::io::AsyncReadExt;

    struct Args {
        opts: Options,
        address: Option<String>,
        lifetime: Duration,
        print: bool,
    }

    fn parse() -> Result<Args, String> {
        let mut it = std::env::args().skip(1);
        let mut a = Args { opts: Options::default(), address: None, lifetime: Duration::from_secs(600), print: false };
        while let Some(arg) = it.next() {
            let mut value = || it.next().ok_or(format!("{arg} needs a value"));
            match arg.as_str() {
                "--state" => a.opts.state_file = Some(PathBuf::from(value()?)),
                "--address" => a.address = Some(value()?),
                "--deny" => a.opts.deny = true,
                "--print" => a.print = true,
                "--lifetime" => {
                    let s: u64 = value()?.parse().map_err(|_| "--lifetime takes seconds")?;
                    a.lifetime = Duration::from_secs(s.clamp(1, 3600));
                }
                "--link" => {
                    let v = value()?;
                    let (index, list) = v.split_once('=').unwrap_or((&v, ""));
                    let index: i32 = index.parse().map_err(|_| format!("bad interface index in {v}"))?;
                    let servers = list
                        .split(',')
                        .filter(|s| !s.is_empty())
                        .map(|s| s.parse::<IpAddr>().map_err(|_| format!("bad address {s}")))
                        .collect::<Result<Vec<_>, _>>()?;
                    a.opts.links.push((index, servers));
                }
                other => return Err(format!("unknown option {other}")),
            }
        }
        if a.opts.links.is_empty() {
            a.opts.links.push((1, Vec::new()));
        }
        Ok(a)
    }

    pub fn main() -> i32 {
        let args = match parse() {
            Ok(a) => a,
            Err(e) => {
                eprintln!("fake-resolve1: {e}");
                return 2;
            }
        };
        // Our own bus unless one was given; dropped (killed) when main returns.
        let bus = match &args.address {
            Some(_) => None,
            None => match PrivateBus::start(&std::env::temp_dir()) {
                Ok(b) => Some(b),
                Err(e) => {
                    eprintln!("fake-resolve1: cannot start dbus-daemon: {e}");
                    return 1;
                }
            },
        };
        let address = args.address.clone().or_else(|| bus.as_ref().map(|b| b.address.clone())).unwrap_or_default();
        let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
            Ok(rt) => rt,
            Err(e) => {
                eprintln!("fake-resolve1: {e}");
                return 1;
            }
        };
        let code = rt.block_on(run(&address, args));
        drop(bus);
        code
    }

    async fn run(address: &str, args: Args) -> i32 {
        let fake = match tokio::time::timeout(Duration::from_secs(10), serve(address, args.opts)).await {
            Ok(Ok(f)) => f,
            Ok(Err(e)) => {
                eprintln!("fake-resolve1: {e}");
                return 1;
            }
            Err(_) => {
                eprintln!("fake-resolve1: the bus did not answer");
                return 1;
            }
        };
        println!("DBUS_SYSTEM_BUS_ADDRESS={address}");
        let stdin_closed = async {
            let mut stdin = tokio::io::stdin();
            let mut buf = [0u8; 256];
            // Bounded by the lifetime below: read until end of file.
            while matches!(stdin.read(&mut buf).await, Ok(n) if n > 0) {}
        };
        let printing = async {
            let mut seen = usize::MAX;
            loop {
                let s = fake.state();
                if args.print && s.calls.len() != seen {
                    seen = s.calls.len();
                    println!("STATE {}", serde_json::to_string(&s).unwrap_or_default());
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        };
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
        let terminated = async {
            match term.as_mut() {
                Some(t) => drop(t.recv().await),
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            () = stdin_closed => {}
            () = printing => {}
            () = terminated => {}
            _ = tokio::signal::ctrl_c() => {}
            () = tokio::time::sleep(args.lifetime) => {}
        }
        0
    }
}
