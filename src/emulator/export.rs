//! The stack `exportconfig` action: docker-compose.yml (`version: '2'`) and rancher-compose.yml
//! text for a stack's live services, written with a minimal YAML emitter (scalars are emitted as
//! JSON strings, which YAML accepts).

use std::fmt::Write;

use serde_json::Value;

use super::store::{Obj, Service, State};

fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => q(s),
        other => other.to_string(),
    }
}

fn list(out: &mut String, indent: &str, key: &str, v: Option<&Value>) {
    if let Some(Value::Array(items)) = v
        && !items.is_empty()
    {
        let _ = writeln!(out, "{indent}{key}:");
        for i in items {
            let _ = writeln!(out, "{indent}- {}", scalar(i));
        }
    }
}

fn map(out: &mut String, indent: &str, key: &str, v: Option<&Value>) {
    if let Some(Value::Object(m)) = v
        && !m.is_empty()
    {
        let _ = writeln!(out, "{indent}{key}:");
        for (k, v) in m {
            let _ = writeln!(out, "{indent}  {}: {}", q(k), scalar(v));
        }
    }
}

fn launch_config(out: &mut String, indent: &str, lc: &Obj) {
    if let Some(img) = lc.get("imageUuid").and_then(Value::as_str) {
        let _ = writeln!(out, "{indent}image: {}", q(img.strip_prefix("docker:").unwrap_or(img)));
    }
    map(out, indent, "environment", lc.get("environment"));
    map(out, indent, "labels", lc.get("labels"));
    list(out, indent, "command", lc.get("command"));
    list(out, indent, "entrypoint", lc.get("entryPoint"));
    list(out, indent, "ports", lc.get("ports"));
    list(out, indent, "volumes", lc.get("dataVolumes"));
    list(out, indent, "dns", lc.get("dns"));
    if let Some(Value::Bool(true)) = lc.get("tty") {
        let _ = writeln!(out, "{indent}tty: true");
    }
    if let Some(Value::Bool(true)) = lc.get("stdinOpen") {
        let _ = writeln!(out, "{indent}stdin_open: true");
    }
    if let Some(Value::Bool(true)) = lc.get("privileged") {
        let _ = writeln!(out, "{indent}privileged: true");
    }
}

/// (dockerComposeConfig, rancherComposeConfig)
pub fn export(st: &State, stack_id: u64, only: Option<&[u64]>) -> (String, String) {
    let mut services: Vec<&Service> = st
        .stack_services(stack_id)
        .filter(|s| s.meta.state != "removing")
        .filter(|s| only.is_none_or(|ids| ids.contains(&s.meta.id)))
        .collect();
    services.sort_by(|a, b| a.name.cmp(&b.name));
    let mut dc = String::from("version: '2'\nservices:\n");
    let mut rc = String::from("version: '2'\nservices:\n");
    for s in services {
        let ind = "    ";
        let _ = writeln!(dc, "  {}:", s.name);
        launch_config(&mut dc, ind, &s.launch_config);
        let links: Vec<String> = st
            .live_consume_maps()
            .filter(|m| m.service_id == s.meta.id)
            .filter_map(|m| {
                let t = st.services.get(&m.consumed_id)?;
                Some(match &m.name {
                    Some(n) if !n.is_empty() && *n != t.name => format!("{}:{n}", t.name),
                    _ => t.name.clone(),
                })
            })
            .collect();
        if !links.is_empty() {
            let _ = writeln!(dc, "{ind}links:");
            for l in links {
                let _ = writeln!(dc, "{ind}- {}", q(&l));
            }
        }
        for sk in &s.secondary {
            if let Some(name) = sk.get("name").and_then(Value::as_str) {
                let _ = writeln!(dc, "  {name}:");
                launch_config(&mut dc, ind, sk);
            }
        }
        let _ = writeln!(rc, "  {}:", s.name);
        if matches!(s.kind.as_str(), "service" | "loadBalancerService") {
            let _ = writeln!(rc, "{ind}scale: {}", s.scale);
        }
        let _ = writeln!(rc, "{ind}start_on_create: true");
        if let Some(hc) = s.launch_config.get("healthCheck").filter(|v| !v.is_null()) {
            map(&mut rc, ind, "health_check", Some(hc));
        }
    }
    (dc, rc)
}
