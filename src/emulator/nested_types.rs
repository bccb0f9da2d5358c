//! Nested objects carry their schema type on the wire, as everything Cattle serialises does: a
//! launch config's `logConfig` is `{"type": "logConfig", ...}`, each `lbConfig.portRules[]` item is
//! a `portRule`, each `blkioDeviceOptions` value a `blkioDeviceOption`. Which type a value has is
//! read from the field types of the emulator's schemas (`launchConfig`, `array[portRule]`,
//! `map[blkioDeviceOption]`), so no list of nested fields is kept here. Stored values stay untyped;
//! the type is added when a resource is rendered.

use serde_json::{Map, Value};

use super::schemas;

/// Add `type` to every object nested in `fields`, a resource (or object) of schema `schema_id`.
pub(super) fn annotate(schema_id: &str, fields: &mut Map<String, Value>) {
    let Some(schema) = schemas::get(schema_id) else { return };
    for (name, field) in &schema.fields {
        if let Some(value) = fields.get_mut(name) {
            annotate_value(&field.ty, value);
        }
    }
}

fn annotate_value(ty: &str, value: &mut Value) {
    if let Some(inner) = inner_type(ty, "array[") {
        for item in value.as_array_mut().into_iter().flatten() {
            annotate_value(inner, item);
        }
    } else if let Some(inner) = inner_type(ty, "map[") {
        for item in value.as_object_mut().into_iter().flat_map(|m| m.values_mut()) {
            annotate_value(inner, item);
        }
    } else if let Some(object) = value.as_object_mut()
        && schemas::get(ty).is_some()
    {
        annotate(ty, object);
        object.insert("type".into(), Value::String(ty.to_string()));
    }
}

/// `array[portRule]` → `portRule` for the prefix `array[`.
fn inner_type<'a>(ty: &'a str, prefix: &str) -> Option<&'a str> {
    ty.strip_prefix(prefix).and_then(|t| t.strip_suffix(']'))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// The schema types a field type refers to (`map[array[x]]` → `x`), for checking that every
    /// nested type has a schema.
    fn referenced_type(ty: &str) -> Option<&str> {
        match inner_type(ty, "array[").or_else(|| inner_type(ty, "map[")) {
            Some(inner) => referenced_type(inner),
            None if ty.starts_with("reference[") => None,
            None if matches!(
                ty,
                "string" | "int" | "float" | "boolean" | "date" | "enum" | "json" | "password" | "blob"
            ) =>
            {
                None
            }
            None => Some(ty),
        }
    }

    #[test]
    fn every_nested_type_has_a_schema() {
        for s in schemas::registry().values() {
            for (name, field) in &s.fields {
                if let Some(ty) = referenced_type(&field.ty) {
                    assert!(
                        schemas::get(ty).is_some(),
                        "{}.{name} refers to {ty}, which has no schema",
                        s.id
                    );
                }
            }
        }
    }

    #[test]
    fn objects_arrays_and_maps_are_typed_recursively() {
        let mut lc = json!({
            "logConfig": {"driver": "", "config": null},
            "healthCheck": {"port": 80, "recreateOnQuorumStrategyConfig": {"quorum": 1}},
            "blkioDeviceOptions": {"/dev/sda": {"readIops": 1}},
            "disks": [{"name": "d"}],
            "ulimits": [{"name": "nofile"}],
            "labels": {"a": "b"},
            "build": null,
        });
        let Value::Object(m) = &mut lc else { panic!("object") };
        annotate("launchConfig", m);
        assert_eq!(lc["logConfig"]["type"], "logConfig");
        assert_eq!(lc["healthCheck"]["type"], "instanceHealthCheck");
        assert_eq!(
            lc["healthCheck"]["recreateOnQuorumStrategyConfig"]["type"],
            "recreateOnQuorumStrategyConfig"
        );
        assert_eq!(lc["blkioDeviceOptions"]["/dev/sda"]["type"], "blkioDeviceOption");
        assert_eq!(lc["disks"][0]["type"], "virtualMachineDisk");
        assert_eq!(lc["ulimits"][0]["type"], "ulimit");
        assert_eq!(lc["labels"], json!({"a": "b"}), "plain maps are not objects of a type");
        assert!(lc["build"].is_null());
    }

    #[test]
    fn field_types_name_their_schema() {
        assert_eq!(referenced_type("array[portRule]"), Some("portRule"));
        assert_eq!(referenced_type("map[blkioDeviceOption]"), Some("blkioDeviceOption"));
        assert_eq!(referenced_type("map[reference[service]]"), None);
        assert_eq!(referenced_type("map[json]"), None);
        assert_eq!(referenced_type("array[enum]"), None);
        assert_eq!(referenced_type("launchConfig"), Some("launchConfig"));
    }
}
