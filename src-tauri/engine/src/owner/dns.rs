//! The owner's DNS check: the site's records as its authoritative servers hold them, beside what
//! the public resolvers and this computer's resolver give, and the CNAME chain to a CDN. Only the
//! readings live here; the questions are asked in `probe/owner_dns.rs`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::finding::ErrorClass;
use crate::status::Provider;

/// What the owner's DNS check found (`evidence.owner.dns`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct DnsTargets {
    /// The zone the site's name is in (the nearest name with NS records), when one was found.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub zone: Option<String>,
    /// What each authoritative server (at most three) said.
    #[serde(default)]
    pub authoritative: Vec<ResolverView>,
    /// What each public resolver (`[dns] alternates`, at most three) said.
    #[serde(default)]
    pub public: Vec<ResolverView>,
    /// What this computer's DNS said.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub system: Option<ResolverView>,
    /// The CNAME chain from the site's name, in order, as the first resolver that followed one
    /// gave it.
    #[serde(default)]
    pub chain: Vec<String>,
    /// The CDN or host the chain leads to, when its zone is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub cdn: Option<Provider>,
    /// What they say together.
    pub reading: DnsReading,
}

/// One server's answer for the site's name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct ResolverView {
    /// The server: its name and `ip:port` for an authoritative one, `ip:port` otherwise.
    pub server: String,
    /// The addresses it gave, sorted.
    #[serde(default)]
    pub answers: Vec<String>,
    /// The CNAME chain it gave.
    #[serde(default)]
    pub cname: Vec<String>,
    /// How it failed, when it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub error: Option<ErrorClass>,
}

/// What the authoritative servers and the resolvers say together.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DnsReading {
    /// Every resolver that answered gives what the authoritative servers hold.
    Consistent,
    /// A public resolver gives something else: a change that has not reached it yet (it will as
    /// the old record's time to live runs out), or a resolver filtering the name.
    PublicDiffers,
    /// The public resolvers agree with the authoritative servers, this computer's DNS does not:
    /// its resolver holds an old answer.
    LocalDiffers,
    /// No authoritative server gave an answer (down, refusing, or a lame delegation).
    AuthoritativeFailing,
    /// The zone or its servers could not be found: nothing to compare.
    #[default]
    Unknown,
}

/// Whether `view` gives what `truth` holds: `None` when it did not answer (absent evidence).
/// Behind a CNAME only the chain's first step is compared: CDNs hand out addresses by location.
fn agrees(view: &ResolverView, truth: &ResolverView) -> Option<bool> {
    if view.error.is_some() || (view.answers.is_empty() && view.cname.is_empty()) {
        return None;
    }
    match (truth.cname.first(), view.cname.first()) {
        (Some(t), Some(v)) => Some(t.eq_ignore_ascii_case(v)),
        (Some(_), None) | (None, Some(_)) => Some(false),
        (None, None) => Some(view.answers == truth.answers),
    }
}

/// Reads the answers together.
pub(crate) fn reading(
    authoritative: &[ResolverView],
    public: &[ResolverView],
    system: Option<&ResolverView>,
) -> DnsReading {
    if authoritative.is_empty() {
        return DnsReading::Unknown;
    }
    let Some(truth) = authoritative.iter().find(|a| a.error.is_none() && !(a.answers.is_empty() && a.cname.is_empty()))
    else {
        return DnsReading::AuthoritativeFailing;
    };
    if public.iter().any(|p| agrees(p, truth) == Some(false)) {
        DnsReading::PublicDiffers
    } else if system.is_some_and(|s| agrees(s, truth) == Some(false)) {
        DnsReading::LocalDiffers
    } else {
        DnsReading::Consistent
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(answers: &[&str], cname: &[&str], error: Option<ErrorClass>) -> ResolverView {
        ResolverView {
            server: "s".into(),
            answers: answers.iter().map(|s| (*s).to_owned()).collect(),
            cname: cname.iter().map(|s| (*s).to_owned()).collect(),
            error,
        }
    }

    #[test]
    fn the_readings_compare_with_what_the_authoritative_servers_hold() {
        let new = view(&["198.51.100.80"], &[], None);
        let old = view(&["198.51.100.81"], &[], None);
        let silent = view(&[], &[], Some(ErrorClass::Timeout));
        use DnsReading as R;
        assert_eq!(reading(std::slice::from_ref(&new), std::slice::from_ref(&new), Some(&new)), R::Consistent);
        assert_eq!(reading(std::slice::from_ref(&new), &[new.clone(), old.clone()], Some(&new)), R::PublicDiffers);
        assert_eq!(reading(std::slice::from_ref(&new), std::slice::from_ref(&new), Some(&old)), R::LocalDiffers);
        // A resolver that did not answer is absent evidence, not a disagreement.
        assert_eq!(reading(std::slice::from_ref(&new), std::slice::from_ref(&silent), Some(&silent)), R::Consistent);
        assert_eq!(reading(&[silent.clone(), new.clone()], std::slice::from_ref(&new), None), R::Consistent);
        assert_eq!(reading(std::slice::from_ref(&silent), std::slice::from_ref(&new), None), R::AuthoritativeFailing);
        assert_eq!(reading(&[], std::slice::from_ref(&new), None), R::Unknown);
        // Behind a CDN the addresses differ by place: only the chain's first step counts.
        let cdn_here = view(&["104.16.1.1"], &["shop.example.com.cdn.cloudflare.net"], None);
        let cdn_there = view(&["104.16.9.9"], &["shop.example.com.cdn.cloudflare.net"], None);
        let auth = view(&[], &["shop.example.com.cdn.cloudflare.net"], None);
        assert_eq!(reading(std::slice::from_ref(&auth), &[cdn_there], Some(&cdn_here)), R::Consistent);
        assert_eq!(reading(&[auth], std::slice::from_ref(&new), None), R::PublicDiffers);
    }
}
