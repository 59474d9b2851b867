//! `lab-server globalping` and `lab-server checkhost`: stand-ins for the two "is it down for
//! everyone?" services, speaking their real APIs' shapes. They really fetch the site from their
//! own namespace (through the public resolver stand-in), so they tell the truth about the site as
//! seen from elsewhere on the lab network.
//!
//! ```text
//! lab-server globalping --listen 203.0.113.100:80 --resolver 203.0.113.1:53 --ca ca.pem [--mode ok|silent|429|then-429|then-500|then-garbage|then-silent]
//! lab-server checkhost  --listen 203.0.113.101:80 --resolver 203.0.113.1:53 --ca ca.pem [--mode ok|silent|429|then-…]
//! ```

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use serde_json::{Value, json};

use super::fetch::{self, Failure, Fetched, Limits, Target};
use super::wire::{self, Reply, Request, Response};
use super::{Args, ready};

/// Where the stand-in's "probes" are, for the `probe`/`nodes` fields: continent, region, country,
/// city, ASN (documentation range), network; check-host node name.
const PLACES: [(&str, &str, &str, &str, u32, &str, &str); 3] = [
    ("NA", "Northern America", "US", "Los Angeles", 64500, "Lab Transit West", "us1.node.check-host.net"),
    ("EU", "Western Europe", "DE", "Frankfurt", 64501, "Lab Carrier Europe", "de1.node.check-host.net"),
    ("AS", "Eastern Asia", "JP", "Tokyo", 64502, "Lab Net Asia", "jp1.node.check-host.net"),
];
/// Jobs kept in memory at most (a run makes a handful).
const MAX_JOBS: usize = 500;

/// Which API the stand-in speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Api {
    Globalping,
    CheckHost,
}

/// One measurement / check: what was asked, and a slot per probe filled when its fetch ends.
struct Job {
    created: String,
    echo: Value,
    slots: Vec<Option<Value>>,
}

struct State {
    api: Api,
    me: SocketAddr,
    resolver: SocketAddr,
    roots: Arc<rustls::RootCertStore>,
    jobs: Mutex<HashMap<String, Job>>,
    counter: AtomicU64,
}

/// Runs the Globalping stand-in.
pub async fn run_globalping(args: &Args) -> Result<(), String> {
    run(args, Api::Globalping).await
}

/// Runs the check-host.net stand-in.
pub async fn run_checkhost(args: &Args) -> Result<(), String> {
    run(args, Api::CheckHost).await
}

async fn run(args: &Args, api: Api) -> Result<(), String> {
    let me: SocketAddr = args.require("--listen")?.parse().map_err(|e| format!("--listen: {e}"))?;
    let resolver = args.require("--resolver")?.parse().map_err(|e| format!("--resolver: {e}"))?;
    let roots = fetch::roots(args.require("--ca")?.as_ref())?;
    let mode = args.get("--mode").unwrap_or("ok").to_owned();
    let bound = wire::bind(&[me], &[], None).await.map_err(|e| format!("bind {me}: {e}"))?;
    ready();
    let state =
        Arc::new(State { api, me, resolver, roots, jobs: Mutex::new(HashMap::new()), counter: AtomicU64::new(1) });
    let asked = Arc::new(AtomicU64::new(0));
    let h = wire::handler(move |req: Request| {
        let (state, mode) = (state.clone(), mode.clone());
        let nth = asked.fetch_add(1, Ordering::Relaxed);
        async move {
            match mode.as_str() {
                "silent" => Reply::Hang,
                "429" => Reply::Now(too_many(api)),
                // A service that goes wrong mid-run: the first request (the measurement is made)
                // is answered, every later one (the polls) is not.
                "then-429" | "then-500" | "then-garbage" | "then-silent" if nth > 0 => match mode.as_str() {
                    "then-429" => Reply::Now(too_many(api)),
                    "then-500" => Reply::Now(Response::new(500, "text/html", "<h1>500 Internal Server Error</h1>")),
                    "then-garbage" => Reply::Now(Response::new(200, "application/json", "{\"results\": [tru")),
                    _ => Reply::Hang,
                },
                _ => Reply::Now(match api {
                    Api::Globalping => globalping(&state, &req),
                    Api::CheckHost => checkhost(&state, &req),
                }),
            }
        }
    });
    wire::serve(bound, h).await;
    Ok(())
}

fn too_many(api: Api) -> Response {
    match api {
        Api::Globalping => Response::json(
            429,
            &json!({"error": {"type": "rate_limit_exceeded", "message": "Too many requests. Please retry in 58 seconds."}}),
        )
        .with("retry-after", "58")
        .with("x-ratelimit-limit", "250")
        .with("x-ratelimit-remaining", "0")
        .with("x-ratelimit-reset", "58"),
        Api::CheckHost => Response::new(429, "text/html", "<html><body><h1>429 Too Many Requests</h1></body></html>")
            .with("retry-after", "60"),
    }
}

fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc().format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

impl State {
    fn new_id(&self) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0);
        format!("{:x}{n:04x}", t & 0xffff_ffff_ffff)
    }

    /// Registers a job and starts one real fetch per probe; each fills its slot when done.
    fn start(self: &Arc<Self>, target: Target, probes: usize, echo: Value) -> String {
        let id = self.new_id();
        if let Ok(mut jobs) = self.jobs.lock() {
            if jobs.len() >= MAX_JOBS {
                jobs.clear();
            }
            jobs.insert(id.clone(), Job { created: now_rfc3339(), echo, slots: vec![None; probes] });
        }
        for slot in 0..probes {
            let (state, target, id) = (self.clone(), target.clone(), id.clone());
            tokio::spawn(async move {
                let outcome = state.fetch(&target).await;
                let value = match state.api {
                    Api::Globalping => gp_result(&target, &outcome),
                    Api::CheckHost => ch_result(&outcome),
                };
                eprintln!("job {id} probe {slot}: {value}");
                if let Ok(mut jobs) = state.jobs.lock()
                    && let Some(job) = jobs.get_mut(&id)
                {
                    job.slots[slot] = Some(value);
                }
            });
        }
        id
    }

    async fn fetch(&self, target: &Target) -> Outcome {
        let start = Instant::now();
        let ip = match target.host.parse::<IpAddr>() {
            Ok(ip) => ip,
            Err(_) => match fetch::resolve_a(self.resolver, &target.host).await {
                Ok(ips) => ips[0],
                Err(e) => return Outcome { ip: None, dns_ms: 0, result: Err(Failure::Dns(e)), secs: secs(start) },
            },
        };
        let dns_ms = u64::try_from(start.elapsed().as_millis()).unwrap_or(0);
        // Globalping's probes fetch despite certificate problems and report them; check-host fails.
        let strict = self.api == Api::CheckHost;
        let ua = if strict { "check-host.net" } else { "globalping probe (https://github.com/jsdelivr/globalping)" };
        let result = fetch::get(target, ip, &self.roots, Limits::default(), ua, strict).await;
        Outcome { ip: Some(ip), dns_ms, result, secs: secs(start) }
    }

    /// The job's echo, creation time and slots, if it exists.
    fn snapshot(&self, id: &str) -> Option<(Value, String, Vec<Option<Value>>)> {
        let jobs = self.jobs.lock().ok()?;
        jobs.get(id).map(|j| (j.echo.clone(), j.created.clone(), j.slots.clone()))
    }
}

struct Outcome {
    ip: Option<IpAddr>,
    dns_ms: u64,
    result: Result<Fetched, Failure>,
    secs: f64,
}

fn secs(start: Instant) -> f64 {
    (start.elapsed().as_secs_f64() * 1000.0).round() / 1000.0
}

fn gp_error(message: &str, kind: &str, status: u16) -> Response {
    Response::json(status, &json!({"error": {"type": kind, "message": message}}))
}

/// `POST /v1/measurements` and `GET /v1/measurements/{id}`.
fn globalping(state: &Arc<State>, req: &Request) -> Response {
    let path = req.path();
    if req.method == "POST" && path.trim_end_matches('/') == "/v1/measurements" {
        let Ok(body) = serde_json::from_slice::<Value>(&req.body) else {
            return gp_error("Invalid JSON body.", "invalid_request", 400);
        };
        let invalid = |field: &str, why: &str| {
            Response::json(
                400,
                &json!({"error": {"type": "validation_error", "message": "Parameter validation failed.",
                    "params": {field: why}}}),
            )
        };
        if body["type"] != "http" {
            return invalid("type", "\"type\" must be one of [ping, traceroute, dns, mtr, http] (this stand-in: http)");
        }
        let host = body["target"].as_str().unwrap_or("").trim().to_owned();
        if host.is_empty() || host.contains('/') || (host.contains(':') && host.parse::<IpAddr>().is_err()) {
            return invalid("target", "\"target\" must be a valid hostname or IP address (no scheme, no path)");
        }
        let mo = &body["measurementOptions"];
        let protocol = mo["protocol"].as_str().unwrap_or("HTTPS").to_ascii_uppercase();
        let https = protocol != "HTTP";
        let port = mo["port"].as_u64().and_then(|p| u16::try_from(p).ok()).unwrap_or(if https { 443 } else { 80 });
        let mut p = mo["request"]["path"].as_str().unwrap_or("/").to_owned();
        if let Some(q) = mo["request"]["query"].as_str().filter(|q| !q.is_empty()) {
            p = format!("{p}?{q}");
        }
        let limit = body["limit"].as_u64().unwrap_or(1).clamp(1, PLACES.len() as u64) as usize;
        let target = Target { https, host, port, path: p };
        let id = state.start(target, limit, body.clone());
        let location = format!("http://{}/v1/measurements/{id}", state.me);
        return Response::json(202, &json!({"id": id, "probesCount": limit})).with("location", location);
    }
    if req.method == "GET"
        && let Some(id) = path.strip_prefix("/v1/measurements/")
    {
        let Some((echo, created, slots)) = state.snapshot(id.trim_end_matches('/')) else {
            return gp_error("Couldn't find the requested measurement.", "not_found", 404);
        };
        let done = slots.iter().all(Option::is_some);
        let results: Vec<Value> = slots
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let (continent, region, country, city, asn, network, _) = PLACES[i];
                json!({
                    "probe": {"continent": continent, "region": region, "country": country, "state": null,
                        "city": city, "asn": asn, "longitude": 0.0, "latitude": 0.0, "network": network,
                        "tags": [], "resolvers": [state.resolver.ip().to_string()]},
                    "result": s.clone().unwrap_or_else(|| json!({"status": "in-progress", "rawOutput": ""})),
                })
            })
            .collect();
        return Response::json(
            200,
            &json!({
                "id": id, "type": "http", "status": if done { "finished" } else { "in-progress" },
                "createdAt": created, "updatedAt": now_rfc3339(), "target": echo["target"],
                "probesCount": slots.len(), "locations": echo.get("locations").cloned().unwrap_or(json!([])),
                "limit": echo.get("limit").cloned().unwrap_or(json!(1)),
                "measurementOptions": echo.get("measurementOptions").cloned().unwrap_or(json!({})),
                "results": results,
            }),
        );
    }
    gp_error("Route not found.", "not_found", 404)
}

/// One Globalping `result` object, finished or failed.
fn gp_result(target: &Target, o: &Outcome) -> Value {
    let addr = o.ip.map(|ip| ip.to_string());
    match &o.result {
        Ok(f) => {
            let raw_headers: String = f.headers.iter().map(|(k, v)| format!("{k}: {v}\n")).collect();
            let body = String::from_utf8_lossy(&f.body);
            let truncated = body.chars().count() > 10_000;
            let raw_body: String = body.chars().take(10_000).collect();
            let headers: serde_json::Map<String, Value> =
                f.headers.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect();
            let tls = target.https.then(|| match &f.cert_problem {
                None => json!({"authorized": true, "protocol": "TLSv1.3"}),
                Some(p) => json!({"authorized": false, "error": node_cert_code(p), "protocol": "TLSv1.3"}),
            });
            json!({
                "status": "finished", "resolvedAddress": addr, "headers": headers,
                "rawHeaders": raw_headers.trim_end(), "rawBody": raw_body, "truncated": truncated,
                "rawOutput": format!("HTTP/1.1 {}\n{}\n\n{}", f.status, raw_headers.trim_end(), raw_body),
                "statusCode": f.status, "statusCodeName": wire::reason(f.status),
                "timings": {"total": f.timings.total + o.dns_ms, "dns": o.dns_ms, "tcp": f.timings.tcp,
                    "tls": target.https.then_some(f.timings.tls), "firstByte": f.timings.first_byte,
                    "download": f.timings.download},
                "tls": tls,
            })
        }
        Err(e) => {
            let at = format!("{}:{}", addr.as_deref().unwrap_or("?"), target.port);
            let raw = match e {
                Failure::Dns(_) => format!("getaddrinfo ENOTFOUND {}", target.host),
                Failure::Refused => format!("connect ECONNREFUSED {at}"),
                Failure::ConnectTimeout => format!("connect ETIMEDOUT {at}"),
                Failure::Unreachable => format!("connect EHOSTUNREACH {at}"),
                Failure::FirstByteTimeout => "Timeout awaiting 'response' for 10000ms".into(),
                Failure::CertExpired => "certificate has expired".into(),
                Failure::Tls(m) | Failure::Protocol(m) => m.clone(),
            };
            json!({
                "status": "failed", "resolvedAddress": addr, "headers": {}, "rawHeaders": null, "rawBody": null,
                "rawOutput": raw, "truncated": false, "statusCode": null, "statusCodeName": null,
                "timings": {"total": null, "dns": null, "tcp": null, "tls": null, "firstByte": null, "download": null},
                "tls": null,
            })
        }
    }
}

/// Node.js's names for certificate errors, as Globalping's probes report them.
fn node_cert_code(f: &Failure) -> &'static str {
    match f {
        Failure::CertExpired => "CERT_HAS_EXPIRED",
        Failure::Tls(m) if m.contains("NotValidForName") => "ERR_TLS_CERT_ALTNAME_INVALID",
        _ => "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    }
}

/// `GET /check-http?host=..&max_nodes=N` and `GET /check-result/{id}` (JSON only with `Accept`).
fn checkhost(state: &Arc<State>, req: &Request) -> Response {
    let wants_json = req.header("accept").is_some_and(|a| a.contains("application/json"));
    if !wants_json {
        // The real site answers browsers with its HTML pages; the API needs the Accept header.
        return Response::new(
            200,
            "text/html; charset=utf-8",
            "<html><title>Check host</title><body>HTML</body></html>",
        );
    }
    let path = req.path();
    if path.trim_end_matches('/') == "/check-http" {
        let Some(target) = req.query("host").as_deref().and_then(Target::parse) else {
            return Response::json(200, &json!({"error": "host is invalid"}));
        };
        let n = req.query("max_nodes").and_then(|n| n.parse::<usize>().ok()).unwrap_or(PLACES.len());
        let n = n.clamp(1, PLACES.len());
        let id = state.start(target, n, json!({}));
        let ip = state.me.ip().to_string();
        let nodes: serde_json::Map<String, Value> = PLACES[..n]
            .iter()
            .map(|(_, _, cc, city, asn, _, node)| {
                let country = match *cc {
                    "US" => "USA",
                    "DE" => "Germany",
                    _ => "Japan",
                };
                (node.to_string(), json!([cc.to_ascii_lowercase(), country, city, ip, format!("AS{asn}")]))
            })
            .collect();
        let link = format!("http://{}/check-report/{id}", state.me);
        return Response::json(200, &json!({"ok": 1, "request_id": id, "permanent_link": link, "nodes": nodes}));
    }
    if let Some(id) = path.strip_prefix("/check-result/") {
        let Some((_, _, slots)) = state.snapshot(id.trim_end_matches('/')) else {
            return Response::json(404, &json!({"error": "not_found"}));
        };
        let out: serde_json::Map<String, Value> =
            slots.iter().enumerate().map(|(i, s)| (PLACES[i].6.to_owned(), s.clone().unwrap_or(Value::Null))).collect();
        return Response::json(200, &Value::Object(out));
    }
    Response::json(404, &json!({"error": "not_found"}))
}

/// One node's check-http result: `[[ok, seconds, message, code, ip]]`.
fn ch_result(o: &Outcome) -> Value {
    let ip = o.ip.map(|ip| ip.to_string());
    match &o.result {
        Ok(f) => json!([[u8::from(f.status < 400), o.secs, f.reason, f.status.to_string(), ip]]),
        Err(e) => {
            let msg = match e {
                Failure::Dns(_) => "Unknown host".to_owned(),
                Failure::Refused => "Connection refused".into(),
                Failure::ConnectTimeout | Failure::FirstByteTimeout => "Connection timed out".into(),
                Failure::Unreachable => "No route to host".into(),
                Failure::CertExpired => "SSL certificate problem: certificate has expired".into(),
                Failure::Tls(m) => format!("SSL error: {m}"),
                Failure::Protocol(m) => m.clone(),
            };
            json!([[0, o.secs, msg, null, null]])
        }
    }
}
