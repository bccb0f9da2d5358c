//! Merging two definitions of one service (a later `-f` file over an earlier one, or an
//! extending service over its base) with docker compose's rules: see [`keys::merge_rule`].

use serde_yaml::{Mapping, Value};

use super::keys::{self, MergeRule};

/// Merges `over` into `base`, key by key.
pub fn merge_service(base: &mut Mapping, over: &Mapping) {
    for (key, value) in over {
        let name = key.as_str().unwrap_or_default();
        // An image replaces an earlier build and the other way round (as 0.12 did), so an
        // override can switch a service between the two without failing validation.
        match name {
            "image" => {
                base.remove("build");
            }
            "build" => {
                base.remove("image");
            }
            _ => {}
        }
        let merged = match (base.get(key), keys::merge_rule(name)) {
            (Some(old), MergeRule::Map) => merge_maps(old, value),
            (Some(old), MergeRule::UniqueList) => unique_list(old, value),
            (Some(old), MergeRule::ByTarget) => by_target(old, value),
            _ => value.clone(),
        };
        base.insert(key.clone(), merged);
    }
}

fn merge_maps(old: &Value, new: &Value) -> Value {
    match (old, new) {
        (Value::Mapping(a), Value::Mapping(b)) => {
            let mut out = a.clone();
            for (k, v) in b {
                let merged = match out.get(k) {
                    Some(prev @ Value::Mapping(_)) => merge_maps(prev, v),
                    _ => v.clone(),
                };
                out.insert(k.clone(), merged);
            }
            Value::Mapping(out)
        }
        _ => new.clone(),
    }
}

fn unique_list(old: &Value, new: &Value) -> Value {
    match (old, new) {
        (Value::Sequence(a), Value::Sequence(b)) => {
            let mut out = a.clone();
            for item in b {
                if !out.contains(item) {
                    out.push(item.clone());
                }
            }
            Value::Sequence(out)
        }
        _ => new.clone(),
    }
}

/// The container path of a `volumes`/`devices` entry: `src:target[:mode]` or just `target`.
fn target_of(entry: &Value) -> Option<&str> {
    let text = entry.as_str()?;
    let mut parts = text.split(':');
    let first = parts.next()?;
    Some(parts.next().unwrap_or(first))
}

fn by_target(old: &Value, new: &Value) -> Value {
    match (old, new) {
        (Value::Sequence(a), Value::Sequence(b)) => {
            let mut out: Vec<Value> = a
                .iter()
                .filter(|item| {
                    let target = target_of(item);
                    target.is_none() || !b.iter().any(|n| target_of(n) == target)
                })
                .cloned()
                .collect();
            out.extend(b.iter().cloned());
            Value::Sequence(out)
        }
        _ => new.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Mapping {
        serde_yaml::from_str(text).unwrap()
    }

    fn merged(base: &str, over: &str) -> Mapping {
        let mut b = yaml(base);
        merge_service(&mut b, &yaml(over));
        b
    }

    #[test]
    fn table() {
        let cases = [
            // scalars replace
            ("image: a", "image: b", "image: b"),
            ("command: [a, x]", "command: [b]", "command: [b]"),
            // maps merge per key, later wins
            (
                "environment: {A: '1', B: '2'}",
                "environment: {B: '3', C: '4'}",
                "environment: {A: '1', B: '3', C: '4'}",
            ),
            ("labels: {a: x}", "labels: {b: y}", "labels: {a: x, b: y}"),
            (
                "logging: {driver: syslog, options: {a: '1'}}",
                "logging: {options: {b: '2'}}",
                "logging: {driver: syslog, options: {a: '1', b: '2'}}",
            ),
            ("metadata: {a: {b: 1}}", "metadata: {a: {c: 2}}", "metadata: {a: {b: 1, c: 2}}"),
            // unique lists
            ("ports: ['80:80']", "ports: ['81:81', '80:80']", "ports: ['80:80', '81:81']"),
            ("links: [db]", "links: [cache]", "links: [db, cache]"),
            // volumes by container path
            (
                "volumes: ['/a:/data', '/logs']",
                "volumes: ['/b:/data:ro']",
                "volumes: ['/logs', '/b:/data:ro']",
            ),
            // image and build exclude each other
            ("build: .", "image: nginx", "image: nginx"),
            ("image: nginx", "build: {context: .}", "build: {context: .}"),
            // new keys are added
            ("image: a", "scale: 2", "image: a\nscale: 2"),
        ];
        for (base, over, want) in cases {
            assert_eq!(merged(base, over), yaml(want), "{base} + {over}");
        }
    }
}
