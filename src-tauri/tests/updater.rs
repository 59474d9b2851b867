//! The update decision against a fake update server on 127.0.0.1: a newer version is offered,
//! the same (or an older) one is ignored, an artifact whose signature does not verify is refused,
//! and a server that is down or answers nonsense is silent (`Quiet`, for the log only).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener};
use std::time::{Duration, SystemTime};

use site_doctor::update::{self, Decision};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/updater");
const PLATFORM: &str = "linux-x86_64";

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{name}")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn text(name: &str) -> String {
    String::from_utf8(fixture(name)).expect("utf-8").trim().to_owned()
}

/// Serves fixed responses by path on 127.0.0.1 (each connection one request, then closed).
fn serve_on(listener: TcpListener, routes: HashMap<&'static str, (u16, Vec<u8>)>) {
    std::thread::spawn(move || {
        for stream in listener.incoming().take(64) {
            let Ok(mut stream) = stream else { continue };
            let mut line = String::new();
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            // Read the headers up to the blank line.
            let mut header = String::new();
            while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                header.clear();
            }
            let path = line.split_whitespace().nth(1).unwrap_or("/");
            let (status, body) = routes.get(path).cloned().unwrap_or((404, b"not found".to_vec()));
            let head = format!("HTTP/1.1 {status} X\r\ncontent-length: {}\r\nconnection: close\r\n\r\n", body.len());
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
}

fn feed(addr: SocketAddr, version: &str, artifact_path: &str) -> Vec<u8> {
    serde_json::json!({
        "version": version,
        "notes": "Faster checks.",
        "pub_date": "2026-12-01T12:00:00Z",
        "platforms": {
            PLATFORM: { "url": format!("http://{addr}{artifact_path}"), "signature": text("artifact.bin.sig") },
            "windows-x86_64": { "url": format!("http://{addr}/other"), "signature": "x" }
        }
    })
    .to_string()
    .into_bytes()
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().timeout(Duration::from_secs(10)).build().expect("client")
}

#[tokio::test]
async fn a_newer_version_is_offered_and_its_signed_artifact_verifies() {
    let addr = fake("0.2.0");
    let decision = update::check(&client(), &format!("http://{addr}/latest.json"), "0.1.0", PLATFORM).await;
    println!("newer: {decision:?}");
    let Decision::Newer(offer) = decision else { panic!("expected an offer, got {decision:?}") };
    assert_eq!(offer.version, "0.2.0");
    assert_eq!(offer.notes.as_deref(), Some("Faster checks."));
    let data = update::download_verified(&client(), &offer, &text("test-key.pub")).await;
    assert_eq!(data.as_deref().ok(), Some(&fixture("artifact.bin")[..]), "{data:?}");
    println!("newer: artifact of {} bytes verified", fixture("artifact.bin").len());
}

#[tokio::test]
async fn the_same_or_an_older_version_is_ignored() {
    for (offered, running) in [("0.1.0", "0.1.0"), ("v0.1.0", "0.1.0"), ("0.0.9", "0.1.0")] {
        let addr = fake(offered);
        let decision = update::check(&client(), &format!("http://{addr}/latest.json"), running, PLATFORM).await;
        println!("offered {offered}, running {running}: {decision:?}");
        assert_eq!(decision, Decision::Current);
    }
}

#[tokio::test]
async fn a_bad_signature_is_refused() {
    let addr = fake("0.2.0");
    // The artifact was changed after signing.
    let Decision::Newer(offer) =
        update::check(&client(), &format!("http://{addr}/tampered.json"), "0.1.0", PLATFORM).await
    else {
        panic!("expected an offer")
    };
    let tampered = update::download_verified(&client(), &offer, &text("test-key.pub")).await;
    println!("tampered artifact: {tampered:?}");
    assert!(tampered.as_ref().is_err_and(|e| e.contains("signature refused")), "{tampered:?}");
    // Signed by a key that is not the app's: the public key in tauri.conf.json refuses it.
    let conf: serde_json::Value =
        serde_json::from_str(include_str!("../tauri.conf.json")).expect("tauri.conf.json parses");
    let app_key = conf["plugins"]["updater"]["pubkey"].as_str().expect("plugins.updater.pubkey");
    let Decision::Newer(offer) =
        update::check(&client(), &format!("http://{addr}/latest.json"), "0.1.0", PLATFORM).await
    else {
        panic!("expected an offer")
    };
    let foreign = update::download_verified(&client(), &offer, app_key).await;
    println!("signed by another key: {foreign:?}");
    assert!(foreign.is_err(), "{foreign:?}");
    // A signature that is not one at all.
    assert!(update::verify(b"data", "bm90IGEgc2lnbmF0dXJl", app_key).is_err());
}

#[tokio::test]
async fn a_server_that_is_down_or_talks_nonsense_is_silent() {
    // A port nobody listens on: bound, then closed.
    let closed = TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr");
    let down = update::check(&client(), &format!("http://{closed}/latest.json"), "0.1.0", PLATFORM).await;
    println!("server down: {down:?}");
    assert!(matches!(down, Decision::Quiet(_)), "{down:?}");
    let addr = fake("0.2.0");
    for path in ["/missing.json", "/garbage.json"] {
        let d = update::check(&client(), &format!("http://{addr}{path}"), "0.1.0", PLATFORM).await;
        println!("{path}: {d:?}");
        assert!(matches!(d, Decision::Quiet(_)), "{d:?}");
    }
    // A newer version without this platform's artifact is not offered either.
    let d = update::check(&client(), &format!("http://{addr}/latest.json"), "0.1.0", "haiku-m68k").await;
    assert!(matches!(d, Decision::Quiet(_)), "{d:?}");
}

#[test]
fn it_checks_at_most_once_a_day() {
    let now = SystemTime::now();
    let hour = Duration::from_secs(3600);
    assert!(update::due(None, now));
    assert!(!update::due(Some(now - hour), now));
    assert!(!update::due(Some(now - 23 * hour), now));
    assert!(update::due(Some(now - 24 * hour), now));
    assert!(update::due(Some(now + hour), now), "a clock set back counts as due");
    let dir = std::env::temp_dir().join(format!("sd-update-stamp-{}", std::process::id()));
    let stamp = dir.join("last-update-check");
    assert_eq!(update::last_check(&stamp), None);
    update::record_check(&stamp, now).expect("record");
    assert!(!update::due(update::last_check(&stamp), now));
    let _ = std::fs::remove_dir_all(dir);
}

/// A fake update server whose feed offers `version`.
fn fake(version: &str) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let mut tampered = fixture("artifact.bin");
    tampered[0] ^= 0x20;
    let routes: HashMap<&'static str, (u16, Vec<u8>)> = HashMap::from([
        ("/latest.json", (200, feed(addr, version, "/artifact.bin"))),
        ("/tampered.json", (200, feed(addr, version, "/tampered.bin"))),
        ("/artifact.bin", (200, fixture("artifact.bin"))),
        ("/tampered.bin", (200, tampered)),
        ("/garbage.json", (200, b"<html>captive portal</html>".to_vec())),
    ]);
    serve_on(listener, routes);
    addr
}
