//! Variable interpolation in one string: `$VAR`, `${VAR}`, `$$` (as rancher-compose 0.12) plus the
//! docker compose forms `${VAR:-default}`, `${VAR-default}`, `${VAR:?message}`, `${VAR?message}`,
//! `${VAR:+alt}` and `${VAR+alt}`. Pure: the caller supplies the lookup and learns which names
//! were unset.

use std::fmt;

use crate::limits::{MAX_INTERPOLATED_BYTES, mib};

/// How deeply `${A:-${B:-...}}` defaults may nest.
const MAX_NESTING: usize = 16;

/// Why a string could not be interpolated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InterpolationError {
    /// The text is not valid interpolation syntax (`$1`, `${}`, a lone trailing `$`, ...).
    Syntax { text: String, reason: &'static str },
    /// `${VAR:?message}` or `${VAR?message}` with VAR missing.
    Required { name: String, message: String },
    /// The result would be larger than [`MAX_INTERPOLATED_BYTES`].
    TooLarge,
}

impl fmt::Display for InterpolationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Syntax { text, reason } => {
                write!(f, "invalid interpolation format in {text:?}: {reason}")
            }
            Self::Required { name, message } if message.is_empty() => {
                write!(f, "required variable `{name}` is not set")
            }
            Self::Required { name, message } => {
                write!(f, "required variable `{name}` is not set: {message}")
            }
            Self::TooLarge => write!(
                f,
                "the substituted text is larger than {} (limit hit: interpolated size)",
                mib(MAX_INTERPOLATED_BYTES as u64)
            ),
        }
    }
}

impl std::error::Error for InterpolationError {}

/// The result of interpolating one string.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Interpolated {
    pub value: String,
    /// Names that were referenced without a value and without a default form.
    pub unset: Vec<String>,
}

/// Interpolates `text`, asking `lookup` for each variable; `None` means unset.
///
/// # Errors
/// A syntax error or an unset `${VAR?message}` variable.
pub(crate) fn interpolate(
    text: &str,
    lookup: &mut dyn FnMut(&str) -> Option<String>,
) -> Result<Interpolated, InterpolationError> {
    expand(text, lookup, false, 0)
}

/// [`interpolate`] for a light read: a required variable that is missing (`${VAR:?message}`)
/// expands to nothing and is reported unset instead of failing.
///
/// # Errors
/// A syntax error.
pub(crate) fn interpolate_lenient(
    text: &str,
    lookup: &mut dyn FnMut(&str) -> Option<String>,
) -> Result<Interpolated, InterpolationError> {
    expand(text, lookup, true, 0)
}

fn expand(
    text: &str,
    lookup: &mut dyn FnMut(&str) -> Option<String>,
    lenient: bool,
    depth: usize,
) -> Result<Interpolated, InterpolationError> {
    let mut out = Interpolated::default();
    if !text.contains('$') {
        out.value = text.to_owned();
        return Ok(out);
    }
    let syntax = |reason| InterpolationError::Syntax { text: text.to_owned(), reason };
    if depth > MAX_NESTING {
        return Err(syntax("`${...}` nested more than 16 levels deep"));
    }
    let mut rest = text;
    while let Some(pos) = rest.find('$') {
        if out.value.len() > MAX_INTERPOLATED_BYTES {
            return Err(InterpolationError::TooLarge);
        }
        out.value.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        let next = after.chars().next();
        match next {
            Some('$') => {
                out.value.push('$');
                rest = &after[1..];
            }
            Some('{') => {
                let body_len = closing_brace(&after[1..]).ok_or_else(|| syntax("unclosed `${`"))?;
                let body = &after[1..=body_len];
                expand_braced(body, lookup, &mut out, lenient, depth).map_err(|e| match e {
                    BraceError::Syntax(reason) => syntax(reason),
                    BraceError::Other(e) => e,
                })?;
                rest = &after[body_len + 2..];
            }
            Some(c) if c == '_' || c.is_ascii_alphabetic() => {
                let len =
                    after.find(|c: char| !(c == '_' || c.is_ascii_alphanumeric())).unwrap_or(after.len());
                let name = &after[..len];
                match lookup(name) {
                    Some(v) => out.value.push_str(&v),
                    None => out.unset.push(name.to_owned()),
                }
                rest = &after[len..];
            }
            Some(_) => return Err(syntax("`$` must be followed by a name, `{` or `$`")),
            None => return Err(syntax("a lone `$` at the end")),
        }
    }
    out.value.push_str(rest);
    if out.value.len() > MAX_INTERPOLATED_BYTES {
        return Err(InterpolationError::TooLarge);
    }
    Ok(out)
}

enum BraceError {
    Syntax(&'static str),
    Other(InterpolationError),
}

/// Index (in `s`) of the `}` closing a `${` whose body starts at `s`, honouring nested `${...}`.
fn closing_brace(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'$' if bytes.get(i + 1) == Some(&b'$') => i += 1,
            b'$' if bytes.get(i + 1) == Some(&b'{') => {
                depth += 1;
                i += 1;
            }
            b'}' if depth == 0 => return Some(i),
            b'}' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    None
}

fn expand_braced(
    body: &str,
    lookup: &mut dyn FnMut(&str) -> Option<String>,
    out: &mut Interpolated,
    lenient: bool,
    depth: usize,
) -> Result<(), BraceError> {
    let name_len = body.find(|c: char| !(c == '_' || c.is_ascii_alphanumeric())).unwrap_or(body.len());
    let name = &body[..name_len];
    if name.is_empty() {
        return Err(BraceError::Syntax("empty variable name in `${}`"));
    }
    let modifier = &body[name_len..];
    let value = lookup(name);
    if modifier.is_empty() {
        match value {
            Some(v) => out.value.push_str(&v),
            None => out.unset.push(name.to_owned()),
        }
        return Ok(());
    }
    let (op, arg) = split_modifier(modifier).ok_or(BraceError::Syntax(
        "expected `}`, `:-`, `-`, `:?`, `?`, `:+` or `+` after the variable name",
    ))?;
    // With a colon, an empty value counts as missing (shell semantics).
    let colon = op.starts_with(':');
    let present = match &value {
        Some(v) => !(colon && v.is_empty()),
        None => false,
    };
    let mut nested = |text: &str, out: &mut Interpolated| -> Result<String, BraceError> {
        let inner = expand(text, lookup, lenient, depth + 1).map_err(BraceError::Other)?;
        out.unset.extend(inner.unset);
        Ok(inner.value)
    };
    match op.trim_start_matches(':') {
        "-" => {
            if present {
                out.value.push_str(value.as_deref().unwrap_or_default());
            } else {
                let default = nested(arg, out)?;
                out.value.push_str(&default);
            }
        }
        "?" => {
            if present {
                out.value.push_str(value.as_deref().unwrap_or_default());
            } else if lenient {
                out.unset.push(name.to_owned());
            } else {
                let message = nested(arg, out)?;
                return Err(BraceError::Other(InterpolationError::Required {
                    name: name.to_owned(),
                    message,
                }));
            }
        }
        _ => {
            // "+": the alternative when set, else empty.
            if present {
                let alt = nested(arg, out)?;
                out.value.push_str(&alt);
            }
        }
    }
    Ok(())
}

fn split_modifier(modifier: &str) -> Option<(&str, &str)> {
    [":-", ":?", ":+", "-", "?", "+"]
        .iter()
        .find(|op| modifier.starts_with(**op))
        .map(|op| (&modifier[..op.len()], &modifier[op.len()..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Result<Interpolated, InterpolationError> {
        interpolate(text, &mut |name| match name {
            "SET" => Some("value".to_owned()),
            "EMPTY" => Some(String::new()),
            "PORT" => Some("8080".to_owned()),
            _ => None,
        })
    }

    #[test]
    fn nesting_and_size_are_bounded() {
        let nested = |depth: usize| format!("{}x{}", "${A:-".repeat(depth), "}".repeat(depth));
        assert_eq!(run(&nested(16)).unwrap().value, "x");
        assert!(matches!(run(&nested(40)), Err(InterpolationError::Syntax { .. })));
        let big = "b".repeat(1024 * 1024);
        let text = "${BIG}".repeat(MAX_INTERPOLATED_BYTES / big.len() + 1);
        let result = interpolate(&text, &mut |_| Some(big.clone()));
        assert_eq!(result, Err(InterpolationError::TooLarge));
    }

    #[test]
    fn table() {
        let cases: &[(&str, &str, &[&str])] = &[
            ("plain", "plain", &[]),
            ("$SET", "value", &[]),
            ("${SET}", "value", &[]),
            ("a${SET}b", "avalueb", &[]),
            ("$SET-x", "value-x", &[]),
            ("$$", "$", &[]),
            ("$${SET}", "${SET}", &[]),
            ("$$SET", "$SET", &[]),
            ("$UNSET", "", &["UNSET"]),
            ("${UNSET}/${OTHER}", "/", &["UNSET", "OTHER"]),
            ("${UNSET:-dflt}", "dflt", &[]),
            ("${EMPTY:-dflt}", "dflt", &[]),
            ("${EMPTY-dflt}", "", &[]),
            ("${UNSET-dflt}", "dflt", &[]),
            ("${SET:-dflt}", "value", &[]),
            ("${UNSET:-${PORT}}", "8080", &[]),
            ("${UNSET:-${NOPE}}", "", &["NOPE"]),
            ("${UNSET:-a:b}", "a:b", &[]),
            ("${SET:+alt}", "alt", &[]),
            ("${UNSET:+alt}", "", &[]),
            ("${EMPTY+alt}", "alt", &[]),
            ("${SET:?must}", "value", &[]),
            ("host:${PORT}/tcp", "host:8080/tcp", &[]),
            ("ünï$SET", "ünïvalue", &[]),
        ];
        for (input, value, unset) in cases {
            let got = run(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(got.value, *value, "value of {input}");
            assert_eq!(got.unset, *unset, "unset of {input}");
        }
    }

    #[test]
    fn syntax_errors() {
        for input in ["$", "a$", "$1", "$ x", "${}", "${SET", "${SE T}", "${SET:x}", "$-"] {
            assert!(
                matches!(run(input), Err(InterpolationError::Syntax { .. })),
                "{input} should be a syntax error"
            );
        }
    }

    #[test]
    fn required_variables() {
        assert_eq!(
            run("${UNSET:?give it}"),
            Err(InterpolationError::Required { name: "UNSET".into(), message: "give it".into() })
        );
        assert!(matches!(run("${EMPTY:?x}"), Err(InterpolationError::Required { .. })));
        assert_eq!(run("${EMPTY?x}").map(|i| i.value), Ok(String::new()));
        let shown = run("${UNSET?}").unwrap_err().to_string();
        assert_eq!(shown, "required variable `UNSET` is not set");
    }

    #[test]
    fn a_lenient_read_expands_missing_required_variables_to_nothing() {
        let mut lookup = |name: &str| (name == "EMPTY").then(String::new);
        let got = interpolate_lenient("${UNSET:?give it}:${EMPTY:?x}:80", &mut lookup);
        assert_eq!(
            got,
            Ok(Interpolated { value: "::80".into(), unset: vec!["UNSET".into(), "EMPTY".into()] })
        );
        assert!(matches!(interpolate_lenient("${", &mut lookup), Err(InterpolationError::Syntax { .. })));
    }
}
