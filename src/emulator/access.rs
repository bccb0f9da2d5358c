//! Who a request is and which environment it acts in, by Rancher 1.6's scoping rules
//! (`rancher-api-semantics.md` §1.1, §1.9): without access control every request is the admin's; an account API key sees
//! every environment; an environment API key sees only its own, and a URL naming another
//! environment is refused. A request acts in the environment its `/projects/<id>/` prefix
//! names, else in the key's own environment (`Default` for the admin and account keys).

use axum::http::{HeaderMap, header};

use super::store::{DEFAULT_PROJECT, State};
use super::util;

/// The API keys the server accepts, with the environments already resolved to ids.
#[derive(Debug, Clone, Default)]
pub(super) struct Keys {
    pub account: Vec<(String, String)>,
    pub environment: Vec<(String, String, u64)>,
}

impl Keys {
    /// Access control is on as soon as there is a key.
    pub(super) fn enabled(&self) -> bool {
        !self.account.is_empty() || !self.environment.is_empty()
    }
}

/// Who sent a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Principal {
    /// Access control is off: the admin, who sees every environment.
    Admin,
    /// An account API key: every environment of the account (here, all of them).
    Account,
    /// An environment API key: that environment only.
    Environment(u64),
}

impl Principal {
    pub(super) fn sees(self, project: u64) -> bool {
        match self {
            Principal::Admin | Principal::Account => true,
            Principal::Environment(own) => own == project,
        }
    }

    /// The environment of a request whose URL names none.
    pub(super) fn home(self) -> u64 {
        match self {
            Principal::Admin | Principal::Account => DEFAULT_PROJECT,
            Principal::Environment(own) => own,
        }
    }

    /// The environments it sees, by id.
    pub(super) fn visible(self, st: &State) -> Vec<u64> {
        st.projects.keys().copied().filter(|p| self.sees(*p)).collect()
    }
}

/// The principal of a request's basic credentials; `None` when access control is on and they
/// match no key.
pub(super) fn authenticate(keys: &Keys, headers: &HeaderMap) -> Option<Principal> {
    if !keys.enabled() {
        return Some(Principal::Admin);
    }
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let encoded = value.strip_prefix("Basic ").or_else(|| value.strip_prefix("basic "))?;
    let decoded = String::from_utf8(util::base64_decode(encoded)?).ok()?;
    let (access, secret) = decoded.split_once(':')?;
    if keys.account.iter().any(|(a, s)| a == access && s == secret) {
        return Some(Principal::Account);
    }
    keys.environment
        .iter()
        .find(|(a, s, _)| a == access && s == secret)
        .map(|(_, _, project)| Principal::Environment(*project))
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    /// Basic credentials, already encoded (`user:password` in base64).
    fn basic(encoded: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_str(&format!("Basic {encoded}")).expect("ascii"),
        );
        headers
    }

    #[test]
    fn keys_decide_what_a_request_sees() {
        let keys = Keys {
            account: vec![("acct".into(), "s1".into())],
            environment: vec![("env".into(), "s2".into(), 7)],
        };
        assert_eq!(authenticate(&Keys::default(), &HeaderMap::new()), Some(Principal::Admin));
        assert_eq!(authenticate(&keys, &HeaderMap::new()), None);
        assert_eq!(authenticate(&keys, &basic("YWNjdDpzMQ==")), Some(Principal::Account));
        assert_eq!(authenticate(&keys, &basic("YWNjdDpzMg==")), None);
        let env = authenticate(&keys, &basic("ZW52OnMy"));
        assert_eq!(env, Some(Principal::Environment(7)));
        let env = env.expect("env key");
        assert!(env.sees(7) && !env.sees(DEFAULT_PROJECT));
        assert_eq!((env.home(), Principal::Account.home()), (7, DEFAULT_PROJECT));
    }
}
