//! The Rancher part of a service: every `rancher-compose.yml` key (scale, health checks,
//! load balancers, upgrade strategy, ...). The same keys are accepted inside docker-compose.yml,
//! which is where they are read from when there is no rancher-compose.yml (0.12's rule).

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_yaml::Value;

use super::shapes;
use super::source::Seg;

/// Rancher options of one service.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RancherService {
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::int")]
    pub scale: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::flag")]
    pub retain_ip: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::flag")]
    pub start_on_create: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale_policy: Option<Box<ScalePolicy>>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub metadata: IndexMap<String, Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health_check: Option<Box<HealthCheck>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upgrade_strategy: Option<Box<UpgradeStrategy>>,
    #[serde(skip_serializing_if = "Vec::is_empty", deserialize_with = "shapes::list")]
    pub external_ips: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub hostname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lb_config: Option<Box<LbConfig>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub load_balancer_config: Option<Box<LegacyLbConfig>>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub default_cert: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", deserialize_with = "shapes::string_list")]
    pub certs: Vec<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::int")]
    pub vcpu: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::int")]
    pub memory: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub userdata: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub disks: Vec<Disk>,
    /// Free-form driver descriptions (their keys vary by driver and include camelCase ones).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage_driver: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_driver: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_schemas: Option<Value>,
    /// Accepted by the 0.12 schema but never used by it; kept so such files still load.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_strategy: Option<Value>,
}

impl RancherService {
    /// The first count, size or duration that is negative (which 0.12 sent on, or turned
    /// into 1 for `scale`): its key path below the service, and its value.
    #[must_use]
    pub fn negative_value(&self) -> Option<(Vec<&'static str>, i64)> {
        let health = self.health_check.as_deref().cloned().unwrap_or_default();
        let strategy = self.upgrade_strategy.as_deref().cloned().unwrap_or_default();
        let policy = self.scale_policy.as_deref().cloned().unwrap_or_default();
        let checked: [(&[&'static str], Option<i64>); 15] = [
            (&["scale"], self.scale),
            (&["vcpu"], self.vcpu),
            (&["memory"], self.memory),
            (&["scale_policy", "min"], policy.min),
            (&["scale_policy", "max"], policy.max),
            (&["scale_policy", "increment"], policy.increment),
            (&["upgrade_strategy", "batch_size"], strategy.batch_size),
            (&["upgrade_strategy", "interval_millis"], strategy.interval_millis),
            (&["health_check", "port"], health.port),
            (&["health_check", "interval"], health.interval),
            (&["health_check", "response_timeout"], health.response_timeout),
            (&["health_check", "healthy_threshold"], health.healthy_threshold),
            (&["health_check", "unhealthy_threshold"], health.unhealthy_threshold),
            (&["health_check", "initializing_timeout"], health.initializing_timeout),
            (&["health_check", "reinitializing_timeout"], health.reinitializing_timeout),
        ];
        checked.into_iter().find_map(|(path, value)| value.filter(|v| *v < 0).map(|v| (path.to_vec(), v)))
    }

    /// The first value Rancher refuses (a port outside 1-65535, a protocol, stickiness mode or
    /// health check strategy it does not know): its path below the service and what is wrong.
    /// Found when the files are read, these fail the run before it changes anything; sent on,
    /// the server refused them half-way through a deploy.
    #[must_use]
    pub(crate) fn invalid_value(&self) -> Option<(Vec<Seg>, String)> {
        let key = |k: &str| Seg::Key(k.to_owned());
        let port = |path: Vec<Seg>, p: Option<i64>| {
            p.filter(|p| !(1..=65535).contains(p))
                .map(|p| (path, format!("{p} is not a port number (1 to 65535)")))
        };
        let one_of = |path: Vec<Seg>, v: Option<&str>, options: &[&str]| {
            v.filter(|v| !options.contains(v)).map(|v| {
                let listed = options.iter().map(|o| format!("`{o}`")).collect::<Vec<_>>().join(", ");
                (path, format!("`{v}` is not one of {listed}"))
            })
        };
        let stickiness = |path: Vec<Seg>, s: Option<&StickinessPolicy>| {
            one_of(path, s.and_then(|s| s.mode.as_deref()), &["insert", "prefix", "rewrite"])
        };
        let health = |path: Vec<Seg>, h: Option<&HealthCheck>| {
            let h = h?;
            let at = |k: &str| [path.as_slice(), &[key(k)]].concat();
            port(at("port"), h.port).or_else(|| {
                one_of(at("strategy"), h.strategy.as_deref(), &["none", "recreate", "recreateOnQuorum"])
            })
        };
        if let Some(found) = health(vec![key("health_check")], self.health_check.as_deref()) {
            return Some(found);
        }
        if let Some(lb) = self.lb_config.as_deref() {
            for (i, rule) in lb.port_rules.iter().enumerate() {
                let at = |k: &str| vec![key("lb_config"), key("port_rules"), Seg::Index(i), key(k)];
                // A source port of 0 means none (a target rule), as `is_balancer` reads it.
                let found = port(at("source_port"), rule.source_port.filter(|p| *p != 0))
                    .or_else(|| port(at("target_port"), rule.target_port))
                    .or_else(|| {
                        let protocols = ["http", "https", "tcp", "tls", "sni", "udp"];
                        one_of(at("protocol"), rule.protocol.as_deref(), &protocols)
                    });
                if found.is_some() {
                    return found;
                }
            }
            let at = vec![key("lb_config"), key("stickiness_policy"), key("mode")];
            if let Some(found) = stickiness(at, lb.stickiness_policy.as_ref()) {
                return Some(found);
            }
        }
        let legacy = self.load_balancer_config.as_deref()?;
        let at = vec![key("load_balancer_config"), key("lb_cookie_stickiness_policy"), key("mode")];
        stickiness(at, legacy.lb_cookie_stickiness_policy.as_ref())
    }

    /// The scale a new service is created with: values below 1 (and none) mean 1, as in 0.12.
    #[must_use]
    pub fn create_scale(&self) -> i64 {
        self.scale.filter(|s| *s > 0).unwrap_or(1)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScalePolicy {
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::int")]
    pub min: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::int")]
    pub max: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::int")]
    pub increment: Option<i64>,
}

/// A Rancher health check (go-rancher `InstanceHealthCheck`, snake_case).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HealthCheck {
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::int")]
    pub port: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::int")]
    pub interval: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::int")]
    pub response_timeout: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::int")]
    pub healthy_threshold: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::int")]
    pub unhealthy_threshold: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::int")]
    pub initializing_timeout: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::int")]
    pub reinitializing_timeout: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub request_line: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub strategy: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recreate_on_quorum_strategy_config: Option<QuorumConfig>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct QuorumConfig {
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::int")]
    pub quorum: Option<i64>,
}

/// `upgrade_strategy`: defaults for in-service upgrades.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UpgradeStrategy {
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::flag")]
    pub start_first: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::int")]
    pub batch_size: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::int")]
    pub interval_millis: Option<i64>,
}

/// A v2 load balancer (`lb_config`), or target rules on a normal service.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LbConfig {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub port_rules: Vec<PortRule>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub config: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub default_cert: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", deserialize_with = "shapes::string_list")]
    pub certs: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stickiness_policy: Option<StickinessPolicy>,
}

impl LbConfig {
    /// A real load balancer has a rule with a source port; otherwise these are target rules.
    #[must_use]
    pub fn is_balancer(&self) -> bool {
        self.port_rules.iter().any(|r| r.source_port.is_some_and(|p| p != 0))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PortRule {
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::int")]
    pub source_port: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::int")]
    pub target_port: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub protocol: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub hostname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub service: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::int")]
    pub priority: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub backend_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub selector: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StickinessPolicy {
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub cookie: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub domain: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::flag")]
    pub indirect: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::flag")]
    pub nocache: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::flag")]
    pub postonly: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub mode: Option<String>,
}

/// The legacy (v1) load balancer description, converted to `lb_config` at deploy time.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LegacyLbConfig {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub haproxy_config: Option<HaproxyConfig>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lb_cookie_stickiness_policy: Option<StickinessPolicy>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health_check: Option<HealthCheck>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HaproxyConfig {
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub global: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub defaults: Option<String>,
}

/// A virtual machine disk.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Disk {
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub size: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub driver: Option<String>,
    #[serde(skip_serializing_if = "IndexMap::is_empty", deserialize_with = "shapes::label_map")]
    pub opts: IndexMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::int")]
    pub read_iops: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::int")]
    pub write_iops: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::flag")]
    pub root: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(yaml: &str) -> Option<String> {
        let service: RancherService = serde_yaml::from_str(yaml).unwrap();
        service
            .invalid_value()
            .map(|(path, message)| format!("{}: {message}", super::super::source::display_path(&path)))
    }

    #[test]
    fn values_rancher_refuses_are_found_before_the_run() {
        let rule = |r: &str| format!("lb_config: {{port_rules: [{{service: web, {r}}}]}}");
        assert_eq!(problem(&rule("source_port: 80, target_port: 80, protocol: https")), None);
        assert_eq!(
            problem(&rule("source_port: 80, target_port: 80, protocol: htp")).unwrap(),
            "lb_config.port_rules[0].protocol: `htp` is not one of `http`, `https`, `tcp`, `tls`, `sni`, `udp`"
        );
        assert_eq!(
            problem(&rule("source_port: -1, target_port: 80")).unwrap(),
            "lb_config.port_rules[0].source_port: -1 is not a port number (1 to 65535)"
        );
        assert!(problem(&rule("source_port: 80, target_port: 99999")).unwrap().contains("target_port"));
        // A target rule on a normal service has no source port.
        assert_eq!(problem(&rule("source_port: 0, target_port: 80")), None);
        assert!(
            problem("lb_config: {stickiness_policy: {mode: foo}}")
                .unwrap()
                .contains("stickiness_policy.mode")
        );
        assert!(problem("health_check: {port: 70000}").unwrap().contains("health_check.port"));
        assert!(problem("health_check: {port: 80, strategy: recreat}").unwrap().contains("`recreat`"));
        assert_eq!(problem("health_check: {port: 80, strategy: recreateOnQuorum}"), None);
        assert!(
            problem("load_balancer_config: {lb_cookie_stickiness_policy: {mode: x}}")
                .unwrap()
                .contains("`x`")
        );
    }
}
