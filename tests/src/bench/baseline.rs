//! The technician's baseline: what a person who knows the tools would run by hand from the user's
//! computer to answer "down for everyone, or just me?", written as the shell script they would
//! keep for it. Every step runs at once (`&`, then `wait`): a script is how a technician saves
//! effort, and running the steps side by side is the fastest honest way to do them with these
//! tools, so it is the fair baseline to beat. Done one by one, as a person typing would, the
//! baseline would be the sum of the steps instead (the per-step times are in the run's logs).
//!
//! The steps: `dig` through the system resolver and each public one; `curl -w` to the site over
//! HTTPS (by name, and pinned to the address the public resolver gives) and over plain HTTP on
//! port 80; `curl` to both connectivity URLs; and both places-elsewhere APIs, started and then
//! polled with curl in a bounded loop at the services' polling pace (Globalping 0.5 s, check-host
//! 0.5 s then 1 s), exactly the calls the app makes. Timeouts are a technician's usual ones: 3 s for dig
//! (one try), 5 s to connect and 10 s in all for curl.

use std::fmt::Write as _;
use std::net::Ipv4Addr;

use crate::lab::addr;

/// What the script needs to know about the scenario.
pub struct Target<'a> {
    /// The site's name, as the user typed it.
    pub name: &'a str,
    /// The CA the client trusts (the app gets it as `extra_ca`; curl as `--cacert`).
    pub ca: &'a str,
    /// Where each step's own output goes (`<dir>/<step>.log`).
    pub logs: &'a str,
}

/// The steps by name, in the order they are written to the script.
pub const STEPS: [&str; 11] = [
    "dns_system",
    "dns_public1",
    "dns_public2",
    "https",
    "https_pinned",
    "http80",
    "connectivity1",
    "connectivity2",
    "globalping",
    "check_host",
    "proxy_env",
];

/// The bash script. Each step prints `<step> <ms>` when it ends (wall time, the tool's start-up
/// included), and `<step>+ <ms>` before it when the tool timed its own network work; the whole
/// script prints `total <ms>`.
pub fn script(t: &Target) -> String {
    let [p1, p2] = addr::PUBLIC_DNS;
    let [c1, c2] = addr::CONNECTIVITY;
    let name = t.name;
    let curl = format!("curl -sS -o /dev/null --connect-timeout 5 -m 10 --cacert {} -w '{}'", t.ca, CURL_TIMES);
    let mut s = String::from(PRELUDE);
    let _ = writeln!(s, "LOGS={}", t.logs);
    let dig = |server: Option<Ipv4Addr>| {
        let at = server.map(|a| format!("@{a} ")).unwrap_or_default();
        format!("dig {at}+time=3 +tries=1 {name}")
    };
    let steps: [(&str, String); 11] = [
        ("dns_system", dig(None)),
        ("dns_public1", dig(Some(p1))),
        ("dns_public2", dig(Some(p2))),
        // The site as the user's browser would reach it (the proxy setting left out: see proxy_env).
        ("https", format!("{curl} --noproxy '*' https://{name}/")),
        // The site at the address the public resolver gives, whatever the system resolver says.
        ("https_pinned", format!("{curl} --noproxy '*' --resolve {name}:443:{} https://{name}/", addr::SITE)),
        ("http80", format!("{curl} --noproxy '*' http://{name}/")),
        ("connectivity1", format!("{curl} http://{c1}/generate_204")),
        ("connectivity2", format!("{curl} http://{c2}/hotspot-detect.html")),
        ("globalping", format!("globalping {} {name}", addr::GLOBALPING)),
        ("check_host", format!("check_host {} {name}", addr::CHECK_HOST)),
        // The same HTTPS request through the proxy settings the user's programs get (if any).
        ("proxy_env", format!("{curl} https://{name}/")),
    ];
    for (step, cmd) in steps {
        let _ = writeln!(s, "step {step} {cmd} &");
    }
    s.push_str("wait\necho \"total $(( ($(date +%s%N) - T0) / 1000000 ))\"\n");
    s
}

/// curl's own timings, in the step's log: where the time went.
const CURL_TIMES: &str = "dns %{time_namelookup} connect %{time_connect} tls %{time_appconnect} first_byte %{time_starttransfer} total %{time_total} code %{http_code}\\n";

/// Helpers: a timed step, and the two places-elsewhere API loops (bounded: 30 polls each).
const PRELUDE: &str = r#"#!/bin/bash
T0=$(date +%s%N)
step() {
  local name=$1; shift
  local t=$(date +%s%N)
  "$@" >"$LOGS/$name.log" 2>&1
  local ms=$(( ($(date +%s%N) - t) / 1000000 ))
  # The tool's own network time where it tells one (curl -w, dig's query time): without the
  # process's start-up, it is what a lower bound may count.
  local own=$(sed -n 's/.*total \([0-9.]*\) code.*/\1/p; s/^;; Query time: \([0-9]*\) msec/\1ms/p' "$LOGS/$name.log" | tail -1)
  case "$own" in
    *ms) echo "$name+ ${own%ms}" ;;
    ?*) echo "$name+ $(awk "BEGIN{printf \"%d\", $own * 1000}")" ;;
  esac
  echo "$name $ms"
}
globalping() {
  local api=$1 host=$2 body id r
  body='{"type":"http","target":"'$host'","limit":3,"measurementOptions":{"protocol":"HTTPS","port":443,"request":{"method":"GET","path":"/"}}}'
  r=$(curl -sS -m 5 -X POST -H 'Content-Type: application/json' -d "$body" "http://$api/v1/measurements") || return 1
  id=$(grep -o '"id":"[^"]*"' <<<"$r" | head -1 | cut -d'"' -f4)
  [ -n "$id" ] || return 1
  for _ in $(seq 30); do
    sleep 0.5
    r=$(curl -sS -m 5 "http://$api/v1/measurements/$id") || return 1
    grep -q 'in-progress' <<<"$r" || { echo "$r"; return 0; }
  done
  return 1
}
check_host() {
  local api=$1 host=$2 id r
  r=$(curl -sS -m 5 -H 'Accept: application/json' "http://$api/check-http?host=https://$host/&max_nodes=3") || return 1
  id=$(grep -o '"request_id":"[^"]*"' <<<"$r" | cut -d'"' -f4)
  [ -n "$id" ] || return 1
  local wait=0.5
  for _ in $(seq 30); do
    sleep $wait
    wait=1
    r=$(curl -sS -m 5 -H 'Accept: application/json' "http://$api/check-result/$id") || return 1
    grep -q 'null' <<<"$r" || { echo "$r"; return 0; }
  done
  return 1
}
"#;

/// Reads the script's output: `(step, ms)` pairs, `total` among them.
pub fn parse(out: &str) -> Vec<(String, u64)> {
    out.lines()
        .filter_map(|l| {
            let (k, v) = l.split_once(' ')?;
            Some((k.to_owned(), v.trim().parse().ok()?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_is_in_the_script_and_results_parse() {
        let s = script(&Target { name: "shop.example.test", ca: "/tmp/ca.pem", logs: "/tmp/x" });
        for step in STEPS {
            assert!(s.contains(&format!("step {step} ")), "{step}");
        }
        assert_eq!(parse("https 120\ntotal 300\nnoise\n"), vec![("https".into(), 120), ("total".into(), 300)]);
    }
}
