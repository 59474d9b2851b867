//! The verdict table's unit tests, by theme; here the helpers that build checks and the tests
//! that hold the table together (every outcome reachable, every outcome explained).

mod dns;
mod network;
mod robust;
mod site;

use super::*;
use crate::check_id::CheckId;
use crate::finding::{Check, Status};

thread_local! {
    /// Outcomes decided on this thread, for the test that every table entry is reachable.
    static DECIDED: std::cell::RefCell<std::collections::HashSet<Outcome>> = Default::default();
}

/// The table's `decide`, remembering what it decided (shadows the glob import).
fn decide(target: &Target, checks: &[Check], now_unix: i64) -> Decision {
    let d = super::decide(target, checks, now_unix);
    DECIDED.with(|s| s.borrow_mut().insert(d.outcome));
    d
}

/// 2026-11-21T14:00:00Z
const NOW: i64 = 1_795_269_600;

fn target(s: &str) -> Target {
    Target::parse(s).expect("valid target")
}

fn probe(status: Status) -> Check {
    Check::new(CheckId::ConnectivityProbe, Some("http://127.0.0.1/generate_204".into()), status, 5)
}

fn dns(id: CheckId, answers: &[&str]) -> Check {
    let mut c = Check::new(id, None, Status::Pass, 5);
    c.detail.answers = Some(answers.iter().map(|s| (*s).to_owned()).collect());
    c
}

fn dns_fail(id: CheckId, class: ErrorClass) -> Check {
    Check::failed(id, None, class, "x".into(), 5)
}

fn conn(addr: &str, code: Option<u16>, error: Option<ErrorClass>) -> Check {
    let mut c = Check::new(
        CheckId::SiteConnection,
        Some(addr.into()),
        if code.is_some_and(|c| c < 500) { Status::Pass } else { Status::Fail },
        5,
    );
    c.detail.address = Some(addr.into());
    c.detail.status_code = code;
    c.detail.error = error;
    c
}

fn vantage(codes: &[Option<u16>]) -> Check {
    let mut c = Check::new(CheckId::VantageGlobalping, None, Status::Pass, 900);
    c.detail.vantage = Some(
        codes
            .iter()
            .map(|code| crate::finding::VantagePoint {
                location: "Frankfurt, DE".into(),
                status_code: *code,
                ..Default::default()
            })
            .collect(),
    );
    c
}

fn with_phases(mut c: Check, connect: Option<u64>, first_byte: Option<u64>) -> Check {
    c.detail.phases =
        Some(crate::finding::Phases { connect_ms: connect, first_byte_ms: first_byte, ..Default::default() });
    c
}

fn decide_on(checks: &[Check]) -> (Verdict, Culprit, Confidence) {
    let d = decide(&target("shop.example.com"), checks, NOW);
    (d.verdict, d.culprit, d.confidence)
}

fn code<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|j| j.as_str().map(str::to_owned)).unwrap_or_default()
}

#[test]
fn every_outcome_has_a_summary_and_steps_and_every_culprit_an_outcome() {
    let t = target("shop.example.com");
    for o in Outcome::ALL {
        let d = super::explain(&facts::facts(&t, &[], NOW), &t, &[], o, Confidence::Likely);
        assert!(d.summary.ends_with('.') && !d.next_steps.is_empty(), "{o:?}");
        assert_eq!(Outcome::of(d.verdict, d.culprit), Some(o));
        let json = serde_json::to_value(o).expect("serializes");
        assert_eq!(json, format!("{}.{}", code(&d.verdict), code(&d.culprit)).as_str());
    }
    for k in Culprit::ALL {
        assert!(Outcome::ALL.iter().any(|o| o.parts().1 == k), "{k:?} has no outcome");
    }
}

/// The table is tested against itself: the tests of every theme, run here on one thread, reach every
/// outcome it lists, so the catalogue has no sentence that can never be shown.
#[test]
fn every_outcome_in_the_table_is_decided_by_some_test() {
    network::a_working_proxy_passing_on_the_sites_own_error_is_not_blamed();
    network::a_proxy_that_cannot_reach_a_site_nobody_can_find_is_not_blamed();
    network::a_tunnel_that_carries_the_internet_is_not_blamed_for_a_site_down_for_everyone();
    site::a_site_that_answers_is_up();
    dns::failing_system_dns_with_working_public_dns_is_the_resolver();
    dns::a_name_that_exists_nowhere_is_the_sites_dns();
    site::a_5xx_with_a_working_connection_blames_the_origin();
    network::the_site_is_not_blamed_while_this_computer_is_offline();
    network::an_intercepted_connectivity_check_is_a_captive_portal();
    site::nobody_answering_here_with_no_other_place_asked_is_unclear();
    site::an_expired_certificate_is_the_sites();
    dns::a_blocking_resolver_answers_zero();
    dns::a_hosts_file_line_pointing_elsewhere_is_named();
    site::vantage_points_confirm_a_dead_origin();
    site::unreachable_here_but_loading_elsewhere_is_the_network_path();
    dns::an_old_address_where_nothing_answers_is_a_stale_resolver();
    dns::a_different_address_serving_something_else_is_a_hijack();
    dns::an_edge_answering_5xx_while_other_edges_work_is_the_cdn_edge();
    network::a_failing_proxy_is_blamed_even_when_the_direct_path_works();
    network::a_tunnel_carrying_the_default_route_is_the_vpn();
    network::no_default_route_is_no_network();
    network::https_blocked_while_plain_http_works_is_a_firewall();
    network::a_stalled_handshake_that_others_complete_is_the_path_mtu();
    site::an_untrusted_certificate_that_others_trust_is_interception();
    site::an_expired_certificate_with_a_wrong_clock_is_the_clock();
    network::loading_with_retransmissions_is_packet_loss_and_slowly_is_slow();
    network::ipv6_timing_out_while_ipv4_loads_is_ipv6();
    network::measured_loss_is_blamed_before_a_timed_out_resolver();
    dns::edges_that_differ_only_in_detail_are_not_a_hijack();
    site::a_bot_challenge_is_a_working_site();
    site::a_gateways_own_error_page_names_the_gateway_and_blames_the_server_behind_it();
    network::heavy_loss_with_nothing_loading_is_packet_loss_on_your_side();
    robust::a_site_that_answers_without_the_internet_is_up();
    robust::a_uniformly_slow_path_with_no_measured_loss_is_slow_not_loss();
    robust::a_stalled_handshake_while_plain_http_answers_is_the_path_mtu();
    robust::a_resolver_that_could_not_be_asked_does_not_outvote_nxdomain();
    robust::an_untrusted_issuer_nobody_else_checked_is_likely_interception();
    let decided = DECIDED.with(|s| s.borrow().clone());
    let missing: Vec<Outcome> = Outcome::ALL.into_iter().filter(|o| !decided.contains(o)).collect();
    assert!(missing.is_empty(), "never decided: {missing:?}");
}
