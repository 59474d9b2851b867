//! The computer's own settings that change where a request goes: proxy variables and the hosts file.

use crate::check_id::CheckId;
use std::net::IpAddr;
use std::path::Path;

use crate::finding::{Check, Status, ms_since};

/// Environment variables browsers and tools read for a proxy, in the order curl prefers them.
const PROXY_VARS: &[&str] = &["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"];
/// Hosts files are small; a huge one is read only this far.
const HOSTS_MAX: u64 = 1 << 20;

/// `environment.proxy`: a proxy set in the environment (OS proxy settings come later), and
/// whether `no_proxy` sends the target around it.
pub(crate) fn proxy(target: &crate::target::Target) -> Check {
    let start = std::time::Instant::now();
    let found = PROXY_VARS.iter().find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()).map(|s| (*v, s)));
    let mut c = Check::new(CheckId::EnvironmentProxy, None, Status::Pass, 0);
    if let Some((var, value)) = found {
        c.status = Status::Warn;
        c.detail.variable = Some(var.to_owned());
        c.detail.url = Some(redact_userinfo(&value));
        c.detail.message = Some("web traffic is sent through a proxy".into());
        if let super::proxy::Choice::Bypass(why) = super::proxy::choose(target, &|v| std::env::var(v).ok()) {
            c.detail.message = Some(format!("web traffic is sent through a proxy, but {why}"));
        }
    }
    c.elapsed_ms = ms_since(start);
    c
}

fn redact_userinfo(proxy: &str) -> String {
    match url::Url::parse(proxy) {
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
    }
}
