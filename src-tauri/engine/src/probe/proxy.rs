//! `site.proxy`: the same request as `site.connection`, sent the way the proxy configured in the
//! environment (or, without one, in the OS settings) would carry it: `CONNECT` then TLS for https, an absolute-form GET for http. With
//! both results side by side the rules can tell "the proxy is in the way" from "the site is down".

use crate::check_id::CheckId;
use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use base64::Engine as _;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use super::exchange::{from_outcome, host_of, path_of};
use super::{Ctx, Failure, http};
use crate::finding::{Check, ErrorClass, Status, ms_since};
use crate::os_proxy::{OsProxyInput, OsProxySetting};
use crate::target::Target;

/// Longest answer to `CONNECT` read; a real one is a few hundred bytes.
const CONNECT_HEAD_MAX: usize = 16 * 1024;
/// How long the proxy may take to answer `CONNECT` (it connects to the site meanwhile).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(8);

/// A proxy the target's requests go through.
#[derive(Debug, Clone)]
pub(crate) struct Via {
    /// Where it came from: the environment variable, or the OS setting ("GNOME settings").
    pub source: String,
    /// The proxy's URL, with any password.
    pub url: url::Url,
}

impl Via {
    /// The proxy without user name or password, for subjects and evidence.
    pub(crate) fn shown(&self) -> String {
        let mut u = self.url.clone();
        let _ = u.set_username("");
        let _ = u.set_password(None);
        u.to_string()
    }
}

/// Whether and how the target goes through a proxy.
#[derive(Debug)]
pub(crate) enum Choice {
    /// No proxy for this scheme.
    Direct,
    /// `no_proxy` sends the target around the proxy: the words why.
    Bypass(String),
    /// A proxy is set but cannot be checked: the reason as a skipped `site.proxy`.
    Skip(Box<Check>),
    /// Through this proxy.
    Via(Via),
}

/// Picks the proxy for `target` as curl and most tools do: `https_proxy` (or `http_proxy`),
/// then `all_proxy`, lower case first; `no_proxy` excludes hosts. `env` reads a variable. With
/// none of them set, the OS setting `os` (read by the caller) decides.
pub(crate) fn choose(target: &Target, env: &dyn Fn(&str) -> Option<String>, os: Option<&OsProxyInput>) -> Choice {
    let vars: [&'static str; 4] = if target.is_https() {
        ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"]
    } else {
        ["http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"]
    };
    let Some((var, value)) = vars.iter().find_map(|v| env(v).filter(|s| !s.trim().is_empty()).map(|s| (*v, s))) else {
        return os.map_or(Choice::Direct, |os| choose_os(target, os));
    };
    let host = target.host_str();
    for nv in ["no_proxy", "NO_PROXY"] {
        if let Some(list) = env(nv).filter(|l| bypassed(l, &host, target.port)) {
            return Choice::Bypass(format!("{nv}={list} sends {host} around the proxy"));
        }
    }
    match url::Url::parse(&with_scheme(&value)) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {
            Choice::Via(Via { source: var.to_owned(), url })
        }
        Ok(url) => skip(var, None, format!("{} proxies are not checked", url.scheme())),
        Err(_) => skip(var, None, "the proxy setting is not a URL".into()),
    }
}

/// A `site.proxy` that is not run, and why.
fn skip(source: &str, url: Option<String>, message: String) -> Choice {
    let mut c = Check::new(CheckId::SiteProxy, None, Status::Skipped, 0);
    c.detail.variable = Some(source.to_owned());
    c.detail.url = url;
    c.detail.message = Some(message);
    Choice::Skip(Box::new(c))
}

/// A proxy variable as a URL: `host:port` without a scheme means `http://`, as curl reads it.
/// `environment.proxy` and `site.proxy` both read it this way, so they agree.
pub(crate) fn with_scheme(value: &str) -> String {
    let text = value.trim();
    if text.contains("://") { text.to_owned() } else { format!("http://{text}") }
}

/// The OS setting's proxy for `target`: the typed-in server for its scheme unless an exception
/// names the host; a PAC file or network discovery is said, not evaluated.
fn choose_os(target: &Target, os: &OsProxyInput) -> Choice {
    let source = os.source.as_str();
    let bypass = match &os.setting {
        OsProxySetting::Pac { url } => {
            let why = format!(
                "a proxy auto-configuration (PAC) file is set in {source} ({url}); Site Doctor does not run PAC files, so the proxy it picks is not tested"
            );
            return skip(source, Some(url.clone()), why);
        }
        OsProxySetting::AutoDetect => {
            let why = format!(
                "{source} say to find the proxy on the network (WPAD), which Site Doctor does not do, so it is not tested"
            );
            return skip(source, None, why);
        }
        OsProxySetting::Manual { bypass, .. } => bypass,
    };
    let Some(server) = os.server_for(target.is_https()) else { return Choice::Direct };
    let host = target.host_str();
    let local = !host.contains('.') && !host.contains(':');
    let excepted = bypass.iter().any(|e| if e == "<local>" { local } else { bypassed(e, &host, target.port) });
    if excepted {
        return Choice::Bypass(format!(
            "the exceptions in {source} ({}) send {host} around the proxy",
            bypass.join(", ")
        ));
    }
    let authority = if server.host.contains(':') { format!("[{}]", server.host) } else { server.host.clone() };
    match url::Url::parse(&format!("http://{authority}:{}", server.port)) {
        Ok(url) if url.host().is_some() => Choice::Via(Via { source: source.to_owned(), url }),
        _ => skip(source, None, format!("the proxy set in {source} is not a host name")),
    }
}

/// True when a `no_proxy` list names `host`: `*`, the name or a parent domain (`.example.com`,
/// `example.com`, `*.example.com`), an IP, or a CIDR range; `name:port` entries match that port.
pub(crate) fn bypassed(list: &str, host: &str, port: u16) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let ip: Option<IpAddr> = host.parse().ok();
    list.split([',', ' ']).map(str::trim).filter(|e| !e.is_empty()).any(|entry| {
        if entry == "*" {
            return true;
        }
        if let Some((net, len)) = entry.split_once('/') {
            return match (ip, net.parse::<IpAddr>(), len.parse::<u32>()) {
                (Some(ip), Ok(net), Ok(len)) => in_cidr(ip, net, len),
                _ => false,
            };
        }
        let (name, entry_port) = match entry.rsplit_once(':') {
            Some((n, p)) if entry.matches(':').count() == 1 || n.ends_with(']') => (n, p.parse::<u16>().ok()),
            _ => (entry, None),
        };
        if entry_port.is_some_and(|p| p != port) {
            return false;
        }
        let name = name.trim_start_matches("*.").trim_start_matches('.').trim_end_matches('.');
        let name = name.trim_start_matches('[').trim_end_matches(']').to_ascii_lowercase();
        host == name || (ip.is_none() && host.ends_with(&format!(".{name}")))
    })
}

fn in_cidr(ip: IpAddr, net: IpAddr, len: u32) -> bool {
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) if len <= 32 => {
            let mask = u32::MAX.checked_shl(32 - len).unwrap_or(0);
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) if len <= 128 => {
            let mask = u128::MAX.checked_shl(128 - len).unwrap_or(0);
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

/// `Proxy-Authorization` from the proxy URL's user name and password, if it has them.
fn authorization(url: &url::Url) -> Option<String> {
    if url.username().is_empty() {
        return None;
    }
    let decode = |s: &str| percent_decode(s);
    let pair = format!("{}:{}", decode(url.username()), decode(url.password().unwrap_or("")));
    Some(format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(pair)))
}

fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// The same request as `site.connection`, through the proxy: `site.proxy`.
pub(crate) async fn site_proxy(target: &Target, via: &Via, ctx: &Ctx) -> Check {
    let start = Instant::now();
    let shown = via.shown();
    let fail = |f: Failure| {
        let mut c = f.into_check(CheckId::SiteProxy, Some(shown.clone()), ms_since(start));
        c.detail.proxy = Some(shown.clone());
        c.detail.variable = Some(via.source.clone());
        c
    };
    let Some(proxy_host) = host_of(&via.url) else {
        return fail(Failure::new(ErrorClass::Other, "the proxy URL has no host"));
    };
    let proxy_port = via.url.port_or_known_default().unwrap_or(3128);
    let dns_start = Instant::now();
    let ip = match ctx.resolve(&proxy_host).await {
        Ok(ips) => ips[0],
        Err(f) => return fail(f.context(format_args!("cannot find the proxy {proxy_host}"))),
    };
    let dns_ms = (proxy_host.parse::<IpAddr>().is_err()).then(|| http::ms(dns_start.elapsed()));
    let addr = SocketAddr::new(ip, proxy_port);
    let auth = authorization(&via.url);
    let mut out = http::Outcome::default();
    let mut check = match http::connect(addr, ctx.deadline, &mut out, start).await {
        None => from_outcome(CheckId::SiteProxy, addr, target.url.as_str(), &out, start),
        Some(tcp) if via.url.scheme() == "https" => {
            let tls = ctx.tls().await;
            match http::handshake(tcp, &proxy_host, tls, ctx.deadline, &mut out, start).await {
                Some(s) => through(s, target, auth.as_deref(), addr, out, ctx, start).await,
                None => from_outcome(CheckId::SiteProxy, addr, target.url.as_str(), &out, start),
            }
        }
        Some(tcp) => through(tcp, target, auth.as_deref(), addr, out, ctx, start).await,
    };
    check.subject = Some(shown.clone());
    check.detail.proxy = Some(shown);
    check.detail.variable = Some(via.source.clone());
    if let Some(p) = check.detail.phases.as_mut() {
        p.dns_ms = dns_ms;
    }
    if let (Some(code), None) = (check.detail.proxy_status, check.detail.error)
        && !(200..300).contains(&code)
    {
        check.status = Status::Fail;
        check.detail.error = Some(ErrorClass::Other);
        check.detail.message = Some(proxy_words(code));
    }
    check
}

/// Over an open connection to the proxy: `CONNECT` + TLS + GET for https, absolute GET for http.
async fn through<S>(
    mut stream: S,
    target: &Target,
    auth: Option<&str>,
    addr: SocketAddr,
    mut out: http::Outcome,
    ctx: &Ctx,
    start: Instant,
) -> Check
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let host = target.host_str();
    let url = target.url.as_str();
    if !target.is_https() {
        let req = http::Request {
            target: url,
            port: target.port,
            proxy_auth: auth,
            ..http::Request::new(addr, &host, url, None, ctx.deadline)
        };
        let out = http::exchange(stream, &req, out, start).await;
        let mut check = from_outcome(CheckId::SiteProxy, addr, url, &out, start);
        // Only a 407, or Squid's own error page, is surely the proxy speaking rather than the site.
        if out.status_code == Some(407) || out.headers.contains_key("x-squid-error") {
            check.detail.proxy_status = out.status_code;
        }
        return check;
    }
    let authority =
        if host.contains(':') { format!("[{host}]:{}", target.port) } else { format!("{host}:{}", target.port) };
    let asked = Instant::now();
    let answer = tokio::time::timeout_at(http::limit(CONNECT_TIMEOUT, ctx.deadline), async {
        let mut head = format!("CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n");
        if let Some(a) = auth {
            head.push_str(&format!("Proxy-Authorization: {a}\r\n"));
        }
        head.push_str(concat!("User-Agent: SiteDoctor/", env!("CARGO_PKG_VERSION"), "\r\n\r\n"));
        stream.write_all(head.as_bytes()).await?;
        read_status(&mut stream).await
    })
    .await;
    out.phases.proxy_ms = Some(http::ms(asked.elapsed()));
    let code = match answer {
        Err(_) => {
            out.fail(ErrorClass::Timeout, "the proxy did not answer CONNECT in time".into(), http::Phase::Http, start);
            return from_outcome(CheckId::SiteProxy, addr, url, &out, start);
        }
        Ok(Err(e)) => {
            let class =
                if e.kind() == std::io::ErrorKind::InvalidData { ErrorClass::HttpProtocol } else { http::io_class(&e) };
            out.fail(class, format!("CONNECT: {e}"), http::Phase::Http, start);
            return from_outcome(CheckId::SiteProxy, addr, url, &out, start);
        }
        Ok(Ok(code)) => code,
    };
    if !(200..300).contains(&code) {
        out.phases.total_ms = Some(http::ms(start.elapsed()));
        let mut check = from_outcome(CheckId::SiteProxy, addr, url, &out, start);
        check.detail.proxy_status = Some(code);
        check.detail.error = None;
        return check;
    }
    let tls = ctx.tls().await;
    let path = path_of(&target.url);
    let mut check = match http::handshake(stream, &host, tls, ctx.deadline, &mut out, start).await {
        Some(s) => {
            let req =
                http::Request { port: target.port, ..http::Request::new(addr, &host, &path, Some(tls), ctx.deadline) };
            let out = http::exchange(s, &req, out, start).await;
            from_outcome(CheckId::SiteProxy, addr, url, &out, start)
        }
        None => from_outcome(CheckId::SiteProxy, addr, url, &out, start),
    };
    check.detail.proxy_status = Some(code);
    check
}

/// Reads the proxy's answer head to `CONNECT` (bounded) and returns its status code.
async fn read_status<S: AsyncRead + Unpin>(stream: &mut S) -> std::io::Result<u16> {
    let mut head = Vec::with_capacity(512);
    let mut byte = [0u8; 1];
    // One byte at a time: nothing after the blank line may be eaten, it belongs to TLS.
    while !head.ends_with(b"\r\n\r\n") {
        if head.len() >= CONNECT_HEAD_MAX {
            return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, "the proxy's answer is too large"));
        }
        if stream.read(&mut byte).await? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        head.push(byte[0]);
    }
    let line = String::from_utf8_lossy(&head);
    let mut words = line.split_whitespace();
    match (words.next(), words.next().and_then(|c| c.parse::<u16>().ok())) {
        (Some(v), Some(code)) if v.starts_with("HTTP/1.") => Ok(code),
        _ => Err(std::io::Error::new(std::io::ErrorKind::InvalidData, "the proxy's answer is not HTTP")),
    }
}

fn proxy_words(code: u16) -> String {
    let what = match code {
        407 => "wants a user name and password",
        403 => "refused to connect to this site",
        502 | 504 => "could not reach the site",
        503 => "is unavailable",
        _ => "refused the request",
    };
    format!("the proxy {what} (HTTP {code})")
}

#[cfg(test)]
#[path = "proxy_tests.rs"]
mod tests;
