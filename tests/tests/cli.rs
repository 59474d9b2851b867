//! The headless `site-doctor check` against fakes on 127.0.0.1: contract-shaped JSON, exit codes,
//! plain sentences for bad input, and the deadline holding when a resolver never answers.

use std::time::Duration;

use serde_json::Value;
use site_doctor_tests::app::{self, Endpoints};
use site_doctor_tests::dns::{FakeDns, Reply};
use site_doctor_tests::http::{Behavior, FakeHttp};

const LOCAL: &str = "127.0.0.1";

/// Every `--json` document of these tests must match the committed schema (docs/schema), which
/// must be the one the engine's types generate: drift either way fails here.
fn assert_schema(doc: &Value) {
    let path = app::workspace().join("docs/schema/diagnosis.json");
    let text = std::fs::read_to_string(&path).expect("docs/schema/diagnosis.json");
    assert_eq!(text, site_doctor_engine::schema::diagnosis_schema(), "the committed schema is stale: make bindings");
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let errors: Vec<String> = validator.iter_errors(doc).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "the output does not match docs/schema/diagnosis.json: {errors:#?}");
}

fn checks<'a>(doc: &'a Value, id: &str) -> Vec<&'a Value> {
    doc["checks"].as_array().map(|a| a.iter().filter(|c| c["id"] == id).collect()).unwrap_or_default()
}

fn healthy_setup(name: &str, site: Behavior) -> (FakeHttp, FakeDns, std::path::PathBuf) {
    let http = FakeHttp::start(Behavior::WithConnectivity(Box::new(site)));
    let dns = FakeDns::start(Reply::NxDomain);
    dns.set("shop.example.test", Reply::Addresses(vec![LOCAL.parse().expect("ip")]));
    let dir = app::scratch(name);
    let config = app::write_config(
        &dir,
        &Endpoints { system_dns: vec![dns.addr], alternates: vec![dns.addr], probes: vec![http.url("/generate_204")] },
    );
    (http, dns, config)
}

#[test]
fn a_local_server_gets_a_contract_shaped_diagnosis() {
    let (http, _dns, config) = healthy_setup("healthy-ip", Behavior::ok("<h1>shop</h1>"));
    let (code, doc, _) = app::check_json(&config, &http.url("/"), &[]);
    assert_schema(&doc);
    assert_eq!(doc["schema"], 1);
    assert_eq!(doc["target"]["host"], LOCAL);
    assert_eq!(doc["target"]["port"], http.addr.port());
    assert_eq!(doc["verdict"], "up", "{doc:#}");
    assert_eq!(code, 0);
    assert!(doc["elapsed_ms"].as_u64().is_some());
    assert!(doc["started_at"].as_str().is_some_and(|s| s.ends_with('Z')));
    let conn = checks(&doc, "site.connection");
    assert_eq!(conn.len(), 1);
    assert_eq!(conn[0]["status"], "pass");
    assert_eq!(conn[0]["detail"]["status_code"], 200);
    let phases = &conn[0]["detail"]["phases"];
    assert!(
        phases["connect_ms"].is_u64() && phases["first_byte_ms"].is_u64() && phases["total_ms"].is_u64(),
        "{phases}"
    );
    // The answer may settle before the connectivity check ends: then it is not waited for
    // (skipped, `not_needed`), which is no failure.
    let probe = &checks(&doc, "connectivity.probe")[0];
    assert!(
        probe["status"] == "pass" || (probe["status"] == "skipped" && probe["detail"]["error"] == "not_needed"),
        "{probe}"
    );
}

#[test]
fn a_name_is_resolved_through_the_system_resolver_and_its_addresses_tried() {
    let (http, dns, config) = healthy_setup("healthy-name", Behavior::ok("ok"));
    let site = format!("http://shop.example.test:{}/", http.addr.port());
    let (code, doc, _) = app::check_json(&config, &site, &[]);
    assert_schema(&doc);
    assert_eq!((code, doc["verdict"].as_str()), (0, Some("up")), "{doc:#}");
    let system = &checks(&doc, "dns.system")[0];
    assert_eq!(system["detail"]["answers"][0], LOCAL);
    assert_eq!(system["detail"]["server"], dns.addr.to_string());
    assert_eq!(checks(&doc, "site.connection")[0]["detail"]["address"], format!("{LOCAL}:{}", http.addr.port()));
}

#[test]
fn a_gateway_error_is_reported_with_its_identifying_headers() {
    let page = Behavior::Respond {
        status: 502,
        headers: vec![("server".into(), "cloudflare".into()), ("cf-ray".into(), "8c1e2f3a4b5c6d7e-AMS".into())],
        body: "<title>502 Bad Gateway</title>".into(),
    };
    let (http, _dns, config) = healthy_setup("gateway", page);
    let (code, doc, _) = app::check_json(&config, &http.url("/"), &[]);
    assert_schema(&doc);
    assert_eq!(
        (doc["verdict"].as_str(), doc["culprit"].as_str()),
        (Some("down_for_everyone"), Some("origin")),
        "{doc:#}"
    );
    assert_eq!(code, 12);
    let conn = &checks(&doc, "site.connection")[0]["detail"];
    assert_eq!(conn["status_code"], 502);
    assert_eq!(conn["headers"]["cf-ray"], "8c1e2f3a4b5c6d7e-AMS");
    // An unbranded page through Cloudflare is the origin's own (docs/error-pages.md).
    assert_eq!((conn["served_by"].as_str(), conn["gateway_error"].as_bool()), (Some("Cloudflare"), Some(false)));
    assert!(conn["body_sample"].as_str().is_some_and(|b| b.contains("502 Bad Gateway")));
    // The deciding evidence names the same vendor and reference number for every renderer.
    let answer = &doc["evidence"]["answer"];
    assert_eq!(answer["status_code"], 502, "{doc:#}");
    assert_eq!(
        (answer["served_by"]["name"].as_str(), answer["served_by"]["gateway"].as_bool()),
        (Some("Cloudflare"), Some(true))
    );
    assert_eq!(answer["request_ids"][0], serde_json::json!({"header": "cf-ray", "value": "8c1e2f3a4b5c6d7e-AMS"}));
}

#[test]
fn a_failing_system_resolver_while_public_dns_answers_is_just_you() {
    let http = FakeHttp::start(Behavior::WithConnectivity(Box::new(Behavior::ok("ok"))));
    let isp = FakeDns::start(Reply::ServFail);
    let public = FakeDns::start(Reply::Addresses(vec![LOCAL.parse().expect("ip")]));
    let dir = app::scratch("servfail");
    let config = app::write_config(
        &dir,
        &Endpoints {
            system_dns: vec![isp.addr],
            alternates: vec![public.addr],
            probes: vec![http.url("/generate_204")],
        },
    );
    let (code, doc, _) = app::check_json(&config, &format!("http://shop.example.test:{}/", http.addr.port()), &[]);
    assert_schema(&doc);
    assert_eq!((doc["verdict"].as_str(), doc["culprit"].as_str()), (Some("just_you"), Some("dns_resolver")), "{doc:#}");
    assert_eq!(code, 11);
    assert_eq!(checks(&doc, "dns.system")[0]["detail"]["error"], "servfail");
    assert_eq!(checks(&doc, "dns.alternate")[0]["detail"]["answers"][0], LOCAL);
}

#[test]
fn a_silent_resolver_does_not_hold_the_verdict_past_the_deadline() {
    let http = FakeHttp::start(Behavior::WithConnectivity(Box::new(Behavior::ok("ok"))));
    let silent = FakeDns::start(Reply::Silent);
    let public = FakeDns::start(Reply::Addresses(vec![LOCAL.parse().expect("ip")]));
    let dir = app::scratch("silent");
    let config = app::write_config(
        &dir,
        &Endpoints {
            system_dns: vec![silent.addr],
            alternates: vec![public.addr],
            probes: vec![http.url("/generate_204")],
        },
    );
    let (_, doc, took) =
        app::check_json(&config, &format!("http://shop.example.test:{}/", http.addr.port()), &["--deadline", "2"]);
    assert!(took < Duration::from_secs(5), "took {took:?}");
    let system = &checks(&doc, "dns.system")[0];
    assert_eq!(system["status"], "fail");
    assert_eq!(system["detail"]["error"], "timeout");
    // The public resolver's address was tried and loaded while the system resolver stayed silent.
    assert_eq!(checks(&doc, "site.connection")[0]["detail"]["status_code"], 200, "{doc:#}");
}

#[test]
fn bad_input_exits_2_with_one_plain_sentence() {
    let dir = app::scratch("bad-input");
    let config = app::write_config(&dir, &Endpoints::default());
    for input in
        ["javascript:alert(1)", "", "my bank site", "file:///etc/passwd", "https:///path-only", &"%".repeat(2100)]
    {
        let out = app::run(&config, &["check", input]);
        assert_eq!(out.status.code(), Some(2), "{input}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        let err = err.trim();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.ends_with('.') && err.chars().next().is_some_and(char::is_uppercase), "{err}");
        assert!(!err.contains("Error") && !err.contains("Err("), "{err}");
    }
}

#[test]
fn a_bad_config_names_the_key() {
    let dir = app::scratch("bad-config");
    let path = dir.join("bad.toml");
    std::fs::write(&path, "[dns]\nalternates = [\"not-an-ip\"]\n").expect("write");
    let out = app::run(&path, &["check", "example.test"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("dns.alternates"));
}

#[test]
fn the_human_report_shows_marks_times_and_the_verdict() {
    let (http, _dns, config) = healthy_setup("human", Behavior::ok("ok"));
    let out = app::run(&config, &["check", &http.url("/")]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("loads normally"), "{text}");
    assert!(text.contains("✓") && text.contains("HTTP 200") && text.contains(" ms"), "{text}");
}

#[test]
fn without_a_desktop_the_window_explains_instead_of_crashing() {
    let out = std::process::Command::new(app::binary())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env("SITE_DOCTOR_CONFIG", "/nonexistent/never-read.toml")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("site-doctor check") && !err.contains("panicked"), "{err}");
}

#[test]
fn the_help_desk_report_is_the_engine_s_and_redacted_by_default() {
    let page = Behavior::Respond {
        status: 502,
        headers: vec![("server".into(), "cloudflare".into()), ("cf-ray".into(), "8c1e2f3a4b5c6d7e-AMS".into())],
        body: "<title>502 Bad Gateway</title>".into(),
    };
    let (http, _dns, config) = healthy_setup("report", page);
    let site = format!("{}cart?session=s3cr3t#pay", http.url("/"));
    for (flag, start) in
        [("--report", "Site Doctor report\n==================\n"), ("--report=md", "# Site Doctor report\n")]
    {
        let out = app::run(&config, &["check", &site, flag, "--no-vantage"]);
        let text = String::from_utf8_lossy(&out.stdout);
        // Shown with --nocapture: a real report of a local 502 run, redaction defaults.
        eprintln!("{text}");
        assert_eq!(out.status.code(), Some(12), "{text}");
        assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(text.starts_with(start), "{text}");
        for want in
            ["Incident:", "SD-", "UTC", "cf-ray: 8c1e2f3a4b5c6d7e-AMS", "?\\[query\\]", "HTTP 502", "Site Doctor: "]
        {
            let want = if flag == "--report" { want.replace('\\', "") } else { want.to_owned() };
            assert!(text.contains(&want), "{want} missing:\n{text}");
        }
        assert!(!text.contains("s3cr3t") && !text.contains("#pay"), "{text}");
        assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
    }
    let out = app::run(&config, &["check", &site, "--report", "--no-redact", "--no-vantage"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("session=s3cr3t"));
}
