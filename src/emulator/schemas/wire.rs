//! `/schemas` as JSON: one schema resource, and the collection of them.

use serde_json::{Map, Value, json};

use super::{Field, Schema, modifiers_for, registry};

fn field_json(f: &Field) -> Value {
    let mut m = Map::new();
    m.insert("type".into(), json!(f.ty));
    m.insert("create".into(), json!(f.create));
    m.insert("update".into(), json!(f.update));
    if f.required {
        m.insert("required".into(), json!(true));
    }
    m.insert("nullable".into(), json!(!f.required));
    if let Some(d) = &f.default {
        m.insert("default".into(), d.clone());
    }
    if let Some(v) = f.min {
        m.insert("min".into(), json!(v));
    }
    if let Some(v) = f.max {
        m.insert("max".into(), json!(v));
    }
    if let Some(v) = f.min_len {
        m.insert("minLength".into(), json!(v));
    }
    if let Some(v) = f.max_len {
        m.insert("maxLength".into(), json!(v));
    }
    if let Some(v) = &f.valid_chars {
        m.insert("validChars".into(), json!(v));
    }
    if !f.options.is_empty() {
        m.insert("options".into(), json!(f.options));
    }
    Value::Object(m)
}

/// One schema resource; `base` is the scoped API base (`http://h/v2-beta/projects/1a5`).
pub(crate) fn schema_json(s: &Schema, base: &str) -> Value {
    let mut links = Map::new();
    links.insert("self".into(), json!(format!("{base}/schemas/{}", s.id.to_ascii_lowercase())));
    if s.listable {
        links.insert("collection".into(), json!(format!("{base}/{}", s.plural.to_ascii_lowercase())));
    }
    let fields: Map<String, Value> = s.fields.iter().map(|(k, f)| (k.clone(), field_json(f))).collect();
    let actions: Map<String, Value> = s
        .actions
        .iter()
        .map(|(k, input)| (k.to_string(), json!({"input": input, "output": s.output_type})))
        .collect();
    let filters: Map<String, Value> =
        s.filters.iter().map(|(k, ty)| (k.clone(), json!({"modifiers": modifiers_for(ty)}))).collect();
    json!({
        "id": s.id,
        "type": "schema",
        "baseType": "schema",
        "links": links,
        "actions": {},
        "pluralName": s.plural,
        "resourceFields": fields,
        "resourceActions": actions,
        "collectionActions": {},
        "collectionFields": {},
        "collectionFilters": filters,
        "collectionMethods": s.collection_methods,
        "resourceMethods": s.resource_methods,
        "includeableLinks": [],
    })
}

pub(crate) fn collection_json(base: &str) -> Value {
    let data: Vec<Value> = registry().values().map(|s| schema_json(s, base)).collect();
    json!({
        "type": "collection",
        "resourceType": "schema",
        "links": {"self": format!("{base}/schemas")},
        "createTypes": {},
        "actions": {},
        "data": data,
        "sortLinks": {},
        "pagination": null,
        "sort": null,
        "filters": {},
        "createDefaults": {},
    })
}
