//! Reliability: 50 concurrent clients, kill-and-restart on the same state file (the real binary),
//! and fault injection.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rancher_compose::emulator::Faults;
use serde_json::{Value, json};

use crate::common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_clients_keep_state_consistent() {
    let api = std::sync::Arc::new(Api::start().await);
    let shared = api.create_stack("shared").await;
    let mut tasks = Vec::new();
    for i in 0..50 {
        let api = std::sync::Arc::clone(&api);
        let shared = shared.clone();
        tasks.push(tokio::spawn(async move {
            // Everyone also races for the same names: exactly one must win each.
            let (s, _) = api.post(&api.url("stacks"), json!({"name": format!("race{}", i % 5)})).await;
            let won = s == 201;
            let svc =
                api.create_service(&shared, web_body(&format!("s{i}"), 1 + (i % 3), "docker:nginx")).await;
            let svc = api.ok_action(&svc, "activate", Value::Null).await;
            let (_, v) = api.put(svc["links"]["self"].as_str().expect("self"), json!({"scale": 2})).await;
            let svc = api.wait(&v).await;
            assert_eq!(svc["state"], "active");
            won
        }));
    }
    let mut wins = 0;
    for t in tasks {
        if t.await.expect("task") {
            wins += 1;
        }
    }
    assert_eq!(wins, 5, "one winner per contested stack name");
    let services = api.list("services?limit=1000").await;
    assert_eq!(services.len(), 50);
    let mut ids: Vec<&str> = services.iter().filter_map(|s| s["id"].as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 50, "unique ids");
    let containers = api.list("containers?limit=1000").await;
    assert_eq!(containers.len(), 100);
    for s in &services {
        assert_eq!(
            (s["state"].as_str(), s["currentScale"].as_i64()),
            (Some("active"), Some(2)),
            "{}",
            s["name"]
        );
        let cs: Vec<&Value> = containers.iter().filter(|c| c["serviceIds"][0] == s["id"]).collect();
        assert_eq!(cs.len(), 2);
        assert!(cs.iter().all(|c| c["state"] == "running"));
    }
    let mut names: Vec<&str> = containers.iter().filter_map(|c| c["name"].as_str()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 100, "container names unique");
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

fn spawn_emulator(port: u16, state: &std::path::Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_rancher-emulator"))
        .args(["--listen", &format!("127.0.0.1:{port}"), "--timing", "instant", "--hosts", "2"])
        .arg("--state")
        .arg(state)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn rancher-emulator")
}

async fn wait_up(client: &reqwest::Client, base: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if client.get(format!("{base}/v2-beta")).send().await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("emulator at {base} did not come up");
}

#[tokio::test]
async fn killed_emulator_continues_from_its_state_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let state = dir.path().join("state.json");
    let client = reqwest::Client::new();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let api = format!("{base}/v2-beta/projects/1a5");
    let mut child = spawn_emulator(port, &state);
    wait_up(&client, &base).await;
    let post = |url: String, body: Value| {
        let client = client.clone();
        async move {
            let r = client.post(url).json(&body).send().await.expect("send");
            let s = r.status().as_u16();
            (s, r.json::<Value>().await.expect("json"))
        }
    };
    let (s, stack) = post(format!("{api}/stacks"), json!({"name": "persist"})).await;
    assert_eq!(s, 201);
    let (_, svc) = post(
        format!("{api}/services"),
        json!({"name": "web", "stackId": stack["id"], "scale": 2,
        "launchConfig": {"imageUuid": "docker:nginx"}}),
    )
    .await;
    let (s, svc) =
        post(format!("{}/?action=activate", svc["links"]["self"].as_str().expect("self")), Value::Null).await;
    assert_eq!((s, svc["state"].as_str()), (202, Some("active")));
    child.kill().expect("kill -9");
    child.wait().expect("reaped");
    // Never half-written: the file parses.
    let saved = rancher_compose::emulator::read_state_file(&state).expect("readable").expect("present");
    assert_eq!(saved["services"].as_object().expect("services").len(), 1);

    let port2 = free_port();
    let base2 = format!("http://127.0.0.1:{port2}");
    let api2 = format!("{base2}/v2-beta/projects/1a5");
    let mut child2 = spawn_emulator(port2, &state);
    wait_up(&client, &base2).await;
    let svc: Value =
        client.get(format!("{api2}/services/1s1")).send().await.expect("get").json().await.expect("json");
    assert_eq!((svc["state"].as_str(), svc["currentScale"].as_i64()), (Some("active"), Some(2)));
    let cs: Value = client
        .get(format!("{api2}/services/1s1/instances"))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(cs["data"].as_array().expect("data").len(), 2);
    assert_eq!(cs["data"][0]["name"], "persist-web-1");
    // Ids continue where they were.
    let (s, svc2) = post(format!("{api2}/services"), json!({"name": "db", "stackId": "1st1"})).await;
    assert_eq!((s, svc2["id"].as_str()), (201, Some("1s2")));
    let hosts: Value =
        client.get(format!("{api2}/hosts")).send().await.expect("get").json().await.expect("json");
    assert_eq!(hosts["data"].as_array().expect("data").len(), 2);
    child2.kill().expect("kill");
    child2.wait().expect("reaped");
}

#[tokio::test]
async fn fault_injection() {
    let api = Api::start().await;
    let stack = api.create_stack("faulty").await;
    // Every request fails with a Rancher-shaped 503.
    api.h.set_faults(Faults { error_rate: 1.0, ..Faults::default() });
    let (s, e) = api.get(&api.url("stacks")).await;
    assert_eq!((s, e["type"].as_str()), (503, Some("error")));
    // Dropped connections surface as client errors.
    api.h.set_faults(Faults { drop_rate: 1.0, ..Faults::default() });
    let r = api.client.get(api.url("stacks")).send().await;
    let failed = match r {
        Err(_) => true,
        Ok(resp) => resp.bytes().await.is_err(),
    };
    assert!(failed, "connection should drop");
    // Latency.
    api.h.set_faults(Faults { latency_ms: 150, ..Faults::default() });
    let t = Instant::now();
    assert_eq!(api.get(&api.url("stacks")).await.0, 200);
    assert!(t.elapsed() >= Duration::from_millis(150));
    // Set through the admin endpoint: failing and never-healthy images.
    let body = json!({"failImages": ["broken*"], "unhealthyImages": ["docker:sick*"]});
    let r = api
        .client
        .put(format!("{}/emulator/faults", api.h.base_url()))
        .json(&body)
        .send()
        .await
        .expect("put");
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(api.h.faults().fail_images, vec!["broken*".to_string()]);
    let bad = api.create_service(&stack, web_body("bad", 1, "docker:broken:1")).await;
    let (_, bad) = api.action(&bad, "activate", Value::Null).await;
    assert_eq!(bad["state"], "activating", "stays activating");
    assert!(bad["transitioningMessage"].as_str().expect("msg").contains("Failed to start"));
    assert_eq!(api.containers(&bad).await[0]["state"], "error");
    let mut sick = web_body("sick", 1, "docker:sick");
    sick["launchConfig"]["healthCheck"] = json!({"port": 80});
    let sick = api.create_service(&stack, sick).await;
    let sick = api.ok_action(&sick, "activate", Value::Null).await;
    assert_eq!(
        (sick["state"].as_str(), sick["healthState"].as_str()),
        (Some("active"), Some("initializing"))
    );
    // An upgrade onto a never-healthy image gets stuck in `upgrading`, and can be cancelled.
    let mut lc = json!({"imageUuid": "docker:sick:2", "healthCheck": {"port": 80}});
    lc["labels"] = json!({});
    let (_, up) = api
        .action(&sick, "upgrade", json!({"inServiceStrategy": {"launchConfig": lc, "startFirst": true}}))
        .await;
    assert_eq!((up["state"].as_str(), up["transitioning"].as_str()), (Some("upgrading"), Some("yes")));
    let canceled = api.ok_action(&up, "cancelupgrade", Value::Null).await;
    assert_eq!(canceled["state"], "canceled-upgrade");
    assert_eq!(action_names(&canceled), with_links(&["continueupgrade", "remove", "rollback"]));
    let rolled = api.ok_action(&canceled, "rollback", Value::Null).await;
    assert_eq!(rolled["state"], "active");
    let r = api.client.delete(format!("{}/emulator/faults", api.h.base_url())).send().await.expect("delete");
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(api.h.faults(), Faults::default());
}
