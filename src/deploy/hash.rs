//! The `io.rancher.service.hash` values rancher-compose 0.12 stores on the services it deploys
//! (`rancher-compose-behavior.md` §12): a SHA-1 over a flattened, key-sorted encoding of the
//! configuration. We write them so the Go tool finds the bookkeeping it expects after us; we
//! never rely on them ourselves (changes are found by comparing fields, see `plan`).
//!
//! The encoding is 0.12's, byte for byte. The tree it is applied to is ours: the go-rancher
//! structs are approximated by snake-casing our API field names and leaving zero values out,
//! which is what yaml.v2 did to them; the Go tool may still find differences in fields the
//! server's `transform` filled in for it.

use std::fmt::Write as _;

use serde_json::{Map, Value, json};
use sha1::{Digest, Sha1};

/// Keys left out of the encoding at every level.
const IGNORED: [&str; 6] =
    ["io.rancher.service.hash", "links", "scale", "selector_container", "selector_link", "stack_id"];

/// Fields whose values are Go maps (user keys), not structs: kept as they are.
const MAPS: [&str; 9] = [
    "environment",
    "labels",
    "metadata",
    "config",
    "sysctls",
    "tmpfs",
    "blkio_device_options",
    "opts",
    "driver_opts",
];

/// The hex SHA-1 of the encoding of `tree`.
#[must_use]
pub fn digest(tree: &Value) -> String {
    let mut bytes = Vec::new();
    encode(tree, &mut bytes);
    let sum = Sha1::digest(&bytes);
    let mut hex = String::with_capacity(40);
    for byte in sum {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

fn encode(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().filter(|k| !IGNORED.contains(&k.as_str())).collect();
            keys.sort();
            for key in keys {
                out.extend_from_slice(key.as_bytes());
                out.push(0);
                if let Some(v) = map.get(key) {
                    encode(v, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| encode(item, out)),
        scalar => {
            let text = match scalar {
                Value::Null => "<nil>".to_owned(),
                Value::String(s) => s.clone(),
                Value::Number(n) => {
                    n.as_i64().map_or_else(|| go_float(n.as_f64().unwrap_or_default()), |i| i.to_string())
                }
                other => other.to_string(),
            };
            out.extend_from_slice(text.as_bytes());
            out.push(0);
        }
    }
}

/// Go's `%v` for a float64 (`strconv` `'g'`, shortest): an exponent when it is below -4 or at
/// least 6 (`1e+06`, `1.5e-05`), plain digits otherwise (`1.5`, `123456`).
fn go_float(f: f64) -> String {
    if f == 0.0 {
        return "0".into();
    }
    let scientific = format!("{f:e}");
    let Some((mantissa, exponent)) = scientific.split_once('e') else { return scientific };
    let exponent: i32 = exponent.parse().unwrap_or(0);
    if (-4..6).contains(&exponent) {
        f.to_string()
    } else {
        let sign = if exponent < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exponent.abs())
    }
}

/// The go-rancher shape of an API object: snake_case keys, zero values left out, and the
/// embedded `resource` every struct carries.
#[must_use]
pub fn go_struct(value: &Value) -> Value {
    let Some(map) = value.as_object() else { return value.clone() };
    let mut out = Map::new();
    for (key, v) in map {
        let key = snake(key);
        if is_zero(v) {
            continue;
        }
        let v = if MAPS.contains(&key.as_str()) {
            v.clone()
        } else {
            match v {
                Value::Object(_) => go_struct(v),
                Value::Array(items) => Value::Array(items.iter().map(go_struct).collect()),
                other => other.clone(),
            }
        };
        out.insert(key, v);
    }
    out.insert("resource".into(), json!({"id": "", "type": "", "links": {}, "actions": {}}));
    Value::Object(out)
}

fn is_zero(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(m) => m.is_empty(),
    }
}

fn snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The launch config hash (of a primary or a sidekick).
#[must_use]
pub fn launch_config(config: &Value) -> String {
    digest(&go_struct(config))
}

/// The service hash: the service-level fields (not the launch configs), as a composite under
/// `service`.
#[must_use]
pub fn service(body: &Value) -> String {
    let mut fields = body.as_object().cloned().unwrap_or_default();
    fields.remove("launchConfig");
    fields.remove("secondaryLaunchConfigs");
    if let Some(Value::Object(metadata)) = fields.get_mut("metadata") {
        metadata.remove("io.rancher.service.hash");
    }
    digest(&json!({ "service": go_struct(&Value::Object(fields)) }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_behaviour_spec_example_hashes_byte_for_byte() {
        // rancher-compose-behavior.md §12.2: recomputed by hand from a 0.12 deploy.
        let tree = json!({"service": {"name": "web", "metadata": {"k": "v"}, "scale": 2, "stack_id": "1st1",
                          "resource": {"id": "", "type": "", "links": {}, "actions": {}}}});
        let mut bytes = Vec::new();
        encode(&tree, &mut bytes);
        assert_eq!(bytes, b"service\0metadata\0k\0v\0name\0web\0resource\0actions\0id\0\0type\0\0");
        assert_eq!(digest(&tree), "bff9d54324178fb0e80c61b3b78dd9c65d70b523");
        // The service hash of the same body builds that very tree.
        let body = json!({"name": "web", "metadata": {"k": "v"}, "scale": 2, "stackId": "1st1"});
        assert_eq!(service(&body), "bff9d54324178fb0e80c61b3b78dd9c65d70b523");
    }

    #[test]
    fn scalars_encode_as_go_prints_them() {
        let text = |v: Value| {
            let mut out = Vec::new();
            encode(&v, &mut out);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(text(json!(true)), "true\0");
        assert_eq!(text(json!(null)), "<nil>\0");
        assert_eq!(text(json!(1.5)), "1.5\0");
        assert_eq!(text(json!(1e21)), "1e+21\0");
        assert_eq!(text(json!(1e6)), "1e+06\0");
        assert_eq!(text(json!(1_234_567.5)), "1.2345675e+06\0");
        assert_eq!(text(json!(0.000_015)), "1.5e-05\0");
        assert_eq!(text(json!(123_456.5)), "123456.5\0");
        assert_eq!(text(json!("1")), text(json!(1)));
        assert_eq!(text(json!([1, "a"])), "1\0a\0");
    }

    #[test]
    fn go_struct_snake_cases_and_drops_zero_values_but_not_map_entries() {
        let lc = json!({"imageUuid": "docker:x", "tty": false, "ports": [], "environment": {"EMPTY": ""},
                        "logConfig": {"driver": "", "config": {"a": ""}}});
        let tree = go_struct(&lc);
        assert_eq!(tree["image_uuid"], "docker:x");
        assert!(tree.get("tty").is_none() && tree.get("ports").is_none());
        assert_eq!(tree["environment"], json!({"EMPTY": ""}));
        assert_eq!(tree["log_config"]["config"], json!({"a": ""}));
        assert!(tree["log_config"].get("driver").is_none());
        // Same input, same hash; a changed field, another hash.
        assert_eq!(launch_config(&lc), launch_config(&lc.clone()));
        assert_ne!(launch_config(&lc), launch_config(&json!({"imageUuid": "docker:y"})));
    }
}
