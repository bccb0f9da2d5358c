//! What must never be shown: answers of `password` (and `masked`/`secret`) questions, and any
//! variable whose name looks like a credential.

use crate::compose::Question;

/// Name fragments that mark a variable as secret (compared case-insensitively).
const SECRET_MARKERS: &[&str] =
    &["PASSWORD", "PASSWD", "PASS", "SECRET", "TOKEN", "KEY", "CREDENTIAL", "PRIVATE", "AUTH", "CERT"];

/// Question types whose answers are secret.
const SECRET_TYPES: &[&str] = &["password", "masked"];

/// Whether a variable name looks like it holds a credential.
#[must_use]
pub(crate) fn name_looks_secret(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    SECRET_MARKERS.iter().any(|m| upper.contains(m))
}

/// Whether a question's answer is secret by its type.
#[must_use]
pub(crate) fn question_is_secret(q: &Question) -> bool {
    q.kind.as_deref().is_some_and(|k| SECRET_TYPES.contains(&k.to_ascii_lowercase().as_str()))
}

/// Whether the value of `name` (asked by `question`, if any) must be hidden.
#[must_use]
pub(crate) fn is_secret(name: &str, question: Option<&Question>) -> bool {
    name_looks_secret(name) || question.is_some_and(question_is_secret)
}

/// What to show instead of a secret value.
pub(crate) const MASK: &str = "********";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names_and_types() {
        for name in
            ["admin_password", "DB_PASS", "api_token", "SECRET_KEY", "ssh_key", "Auth_Header", "TLS_CERT"]
        {
            assert!(name_looks_secret(name), "{name}");
        }
        for name in ["PORT", "JENKINS_VERSION", "plugins", "volume_work"] {
            assert!(!name_looks_secret(name), "{name}");
        }
        let q = Question { variable: "x".into(), kind: Some("password".into()), ..Question::default() };
        assert!(is_secret("x", Some(&q)));
        assert!(!is_secret("x", None));
    }
}
