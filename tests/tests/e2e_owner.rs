//! "I run this site" in the real window (Xvfb, tauri-driver): the owner tests two pages of a site
//! whose CDN-like front answers 502, and its origin directly, and the window shows which pages
//! fail, the origin beside the edge, and the kit for the host. The screenshot is the issue's.
// tauri-driver's WebKitWebDriver: Linux only.
#![cfg(target_os = "linux")]

use site_doctor_tests::e2e::{AppWindow, SHORT, WAIT, display_or_skip, no_raw_data, shot};
use site_doctor_tests::http::{Behavior, FakeHttp};

/// A site whose Cloudflare-like front fails: its branded 502 with a ray id.
fn edge_502() -> Behavior {
    Behavior::Respond {
        status: 502,
        headers: vec![("server".into(), "cloudflare".into()), ("cf-ray".into(), "8c1e2f3a4b5c6d7e-AMS".into())],
        body: "<!DOCTYPE html><html><head><title>127.0.0.1 | 502: Bad gateway</title></head><body>\
               <p>Cloudflare Ray ID: <strong>8c1e2f3a4b5c6d7e</strong> &bull; Performance &amp; security by \
               Cloudflare</p></body></html>"
            .into(),
    }
}

/// Sets a text field as typing would (Svelte's `bind:value` listens for `input`).
fn fill(w: &AppWindow, id: &str, value: &str) {
    w.session.execute(&format!(
        "const e = document.getElementById({id:?}); e.value = {value:?}; \
         e.dispatchEvent(new Event('input', {{bubbles: true}})); return true;"
    ));
}

#[test]
fn the_owner_sees_which_pages_fail_and_that_the_origin_answers_directly() {
    if !display_or_skip() {
        return;
    }
    let edge = FakeHttp::start(Behavior::WithConnectivity(Box::new(edge_502())));
    let origin = FakeHttp::start(Behavior::Respond {
        status: 200,
        headers: vec![("server".into(), "nginx".into())],
        body: "<h1>shop</h1>".into(),
    });
    let w = AppWindow::open("e2e-owner", &edge.url("/generate_204"), &[]);
    w.check(&edge.url("/"));
    w.session.click_when_ready("details.owner > summary", SHORT);
    fill(&w, "owner-paths", "/ /api/health");
    let origin_addr = origin.url("/").trim_start_matches("http://").trim_end_matches('/').to_owned();
    fill(&w, "owner-origin", &origin_addr);
    w.session.click_when_ready("#owner-run", SHORT);
    let kit = w.session.wait_for("#owner-kit", WAIT);
    let text = w.session.text(&w.session.wait_for("#owner", SHORT));
    assert!(text.contains("/api/health: all 6 requests failed."), "{text}");
    assert!(text.contains("Your server answers 200 directly; the Cloudflare edge answers 502."), "{text}");
    let kit_text = w.session.text(&kit);
    assert!(kit_text.contains("cf-ray: 8c1e2f3a4b5c6d7e-AMS"), "{kit_text}");
    assert!(kit_text.contains("127.0.0.1 | 502: Bad gateway"), "the error page's words: {kit_text}");
    no_raw_data(&w.session, "#owner-routes");
    w.session.execute("document.getElementById('owner').scrollIntoView({block: 'start'}); return true;");
    shot(&w.session, "owner-mode");
    w.session.execute("document.getElementById('owner-kit').scrollIntoView({block: 'center'}); return true;");
    shot(&w.session, "owner-mode-kit");
}

/// The CDN's own status page reports an incident where the site is served: the answer says so
/// under the chain, in the user's words, beside a verdict it does not change.
#[test]
fn the_cdns_status_page_reporting_trouble_here_shows_under_the_chain() {
    use site_doctor_tests::app::{self, Endpoints, Extra};
    use site_doctor_tests::vantage::{FakeVantage, Mode};
    if !display_or_skip() {
        return;
    }
    let edge = FakeHttp::start(Behavior::WithConnectivity(Box::new(edge_502())));
    let started = time::OffsetDateTime::now_utc() - time::Duration::minutes(7);
    let started = started.format(&time::format_description::well_known::Rfc3339).unwrap_or_default();
    let page = FakeHttp::start(Behavior::Respond {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: serde_json::json!({
            "page": {"url": "http://status.cdn.test"},
            "status": {"indicator": "major", "description": "Partial System Outage"},
            "components": [{"name": "Amsterdam, Netherlands - (AMS)", "status": "partial_outage"}],
            "incidents": [{"name": "Elevated 502 errors in Amsterdam", "status": "identified", "impact": "major",
                "created_at": started, "components": [{"name": "Amsterdam, Netherlands - (AMS)"}]}],
        })
        .to_string(),
    });
    let vantage = FakeVantage::start(Mode::Probes(Some(502)));
    // Apart from the window's own scratch folder, which opening the window starts afresh.
    let dir = app::scratch("e2e-status-page-config");
    let config = app::write_config_with(
        &dir,
        &Endpoints { probes: vec![edge.url("/generate_204")], ..Endpoints::default() },
        &Extra { vantage: Some(vantage.url()), status: Some(page.url("/")), ..Extra::default() },
    );
    let w = AppWindow::open("e2e-status-page", &edge.url("/generate_204"), &[("SITE_DOCTOR_CONFIG", &config)]);
    let input = w.session.wait_for("#site-input", SHORT);
    w.session.type_into(&input, &edge.url("/"));
    w.session.click_when_ready("#check-button", SHORT);
    let consent = w.session.wait_for("#vantage-consent", SHORT);
    assert!(w.session.text(&consent).contains("status page"), "the question says status pages are read too");
    w.session.click_when_ready("#vantage-allow", SHORT);
    w.session.wait_for("#result", WAIT);
    let line = w.session.text(&w.session.wait_for("#chain-status", SHORT));
    assert!(line.starts_with("Cloudflare reports trouble in Amsterdam, Netherlands since "), "{line}");
    assert!(line.ends_with(": “Elevated 502 errors in Amsterdam”."), "{line}");
    let result = w.session.text(&w.session.wait_for("#result", SHORT));
    assert!(result.contains("down for everyone"), "the verdict is the run's own: {result}");
    shot(&w.session, "status-page-trouble");
}
