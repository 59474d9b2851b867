//! Each parser against captured output (`fixtures/`).

use std::net::IpAddr;

use site_doctor_fix::detect::browser::{self, BrowserKind};
use site_doctor_fix::detect::proxy::{self, ProxyEndpoint, ProxyMode, ProxySource};
use site_doctor_fix::parse::{ipconfig, netsh, networksetup, nmcli, regquery, resolvectl};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn ips(list: &[&str]) -> Vec<IpAddr> {
    list.iter().map(|s| s.parse().expect("test address")).collect()
}

fn ep(host: &str, port: u16) -> Option<ProxyEndpoint> {
    Some(ProxyEndpoint { host: host.into(), port })
}

#[test]
fn ipconfig_flushdns() {
    assert_eq!(ipconfig::flushdns(&fixture("ipconfig_flushdns.txt")), Some(true));
    assert_eq!(ipconfig::flushdns(&fixture("ipconfig_flushdns_failed.txt")), Some(false));
    assert_eq!(ipconfig::flushdns("Windows-IP-Konfiguration\r\n\r\nDer DNS-Auflösungscache wurde geleert."), None);
}

#[test]
fn netsh_show_dns() {
    let d = netsh::show_dns(&fixture("netsh_show_dns_dhcp.txt")).expect("dhcp");
    assert!(d.dhcp);
    assert_eq!(d.servers, ips(&["192.168.1.1", "fd00::1"]));
    let s = netsh::show_dns(&fixture("netsh_show_dns_static.txt")).expect("static");
    assert!(!s.dhcp);
    assert_eq!(s.servers, ips(&["203.0.113.53", "198.51.100.53"]));
    let n = netsh::show_dns(&fixture("netsh_show_dns_none.txt")).expect("none");
    assert!(!n.dhcp && n.servers.is_empty());
    assert_eq!(
        netsh::show_dns(
            "Konfiguration der Schnittstelle \"Ethernet\"\r\n    Statisch konfigurierte DNS-Server: 10.0.0.1"
        ),
        None
    );
}

#[test]
fn networksetup_outputs() {
    assert_eq!(
        networksetup::dns_servers(&fixture("networksetup_getdnsservers.txt")),
        Some(ips(&["203.0.113.53", "2001:db8::53"]))
    );
    assert_eq!(networksetup::dns_servers(&fixture("networksetup_getdnsservers_empty.txt")), Some(vec![]));
    assert_eq!(networksetup::dns_servers(&fixture("networksetup_getdnsservers_error.txt")), None);
    let order = networksetup::service_order(&fixture("networksetup_listnetworkserviceorder.txt"));
    let pairs: Vec<(&str, &str)> = order.iter().map(|(s, d)| (s.as_str(), d.as_str())).collect();
    assert_eq!(pairs, [("USB 10/100/1000 LAN", "en7"), ("Wi-Fi", "en0"), ("Thunderbolt Bridge", "bridge0")]);
}

#[test]
fn nmcli_outputs() {
    let d = nmcli::connection_dns(&fixture("nmcli_connection_show_dns.txt")).expect("dns");
    assert_eq!((d.servers, d.ignore_auto_dns), (ips(&["203.0.113.53", "198.51.100.53"]), false));
    let e = nmcli::connection_dns(&fixture("nmcli_connection_show_dns_empty.txt")).expect("empty");
    assert!(e.servers.is_empty() && !e.ignore_auto_dns);
    let o = nmcli::connection_dns(&fixture("nmcli_connection_show_dns_old.txt")).expect("old nmcli");
    assert_eq!((o.servers, o.ignore_auto_dns), (ips(&["203.0.113.53", "198.51.100.53"]), true));
    assert_eq!(nmcli::connection_dns("Error: nothing to show"), None);
    let active = nmcli::parse_active(&fixture("nmcli_active.txt"));
    assert_eq!(active.len(), 3);
    assert_eq!(active[0].device, "wlp2s0");
    assert_eq!(active[0].filename, "/etc/NetworkManager/system-connections/Home Wi-Fi.nmconnection");
    assert_eq!(nmcli::fields(r"ipv6.dns:2001\:db8\:\:53"), ["ipv6.dns", "2001:db8::53"]);
}

#[test]
fn resolvectl_dns() {
    assert_eq!(
        resolvectl::link_dns(&fixture("resolvectl_dns.txt"), "wlp2s0"),
        Some(ips(&["192.168.1.1", "2001:db8::1"]))
    );
    assert_eq!(resolvectl::link_dns(&fixture("resolvectl_dns_empty.txt"), "eth0"), Some(vec![]));
    // A server with a name cannot be put back exactly: no snapshot, so no switch.
    assert_eq!(resolvectl::link_dns(&fixture("resolvectl_dns_named.txt"), "wlp2s0"), None);
    assert_eq!(resolvectl::link_dns(&fixture("resolvectl_dns.txt"), "eth0"), None);
}

#[test]
fn reg_query_values() {
    let v = regquery::parse(&fixture("reg_query_internet_settings.txt"));
    assert_eq!(
        regquery::value(&v, "User Agent").map(|v| v.data.as_str()),
        Some("Mozilla/4.0 (compatible; MSIE 8.0; Win32)")
    );
    assert_eq!(regquery::value(&v, "ProxyEnable").and_then(regquery::RegValue::dword), Some(1));
    assert_eq!(regquery::value(&v, "SecureProtocols").and_then(regquery::RegValue::dword), Some(0xa80));
    let p = regquery::parse(&fixture("reg_query_dnsclient_policy.txt"));
    assert_eq!(regquery::value(&p, "NameServer").map(|v| v.data.as_str()), Some("203.0.113.53 198.51.100.53"));
}

#[test]
fn proxies() {
    let w = proxy::internet_settings(&fixture("reg_query_internet_settings.txt")).expect("windows");
    assert_eq!(
        (w.source, w.mode, w.https, w.pac_url),
        (ProxySource::Windows, ProxyMode::Manual, ep("proxy.example.com", 3129), None)
    );
    let w = proxy::internet_settings(&fixture("reg_query_internet_settings_pac.txt")).expect("windows pac");
    assert_eq!(
        (w.mode, w.https, w.pac_url.as_deref()),
        (ProxyMode::Pac, None, Some("http://wpad.example.com/proxy.pac"))
    );

    let m = proxy::scutil(&fixture("scutil_proxy_manual.txt")).expect("mac");
    assert_eq!((m.source, m.mode, m.https), (ProxySource::Macos, ProxyMode::Manual, ep("proxy.example.com", 3129)));
    let m = proxy::scutil(&fixture("scutil_proxy_pac.txt")).expect("mac pac");
    assert_eq!((m.mode, m.pac_url.as_deref()), (ProxyMode::Pac, Some("http://wpad.example.com/proxy.pac")));
    assert_eq!(proxy::scutil(&fixture("scutil_proxy_none.txt")).map(|p| p.mode), Some(ProxyMode::Off));

    let g = |name: &str| {
        let text = fixture(name);
        let l: Vec<&str> = text.lines().collect();
        proxy::gnome(l[0], l[1], l[2], l[3]).expect("gnome")
    };
    let manual = g("gsettings_proxy_manual.txt");
    assert_eq!(
        (manual.source, manual.mode, manual.https),
        (ProxySource::Gnome, ProxyMode::Manual, ep("proxy.example.com", 3128))
    );
    let auto = g("gsettings_proxy_auto.txt");
    assert_eq!((auto.mode, auto.pac_url.as_deref()), (ProxyMode::Pac, Some("http://wpad.example.com/wpad.dat")));
    assert_eq!(g("gsettings_proxy_none.txt").mode, ProxyMode::Off);
    assert_eq!(proxy::gnome("uint32 1", "''", "''", "0"), None);

    let k = proxy::kioslaverc(&fixture("kioslaverc")).expect("kde");
    assert_eq!((k.source, k.mode, k.https), (ProxySource::Kde, ProxyMode::Manual, ep("proxy.example.com", 3129)));
    let k = proxy::kioslaverc(&fixture("kioslaverc_pac")).expect("kde pac");
    assert_eq!((k.mode, k.pac_url.as_deref()), (ProxyMode::Pac, Some("http://wpad.example.com/proxy.pac")));
    assert_eq!(proxy::endpoint("http://[2001:db8::8]:8080/"), ep("2001:db8::8", 8080));
}

#[test]
fn browsers() {
    let x = browser::xdg_settings(&fixture("xdg_settings.txt")).expect("xdg");
    assert_eq!((x.kind, x.id.as_str()), (BrowserKind::Firefox, "firefox-esr.desktop"));
    assert_eq!(browser::xdg_settings("google-chrome.desktop\n").map(|b| b.kind), Some(BrowserKind::Chrome));
    assert_eq!(browser::xdg_settings("microsoft-edge.desktop").map(|b| b.kind), Some(BrowserKind::Edge));
    assert_eq!(browser::xdg_settings("chromium.desktop").map(|b| b.kind), Some(BrowserKind::Other));
    assert_eq!(browser::xdg_settings("\n"), None);

    let w = browser::user_choice(&fixture("reg_query_userchoice.txt")).expect("userchoice");
    assert_eq!((w.kind, w.id.as_str()), (BrowserKind::Firefox, "FirefoxURL-308046B0AF4A39CB"));
    let edge = "\r\nHKEY_CURRENT_USER\\...\\UserChoice\r\n    ProgId    REG_SZ    MSEdgeHTM\r\n";
    assert_eq!(browser::user_choice(edge).map(|b| b.kind), Some(BrowserKind::Edge));

    let m = browser::launch_services(&fixture("launchservices_lshandlers.txt"));
    assert_eq!((m.kind, m.id.as_str()), (BrowserKind::Chrome, "com.google.chrome"));
    assert_eq!(browser::launch_services("").kind, BrowserKind::Safari);
}

#[test]
fn netsh_default_route_adapter() {
    // Two default routes: the lower metric (Wi-Fi 2, index 12) carries the traffic.
    assert_eq!(netsh::default_route_index(&fixture("netsh_show_route.txt")), Some(12));
    let interfaces = fixture("netsh_show_interfaces.txt");
    assert_eq!(netsh::interface_alias(&interfaces, 12).as_deref(), Some("Wi-Fi 2"));
    assert_eq!(netsh::interface_alias(&interfaces, 1).as_deref(), Some("Loopback Pseudo-Interface 1"));
    assert_eq!(netsh::interface_alias(&interfaces, 99), None);
    assert_eq!(netsh::default_route_index("No routes.\n"), None);
}

#[test]
fn resolved_dns_property_wire_format() {
    use site_doctor_fix::resolved::{from_wire, to_wire};
    let servers = ips(&["198.51.100.53", "2001:db8::53"]);
    let wire = to_wire(&servers);
    assert_eq!(wire[0], (2, vec![198, 51, 100, 53]));
    assert_eq!(wire[1].0, 10);
    assert_eq!(from_wire(&wire), Some(servers));
    assert_eq!(from_wire(&[(2, vec![1, 2, 3])]), None, "a short address is not read as one");
}

#[test]
fn proxy_http_servers_and_exceptions() {
    let w = proxy::internet_settings(&fixture("reg_query_internet_settings.txt")).expect("windows");
    assert_eq!((w.http, w.bypass), (ep("proxy.example.com", 3128), vec!["<local>".to_string()]));
    let m = proxy::scutil(&fixture("scutil_proxy_manual.txt")).expect("mac");
    assert_eq!((m.http, m.bypass), (ep("proxy.example.com", 3128), vec!["*.local".to_string(), "169.254/16".into()]));
    let k = proxy::kioslaverc(&fixture("kioslaverc")).expect("kde");
    assert_eq!((k.http, k.bypass), (ep("proxy.example.com", 3128), vec!["localhost".to_string(), "127.0.0.1".into()]));

    let text = fixture("gsettings_proxy_manual.txt");
    let l: Vec<&str> = text.lines().collect();
    let g = proxy::gnome(l[0], l[1], l[2], l[3]).expect("gnome");
    let more = fixture("gsettings_proxy_manual_http_ignore.txt");
    let m: Vec<&str> = more.lines().collect();
    let g = proxy::gnome_manual(g, m[0], m[1], m[2]);
    assert_eq!(g.http, ep("proxy.example.com", 8080));
    assert_eq!(g.bypass, ["localhost", "127.0.0.0/8", "::1", "*.corp.example"]);
    assert_eq!(proxy::gvariant_strings("@as []"), Some(vec![]));

    // The one-process read: every key of the schema, as `gsettings list-recursively` prints it.
    let listed = proxy::gnome_listing(&fixture("gsettings_list_manual.txt")).expect("gnome listing");
    assert_eq!((listed.mode, listed.https), (ProxyMode::Manual, ep("proxy.example.com", 3128)));
    assert_eq!(listed.http, ep("proxy.example.com", 8080));
    assert_eq!(listed.bypass, ["localhost", "127.0.0.0/8", "::1", "*.corp.example"]);
    assert_eq!(proxy::gnome_listing(&fixture("gsettings_list_none.txt")).map(|p| p.mode), Some(ProxyMode::Off));
    assert_eq!(proxy::gnome_listing(""), None);

    // As the engine takes it: where it came from in words, per scheme, with the exceptions.
    let input = site_doctor_fix::detect::engine_proxy(&g).expect("a proxy");
    assert_eq!(input.source, "GNOME settings");
    assert_eq!(input.server_for(true).map(|s| s.port), Some(3128));
    assert_eq!(input.server_for(false).map(|s| s.port), Some(8080));
    let pac = proxy::kioslaverc(&fixture("kioslaverc_pac")).expect("kde pac");
    assert_eq!(
        site_doctor_fix::detect::engine_proxy(&pac).map(|p| p.setting),
        Some(site_doctor_engine::OsProxySetting::Pac { url: "http://wpad.example.com/proxy.pac".into() })
    );
    let off = proxy::gnome("'none'", "''", "''", "0").expect("gnome off");
    assert_eq!(site_doctor_fix::detect::engine_proxy(&off), None);
}
