use super::*;
use crate::rules::Outcome;

/// 2026-11-21T14:00:00Z
const NOW: i64 = 1_795_269_600;

fn target(s: &str) -> Target {
    Target::parse(s).expect("valid target")
}

fn online() -> Check {
    Check::new(CheckId::ConnectivityProbe, Some("http://127.0.0.1/generate_204".into()), Status::Pass, 5)
}

fn dns(id: CheckId, answers: &[&str]) -> Check {
    let mut c = Check::new(id, None, Status::Pass, 5);
    c.detail.answers = Some(answers.iter().map(|s| (*s).to_owned()).collect());
    c
}

fn conn(addr: &str, code: Option<u16>, error: Option<ErrorClass>) -> Check {
    let status = if code.is_some_and(|c| c < 500) { Status::Pass } else { Status::Fail };
    let mut c = Check::new(CheckId::SiteConnection, Some(addr.into()), status, 5);
    c.detail.address = Some(addr.into());
    c.detail.status_code = code;
    c.detail.error = error;
    c
}

/// Both places-elsewhere services, still running.
fn vantage_pending() -> Vec<(CheckId, Option<String>)> {
    vec![
        (CheckId::VantageGlobalping, Some("api.globalping.io".into())),
        (CheckId::VantageCheckHost, Some("check-host.net".into())),
    ]
}

fn outcome(s: &Settled) -> Option<Outcome> {
    s.decision().map(|d| d.outcome)
}

#[test]
fn a_dns_resolver_verdict_is_stable_against_the_places_elsewhere() {
    let checks = [
        online(),
        Check::failed(CheckId::DnsSystem, None, ErrorClass::Servfail, "x".into(), 5),
        dns(CheckId::DnsAlternate, &["198.51.100.80"]),
    ];
    let s = settled(&target("https://shop.example.com/"), &checks, &vantage_pending(), NOW);
    assert_eq!(outcome(&s), Some(Outcome::JustYouDnsResolver), "{s:?}");
    // The resolver's verdict does not read the places elsewhere, so nothing is left to wait for.
    assert!(matches!(s, Settled::Final(_)), "{s:?}");
}

#[test]
fn an_unreachable_site_waits_for_the_places_elsewhere() {
    let checks = [
        online(),
        dns(CheckId::DnsSystem, &["198.51.100.80"]),
        conn("198.51.100.80:443", None, Some(ErrorClass::ConnectionRefused)),
    ];
    let t = target("https://shop.example.com/");
    // With nothing heard from elsewhere the table cannot tell yet …
    assert_eq!(decide(&t, &checks, NOW).outcome, Outcome::InconclusiveSiteUnreachable);
    // … and others loading the site (or not) decides it: not settled.
    assert_eq!(settled(&t, &checks, &vantage_pending(), NOW), Settled::Open);
}

#[test]
fn a_name_gone_everywhere_is_shown_at_once_and_confirmed_later() {
    let nx = |id| Check::failed(id, None, ErrorClass::Nxdomain, "x".into(), 5);
    let checks = [online(), nx(CheckId::DnsSystem), nx(CheckId::DnsAlternate)];
    let s = settled(&target("https://shop.example.com/"), &checks, &vantage_pending(), NOW);
    assert_eq!(outcome(&s), Some(Outcome::DownSiteDns), "{s:?}");
    // The places elsewhere can still confirm it (or make it unsure): worth waiting for.
    assert!(matches!(s, Settled::Outcome(ref d) if d.confidence == crate::diagnosis::Confidence::Likely), "{s:?}");
}

#[test]
fn a_pending_lookup_or_connection_keeps_the_answer_open() {
    let checks = [online(), dns(CheckId::DnsSystem, &["198.51.100.80"]), conn("198.51.100.80:443", Some(200), None)];
    let t = target("https://shop.example.com/");
    for pending in [
        (CheckId::DnsAlternate, Some("203.0.113.53:53".to_owned())),
        (CheckId::SiteConnection, Some("[2001:db8::80]:443".to_owned())),
        (CheckId::ConnectivityLoss, None),
    ] {
        assert_eq!(settled(&t, &checks, std::slice::from_ref(&pending), NOW), Settled::Open, "{pending:?}");
    }
}

#[test]
fn port_80_is_not_waited_out_once_the_answer_holds() {
    // IPv4 loaded, IPv6 timed out: degraded by IPv6, whatever port 80 at the IPv6 address says.
    let checks = [
        online(),
        dns(CheckId::DnsSystem, &["198.51.100.80", "2001:db8::80"]),
        conn("198.51.100.80:443", Some(200), None),
        conn("[2001:db8::80]:443", None, Some(ErrorClass::Timeout)),
    ];
    let t = target("https://shop.example.com/");
    let pending = [(CheckId::SiteConnectionHttp, Some("[2001:db8::80]:80".to_owned()))];
    let s = settled(&t, &checks, &pending, NOW);
    assert!(matches!(s, Settled::Final(ref d) if d.outcome == Outcome::DegradedIpv6), "{s:?}");
    // The finding written for it then leaves the answer as it was, and says why it is missing.
    let late = not_waited(CheckId::SiteConnectionHttp, pending[0].1.clone(), 40);
    assert_eq!((late.status, late.detail.error), (Status::Skipped, Some(ErrorClass::NotNeeded)));
    let mut all = checks.to_vec();
    all.push(late);
    let (after, held) = (decide(&t, &all, NOW), s.decision().expect("settled"));
    assert_eq!((after.outcome, after.confidence), (held.outcome, held.confidence));
}

#[test]
fn a_slow_port_80_could_still_read_as_loss_so_up_waits_for_it() {
    // IPv4 loaded, IPv6 refused at 443: a slow connect on port 80 would make it "degraded".
    let checks = [
        online(),
        dns(CheckId::DnsSystem, &["198.51.100.80", "2001:db8::80"]),
        conn("198.51.100.80:443", Some(200), None),
        conn("[2001:db8::80]:443", None, Some(ErrorClass::ConnectionRefused)),
    ];
    let pending = [(CheckId::SiteConnectionHttp, Some("[2001:db8::80]:80".to_owned()))];
    assert_eq!(settled(&target("https://shop.example.com/"), &checks, &pending, NOW), Settled::Open);
}

#[test]
fn nothing_pending_is_final_at_once() {
    let checks = [online(), dns(CheckId::DnsSystem, &["198.51.100.80"]), conn("198.51.100.80:443", Some(200), None)];
    let s = settled(&target("https://shop.example.com/"), &checks, &[], NOW);
    assert!(matches!(s, Settled::Final(ref d) if d.outcome == Outcome::UpNone), "{s:?}");
}

#[test]
fn certificates_settle_only_when_others_cannot_tell_interception_from_a_broken_site() {
    let t = target("https://shop.example.com/");
    let with =
        |error| [online(), dns(CheckId::DnsSystem, &["198.51.100.80"]), conn("198.51.100.80:443", None, Some(error))];
    // An expired certificate is the site's whatever others see; they only make it surer.
    let s = settled(&t, &with(ErrorClass::TlsExpired), &vantage_pending(), NOW);
    assert!(matches!(s, Settled::Outcome(ref d) if d.outcome == Outcome::DownSiteTls), "{s:?}");
    // An untrusted one is interception if others trust it, and a broken site if they refuse it
    // too: not settled, but what this computer found on its own is worth showing meanwhile.
    let s = settled(&t, &with(ErrorClass::TlsUntrusted), &vantage_pending(), NOW);
    assert!(matches!(s, Settled::Local(ref d) if d.outcome == Outcome::JustYouTlsInterception), "{s:?}");
}

#[test]
fn a_server_error_is_a_first_answer_before_the_places_elsewhere_confirm_it() {
    let t = target("https://shop.example.com/");
    let checks = [online(), dns(CheckId::DnsSystem, &["198.51.100.80"]), conn("198.51.100.80:443", Some(500), None)];
    // Others loading it would make it "just you": the places elsewhere can change it …
    let s = settled(&t, &checks, &vantage_pending(), NOW);
    assert!(matches!(s, Settled::Local(ref d) if d.verdict == Verdict::DownForEveryone), "{s:?}");
    // … and a check of this computer's own still running keeps even the first answer back.
    let mut pending = vantage_pending();
    pending.push((CheckId::DnsAlternate, None));
    assert_eq!(settled(&t, &checks, &pending, NOW), Settled::Open);
}

#[test]
fn a_stalled_handshake_waits_for_how_much_plain_http_gets_through() {
    // HTTPS opened and then stalled: a small plain answer reads as a path-MTU black hole, a
    // full-sized one as a filter. Until port 80 has answered, neither may be shown.
    let mut stalled = conn("198.51.100.80:443", None, Some(ErrorClass::Timeout));
    stalled.detail.phases = Some(Phases { connect_ms: Some(5), ..Phases::default() });
    let mut elsewhere = Check::new(CheckId::VantageGlobalping, None, Status::Pass, 900);
    let loaded =
        crate::finding::VantagePoint { location: "Frankfurt".into(), status_code: Some(200), ..Default::default() };
    elsewhere.detail.vantage = Some(vec![loaded]);
    let checks = [online(), dns(CheckId::DnsSystem, &["198.51.100.80"]), stalled, elsewhere];
    let pending = [(CheckId::SiteConnectionHttp, Some("198.51.100.80:80".to_owned()))];
    assert_eq!(settled(&target("https://shop.example.com/"), &checks, &pending, NOW), Settled::Open);
}

#[test]
fn a_second_address_still_connecting_is_waited_for_only_while_it_could_change_the_answer() {
    let t = target("https://shop.example.com/");
    let v4 = [
        online(),
        dns(CheckId::DnsSystem, &["198.51.100.80", "2001:db8::80"]),
        conn("198.51.100.80:443", Some(200), None),
    ];
    let v6 = [(CheckId::SiteConnection, Some("[2001:db8::80]:443".to_owned()))];
    // IPv6 timing out would make it "degraded": wait.
    assert_eq!(settled(&t, &v4, &v6, NOW), Settled::Open);
    // An unusable proxy is the answer however IPv6 ends: stop waiting for it.
    let mut env = Check::new(CheckId::EnvironmentProxy, None, Status::Warn, 0);
    env.detail.variable = Some("https_proxy".into());
    let proxy = Check::failed(CheckId::SiteProxy, None, ErrorClass::ConnectionRefused, "x".into(), 3);
    let checks = [v4.to_vec(), vec![env, proxy]].concat();
    let s = settled(&t, &checks, &v6, NOW);
    assert!(matches!(s, Settled::Final(ref d) if d.outcome == Outcome::JustYouProxy), "{s:?}");
}

#[test]
fn a_silent_tunnel_is_final_before_the_connectivity_checks_and_places_elsewhere_end() {
    let mut route = Check::new(CheckId::EnvironmentRoute, Some("tun0".into()), Status::Warn, 0);
    route.detail.variable = Some("tun0".into());
    let timeout = |id| Check::failed(id, None, ErrorClass::Timeout, "x".into(), 2500);
    let unheard = Check::new(CheckId::ConnectivityLoss, None, Status::Skipped, 1100);
    let checks = [route, unheard, timeout(CheckId::DnsSystem), timeout(CheckId::DnsAlternate)];
    let mut pending = vantage_pending();
    pending.push((CheckId::ConnectivityProbe, Some("http://203.0.113.204/generate_204".into())));
    pending.push((CheckId::ConnectivityProbe, Some("http://203.0.113.205/hotspot-detect.html".into())));
    let s = settled(&target("https://shop.example.com/"), &checks, &pending, NOW);
    assert!(matches!(s, Settled::Final(ref d) if d.outcome == Outcome::JustYouVpn), "{s:?}");
}

#[test]
fn a_sign_in_page_does_not_wait_for_the_loss_sampler() {
    let portal = Check::new(CheckId::ConnectivityProbe, Some("http://127.0.0.1/generate_204".into()), Status::Warn, 5);
    let checks = [
        portal,
        dns(CheckId::DnsSystem, &["198.51.100.80"]),
        conn("198.51.100.80:443", None, Some(ErrorClass::ConnectionReset)),
    ];
    let mut pending = vantage_pending();
    pending.push((CheckId::ConnectivityLoss, None));
    pending.push((CheckId::SiteConnectionHttp, Some("198.51.100.80:80".into())));
    let s = settled(&target("https://shop.example.com/"), &checks, &pending, NOW);
    assert_eq!(outcome(&s), Some(Outcome::JustYouCaptivePortal), "{s:?}");
}
