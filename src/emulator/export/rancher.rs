//! A service's Rancher options as rancher-compose.yml keys: its scale and service fields, the
//! health check and virtual machine settings of each launch config, balancer rules with their
//! targets and certificates by name, and driver descriptions under their YAML names.

use serde_json::{Value, json};

use super::compose::HASH_LABEL;
use super::yaml::{Doc, put, put_doc, to_yaml};
use crate::emulator::store::{Obj, Service, State};
use crate::emulator::util::parse_id;

const HEALTH_CHECK: &[(&str, &str)] = &[
    ("port", "port"),
    ("interval", "interval"),
    ("responseTimeout", "response_timeout"),
    ("healthyThreshold", "healthy_threshold"),
    ("unhealthyThreshold", "unhealthy_threshold"),
    ("initializingTimeout", "initializing_timeout"),
    ("reinitializingTimeout", "reinitializing_timeout"),
    ("requestLine", "request_line"),
    ("strategy", "strategy"),
    ("name", "name"),
];

const DISK: &[(&str, &str)] = &[
    ("name", "name"),
    ("size", "size"),
    ("driver", "driver"),
    ("opts", "opts"),
    ("readIops", "read_iops"),
    ("writeIops", "write_iops"),
    ("root", "root"),
];

const PORT_RULE: &[(&str, &str)] = &[
    ("sourcePort", "source_port"),
    ("targetPort", "target_port"),
    ("protocol", "protocol"),
    ("path", "path"),
    ("hostname", "hostname"),
    ("priority", "priority"),
    ("backendName", "backend_name"),
    ("selector", "selector"),
];

const STICKINESS: &[&str] = &["name", "cookie", "domain", "indirect", "nocache", "postonly", "mode"];

/// Kinds whose scale means containers.
const SCALED: &[&str] = &["service", "loadBalancerService", "networkDriverService", "storageDriverService"];

/// The fields of `from` named in `table`, in its order and under the new names (unset ones
/// left out).
fn renamed(from: &Value, table: &[(&str, &str)]) -> Doc {
    table
        .iter()
        .filter_map(|(field, key)| Some(((*key).into(), to_yaml(from.get(*field).filter(|v| !v.is_null())?))))
        .collect()
}

/// Options of one launch config (primary or sidekick): health check, virtual machine
/// settings, start on create.
pub(super) fn launch_options(lc: &Obj) -> Doc {
    let mut out = Doc::new();
    if let Some(check) = lc.get("healthCheck").filter(|v| v.is_object()) {
        put_doc(&mut out, "health_check", health_check(check));
    }
    // The server fills in a vcpu and memory for every launch config; they mean something for
    // virtual machines only.
    if lc.get("kind").and_then(Value::as_str) == Some("virtualMachine") {
        put(&mut out, "type", &json!("virtual_machine"));
        for (field, key) in [("vcpu", "vcpu"), ("memoryMb", "memory"), ("userdata", "userdata")] {
            if let Some(v) = lc.get(field) {
                put(&mut out, key, v);
            }
        }
        if let Some(Value::Array(disks)) = lc.get("disks") {
            let disks = disks.iter().map(|d| serde_yaml::Value::Mapping(renamed(d, DISK))).collect();
            out.insert("disks".into(), serde_yaml::Value::Sequence(disks));
        }
    }
    if let Some(start) = lc.get("startOnCreate").filter(|v| v.is_boolean()) {
        // `false` is a setting here: a service that is created stopped.
        out.insert("start_on_create".into(), serde_yaml::Value::Bool(start.as_bool().unwrap_or(true)));
    }
    out
}

fn health_check(check: &Value) -> Doc {
    let mut out = renamed(check, HEALTH_CHECK);
    if let Some(quorum) = check.pointer("/recreateOnQuorumStrategyConfig/quorum").filter(|q| !q.is_null()) {
        put(&mut out, "recreate_on_quorum_strategy_config", &json!({ "quorum": quorum }));
    }
    out
}

/// The service-level options of `svc` (its primary launch config's are added by the caller).
pub(super) fn service_options(st: &State, svc: &Service) -> Doc {
    let mut out = Doc::new();
    let f = &svc.fields;
    if SCALED.contains(&svc.kind.as_str()) {
        put(&mut out, "scale", &json!(svc.scale));
    }
    if let Some(retain) = f.get("retainIp") {
        put(&mut out, "retain_ip", retain);
    }
    if let Some(policy) = f.get("scalePolicy").filter(|p| p.is_object()) {
        let table = [("min", "min"), ("max", "max"), ("increment", "increment")];
        put_doc(&mut out, "scale_policy", renamed(policy, &table));
    }
    if let Some(Value::Object(metadata)) = f.get("metadata") {
        let mut metadata = metadata.clone();
        metadata.remove(HASH_LABEL);
        put(&mut out, "metadata", &Value::Object(metadata));
    }
    if let Some(ips) = f.get("externalIpAddresses") {
        put(&mut out, "external_ips", ips);
    }
    if svc.kind == "externalService" {
        if let Some(hostname) = f.get("hostname") {
            put(&mut out, "hostname", hostname);
        }
        if let Some(check) = f.get("healthCheck").filter(|v| v.is_object()) {
            put_doc(&mut out, "health_check", health_check(check));
        }
    }
    if let Some(lb) = f.get("lbConfig").filter(|v| v.is_object()) {
        put_doc(&mut out, "lb_config", lb_config(st, svc, lb));
    }
    for (field, key) in [("networkDriver", "network_driver"), ("storageDriver", "storage_driver")] {
        if let Some(driver) = f.get(field).filter(|v| v.is_object()) {
            put(&mut out, key, &yaml_names(driver));
        }
    }
    out
}

fn lb_config(st: &State, svc: &Service, lb: &Value) -> Doc {
    let rules: Vec<serde_yaml::Value> = lb
        .get("portRules")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|rule| {
            let mut out = renamed(rule, PORT_RULE);
            let target =
                rule.get("serviceId").and_then(Value::as_str).and_then(|id| service_ref(st, svc, id));
            if let Some(target) = target {
                put(&mut out, "service", &json!(target));
            }
            serde_yaml::Value::Mapping(out)
        })
        .collect();
    let mut out = Doc::new();
    out.insert("port_rules".into(), serde_yaml::Value::Sequence(rules));
    if let Some(config) = lb.get("config") {
        put(&mut out, "config", config);
    }
    if let Some(cert) =
        lb.get("defaultCertificateId").and_then(Value::as_str).and_then(|id| certificate(st, id))
    {
        put(&mut out, "default_cert", &json!(cert));
    }
    let certs: Vec<String> = lb
        .get("certificateIds")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|id| certificate(st, id.as_str()?))
        .collect();
    put(&mut out, "certs", &json!(certs));
    if let Some(policy) = lb.get("stickinessPolicy").filter(|p| p.is_object()) {
        let table: Vec<(&str, &str)> = STICKINESS.iter().map(|k| (*k, *k)).collect();
        put_doc(&mut out, "stickiness_policy", renamed(policy, &table));
    }
    out
}

/// How the files name service `id` seen from `from`: `name` in the same stack, else
/// `stack/name`.
pub(super) fn service_ref(st: &State, from: &Service, id: &str) -> Option<String> {
    let target = st.services.get(&parse_id("s", id)?)?;
    if target.stack_id == from.stack_id {
        return Some(target.name.clone());
    }
    let stack = st.stacks.get(&target.stack_id)?;
    Some(format!("{}/{}", stack.name, target.name))
}

fn certificate(st: &State, id: &str) -> Option<String> {
    let cert = st.generics.get("certificate")?.get(&parse_id("c", id)?)?;
    cert.fields.get("name").and_then(Value::as_str).map(str::to_owned)
}

/// A driver description with `snake_case` keys, as rancher-compose.yml writes them; the
/// free-form `cniConfig` and `networkMetadata` maps keep their keys, and the schema's `type`
/// annotations are dropped.
fn yaml_names(value: &Value) -> Value {
    match value {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| k.as_str() != "type")
                .map(|(k, v)| {
                    let verbatim = matches!(k.as_str(), "cniConfig" | "networkMetadata");
                    (snake_case(k), if verbatim { v.clone() } else { yaml_names(v) })
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(yaml_names).collect()),
        other => other.clone(),
    }
}

fn snake_case(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn driver_keys_go_back_to_snake_case() {
        let driver = json!({"name": "IPsec", "type": "networkDriver",
            "defaultNetwork": {"hostPorts": true, "subnets": [{"networkAddress": "10.42.0.0/16"}]},
            "cniConfig": {"10-rancher.conf": {"isDefaultGateway": true}}});
        assert_eq!(
            yaml_names(&driver),
            json!({"name": "IPsec", "default_network": {"host_ports": true,
                "subnets": [{"network_address": "10.42.0.0/16"}]},
                "cni_config": {"10-rancher.conf": {"isDefaultGateway": true}}})
        );
    }

    #[test]
    fn health_checks_use_the_yaml_names() {
        let check = json!({"port": 80, "requestLine": "GET /", "responseTimeout": 2000, "type": "instanceHealthCheck",
            "recreateOnQuorumStrategyConfig": {"quorum": 2}});
        let written = health_check(&check);
        let keys: Vec<&str> = written.keys().filter_map(serde_yaml::Value::as_str).collect();
        assert_eq!(keys, ["port", "response_timeout", "request_line", "recreate_on_quorum_strategy_config"]);
    }
}
