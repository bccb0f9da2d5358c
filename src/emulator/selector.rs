//! Cattle's label selectors (`io.rancher.service.selector.link` → `selectorLink`): comma-separated
//! constraints, all of which must hold — `key=value`, `key!=value`, `key in (a, b)`,
//! `key notin (a, b)` and a bare `key` (present). Keys and values compare case-insensitively.

use serde_json::{Map, Value};

use super::error::{ApiError, ApiResult};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Constraint {
    Eq(String, String),
    Ne(String, String),
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
    Present(String),
}

/// A parsed selector; an empty one matches nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Selector(Vec<Constraint>);

impl Selector {
    /// Parse `selector`; a key with a space in it is Cattle's `InvalidFormat`.
    pub(super) fn parse(selector: &str) -> ApiResult<Selector> {
        let constraints: Vec<Constraint> =
            split_constraints(selector).iter().map(|c| constraint(c)).collect();
        let bad_key = constraints.iter().any(|c| key_of(c).contains(' '));
        if bad_key {
            return Err(ApiError::validation("InvalidFormat", "selectorLink")
                .with_message(format!("Invalid format selector : {selector}")));
        }
        Ok(Selector(constraints))
    }

    /// Whether labels (a JSON map of strings) satisfy every constraint.
    pub(super) fn matches(&self, labels: &Map<String, Value>) -> bool {
        let value_of = |key: &str| {
            labels.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v.as_str().unwrap_or(""))
        };
        let is = |key: &str, want: &str| value_of(key).is_some_and(|v| v.eq_ignore_ascii_case(want));
        !self.0.is_empty()
            && self.0.iter().all(|c| match c {
                Constraint::Eq(k, v) => is(k, v),
                Constraint::Ne(k, v) => !is(k, v),
                Constraint::In(k, vs) => vs.iter().any(|v| is(k, v)),
                Constraint::NotIn(k, vs) => !vs.iter().any(|v| is(k, v)),
                Constraint::Present(k) => value_of(k).is_some(),
            })
    }
}

fn key_of(c: &Constraint) -> &str {
    match c {
        Constraint::Eq(k, _) | Constraint::Ne(k, _) | Constraint::In(k, _) | Constraint::NotIn(k, _) => k,
        Constraint::Present(k) => k,
    }
}

/// Split at commas outside parentheses; the parentheses themselves are dropped.
fn split_constraints(selector: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut in_list = false;
    for c in selector.chars() {
        match c {
            '(' => in_list = true,
            ')' => in_list = false,
            ',' if !in_list => out.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    if !current.is_empty() || !out.is_empty() {
        out.push(current);
    }
    out
}

/// One constraint; the operators are tried in Cattle's order (`!=` before `=`).
fn constraint(text: &str) -> Constraint {
    let list = |v: &str| v.split(',').map(|x| x.trim().to_string()).collect();
    if let Some((k, v)) = text.split_once("!=") {
        Constraint::Ne(k.trim().to_string(), v.trim().to_string())
    } else if let Some((k, v)) = text.split_once('=') {
        Constraint::Eq(k.trim().to_string(), v.trim().to_string())
    } else if let Some((k, v)) = text.split_once(" notin ") {
        Constraint::NotIn(k.trim().to_string(), list(v))
    } else if let Some((k, v)) = text.split_once(" in ") {
        Constraint::In(k.trim().to_string(), list(v))
    } else {
        Constraint::Present(text.trim().to_string())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn labels(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    fn matches(selector: &str, l: Value) -> bool {
        Selector::parse(selector).map(|s| s.matches(&labels(l))).unwrap_or(false)
    }

    #[test]
    fn constraints_all_hold() {
        assert!(matches("foo=bar", json!({"foo": "bar", "x": "y"})));
        assert!(matches("FOO = Bar", json!({"foo": "bar"})));
        assert!(!matches("foo=bar", json!({"foo": "baz"})));
        assert!(matches("foo!=bar", json!({"x": "y"})));
        assert!(matches("tier in (web, api), env notin (dev)", json!({"tier": "api", "env": "prod"})));
        assert!(!matches("tier in (web, api), env notin (dev)", json!({"tier": "api", "env": "dev"})));
        assert!(matches("io.rancher.internal", json!({"io.rancher.internal": "true"})));
        assert!(!matches("", json!({"a": "b"})));
        assert!(!matches("foo=bar", json!({})));
    }

    #[test]
    fn a_key_with_a_space_is_invalid() {
        let e = Selector::parse("my key=x").expect_err("invalid");
        assert_eq!(e.code, "InvalidFormat");
    }
}
