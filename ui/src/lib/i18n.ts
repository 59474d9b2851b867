// Every sentence a person reads lives here, keyed by the codes the engine sends,
// so wording can change (or a language can be added) without touching components.
// Sections typed as Record<Union, string> make svelte-check fail when the
// regenerated types.ts gains a code that has no sentence yet.
import type { BadInput, Confidence, Culprit, ErrorClass, ErrorCode, NextStep, Status, Verdict } from "./types";

const en = {
  ui: {
    appName: "Site Doctor",
    tagline: "Is it down for everyone, or just you?",
    question: "Which website won't load?",
    placeholder: "example.com",
    check: "Check",
    checking: "Checking {input}…",
    checkingHint: "This usually takes a few seconds.",
    cancel: "Cancel",
    running: "Running",
    likelyCause: "Likely cause: {cause}",
    confidence: "How sure we are: {level}",
    whatWeSaw: "What we saw",
    addresses: "Addresses your computer found",
    noAddresses: "Your computer found no address for this site.",
    siteAnswer: "How the site answered",
    httpStatus: "Status {code}",
    noAnswer: "The site did not answer.",
    timings: "How long each step took",
    allChecks: "Every check we ran",
    nextSteps: "What you can try",
    checkAnother: "Check another site",
    ms: "{ms} ms",
  },
  http: {
    ok: "The site answered normally.",
    redirect: "The site sent us to another page.",
    client_error: "The site refused the request.",
    server_error: "The site reported a problem on its side.",
    other: "The site sent an unusual answer.",
  },
  verdict: {
    up: "{host} is up and working.",
    degraded: "{host} is up, but something is making it slow or patchy.",
    just_you: "{host} is up for everyone else. The problem is on your side.",
    down_for_everyone: "{host} looks down for everyone, not just you.",
    inconclusive: "We couldn't tell for sure whether {host} is down.",
  } satisfies Record<Verdict, string>,
  // Verdict + culprit pairs that deserve a more specific sentence; the rest fall back to `verdict`.
  sentence: {
    "down_for_everyone.origin": "{host} is down for everyone: its server is reporting errors.",
    "down_for_everyone.site_unreachable": "{host} is down for everyone: its server isn't answering.",
    "down_for_everyone.site_tls": "{host} is down for everyone: its security certificate has a problem.",
    "down_for_everyone.site_dns": "{host} is down for everyone: its address can't be found anywhere.",
    "down_for_everyone.cdn_edge": "{host} is down for everyone: the service that delivers it is failing.",
    "just_you.no_network": "You're not connected to the internet, so {host} can't load.",
    "just_you.captive_portal": "Your network wants you to sign in before {host} can load.",
    "just_you.dns_resolver": "{host} is up, but your network's address lookup is failing.",
    "just_you.dns_hijack": "{host} is up, but your network is giving a wrong address for it.",
    "just_you.dns_blocked": "{host} is up, but your network is blocking it.",
    "just_you.dns_stale": "{host} is up, but your computer remembers an old address for it.",
    "just_you.hosts_file": "{host} is up, but a setting on this computer sends it to the wrong place.",
    "just_you.proxy": "{host} is up, but your proxy settings are getting in the way.",
    "just_you.vpn": "{host} is up, but your VPN is getting in the way.",
    "just_you.firewall": "{host} is up, but a firewall is blocking the connection.",
    "just_you.network_path": "{host} is up, but the route from your network to it is broken.",
    "just_you.path_mtu": "{host} is up, but your network is dropping larger messages.",
    "just_you.tls_interception": "{host} is up, but something on your network is intercepting secure connections.",
    "just_you.clock_skew": "{host} is up, but your computer's clock is wrong, so secure connections fail.",
    "just_you.packet_loss": "{host} is up, but your connection is losing data.",
    "just_you.slow_network": "{host} is up, but your connection is very slow.",
    "just_you.ipv6": "{host} is up, but your IPv6 connection is broken.",
    "inconclusive.no_network": "You seem to be offline, so we couldn't check {host}.",
  },
  culprit: {
    none: "nothing wrong found",
    origin: "the site's own server",
    site_unreachable: "the site's server isn't reachable",
    site_tls: "the site's security certificate",
    site_dns: "the site's address records",
    cdn_edge: "the service that delivers the site",
    no_network: "no internet connection",
    captive_portal: "a network sign-in page",
    dns_resolver: "your network's address lookup",
    dns_hijack: "your network changing addresses",
    dns_blocked: "your network blocking the site",
    dns_stale: "an outdated remembered address",
    hosts_file: "the hosts file on this computer",
    proxy: "your proxy settings",
    vpn: "your VPN",
    firewall: "a firewall",
    network_path: "the route between you and the site",
    path_mtu: "your network dropping large messages",
    tls_interception: "secure connections being intercepted",
    clock_skew: "your computer's clock",
    packet_loss: "your connection losing data",
    slow_network: "a slow connection",
    ipv6: "your IPv6 connection",
  } satisfies Record<Culprit, string>,
  confidence: {
    confirmed: "certain",
    likely: "fairly sure",
    unsure: "not sure",
  } satisfies Record<Confidence, string>,
  check: {
    "dns.system": "Address lookup on your computer",
    "dns.alternate": "Address lookup via a public service",
    "connectivity.probe": "Your internet connection",
    "site.connection": "Connection to the site",
    "environment.proxy": "Proxy settings",
    "environment.hosts": "Hosts file",
    other: "Other check",
  },
  status: {
    pass: "Passed",
    warn: "Warning",
    fail: "Failed",
    skipped: "Skipped",
  } satisfies Record<Status, string>,
  errorClass: {
    nxdomain: "This site name doesn't exist.",
    servfail: "The address lookup service failed.",
    refused: "The address lookup service refused to answer.",
    timeout: "It took too long to answer.",
    no_answer: "No address came back.",
    connection_refused: "The server refused the connection.",
    connection_reset: "The connection was cut off.",
    unreachable: "The server couldn't be reached.",
    tls_expired: "The site's security certificate has expired.",
    tls_not_yet_valid: "The site's security certificate isn't valid yet.",
    tls_name_mismatch: "The security certificate belongs to a different site.",
    tls_untrusted: "The security certificate isn't trusted.",
    tls_handshake: "A secure connection couldn't be set up.",
    http_protocol: "The site's answer was garbled.",
    too_large: "The site's answer was too large.",
    not_run: "This step didn't run.",
    other: "Something unexpected went wrong.",
  } satisfies Record<ErrorClass, string>,
  error: {
    bad_input: "That doesn't look like a website address.",
    cancelled: "The check was cancelled.",
    busy: "A check is already running. Please wait for it to finish.",
    config: "Site Doctor isn't set up correctly. Reinstalling it may help.",
    internal: "Something went wrong inside Site Doctor. Please try again.",
  } satisfies Record<ErrorCode, string>,
  badInput: {
    empty: "Type or paste a website address first, like example.com.",
    too_long: "That address is too long. Try just the site's name, like example.com.",
    unsupported_scheme: "Site Doctor can only check web addresses (starting with http or https).",
    has_spaces: "Website addresses can't contain spaces. Check for a typo.",
    invalid_host: "That doesn't look like a website name. Try something like example.com.",
    invalid_port: "The number after the colon isn't valid. Try leaving it out.",
    invalid_url: "We couldn't read that address. Try just the site's name, like example.com.",
  } satisfies Record<BadInput, string>,
  nextStep: {
    wait_and_retry: "Wait a few minutes, then try again.",
    refresh_page: "Reload the page in your browser.",
    clear_browser_cache: "Clear your browser's cache and reload.",
    flush_dns: "Clear your computer's remembered addresses (flush DNS) or restart it.",
    use_alternate_resolver: "Switch to a public address lookup service (DNS) in your network settings.",
    disable_vpn: "Turn off your VPN and try again.",
    disable_proxy: "Turn off the proxy in your settings and try again.",
    sign_in_to_network: "Open any web page to sign in to this network.",
    check_connection: "Check that Wi-Fi or the network cable is connected.",
    restart_router: "Restart your router and modem.",
    try_other_network: "Try another network, such as your phone's hotspot.",
    contact_isp: "Contact your internet provider.",
    contact_site_owner: "Let the site's owner know, if you can.",
    watch_until_back: "Check again later to see when it's back.",
    set_clock_automatically: "Set your computer's date and time automatically.",
    remove_hosts_entry: "Remove the site's line from this computer's hosts file.",
    ask_network_admin: "Ask whoever runs this network for help.",
  } satisfies Record<NextStep, string>,
  phase: {
    dns: "Address lookup",
    connect: "Connecting",
    tls: "Secure connection",
    first_byte: "First response",
    total: "Total",
  },
};

type Catalogue = typeof en;
/** Every valid key, e.g. "ui.check" or "verdict.up". */
export type MessageKey = {
  [S in keyof Catalogue]: `${S & string}.${keyof Catalogue[S] & string}`;
}[keyof Catalogue];
/** Other languages may be partial while being written; a test insists they are complete. */
export type PartialCatalogue = { [S in keyof Catalogue]?: Partial<Record<keyof Catalogue[S], string>> };

export const catalogues: { en: Catalogue } & Record<string, PartialCatalogue> = { en };
export type Params = Record<string, string | number>;

/** Flattens a catalogue into "section.key" → sentence, for lookups and the completeness test. */
export function flatten(cat: PartialCatalogue): Map<string, string> {
  const out = new Map<string, string>();
  for (const [section, entries] of Object.entries(cat)) {
    for (const [key, text] of Object.entries(entries ?? {})) {
      if (typeof text === "string") out.set(`${section}.${key}`, text);
    }
  }
  return out;
}

const english = flatten(en);
let active = english;

/** Picks the first of the user's preferred languages that we have, else English. */
export function setLocale(preferred: readonly string[]): void {
  for (const tag of preferred) {
    const lang = tag.toLowerCase().split("-")[0];
    const cat = catalogues[lang];
    if (cat) {
      active = flatten(cat);
      return;
    }
  }
  active = english;
}

function fill(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export function has(key: string): boolean {
  return english.has(key);
}

/** Looks a key up in the active language, falling back to English. */
export function t(key: MessageKey, params?: Params): string {
  return fill(active.get(key) ?? english.get(key) ?? key, params);
}

/** For keys built from engine codes: the first candidate that exists wins. */
export function tFirst(candidates: readonly string[], fallback: MessageKey, params?: Params): string {
  const key = candidates.find(has) as MessageKey | undefined;
  return t(key ?? fallback, params);
}

if (typeof navigator !== "undefined") setLocale(navigator.languages ?? [navigator.language]);
