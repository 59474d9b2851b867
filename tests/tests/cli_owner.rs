//! The owner's flags on `site-doctor check` against fakes on 127.0.0.1: `--paths` asks each route
//! `--samples` times, `--origin` asks the origin directly beside the edge, and mistyped flags are
//! refused before anything is asked.

use serde_json::Value;
use site_doctor_tests::app::{self, Endpoints};
use site_doctor_tests::http::{Behavior, FakeHttp};

fn checks<'a>(doc: &'a Value, id: &str) -> Vec<&'a Value> {
    doc["checks"].as_array().map(|a| a.iter().filter(|c| c["id"] == id).collect()).unwrap_or_default()
}

#[test]
fn paths_and_origin_show_every_route_failing_at_the_edge_while_the_origin_answers() {
    let edge = FakeHttp::start(Behavior::WithConnectivity(Box::new(Behavior::Respond {
        status: 502,
        headers: vec![("server".into(), "cloudflare".into()), ("cf-ray".into(), "8c1e2f3a4b5c6d7e-AMS".into())],
        body: "<title>502 Bad Gateway</title>".into(),
    })));
    let origin = FakeHttp::start(Behavior::ok("<h1>shop</h1>"));
    let dir = app::scratch("cli-owner");
    let config =
        app::write_config(&dir, &Endpoints { probes: vec![edge.url("/generate_204")], ..Endpoints::default() });
    let origin_addr = origin.addr.to_string();
    let extra = ["--paths", "/", "/api/health", "--samples", "3", "--origin", &origin_addr];
    let (code, doc, _) = app::check_json(&config, &edge.url("/"), &extra);
    assert_eq!(code, 12, "{doc:#}");
    let schema = std::fs::read_to_string(app::workspace().join("docs/schema/diagnosis.json")).expect("schema");
    let validator = jsonschema::validator_for(&serde_json::from_str(&schema).expect("json")).expect("schema");
    assert!(validator.is_valid(&doc), "{doc:#}");
    let owner = &doc["evidence"]["owner"];
    let routes = owner["routes"].as_array().expect("routes");
    assert_eq!(routes.len(), 2, "{owner:#}");
    for r in routes {
        assert_eq!((r["requests"].as_u64(), r["failed"].as_u64()), (Some(3), Some(3)), "{r:#}");
        assert_eq!((r["pattern"].as_str(), r["sequence"].as_str()), (Some("all"), Some("502 502 502")));
        assert!(r["first_failure"].as_str().is_some_and(|t| t.ends_with('Z')), "{r:#}");
        assert_eq!(r["request_ids"][0]["value"], "8c1e2f3a4b5c6d7e-AMS");
    }
    assert_eq!(owner["intermittent"], false);
    let readings: Vec<&str> =
        owner["origin"].as_array().expect("origin").iter().filter_map(|c| c["reading"].as_str()).collect();
    assert_eq!(readings, ["edge_fails_origin_works", "edge_fails_origin_works"], "{owner:#}");
    let route = checks(&doc, "owner.route");
    assert_eq!(route.len(), 2);
    assert_eq!(route[1]["subject"], "/api/health");
    assert_eq!(route[1]["detail"]["samples"].as_array().map(Vec::len), Some(3));
    let direct = checks(&doc, "owner.origin");
    assert_eq!(direct[0]["detail"]["status_code"], 200, "{doc:#}");
    assert_eq!(direct[0]["subject"], format!("{origin_addr}/"));
}

#[test]
fn mistyped_owner_flags_are_refused_before_anything_is_asked() {
    let dir = app::scratch("cli-owner-bad");
    let config = app::write_config(&dir, &Endpoints::default());
    let nine: Vec<&str> = std::iter::once("--paths").chain(std::iter::repeat_n("/", 9)).collect();
    let cases: [&[&str]; 5] = [
        &["--paths", "api/health"],
        &["--origin", "shop.example.test"],
        &["--origin", "ftp://198.51.100.90"],
        &["--samples", "0"],
        &nine,
    ];
    for extra in cases {
        let args: Vec<&str> = ["check", "http://127.0.0.1:9/"].into_iter().chain(extra.iter().copied()).collect();
        let out = app::run(&config, &args);
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        assert!(out.stdout.is_empty(), "{extra:?}");
        assert!(!out.stderr.is_empty(), "{extra:?}");
    }
}
