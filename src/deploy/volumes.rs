//! Named volumes of version 2 files (`rancher-compose-behavior.md` §17): an `external` volume
//! must already exist; any other becomes a volume template of the stack, created before the
//! services. Templates are never removed or changed by us; a changed driver is reported (the
//! checks and steps are in `observe` and `plan`).

use serde_json::{Map, Value, json};

/// What the files say about one named volume.
#[derive(Debug, PartialEq)]
pub(crate) enum Wanted {
    /// Must exist on the server under this name.
    External(String),
    /// A volume template with this create body (without the stack).
    Template(Map<String, Value>),
}

pub(crate) fn wanted(name: &str, spec: &serde_yaml::Value) -> Wanted {
    let spec = serde_json::to_value(spec).unwrap_or(Value::Null);
    match spec.get("external") {
        Some(Value::Bool(true)) => return Wanted::External(name.to_owned()),
        // 0.12 looked the volume up by its key, ignoring `name:` (a bug); we use the name.
        Some(Value::Object(e)) => {
            return Wanted::External(e.get("name").and_then(Value::as_str).unwrap_or(name).to_owned());
        }
        _ => {}
    }
    let mut body = Map::new();
    body.insert("name".into(), json!(name));
    if let Some(driver) = spec.get("driver").and_then(Value::as_str) {
        body.insert("driver".into(), json!(driver));
    }
    if let Some(opts) = spec.get("driver_opts").and_then(Value::as_object) {
        let opts: Map<String, Value> = opts
            .iter()
            .map(|(k, v)| (k.clone(), json!(v.as_str().map_or_else(|| v.to_string(), str::to_owned))))
            .collect();
        body.insert("driverOpts".into(), Value::Object(opts));
    }
    if let Some(per) = spec.get("per_container").and_then(Value::as_bool) {
        body.insert("perContainer".into(), json!(per));
    }
    Wanted::Template(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_volumes_and_templates() {
        let spec = |yaml: &str| serde_yaml::from_str::<serde_yaml::Value>(yaml).unwrap();
        assert_eq!(wanted("data", &spec("external: true")), Wanted::External("data".into()));
        assert_eq!(wanted("data", &spec("external: {name: shared}")), Wanted::External("shared".into()));
        let Wanted::Template(body) =
            wanted("data", &spec("driver: rancher-nfs\ndriver_opts: {size: 10}\nper_container: true"))
        else {
            panic!("not a template")
        };
        assert_eq!(
            Value::Object(body),
            json!({"name": "data", "driver": "rancher-nfs", "driverOpts": {"size": "10"}, "perContainer": true})
        );
        assert_eq!(
            wanted("x", &serde_yaml::Value::Null),
            Wanted::Template(Map::from_iter([("name".into(), json!("x"))]))
        );
    }
}
