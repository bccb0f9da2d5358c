//! Legacy load balancers (`image: rancher/load-balancer-service`) become v2 load balancers on
//! the client, as rancher-compose 0.12 converted them (`rancher-compose-behavior.md` §10.3):
//! port rules from `ports`/`expose` × links, the `io.rancher.loadbalancer.*` labels, the
//! haproxy config and stickiness policy. Pure: target ids arrive resolved.

use serde_json::{Map, Value, json};

use crate::compose::ProjectService;

use super::request::{Resolved, split_link};

const TARGET_LABEL: &str = "io.rancher.loadbalancer.target.";
const SSL_PORTS_LABEL: &str = "io.rancher.loadbalancer.ssl.ports";
const PROXY_PORTS_LABEL: &str = "io.rancher.loadbalancer.proxy-protocol.ports";
const SELECTOR_LINK_LABEL: &str = "io.rancher.service.selector.link";

/// One port rule before its target is resolved to an id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rule {
    pub source: i64,
    pub target: i64,
    pub protocol: String,
    pub service: Option<String>,
    pub selector: Option<String>,
    pub hostname: Option<String>,
    pub path: Option<String>,
}

/// The services the balancer sends traffic to: its links, then its external links.
#[must_use]
pub(crate) fn targets(service: &ProjectService) -> Vec<String> {
    let c = &service.compose;
    c.links.iter().chain(&c.external_links).map(|l| split_link(l).0).collect()
}

/// `S[:T][/proto]`: source, target (digits up to the first non-digit) and protocol (`http`
/// unless given).
fn parse_port(spec: &str) -> Option<(i64, i64, String)> {
    let (ports, protocol) = match spec.split_once('/') {
        Some((p, proto)) => (p, proto.to_owned()),
        None => (spec, "http".to_owned()),
    };
    let number = |s: &str| -> Option<i64> {
        let digits: String = s.trim().chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    };
    match ports.split_once(':') {
        Some((s, t)) => Some((number(s)?, number(t)?, protocol)),
        None => {
            let p = number(ports)?;
            Some((p, p, protocol))
        }
    }
}

/// One entry of an `io.rancher.loadbalancer.target.<service>` label:
/// `[hostname[:|=]][sourcePort][/path][=targetPort]`.
#[derive(Debug, Default, PartialEq, Eq)]
struct TargetEntry {
    hostname: Option<String>,
    source: i64,
    path: Option<String>,
    target: i64,
}

fn parse_target(entry: &str) -> TargetEntry {
    let entry = entry.trim();
    let all_digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let (left, target) = match entry.rsplit_once('=') {
        Some((l, t)) if all_digits(t) => (l, t.parse().unwrap_or(0)),
        _ if all_digits(entry) => ("", entry.parse().unwrap_or(0)),
        _ => (entry, 0),
    };
    let (host_port, path) = match left.find('/') {
        Some(i) => (&left[..i], Some(left[i..].to_owned())),
        None => (left, None),
    };
    let (hostname, source) = match host_port.split_once(':') {
        Some((h, p)) => (Some(h.to_owned()).filter(|h| !h.is_empty()), p.parse().unwrap_or(0)),
        None if all_digits(host_port) => (None, host_port.parse().unwrap_or(0)),
        None => (Some(host_port.to_owned()).filter(|h| !h.is_empty()), 0),
    };
    TargetEntry { hostname, source, path, target }
}

fn ports_in(label: Option<&String>) -> Vec<i64> {
    label.map(|v| v.split(',').filter_map(|p| p.trim().parse().ok()).collect()).unwrap_or_default()
}

/// The port rules, in 0.12's order.
#[must_use]
pub(crate) fn rules(service: &ProjectService) -> Vec<Rule> {
    let c = &service.compose;
    let specs: Vec<(i64, i64, String)> =
        c.ports.iter().chain(&c.expose).filter_map(|p| parse_port(p)).collect();
    let mut rules = Vec::new();
    let links: Vec<String> = targets(service);
    for (source, target, protocol) in &specs {
        for link in &links {
            let base = Rule {
                source: *source,
                target: *target,
                protocol: protocol.clone(),
                service: Some(link.clone()),
                selector: None,
                hostname: None,
                path: None,
            };
            let entries: Vec<TargetEntry> = c
                .labels
                .get(&format!("{TARGET_LABEL}{}", link.rsplit('/').next().unwrap_or(link)))
                .map(|l| l.split(',').map(parse_target).collect())
                .unwrap_or_default();
            let matching: Vec<&TargetEntry> =
                entries.iter().filter(|e| e.source == 0 || e.source == *source).collect();
            if matching.is_empty() {
                rules.push(base.clone());
            }
            for entry in matching {
                let mut rule = base.clone();
                rule.hostname.clone_from(&entry.hostname);
                rule.path.clone_from(&entry.path);
                if entry.target != 0 {
                    rule.target = entry.target;
                }
                rules.push(rule);
            }
        }
    }
    if let Some(selector) = c.labels.get(SELECTOR_LINK_LABEL) {
        for (source, target, protocol) in &specs {
            rules.push(Rule {
                source: *source,
                target: *target,
                protocol: protocol.clone(),
                service: None,
                selector: Some(selector.clone()),
                hostname: None,
                path: None,
            });
        }
    }
    let ssl = ports_in(c.labels.get(SSL_PORTS_LABEL));
    for rule in &mut rules {
        if ssl.contains(&rule.source) {
            rule.protocol = "https".into();
        }
    }
    rules
}

/// The haproxy text: each of `global` and `defaults` that is set, its lines indented by four
/// spaces; then a `frontend` block accepting the proxy protocol per listed port.
#[must_use]
pub(crate) fn haproxy_config(service: &ProjectService) -> Option<String> {
    let haproxy = service.rancher.load_balancer_config.as_ref().and_then(|l| l.haproxy_config.as_ref());
    let mut blocks = Vec::new();
    for (name, value) in [
        ("global", haproxy.and_then(|h| h.global.as_ref())),
        ("defaults", haproxy.and_then(|h| h.defaults.as_ref())),
    ] {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            let lines: String = value.split('\n').map(|l| format!("\n    {l}")).collect();
            blocks.push(format!("{name}{lines}"));
        }
    }
    let mut config = blocks.join("\n");
    for port in ports_in(service.compose.labels.get(PROXY_PORTS_LABEL)) {
        config.push_str(&format!("\nfrontend {port}\n    accept-proxy"));
    }
    (!config.is_empty()).then_some(config)
}

/// The `lbConfig` of the converted balancer.
#[must_use]
pub(crate) fn lb_config(service: &ProjectService, resolved: &Resolved) -> Value {
    let rules: Vec<Value> = rules(service)
        .into_iter()
        .map(|r| {
            let mut m = Map::new();
            m.insert("sourcePort".into(), json!(r.source));
            m.insert("targetPort".into(), json!(r.target));
            m.insert("protocol".into(), json!(r.protocol));
            if let Some(id) = r.service.as_deref().and_then(|s| resolved.service(s)) {
                m.insert("serviceId".into(), json!(id));
            }
            for (key, value) in [("selector", r.selector), ("hostname", r.hostname), ("path", r.path)] {
                if let Some(v) = value {
                    m.insert(key.into(), json!(v));
                }
            }
            Value::Object(m)
        })
        .collect();
    let mut lb = Map::new();
    lb.insert("portRules".into(), Value::Array(rules));
    if let Some(config) = haproxy_config(service) {
        lb.insert("config".into(), json!(config));
    }
    let r = &service.rancher;
    if let Some(policy) = r.load_balancer_config.as_ref().and_then(|l| l.lb_cookie_stickiness_policy.as_ref())
    {
        lb.insert("stickinessPolicy".into(), super::request::stickiness(policy));
    }
    if let Some(cert) = r.default_cert.as_deref().and_then(|c| resolved.certificate(c)) {
        lb.insert("defaultCertificateId".into(), json!(cert));
    }
    let certs: Vec<&str> = r.certs.iter().filter_map(|c| resolved.certificate(c)).collect();
    if !certs.is_empty() {
        lb.insert("certificateIds".into(), json!(certs));
    }
    Value::Object(lb)
}

/// The launch config changes: no image of its own (the server's balancer image is set when the
/// request is made), no load balancer or selector labels, source ports only, no `expose`.
pub(crate) fn adjust_launch_config(config: &mut Map<String, Value>) {
    config.remove("imageUuid");
    config.remove("expose");
    if let Some(labels) = config.get_mut("labels").and_then(Value::as_object_mut) {
        labels.retain(|k, _| {
            !k.starts_with("io.rancher.loadbalancer") && !k.starts_with("io.rancher.service.selector")
        });
    }
    if let Some(ports) = config.get_mut("ports").and_then(Value::as_array_mut) {
        for port in ports.iter_mut() {
            let Some(spec) = port.as_str() else { continue };
            let (ports_part, protocol) = match spec.split_once('/') {
                Some((p, proto)) => (p, Some(proto)),
                None => (spec, None),
            };
            let source = ports_part.split(':').next().unwrap_or(ports_part);
            *port = json!(match protocol {
                Some(proto) => format!("{source}/{proto}"),
                None => source.to_owned(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(compose: &str, rancher: &str) -> ProjectService {
        let mut compose: crate::compose::service::Service = serde_yaml::from_str(compose).unwrap();
        compose.normalise();
        ProjectService { compose, rancher: serde_yaml::from_str(rancher).unwrap() }
    }

    #[test]
    fn target_label_entries() {
        let e = |s| parse_target(s);
        assert_eq!(e("80"), TargetEntry { target: 80, ..TargetEntry::default() });
        assert_eq!(
            e("host=8080"),
            TargetEntry { hostname: Some("host".into()), target: 8080, ..TargetEntry::default() }
        );
        assert_eq!(e("/p=81"), TargetEntry { path: Some("/p".into()), target: 81, ..TargetEntry::default() });
        assert_eq!(
            e("host:80/p=9090"),
            TargetEntry { hostname: Some("host".into()), source: 80, path: Some("/p".into()), target: 9090 }
        );
    }

    #[test]
    fn the_behaviour_spec_haproxy_example() {
        let s = service(
            "image: rancher/load-balancer-service",
            "load_balancer_config: {haproxy_config: {global: \"foo bar\\n\", defaults: \"def 1\\n\"}}",
        );
        assert_eq!(
            haproxy_config(&s).as_deref(),
            Some("global\n    foo bar\n    \ndefaults\n    def 1\n    ")
        );
    }

    #[test]
    fn rules_from_ports_links_and_labels() {
        let s = service(
            "image: rancher/load-balancer-service\nports: ['8080:80', '9090']\nexpose: ['111:222']\nlinks: [web, 'db:mydb']\n\
             labels: {io.rancher.loadbalancer.target.web: 'foo.com:8080/path=81', io.rancher.loadbalancer.ssl.ports: '8080',\
             io.rancher.loadbalancer.proxy-protocol.ports: '9090'}",
            "{}",
        );
        let got: Vec<String> = rules(&s)
            .into_iter()
            .map(|r| {
                let host = r.hostname.map(|h| format!(" host {h}")).unwrap_or_default();
                format!("{}->{} {} {}{host}", r.source, r.target, r.protocol, r.service.unwrap_or_default())
            })
            .collect();
        assert_eq!(
            got,
            [
                "8080->81 https web host foo.com",
                "8080->80 https db",
                "9090->9090 http web",
                "9090->9090 http db",
                "111->222 http web",
                "111->222 http db",
            ]
        );
        assert_eq!(haproxy_config(&s).as_deref(), Some("\nfrontend 9090\n    accept-proxy"));
        let mut lc = Map::new();
        lc.insert("imageUuid".into(), json!("docker:rancher/load-balancer-service"));
        lc.insert("ports".into(), json!(["8080:80", "7900:80/tcp", "9090"]));
        lc.insert("expose".into(), json!(["111:222"]));
        lc.insert("labels".into(), json!({"io.rancher.loadbalancer.ssl.ports": "8080", "keep": "1"}));
        adjust_launch_config(&mut lc);
        assert_eq!(
            Value::Object(lc),
            json!({"ports": ["8080", "7900/tcp", "9090"], "labels": {"keep": "1"}})
        );
    }
}
