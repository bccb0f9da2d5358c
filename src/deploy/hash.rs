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
const IGNORED: [&str; 6] = [HASH_KEY, "links", "scale", "selector_container", "selector_link", "stack_id"];

/// The label and metadata key the hashes are stored under.
const HASH_KEY: &str = "io.rancher.service.hash";

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
pub(crate) fn digest(tree: &Value) -> String {
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
pub(crate) fn go_struct(value: &Value) -> Value {
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
pub(crate) fn launch_config(config: &Value) -> String {
    digest(&go_struct(config))
}

/// Fields of 0.12.5's composite service that sit beside the embedded Service (under their
/// own keys, not under `service`), as (API name, hashed name).
const COMPOSITE: [(&str, &str); 6] = [
    ("lbConfig", "lb_config"),
    ("externalIpAddresses", "external_ip_addresses"),
    ("hostname", "hostname"),
    ("healthCheck", "health_check"),
    ("storageDriver", "storage_driver"),
    ("networkDriver", "network_driver"),
];

/// The service hash of a create body: the service-level fields (not the launch configs) under
/// `service`, and the composite's own fields beside it. `health_check` is the service's
/// rancher-compose health check, which 0.12.5 put in the composite for every kind of service.
#[must_use]
pub(crate) fn service(body: &Value, health_check: Option<&Value>) -> String {
    let mut fields = body.as_object().cloned().unwrap_or_default();
    fields.remove("launchConfig");
    fields.remove("secondaryLaunchConfigs");
    // 0.12.5 had no `start_on_create`: its Service never carried one.
    fields.remove("startOnCreate");
    if let Some(Value::Object(metadata)) = fields.get_mut("metadata") {
        metadata.remove(HASH_KEY);
    }
    let mut composite = Map::new();
    for (api, hashed) in COMPOSITE {
        if let Some(value) = fields.remove(api) {
            composite.insert(hashed.into(), value);
        }
    }
    if let Some(check) = health_check {
        composite.insert("health_check".into(), check.clone());
    }
    let mut tree = match go_struct(&Value::Object(composite)) {
        Value::Object(mut m) => {
            // The composite itself is not a go-rancher struct: no `resource` of its own.
            m.remove("resource");
            m
        }
        _ => Map::new(),
    };
    tree.insert("service".into(), go_struct(&Value::Object(fields)));
    digest(&Value::Object(tree))
}

/// Re-labels a launch config with its hash after a late change (a legacy balancer's image is
/// set after the launch config is built, and 0.12 hashed after setting it). The stale label
/// may stay while hashing: the encoding leaves it out.
pub(crate) fn relabel_launch_config(config: &mut Map<String, Value>) {
    let hash = launch_config(&Value::Object(config.clone()));
    if let Some(Value::Object(labels)) = config.get_mut("labels") {
        labels.insert(HASH_KEY.into(), Value::String(hash));
    }
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
        assert_eq!(service(&body, None), "bff9d54324178fb0e80c61b3b78dd9c65d70b523");
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

    /// Loads a v2 project from its two files.
    fn project(compose: &str, rancher: &str) -> crate::compose::Project {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("docker-compose.yml"), compose).unwrap();
        std::fs::write(dir.path().join("rancher-compose.yml"), rancher).unwrap();
        let opts = crate::compose::LoadOptions {
            files: vec!["docker-compose.yml".into()],
            working_dir: dir.path().into(),
            ..Default::default()
        };
        crate::compose::load(&opts, Default::default(), &mut || Ok(String::new())).unwrap().project
    }

    fn stored_service_hash(project: &crate::compose::Project, name: &str, ids: &[(&str, &str)]) -> String {
        let resolved = super::super::request::Resolved {
            services: ids.iter().map(|(n, id)| ((*n).to_owned(), (*id).to_owned())).collect(),
            ..Default::default()
        };
        let body = super::super::request::create_body(project, name, "1st1", &resolved);
        body["metadata"][HASH_KEY].as_str().unwrap().to_owned()
    }

    // Service hashes rancher-compose 0.12.5 wrote for these v2 files.
    const COMPOSE: &str = "version: '2'\nservices:\n  web:\n    image: nginx:1.9\n    ports: ['8080:80']\n    environment: {A: b}\n  lb:\n    image: rancher/lb-service-haproxy:v0.7.9\n    ports: ['80:80']\n  db:\n    image: redis:3\n    labels: {io.rancher.container.pull_image: always}\n";
    const RANCHER: &str = "version: '2'\nservices:\n  web:\n    scale: 2\n    health_check: {port: 80, interval: 2000, unhealthy_threshold: 3, healthy_threshold: 2, response_timeout: 2000}\n    metadata: {team: blue}\n  lb:\n    scale: 1\n    lb_config:\n      port_rules: [{source_port: 80, target_port: 80, service: web}]\n  db:\n    retain_ip: true\n";

    #[test]
    fn a_health_check_is_hashed_beside_the_service_for_a_normal_service() {
        let p = project(COMPOSE, RANCHER);
        assert_eq!(stored_service_hash(&p, "web", &[]), "ad0ec4ff95459f7ae677062af830e69a789427b6");
    }

    #[test]
    fn a_balancer_config_is_hashed_beside_the_service_with_resolved_targets() {
        let p = project(COMPOSE, RANCHER);
        assert_eq!(
            stored_service_hash(&p, "lb", &[("web", "1s4")]),
            "f0a180fe0ab6c633038e3f57b7f44b2100bf5a4e"
        );
    }

    #[test]
    fn service_fields_are_hashed_under_service() {
        let p = project(COMPOSE, RANCHER);
        assert_eq!(stored_service_hash(&p, "db", &[]), "ae3f15c941ed3799cf21dccdd1a7d41e1c20be70");
    }

    #[test]
    fn a_legacy_balancer_hashes_its_launch_config_with_the_server_balancer_image() {
        let p = project(
            "web:\n  image: nginx\nlb:\n  image: rancher/load-balancer-service\n  ports: ['80:80']\n  links: [web]\n",
            "lb:\n  scale: 1\n",
        );
        let resolved = super::super::request::Resolved {
            services: vec![("web".into(), "1s4".into())],
            lb_image: Some("rancher/lb-service-haproxy:v0.7.9".into()),
            ..Default::default()
        };
        let body = super::super::request::create_body(&p, "lb", "1st1", &resolved);
        let lc = &body["launchConfig"];
        assert_eq!(lc["imageUuid"], "docker:rancher/lb-service-haproxy:v0.7.9");
        assert_eq!(lc["labels"][HASH_KEY].as_str().unwrap(), launch_config(lc));
    }
}
