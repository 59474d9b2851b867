// This file is generated from the Rust types by `cargo test -p site-doctor-engine` (ts-rs). Do not edit.
export type Status = "pass" | "warn" | "fail" | "skipped";
export type Verdict = "up" | "degraded" | "just_you" | "down_for_everyone" | "inconclusive";
export type Culprit = "none" | "origin" | "site_unreachable" | "site_tls" | "site_dns" | "cdn_edge" | "no_network" | "captive_portal" | "dns_resolver" | "dns_hijack" | "dns_blocked" | "dns_stale" | "hosts_file" | "proxy" | "vpn" | "firewall" | "network_path" | "path_mtu" | "tls_interception" | "clock_skew" | "packet_loss" | "slow_network" | "ipv6";
export type Confidence = "confirmed" | "likely" | "unsure";
export type NextStep = "wait_and_retry" | "refresh_page" | "clear_browser_cache" | "flush_dns" | "use_alternate_resolver" | "disable_vpn" | "disable_proxy" | "sign_in_to_network" | "check_connection" | "restart_router" | "try_other_network" | "contact_isp" | "contact_site_owner" | "watch_until_back" | "set_clock_automatically" | "remove_hosts_entry" | "ask_network_admin";
export type ErrorClass = "nxdomain" | "servfail" | "refused" | "timeout" | "no_answer" | "connection_refused" | "connection_reset" | "unreachable" | "tls_expired" | "tls_not_yet_valid" | "tls_name_mismatch" | "tls_untrusted" | "tls_handshake" | "http_protocol" | "too_large" | "not_run" | "other";
export type Phases = { 
/**
 * Name resolution (the fastest resolver that gave this address).
 */
dns_ms?: number, 
/**
 * TCP connect.
 */
connect_ms?: number, 
/**
 * TLS handshake.
 */
tls_ms?: number, 
/**
 * From sending the request to the response head.
 */
first_byte_ms?: number, 
/**
 * From the start of the connection to the end of the body sample.
 */
total_ms?: number, };
export type TlsInfo = { 
/**
 * Negotiated protocol, e.g. `TLSv1_3`.
 */
version?: string, 
/**
 * Issuer distinguished name of the leaf certificate.
 */
issuer?: string, 
/**
 * Subject distinguished name of the leaf certificate.
 */
subject?: string, 
/**
 * DNS names the certificate is valid for.
 */
names: Array<string>, 
/**
 * Expiry, RFC 3339.
 */
not_after?: string, };
export type Detail = { 
/**
 * The failure class when the status is `fail` (sometimes `warn`).
 */
error?: ErrorClass, 
/**
 * Technical text for the help desk (never shown as the main message).
 */
message?: string, 
/**
 * The DNS server asked, as `ip:port`.
 */
server?: string, 
/**
 * Addresses a resolver returned.
 */
answers?: Array<string>, 
/**
 * The address connected to, as `ip:port`.
 */
address?: string, 
/**
 * The URL requested.
 */
url?: string, 
/**
 * HTTP status code received.
 */
status_code?: number, 
/**
 * Per-phase times.
 */
phases?: Phases, 
/**
 * Identifying response headers (server, via, cf-ray, x-cache, ...), lower-case names.
 */
headers?: { [key in string]?: string }, 
/**
 * What the certificate said.
 */
tls?: TlsInfo, 
/**
 * The first bytes of the body (lossy UTF-8, bounded).
 */
body_sample?: string, 
/**
 * An environment variable or setting the evidence came from.
 */
variable?: string, };
export type Check = { 
/**
 * Stable dotted id, e.g. `dns.system`, `site.connection`.
 */
id: string, 
/**
 * What this instance of the check was about (a resolver, an address, a URL).
 */
subject?: string, 
/**
 * How it came out.
 */
status: Status, 
/**
 * Wall time of the check.
 */
elapsed_ms: number, 
/**
 * The evidence.
 */
detail: Detail, };
export type TargetInfo = { 
/**
 * Exactly what the user typed.
 */
input: string, 
/**
 * The normalized URL (userinfo removed).
 */
url: string, 
/**
 * Host name in ASCII (punycode) or an IP literal without brackets.
 */
host: string, 
/**
 * The port connected to.
 */
port: number, };
export type Diagnosis = { 
/**
 * Version of this document's shape; bumped on any rename or removal.
 */
schema: number, 
/**
 * What was checked.
 */
target: TargetInfo, 
/**
 * Down for everyone, just you, ...
 */
verdict: Verdict, 
/**
 * What is to blame.
 */
culprit: Culprit, 
/**
 * How sure.
 */
confidence: Confidence, 
/**
 * One English sentence; the UI chooses its own words by `verdict`/`culprit`.
 */
summary: string, 
/**
 * Ordered steps for the user.
 */
next_steps: Array<NextStep>, 
/**
 * Every finding, in the order they finished.
 */
checks: Array<Check>, 
/**
 * Wall time of the whole run.
 */
elapsed_ms: number, 
/**
 * Start of the run, RFC 3339 UTC.
 */
started_at: string, };
export type ProgressEvent = { "kind": "started", 
/**
 * The check's id.
 */
id: string, 
/**
 * Which instance (resolver, address, URL).
 */
subject?: string, } | { "kind": "finished", 
/**
 * The finding.
 */
check: Check, };
export type BadInput = "empty" | "too_long" | "unsupported_scheme" | "has_spaces" | "invalid_host" | "invalid_port" | "invalid_url";
export type ErrorCode = "bad_input" | "cancelled" | "busy" | "config" | "internal";
export type UiError = { 
/**
 * Stable code.
 */
code: ErrorCode, 
/**
 * English words for logs and help desks; the UI shows its own.
 */
message: string, 
/**
 * Why the input was refused, for `bad_input`.
 */
reason?: BadInput, };
