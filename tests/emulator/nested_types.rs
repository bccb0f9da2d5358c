//! Nested objects carry their schema type, as the real server serialises them (issue #11): the
//! rendered resources are walked against the real `/v2-beta/schemas` document, and every object a
//! field of a schema type holds must say that type.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::common::{Api, shared_api_json};

struct RealSchemas(BTreeMap<String, Value>);

impl RealSchemas {
    fn load() -> RealSchemas {
        let doc = shared_api_json("schemas-v2-beta.json");
        let by_id = doc["data"]
            .as_array()
            .expect("data")
            .iter()
            .map(|s| (s["id"].as_str().unwrap_or("").to_string(), s.clone()))
            .collect();
        RealSchemas(by_id)
    }

    /// Every nested object under `resource` (of type `ty`) whose `type` is not the one the real
    /// schema names, as `path: found vs wanted`; also counts the objects checked.
    fn mistyped(&self, ty: &str, resource: &Value, path: &str, checked: &mut usize) -> Vec<String> {
        let Some(fields) = self.0.get(ty).and_then(|s| s["resourceFields"].as_object()) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, field) in fields {
            let Some(value) = resource.get(name) else { continue };
            let field_ty = field["type"].as_str().unwrap_or("");
            self.walk(field_ty, value, &format!("{path}.{name}"), checked, &mut out);
        }
        out
    }

    fn walk(&self, ty: &str, value: &Value, path: &str, checked: &mut usize, out: &mut Vec<String>) {
        if let Some(inner) = ty.strip_prefix("array[").and_then(|t| t.strip_suffix(']')) {
            for (i, item) in value.as_array().into_iter().flatten().enumerate() {
                self.walk(inner, item, &format!("{path}[{i}]"), checked, out);
            }
        } else if let Some(inner) = ty.strip_prefix("map[").and_then(|t| t.strip_suffix(']')) {
            for (k, item) in value.as_object().into_iter().flatten() {
                self.walk(inner, item, &format!("{path}.{k}"), checked, out);
            }
        } else if value.is_object() && self.0.contains_key(ty) {
            *checked += 1;
            if value["type"] != json!(ty) {
                out.push(format!("{path}: type {} vs real {ty}", value["type"]));
            }
            out.extend(self.mistyped(ty, value, path, checked));
        }
    }
}

#[tokio::test]
async fn every_nested_object_says_its_schema_type() {
    let real = RealSchemas::load();
    let api = Api::start().await;
    let stack = api.create_stack("typed").await;
    let lc = json!({"imageUuid": "docker:nginx", "ports": ["8080:80"],
        "logConfig": {"driver": "syslog", "config": {"tag": "x"}},
        "healthCheck": {"port": 80, "interval": 2000, "recreateOnQuorumStrategyConfig": {"quorum": 1}},
        "blkioDeviceOptions": {"/dev/sda": {"readIops": 100}},
        "ulimits": [{"name": "nofile", "soft": 1, "hard": 2}],
        "build": {"context": "https://example.com/x.git", "dockerfile": "Dockerfile"},
        "disks": [{"name": "root", "size": "10g"}]});
    let web = api
        .create_service(
            &stack,
            json!({"name": "web", "launchConfig": lc, "scalePolicy": {"min": 1, "max": 2},
            "secondaryLaunchConfigs": [{"name": "side", "imageUuid": "docker:busybox",
                "logConfig": {"driver": "json-file", "config": {}}}],
            "lbConfig": {"portRules": [{"targetPort": 80, "hostname": "a.example.com"}]}}),
        )
        .await;
    let web = api.ok_action(&web, "activate", Value::Null).await;
    let upgraded = api
        .ok_action(
            &web,
            "upgrade",
            json!({"inServiceStrategy": {"launchConfig": {"imageUuid": "docker:nginx:2",
            "logConfig": {"driver": "", "config": null}}}}),
        )
        .await;
    let (_, lb) = api
        .post(
            &api.url("loadbalancerservices"),
            json!({"name": "lb", "stackId": stack["id"],
            "launchConfig": {"imageUuid": "docker:rancher/lb-service-haproxy", "ports": ["81:81"]},
            "lbConfig": {"portRules": [{"sourcePort": 81, "targetPort": 80, "serviceId": web["id"]}],
                "stickinessPolicy": {"name": "s", "mode": "insert"}}}),
        )
        .await;
    let lb = api.wait(&lb).await;
    let lb = api.ok_action(&lb, "activate", Value::Null).await;

    let mut checked = 0;
    let mut problems = Vec::new();
    for svc in [&upgraded, &lb] {
        problems.extend(real.mistyped(svc["type"].as_str().expect("type"), svc, "service", &mut checked));
    }
    for c in api.containers(&upgraded).await.iter().chain(api.containers(&lb).await.iter()) {
        problems.extend(real.mistyped("container", c, "container", &mut checked));
    }
    assert!(problems.is_empty(), "{} untyped objects:\n{}", problems.len(), problems.join("\n"));
    assert!(checked >= 30, "only {checked} nested objects were checked");
    // The ones the original tests strip before comparing.
    let strategy = &upgraded["upgrade"]["inServiceStrategy"];
    assert_eq!(upgraded["upgrade"]["type"], "serviceUpgrade");
    assert_eq!(strategy["type"], "inServiceUpgradeStrategy");
    assert_eq!(strategy["previousLaunchConfig"]["healthCheck"]["type"], "instanceHealthCheck");
    assert_eq!(upgraded["launchConfig"]["logConfig"]["type"], "logConfig");
    assert_eq!(web["launchConfig"]["blkioDeviceOptions"]["/dev/sda"]["type"], "blkioDeviceOption");
    assert_eq!(web["launchConfig"]["disks"][0]["type"], "virtualMachineDisk");
    assert_eq!(web["launchConfig"]["build"]["type"], "dockerBuild");
    assert_eq!(web["lbConfig"]["portRules"][0]["type"], "targetPortRule");
    assert_eq!(lb["lbConfig"]["type"], "lbConfig");
    assert_eq!(lb["lbConfig"]["portRules"][0]["type"], "portRule");
    assert_eq!(lb["lbConfig"]["stickinessPolicy"]["type"], "loadBalancerCookieStickinessPolicy");
}

#[tokio::test]
async fn the_transform_answer_types_its_nested_objects() {
    let api = Api::start().await;
    let (_, lc) =
        api.post(&api.url("scripts/transform"), shared_api_json("transform-request-0.12.5.json")).await;
    assert_eq!(lc["logConfig"], json!({"type": "logConfig", "driver": "", "config": null}));
}
