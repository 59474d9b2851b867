//! Certificates as a browser judges them, against HTTPS fakes whose certificates a test CA made:
//! the site's name is resolved by a fake DNS to 127.0.0.1, so the server name and the name check
//! are real, and `[tls] extra_ca` makes the test CA trusted the way the OS store would.

use serde_json::Value;
use site_doctor_tests::app::{self, Endpoints, Extra};
use site_doctor_tests::dns::{FakeDns, Reply};
use site_doctor_tests::http::{Behavior, FakeHttp};
use site_doctor_tests::tls::{FakeHttps, Leaf, TestCa};

const NAME: &str = "shop.example.test";

/// Runs a check of `https://shop.example.test:port/` served with a certificate of `kind`, and
/// returns the `site.connection` check.
fn connection_with(test: &str, kind: Leaf, trust_ca: bool) -> Value {
    let dir = app::scratch(test);
    let ca = TestCa::new(&dir);
    let site = FakeHttps::start(ca.leaf(kind, &[NAME]), Behavior::ok("<h1>secure shop</h1>"));
    let probe = FakeHttp::start(Behavior::WithConnectivity(Box::new(Behavior::ok("ok"))));
    let dns = FakeDns::start(Reply::NxDomain);
    dns.set(NAME, Reply::Addresses(vec!["127.0.0.1".parse().expect("ip")]));
    let config = app::write_config_with(
        &dir,
        &Endpoints { system_dns: vec![dns.addr], alternates: vec![dns.addr], probes: vec![probe.url("/generate_204")] },
        &Extra { extra_ca: trust_ca.then(|| ca.pem_path.clone()), ..Extra::default() },
    );
    let (_, doc, _) = app::check_json(&config, &site.url(NAME, "/"), &["--deadline", "6"]);
    doc["checks"]
        .as_array()
        .and_then(|a| a.iter().find(|c| c["id"] == "site.connection"))
        .cloned()
        .unwrap_or_else(|| panic!("no site.connection in {doc:#}"))
}

#[test]
fn a_valid_certificate_loads_and_is_described() {
    let c = connection_with("tls-valid", Leaf::Valid, true);
    let d = &c["detail"];
    assert_eq!((c["status"].as_str(), d["status_code"].as_u64()), (Some("pass"), Some(200)), "{c:#}");
    let tls = &d["tls"];
    assert!(tls["issuer"].as_str().is_some_and(|i| i.contains("Site Doctor Test CA")), "{tls}");
    assert_eq!(tls["names"], serde_json::json!([NAME]));
    assert!(tls["not_after"].as_str().is_some_and(|t| t.starts_with("4096-")), "{tls}");
    assert!(tls["version"].as_str().is_some_and(|v| v.starts_with("TLSv1_")), "{tls}");
    assert!(d["phases"]["tls_ms"].is_u64(), "{d}");
    assert!(d["body_sample"].as_str().is_some_and(|b| b.contains("secure shop")));
}

#[test]
fn an_expired_certificate_is_tls_expired() {
    let c = connection_with("tls-expired", Leaf::Expired, true);
    let d = &c["detail"];
    assert_eq!((c["status"].as_str(), d["error"].as_str()), (Some("fail"), Some("tls_expired")), "{c:#}");
    assert!(d["tls"]["not_after"].as_str().is_some_and(|t| t.starts_with("2021-01-01")), "{d}");
    assert!(d["phases"]["tls_ms"].is_u64());
}

#[test]
fn a_certificate_for_another_name_is_a_name_mismatch() {
    let c = connection_with("tls-wrong-name", Leaf::WrongName, true);
    let d = &c["detail"];
    assert_eq!(d["error"], "tls_name_mismatch", "{c:#}");
    assert_eq!(d["tls"]["names"], serde_json::json!(["other.example.test"]));
}

#[test]
fn a_certificate_from_an_unknown_ca_is_untrusted() {
    let c = connection_with("tls-unknown-ca", Leaf::UnknownCa, true);
    let d = &c["detail"];
    assert_eq!(d["error"], "tls_untrusted", "{c:#}");
    assert!(d["tls"]["issuer"].as_str().is_some_and(|i| i.contains("Rogue Interception CA")), "{d}");
}

#[test]
fn without_extra_ca_the_test_ca_is_not_trusted() {
    let c = connection_with("tls-no-extra-ca", Leaf::Valid, false);
    assert_eq!(c["detail"]["error"], "tls_untrusted", "{c:#}");
}
