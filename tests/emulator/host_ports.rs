//! Host ports (issue #11): two containers publishing the same host port never share a host. What
//! fits nowhere waits for a free host, with Cattle's scheduling message naming the port.

use rancher_compose::emulator::EmulatorConfig;
use serde_json::{Value, json};

use crate::common::*;

async fn with_hosts(hosts: usize) -> Api {
    Api::with(EmulatorConfig { hosts, ..EmulatorConfig::for_tests() }).await
}

fn hosts_of(containers: &[Value]) -> Vec<String> {
    let mut hosts: Vec<String> =
        containers.iter().filter_map(|c| c["hostId"].as_str().map(str::to_string)).collect();
    hosts.sort();
    hosts
}

#[tokio::test]
async fn a_balancer_scaled_past_the_hosts_stays_activating_naming_the_port() {
    let api = with_hosts(2).await;
    let stack = api.create_stack("ports").await;
    let (status, lb) = api
        .post(
            &api.url("loadbalancerservices"),
            json!({"name": "lb", "stackId": stack["id"], "scale": 3,
            "launchConfig": {"imageUuid": "docker:rancher/lb-service-haproxy", "ports": ["80:80"]},
            "lbConfig": {"portRules": [{"sourcePort": 80, "targetPort": 80, "selector": "app=web"}]}}),
        )
        .await;
    assert_eq!(status, 201, "{lb}");
    let lb = api.wait(&lb).await;
    let (status, lb) = api.action(&lb, "activate", Value::Null).await;
    assert_eq!(status, 202);
    assert_eq!((lb["state"].as_str(), lb["transitioning"].as_str()), (Some("activating"), Some("yes")));
    assert_eq!(lb["transitioningMessage"], "Scheduling failed: host needs ports 80/tcp available");
    let running = api.containers(&lb).await;
    assert_eq!(hosts_of(&running), ["1h1", "1h2"], "one per host, never two on one");
    // Scaled back to what fits, the waiting activation completes.
    let (status, lb) = api.put(lb["links"]["self"].as_str().expect("self"), json!({"scale": 2})).await;
    assert_eq!(status, 200, "{lb}");
    let lb = api.wait(&lb).await;
    assert_eq!((lb["state"].as_str(), lb["transitioningMessage"].as_str()), (Some("active"), None));
    assert_eq!(api.containers(&lb).await.len(), 2);
}

#[tokio::test]
async fn a_waiting_service_starts_when_a_host_frees_up() {
    let api = with_hosts(2).await;
    let stack = api.create_stack("wait").await;
    let first = api
        .create_service(
            &stack,
            json!({"name": "first", "scale": 2,
            "launchConfig": {"imageUuid": "docker:nginx", "ports": ["8080:80/tcp"]}}),
        )
        .await;
    let first = api.ok_action(&first, "activate", Value::Null).await;
    assert_eq!(hosts_of(&api.containers(&first).await), ["1h1", "1h2"]);
    let second = api
        .create_service(
            &stack,
            json!({"name": "second",
            "launchConfig": {"imageUuid": "docker:nginx", "ports": ["8080:81"], "labels": {}}}),
        )
        .await;
    let (_, second) = api.action(&second, "activate", Value::Null).await;
    assert_eq!(second["transitioningMessage"], "Scheduling failed: host needs ports 8080/tcp available");
    assert!(api.containers(&second).await.is_empty());
    // A different port or protocol is no conflict.
    let udp = api
        .create_service(
            &stack,
            json!({"name": "udp", "launchConfig": {"imageUuid": "docker:dns", "ports": ["8080:53/udp"]}}),
        )
        .await;
    assert_eq!(api.ok_action(&udp, "activate", Value::Null).await["state"], "active");
    let (status, removing) = api.delete(first["links"]["self"].as_str().expect("self")).await;
    assert_eq!(status, 200);
    api.wait(&removing).await;
    let second = api.wait(&second).await;
    assert_eq!(second["state"], "active", "{second}");
    assert_eq!(api.containers(&second).await.len(), 1);
}

#[tokio::test]
async fn a_standalone_container_that_fits_nowhere_fails_to_schedule() {
    let api = with_hosts(1).await;
    let body = json!({"imageUuid": "docker:nginx", "ports": ["8081:81/tcp"]});
    let (status, c1) = api.post(&api.url("containers"), body.clone()).await;
    assert_eq!((status, c1["state"].as_str()), (201, Some("running")), "{c1}");
    let (_, c2) = api.post(&api.url("containers"), body).await;
    assert_eq!((c2["state"].as_str(), c2["transitioning"].as_str()), (Some("error"), Some("error")));
    assert_eq!(c2["transitioningMessage"], "Scheduling failed: host needs ports 8081/tcp available");
    let (_, c3) =
        api.post(&api.url("containers"), json!({"imageUuid": "docker:nginx", "ports": ["8082:81"]})).await;
    assert_eq!(c3["state"], "running");
}
