//! The exact argv of each action on each OS, and the refusals. Pure: runs the same everywhere.

use site_doctor_fix::action::{AdapterId, Elevation, ManagedBy, RefuseReason, ResolverPreset};
use site_doctor_fix::command::{MACOS_FLUSH_SCRIPT, Os, Step};
use site_doctor_fix::facts::{NmActive, SystemFacts};
use site_doctor_fix::plan::{self, Manager};
use site_doctor_fix::snapshot::DnsSnapshot;

fn argv(steps: &[Step]) -> Vec<Vec<String>> {
    steps.iter().map(Step::argv).collect()
}

fn v(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn adapter(name: &str) -> AdapterId {
    AdapterId::new(name).expect("valid adapter")
}

fn nm_facts(filename: &str) -> SystemFacts {
    SystemFacts {
        network_manager: true,
        nm_active: vec![NmActive {
            uuid: "a1b2c3d4-1111-4222-8333-444455556666".into(),
            device: "wlp2s0".into(),
            filename: filename.into(),
        }],
        ..SystemFacts::default()
    }
}

#[test]
fn flush_windows_and_macos() {
    let f = SystemFacts::default();
    assert_eq!(argv(&plan::flush_plan(Os::Windows, &f)), [v(&[r"C:\Windows\System32\ipconfig.exe", "/flushdns"])]);
    let mac = plan::flush_plan(Os::Macos, &f);
    assert_eq!(argv(&mac), [v(&["/usr/bin/osascript", "-e", MACOS_FLUSH_SCRIPT])]);
    assert_eq!(
        MACOS_FLUSH_SCRIPT,
        r#"do shell script "/usr/bin/dscacheutil -flushcache; /usr/bin/killall -HUP mDNSResponder" with administrator privileges"#
    );
    assert!(matches!(&mac[0], Step::Run(c) if c.elevate == Elevation::OsascriptAdmin));
}

#[test]
fn flush_linux() {
    // Nothing runs: nothing to do.
    assert!(plan::flush_plan(Os::Linux, &SystemFacts::default()).is_empty());
    let f = SystemFacts { resolved: true, nscd: true, dnsmasq_pid: Some(812), ..SystemFacts::default() };
    let steps = plan::flush_plan(Os::Linux, &f);
    assert_eq!(
        argv(&steps),
        [
            v(&[
                "dbus",
                "org.freedesktop.resolve1",
                "/org/freedesktop/resolve1",
                "org.freedesktop.resolve1.Manager",
                "FlushCaches"
            ]),
            v(&["/usr/bin/pkexec", "/usr/sbin/nscd", "-i", "hosts"]),
            v(&["/usr/bin/pkexec", "/usr/bin/kill", "-HUP", "812"]),
        ]
    );
    let Step::Resolved { fallback, .. } = &steps[0] else { panic!("resolved first") };
    assert_eq!(fallback.argv(), v(&["/usr/bin/pkexec", "/usr/bin/resolvectl", "flush-caches"]));
    // As root, no pkexec.
    let root = SystemFacts { is_root: true, nscd: true, ..SystemFacts::default() };
    assert_eq!(argv(&plan::flush_plan(Os::Linux, &root)), [v(&["/usr/sbin/nscd", "-i", "hosts"])]);
}

#[test]
fn switch_and_undo_windows() {
    let f = SystemFacts::default();
    let m = plan::manager(Os::Windows, &f, &adapter("Wi-Fi 2")).expect("netsh");
    assert_eq!(
        plan::snapshot_plan(&m).argv(),
        v(&[r"C:\Windows\System32\netsh.exe", "interface", "ip", "show", "dns", "name=Wi-Fi 2"])
    );
    assert_eq!(
        argv(&plan::switch_plan(&m, ResolverPreset::Cloudflare, &f)),
        [
            v(&[
                r"C:\Windows\System32\netsh.exe",
                "interface",
                "ip",
                "set",
                "dns",
                "name=Wi-Fi 2",
                "static",
                "1.1.1.1"
            ]),
            v(&[
                r"C:\Windows\System32\netsh.exe",
                "interface",
                "ip",
                "add",
                "dns",
                "name=Wi-Fi 2",
                "1.0.0.1",
                "index=2"
            ]),
        ]
    );
    let dhcp = DnsSnapshot::Netsh { adapter: "Wi-Fi 2".into(), dhcp: true, servers: vec![] };
    assert_eq!(
        argv(&plan::undo_plan(&dhcp, &f)),
        [v(&[r"C:\Windows\System32\netsh.exe", "interface", "ip", "set", "dns", "name=Wi-Fi 2", "dhcp"])]
    );
    let none = DnsSnapshot::Netsh { adapter: "Ethernet".into(), dhcp: false, servers: vec![] };
    assert_eq!(argv(&plan::undo_plan(&none, &f))[0][5..], v(&["name=Ethernet", "static", "none"]));
    let stat = plan::parse_snapshot(
        &Manager::Netsh("Ethernet".into()),
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/netsh_show_dns_static.txt"))
            .expect("fixture"),
    )
    .expect("snapshot");
    assert_eq!(
        argv(&plan::undo_plan(&stat, &f)),
        [
            v(&[
                r"C:\Windows\System32\netsh.exe",
                "interface",
                "ip",
                "set",
                "dns",
                "name=Ethernet",
                "static",
                "203.0.113.53"
            ]),
            v(&[
                r"C:\Windows\System32\netsh.exe",
                "interface",
                "ip",
                "add",
                "dns",
                "name=Ethernet",
                "198.51.100.53",
                "index=2"
            ]),
        ]
    );
    let gp = SystemFacts { group_policy_dns: true, ..SystemFacts::default() };
    assert_eq!(
        plan::manager(Os::Windows, &gp, &adapter("Ethernet")),
        Err(RefuseReason::DnsManaged { by: ManagedBy::GroupPolicy })
    );
}

#[test]
fn switch_and_undo_macos() {
    let f = SystemFacts::default();
    let m = plan::manager(Os::Macos, &f, &adapter("Wi-Fi")).expect("networksetup");
    assert_eq!(plan::snapshot_plan(&m).argv(), v(&["/usr/sbin/networksetup", "-getdnsservers", "Wi-Fi"]));
    assert_eq!(
        argv(&plan::switch_plan(&m, ResolverPreset::Quad9, &f)),
        [v(&["/usr/sbin/networksetup", "-setdnsservers", "Wi-Fi", "9.9.9.9", "149.112.112.112"])]
    );
    let empty = DnsSnapshot::Networksetup { service: "Wi-Fi".into(), servers: vec![] };
    assert_eq!(
        argv(&plan::undo_plan(&empty, &f)),
        [v(&["/usr/sbin/networksetup", "-setdnsservers", "Wi-Fi", "Empty"])]
    );
    let two = DnsSnapshot::Networksetup {
        service: "Wi-Fi".into(),
        servers: vec!["203.0.113.53".parse().expect("ip"), "2001:db8::53".parse().expect("ip")],
    };
    assert_eq!(
        argv(&plan::undo_plan(&two, &f)),
        [v(&["/usr/sbin/networksetup", "-setdnsservers", "Wi-Fi", "203.0.113.53", "2001:db8::53"])]
    );
}

#[test]
fn switch_and_undo_linux() {
    let uuid = "a1b2c3d4-1111-4222-8333-444455556666";
    let f = nm_facts("/etc/NetworkManager/system-connections/Home.nmconnection");
    let m = plan::manager(Os::Linux, &f, &adapter("wlp2s0")).expect("nm");
    assert_eq!(
        plan::snapshot_plan(&m).argv(),
        v(&["/usr/bin/nmcli", "-t", "-f", "ipv4.dns,ipv4.ignore-auto-dns", "connection", "show", uuid])
    );
    assert_eq!(
        argv(&plan::switch_plan(&m, ResolverPreset::Google, &f)),
        [
            v(&[
                "/usr/bin/nmcli",
                "connection",
                "modify",
                uuid,
                "ipv4.dns",
                "8.8.8.8 8.8.4.4",
                "ipv4.ignore-auto-dns",
                "yes"
            ]),
            v(&["/usr/bin/nmcli", "connection", "up", uuid]),
        ]
    );
    let snap = DnsSnapshot::NetworkManager {
        uuid: uuid.into(),
        device: "wlp2s0".into(),
        servers: vec![],
        ignore_auto_dns: false,
    };
    assert_eq!(
        argv(&plan::undo_plan(&snap, &f))[0],
        v(&["/usr/bin/nmcli", "connection", "modify", uuid, "ipv4.dns", "", "ipv4.ignore-auto-dns", "no"])
    );
    // A profile netplan generated under /run, or a vendor's under /usr/lib: refused.
    for (file, by) in [
        ("/run/NetworkManager/system-connections/netplan-wlp2s0.nmconnection", ManagedBy::GeneratedProfile),
        ("/usr/lib/NetworkManager/system-connections/corp.nmconnection", ManagedBy::VendorProfile),
    ] {
        assert_eq!(plan::manager(Os::Linux, &nm_facts(file), &adapter("wlp2s0")), Err(RefuseReason::DnsManaged { by }));
    }
    // resolved alone.
    let r = SystemFacts { resolved: true, ..SystemFacts::default() };
    let m = plan::manager(Os::Linux, &r, &adapter("eth0")).expect("resolved");
    assert_eq!(plan::snapshot_plan(&m).argv(), v(&["/usr/bin/resolvectl", "dns", "eth0"]));
    // Over D-Bus, with `resolvectl` through pkexec as the fallback of each step.
    let dbus = |method: &str, rest: &[&str]| {
        let mut a = v(&["dbus", "org.freedesktop.resolve1", "/org/freedesktop/resolve1"]);
        a.extend(v(&["org.freedesktop.resolve1.Manager", method]));
        a.extend(v(rest));
        a
    };
    let fallbacks = |steps: &[Step]| -> Vec<Vec<String>> {
        steps.iter().map(|s| if let Step::Resolved { fallback, .. } = s { fallback.argv() } else { vec![] }).collect()
    };
    let switch = plan::switch_plan(&m, ResolverPreset::Cloudflare, &r);
    assert_eq!(argv(&switch), [dbus("SetLinkDNS", &["eth0", "1.1.1.1", "1.0.0.1"])]);
    assert_eq!(
        fallbacks(&switch),
        [v(&["/usr/bin/pkexec", "/usr/bin/resolvectl", "dns", "eth0", "1.1.1.1", "1.0.0.1"])]
    );
    let empty = DnsSnapshot::Resolved { ifname: "eth0".into(), servers: vec![] };
    let undo = plan::undo_plan(&empty, &r);
    assert_eq!(argv(&undo), [dbus("RevertLink", &["eth0"])]);
    assert_eq!(fallbacks(&undo), [v(&["/usr/bin/pkexec", "/usr/bin/resolvectl", "revert", "eth0"])]);
    let two = DnsSnapshot::Resolved { ifname: "eth0".into(), servers: vec!["198.51.100.53".parse().expect("ip")] };
    let root = SystemFacts { is_root: true, ..r.clone() };
    let undo = plan::undo_plan(&two, &root);
    assert_eq!(argv(&undo), [dbus("SetLinkDNS", &["eth0", "198.51.100.53"])]);
    assert_eq!(fallbacks(&undo), [v(&["/usr/bin/resolvectl", "dns", "eth0", "198.51.100.53"])]);
    // Neither: nothing to ask. NetworkManager without this device and no resolved: unknown.
    assert_eq!(plan::manager(Os::Linux, &SystemFacts::default(), &adapter("eth0")), Err(RefuseReason::NoDnsManager));
    assert_eq!(plan::manager(Os::Linux, &f, &adapter("eth9")), Err(RefuseReason::UnknownAdapter));
}

#[test]
fn vpn_refuses_everywhere() {
    let f = SystemFacts { tunnel: Some("utun3".into()), resolved: true, ..SystemFacts::default() };
    for os in [Os::Linux, Os::Macos, Os::Windows] {
        assert_eq!(plan::manager(os, &f, &adapter("en0")), Err(RefuseReason::VpnActive { interface: "utun3".into() }));
    }
}

#[test]
fn presets_and_adapter_names() {
    assert_eq!(ResolverPreset::Cloudflare.servers().map(|i| i.to_string()), ["1.1.1.1", "1.0.0.1"]);
    assert_eq!(ResolverPreset::Google.servers().map(|i| i.to_string()), ["8.8.8.8", "8.8.4.4"]);
    assert_eq!(ResolverPreset::Quad9.servers().map(|i| i.to_string()), ["9.9.9.9", "149.112.112.112"]);
    assert_eq!(ResolverPreset::from_code("quad9"), Some(ResolverPreset::Quad9));
    for bad in ["", " ", "-rf", "a=b", "a\"b", "eth0\n", "x".repeat(300).as_str(), "../etc"] {
        assert!(AdapterId::new(bad).is_err(), "{bad:?}");
    }
    assert!(serde_json::from_str::<AdapterId>("\"--help\"").is_err());
    assert!(AdapterId::new("Wi-Fi 2").is_ok());
}

#[test]
fn typescript_bindings_cover_the_types() {
    let ts = site_doctor_fix::typescript_bindings();
    for name in [
        "type Action",
        "type ActionResult",
        "type FixOutcome",
        "type FixContext",
        "type RefuseReason",
        "type DnsSnapshot",
        "type Detection",
        "type VpnClient",
    ] {
        assert!(ts.contains(name), "{name} missing");
    }
    assert!(ts.contains("\"flush_dns\"") && ts.contains("\"nothing_to_do\""));
}

#[test]
fn detection_argv() {
    use site_doctor_fix::detect::{browser, proxy};
    assert_eq!(
        browser::query(Os::Linux, "/home/ann").argv(),
        v(&["/usr/bin/xdg-settings", "get", "default-web-browser"])
    );
    assert_eq!(
        browser::query(Os::Windows, "").argv(),
        v(&[
            r"C:\Windows\System32\reg.exe",
            "query",
            r"HKCU\Software\Microsoft\Windows\Shell\Associations\UrlAssociations\https\UserChoice",
            "/v",
            "ProgId"
        ])
    );
    assert_eq!(
        browser::query(Os::Macos, "/Users/ann").argv(),
        v(&[
            "/usr/bin/defaults",
            "read",
            "/Users/ann/Library/Preferences/com.apple.LaunchServices/com.apple.launchservices.secure",
            "LSHandlers"
        ])
    );
    assert_eq!(proxy::gnome_query().argv(), v(&["/usr/bin/gsettings", "list-recursively", "org.gnome.system.proxy"]));
    assert_eq!(proxy::scutil_query().argv(), v(&["/usr/sbin/scutil", "--proxy"]));
    assert_eq!(
        proxy::windows_query().argv(),
        v(&[
            r"C:\Windows\System32\reg.exe",
            "query",
            r"HKCU\Software\Microsoft\Windows\CurrentVersion\Internet Settings"
        ])
    );
    assert_eq!(
        site_doctor_fix::facts::group_policy_query().argv(),
        v(&[
            r"C:\Windows\System32\reg.exe",
            "query",
            r"HKLM\SOFTWARE\Policies\Microsoft\Windows NT\DNSClient",
            "/v",
            "NameServer"
        ])
    );
    assert_eq!(
        site_doctor_fix::facts::nm_active_query().argv(),
        v(&["/usr/bin/nmcli", "-t", "-f", "UUID,DEVICE,FILENAME", "connection", "show", "--active"])
    );
}
