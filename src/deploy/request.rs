//! Request bodies for creating services, per kind (`rancher-compose-behavior.md` §10): the
//! common service fields, the launch configs, and the fields only typed services carry.
//! References to other resources (load balancer targets, certificates) arrive resolved.

use serde_json::{Map, Value, json};

use crate::compose::rancher::LbConfig;
use crate::compose::{Project, ProjectService};

use super::kind::Kind;
use super::launch;

/// Label that makes a service select containers by label instead of running its own.
const SELECTOR_CONTAINER: &str = "io.rancher.service.selector.container";
/// Label that makes a service link to the services it selects by label.
const SELECTOR_LINK: &str = "io.rancher.service.selector.link";

/// Ids resolved on the server that a create body needs.
#[derive(Debug, Default)]
pub(crate) struct Resolved {
    /// Load balancer rule target (`service` or `stack/service`) → service id.
    pub services: Vec<(String, String)>,
    /// Certificate name → certificate id.
    pub certificates: Vec<(String, String)>,
    /// The server's load balancer image (setting `lb.instance.image`), for legacy balancers.
    pub lb_image: Option<String>,
}

impl Resolved {
    pub(crate) fn service(&self, name: &str) -> Option<&str> {
        self.services.iter().find(|(n, _)| n == name).map(|(_, id)| id.as_str())
    }

    pub(crate) fn certificate(&self, name: &str) -> Option<&str> {
        self.certificates.iter().find(|(n, _)| n == name).map(|(_, id)| id.as_str())
    }
}

/// The body of the create request for service `name`.
#[must_use]
pub(crate) fn create_body(project: &Project, name: &str, stack_id: &str, resolved: &Resolved) -> Value {
    let Some(service) = project.services.get(name) else { return Value::Null };
    let kind = Kind::of(service);
    let r = &service.rancher;
    let mut body = Map::new();
    body.insert("name".into(), json!(name));
    body.insert("stackId".into(), json!(stack_id));
    body.insert("launchConfig".into(), launch::primary(service));
    if !r.metadata.is_empty() {
        body.insert("metadata".into(), serde_json::to_value(&r.metadata).unwrap_or(Value::Null));
    }
    if let Some(start) = r.start_on_create {
        body.insert("startOnCreate".into(), json!(start));
    }
    if kind.has_containers() {
        body.insert("scale".into(), json!(r.create_scale()));
        if let Some(retain) = r.retain_ip {
            body.insert("retainIp".into(), json!(retain));
        }
        if let Some(policy) = &r.scale_policy {
            body.insert(
                "scalePolicy".into(),
                json!({"min": policy.min, "max": policy.max, "increment": policy.increment}),
            );
        }
    }
    if let Some(selector) = service.compose.labels.get(SELECTOR_CONTAINER) {
        body.insert("selectorContainer".into(), json!(selector));
    }
    if let Some(selector) = service.compose.labels.get(SELECTOR_LINK) {
        body.insert("selectorLink".into(), json!(selector));
    }
    match kind {
        Kind::Normal => {
            insert_secondaries(&mut body, project, service);
            if let Some(lb) = &r.lb_config {
                body.insert("lbConfig".into(), lb_config(lb, resolved));
            }
        }
        Kind::LoadBalancer => {
            if let Some(lb) = &r.lb_config {
                body.insert("lbConfig".into(), lb_config(lb, resolved));
            }
        }
        Kind::External => {
            if !r.external_ips.is_empty() {
                body.insert("externalIpAddresses".into(), json!(r.external_ips));
            }
            if let Some(hostname) = &r.hostname {
                body.insert("hostname".into(), json!(hostname));
            }
            if let Some(check) = &r.health_check {
                body.insert("healthCheck".into(), launch::health_check(check));
            }
        }
        // Driver plugins run sidekicks too (IPsec's router and cni-driver), as 0.12 sent them.
        Kind::NetworkDriver => {
            insert_secondaries(&mut body, project, service);
            body.insert("networkDriver".into(), api_names(to_json(r.network_driver.as_ref())));
        }
        Kind::StorageDriver => {
            insert_secondaries(&mut body, project, service);
            body.insert("storageDriver".into(), api_names(to_json(r.storage_driver.as_ref())));
        }
        Kind::LegacyLoadBalancer => {
            body.insert("lbConfig".into(), super::legacy_lb::lb_config(service, resolved));
            if let (Some(image), Some(Value::Object(lc))) = (&resolved.lb_image, body.get_mut("launchConfig"))
            {
                lc.insert("imageUuid".into(), json!(launch::image_uuid(image)));
                super::hash::relabel_launch_config(lc);
            }
        }
        Kind::Dns => {}
    }
    // 0.12's service hash, kept in the metadata.
    let health_check = r.health_check.as_deref().map(launch::health_check);
    let hash = super::hash::service(&Value::Object(body.clone()), health_check.as_ref());
    let metadata = body.entry("metadata").or_insert_with(|| json!({}));
    if let Some(m) = metadata.as_object_mut() {
        m.insert(super::plan::HASH_KEY.into(), json!(hash));
    }
    Value::Object(body)
}

fn insert_secondaries(body: &mut Map<String, Value>, project: &Project, service: &ProjectService) {
    let secondaries = launch::secondaries(project, service);
    if !secondaries.is_empty() {
        body.insert("secondaryLaunchConfigs".into(), Value::Array(secondaries));
    }
}

/// A driver object with the API's field names (`volume_access_mode` → `volumeAccessMode`, also
/// in `default_network` and its subnets), as 0.12 sent it through go-rancher's types; a Cattle
/// server drops the YAML spellings as unknown fields. The contents of `cni_config` and
/// `network_metadata` are free-form maps and stay as written.
fn api_names(value: Value) -> Value {
    match value {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| {
                    let verbatim = matches!(k.as_str(), "cni_config" | "network_metadata");
                    (camel_case(&k), if verbatim { v } else { api_names(v) })
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(api_names).collect()),
        other => other,
    }
}

fn camel_case(key: &str) -> String {
    let mut parts = key.split('_');
    let first = parts.next().unwrap_or_default().to_owned();
    parts.fold(first, |mut out, part| {
        let mut chars = part.chars();
        if let Some(c) = chars.next() {
            out.extend(c.to_uppercase());
            out.push_str(chars.as_str());
        }
        out
    })
}

fn to_json(value: Option<&serde_yaml::Value>) -> Value {
    value.and_then(|v| serde_json::to_value(v).ok()).unwrap_or(Value::Null)
}

fn lb_config(lb: &LbConfig, resolved: &Resolved) -> Value {
    let rules: Vec<Value> = lb
        .port_rules
        .iter()
        .map(|rule| {
            let mut m = Map::new();
            let mut put = |key: &str, value: Value| {
                if !value.is_null() {
                    m.insert(key.to_owned(), value);
                }
            };
            put("sourcePort", json!(rule.source_port));
            put("targetPort", json!(rule.target_port));
            put("protocol", json!(rule.protocol));
            put("path", json!(rule.path));
            put("hostname", json!(rule.hostname));
            put("priority", json!(rule.priority));
            put("backendName", json!(rule.backend_name));
            put("selector", json!(rule.selector));
            put("serviceId", json!(rule.service.as_deref().and_then(|s| resolved.service(s))));
            Value::Object(m)
        })
        .collect();
    let mut m = Map::new();
    m.insert("portRules".into(), Value::Array(rules));
    if let Some(config) = &lb.config {
        m.insert("config".into(), json!(config));
    }
    if let Some(cert) = lb.default_cert.as_deref().and_then(|c| resolved.certificate(c)) {
        m.insert("defaultCertificateId".into(), json!(cert));
    }
    let certs: Vec<&str> = lb.certs.iter().filter_map(|c| resolved.certificate(c)).collect();
    if !certs.is_empty() {
        m.insert("certificateIds".into(), json!(certs));
    }
    if let Some(policy) = &lb.stickiness_policy {
        m.insert("stickinessPolicy".into(), stickiness(policy));
    }
    Value::Object(m)
}

/// A stickiness policy in the API's shape.
pub(crate) fn stickiness(policy: &crate::compose::rancher::StickinessPolicy) -> Value {
    serde_json::to_value(policy).map(camel_keys).unwrap_or(Value::Null)
}

/// `snake_case` keys to the API's `camelCase`.
fn camel_keys(value: Value) -> Value {
    match value {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| {
                    let mut out = String::new();
                    let mut upper = false;
                    for c in k.chars() {
                        if c == '_' {
                            upper = true;
                        } else if upper {
                            out.extend(c.to_uppercase());
                            upper = false;
                        } else {
                            out.push(c);
                        }
                    }
                    (out, camel_keys(v))
                })
                .collect(),
        ),
        other => other,
    }
}

/// The `serviceLinks` of a `setservicelinks` input: `name[:alias]` entries resolved to ids.
#[must_use]
pub(crate) fn service_links(links: &[(String, Option<String>, String)]) -> Value {
    let items: Vec<Value> = links
        .iter()
        .map(|(_, alias, id)| match alias {
            Some(alias) => json!({"name": alias, "serviceId": id}),
            None => json!({ "serviceId": id }),
        })
        .collect();
    json!({ "serviceLinks": items })
}

/// Splits `name[:alias]` (both parts trimmed, as 0.12 accepted `"web: alias"`).
#[must_use]
pub(crate) fn split_link(link: &str) -> (String, Option<String>) {
    match link.split_once(':') {
        Some((name, alias)) => {
            (name.trim().to_owned(), Some(alias.trim().to_owned()).filter(|a| !a.is_empty()))
        }
        None => (link.trim().to_owned(), None),
    }
}

/// The links a service asks for: `links` then `external_links`.
#[must_use]
pub(crate) fn wanted_links(service: &ProjectService) -> Vec<(String, Option<String>)> {
    service.compose.links.iter().chain(&service.compose.external_links).map(|l| split_link(l)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn driver_objects_use_the_api_names_and_keep_free_form_maps() {
        let yaml = "name: Rancher IPsec\ndefault_network:\n  host_ports: true\n  subnets:\n  - network_address: 10.42.0.0/16\n  dns_search: [rancher.internal]\ncni_config:\n  10-rancher.conf:\n    is_default_gateway: true\n";
        let driver: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
        assert_eq!(
            api_names(to_json(Some(&driver))),
            json!({"name": "Rancher IPsec",
                   "defaultNetwork": {"hostPorts": true, "subnets": [{"networkAddress": "10.42.0.0/16"}],
                                      "dnsSearch": ["rancher.internal"]},
                   "cniConfig": {"10-rancher.conf": {"is_default_gateway": true}}})
        );
        assert_eq!(camel_case("volume_access_mode"), "volumeAccessMode");
        assert_eq!(camel_case("name"), "name");
    }

    #[test]
    fn links_and_aliases() {
        assert_eq!(split_link("db"), ("db".into(), None));
        assert_eq!(split_link("db:database"), ("db".into(), Some("database".into())));
        assert_eq!(split_link("web: alias"), ("web".into(), Some("alias".into())));
        assert_eq!(split_link("other/cache:cache"), ("other/cache".into(), Some("cache".into())));
        let body = service_links(&[
            ("db".into(), Some("database".into()), "1s2".into()),
            ("x".into(), None, "1s3".into()),
        ]);
        assert_eq!(
            body,
            json!({"serviceLinks": [{"name": "database", "serviceId": "1s2"}, {"serviceId": "1s3"}]})
        );
    }

    #[test]
    fn create_bodies_per_kind() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/lb-v2");
        let opts = crate::compose::LoadOptions {
            files: vec!["docker-compose.yml".into()],
            working_dir: dir.into(),
            ..Default::default()
        };
        let project =
            crate::compose::load(&opts, Default::default(), &mut || Ok(String::new())).unwrap().project;
        let resolved = Resolved {
            services: vec![("web".into(), "1s1".into()), ("api".into(), "1s2".into())],
            certificates: vec![("example-com".into(), "1c1".into())],
            lb_image: None,
        };
        let lb = create_body(&project, "lb", "1st1", &resolved);
        assert_eq!(lb["scale"], 2);
        assert_eq!(
            lb["lbConfig"]["portRules"][0],
            json!({"sourcePort": 80, "targetPort": 80, "hostname": "www.example.com", "serviceId": "1s1"})
        );
        assert_eq!(lb["lbConfig"]["portRules"][2]["selector"], "app=legacy");
        assert_eq!(lb["lbConfig"]["defaultCertificateId"], "1c1");
        assert_eq!(
            lb["lbConfig"]["stickinessPolicy"],
            json!({"name": "sticky", "cookie": "SRV", "mode": "insert"})
        );
        assert_eq!(lb["launchConfig"]["healthCheck"]["port"], 42);
        let web = create_body(&project, "web", "1st1", &resolved);
        assert_eq!(
            (web["name"].as_str(), web["stackId"].as_str(), web["scale"].as_i64()),
            (Some("web"), Some("1st1"), Some(2))
        );
        assert!(web.get("lbConfig").is_none());
    }
}
