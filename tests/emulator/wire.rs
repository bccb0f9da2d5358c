//! Wire conventions: discovery, scoping, `/v1`, collections, filters, paging, settings,
//! `scripts/transform`, the request log and the synchronous `EmulatorThread`.

use std::io::{Read, Write};

use rancher_compose::emulator::{EmulatorConfig, EmulatorThread};
use serde_json::{Value, json};

use crate::common::*;

#[tokio::test]
async fn discovery_like_the_go_client() {
    let api = Api::start().await;
    let resp = api.client.get(format!("{}/v2-beta", api.h.base_url())).send().await.expect("root");
    assert_eq!(resp.status().as_u16(), 200);
    let schemas_url = resp.headers()["x-api-schemas"].to_str().expect("header").to_string();
    assert_eq!(schemas_url, format!("{}/schemas", api.h.project_url()));
    let root: Value = resp.json().await.expect("json");
    assert_eq!(root["links"]["stacks"], format!("{}/stacks", api.h.project_url()));
    let (s, schemas) = api.get(&schemas_url).await;
    assert_eq!(s, 200);
    assert_eq!(schemas["links"]["self"], schemas_url);
    let stack = schemas["data"]
        .as_array()
        .expect("data")
        .iter()
        .find(|s| s["id"] == "stack")
        .expect("stack schema")
        .clone();
    assert!(stack["collectionMethods"].as_array().expect("cm").contains(&json!("POST")));
    let lb = schemas["data"]
        .as_array()
        .expect("data")
        .iter()
        .find(|s| s["id"] == "loadBalancerService")
        .expect("lb");
    assert_eq!(lb["links"]["collection"], format!("{}/loadbalancerservices", api.h.project_url()));
    // Scoped and unscoped, and /v1 (rewritten like the Go client does) all answer.
    for path in
        ["/v2-beta/stacks", "/v2-beta/projects/1a5/stacks", "/v1/projects/1a5/stacks", "/v1/environments"]
    {
        let (s, v) = api.get(&format!("{}{path}", api.h.base_url())).await;
        assert_eq!((s, v["type"].as_str()), (200, Some("collection")), "{path}");
    }
    let (s, p) = api.get(&format!("{}/v2-beta/projects/1a5", api.h.base_url())).await;
    assert_eq!((s, p["type"].as_str(), p["name"].as_str()), (200, Some("project"), Some("Default")));
    let (_, setting) = api.get(&api.url("settings/rancher.compose.version")).await;
    assert_eq!(setting["value"], "v0.12.5");
    let hosts = api.list("hosts").await;
    assert_eq!(hosts.len(), EmulatorConfig::for_tests().hosts);
    assert_eq!(hosts[0]["id"], "1h1");
}

#[tokio::test]
async fn filters_and_paging() {
    let api = Api::start().await;
    let a = api.create_stack("alpha").await;
    let b = api.create_stack("beta").await;
    for i in 0..5 {
        api.create_service(&a, web_body(&format!("svc{i}"), 1, "docker:x")).await;
    }
    api.create_service(&b, web_body("svc0", 1, "docker:x")).await;
    let found = api.list("stacks?name=ALPHA&removed_null=%3Cnil%3E").await;
    assert_eq!(found.len(), 1, "case-insensitive name match");
    let (_, coll) = api.get(&api.url("services?name=svc0&removed_null=%3Cnil%3E&stackId=1st2")).await;
    assert_eq!(coll["data"].as_array().expect("data").len(), 1);
    assert_eq!(coll["data"][0]["stackId"], "1st2");
    assert_eq!(coll["resourceType"], "service");
    assert_eq!(coll["filters"]["stackId"], json!([{"modifier": "eq", "value": "1st2"}]));
    assert!(coll["filters"]["removed"].is_array());
    assert!(coll["filters"]["vip"].is_null());
    assert!(coll["createTypes"]["loadBalancerService"].is_string());
    assert_eq!(api.list("services?name_ne=svc0").await.len(), 4);
    assert_eq!(api.list("services?name_prefix=svc&stackId=1st1").await.len(), 5);
    assert_eq!(api.list("services?bogus=1&name_weird=2").await.len(), 6, "unknown filters are ignored");
    assert_eq!(api.list("services?stackId=nonsense").await.len(), 0);
    let (_, page) = api.get(&api.url("services?limit=4")).await;
    assert_eq!(page["data"].as_array().expect("data").len(), 4);
    assert_eq!(page["pagination"]["partial"], true);
    assert_eq!(page["pagination"]["total"], 6);
    let (_, next) = api.get(page["pagination"]["next"].as_str().expect("next")).await;
    assert_eq!(next["data"].as_array().expect("data").len(), 2);
    assert_eq!(next["pagination"]["partial"], false);
    assert!(next["pagination"]["next"].is_null());
    // Certificates, volume templates, volumes and pull tasks as compose uses them.
    let (s, _) = api.post(&api.url("certificates"), json!({"name": "cert1", "cert": "C", "key": "K"})).await;
    assert_eq!(s, 201);
    assert_eq!(api.list("certificates?removed_null=%3Cnil%3E&name=cert1").await[0]["id"], "1c1");
    let (s, vt) = api
        .post(
            &api.url("volumetemplates"),
            json!({"driver": "local", "name": "data", "perContainer": true, "stackId": "1st1"}),
        )
        .await;
    assert_eq!((s, vt["id"].as_str()), (201, Some("1vt1")));
    assert_eq!(api.list("volumetemplates?name=data&stackId=1st1").await.len(), 1);
    assert!(api.list("volumes?name=data").await.is_empty());
    let (s, task) = api.post(&api.url("pulltasks"), json!({"image": "nginx:1.9", "mode": "all"})).await;
    assert_eq!(s, 201);
    let task = api.wait(&task).await;
    assert!(task["status"].as_object().expect("status").values().all(|v| v == "Done"));
}

#[tokio::test]
async fn transform_and_request_log() {
    let api = Api::start().await;
    let body = json!({"Name": "/web", "Config": {"Image": "nginx", "Env": ["A=b"], "Labels": {"x": "y"}},
        "HostConfig": {"NetworkMode": "", "PortBindings": {"80/tcp": [{"HostIp": "", "HostPort": "8080"}]}}});
    let (s, lc) = api.post(&api.url("scripts/transform"), body.clone()).await;
    assert_eq!(s, 200);
    assert_eq!(lc["imageUuid"], "docker:nginx");
    assert_eq!(lc["ports"], json!(["8080:80/tcp"]));
    let (_, again) = api.post(&api.url("scripts/transform"), body).await;
    assert_eq!(lc, again);
    assert!(api.h.mutating_requests().is_empty(), "transform is not a mutation");
    api.create_stack("logged").await;
    let log = api.h.request_log();
    let last = log.last().expect("logged");
    assert_eq!(
        (last.method.as_str(), last.path.as_str(), last.status),
        ("POST", "/v2-beta/projects/1a5/stacks", 201)
    );
    assert_eq!(api.h.mutating_requests().len(), 1);
    assert_eq!(api.h.resources("stacks")[0]["name"], "logged");
    assert_eq!(api.h.resource("stacks", "1st1").expect("stack")["state"], "active");
}

fn raw_get(addr: std::net::SocketAddr, path: &str) -> String {
    let mut s = std::net::TcpStream::connect(addr).expect("connect");
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").expect("write");
    let mut out = String::new();
    s.read_to_string(&mut out).expect("read");
    out
}

#[test]
fn emulator_thread_for_sync_callers() {
    let emu = EmulatorThread::start(EmulatorConfig::for_tests()).expect("starts");
    assert!(emu.base_url().starts_with("http://127.0.0.1:"));
    let resp = raw_get(emu.local_addr(), "/v2-beta/projects/1a5/stacks");
    assert!(resp.starts_with("HTTP/1.1 200"), "{resp}");
    assert!(resp.to_ascii_lowercase().contains("x-api-schemas: "));
    assert_eq!(emu.request_log().len(), 1);
    assert!(emu.mutating_requests().is_empty());
    let addr = emu.local_addr();
    drop(emu);
    assert!(std::net::TcpStream::connect(addr).is_err(), "stopped on drop");
}
