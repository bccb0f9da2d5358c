//! Checks every answer against its question, reporting all problems at once. Rancher checked
//! nothing; we check what each field promises: required, int, min/max, lengths, enum options,
//! booleans, allowed and forbidden characters. Only questions with a value are type-checked,
//! plus required ones. Secret answers are never quoted in messages.

use std::fmt;

use crate::compose::Question;

use super::secrets;

/// One answer that does not fit its question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub variable: String,
    pub label: Option<String>,
    pub kind: ProblemKind,
}

/// What is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// Required and empty or absent.
    Missing,
    /// Any other mismatch, as a sentence fragment.
    Invalid(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`", self.variable)?;
        if let Some(label) = self.label.as_deref().filter(|l| !l.is_empty()) {
            write!(f, " ({label})")?;
        }
        match &self.kind {
            ProblemKind::Missing => f.write_str(": required, but has no answer"),
            ProblemKind::Invalid(why) => write!(f, ": {why}"),
        }
    }
}

/// The normalised type of a question: unknown types behave as `string`, as in the Rancher UI.
#[must_use]
pub(crate) fn kind_of(q: &Question) -> &'static str {
    match q.kind.as_deref().map(str::to_ascii_lowercase).as_deref() {
        Some("int") => "int",
        Some("float") => "float",
        Some("enum") => "enum",
        Some("boolean") => "boolean",
        Some("multiline") => "multiline",
        Some("password") => "password",
        Some("masked") => "masked",
        Some("service") => "service",
        Some("certificate") => "certificate",
        Some("secret") => "secret",
        Some("date") => "date",
        _ => "string",
    }
}

/// Checks one question's value (`None`: no source has it).
#[must_use]
pub(crate) fn check(q: &Question, value: Option<&str>) -> Option<Problem> {
    let problem = |kind| Some(Problem { variable: q.variable.clone(), label: q.label.clone(), kind });
    let Some(value) = value.filter(|v| !v.is_empty()) else {
        return if q.required { problem(ProblemKind::Missing) } else { None };
    };
    check_value(q, value).and_then(|why| problem(ProblemKind::Invalid(why)))
}

/// Why `value` (non-empty) does not fit `q`, if it does not.
#[must_use]
pub(crate) fn check_value(q: &Question, value: &str) -> Option<String> {
    let secret = secrets::is_secret(&q.variable, Some(q));
    let shown = if secret { "the answer".to_owned() } else { format!("`{value}`") };
    match kind_of(q) {
        "int" => match value.trim().parse::<i64>() {
            Err(_) => return Some(format!("{shown} is not a whole number")),
            Ok(n) => {
                if let Some(min) = q.min.filter(|m| n < *m) {
                    return Some(format!("{shown} is below the minimum {min}"));
                }
                if let Some(max) = q.max.filter(|m| n > *m) {
                    return Some(format!("{shown} is above the maximum {max}"));
                }
            }
        },
        "float" if value.trim().parse::<f64>().map_or(true, |f| !f.is_finite()) => {
            return Some(format!("{shown} is not a number"));
        }
        "boolean" if !matches!(value, "true" | "false") => {
            return Some(format!("{shown} is not `true` or `false`"));
        }
        "enum" if !q.options.is_empty() && !q.options.iter().any(|o| o == value) => {
            let options = q.options.iter().map(|o| format!("`{o}`")).collect::<Vec<_>>().join(", ");
            return Some(format!("{shown} is not one of the options {options}"));
        }
        _ => {}
    }
    let len = i64::try_from(value.chars().count()).unwrap_or(i64::MAX);
    if let Some(min) = q.min_length.filter(|m| len < *m) {
        return Some(format!("{shown} is {len} characters long; at least {min} are required"));
    }
    if let Some(max) = q.max_length.filter(|m| len > *m) {
        return Some(format!("{shown} is {len} characters long; at most {max} are allowed"));
    }
    if let Some(valid) = q.valid_chars.as_deref().filter(|v| !v.is_empty()) {
        let class = CharClass::parse(valid);
        if let Some(bad) = value.chars().find(|c| !class.contains(*c)) {
            let bad = if secret { String::new() } else { format!(" `{bad}`") };
            return Some(format!("{shown} contains a character{bad} outside the allowed `{valid}`"));
        }
    }
    if let Some(invalid) = q.invalid_chars.as_deref().filter(|v| !v.is_empty()) {
        let class = CharClass::parse(invalid);
        if let Some(bad) = value.chars().find(|c| class.contains(*c)) {
            let bad = if secret { String::new() } else { format!(" `{bad}`") };
            return Some(format!("{shown} contains the forbidden character{bad} (from `{invalid}`)"));
        }
    }
    None
}

/// A character class as Rancher API schemas write them: literal characters and `a-z` ranges
/// (a `-` first or last is literal).
struct CharClass {
    ranges: Vec<(char, char)>,
}

impl CharClass {
    fn parse(spec: &str) -> Self {
        let chars: Vec<char> = spec.chars().collect();
        let mut ranges = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if i + 2 < chars.len() && chars[i + 1] == '-' {
                ranges.push((chars[i], chars[i + 2]));
                i += 3;
            } else {
                ranges.push((chars[i], chars[i]));
                i += 1;
            }
        }
        Self { ranges }
    }

    fn contains(&self, c: char) -> bool {
        self.ranges.iter().any(|(a, b)| *a <= c && c <= *b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(kind: &str) -> Question {
        Question {
            variable: "V".into(),
            label: Some("Label".into()),
            kind: Some(kind.into()),
            ..Question::default()
        }
    }

    fn bad(q: &Question, value: &str) -> String {
        check(q, Some(value)).map(|p| p.to_string()).unwrap_or_default()
    }

    #[test]
    fn required_and_empty() {
        let mut question = q("string");
        assert_eq!(check(&question, None), None);
        assert_eq!(check(&question, Some("")), None);
        question.required = true;
        assert_eq!(bad(&question, ""), "`V` (Label): required, but has no answer");
        assert_eq!(check(&question, None).map(|p| p.kind), Some(ProblemKind::Missing));
        let mut b = q("boolean");
        b.required = true;
        assert_eq!(check(&b, Some("false")), None);
    }

    #[test]
    fn per_type_table() {
        let mut int = q("int");
        int.min = Some(1);
        int.max = Some(65535);
        let mut en = q("enum");
        en.options = vec!["a".into(), "1.10".into()];
        let mut len = q("string");
        len.min_length = Some(2);
        len.max_length = Some(4);
        let mut chars = q("string");
        chars.valid_chars = Some("a-z0-9-".into());
        let mut forbidden = q("string");
        forbidden.invalid_chars = Some(" /".into());
        let cases: &[(&Question, &str, &str)] = &[
            (&int, "80", ""),
            (&int, "x", "`x` is not a whole number"),
            (&int, "0", "below the minimum 1"),
            (&int, "70000", "above the maximum 65535"),
            (&q("float"), "1.5", ""),
            (&q("float"), "one", "not a number"),
            (&q("boolean"), "true", ""),
            (&q("boolean"), "yes", "not `true` or `false`"),
            (&en, "1.10", ""),
            (&en, "1.1", "not one of the options `a`, `1.10`"),
            (&len, "abc", ""),
            (&len, "a", "at least 2"),
            (&len, "abcde", "at most 4"),
            (&chars, "web-1", ""),
            (&chars, "Web", "character `W` outside"),
            (&forbidden, "a b", "forbidden character ` `"),
            (&q("multiline"), "a\nb", ""),
            (&q("whatever"), "x", ""),
        ];
        for (question, value, want) in cases {
            let got = bad(question, value);
            if want.is_empty() {
                assert_eq!(got, "", "{value:?}");
            } else {
                assert!(got.contains(want), "{value:?}: {got}");
            }
        }
    }

    #[test]
    fn secret_answers_are_not_quoted() {
        let mut pw = q("password");
        pw.min_length = Some(12);
        let msg = bad(&pw, "hunter2");
        assert!(msg.contains("at least 12") && !msg.contains("hunter2"), "{msg}");
        let mut named = q("int");
        named.variable = "API_TOKEN".into();
        assert!(!bad(&named, "s3cr3t").contains("s3cr3t"));
    }
}
