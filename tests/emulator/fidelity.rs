//! Schema fidelity: every field and action the emulator serves must exist in the real Rancher 1.6
//! `/v2-beta/schemas` document with the same type, create/update flags and action input type.

use std::path::PathBuf;

use serde_json::Value;

use crate::common::Api;

fn real_schemas() -> Value {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/rancher-api");
    let path = dir.join("schemas-v2-beta.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "the real schema document is missing: cannot read {} (folder {}): {e}",
            path.display(),
            dir.display()
        )
    });
    serde_json::from_str(&text).expect("real schemas are JSON")
}

#[tokio::test]
async fn served_schemas_match_the_real_rancher_schemas() {
    let real = real_schemas();
    let real_by_id: std::collections::BTreeMap<String, &Value> = real["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|s| (s["id"].as_str().unwrap_or("").to_string(), s))
        .collect();
    let api = Api::start().await;
    let (status, ours) = api.get(&api.url("schemas")).await;
    assert_eq!(status, 200);
    assert!(ours["links"]["self"].as_str().expect("self").ends_with("/schemas"));
    let mut problems = Vec::new();
    let (mut types, mut fields, mut actions, mut filters) = (0, 0, 0, 0);
    for s in ours["data"].as_array().expect("data") {
        let id = s["id"].as_str().expect("id");
        let Some(r) = real_by_id.get(id) else {
            problems.push(format!("type {id} does not exist in the real schemas"));
            continue;
        };
        types += 1;
        for (name, f) in s["resourceFields"].as_object().expect("fields") {
            fields += 1;
            let Some(rf) = r["resourceFields"].get(name) else {
                problems.push(format!("{id}.{name}: no such field in the real schema"));
                continue;
            };
            for key in ["type", "create", "update"] {
                let ours_v = f.get(key).cloned().unwrap_or(Value::Bool(false));
                let real_v = rf.get(key).cloned().unwrap_or(Value::Bool(false));
                if ours_v != real_v {
                    problems.push(format!("{id}.{name}.{key}: emulator {ours_v} vs real {real_v}"));
                }
            }
            if f.get("required").and_then(Value::as_bool).unwrap_or(false)
                != rf.get("required").and_then(Value::as_bool).unwrap_or(false)
            {
                problems.push(format!("{id}.{name}.required differs"));
            }
        }
        for (name, a) in s["resourceActions"].as_object().expect("actions") {
            actions += 1;
            match r["resourceActions"].get(name) {
                None => problems.push(format!("{id} action {name}: not in the real schema")),
                Some(ra) if ra["input"] != a["input"] => {
                    problems.push(format!("{id} action {name}: input {} vs real {}", a["input"], ra["input"]))
                }
                Some(_) => {}
            }
        }
        for (name, fl) in s["collectionFilters"].as_object().expect("filters") {
            filters += 1;
            match r["collectionFilters"].get(name) {
                None => problems.push(format!("{id} filter {name}: not in the real schema")),
                Some(rf) if rf["modifiers"] != fl["modifiers"] => problems.push(format!(
                    "{id} filter {name}: modifiers {} vs real {}",
                    fl["modifiers"], rf["modifiers"]
                )),
                Some(_) => {}
            }
        }
        for key in ["collectionMethods", "resourceMethods"] {
            for m in s[key].as_array().expect("methods") {
                if !r[key].as_array().is_some_and(|rm| rm.contains(m)) {
                    problems.push(format!("{id}.{key}: {m} not offered by the real server"));
                }
            }
        }
        if r["pluralName"] != s["pluralName"] {
            problems.push(format!("{id}: pluralName {} vs real {}", s["pluralName"], r["pluralName"]));
        }
    }
    println!("schema fidelity: {types} types, {fields} fields, {actions} actions, {filters} filters checked");
    assert!(problems.is_empty(), "{} mismatches:\n{}", problems.len(), problems.join("\n"));
    assert!(types >= 40 && fields >= 700 && actions >= 60, "coverage too small: {types}/{fields}/{actions}");
}
