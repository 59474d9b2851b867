//! check-host.net: `GET /check-http?host=<url>&max_nodes=N` (JSON with `Accept: application/json`),
//! then `GET /check-result/<request_id>` until every node has answered or the deadline comes.

use std::time::Duration;

use serde_json::Value;
use tokio::time::Instant as TokioInstant;

use super::{PROBES, endpoint, send_json};
use crate::finding::{ErrorClass, VantagePoint};
use crate::probe::Failure;
use crate::target::Target;

/// Nodes take a second or more; polling faster only adds load on a free service. The first look
/// comes sooner: a site that answers at once (or refuses at once) is often done by then.
const POLL_AFTER: Duration = Duration::from_millis(1000);
/// The first look, after the request.
const FIRST_POLL_AFTER: Duration = Duration::from_millis(500);
/// Upper bound on polls, whatever the deadline.
const MAX_POLLS: u32 = 30;

/// Asks check-host.net to load the target.
pub(crate) async fn ask(
    client: &reqwest::Client,
    base: &url::Url,
    target: &Target,
    deadline: TokioInstant,
) -> Result<Vec<VantagePoint>, Failure> {
    let start = endpoint(base, "/check-http")?;
    let req = client
        .get(start)
        .header(reqwest::header::ACCEPT, "application/json")
        .query(&[("host", target.url.as_str()), ("max_nodes", &PROBES.to_string())]);
    let (status, created) = send_json(req, deadline).await?;
    let id = created["request_id"]
        .as_str()
        .filter(|id| !id.is_empty() && id.len() < 100 && id.chars().all(|c| c.is_ascii_alphanumeric()));
    let (Some(id), Some(1)) = (id, created["ok"].as_u64()) else {
        let why = created["error"].as_str().unwrap_or("no request id in the answer");
        let why: String = why.chars().take(200).collect();
        return Err(Failure::new(ErrorClass::HttpProtocol, why).with_status(status));
    };
    let nodes = created["nodes"].clone();
    let poll = endpoint(base, &format!("/check-result/{id}"))?;
    let mut last = Value::Null;
    for n in 0..MAX_POLLS {
        let wait = if n == 0 { FIRST_POLL_AFTER } else { POLL_AFTER };
        tokio::time::sleep_until((TokioInstant::now() + wait).min(deadline)).await;
        if TokioInstant::now() >= deadline {
            break;
        }
        let (_, r) =
            send_json(client.get(poll.clone()).header(reqwest::header::ACCEPT, "application/json"), deadline).await?;
        let all_done = r.as_object().is_some_and(|m| !m.is_empty() && m.values().all(|v| !v.is_null()));
        last = r;
        if all_done {
            break;
        }
    }
    Ok(points(&nodes, &last))
}

/// Each node's answer: `[[ok, seconds, message, "code" | null, ip | null]]`; `null` while pending.
pub(crate) fn points(nodes: &Value, results: &Value) -> Vec<VantagePoint> {
    let Some(map) = results.as_object() else { return Vec::new() };
    map.iter()
        .take(50)
        .filter_map(|(node, value)| {
            let row = value.as_array()?.first()?.as_array()?;
            let ok = row.first().and_then(Value::as_u64) == Some(1);
            let seconds = row.get(1).and_then(Value::as_f64);
            let message = row.get(2).and_then(Value::as_str).unwrap_or_default();
            let status_code = row.get(3).and_then(|c| {
                c.as_str().and_then(|s| s.parse().ok()).or_else(|| c.as_u64().and_then(|n| u16::try_from(n).ok()))
            });
            let info = &nodes[node];
            let place: Vec<&str> = [info.get(2), info.get(1)].into_iter().flatten().filter_map(Value::as_str).collect();
            Some(VantagePoint {
                location: if place.is_empty() { node.clone() } else { place.join(", ") },
                status_code,
                error: (!ok || status_code.is_none()).then(|| message.chars().take(200).collect()),
                address: row.get(4).and_then(Value::as_str).map(str::to_owned),
                total_ms: seconds.map(|s| (s * 1000.0).round() as u64),
                tls_authorized: None,
                tls_fingerprint: None,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn node_rows_become_points() {
        let nodes = json!({"de1.node.check-host.net": ["de", "Germany", "Frankfurt", "203.0.113.1", "AS1"], "us1.node.check-host.net": ["us", "USA", "Dallas", "203.0.113.2", "AS2"]});
        let results = json!({
            "de1.node.check-host.net": [[1, 0.13, "OK", "200", "198.51.100.80"]],
            "us1.node.check-host.net": [[0, 5.0, "Connection timed out", null, null]],
            "jp1.node.check-host.net": null
        });
        let p = points(&nodes, &results);
        assert_eq!(p.len(), 2);
        let de = p.iter().find(|p| p.location == "Frankfurt, Germany").expect("de");
        assert_eq!((de.status_code, de.total_ms, de.error.as_deref()), (Some(200), Some(130), None));
        let us = p.iter().find(|p| p.location == "Dallas, USA").expect("us");
        assert_eq!((us.status_code, us.error.as_deref()), (None, Some("Connection timed out")));
    }

    #[test]
    fn garbage_gives_no_points() {
        assert!(points(&Value::Null, &json!([1, 2])).is_empty());
        assert!(points(&Value::Null, &json!({"x": [["bad"]]})).iter().all(|p| !p.loaded()));
    }
}
