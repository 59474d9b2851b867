//! `lab-server statuspage`: a stand-in for a provider's Atlassian Statuspage, speaking the real
//! API's shapes (`/api/v2/summary.json`, `/api/v2/incidents/unresolved.json`), with every
//! component operational or one open incident at one location.
//!
//! ```text
//! lab-server statuspage --listen 203.0.113.100:81 [--incident "Elevated 502 errors in Amsterdam"]
//!                       [--location "Amsterdam, Netherlands - (AMS)"] [--minutes-ago 7] [--mode ok|silent|500]
//! ```

use std::net::SocketAddr;

use serde_json::{Value, json};

use super::wire::{self, Reply, Request, Response};
use super::{Args, ready};

/// The locations the stand-in lists (Cloudflare names its data centres this way).
const LOCATIONS: [&str; 3] = ["Amsterdam, Netherlands - (AMS)", "Frankfurt, Germany - (FRA)", "Tokyo, Japan - (NRT)"];

/// What the page says.
#[derive(Debug, Clone)]
struct Page {
    incident: Option<String>,
    location: String,
    started: String,
}

/// Runs the stand-in until the process ends.
pub async fn run_statuspage(args: &Args) -> Result<(), String> {
    let me: SocketAddr = args.require("--listen")?.parse().map_err(|e| format!("--listen: {e}"))?;
    let minutes: i64 = args.get("--minutes-ago").unwrap_or("7").parse().map_err(|e| format!("--minutes-ago: {e}"))?;
    let started = time::OffsetDateTime::now_utc() - time::Duration::minutes(minutes);
    let page = Page {
        incident: args.get("--incident").filter(|s| !s.is_empty()).map(str::to_owned),
        location: args.get("--location").unwrap_or(LOCATIONS[0]).to_owned(),
        started: started.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
    };
    let mode = args.get("--mode").unwrap_or("ok").to_owned();
    let bound = wire::bind(&[me], &[], None).await.map_err(|e| format!("bind {me}: {e}"))?;
    ready();
    let h = wire::handler(move |req: Request| {
        let (page, mode) = (page.clone(), mode.clone());
        async move {
            match mode.as_str() {
                "silent" => Reply::Hang,
                "500" => Reply::Now(Response::new(500, "text/html", "<h1>500</h1>")),
                _ => Reply::Now(answer(&page, &req.path())),
            }
        }
    });
    wire::serve(bound, h).await;
    Ok(())
}

/// The API's answer for `path`.
fn answer(page: &Page, path: &str) -> Response {
    let path = path.split('?').next().unwrap_or_default();
    match path {
        "/api/v2/summary.json" => Response::json(200, &summary(page)),
        "/api/v2/incidents/unresolved.json" => {
            Response::json(200, &json!({"page": meta(), "incidents": incidents(page)}))
        }
        _ => Response::json(404, &json!({"error": "not found"})),
    }
}

fn meta() -> Value {
    json!({"id": "lab0status", "name": "Lab CDN", "url": "http://status.lab.test", "time_zone": "Etc/UTC"})
}

fn incidents(page: &Page) -> Vec<Value> {
    let Some(name) = &page.incident else { return Vec::new() };
    vec![json!({
        "id": "lab0incident1",
        "name": name,
        "status": "identified",
        "impact": "major",
        "created_at": page.started,
        "started_at": page.started,
        "updated_at": page.started,
        "shortlink": "http://status.lab.test/incidents/lab0incident1",
        "components": [{"id": "c-here", "name": page.location, "status": "partial_outage"}],
        "incident_updates": [{"status": "identified", "body": "We are seeing elevated 502 errors at this location."}],
    })]
}

fn summary(page: &Page) -> Value {
    let trouble = page.incident.is_some();
    let components: Vec<Value> = LOCATIONS
        .iter()
        .map(|name| {
            let status = if trouble && *name == page.location { "partial_outage" } else { "operational" };
            json!({"id": name, "name": name, "status": status, "group": false})
        })
        .collect();
    let (indicator, description) =
        if trouble { ("major", "Partial System Outage") } else { ("none", "All Systems Operational") };
    json!({
        "page": meta(),
        "status": {"indicator": indicator, "description": description},
        "components": components,
        "incidents": incidents(page),
        "scheduled_maintenances": [],
    })
}
