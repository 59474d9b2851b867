// This file is generated from the Rust types (ts-rs) by `make bindings`; a test fails when it drifts. Do not edit.
export type CheckId = "environment.proxy" | "environment.hosts" | "environment.interfaces" | "environment.route" | "environment.dns_servers" | "environment.trust_store" | "connectivity.probe" | "connectivity.loss" | "dns.system" | "dns.os" | "dns.alternate" | "dns.doh" | "site.connection" | "site.connection.http" | "site.proxy" | "vantage.globalping" | "vantage.check_host" | "owner.route" | "owner.origin" | "owner.dns" | "status.provider" | "status.site";
export type CheckFamily = "environment" | "connectivity" | "dns" | "site" | "vantage" | "status";
export type InterfaceKind = "ethernet" | "wifi" | "mobile" | "loopback" | "tunnel" | "ppp" | "other";
export type IpFamily = "ipv4" | "ipv6";
export type Status = "pass" | "warn" | "fail" | "skipped";
export type Verdict = "up" | "degraded" | "just_you" | "down_for_everyone" | "inconclusive";
export type Culprit = "none" | "origin" | "site_unreachable" | "site_tls" | "site_dns" | "cdn_edge" | "no_network" | "captive_portal" | "dns_resolver" | "dns_hijack" | "dns_blocked" | "dns_stale" | "hosts_file" | "proxy" | "vpn" | "firewall" | "network_path" | "path_mtu" | "tls_interception" | "clock_skew" | "packet_loss" | "slow_network" | "ipv6";
export type Confidence = "confirmed" | "likely" | "unsure";
export type NextStep = "wait_and_retry" | "refresh_page" | "clear_browser_cache" | "flush_dns" | "use_alternate_resolver" | "disable_vpn" | "disable_proxy" | "sign_in_to_network" | "check_connection" | "restart_router" | "try_other_network" | "contact_isp" | "contact_site_owner" | "watch_until_back" | "set_clock_automatically" | "remove_hosts_entry" | "ask_network_admin";
export type ErrorClass = "nxdomain" | "servfail" | "refused" | "timeout" | "no_answer" | "connection_refused" | "connection_reset" | "unreachable" | "tls_expired" | "tls_not_yet_valid" | "tls_name_mismatch" | "tls_untrusted" | "tls_handshake" | "http_protocol" | "too_large" | "not_run" | "not_needed" | "other";
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
 * The proxy's answer to `CONNECT` (only through a proxy).
 */
proxy_ms?: number, 
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
export type NetInterface = { 
/**
 * The OS's name, e.g. `eth0`, `en0`, `wg0`.
 */
name: string, 
/**
 * Wired, Wi-Fi, tunnel, ...
 */
kind: InterfaceKind, 
/**
 * Its addresses with prefix length, e.g. `198.51.100.7/24`.
 */
addresses: Array<string>, 
/**
 * Largest packet it sends, in bytes.
 */
mtu?: number, };
export type Route = { 
/**
 * IPv4 or IPv6.
 */
family: IpFamily, 
/**
 * The interface the route uses.
 */
interface?: string, 
/**
 * The next hop (router), when the route has one.
 */
gateway?: string, 
/**
 * The address this computer sends from on that route.
 */
source?: string, 
/**
 * The interface is a tunnel (VPN-like).
 */
tunnel: boolean, };
export type Hop = { 
/**
 * The URL requested at this hop.
 */
url: string, 
/**
 * The address connected to, as `ip:port`.
 */
address?: string, 
/**
 * HTTP status code received.
 */
status_code?: number, 
/**
 * Where it redirected to next, as sent.
 */
location?: string, 
/**
 * Why this hop failed.
 */
error?: ErrorClass, 
/**
 * Wall time of this hop.
 */
elapsed_ms: number, };
export type VantagePoint = { 
/**
 * Where it is, e.g. "Frankfurt, DE, AS3320".
 */
location: string, 
/**
 * The HTTP status it got, if any.
 */
status_code?: number, 
/**
 * Its failure in the service's own words (e.g. "Connection timed out").
 */
error?: string, 
/**
 * The address it connected to.
 */
address?: string, 
/**
 * Total time it took.
 */
total_ms?: number, 
/**
 * Whether its TLS check accepted the certificate (Globalping only).
 */
tls_authorized?: boolean, 
/**
 * SHA-256 fingerprint of the certificate it saw, `AA:BB:..` (Globalping only).
 */
tls_fingerprint?: string, };
export type Sample = { 
/**
 * When it was sent, RFC 3339 UTC: what a host's logs are searched by.
 */
at: string, 
/**
 * The HTTP status, when one came.
 */
status_code?: number, 
/**
 * How it failed without a status.
 */
error?: ErrorClass, 
/**
 * The first request id header of the answer (`cf-ray: …`), for the host's support.
 */
request_id?: string, 
/**
 * Its wall time.
 */
elapsed_ms: number, };
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
 * How many bytes of the body arrived (reading stops at 32 KiB). A body larger than one
 * packet shows that full-size packets get through to this computer.
 */
body_bytes?: number, 
/**
 * Who answered: a CDN, load balancer or web server named by its headers or error page.
 */
served_by?: string, 
/**
 * For a 5xx: the page is the gateway's own, so the server behind it failed (`false`: the
 * origin's own error page passed through).
 */
gateway_error?: boolean, 
/**
 * Share of small questions that got no answer (`connectivity.loss`), in percent.
 */
loss_percent?: number, 
/**
 * The CNAME chain a resolver followed to the addresses, in order (`dns.*`).
 */
cname?: Array<string>, 
/**
 * A status page the site's own page links to (`site.connection`).
 */
status_link?: string, 
/**
 * What a status page said (`status.*`).
 */
status_page?: StatusPage, 
/**
 * What other places on the internet saw (vantage checks).
 */
vantage?: Array<VantagePoint>, 
/**
 * An environment variable or setting the evidence came from.
 */
variable?: string, 
/**
 * Up network interfaces and their addresses (`environment.interfaces`).
 */
interfaces?: Array<NetInterface>, 
/**
 * Default routes, IPv4 and IPv6 (`environment.route`).
 */
routes?: Array<Route>, 
/**
 * DNS servers, as `ip:port` (`environment.dns_servers`).
 */
dns_servers?: Array<string>, 
/**
 * Redirects followed after the first answer, in order.
 */
redirects?: Array<Hop>, 
/**
 * The proxy used, without any password (`site.proxy`).
 */
proxy?: string, 
/**
 * The proxy's own status code: its answer to `CONNECT`, or a 407 it sent itself.
 */
proxy_status?: number, 
/**
 * Each request of a route asked several times (`owner.route`), in order.
 */
samples?: Array<Sample>, };
export type Check = { 
/**
 * Which probe: a stable dotted id in the JSON, e.g. `dns.system`, `site.connection`.
 */
id: CheckId, 
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
export type ServedBy = { 
/**
 * E.g. "Cloudflare", "nginx".
 */
name: string, 
/**
 * A CDN, proxy or load balancer in front of the site's own server (not the server itself).
 */
gateway: boolean, };
export type RequestId = { 
/**
 * E.g. `cf-ray`, `x-amz-cf-id`, `via`.
 */
header: string, 
/**
 * Its value as received.
 */
value: string, };
export type SiteAnswer = { 
/**
 * The address connected to, as `ip:port`.
 */
address?: string, 
/**
 * The HTTP status the browser would end up with (after redirects).
 */
status_code?: number, 
/**
 * How the attempt failed, when it did.
 */
error?: ErrorClass, 
/**
 * The CDN, load balancer or web server that answered.
 */
served_by?: ServedBy, 
/**
 * For a 5xx: the page is the gateway's own, so the server behind it failed.
 */
gateway_error?: boolean, 
/**
 * What the server calls itself (its `Server` header), recognised or not.
 */
server?: string, 
/**
 * Request ids and routing headers a site owner can look up.
 */
request_ids: Array<RequestId>, };
export type ResolverAnswer = { 
/**
 * `dns.system`, `dns.os`, `dns.alternate` or `dns.doh`.
 */
check: CheckId, 
/**
 * Which resolver (server address or DoH URL), when there are several.
 */
subject?: string, 
/**
 * The addresses it gave.
 */
answers: Array<string>, 
/**
 * How it failed, when it did.
 */
error?: ErrorClass, };
export type HostsEntry = { 
/**
 * Where the file is.
 */
path: string, 
/**
 * The addresses its line gives.
 */
addresses: Array<string>, };
export type ProxyInUse = { 
/**
 * The setting it comes from, e.g. `HTTPS_PROXY`.
 */
variable?: string, 
/**
 * Where it points.
 */
url?: string, };
export type TlsProblem = { 
/**
 * Expired, not yet valid, another name, untrusted.
 */
error: ErrorClass, 
/**
 * Issuer of the certificate presented.
 */
issuer?: string, 
/**
 * Its expiry, RFC 3339.
 */
not_after?: string, };
export type Tally = { 
/**
 * Places that loaded it (an HTTP answer below 500).
 */
loaded: number, 
/**
 * Places that answered at all.
 */
total: number, };
export type FailurePattern = "none" | "all" | "alternating" | "burst" | "scattered";
export type RouteHealth = { 
/**
 * The path and query asked.
 */
path: string, 
/**
 * The address asked (the site's, as this computer finds it), `ip:port`.
 */
address: string, 
/**
 * Requests that got an answer or a failure (not those the deadline cut off).
 */
requests: number, 
/**
 * Of those, how many failed (no answer, or a 5xx).
 */
failed: number, 
/**
 * `failed` as a share of `requests`, 0 to 100.
 */
failure_percent: number, 
/**
 * Some requests failed and some did not.
 */
intermittent: boolean, 
/**
 * How the failures were spread.
 */
pattern: FailurePattern, 
/**
 * The answers in order, e.g. `200 502 200 502`; a failure without status by its class.
 */
sequence: string, 
/**
 * When the first failure was seen, RFC 3339 UTC.
 */
first_failure?: string, 
/**
 * When the last failure was seen, RFC 3339 UTC.
 */
last_failure?: string, 
/**
 * The request ids of the failed requests, for the host's support.
 */
request_ids: Array<RequestId>, };
export type OriginReading = "edge_fails_origin_works" | "both_fail" | "both_work" | "origin_fails_edge_works" | "unknown";
export type OriginComparison = { 
/**
 * The path asked.
 */
path: string, 
/**
 * The origin's address, `ip:port`.
 */
origin: string, 
/**
 * What the origin answered.
 */
origin_status?: number, 
/**
 * How asking the origin failed.
 */
origin_error?: ErrorClass, 
/**
 * What the edge (the site's public address) answered: the first failure when any request
 * failed, else the last answer.
 */
edge_status?: number, 
/**
 * How the edge failed without a status.
 */
edge_error?: ErrorClass, 
/**
 * What the two answers say together.
 */
reading: OriginReading, };
export type ResolverView = { 
/**
 * The server: its name and `ip:port` for an authoritative one, `ip:port` otherwise.
 */
server: string, 
/**
 * The addresses it gave, sorted.
 */
answers: Array<string>, 
/**
 * The CNAME chain it gave.
 */
cname: Array<string>, 
/**
 * How it failed, when it did.
 */
error?: ErrorClass, };
export type DnsReading = "consistent" | "public_differs" | "local_differs" | "authoritative_failing" | "unknown";
export type DnsTargets = { 
/**
 * The zone the site's name is in (the nearest name with NS records), when one was found.
 */
zone?: string, 
/**
 * What each authoritative server (at most three) said.
 */
authoritative: Array<ResolverView>, 
/**
 * What each public resolver (`[dns] alternates`, at most three) said.
 */
public: Array<ResolverView>, 
/**
 * What this computer's DNS said.
 */
system?: ResolverView, 
/**
 * The CNAME chain from the site's name, in order, as the first resolver that followed one
 * gave it.
 */
chain: Array<string>, 
/**
 * The CDN or host the chain leads to, when its zone is known.
 */
cdn?: Provider, 
/**
 * What they say together.
 */
reading: DnsReading, };
export type OwnerEvidence = { 
/**
 * Each route asked, in the order given.
 */
routes: Array<RouteHealth>, 
/**
 * Some route answered sometimes and failed other times: the site flaps.
 */
intermittent: boolean, 
/**
 * Each route asked straight at the origin, beside what the edge answered.
 */
origin: Array<OriginComparison>, 
/**
 * The site's records at its authoritative servers beside the resolvers', and the CNAME
 * chain; absent for an IP address.
 */
dns?: DnsTargets, };
export type Provider = "cloudflare" | "fastly" | "cloudfront" | "akamai" | "azure_front_door" | "vercel" | "netlify" | "github_pages" | "heroku" | "site";
export type Incident = { 
/**
 * Its title, as the provider wrote it.
 */
name: string, 
/**
 * `investigating`, `identified`, `monitoring`, …
 */
status?: string, 
/**
 * `none`, `minor`, `major`, `critical`.
 */
impact?: string, 
/**
 * When it began, RFC 3339 UTC.
 */
started_at?: string, 
/**
 * Its page, for people to read.
 */
url?: string, 
/**
 * The components it affects, by name ("Amsterdam, Netherlands - (AMS)").
 */
components: Array<string>, };
export type ComponentState = { 
/**
 * Its name.
 */
name: string, 
/**
 * `degraded_performance`, `partial_outage`, `major_outage`, `under_maintenance`.
 */
status: string, };
export type StatusPage = { 
/**
 * The page people read (not the API), e.g. `https://www.cloudflarestatus.com`.
 */
url: string, 
/**
 * The page's overall indicator: `none`, `minor`, `major`, `critical`, `maintenance`.
 */
indicator?: string, 
/**
 * The page's overall words, e.g. "All Systems Operational".
 */
description?: string, 
/**
 * The incidents not resolved yet.
 */
incidents: Array<Incident>, 
/**
 * The components not operational (degraded, partial or major outage, maintenance).
 */
components: Array<ComponentState>, };
export type ProviderStatus = { 
/**
 * Whose page.
 */
provider: Provider, 
/**
 * The page people read.
 */
page: string, 
/**
 * Whether the page could be read (a page that could not is absent evidence, not good news).
 */
read: boolean, 
/**
 * The provider's location code that served this computer (`AMS` from a `cf-ray`), when the
 * answer carried one.
 */
region?: string, 
/**
 * That location as the status page names it ("Amsterdam, Netherlands"), when it lists it.
 */
place?: string, 
/**
 * Incidents that concern this site: at its location, or not limited to any component.
 */
trouble: Array<Incident>, 
/**
 * Incidents elsewhere (other locations, the provider's dashboard or API): counted, not told.
 */
other_incidents: number, };
export type Evidence = { 
/**
 * How the site answered at the address the verdict rests on.
 */
answer?: SiteAnswer, 
/**
 * The addresses this computer would connect to: the hosts file's, else the system
 * resolver's, else the IP address typed.
 */
addresses: Array<string>, 
/**
 * What each resolver said about the site's name.
 */
resolvers: Array<ResolverAnswer>, 
/**
 * Public resolvers (plain IP addresses) that found the site in this run, best first.
 */
working_resolvers: Array<string>, 
/**
 * The hosts file's line for the site.
 */
hosts_file?: HostsEntry, 
/**
 * The tunnel (VPN) interface internet traffic leaves through.
 */
vpn?: string, 
/**
 * The proxy this computer's settings send web traffic through.
 */
proxy?: ProxyInUse, 
/**
 * The certificate problem at the user's addresses.
 */
tls?: TlsProblem, 
/**
 * Share of small questions lost on the way, in percent.
 */
loss_percent?: number, 
/**
 * How many other places on the internet loaded the site.
 */
elsewhere?: Tally, 
/**
 * Nothing beyond this computer's network answered (no default route, or every connectivity
 * check failed). A note: the verdict may still be "up" when the site is on this network.
 */
internet_unreachable: boolean, 
/**
 * What the status pages of the companies in front of the site say (`status.*` checks), one
 * per page read. Told beside the verdict, never changing it.
 */
status: Array<ProviderStatus>, 
/**
 * The owner's checks (`--paths`, `--origin`, "I run this site"), when they were asked for.
 * They never change the verdict: they say which routes fail, how often, and whether the
 * origin answers when asked directly.
 */
owner?: OwnerEvidence, };
export type Outcome = "up.none" | "degraded.packet_loss" | "degraded.slow_network" | "degraded.ipv6" | "just_you.vpn" | "just_you.no_network" | "just_you.captive_portal" | "just_you.proxy" | "just_you.packet_loss" | "just_you.dns_hijack" | "just_you.hosts_file" | "just_you.dns_blocked" | "just_you.dns_resolver" | "just_you.dns_stale" | "just_you.cdn_edge" | "just_you.clock_skew" | "just_you.tls_interception" | "just_you.firewall" | "just_you.path_mtu" | "just_you.network_path" | "down_for_everyone.site_dns" | "down_for_everyone.site_tls" | "down_for_everyone.origin" | "down_for_everyone.site_unreachable" | "inconclusive.none" | "inconclusive.site_unreachable";
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
 * What decided the verdict (added in schema 1; every renderer reads it from here).
 */
evidence: Evidence, 
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
export type ReportFormat = "text" | "markdown" | "json";
export type Redaction = { 
/**
 * This computer's own addresses (its network adapters' and the routes' source addresses),
 * as `[my-ip-1]`, `[my-ip-2]`... Never the site's, the resolvers' or the router's.
 */
my_addresses: boolean, 
/**
 * Anything shaped like a MAC address, as `[mac-1]`...
 */
mac: boolean, 
/**
 * This computer's name, as `[hostname]`.
 */
hostname: boolean, 
/**
 * The user's login name as `[user]` and home folder as `[home]`, and the user part of
 * `/home/<name>`, `/Users/<name>` and `C:\Users\<name>` paths.
 */
username_and_home: boolean, 
/**
 * Query strings and fragments of URLs (`?[query]`, `#[fragment]`) and any `user:password@`.
 */
url_query: boolean, };
export type StepResult = { 
/**
 * Down for everyone, just you...
 */
verdict: Verdict, 
/**
 * What was to blame.
 */
culprit: Culprit, 
/**
 * How sure.
 */
confidence: Confidence, };
export type ActionKind = "flush_dns" | "switch_resolver" | "undo_resolver_switch";
export type ActionOutcome = "done" | "nothing_to_do" | "refused" | "failed" | "cancelled";
export type ActionNote = { 
/**
 * Which fix.
 */
kind: ActionKind, 
/**
 * How it came out.
 */
outcome: ActionOutcome, 
/**
 * The programs and D-Bus calls that ran, in order, in English: the argv joined by spaces
 * with its exit status, e.g. `resolvectl flush-caches (exit 0)`.
 */
ran?: Array<string>, 
/**
 * More on it in English: the adapter and service switched to, why it was refused, the exit
 * status of a failure.
 */
detail?: string, };
export type TriedStep = { 
/**
 * Which step.
 */
step: NextStep, 
/**
 * The result that led to it.
 */
before: StepResult, 
/**
 * The result of the check after it; none when the user skipped it or did not re-check.
 */
after?: StepResult, 
/**
 * What Site Doctor ran on this computer for it (flush, resolver switch, undo).
 */
actions?: Array<ActionNote>, };
export type ReportRequest = { 
/**
 * The run to report (unredacted: redaction happens here).
 */
diagnosis: Diagnosis, 
/**
 * The steps the user tried in the wizard, in order.
 */
tried?: Array<TriedStep>, 
/**
 * Plain text (the default), Markdown, or the raw diagnosis as JSON.
 */
format?: ReportFormat, 
/**
 * What to hide; everything by default.
 */
redact?: Redaction, 
/**
 * Translated words by catalogue key (`sentence.just_you.dns_resolver`, `stepTitle.flush_dns`,
 * `helpdesk.when`, ...), placeholders `{host}` and the like; missing keys stay English. The
 * technical appendix is always English.
 */
words?: { [key in string]?: string }, 
/**
 * The user's UTC offset in minutes east of UTC (`-new Date().getTimezoneOffset()`), for the
 * local time; without it only UTC is shown.
 */
utc_offset_minutes?: number, 
/**
 * The run's start as the window words it in the app's language (`21. November 2026, 15:00`),
 * shown before the UTC time in place of the numeric local time; at most 100 characters.
 */
local_time?: string, 
/**
 * An incident id to reuse (e.g. one already read out on the phone); by default it is
 * derived from the run itself, so every copy of one run carries the same id.
 */
incident?: string, };
export type ProgressEvent = { "kind": "started", 
/**
 * The check's id.
 */
id: CheckId, 
/**
 * Which instance (resolver, address, URL).
 */
subject?: string, } | { "kind": "finished", 
/**
 * The finding.
 */
check: Check, } | { "kind": "provisional", 
/**
 * The verdict-and-culprit pair that holds.
 */
outcome: Outcome, 
/**
 * How sure it is so far.
 */
confidence: Confidence, 
/**
 * One English sentence, as the diagnosis's `summary`.
 */
summary: string, };
export type StopReason = "back" | "cancelled" | "time_limit";
export type WatchEvent = { "kind": "checked", 
/**
 * When it finished.
 */
at: string, 
/**
 * What it said; none when the check could not run at all.
 */
verdict?: Verdict, 
/**
 * Since when the site has been seen down ([`WatchPlan::down_since`]).
 */
down_since: string, 
/**
 * When the next check runs; none after the last one.
 */
next_at?: string, 
/**
 * How many checks this watch has run.
 */
checks: number, } | { "kind": "back", 
/**
 * When it was seen up.
 */
at: string, 
/**
 * How long it was seen down, in seconds.
 */
after_down_for_secs: number, 
/**
 * What the one check with the vantage services said: true when it loads from elsewhere
 * too; none when they were not asked.
 */
confirmed_elsewhere?: boolean, } | { "kind": "stopped", 
/**
 * Why.
 */
reason: StopReason, };
export type NoticeWords = { 
/**
 * The title, e.g. "{site} is back.".
 */
title: string, 
/**
 * The body, e.g. "It was down for about {minutes} min.".
 */
body: string, };
export type BadInput = "empty" | "too_long" | "unsupported_scheme" | "has_spaces" | "invalid_host" | "invalid_port" | "invalid_url";
export type AdapterId = string;
export type ResolverPreset = "cloudflare" | "google" | "quad9";
export type Action = { "kind": "flush_dns" } | { "kind": "switch_resolver", 
/**
 * The adapter to change.
 */
adapter: AdapterId, 
/**
 * Which public DNS service.
 */
preset: ResolverPreset, } | { "kind": "undo_resolver_switch" };
export type Elevation = "none" | "pkexec" | "osascript_admin";
export type Ran = { 
/**
 * The full argv, elevation wrapper included; for a D-Bus call, `dbus` and the method.
 */
argv: Array<string>, 
/**
 * Its exit status, when it exited.
 */
exit_code?: number, 
/**
 * It was killed at its deadline.
 */
timed_out: boolean, };
export type NothingToDo = "no_dns_cache" | "no_switch_to_undo";
export type ManagedBy = "group_policy" | "generated_profile" | "vendor_profile";
export type RefuseReason = { "code": "vpn_active", 
/**
 * The tunnel interface.
 */
interface: string, } | { "code": "dns_managed", 
/**
 * Who manages them.
 */
by: ManagedBy, } | { "code": "not_authorised" } | { "code": "no_dns_manager" } | { "code": "unknown_adapter" } | { "code": "undo_pending_elsewhere", 
/**
 * The adapter that has it.
 */
adapter: string, } | { "code": "unsupported" };
export type FailCode = { "code": "exit_status", 
/**
 * The status.
 */
status: number, } | { "code": "timed_out" } | { "code": "cannot_start" } | { "code": "killed" } | { "code": "snapshot_unreadable" } | { "code": "snapshot_store" } | { "code": "dbus" };
export type FixOutcome = { "kind": "done" } | { "kind": "nothing_to_do", 
/**
 * Why not.
 */
why: NothingToDo, } | { "kind": "cancelled" } | { "kind": "refused", 
/**
 * Why.
 */
reason: RefuseReason, } | { "kind": "failed", 
/**
 * What went wrong.
 */
code: FailCode, };
export type DnsSnapshot = { "manager": "netsh", 
/**
 * The interface alias.
 */
adapter: string, 
/**
 * The servers came from DHCP (undo goes back to DHCP).
 */
dhcp: boolean, 
/**
 * Static servers, in order (empty with `dhcp`, or "None").
 */
servers: Array<string>, } | { "manager": "networksetup", 
/**
 * The network service.
 */
service: string, 
/**
 * The servers set by hand; empty means "none set" (the network's own are used).
 */
servers: Array<string>, } | { "manager": "network_manager", 
/**
 * The connection profile.
 */
uuid: string, 
/**
 * The interface it was active on.
 */
device: string, 
/**
 * `ipv4.dns`, in order.
 */
servers: Array<string>, 
/**
 * `ipv4.ignore-auto-dns`.
 */
ignore_auto_dns: boolean, } | { "manager": "resolved", 
/**
 * The interface.
 */
ifname: string, 
/**
 * The link's servers, in order; empty means none were set on the link.
 */
servers: Array<string>, };
export type ActionResult = { 
/**
 * What was asked.
 */
action: Action, 
/**
 * What it came to.
 */
outcome: FixOutcome, 
/**
 * Every program or call that ran, in order.
 */
ran: Array<Ran>, 
/**
 * The settings saved for undo (a switch) or put back (an undo).
 */
snapshot?: DnsSnapshot, };
export type BrowserKind = "chrome" | "edge" | "firefox" | "safari" | "other";
export type DefaultBrowser = { 
/**
 * Which one.
 */
kind: BrowserKind, 
/**
 * The OS's own id: desktop file, ProgId or bundle id.
 */
id: string, };
export type ProxySource = "gnome" | "kde" | "macos" | "windows";
export type ProxyMode = "off" | "manual" | "pac" | "auto_detect" | "from_environment";
export type ProxyEndpoint = { 
/**
 * Host name or address.
 */
host: string, 
/**
 * Port.
 */
port: number, };
export type OsProxy = { 
/**
 * Where it was read.
 */
source: ProxySource, 
/**
 * How the proxy is chosen.
 */
mode: ProxyMode, 
/**
 * The proxy for https, when typed in (or for everything, when one is given for all).
 */
https?: ProxyEndpoint, 
/**
 * The proxy for plain http, when typed in.
 */
http?: ProxyEndpoint, 
/**
 * The hosts that go around a typed-in proxy, as the OS lists them (`*.corp.example`,
 * `127.0.0.0/8`, Windows' `<local>`).
 */
bypass: Array<string>, 
/**
 * The PAC file's URL.
 */
pac_url?: string, };
export type VpnClient = "wireguard" | "openvpn" | "cisco_secure_client" | "global_protect" | "fortinet" | "zscaler" | "nordvpn" | "protonvpn" | "tailscale" | "mullvad" | "expressvpn" | "ivanti_secure_access" | "checkpoint" | "zerotier" | "strongswan";
export type VpnFact = { 
/**
 * The VPN programs that run, each once, in a stable order.
 */
clients: Array<VpnClient>, 
/**
 * The tunnel interface carrying the internet route, if one does.
 */
tunnel?: string, };
export type Detection = { 
/**
 * The default browser.
 */
browser?: DefaultBrowser, 
/**
 * The OS proxy setting.
 */
proxy?: OsProxy, 
/**
 * The VPN.
 */
vpn?: VpnFact, };
export type Os = "linux" | "macos" | "windows";
export type PresetServers = { 
/**
 * Which service.
 */
preset: ResolverPreset, 
/**
 * Its addresses.
 */
servers: string[], };
export type FixContext = { 
/**
 * The operating system the actions are planned for.
 */
os: Os, 
/**
 * Default browser, OS proxy and VPN, each absent when it could not be read.
 */
detection: Detection, 
/**
 * The adapter carrying the internet route, as the OS's tool names it; absent when it cannot
 * be told (then the window shows the written steps only).
 */
adapter?: AdapterId, 
/**
 * The settings saved before a resolver switch that was not undone yet.
 */
pending_undo?: DnsSnapshot, 
/**
 * The public DNS services a switch may choose, with their addresses (the window shows
 * them; it never sends an address back).
 */
presets: Array<PresetServers>, };
export type HistoryEntry = { 
/**
 * The run's start (`diagnosis.started_at`, nanoseconds included): unique because checks run
 * one at a time, and already known to the window that holds the diagnosis.
 */
id: string, 
/**
 * The run, as the engine returned it (unredacted: it never leaves this computer unless the
 * user copies a report, which redacts).
 */
diagnosis: Diagnosis, 
/**
 * The steps the user tried in the wizard, attached after the run.
 */
tried: Array<TriedStep>, };
export type HistorySummary = { 
/**
 * For `history_get`, `history_delete`, `history_update_tried`.
 */
id: string, 
/**
 * The host checked.
 */
site: string, 
/**
 * What the check said.
 */
verdict: Verdict, 
/**
 * What it blamed.
 */
culprit: Culprit, 
/**
 * How sure it was.
 */
confidence: Confidence, 
/**
 * When it started (RFC 3339, UTC).
 */
when: string, 
/**
 * The incident id its report carries (`SD-4K7Q-9M2T`).
 */
incident: string, 
/**
 * How many wizard steps are attached.
 */
tried: number, 
/**
 * The owner's checks ran ("I run this site", `--paths`, `--origin`): the entry holds their
 * routes, origin and DNS findings.
 */
owner: boolean, };
export type HistoryList = { 
/**
 * Newest first.
 */
entries: Array<HistorySummary>, 
/**
 * Set when the earlier history could not be read in this session and was moved to this
 * path: the window says "We couldn't read your earlier history; it was set aside as …".
 */
set_aside?: string, };
export type ErrorCode = "bad_input" | "cancelled" | "busy" | "config" | "open_failed" | "internal";
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
export type ActionReply = { 
/**
 * What came of it.
 */
result: ActionResult, 
/**
 * The report's note of it.
 */
note: ActionNote, };
export type WatchStatus = { 
/**
 * The host watched.
 */
site: string, 
/**
 * The latest event, if a check has finished yet.
 */
last?: WatchEvent, 
/**
 * Always true: closing the window ends the app and the watch (no tray icon).
 */
stops_when_window_closes: boolean, };
export type UpdateOffer = { 
/**
 * The version offered.
 */
version: string, 
/**
 * Its release notes, if any.
 */
notes: string | null, };
export type Licence = { 
/**
 * The crate's or package's name.
 */
name: string, 
/**
 * Its version.
 */
version: string, 
/**
 * Its SPDX licence expression ("" when it declares none).
 */
license: string, };
export type About = { 
/**
 * "Site Doctor".
 */
name: string, 
/**
 * The app's version.
 */
version: string, 
/**
 * The app's own licence.
 */
license: string, 
/**
 * Rust crates compiled into this build (this platform's), sorted by name.
 */
rust: Array<Licence>, 
/**
 * npm packages whose code is in the window's bundle, sorted by name.
 */
npm: Array<Licence>, };
