//! Contract tests of the typed resources: payloads captured from real servers and clients (the
//! `rancher-compose-behavior.md`'s Appendix A and `rancher-api-semantics.md` §1.3) and the emulator's answers decode into
//! them, read as the raw JSON says, and encode back without losing a field.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::types::{Container, HealthState, Project, Service, Stack, State, Transitioning};
use super::{Client, ClientOptions};

fn decode<T: DeserializeOwned>(v: &Value) -> T {
    serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{e}: {v}"))
}

/// The object without its `null` fields (the API does not tell a `null` field from an absent one).
fn without_nulls(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.clone(), v.clone())).collect(),
        ),
        other => other.clone(),
    }
}

/// Decoding and encoding again keeps every field.
fn round_trips<T: DeserializeOwned + Serialize>(raw: &Value) -> T {
    let typed: T = decode(raw);
    let again = serde_json::to_value(&typed).unwrap_or(Value::Null);
    assert_eq!(without_nulls(&again), without_nulls(raw));
    typed
}

/// `rancher-api-semantics.md` §1.3: a freshly activated service, as Cattle renders it.
fn activated_service() -> Value {
    json!({
      "id": "1s12", "type": "service", "baseType": "service",
      "links": {"self": "http://h:8080/v2-beta/projects/1a5/services/1s12",
                "instances": "http://h:8080/v2-beta/projects/1a5/services/1s12/instances",
                "stack": "http://h:8080/v2-beta/projects/1a5/stacks/1st7",
                "consumedservices": "…", "consumedbyservices": "…"},
      "actions": {"upgrade": "http://h:8080/v2-beta/projects/1a5/services/1s12/?action=upgrade",
                  "restart": "…?action=restart", "deactivate": "…", "update": "…", "remove": "…",
                  "setservicelinks": "…", "addservicelink": "…", "removeservicelink": "…"},
      "name": "web", "stackId": "1st7", "state": "active", "healthState": "healthy",
      "transitioning": "no", "transitioningMessage": null, "transitioningProgress": null,
      "scale": 2, "currentScale": 2, "createIndex": 2, "instanceIds": ["1i30", "1i31"],
      "launchConfig": {"imageUuid": "docker:nginx", "labels": {"io.rancher.service.hash": "…"},
                       "networkMode": "managed", "version": "0", "kind": "container", "…": "…"},
      "secondaryLaunchConfigs": [], "metadata": {"io.rancher.service.hash": "…"},
      "upgrade": null, "linkedServices": {}, "publicEndpoints": [], "fqdn": null, "vip": null,
      "startOnCreate": false, "system": false, "retainIp": null, "assignServiceIpAddress": false
    })
}

#[test]
fn the_documented_service_reads_as_its_fields_say() {
    let s: Service = round_trips(&activated_service());
    assert_eq!((s.id(), s.name(), s.kind.as_deref()), ("1s12", "web", Some("service")));
    assert_eq!(*s.state(), State::Active);
    assert!(s.state().is_settled() && !s.state().is_upgrade_pending());
    assert_eq!(*s.transitioning(), Transitioning::No);
    assert_eq!((s.message(), s.health()), ("", "healthy"));
    assert_eq!(s.scale(), Some(2));
    assert_eq!(s.stack_id.as_deref(), Some("1st7"));
    assert_eq!(s.launch_config()["imageUuid"], "docker:nginx");
    assert!(s.secondaries().is_empty() && s.linked_services().is_empty() && !s.has_selector_link());
    assert!(s.offers("upgrade") && !s.offers("finishupgrade"));
    assert_eq!(s.current_versions(), ["0"]);
    use super::Resource;
    assert_eq!(s.link("instances"), Some("http://h:8080/v2-beta/projects/1a5/services/1s12/instances"));
    assert_eq!(s.extra["instanceIds"], json!(["1i30", "1i31"]));
}

/// Appendix A.1 and A.4: the service bodies 0.12.5 sent (a service as the client writes it:
/// no id, no state) decode too.
#[test]
fn the_recorded_request_bodies_decode() {
    let db = json!({"launchConfig": {"environment": {"A": "b"}, "imageUuid": "docker:mysql",
        "labels": {"io.rancher.service.hash": "fc72"}, "logConfig": {}, "networkMode": "managed"},
        "metadata": {"io.rancher.service.hash": "d207"}, "name": "db", "scale": 1, "stackId": "1st1"});
    let s: Service = round_trips(&db);
    assert_eq!((s.id(), s.name(), s.state().as_str(), s.scale()), ("", "db", "", Some(1)));
    assert!(!s.is_transitioning());
    let lb = json!({"launchConfig": {"imageUuid": "docker:rancher/lb-service-haproxy", "ports": ["80", "443"]},
        "metadata": {}, "name": "lb", "scale": 1, "stackId": "1st18",
        "lbConfig": {"certificateIds": ["1c2"], "config": "global\n  maxconn 10", "defaultCertificateId": "1c1",
          "portRules": [{"hostname": "a.com", "path": "/x", "priority": 1, "serviceId": "1s22", "sourcePort": 80, "targetPort": 8080},
                        {"protocol": "https", "serviceId": "1s31", "sourcePort": 443, "targetPort": 8443},
                        {"selector": "foo=bar", "sourcePort": 81, "targetPort": 80}],
          "stickinessPolicy": {"mode": "insert", "name": "foo"}}});
    let s: Service = round_trips(&lb);
    assert_eq!(s.extra["lbConfig"]["defaultCertificateId"], "1c1");
    let stack: Stack = round_trips(&json!({"name": "mystack"}));
    assert_eq!(stack.name(), "mystack");
}

#[test]
fn every_service_state_of_the_state_machine_is_known() {
    // `rancher-api-semantics.md` §3.1: a state the client names is never `Other`.
    for wire in [
        "requested",
        "registering",
        "inactive",
        "activating",
        "active",
        "updating-active",
        "updating-inactive",
        "deactivating",
        "upgrading",
        "upgraded",
        "canceling-upgrade",
        "canceled-upgrade",
        "rolling-back",
        "finishing-upgrade",
        "restarting",
        "removing",
        "removed",
        "running",
        "stopped",
        "error",
        "purged",
    ] {
        assert!(!matches!(State::from(wire), State::Other(_)), "{wire}");
    }
    assert!(matches!(HealthState::from("started-once"), HealthState::StartedOnce));
}

/// What the emulator serves decodes into the types and encodes back unchanged.
#[test]
fn the_emulators_resources_decode_and_round_trip() {
    let emulator = crate::emulator::EmulatorThread::start(crate::emulator::EmulatorConfig::for_tests())
        .unwrap_or_else(|e| panic!("{e}"));
    let url = emulator.project_url();
    let runtime =
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap_or_else(|e| panic!("{e}"));
    runtime.block_on(async {
        let client =
            Client::connect(&url, None, ClientOptions::default()).await.unwrap_or_else(|e| panic!("{e}"));
        let stack: Stack =
            client.create_as("stack", &json!({"name": "contract"})).await.unwrap_or_else(|e| panic!("{e}"));
        let body = json!({"name": "web", "stackId": stack.id(), "scale": 2, "startOnCreate": true,
            "launchConfig": {"imageUuid": "docker:nginx", "labels": {"io.rancher.sidekicks": "log"}},
            "secondaryLaunchConfigs": [{"name": "log", "imageUuid": "docker:busybox"}]});
        let created: Service = client.create_as("service", &body).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((created.name(), created.stack_id.as_deref()), ("web", Some(stack.id())));
        // Until the containers run.
        for _ in 0..200 {
            let now: Service = client.reload(&created).await.unwrap_or_else(|e| panic!("{e}"));
            if *now.state() == State::Active && !now.is_transitioning() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        for raw in client.list("stack", &[]).await.unwrap_or_else(|e| panic!("{e}")) {
            let stack: Stack = round_trips(&raw);
            assert_eq!(stack.state().as_str(), raw["state"].as_str().unwrap_or_default());
        }
        let services =
            client.list("service", &[("stackId", stack.id())]).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(services.len(), 1);
        for raw in &services {
            let s: Service = round_trips(raw);
            assert_eq!(*s.state(), State::Active);
            assert_eq!(s.scale(), Some(2));
            assert_eq!(s.secondaries().len(), 1);
            assert_eq!(s.current_versions().len(), 2);
            assert_eq!(s.health(), raw["healthState"].as_str().unwrap_or_default());
            let url = super::Resource::link(&s, "instances").unwrap_or_else(|| panic!("no instances link"));
            let containers: Vec<Value> = client.list_url(url).await.unwrap_or_else(|e| panic!("{e}"));
            assert!(containers.len() >= 2, "two units of web (and their sidekicks)");
            for raw in &containers {
                let c: Container = round_trips(raw);
                assert!(c.is_live() && !c.is_failed(), "{raw}");
                assert!(!c.version().is_empty());
                assert!(c.label("io.rancher.service.launch.config").is_some());
            }
        }
        let root = Client::connect(&emulator.api_url(), None, ClientOptions::default())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        for raw in root.list("project", &[]).await.unwrap_or_else(|e| panic!("{e}")) {
            let p: Project = round_trips(&raw);
            assert!(!p.id().is_empty());
        }
        // Typed all the way: the same through the typed listing.
        let typed: Vec<Service> =
            client.list_as("service", &[("stackId", stack.id())]).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(typed.len(), 1);
    });
}
