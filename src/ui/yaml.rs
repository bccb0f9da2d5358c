//! YAML text for data output (`config`), written straight from `Serialize` data by
//! [`super::yaml_ser`]: serde_yaml's own emitter re-parses every string to choose its quoting,
//! which was a quarter of `config`'s run time on large projects (see benches/config.rs).
//! Strings are quoted whenever a YAML 1.1 or 1.2 reader could take them for something else, so
//! the output reads back unchanged.

use std::fmt::Write as _;

use serde::Serialize;

use super::yaml_ser::{Pos, ValueSer};

/// Renders `data` as a block-style YAML document: the reference the tests hold the streaming
/// rendering of `config` to.
///
/// # Errors
/// `data` cannot be represented as YAML.
#[cfg(test)]
pub(crate) fn to_string<T: Serialize + ?Sized>(data: &T) -> anyhow::Result<String> {
    let mut out = String::with_capacity(4096);
    data.serialize(ValueSer { out: &mut out, level: 0, pos: Pos::Root })?;
    Ok(out)
}

/// Renders one `key: value` entry at `level` (the value inline or as a nested block).
///
/// # Errors
/// `value` cannot be represented as YAML.
pub(crate) fn entry<T: Serialize + ?Sized>(key: &str, value: &T, level: usize) -> anyhow::Result<String> {
    let mut out = String::new();
    indent(&mut out, level);
    write_string(&mut out, key, level);
    out.push(':');
    value.serialize(ValueSer { out: &mut out, level, pos: Pos::AfterKey })?;
    Ok(out)
}

/// Renders many entries at `level`, on every core, in order. Large projects spend most of
/// `config`'s output time here.
///
/// # Errors
/// An entry cannot be represented as YAML.
pub(crate) fn entries<T: Serialize + Sync>(items: Vec<(&str, &T)>, level: usize) -> anyhow::Result<String> {
    let rendered = crate::parallel::map(items, |(key, value)| entry(key, value, level));
    rendered.into_iter().collect()
}

pub(super) fn indent(out: &mut String, level: usize) {
    for _ in 0..level {
        out.push_str("  ");
    }
}

/// Writes a string scalar: plain when that reads back the same, a literal block for
/// multi-line text, double-quoted otherwise. `level` is the indentation of block lines.
pub(super) fn write_string(out: &mut String, s: &str, level: usize) {
    if s.contains('\n') && literal_block_ok(s) {
        // A literal block keeps multi-line values (certificates, plugin lists) readable.
        out.push('|');
        if !s.ends_with('\n') {
            out.push('-');
        } else if s.ends_with("\n\n") {
            out.push('+');
        }
        for line in s.strip_suffix('\n').unwrap_or(s).split('\n') {
            out.push('\n');
            if !line.is_empty() {
                indent(out, level);
                out.push_str(line);
            }
        }
        return;
    }
    if plain_ok(s) {
        out.push_str(s);
        return;
    }
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn literal_block_ok(s: &str) -> bool {
    // Leading spaces on the first line, carriage returns and control characters need quoting.
    !s.starts_with([' ', '\t']) && !s.chars().any(|c| c == '\r' || (c.is_control() && c != '\n'))
}

/// Whether `s` can be written unquoted and read back as the same string.
fn plain_ok(s: &str) -> bool {
    const WORDS: &[&str] =
        &["true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", ".inf", "-.inf", "+.inf", ".nan"];
    let bytes = s.as_bytes();
    let Some(&first) = bytes.first() else { return false };
    if first.is_ascii_whitespace() || matches!(bytes[bytes.len() - 1], b' ' | b'\t' | b':') {
        return false;
    }
    let indicator = b"-?:,[]{}#&*!|>'\"%@`".contains(&first);
    // `-x` is a plain scalar; `-`, `- x` and every other indicator start something else.
    if indicator && !(first == b'-' && bytes.len() > 1 && bytes[1] != b' ') {
        return false;
    }
    let mut number_like = first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.');
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b':' | b'#'
                if (b == b':' && bytes.get(i + 1) == Some(&b' '))
                    || (b == b'#' && i > 0 && bytes[i - 1] == b' ') =>
            {
                return false;
            }
            b if b.is_ascii_control() => return false,
            _ => {}
        }
        if number_like && !(b.is_ascii_hexdigit() || b"+-._:xXoO".contains(&b)) {
            number_like = false;
        }
    }
    // Anything number-like (ints, floats, octal, hex, times like 1:20) stays quoted.
    if number_like {
        return false;
    }
    !(bytes.len() <= 6 && WORDS.iter().any(|w| w.eq_ignore_ascii_case(s)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_yaml::Value;

    fn round_trip(yaml: &str) {
        let data: Value = serde_yaml::from_str(yaml).unwrap();
        let text = to_string(&data).unwrap();
        let back: Value = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(back, data, "{text}");
    }

    #[test]
    fn output_reads_back_unchanged() {
        round_trip("a: '80:80'\nb: [true, 'true', '1', 1, 1.5, null, '', ' x', 'multi\n  line\n', 'x\n']\n");
        round_trip(
            "c: {d: 'yes', e: '#x', f: 'a: b', g: '-x', h: '- x', i: 'x #y', j: '0x1f', k: '1e3', l: '.5'}\n",
        );
        round_trip(
            "m: ['~', 'Null', 'OFF', 'x:', '@a', '`b', '[c]', '{d}', 'e,f', '1:20', '2.4.1', '-', 'a\"b', 'tab\there']\n",
        );
        round_trip("n: {}\no: []\np: {q: [], r: {}}\ns: ['two\n\n', '\nlead', ' lead\nx']\n");
        round_trip("io.rancher.scheduler.affinity:host_label: role=web\nu: ünï\n");
    }

    #[test]
    fn block_layout() {
        let data: Value =
            serde_yaml::from_str("a:\n  b: [x, {c: 1, e: [2]}]\n  d: \"l1\\n\\nl2\\n\"\n").unwrap();
        assert_eq!(
            to_string(&data).unwrap(),
            "a:\n  b:\n    - x\n    - c: 1\n      e:\n        - 2\n  d: |\n    l1\n\n    l2\n"
        );
    }

    #[test]
    fn structs_with_skipped_fields_and_empty_collections() {
        #[derive(Serialize)]
        struct Inner {
            #[serde(skip_serializing_if = "Option::is_none")]
            a: Option<u32>,
            b: Vec<String>,
        }
        #[derive(Serialize)]
        struct Outer {
            name: &'static str,
            items: Vec<Inner>,
            empty: Inner,
            f: f64,
        }
        let data = Outer {
            name: "x",
            items: vec![Inner { a: Some(1), b: vec!["z".into()] }, Inner { a: None, b: vec![] }],
            empty: Inner { a: None, b: vec![] },
            f: 2.0,
        };
        assert_eq!(
            to_string(&data).unwrap(),
            "name: x\nitems:\n  - a: 1\n    b:\n      - z\n  - b: []\nempty:\n  b: []\nf: 2.0\n"
        );
    }
}
