//! Other operations: service kinds, global and start-once services, container actions and logs.

use serde_json::{Value, json};

use crate::common::*;

#[tokio::test]
async fn service_kinds_global_and_start_once() {
    let api = Api::start().await;
    let stack = api.create_stack("kinds").await;
    let web = api.create_service(&stack, web_body("web", 1, "docker:nginx")).await;
    let lb = json!({"name": "lb", "stackId": stack["id"], "scale": 1,
        "launchConfig": {"imageUuid": "docker:rancher/lb-service-haproxy", "ports": ["80:80"]},
        "lbConfig": {"portRules": [{"sourcePort": 80, "targetPort": 8080, "serviceId": web["id"]}]}});
    let (s, lb) = api.post(&api.url("loadbalancerservices"), lb).await;
    assert_eq!(s, 201, "{lb}");
    assert_eq!(
        (lb["type"].as_str(), lb["baseType"].as_str()),
        (Some("loadBalancerService"), Some("service"))
    );
    assert_eq!(lb["lbConfig"]["portRules"][0]["protocol"], "http", "nested defaults filled");
    let lb = api.ok_action(&lb, "activate", Value::Null).await;
    assert_eq!(lb["publicEndpoints"][0]["port"], 80);
    let (s, ext) = api
        .post(
            &api.url("externalservices"),
            json!({"name": "ext", "stackId": stack["id"], "hostname": "a.com"}),
        )
        .await;
    assert_eq!(s, 201);
    assert!(ext["actions"].get("setservicelinks").is_none(), "externalService has no link actions");
    let ext = api.ok_action(&ext, "activate", Value::Null).await;
    assert_eq!((ext["state"].as_str(), ext["healthState"].as_str()), (Some("active"), Some("healthy")));
    assert!(api.containers(&ext).await.is_empty());
    let kinds: Vec<String> =
        api.list("services").await.iter().map(|s| s["type"].as_str().unwrap_or("").into()).collect();
    assert_eq!(kinds, vec!["service", "loadBalancerService", "externalService"]);
    assert_eq!(api.list("loadbalancerservices").await.len(), 1);

    let mut global = web_body("agent", 1, "docker:agent");
    global["launchConfig"]["labels"]["io.rancher.scheduler.global"] = json!("true");
    let global = api.create_service(&stack, global).await;
    let global = api.ok_action(&global, "activate", Value::Null).await;
    let cs = api.containers(&global).await;
    let host_count = rancher_compose::emulator::EmulatorConfig::for_tests().hosts;
    assert_eq!(cs.len(), host_count, "one per host");
    let mut hosts: Vec<&str> = cs.iter().filter_map(|c| c["hostId"].as_str()).collect();
    hosts.dedup();
    assert_eq!(hosts.len(), host_count);

    let mut once = web_body("job", 2, "docker:job");
    once["launchConfig"]["labels"]["io.rancher.container.start_once"] = json!("true");
    let once = api.create_service(&stack, once).await;
    let once = api.ok_action(&once, "activate", Value::Null).await;
    assert_eq!(once["healthState"], "started-once");
    assert!(api.containers(&once).await.iter().all(|c| c["state"] == "stopped" && c["startCount"] == 1));
}

#[tokio::test]
async fn container_actions_and_logs() {
    let api = Api::start().await;
    let stack = api.create_stack("logs").await;
    let web = api.create_service(&stack, web_body("web", 1, "docker:nginx")).await;
    let web = api.ok_action(&web, "activate", Value::Null).await;
    let c = api.containers(&web).await.remove(0);
    assert_eq!(action_names(&c), vec!["logs", "restart", "stop", "update"]);
    // Logs as rancher-compose asks for them: body `null`.
    let (s, access) = api.post_raw(c["actions"]["logs"].as_str().expect("logs"), "null").await;
    assert_eq!(s, 200, "{access}");
    assert_eq!(access["type"], "hostAccess");
    let url = format!(
        "{}?token={}",
        access["url"].as_str().expect("url"),
        access["token"].as_str().expect("token")
    );
    assert!(url.contains("/emulator/logs/"), "{url}");
    let (_, access) =
        api.post(c["actions"]["logs"].as_str().expect("logs"), json!({"follow": false, "lines": 2})).await;
    let url = format!(
        "{}?token={}",
        access["url"].as_str().expect("url"),
        access["token"].as_str().expect("token")
    );
    let lines = ws_lines(&url, 10).await;
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines.iter().all(|l| l.starts_with("01 ") || l.starts_with("02 ")), "{lines:?}");
    let bad = format!("{}?token=nope", access["url"].as_str().expect("url"));
    assert!(tokio_tungstenite::connect_async(bad).await.is_err(), "a bad token is refused");
    // A followed stream keeps producing lines.
    let (_, access) =
        api.post(c["actions"]["logs"].as_str().expect("logs"), json!({"follow": true, "lines": 0})).await;
    let url = format!(
        "{}?token={}",
        access["url"].as_str().expect("url"),
        access["token"].as_str().expect("token")
    );
    let lines = ws_lines(&url, 1).await;
    assert!(lines[0].contains("request 1 handled"), "{lines:?}");
    // stop / start / delete a container.
    let c = api.ok_action(&c, "stop", json!({})).await;
    assert_eq!(c["state"], "stopped");
    assert_eq!(action_names(&c), vec!["logs", "remove", "start", "update"]);
    let c = api.ok_action(&c, "start", Value::Null).await;
    assert_eq!((c["state"].as_str(), c["startCount"].as_i64()), (Some("running"), Some(2)));
    let (s, c) = api.delete(c["links"]["self"].as_str().expect("self")).await;
    assert_eq!((s, c["state"].as_str()), (200, Some("removed")));
    // Standalone container create.
    let (s, sc) =
        api.post(&api.url("containers"), json!({"imageUuid": "docker:redis", "name": "solo"})).await;
    assert_eq!((s, sc["state"].as_str(), sc["name"].as_str()), (201, Some("running"), Some("solo")));
}

/// Up to `max` text messages of a log websocket (fewer if the server closes it first).
async fn ws_lines(url: &str, max: usize) -> Vec<String> {
    use futures_util::StreamExt;
    let (mut socket, _) = tokio_tungstenite::connect_async(url).await.expect("websocket");
    let mut lines = Vec::new();
    while lines.len() < max {
        match socket.next().await {
            Some(Ok(tokio_tungstenite::tungstenite::Message::Text(text))) => lines.push(text.to_string()),
            Some(Ok(tokio_tungstenite::tungstenite::Message::Close(_))) | None => break,
            Some(Ok(_)) => {}
            Some(Err(e)) => panic!("log socket: {e}"),
        }
    }
    lines
}
