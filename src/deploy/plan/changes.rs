//! What a step changes, field by field, with the old and the new value as a plan shows them
//! (as terraform does): only the fields the files set, maps key by key, long values cut, and
//! secrets masked.

use serde::Serialize;
use serde_json::Value;

use crate::catalog::secrets::{MASK, name_looks_secret};
use crate::deploy::launch;

/// One changed field: `old` is `None` when the field is new, `new` when it goes away.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Change {
    pub field: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
}

/// Longest value shown; longer ones are cut with `…`.
const SHOWN: usize = 120;

/// What must not be shown: secret values (password answers, variables named like secrets)
/// wherever they appear, and every value under a secret-looking environment key.
#[derive(Debug, Clone, Default)]
pub(crate) struct Mask {
    secrets: Vec<String>,
}

impl Mask {
    /// Masks `secrets` (values shorter than 4 characters are too common to hide by value; their
    /// keys still hide them).
    #[must_use]
    pub(crate) fn new(secrets: impl IntoIterator<Item = String>) -> Self {
        Self { secrets: secrets.into_iter().filter(|s| s.len() >= 4).collect() }
    }

    /// `value` as shown under `field`.
    #[must_use]
    pub(crate) fn show(&self, field: &str, value: &Value) -> String {
        let text = match value {
            Value::String(s) => format!("{s:?}"),
            other => other.to_string(),
        };
        let secret_key = field
            .split('.')
            .next_back()
            .is_some_and(|k| field.contains("environment") && name_looks_secret(k));
        if secret_key || self.secrets.iter().any(|s| text.contains(s.as_str())) {
            return MASK.to_owned();
        }
        if text.chars().count() > SHOWN {
            let cut: String = text.chars().take(SHOWN).collect();
            return format!("{cut}…");
        }
        text
    }

    /// A change of `field` from `old` to `new`.
    #[must_use]
    pub(crate) fn change(&self, field: &str, old: Option<&Value>, new: Option<&Value>) -> Change {
        let shown = |v: Option<&Value>| v.filter(|v| !v.is_null()).map(|v| self.show(field, v));
        Change { field: field.to_owned(), old: shown(old), new: shown(new) }
    }
}

/// The changes that make `have` hold `want` under `prefix`: objects key by key (only the keys
/// `want` sets), anything else as a whole.
pub(super) fn between(mask: &Mask, prefix: &str, have: Option<&Value>, want: &Value, out: &mut Vec<Change>) {
    if launch::covers(have, want) {
        return;
    }
    match (have, want) {
        (Some(Value::Object(h)), Value::Object(w)) => {
            for (key, value) in w {
                between(mask, &format!("{prefix}.{key}"), h.get(key), value, out);
            }
        }
        (None | Some(Value::Null), Value::Object(w)) => {
            for (key, value) in w {
                between(mask, &format!("{prefix}.{key}"), None, value, out);
            }
        }
        _ => out.push(mask.change(prefix, have, Some(want))),
    }
}

/// The launch config changes of `fields` (as `launch::differences` names them) between the
/// wanted config and the live one.
#[must_use]
pub(super) fn launch_config(
    mask: &Mask,
    prefix: &str,
    fields: &[String],
    want: &Value,
    have: &Value,
) -> Vec<Change> {
    let mut out = Vec::new();
    for field in fields {
        let Some(wanted) = want.get(field) else { continue };
        let name = if prefix.is_empty() { field.clone() } else { format!("{prefix}.{field}") };
        match field.as_str() {
            // Port lists are compared as sets in the server's format: shown whole.
            "ports" => out.push(mask.change(&name, have.get(field), Some(wanted))),
            _ => between(mask, &name, have.get(field), wanted, &mut out),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn maps_key_by_key_and_secrets_masked() {
        let mask = Mask::new(["Pw-7731xq".to_owned()]);
        let mut out = Vec::new();
        let have = json!({"A": "1", "DB_PASSWORD": "old", "KEEP": "x"});
        let want = json!({"A": "2", "DB_PASSWORD": "new", "URL": "mysql://u:Pw-7731xq@db"});
        between(&mask, "environment", Some(&have), &want, &mut out);
        let shown: Vec<(String, Option<String>, Option<String>)> =
            out.into_iter().map(|c| (c.field, c.old, c.new)).collect();
        assert_eq!(
            shown,
            [
                ("environment.A".into(), Some("\"1\"".into()), Some("\"2\"".into())),
                ("environment.DB_PASSWORD".into(), Some(MASK.into()), Some(MASK.into())),
                ("environment.URL".into(), None, Some(MASK.into())),
            ]
        );
    }

    #[test]
    fn long_values_are_cut() {
        let mask = Mask::default();
        let long = "x".repeat(500);
        let shown = mask.show("config", &json!(long));
        assert!(shown.ends_with('…') && shown.chars().count() == SHOWN + 1, "{shown}");
    }
}
