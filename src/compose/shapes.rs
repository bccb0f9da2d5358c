//! The value shapes compose files allow for one key (a string or a list, a map or a `K=V` list,
//! `yes`/`no` booleans, integers written as strings, byte sizes with units) turned into one
//! normalised form. Used as `deserialize_with` helpers by the model.

use indexmap::IndexMap;
use serde::Deserialize;
use serde::de::{Deserializer, Error};
use serde_yaml::Value;

/// The text of a scalar (`8080`, `true` and `"x"` all become strings); `None` for null.
pub(crate) fn scalar_text(value: &Value) -> Option<Result<String, &'static str>> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(Ok(s.clone())),
        Value::Bool(b) => Some(Ok(b.to_string())),
        Value::Number(n) => Some(Ok(n.to_string())),
        Value::Tagged(t) => scalar_text(&t.value),
        Value::Sequence(_) | Value::Mapping(_) => Some(Err("expected a string, number or boolean")),
    }
}

fn text<E: Error>(value: &Value) -> Result<String, E> {
    match scalar_text(value) {
        Some(Ok(s)) => Ok(s),
        Some(Err(m)) => Err(E::custom(m)),
        None => Err(E::custom("expected a value, found null")),
    }
}

/// A string, number or boolean, as text.
pub(super) fn string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v = Value::deserialize(d)?;
    if v.is_null() { Ok(None) } else { text(&v).map(Some) }
}

/// A single string or a list of strings.
pub(super) fn string_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(Vec::new()),
        Value::Sequence(items) => items.iter().map(text).collect(),
        other => Ok(vec![text(&other)?]),
    }
}

/// A list of strings (numbers allowed, as in `ports: [80, "443:443"]`); a lone scalar is refused.
pub(super) fn list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(Vec::new()),
        Value::Sequence(items) => items.iter().map(text).collect(),
        _ => Err(D::Error::custom("expected a list")),
    }
}

/// A command line: a string split with shell rules, or a list of words.
pub(super) fn shell_words<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::Sequence(items) => items.iter().map(text).collect::<Result<_, _>>().map(Some),
        other => {
            let line = text::<D::Error>(&other)?;
            shlex::split(&line)
                .map(Some)
                .ok_or_else(|| D::Error::custom(format!("unbalanced quotes in command {line:?}")))
        }
    }
}

/// `environment`-style: a map (`K: v`, `K:` = no value) or a list of `K=v` / `K`.
pub(super) fn env_map<'de, D: Deserializer<'de>>(d: D) -> Result<IndexMap<String, Option<String>>, D::Error> {
    let mut out = IndexMap::new();
    match Value::deserialize(d)? {
        Value::Null => {}
        Value::Mapping(map) => {
            for (k, v) in &map {
                let key = text::<D::Error>(k)?;
                let value = match scalar_text(v) {
                    None => None,
                    Some(Ok(s)) => Some(s),
                    Some(Err(m)) => return Err(D::Error::custom(format!("`{key}`: {m}"))),
                };
                out.insert(key, value);
            }
        }
        Value::Sequence(items) => {
            for item in &items {
                let entry = text::<D::Error>(item)?;
                match entry.split_once('=') {
                    Some((k, v)) => out.insert(k.to_owned(), Some(v.to_owned())),
                    None => out.insert(entry, None),
                };
            }
        }
        _ => return Err(D::Error::custom("expected a map or a list of KEY=VALUE")),
    }
    Ok(out)
}

/// `labels`-style: like [`env_map`] but a missing value is the empty string.
pub(super) fn label_map<'de, D: Deserializer<'de>>(d: D) -> Result<IndexMap<String, String>, D::Error> {
    Ok(env_map(d)?
        .into_iter()
        .map(|(k, v)| (k.trim().to_owned(), v.map(|v| v.trim().to_owned()).unwrap_or_default()))
        .collect())
}

/// `extra_hosts`: a list of `host:ip` or a map `host: ip`, as a list of `host:ip`.
pub(super) fn host_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(Vec::new()),
        Value::Mapping(map) => map
            .iter()
            .map(|(k, v)| Ok(format!("{}:{}", text::<D::Error>(k)?, text::<D::Error>(v)?)))
            .collect(),
        Value::Sequence(items) => items.iter().map(text).collect(),
        _ => Err(D::Error::custom("expected a list of host:ip or a map")),
    }
}

/// Booleans as YAML 1.1 wrote them: `true`/`false`, `yes`/`no`, `on`/`off` (also as strings).
pub(super) fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::Bool(b) => Ok(Some(b)),
        Value::String(s) => parse_flag(&s)
            .map(Some)
            .ok_or_else(|| D::Error::custom(format!("expected a boolean, found {s:?}"))),
        other => Err(D::Error::custom(format!("expected a boolean, found {}", describe(&other)))),
    }
}

pub(crate) fn parse_flag(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "y" | "on" => Some(true),
        "false" | "no" | "n" | "off" => Some(false),
        _ => None,
    }
}

/// An integer, also written as a string (`"80"`), as rancher-compose accepted.
pub(super) fn int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::Number(n) => {
            n.as_i64().map(Some).ok_or_else(|| D::Error::custom(format!("expected an integer, found {n}")))
        }
        Value::String(s) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| D::Error::custom(format!("expected an integer, found {s:?}"))),
        other => Err(D::Error::custom(format!("expected an integer, found {}", describe(&other)))),
    }
}

/// A byte size: an integer, or a string with an optional `b`, `k`, `m`, `g` unit (`512m`).
/// rancher-compose 0.12 rejected units; docker compose accepts them.
pub(super) fn bytes<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::Number(n) => {
            n.as_i64().map(Some).ok_or_else(|| D::Error::custom(format!("expected a byte size, found {n}")))
        }
        Value::String(s) => parse_bytes(&s)
            .map(Some)
            .ok_or_else(|| D::Error::custom(format!("expected a byte size like 512m, found {s:?}"))),
        other => Err(D::Error::custom(format!("expected a byte size, found {}", describe(&other)))),
    }
}

pub(crate) fn parse_bytes(s: &str) -> Option<i64> {
    let s = s.trim().to_ascii_lowercase();
    let number_end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (digits, unit) = s.split_at(number_end);
    let factor: i64 = match unit.trim() {
        "" | "b" => 1,
        "k" | "kb" => 1 << 10,
        "m" | "mb" => 1 << 20,
        "g" | "gb" => 1 << 30,
        _ => return None,
    };
    digits.parse::<i64>().ok()?.checked_mul(factor)
}

fn describe(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a map",
        Value::Tagged(_) => "a tagged value",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_sizes() {
        for (input, want) in [
            ("512m", Some(512 << 20)),
            ("512M", Some(512 << 20)),
            ("1g", Some(1 << 30)),
            ("1gb", Some(1 << 30)),
            ("10k", Some(10 << 10)),
            ("100", Some(100)),
            ("100b", Some(100)),
            ("abc", None),
            ("", None),
            ("5x", None),
        ] {
            assert_eq!(parse_bytes(input), want, "{input}");
        }
    }

    #[test]
    fn yaml_11_booleans() {
        assert_eq!(parse_flag("yes"), Some(true));
        assert_eq!(parse_flag("Off"), Some(false));
        assert_eq!(parse_flag("maybe"), None);
    }
}
