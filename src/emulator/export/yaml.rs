//! The exported documents as ordered YAML mappings, built from the stored JSON. Every string
//! value has its `$` doubled: compose clients interpolate values, and `$$` is a literal `$`.

use serde_json::Value;
use serde_yaml::Value as Yaml;

pub(super) type Doc = serde_yaml::Mapping;

/// Inserts `value` under `key` unless there is nothing to say: null, false, or an empty text,
/// list or map (a compose client leaves unset fields alone, so leaving them out changes nothing).
pub(super) fn put(doc: &mut Doc, key: &str, value: &Value) {
    let empty = match value {
        Value::Null | Value::Bool(false) => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(m) => m.is_empty(),
        _ => false,
    };
    if !empty {
        doc.insert(Yaml::from(key), to_yaml(value));
    }
}

/// Inserts a mapping unless it is empty.
pub(super) fn put_doc(doc: &mut Doc, key: &str, value: Doc) {
    if !value.is_empty() {
        doc.insert(Yaml::from(key), Yaml::Mapping(value));
    }
}

/// JSON as YAML; null entries of maps are left out, everything else is kept as it is.
pub(super) fn to_yaml(value: &Value) -> Yaml {
    match value {
        Value::Null => Yaml::Null,
        Value::Bool(b) => Yaml::Bool(*b),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => Yaml::from(i),
            (None, Some(u)) => Yaml::from(u),
            _ => Yaml::from(n.as_f64().unwrap_or_default()),
        },
        Value::String(s) => Yaml::String(s.replace('$', "$$")),
        Value::Array(items) => Yaml::Sequence(items.iter().map(to_yaml).collect()),
        Value::Object(m) => Yaml::Mapping(
            m.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (Yaml::from(k.as_str()), to_yaml(v)))
                .collect(),
        ),
    }
}

/// `version: '2'` and `services:`, then `volumes:` when there are any.
pub(super) fn document(services: Doc, volumes: Doc) -> String {
    let mut top = Doc::new();
    top.insert(Yaml::from("services"), Yaml::Mapping(services));
    put_doc(&mut top, "volumes", volumes);
    // As Cattle writes it.
    let mut out = String::from("version: '2'\n");
    mapping(&mut out, &top, 0);
    out
}

// A small block-style emitter rather than serde_yaml's: YAML 1.1 readers (the Go
// rancher-compose, docker-compose) take a plain `yes`, `on` or `80:80` for a boolean or a
// number, so any text that is not plainly text is quoted.

fn mapping(out: &mut String, map: &Doc, indent: usize) {
    for (key, value) in map {
        out.push_str(&" ".repeat(indent));
        out.push_str(&scalar(key, indent));
        out.push(':');
        nested(out, value, indent + 2, indent);
    }
}

fn sequence(out: &mut String, items: &[Yaml], indent: usize) {
    for item in items {
        out.push_str(&" ".repeat(indent));
        out.push('-');
        match item {
            Yaml::Mapping(m) if !m.is_empty() => {
                // The item's first key goes on the dash's line.
                let mut inner = String::new();
                mapping(&mut inner, m, indent + 2);
                out.push(' ');
                out.push_str(&inner[indent + 2..]);
            }
            other => nested(out, other, indent + 2, indent),
        }
    }
}

/// What follows `key:` or `-`: a nested block, or a scalar on the same line.
fn nested(out: &mut String, value: &Yaml, child_indent: usize, seq_indent: usize) {
    match value {
        Yaml::Mapping(m) if !m.is_empty() => {
            out.push('\n');
            mapping(out, m, child_indent);
        }
        Yaml::Sequence(s) if !s.is_empty() => {
            out.push('\n');
            sequence(out, s, seq_indent);
        }
        Yaml::Mapping(_) => out.push_str(" {}\n"),
        Yaml::Sequence(_) => out.push_str(" []\n"),
        scalar_value => {
            out.push(' ');
            out.push_str(&scalar(scalar_value, child_indent));
            out.push('\n');
        }
    }
}

fn scalar(value: &Yaml, indent: usize) -> String {
    match value {
        Yaml::Null => "null".into(),
        Yaml::Bool(b) => b.to_string(),
        Yaml::Number(n) => n.to_string(),
        Yaml::String(s) => text(s, indent),
        // Never built here; written as JSON, which YAML reads.
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

/// Plain when nothing can read it as anything but text, a literal block for lines of text,
/// else double-quoted (a JSON string is a valid YAML one).
fn text(s: &str, indent: usize) -> String {
    if is_plain(s) {
        return s.to_owned();
    }
    if let Some(block) = literal_block(s, indent) {
        return block;
    }
    serde_json::to_string(s).unwrap_or_default()
}

fn is_plain(s: &str) -> bool {
    const KEYWORDS: &[&str] = &["y", "n", "yes", "no", "on", "off", "true", "false", "null"];
    let starts_well = s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '_');
    let safe_chars = s.chars().all(|c| c.is_ascii_alphanumeric() || "_./@=,+-:()$ ".contains(c));
    starts_well
        && safe_chars
        && !s.ends_with([' ', ':'])
        && !s.contains(": ")
        && !KEYWORDS.contains(&s.to_ascii_lowercase().as_str())
}

/// `|` or `|-` and the lines indented, for multi-line text a literal block keeps exactly.
fn literal_block(s: &str, indent: usize) -> Option<String> {
    let body = s.strip_suffix('\n').unwrap_or(s);
    let printable = s.chars().all(|c| c == '\n' || !c.is_control());
    if !body.contains('\n') || !printable || body.ends_with('\n') || body.starts_with(' ') || body.is_empty()
    {
        return None;
    }
    let mut out = String::from(if s.ends_with('\n') { "|" } else { "|-" });
    for line in body.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            out.push_str(&" ".repeat(indent));
            out.push_str(line);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn empty_values_are_left_out_and_dollars_doubled() {
        let mut doc = Doc::new();
        for (key, value) in [
            ("a", json!(null)),
            ("b", json!(false)),
            ("c", json!("")),
            ("d", json!([])),
            ("e", json!({})),
            ("f", json!({"X": "$HOME", "Y": "", "Z": null})),
            ("g", json!(["a$b"])),
            ("h", json!(0)),
        ] {
            put(&mut doc, key, &value);
        }
        let mut text = String::new();
        mapping(&mut text, &doc, 0);
        // `Y` alone is a boolean to a YAML 1.1 reader.
        assert_eq!(text, "f:\n  X: \"$$HOME\"\n  \"Y\": \"\"\ng:\n- a$$b\nh: 0\n");
    }

    #[test]
    fn a_document_starts_with_its_version() {
        assert_eq!(document(Doc::new(), Doc::new()), "version: '2'\nservices: {}\n");
    }

    #[test]
    fn text_a_yaml_1_1_reader_could_take_for_something_else_is_quoted() {
        for (value, written) in [
            ("nginx:1.13", "nginx:1.13"),
            ("GET / HTTP/1.0", "GET / HTTP/1.0"),
            ("yes", "\"yes\""),
            ("Off", "\"Off\""),
            ("80:80", "\"80:80\""),
            ("8080", "\"8080\""),
            ("2001-12-14", "\"2001-12-14\""),
            ("-foo", "\"-foo\""),
            ("a: b", "\"a: b\""),
            ("x #y", "\"x #y\""),
            ("", "\"\""),
            ("tab\there", "\"tab\\there\""),
        ] {
            assert_eq!(text(value, 2), written, "{value}");
        }
    }

    #[test]
    fn lines_of_text_are_literal_blocks() {
        let mut doc = Doc::new();
        put(&mut doc, "config", &json!("global\n    maxconn 4096"));
        put(&mut doc, "plugins", &json!("git\ncredentials\n"));
        put(&mut doc, "odd", &json!(" indented\nfirst"));
        let mut out = String::new();
        mapping(&mut out, &doc, 2);
        assert_eq!(
            out,
            "  config: |-\n    global\n        maxconn 4096\n  plugins: |\n    git\n    credentials\n  odd: \" indented\\nfirst\"\n"
        );
    }

    #[test]
    fn sequences_of_maps_start_on_the_dash() {
        let mut doc = Doc::new();
        put(&mut doc, "rules", &json!([{"a": 1, "b": [2]}, "x"]));
        let mut out = String::new();
        mapping(&mut out, &doc, 0);
        assert_eq!(out, "rules:\n- a: 1\n  b:\n  - 2\n- x\n");
    }
}
