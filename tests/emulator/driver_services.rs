//! Network and storage driver services (issue #11): served with the service lifecycle, as the
//! real schema declares them.

use serde_json::{Value, json};

use crate::common::*;

#[tokio::test]
async fn driver_services_are_created_activated_listed_and_removed_like_services() {
    let api = Api::start().await;
    let stack = api.create_stack("drivers").await;
    let bodies = [
        (
            "storagedriverservices",
            "storageDriverService",
            "storageDriver",
            json!({"name": "rancher-nfs", "scope": "environment", "volumeAccessMode": "multiHostRW"}),
        ),
        (
            "networkdriverservices",
            "networkDriverService",
            "networkDriver",
            json!({"name": "Rancher VXLAN", "cniConfig": {"10-rancher.conf": {"type": "rancher-bridge"}}}),
        ),
    ];
    for (plural, kind, field, driver) in bodies {
        let mut body = json!({"name": format!("{plural}-svc"), "stackId": stack["id"],
            "launchConfig": {"imageUuid": "docker:rancher/driver:v1", "networkMode": "host",
                "labels": {"io.rancher.scheduler.global": "true"}}});
        body[field] = driver;
        let (status, svc) = api.post(&api.url(plural), body).await;
        assert_eq!(status, 201, "{kind}: {svc}");
        assert_eq!((svc["type"].as_str(), svc["baseType"].as_str()), (Some(kind), Some("service")));
        assert_eq!(svc[field]["type"], field);
        assert!(svc["links"]["self"].as_str().expect("self").contains(&format!("/{plural}/")));
        let svc = api.wait(&svc).await;
        assert_eq!(svc["state"], "inactive");
        let svc = api.ok_action(&svc, "activate", Value::Null).await;
        assert_eq!(svc["state"], "active", "{kind}");
        let containers = api.containers(&svc).await;
        assert_eq!(
            containers.len(),
            rancher_compose::emulator::EmulatorConfig::for_tests().hosts,
            "{kind}: global"
        );
        assert_eq!(api.list(plural).await.len(), 1);
    }
    let all = api.list("services").await;
    assert_eq!(all.len(), 2, "all kinds are services");
    // The driver's required field, as on the real server.
    let (status, e) = api
        .post(&api.url("storagedriverservices"), json!({"name": "nodriver", "stackId": stack["id"]}))
        .await;
    assert_eq!(
        (status, e["code"].as_str(), e["fieldName"].as_str()),
        (422, Some("MissingRequired"), Some("storageDriver"))
    );
    let svc = all.into_iter().find(|s| s["type"] == "storageDriverService").expect("storage");
    let (status, removing) = api.delete(svc["links"]["self"].as_str().expect("self")).await;
    assert_eq!(status, 200);
    assert_eq!(api.wait(&removing).await["state"], "removed");
}
