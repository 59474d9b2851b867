//! The computer's own settings that change where a request goes: the proxy (variables, else the
//! OS setting) and the hosts file.

use crate::check_id::CheckId;
use std::net::IpAddr;
use std::path::Path;

use crate::finding::{Check, Status, ms_since};
use crate::os_proxy::{OsProxyInput, OsProxySetting};

/// Environment variables browsers and tools read for a proxy, in the order curl prefers them.
const PROXY_VARS: &[&str] = &["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"];
/// Hosts files are small; a huge one is read only this far.
const HOSTS_MAX: u64 = 1 << 20;

/// `environment.proxy`: a proxy set in the environment, else in the OS settings (`os`, read by
/// the caller), and whether an exception sends the target around it.
pub(crate) fn proxy(target: &crate::target::Target, os: Option<&OsProxyInput>) -> Check {
    let start = std::time::Instant::now();
    let found = PROXY_VARS.iter().find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()).map(|s| (*v, s)));
    let mut c = Check::new(CheckId::EnvironmentProxy, None, Status::Pass, 0);
    let setting = match (found, os) {
        (Some((var, value)), _) => {
            Some((var.to_owned(), Some(redact_userinfo(&value)), "web traffic is sent through a proxy"))
        }
        (None, Some(os)) => os_setting(target, os),
        (None, None) => None,
    };
    if let Some((source, url, words)) = setting {
        c.status = Status::Warn;
        c.detail.variable = Some(source);
        c.detail.url = url;
        c.detail.message = Some(words.to_owned());
        if let super::proxy::Choice::Bypass(why) = super::proxy::choose(target, &|v| std::env::var(v).ok(), os) {
            c.detail.message = Some(format!("{words}, but {why}"));
        }
    }
    c.elapsed_ms = ms_since(start);
    c
}

/// The OS setting as (where, which proxy or PAC file, words), when it names one for `target`.
fn os_setting(target: &crate::target::Target, os: &OsProxyInput) -> Option<(String, Option<String>, &'static str)> {
    let source = os.source.clone();
    match &os.setting {
        OsProxySetting::Pac { url } => {
            Some((source, Some(url.clone()), "a proxy auto-configuration (PAC) file chooses the proxy"))
        }
        OsProxySetting::AutoDetect => Some((source, None, "the proxy is looked for on the network (WPAD)")),
        OsProxySetting::Manual { .. } => {
            let server = os.server_for(target.is_https())?;
            let host = if server.host.contains(':') { format!("[{}]", server.host) } else { server.host.clone() };
            Some((source, Some(format!("http://{host}:{}/", server.port)), "web traffic is sent through a proxy"))
        }
    }
}

fn redact_userinfo(proxy: &str) -> String {
    match url::Url::parse(&super::proxy::with_scheme(proxy)) {
        Ok(mut u) => {
            let _ = u.set_username("");
            let _ = u.set_password(None);
            u.to_string()
        }
        Err(_) => "(unreadable proxy setting)".into(),
    }
}

/// `environment.hosts`: a hosts-file line for the target's name sends it to a fixed address.
pub(crate) async fn hosts(path: &Path, host: &str) -> (Check, Vec<IpAddr>) {
    let start = std::time::Instant::now();
    let mut c = Check::new(CheckId::EnvironmentHosts, Some(path.display().to_string()), Status::Pass, 0);
    let text = match read_bounded(path).await {
        Ok(t) => t,
        Err(e) => {
            c.status = Status::Skipped;
            c.detail.message = Some(format!("cannot read {}: {e}", path.display()));
            c.elapsed_ms = ms_since(start);
            return (c, Vec::new());
        }
    };
    let ips = hosts_entries(&text, host);
    if !ips.is_empty() {
        c.status = Status::Warn;
        c.detail.answers = Some(ips.iter().map(IpAddr::to_string).collect());
        c.detail.message = Some(format!("the hosts file sends {host} to a fixed address"));
    }
    c.elapsed_ms = ms_since(start);
    (c, ips)
}

async fn read_bounded(path: &Path) -> std::io::Result<String> {
    use tokio::io::AsyncReadExt;
    let f = tokio::fs::File::open(path).await?;
    let mut buf = Vec::new();
    f.take(HOSTS_MAX).read_to_end(&mut buf).await?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// Addresses the hosts file gives `host` (case-insensitive, comments ignored).
pub(crate) fn hosts_entries(text: &str, host: &str) -> Vec<IpAddr> {
    text.lines()
        .filter_map(|line| {
            let line = line.split('#').next()?;
            let mut words = line.split_whitespace();
            let ip: IpAddr = words.next()?.parse().ok()?;
            words.any(|w| w.trim_end_matches('.').eq_ignore_ascii_case(host)).then_some(ip)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_lines_match_names_not_substrings() {
        let text = "127.0.0.1 localhost\n# 10.0.0.1 shop.example.com\n203.0.113.9  www.example.com shop.example.com. # pinned\n198.51.100.1 notshop.example.com\n";
        assert_eq!(hosts_entries(text, "shop.example.com"), vec!["203.0.113.9".parse::<IpAddr>().expect("ip")]);
        assert!(hosts_entries(text, "example.com").is_empty());
    }

    #[test]
    fn proxy_passwords_never_reach_the_evidence() {
        assert_eq!(redact_userinfo("http://bob:hunter2@proxy.example:3128"), "http://proxy.example:3128/");
        // Without a scheme, as `site.proxy` reads it: http.
        assert_eq!(redact_userinfo("127.0.0.1:3128"), "http://127.0.0.1:3128/");
        assert_eq!(redact_userinfo("bob:pw@proxy.example:3128"), "http://proxy.example:3128/");
    }
}
