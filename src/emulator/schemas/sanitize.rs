//! Request bodies checked and filtered against a schema, as Cattle does: only writable fields
//! are kept, values are checked against their type and limits, and a create fills defaults.

use serde_json::{Map, Value};

use super::{Field, get};
use crate::emulator::error::{ApiError, ApiResult};

/// Whether a body is validated for a create (defaults, required) or an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Create,
    Update,
}

/// Keep only writable fields of `schema_id`, check them, and on create fill defaults. Nested
/// objects and action inputs are always validated in create mode, as Cattle does.
pub(crate) fn sanitize(schema_id: &str, input: &Value, mode: Mode) -> ApiResult<Map<String, Value>> {
    let schema = get(schema_id).ok_or_else(|| ApiError::internal(format!("no schema {schema_id}")))?;
    let empty = Map::new();
    let obj = match input {
        Value::Object(m) => m,
        Value::Null => &empty,
        _ => {
            return Err(ApiError::invalid_body(format!("expected a JSON object for {schema_id}")));
        }
    };
    let mut out = Map::new();
    for (name, field) in &schema.fields {
        let writable = match mode {
            Mode::Create => field.create,
            Mode::Update => field.update,
        };
        let given = obj.get(name);
        if writable {
            match given {
                Some(Value::Null) if mode == Mode::Update => {
                    out.insert(name.clone(), Value::Null);
                    continue;
                }
                Some(v) if !v.is_null() => {
                    out.insert(name.clone(), check_value(name, field, v)?);
                    continue;
                }
                _ => {}
            }
        }
        if mode == Mode::Create {
            if let Some(d) = &field.default {
                out.insert(name.clone(), d.clone());
            } else if field.required && field.create {
                return Err(ApiError::validation("MissingRequired", name));
            }
        }
    }
    Ok(out)
}

fn check_value(name: &str, f: &Field, v: &Value) -> ApiResult<Value> {
    let bad = || ApiError::validation("InvalidFormat", name);
    match f.ty.as_str() {
        "int" => {
            let n = match v {
                Value::Number(n) => n.as_i64().ok_or_else(bad)?,
                Value::String(s) => s.trim().parse::<i64>().map_err(|_| bad())?,
                _ => return Err(bad()),
            };
            if f.min.is_some_and(|m| n < m) {
                return Err(ApiError::validation("MinLimitExceeded", name));
            }
            if f.max.is_some_and(|m| n > m) {
                return Err(ApiError::validation("MaxLimitExceeded", name));
            }
            Ok(Value::from(n))
        }
        "boolean" => match v {
            Value::Bool(_) => Ok(v.clone()),
            Value::String(s) if s == "true" || s == "false" => Ok(Value::Bool(s == "true")),
            _ => Err(bad()),
        },
        "string" | "password" | "date" | "enum" => {
            let s = match v {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => return Err(bad()),
            };
            if !f.options.is_empty() && !f.options.contains(&s) {
                return Err(ApiError::validation("InvalidOption", name));
            }
            if f.min_len.is_some_and(|m| s.chars().count() < m) {
                return Err(ApiError::validation("MinLengthExceeded", name));
            }
            if f.max_len.is_some_and(|m| s.chars().count() > m) {
                return Err(ApiError::validation("MaxLengthExceeded", name));
            }
            if let Some(chars) = &f.valid_chars
                && !s.chars().all(|c| char_allowed(chars, c))
            {
                return Err(ApiError::validation("InvalidCharacters", name));
            }
            Ok(Value::String(s))
        }
        ty if ty.starts_with("reference[") => match v {
            Value::String(_) => Ok(v.clone()),
            Value::Number(n) => Ok(Value::String(n.to_string())),
            _ => Err(ApiError::validation("InvalidReference", name)),
        },
        ty if ty.starts_with("array[") => {
            let inner = &ty[6..ty.len() - 1];
            let Value::Array(items) = v else {
                return Err(bad());
            };
            if get(inner).is_some() {
                items
                    .iter()
                    .map(|i| sanitize(inner, i, Mode::Create).map(Value::Object))
                    .collect::<ApiResult<Vec<_>>>()
                    .map(Value::Array)
            } else {
                Ok(v.clone())
            }
        }
        ty if ty.starts_with("map[") => match v {
            Value::Object(_) => Ok(v.clone()),
            _ => Err(bad()),
        },
        ty => {
            if get(ty).is_some() && v.is_object() {
                sanitize(ty, v, Mode::Create).map(Value::Object)
            } else if get(ty).is_some() {
                Err(bad())
            } else {
                Ok(v.clone())
            }
        }
    }
}

/// `validChars` is a character-class body such as `a-zA-Z0-9-`.
fn char_allowed(class: &str, c: char) -> bool {
    let cs: Vec<char> = class.chars().collect();
    let mut i = 0;
    while i < cs.len() {
        if i + 2 < cs.len() && cs[i + 1] == '-' {
            if cs[i] <= c && c <= cs[i + 2] {
                return true;
            }
            i += 3;
        } else {
            if cs[i] == c {
                return true;
            }
            i += 1;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn sanitize_drops_and_defaults() {
        let input = json!({"name": "web", "links": null, "actions": null, "id": "x", "bogus": 1,
            "launchConfig": {"imageUuid": "docker:nginx", "labels": {"a": "b"}, "weird": 3}});
        let out = sanitize("service", &input, Mode::Create).expect("valid");
        assert_eq!(out["scale"], json!(1));
        assert!(!out.contains_key("bogus") && !out.contains_key("id") && !out.contains_key("links"));
        let lc = &out["launchConfig"];
        assert_eq!(lc["version"], json!("0"));
        assert_eq!(lc["networkMode"], json!("managed"));
        assert!(lc.get("weird").is_none());
    }

    #[test]
    fn sanitize_errors() {
        let e = sanitize("service", &json!({}), Mode::Create).expect_err("name required");
        assert_eq!((e.code.as_str(), e.field_name.as_deref()), ("MissingRequired", Some("name")));
        let e = sanitize("service", &json!({"name": "a_b"}), Mode::Create).expect_err("chars");
        assert_eq!(e.code, "InvalidCharacters");
        let e = sanitize("pullTask", &json!({"image": "x", "mode": "some"}), Mode::Create).expect_err("opt");
        assert_eq!(e.code, "InvalidOption");
        let e = sanitize("rollingRestartStrategy", &json!({"batchSize": 0}), Mode::Create).expect_err("min");
        assert_eq!(e.code, "MinLimitExceeded");
        let upd = sanitize("service", &json!({"scale": 3, "launchConfig": {}}), Mode::Update).expect("ok");
        assert_eq!(upd.len(), 1);
    }

    #[test]
    fn char_classes() {
        assert!(char_allowed("a-zA-Z0-9-", 'Q'));
        assert!(char_allowed("a-zA-Z0-9-", '-'));
        assert!(!char_allowed("a-zA-Z0-9-", '_'));
    }
}
