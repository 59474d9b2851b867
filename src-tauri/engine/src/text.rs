//! English at the Rust edge: the words the CLI and the help-desk report print, keyed by the same
//! codes as the window's catalogue (`ui/src/lib/catalogue/en.ts`). Where both say the same thing
//! (check names, failure classes, next steps, bad input) the words are the same, and a test in the
//! UI compares them through the generated `words.en.json`.

use std::collections::BTreeMap;

use crate::check_id::CheckId;
use crate::diagnosis::NextStep;
use crate::evidence::Evidence;
use crate::finding::ErrorClass;
use crate::rules::Outcome;
use crate::target::BadInput;

/// What a check looks at (`checkName.<id>`).
pub fn check_name(id: CheckId) -> &'static str {
    match id {
        CheckId::DnsSystem => "Address lookup on this computer",
        CheckId::DnsOs => "Address lookup as your browser does it",
        CheckId::DnsAlternate => "Address lookup via a public service",
        CheckId::DnsDoh => "Encrypted address lookup (DNS over HTTPS)",
        CheckId::ConnectivityProbe => "Internet connection",
        CheckId::ConnectivityLoss => "Lost data on your connection",
        CheckId::SiteConnection => "Connection to the website",
        CheckId::SiteConnectionHttp => "Unencrypted connection to the website (http)",
        CheckId::SiteProxy => "Connection through your proxy",
        CheckId::EnvironmentProxy => "Proxy settings",
        CheckId::EnvironmentHosts => "Hosts file",
        CheckId::EnvironmentRoute => "VPN and network route",
        CheckId::EnvironmentInterfaces => "Network adapters",
        CheckId::EnvironmentDnsServers => "DNS servers this computer uses",
        CheckId::EnvironmentTrustStore => "Certificates this computer trusts",
        CheckId::VantageGlobalping => "Test points worldwide (Globalping)",
        CheckId::VantageCheckHost => "Test points worldwide (check-host.net)",
        CheckId::OwnerRoute => "A page of the site, asked several times",
        CheckId::OwnerOrigin => "The site's own server, asked directly",
        CheckId::OwnerDns => "The site's DNS records, at their source and elsewhere",
        CheckId::StatusProvider => "Status page of the company in front of the site",
        CheckId::StatusSite => "The site's own status page",
    }
}

/// How a step failed (`errorClass.<class>`).
pub fn error_class(class: ErrorClass) -> &'static str {
    match class {
        ErrorClass::Nxdomain => "This name doesn't exist.",
        ErrorClass::Servfail => "The address lookup service failed.",
        ErrorClass::Refused => "The address lookup service refused to answer.",
        ErrorClass::Timeout => "It took too long to answer.",
        ErrorClass::NoAnswer => "No address came back.",
        ErrorClass::ConnectionRefused => "The server refused the connection.",
        ErrorClass::ConnectionReset => "The connection was cut off.",
        ErrorClass::Unreachable => "The server couldn't be reached.",
        ErrorClass::TlsExpired => "The site's security certificate has expired.",
        ErrorClass::TlsNotYetValid => "The site's security certificate isn't valid yet.",
        ErrorClass::TlsNameMismatch => "The security certificate belongs to a different site.",
        ErrorClass::TlsUntrusted => "The security certificate isn't trusted.",
        ErrorClass::TlsHandshake => "A secure connection couldn't be set up.",
        ErrorClass::HttpProtocol => "The site's answer was garbled.",
        ErrorClass::TooLarge => "The site's answer was too large.",
        ErrorClass::NotRun => "This step didn't run.",
        ErrorClass::NotNeeded => "Not needed: the answer was already clear.",
        ErrorClass::Other => "Something unexpected went wrong.",
    }
}

/// One short line for a next step (`nextStep.<step>`).
pub fn next_step(step: NextStep) -> &'static str {
    match step {
        NextStep::WaitAndRetry => "Wait a few minutes, then try again.",
        NextStep::RefreshPage => "Reload the page in your browser.",
        NextStep::ClearBrowserCache => "Clear your browser's cache and reload.",
        NextStep::FlushDns => "Clear the addresses your computer remembers (flush DNS).",
        NextStep::UseAlternateResolver => "Switch to a public DNS service in your network settings.",
        NextStep::DisableVpn => "Turn off your VPN and try again.",
        NextStep::DisableProxy => "Turn off the proxy in your settings and try again.",
        NextStep::SignInToNetwork => "Open any web page to sign in to this network.",
        NextStep::CheckConnection => "Check that Wi-Fi or the network cable is connected.",
        NextStep::RestartRouter => "Restart your router and modem.",
        NextStep::TryOtherNetwork => "Try another network, such as your phone's hotspot.",
        NextStep::ContactIsp => "Contact your internet provider.",
        NextStep::ContactSiteOwner => "Let the site's owner know, if you can.",
        NextStep::WatchUntilBack => "Check again later to see when it's back.",
        NextStep::SetClockAutomatically => "Set your computer's date and time automatically.",
        NextStep::RemoveHostsEntry => "Remove the site's line from this computer's hosts file.",
        NextStep::AskNetworkAdmin => "Ask whoever runs this network for help.",
    }
}

/// Why an input is not a website, and what a valid one looks like (`badInput.<reason>`).
pub fn bad_input(reason: BadInput) -> &'static str {
    match reason {
        BadInput::Empty => "Type or paste a website address first, like example.com.",
        BadInput::TooLong => "That address is too long. Try just the site's name, like example.com.",
        BadInput::UnsupportedScheme => "Site Doctor can only check web addresses (starting with http or https).",
        BadInput::HasSpaces => "Website addresses can't contain spaces. Check for a typo.",
        BadInput::InvalidHost => "That doesn't look like a website name. Try something like example.com.",
        BadInput::InvalidPort => "The number after the colon isn't valid. Try leaving it out.",
        BadInput::InvalidUrl => "We couldn't read that address. Try just the site's name, like example.com.",
    }
}

/// The diagnosis's one-sentence `summary` for a help desk, from the outcome and its evidence.
pub fn summary(outcome: Outcome, host: &str, e: &Evidence) -> String {
    let h = host;
    match outcome {
        Outcome::UpNone => format!("{h} loads normally from here."),
        Outcome::InconclusiveNone => format!("The checks could not tell what is wrong with {h}."),
        Outcome::InconclusiveSiteUnreachable => format!(
            "{h} does not answer from here, and no other place on the internet could be asked, so it is not clear yet \
             whether it is down for everyone: opening it on a phone over mobile data would tell."
        ),
        Outcome::DownOrigin => {
            let answer = e.answer.as_ref();
            let code = answer.and_then(|a| a.status_code).filter(|c| *c >= 500).unwrap_or(500);
            match answer.and_then(|a| a.served_by.as_ref().zip(a.gateway_error)) {
                Some((who, true)) => format!(
                    "{h} is down for everyone: {} answers, but the site's own server behind it is failing (HTTP {code}).",
                    who.name
                ),
                _ => format!("{h} is down for everyone: its server answers with an error (HTTP {code})."),
            }
        }
        Outcome::DownSiteUnreachable => {
            format!("{h} is not answering anyone: your internet works, but the site's server does not respond.")
        }
        Outcome::DownSiteTls => format!("{h}'s security certificate is not valid ({}).", tls_words(e)),
        Outcome::DownSiteDns => {
            format!("The name {h} does not exist: check the spelling, or the site's domain has lapsed.")
        }
        Outcome::JustYouCdnEdge => {
            format!("The server your network sends you to for {h} is failing, while other servers of the site work.")
        }
        Outcome::JustYouNoNetwork => "This computer is not connected to the internet.".into(),
        Outcome::JustYouCaptivePortal => "This network wants you to sign in before it lets you on the internet.".into(),
        Outcome::JustYouDnsResolver => format!("Your DNS can't find {h}, but public DNS can."),
        Outcome::JustYouDnsHijack => format!("Your DNS sends {h} to a different server, which is not the real site."),
        Outcome::JustYouDnsBlocked => format!("Your DNS blocks {h} on purpose (a filter or parental control)."),
        Outcome::JustYouDnsStale => {
            format!("Your DNS gives an old address for {h} where nothing answers; public DNS has the right one.")
        }
        Outcome::JustYouHostsFile => format!("A line in this computer's hosts file sends {h} to the wrong address."),
        Outcome::JustYouProxy => format!("The proxy this computer uses can't reach {h}."),
        Outcome::JustYouVpn => match e.vpn.as_deref() {
            Some(name) => format!("Your VPN ({name}) is blocking {h}."),
            None => format!("Your VPN is blocking {h}."),
        },
        Outcome::JustYouFirewall => format!(
            "Something on your network blocks secure connections to {h} (port 443), while plain ones get through."
        ),
        Outcome::JustYouNetworkPath => format!("{h} works for others, but the way from your network to it is broken."),
        Outcome::JustYouPathMtu => {
            format!("Connections to {h} open, but larger packets get lost on the way (often a VPN or PPPoE link).")
        }
        Outcome::JustYouTlsInterception => match e.tls.as_ref().and_then(|t| t.issuer.as_deref()).map(issuer_name) {
            Some(issuer) => format!(
                "Something on your network replaces {h}'s security certificate with one from \"{issuer}\" \
                 (antivirus, company filter or an attacker)."
            ),
            None => format!(
                "Something on your network replaces {h}'s security certificate (antivirus, company filter or an attacker)."
            ),
        },
        Outcome::JustYouClockSkew => {
            "This computer's clock is wrong, so valid security certificates look invalid.".into()
        }
        Outcome::DegradedPacketLoss | Outcome::JustYouPacketLoss => {
            format!("{h} loads, but your connection is losing data on the way, so it is slow or patchy.")
        }
        Outcome::DegradedSlowNetwork => format!("{h} loads, but very slowly from here."),
        Outcome::DegradedIpv6 => format!("{h} loads over IPv4, but IPv6 connections to it fail, which slows it down."),
    }
}

/// The issuer as a person would recognise it: the common name of a distinguished name
/// (`CN=Contoso Web Shield Root, O=Contoso` gives `Contoso Web Shield Root`), else the whole text.
fn issuer_name(dn: &str) -> &str {
    dn.split(',').map(str::trim).find_map(|part| part.strip_prefix("CN=")).filter(|cn| !cn.is_empty()).unwrap_or(dn)
}

fn tls_words(e: &Evidence) -> &'static str {
    match e.tls.as_ref().map(|t| t.error) {
        Some(ErrorClass::TlsExpired) => "it has expired",
        Some(ErrorClass::TlsNotYetValid) => "it is not valid yet",
        Some(ErrorClass::TlsNameMismatch) => "it is for another name",
        _ => "it is not from a trusted issuer",
    }
}

/// The help-desk report's words, by the window catalogue's keys (`section.code`): the sentences
/// and titles the window shows and the report's labels (`helpdesk.*`), all the same as in
/// `ui/src/lib/catalogue/en.ts` (`words.en.json` carries them to the UI's test, which compares). A translated report
/// passes its own strings for the same keys (`ReportRequest::words`); placeholders are `{name}`.
const REPORT_WORDS: &[(&str, &str)] = &[
    ("verdict.up", "It's working: {host} opens fine from here."),
    ("verdict.degraded", "{host} works, but something is making it slow or patchy."),
    ("verdict.just_you", "It's just you: {host} works for everyone else."),
    ("verdict.down_for_everyone", "It's not you: {host} is down for everyone."),
    ("verdict.inconclusive", "We couldn't tell for sure whether {host} is down."),
    ("sentence.up.none", "It's working: {host} opens fine from here."),
    ("sentence.down_for_everyone.origin", "It's not you: {host} is down for everyone. Its server is having problems."),
    (
        "sentence.down_for_everyone.site_unreachable",
        "It's not you: {host} is down for everyone. Its server isn't answering anyone.",
    ),
    (
        "sentence.down_for_everyone.site_tls",
        "It's not you: {host} has a broken security certificate, so nobody can open it safely.",
    ),
    (
        "sentence.down_for_everyone.site_dns",
        "It's not you: the name {host} can't be found anywhere. Check the spelling, or the site's name may have expired.",
    ),
    (
        "sentence.just_you.cdn_edge",
        "It's your network's address book (DNS): it sends you to a {host} server that's failing, while everyone else gets one that works.",
    ),
    ("sentence.just_you.no_network", "It's your connection: this computer isn't connected to the internet."),
    ("sentence.just_you.captive_portal", "It's your network: it wants you to sign in before you can use the internet."),
    (
        "sentence.just_you.dns_resolver",
        "It's your network's address book (DNS): it can't find {host}, but public address books can.",
    ),
    ("sentence.just_you.dns_hijack", "It's your network's address book (DNS): it sends {host} to the wrong place."),
    ("sentence.just_you.dns_blocked", "It's your network: its address book (DNS) blocks {host} on purpose."),
    (
        "sentence.just_you.dns_stale",
        "It's your network's address book (DNS): it's holding on to an old address for {host}.",
    ),
    ("sentence.just_you.hosts_file", "It's your computer: a line in its hosts file sends {host} to the wrong place."),
    ("sentence.just_you.proxy", "It's your connection: your proxy is blocking {host}."),
    ("sentence.just_you.packet_loss", "It's your connection: it's losing so much data that {host} can't load."),
    ("sentence.just_you.vpn", "It's your connection: your VPN is blocking {host}."),
    ("sentence.just_you.firewall", "It's your network: a firewall is blocking the connection to {host}."),
    (
        "sentence.just_you.network_path",
        "It's the route: {host} works elsewhere, but can't be reached from your network.",
    ),
    ("sentence.just_you.path_mtu", "It's your connection: bigger pieces of data get lost on the way to {host}."),
    (
        "sentence.just_you.tls_interception",
        "It's your network: something is listening in on your secure connection to {host}.",
    ),
    (
        "sentence.just_you.clock_skew",
        "It's your computer: its clock is wrong, so secure sites like {host} refuse to open.",
    ),
    ("sentence.degraded.packet_loss", "{host} works, but your connection is losing data, so it's slow or patchy."),
    ("sentence.degraded.slow_network", "{host} works, but your connection is very slow right now."),
    ("sentence.degraded.ipv6", "{host} works, but your IPv6 connection is broken, so it can be slow or fail at times."),
    ("sentence.inconclusive.none", "We couldn't tell for sure whether {host} is down."),
    (
        "sentence.inconclusive.site_unreachable",
        "We can't tell yet: {host} isn't answering from here, and no other place could be asked. Try opening it on your phone over mobile data.",
    ),
    // The headline when "down for everyone" was not confirmed from other places.
    (
        "probably.down_for_everyone.origin",
        "It's probably not you: {host} seems to be down for everyone. Its server is having problems.",
    ),
    (
        "probably.down_for_everyone.site_unreachable",
        "It's probably not you: {host} seems to be down for everyone. Its server isn't answering.",
    ),
    (
        "probably.down_for_everyone.site_tls",
        "It's probably not you: {host} seems to have a broken security certificate.",
    ),
    (
        "probably.down_for_everyone.site_dns",
        "It's probably not you: the name {host} can't be found. Check the spelling, or the site's name may have expired.",
    ),
    ("confidence.confirmed", "Very sure."),
    ("confidence.likely", "Fairly sure."),
    ("confidence.unsure", "Not sure."),
    ("confidenceNote.confirmed", "Independent checks agree."),
    ("confidenceNote.likely", "The checks from this computer point clearly to this."),
    ("confidenceNote.unsure", "The evidence is mixed."),
    ("stepTitle.wait_and_retry", "Wait a moment, then reload the page"),
    ("stepTitle.refresh_page", "Reload the page, skipping saved copies"),
    ("stepTitle.clear_browser_cache", "Clear your browser's cache"),
    ("stepTitle.flush_dns", "Make your computer forget old addresses"),
    ("stepTitle.use_alternate_resolver", "Use a public address book (DNS)"),
    ("stepTitle.disable_vpn", "Turn off your VPN for a moment"),
    ("stepTitle.disable_proxy", "Turn off the proxy"),
    ("stepTitle.sign_in_to_network", "Sign in to this network"),
    ("stepTitle.check_connection", "Check that you're connected"),
    ("stepTitle.restart_router", "Restart your router"),
    ("stepTitle.try_other_network", "Try another network"),
    ("stepTitle.contact_isp", "Contact your internet provider"),
    ("stepTitle.contact_site_owner", "Tell the site's owner"),
    ("stepTitle.watch_until_back", "Wait for it to come back"),
    ("stepTitle.set_clock_automatically", "Fix your computer's clock"),
    ("stepTitle.remove_hosts_entry", "Remove the site's line from the hosts file"),
    ("stepTitle.ask_network_admin", "Ask whoever runs this network"),
    ("answer.howSure", "How sure we are:"),
    ("report.title", "Site Doctor report"),
    ("report.tried", "Steps tried:"),
    ("report.triedFixed", "fixed it"),
    ("report.triedSkipped", "skipped"),
    ("report.suggested", "Suggested next:"),
    ("helpdesk.incident", "Incident"),
    ("helpdesk.when", "When"),
    ("helpdesk.site", "Site"),
    ("helpdesk.result", "Result"),
    ("helpdesk.why", "Why"),
    ("helpdesk.contact", "Who can fix it:"),
    ("helpdesk.contactHost", "The site's host ({who}), or whoever runs {host}."),
    ("helpdesk.contactOwner", "Whoever runs {host}: the site's owner or its web host."),
    ("helpdesk.contactDomain", "Whoever registered the name {host}: its owner or domain registrar."),
    ("helpdesk.tellThem", "Tell them:"),
    ("helpdesk.tellError", "the error: {error}"),
    ("helpdesk.tellTime", "when: {time}"),
    ("helpdesk.tellAddress", "the address it came from: {address}"),
    ("helpdesk.tellFailures", "{path}: {failed} of {requests} requests failed, first at {first}, last at {last}"),
    ("helpdesk.tellPage", "the error page says: {page}"),
    ("helpdesk.tellOrigin", "the site's own server asked directly ({origin}): {answer}"),
    ("helpdesk.triedNotFixed", "not fixed"),
    ("helpdesk.before", "Before"),
    ("helpdesk.after", "After"),
    ("helpdesk.ran", "Site Doctor ran"),
    ("helpdesk.appendix", "Technical details (in English):"),
];

/// The "it's back" notification's English title (`watch.back`): `{site}` is the host.
pub const WATCH_BACK: &str = "{site} is back.";
/// The notification's English body (`watch.wasDown`): `{minutes}` down, rounded, at least 1.
pub const WATCH_WAS_DOWN: &str = "It was down for about {minutes} min.";

/// The English for one report key, if the report uses it.
pub fn report_word(key: &str) -> Option<&'static str> {
    REPORT_WORDS.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// Every report key and its English, for tests and for a catalogue to compare against.
pub fn report_words() -> impl Iterator<Item = (&'static str, &'static str)> {
    REPORT_WORDS.iter().copied()
}

/// Every word above, all of which the window's catalogue also has, by its catalogue key
/// (`section.code`), for the test that keeps the two the same (`ui/tests/words.test.ts`).
pub fn shared_with_catalogue() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for id in CheckId::ALL {
        out.insert(format!("checkName.{id}"), check_name(id).to_owned());
    }
    for c in ErrorClass::ALL {
        out.insert(format!("errorClass.{}", code(c)), error_class(c).to_owned());
    }
    for s in NextStep::ALL {
        out.insert(format!("nextStep.{}", code(s)), next_step(s).to_owned());
    }
    for b in BadInput::ALL {
        out.insert(format!("badInput.{}", code(b)), bad_input(b).to_owned());
    }
    for (key, english) in report_words() {
        out.insert(key.to_owned(), english.to_owned());
    }
    out.insert("watch.back".to_owned(), WATCH_BACK.to_owned());
    out.insert("watch.wasDown".to_owned(), WATCH_WAS_DOWN.to_owned());
    out
}

/// The contract's snake_case code of an enum value.
fn code<T: serde::Serialize>(v: T) -> String {
    serde_json::to_value(v).ok().and_then(|j| j.as_str().map(str::to_owned)).unwrap_or_default()
}
