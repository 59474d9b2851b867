//! Globalping REST API v1: `POST /v1/measurements` (an `http` measurement from a few probes), then
//! `GET /v1/measurements/{id}` until it is no longer `in-progress`, waiting at least 500 ms after
//! each answer as the API's client guidelines ask.

use std::time::Duration;

use serde_json::{Value, json};
use tokio::time::Instant as TokioInstant;

use super::{PROBES, endpoint, send_json};
use crate::finding::{ErrorClass, VantagePoint};
use crate::probe::Failure;
use crate::target::Target;

/// The guidelines' floor: poll again 500 ms after each answer, and no sooner. Waiting longer only
/// delays the answer (a measurement ends when its last probe does, not on our schedule).
const POLL_AFTER: Duration = Duration::from_millis(500);
/// Upper bound on polls, whatever the deadline.
const MAX_POLLS: u32 = 40;

/// The measurement request for the target. The API's HTTP options (`request`, `resolver`, `port`,
/// `protocol`, `ipVersion`) have no per-probe timeout, and it rejects unknown fields: each probe
/// gives up on the site by its own fixed limit (10 s in the probe's code), which fits within the
/// default 15 s deadline, so an unreachable site is reported as such when we poll promptly.
pub(crate) fn request_body(target: &Target) -> Value {
    let protocol = if target.is_https() { "HTTPS" } else { "HTTP" };
    let mut request = json!({"method": "GET", "path": target.url.path()});
    if let Some(q) = target.url.query() {
        request["query"] = json!(q);
    }
    json!({
        "type": "http",
        "target": target.host_str(),
        "limit": PROBES,
        "measurementOptions": {"protocol": protocol, "port": target.port, "request": request},
    })
}

/// Asks Globalping to load the target.
pub(crate) async fn ask(
    client: &reqwest::Client,
    base: &url::Url,
    target: &Target,
    deadline: TokioInstant,
) -> Result<Vec<VantagePoint>, Failure> {
    let create = endpoint(base, "/v1/measurements")?;
    let (status, created) = send_json(client.post(create).json(&request_body(target)), deadline).await?;
    let id = created["id"].as_str().filter(|id| {
        !id.is_empty() && id.len() < 100 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    });
    let Some(id) = id else {
        return Err(Failure::new(ErrorClass::HttpProtocol, "no measurement id in the answer").with_status(status));
    };
    let poll = endpoint(base, &format!("/v1/measurements/{id}"))?;
    let mut last = Value::Null;
    for _ in 0..MAX_POLLS {
        tokio::time::sleep_until((TokioInstant::now() + POLL_AFTER).min(deadline)).await;
        if TokioInstant::now() >= deadline {
            break;
        }
        let (_, m) = send_json(client.get(poll.clone()), deadline).await?;
        let done = m["status"].as_str() != Some("in-progress");
        last = m;
        if done {
            break;
        }
    }
    Ok(points(&last))
}

/// The finished (or failed) probe results of a measurement; in-progress ones are left out.
pub(crate) fn points(measurement: &Value) -> Vec<VantagePoint> {
    let Some(results) = measurement["results"].as_array() else { return Vec::new() };
    results
        .iter()
        .take(50)
        .filter_map(|item| {
            let (probe, result) = (&item["probe"], &item["result"]);
            let state = result["status"].as_str()?;
            if state == "in-progress" {
                return None;
            }
            let place: Vec<String> = [&probe["city"], &probe["country"]]
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .chain(probe["asn"].as_u64().map(|a| format!("AS{a}")))
                .collect();
            let status_code = result["statusCode"].as_u64().and_then(|c| u16::try_from(c).ok());
            let error = (status_code.is_none()).then(|| first_line(result["rawOutput"].as_str().unwrap_or(state)));
            Some(VantagePoint {
                location: if place.is_empty() { "Globalping probe".into() } else { place.join(", ") },
                status_code,
                error,
                address: result["resolvedAddress"].as_str().map(str::to_owned),
                total_ms: result["timings"]["total"].as_u64(),
                tls_authorized: result["tls"]["authorized"].as_bool(),
                tls_fingerprint: result["tls"]["fingerprint256"].as_str().map(str::to_owned),
            })
        })
        .collect()
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or_default().chars().take(200).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_names_host_protocol_port_and_path() {
        let t = Target::parse("https://shop.example.com:8443/cart?id=1").expect("valid");
        let body = request_body(&t);
        assert_eq!(body["type"], "http");
        assert_eq!(body["target"], "shop.example.com");
        assert_eq!(body["measurementOptions"]["protocol"], "HTTPS");
        assert_eq!(body["measurementOptions"]["port"], 8443);
        assert_eq!(body["measurementOptions"]["request"]["path"], "/cart");
        assert_eq!(body["measurementOptions"]["request"]["query"], "id=1");
    }

    #[test]
    fn results_become_points() {
        let m = json!({"id": "x", "status": "finished", "results": [
            {"probe": {"city": "Frankfurt", "country": "DE", "asn": 3320},
             "result": {"status": "finished", "statusCode": 502, "resolvedAddress": "198.51.100.80",
                        "timings": {"total": 120}, "tls": {"authorized": true, "fingerprint256": "AA:BB"}}},
            {"probe": {"city": "Tokyo", "country": "JP"}, "result": {"status": "failed", "rawOutput": "connect ETIMEDOUT 198.51.100.80:443\nmore"}},
            {"probe": {}, "result": {"status": "in-progress"}}
        ]});
        let p = points(&m);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].location, "Frankfurt, DE, AS3320");
        assert_eq!((p[0].status_code, p[0].tls_authorized), (Some(502), Some(true)));
        assert!(!p[0].loaded());
        assert_eq!(p[1].error.as_deref(), Some("connect ETIMEDOUT 198.51.100.80:443"));
    }

    #[test]
    fn garbage_gives_no_points() {
        assert!(points(&json!({"results": "nope"})).is_empty());
        assert!(points(&Value::Null).is_empty());
    }
}
