//! Answers files (`-e/--env-file` and `--answers`): `KEY=VALUE` text (through the shared env-file
//! parser: quotes, multi-line values, comments, `export`, CRLF), or a flat YAML / JSON map when
//! the name ends in `.yml`, `.yaml` or `.json`, as the Rancher CLI chose them. Scalars become
//! text (`8080`, `true`); lists and maps are an error naming the key.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;

use crate::compose::envfile;
use crate::compose::input::{self, ReadError};
use crate::compose::source::{self, Source};

/// An answers file that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum AnswersError {
    #[error("cannot read answers file `{}`: {source}", path.display())]
    Read { path: PathBuf, source: ReadError },
    #[error("{}:{line}{}: {message}", path.display(), column.map(|c| format!(":{c}")).unwrap_or_default())]
    Syntax { path: PathBuf, line: usize, column: Option<usize>, message: String },
    #[error("{}: the answers must be a map of variable names to values", path.display())]
    NotAMap { path: PathBuf },
    #[error("{}{}: `{key}` must be a text, number or boolean, not {kind}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    NotAScalar { path: PathBuf, line: Option<usize>, key: String, kind: &'static str },
}

/// How a file is read, chosen by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Text,
    Yaml,
    Json,
}

impl Format {
    #[must_use]
    pub(crate) fn of(path: &Path) -> Self {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("yml" | "yaml") => Self::Yaml,
            Some("json") => Self::Json,
            _ => Self::Text,
        }
    }
}

/// Reads the answers file at `full`, naming it `shown` in messages.
///
/// # Errors
/// The file cannot be read, or is malformed (with its line), or has a non-scalar value.
pub(crate) fn read(full: &Path, shown: &Path) -> Result<IndexMap<String, String>, AnswersError> {
    let text = input::read_text(full).map_err(|source| match source.position() {
        Some((line, column)) => AnswersError::Syntax {
            path: shown.to_owned(),
            line,
            column: Some(column),
            message: source.to_string(),
        },
        None => AnswersError::Read { path: shown.to_owned(), source },
    })?;
    parse(&text, Format::of(shown), shown)
}

/// Parses answers text of a known format; `path` only names the file in errors.
///
/// # Errors
/// As [`read`].
pub(crate) fn parse(
    text: &str,
    format: Format,
    path: &Path,
) -> Result<IndexMap<String, String>, AnswersError> {
    match format {
        Format::Text => {
            let entries = envfile::parse(text).map_err(|e| AnswersError::Syntax {
                path: path.to_owned(),
                line: e.line,
                column: None,
                message: e.message,
            })?;
            // A bare `KEY` line defines KEY as empty, as rancher-compose 0.12 did.
            Ok(entries.into_iter().map(|e| (e.key, e.value.unwrap_or_default())).collect())
        }
        Format::Yaml => parse_yaml(text, path),
        Format::Json => {
            let doc: serde_json::Value = serde_json::from_str(text).map_err(|e| AnswersError::Syntax {
                path: path.to_owned(),
                line: e.line(),
                column: Some(e.column()),
                message: without_position(&e.to_string()),
            })?;
            let serde_json::Value::Object(map) = doc else {
                return Err(AnswersError::NotAMap { path: path.to_owned() });
            };
            // serde_json's map is sorted; keep the file's order for listings.
            let order = json_key_order(text);
            let mut out: IndexMap<String, String> = IndexMap::new();
            for (key, v) in map {
                let value = match v {
                    serde_json::Value::String(s) => s,
                    serde_json::Value::Number(n) => n.to_string(),
                    serde_json::Value::Bool(b) => b.to_string(),
                    serde_json::Value::Null => String::new(),
                    serde_json::Value::Array(_) => {
                        let line = json_key_line(text, &key);
                        return Err(AnswersError::NotAScalar {
                            path: path.to_owned(),
                            line,
                            key,
                            kind: "a list",
                        });
                    }
                    serde_json::Value::Object(_) => {
                        let line = json_key_line(text, &key);
                        return Err(AnswersError::NotAScalar {
                            path: path.to_owned(),
                            line,
                            key,
                            kind: "a map",
                        });
                    }
                };
                out.insert(key, value);
            }
            out.sort_by_cached_key(|k, _| order.iter().position(|o| o == k).unwrap_or(usize::MAX));
            Ok(out)
        }
    }
}

/// A flat YAML map of answers, read by the same parser (and within the same limits) as the
/// compose files. Numbers and booleans keep their text as written (`1.10`, `0x1F`, a 30-digit
/// number), since an answer is text.
fn parse_yaml(text: &str, path: &Path) -> Result<IndexMap<String, String>, AnswersError> {
    use serde_yaml::Value;
    if text.trim().is_empty() {
        return Ok(IndexMap::new());
    }
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let parsed = Source::new(path.to_owned(), dir, text.to_owned()).parse().map_err(|e| {
        let (line, column) = e.location.line.unwrap_or((1, 1));
        AnswersError::Syntax { path: path.to_owned(), line, column: Some(column), message: e.message }
    })?;
    let Value::Mapping(map) = parsed.value else {
        return Err(AnswersError::NotAMap { path: path.to_owned() });
    };
    let written = source::top_level_entries(text);
    let entry = |key: &str| written.iter().rev().find(|e| e.key == key);
    let mut out = IndexMap::new();
    for (k, v) in map {
        let key = match k {
            Value::String(s) => s,
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => return Err(AnswersError::NotAMap { path: path.to_owned() }),
        };
        let kind = match &v {
            Value::Sequence(_) => Some("a list"),
            Value::Mapping(_) => Some("a map"),
            Value::Tagged(_) => Some("a tagged value"),
            _ => None,
        };
        if let Some(kind) = kind {
            let line = entry(&key).map(|e| e.at.0);
            return Err(AnswersError::NotAScalar { path: path.to_owned(), line, key, kind });
        }
        let value = match v {
            Value::String(s) => s,
            Value::Null => String::new(),
            other => entry(&key).and_then(|e| e.scalar.clone()).unwrap_or_else(|| match other {
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => String::new(),
            }),
        };
        out.insert(key, value);
    }
    Ok(out)
}

/// The line of a top-level key of a JSON object (best effort: its first quoted occurrence).
fn json_key_line(text: &str, key: &str) -> Option<usize> {
    let quoted = serde_json::to_string(key).ok()?;
    let at = text.find(&quoted)?;
    Some(text[..at].matches('\n').count() + 1)
}

/// serde messages end with "at line L column C"; the line is reported separately.
fn without_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// The top-level keys of a JSON object in file order (best effort, for display only).
fn json_key_order(text: &str) -> Vec<String> {
    let Ok(serde_json::Value::Object(_)) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    let mut keys = Vec::new();
    let mut de = serde_json::Deserializer::from_str(text);
    let ordered: Result<IndexMap<String, serde::de::IgnoredAny>, _> =
        serde::Deserialize::deserialize(&mut de);
    if let Ok(map) = ordered {
        keys.extend(map.into_keys());
    }
    keys
}

/// Writes answers as a text file that [`parse`] reads back to the same values: every value
/// single-quoted (with `'` closed, escaped in double quotes and reopened: `'it'"'"'s'`).
#[must_use]
pub(crate) fn quote_text_value(value: &str) -> String {
    if !value.is_empty() && value.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:,@+%".contains(c)) {
        return value.to_owned();
    }
    if !value.contains('\'') {
        return format!("'{value}'");
    }
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' | '\\' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str, format: Format) -> Result<Vec<(String, String)>, AnswersError> {
        parse(text, format, Path::new("answers")).map(|m| m.into_iter().collect())
    }

    fn kv(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn format_follows_the_extension() {
        assert_eq!(Format::of(Path::new("a.yml")), Format::Yaml);
        assert_eq!(Format::of(Path::new("a.YAML")), Format::Yaml);
        assert_eq!(Format::of(Path::new("a.json")), Format::Json);
        assert_eq!(Format::of(Path::new("answers.txt")), Format::Text);
        assert_eq!(Format::of(Path::new(".env")), Format::Text);
    }

    #[test]
    fn text_answers_table() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            ("A=1\nB=two", &[("A", "1"), ("B", "two")]),
            ("# c\n\nA=1 # trailing\n", &[("A", "1")]),
            ("export A=1\r\nB='x y'\r\n", &[("A", "1"), ("B", "x y")]),
            ("P='credentials\ngit\nworkflow'\n", &[("P", "credentials\ngit\nworkflow")]),
            ("Q=\"a \\\"q\\\"\\nb\"", &[("Q", "a \"q\"\nb")]),
            ("S='$HOME #x'", &[("S", "$HOME #x")]),
            ("BARE\nA=", &[("BARE", ""), ("A", "")]),
            ("A=1\nA=2", &[("A", "2")]),
        ];
        for (text, want) in cases {
            assert_eq!(p(text, Format::Text).unwrap(), kv(want), "{text:?}");
        }
    }

    #[test]
    fn malformed_text_names_the_line() {
        for (text, line) in [("A=1\nB='open\n", 2), ("=1", 1), ("A=1\n\nB=\"x\" y", 3), ("A B=1", 1)] {
            match p(text, Format::Text) {
                Err(AnswersError::Syntax { line: l, .. }) => assert_eq!(l, line, "{text:?}"),
                other => panic!("{text:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn yaml_answers_table() {
        let text = "PORT: 8080\nON: true\nRATIO: 1.5\nNAME: web\nEMPTY:\nPLUGINS: |\n  a\n  b\n";
        assert_eq!(
            p(text, Format::Yaml).unwrap(),
            kv(&[
                ("PORT", "8080"),
                ("ON", "true"),
                ("RATIO", "1.5"),
                ("NAME", "web"),
                ("EMPTY", ""),
                ("PLUGINS", "a\nb\n")
            ])
        );
        assert!(p("", Format::Yaml).unwrap().is_empty());
        assert!(matches!(p("- a\n- b\n", Format::Yaml), Err(AnswersError::NotAMap { .. })));
        match p("A: 1\nB:\n  nested: x\n", Format::Yaml) {
            Err(e @ AnswersError::NotAScalar { line: Some(2), .. }) => {
                assert!(e.to_string().starts_with("answers:2: `B` must be"), "{e}");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(p("A: [1, 2]", Format::Yaml), Err(AnswersError::NotAScalar { kind: "a list", .. })));
        assert!(matches!(p("A: 1\nB: \"open\n", Format::Yaml), Err(AnswersError::Syntax { line: 2.., .. })));
    }

    #[test]
    fn json_answers_table() {
        let text = "{\"Z\": \"last\", \"PORT\": 8080, \"ON\": false, \"N\": null, \"M\": \"a\\nb\"}";
        assert_eq!(
            p(text, Format::Json).unwrap(),
            kv(&[("Z", "last"), ("PORT", "8080"), ("ON", "false"), ("N", ""), ("M", "a\nb")])
        );
        assert!(matches!(
            p("{\"Z\": 1,\n \"A\": {\"b\": 1}}", Format::Json),
            Err(AnswersError::NotAScalar { kind: "a map", line: Some(2), .. })
        ));
        assert!(matches!(p("[1]", Format::Json), Err(AnswersError::NotAMap { .. })));
        assert!(matches!(p("{\n\"A\": 1,\n}", Format::Json), Err(AnswersError::Syntax { line: 3, .. })));
    }

    #[test]
    fn quoted_text_values_read_back() {
        for value in
            ["", "plain", "two words", "it's", "a\nb\n", "$HOME \"q\" \\ #x", "'", "tab\there", "x=y"]
        {
            let text = format!("K={}\n", quote_text_value(value));
            assert_eq!(p(&text, Format::Text).unwrap(), kv(&[("K", value)]), "{text:?}");
        }
    }
}
