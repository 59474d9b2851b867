use std::collections::BTreeMap;

use super::*;
use crate::check_id::CheckId;
use crate::finding::{Check, Status};
use crate::probe::status_page::{link_in, parse_summary};

fn headers(list: &[(&str, &str)]) -> BTreeMap<String, String> {
    list.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

fn site_answer(served_by: Option<&str>, h: &[(&str, &str)]) -> Check {
    let mut c = Check::new(CheckId::SiteConnection, Some("198.51.100.80:443".into()), Status::Fail, 3);
    c.detail.served_by = served_by.map(str::to_owned);
    c.detail.headers = Some(headers(h));
    c
}

#[test]
fn a_provider_is_known_by_who_answered_its_cname_or_its_addresses() {
    assert_eq!(detect(&site_answer(Some("Cloudflare"), &[("cf-ray", "8c-AMS")])), vec![Provider::Cloudflare]);
    assert_eq!(detect(&site_answer(None, &[("x-github-request-id", "A1:B2")])), vec![Provider::GithubPages]);
    assert_eq!(detect(&site_answer(Some("nginx"), &[("server", "nginx")])), vec![]);
    let mut dns = Check::new(CheckId::DnsSystem, None, Status::Pass, 2);
    dns.detail.cname = Some(vec!["shop.example.com.cdn.cloudflare.net".into()]);
    assert_eq!(detect(&dns), vec![Provider::Cloudflare]);
    dns.detail.cname = Some(vec!["example.github.io".into()]);
    assert_eq!(detect(&dns), vec![Provider::GithubPages]);
    dns.detail.cname = Some(vec!["notcloudfront.net.example".into()]);
    dns.detail.answers = Some(vec!["151.101.65.140".into(), "2606:4700::6810:84e5".into()]);
    assert_eq!(detect(&dns), vec![Provider::Cloudflare, Provider::Fastly]);
    // The documentation ranges the lab uses belong to nobody.
    dns.detail.answers = Some(vec!["198.51.100.80".into()]);
    assert_eq!(detect(&dns), vec![]);
}

#[test]
fn the_location_comes_from_the_providers_routing_headers() {
    assert_eq!(region_of(Provider::Cloudflare, &headers(&[("cf-ray", "8c1e2f3a4b5c6d7e-FRA")])), Some("FRA".into()));
    assert_eq!(region_of(Provider::Cloudflare, &headers(&[("cf-ray", "8c1e2f3a4b5c6d7e")])), None);
    let fastly = headers(&[("x-served-by", "cache-iad-kiad7000-IAD, cache-ams21028-AMS")]);
    assert_eq!(region_of(Provider::Fastly, &fastly), Some("AMS".into()));
    assert_eq!(region_of(Provider::Cloudfront, &headers(&[("x-amz-cf-pop", "FRA56-P2")])), Some("FRA".into()));
    assert_eq!(region_of(Provider::Vercel, &headers(&[("x-vercel-id", "fra1::abc")])), None);
}

/// A summary shaped like Cloudflare's: a group, locations, one incident in Amsterdam, one in
/// Frankfurt, one resolved, one about the dashboard.
fn summary() -> serde_json::Value {
    serde_json::json!({
        "page": {"id": "x", "name": "Cloudflare", "url": "https://www.cloudflarestatus.com"},
        "status": {"indicator": "minor", "description": "Minor Service Outage"},
        "components": [
            {"name": "Europe", "status": "degraded_performance", "group": true},
            {"name": "Amsterdam, Netherlands - (AMS)", "status": "partial_outage", "group": false},
            {"name": "Frankfurt, Germany - (FRA)", "status": "operational", "group": false},
        ],
        "incidents": [
            {"name": "Elevated 502 errors in Amsterdam", "status": "identified", "impact": "major",
             "created_at": "2026-12-04T10:02:11.000+01:00", "shortlink": "https://stspg.io/abc",
             "components": [{"name": "Amsterdam, Netherlands - (AMS)"}]},
            {"name": "Frankfurt reroute", "status": "monitoring", "impact": "minor",
             "started_at": "2026-12-04T08:00:00Z", "components": [{"name": "Frankfurt, Germany - (FRA)"}]},
            {"name": "Old", "status": "resolved", "components": []},
            {"name": "Dashboard slow", "status": "investigating", "impact": "minor",
             "components": [{"name": "Cloudflare Dashboard"}]},
        ]
    })
}

#[test]
fn a_statuspage_summary_is_read_bounded_and_without_what_is_resolved() {
    let base = url::Url::parse("http://127.0.0.1:9/").expect("url");
    let page = parse_summary(&summary(), &base).expect("a summary");
    assert_eq!(page.url, "https://www.cloudflarestatus.com");
    assert_eq!(page.indicator.as_deref(), Some("minor"));
    assert_eq!(page.incidents.len(), 3, "{page:#?}");
    assert_eq!(page.incidents[0].started_at.as_deref(), Some("2026-12-04T09:02:11Z"));
    assert_eq!(page.components.len(), 1, "groups and operational ones are left out: {page:#?}");
    assert!(parse_summary(&serde_json::json!({"hello": 1}), &base).is_err());
    assert!(parse_summary(&serde_json::json!([1, 2]), &base).is_err());
    let many: Vec<_> =
        (0..500).map(|i| serde_json::json!({"name": format!("i{i}"), "status": "investigating"})).collect();
    let big = parse_summary(&serde_json::json!({"status": {}, "incidents": many}), &base).expect("a summary");
    assert_eq!(big.incidents.len(), MAX_INCIDENTS);
}

#[test]
fn only_incidents_at_this_location_or_everywhere_are_trouble_for_the_site() {
    let base = url::Url::parse("http://127.0.0.1:9/").expect("url");
    let page = parse_summary(&summary(), &base).expect("a summary");
    let ams = judge(Provider::Cloudflare, &page, Some("AMS".into()));
    assert_eq!(ams.trouble.len(), 1, "{ams:#?}");
    assert_eq!(ams.place.as_deref(), Some("Amsterdam, Netherlands"));
    assert_eq!(ams.other_incidents, 2);
    let line = words::trouble(&ams);
    assert!(line.starts_with("Cloudflare reports trouble in Amsterdam, Netherlands since "), "{line}");
    assert!(line.contains("09:02 UTC: Elevated 502 errors in Amsterdam (identified). https://stspg.io/abc"), "{line}");
    // Served from Frankfurt: Amsterdam's trouble is elsewhere; Frankfurt's own incident is told.
    let fra = judge(Provider::Cloudflare, &page, Some("FRA".into()));
    assert_eq!(fra.trouble.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(), ["Frankfurt reroute"]);
    // No location known: nothing listed against a location or the dashboard is this site's.
    let none = judge(Provider::Cloudflare, &page, None);
    assert!(none.trouble.is_empty() && none.other_incidents == 3, "{none:#?}");
    // An incident listed against nothing in particular concerns everyone.
    let mut general = page.clone();
    general.incidents[2].components.clear();
    assert_eq!(judge(Provider::Cloudflare, &general, None).trouble[0].name, "Dashboard slow");
    // The site's own page speaks only of the site: every open incident is its trouble.
    let own = judge(Provider::Site, &page, None);
    assert_eq!((own.trouble.len(), own.other_incidents), (3, 0));
    assert!(
        words::trouble(&own).starts_with("The site's own status page reports trouble since "),
        "{}",
        words::trouble(&own)
    );
}

#[test]
fn a_link_to_the_sites_status_page_is_found_in_its_page() {
    let page = r#"<footer><a href="/about">About</a> <a class=x href="https://status.shop.example.com/incidents">Status</a></footer>"#;
    assert_eq!(link_in(page).as_deref(), Some("https://status.shop.example.com"));
    assert_eq!(link_in(r#"<a href='https://shop.statuspage.io'>s</a>"#).as_deref(), Some("https://shop.statuspage.io"));
    assert_eq!(link_in(r#"<a href="https://example.com/status">s</a> <a href="javascript:status.x">"#), None);
    assert_eq!(link_in(&"href=".repeat(10_000)), None);
}

#[test]
fn status_pages_are_configurable_by_provider_key() {
    let c = crate::config::Config::from_toml(
        "[status]\ncloudflare = \"http://127.0.0.1:9/\"\nsite = false",
        std::path::Path::new("t.toml"),
    )
    .expect("valid");
    assert_eq!(c.status_page(Provider::Cloudflare).map(|u| u.to_string()).as_deref(), Some("http://127.0.0.1:9/"));
    assert_eq!(
        c.status_page(Provider::Fastly).map(|u| u.to_string()).as_deref(),
        Some("https://www.fastlystatus.com/")
    );
    assert_eq!(c.status_page(Provider::Site), None);
    assert!(!c.site_status);
    let e = crate::config::Config::from_toml(
        "[status]\ncloudflar = \"http://127.0.0.1:9/\"",
        std::path::Path::new("t.toml"),
    )
    .expect_err("unknown key");
    assert!(e.to_string().contains("cloudflar"), "{e}");
    for p in Provider::ALL.into_iter().filter(|p| *p != Provider::Site) {
        assert_eq!(by_key(p.key()), Some(p), "every provider has its own key");
    }
}
