//! Shared helpers: a plain HTTP client against an in-process emulator.

use std::time::Duration;

use rancher_compose::emulator::{self, EmulatorConfig, EmulatorHandle};
use serde_json::{Value, json};

pub struct Api {
    pub client: reqwest::Client,
    pub h: EmulatorHandle,
    pub auth: Option<(String, String)>,
}

impl Api {
    pub async fn start() -> Api {
        Api::with(EmulatorConfig::for_tests()).await
    }

    pub async fn with(config: EmulatorConfig) -> Api {
        let auth = config.access_key.clone().zip(config.secret_key.clone());
        let h = emulator::start(config).await.expect("emulator starts");
        let client = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().expect("client");
        Api { client, h, auth }
    }

    /// Project-scoped URL for a path like `stacks` or `services/1s1`.
    pub fn url(&self, path: &str) -> String {
        format!("{}/{}", self.h.project_url(), path)
    }

    async fn send(&self, rb: reqwest::RequestBuilder) -> (u16, Value) {
        let rb = match &self.auth {
            Some((a, s)) => rb.basic_auth(a, Some(s)),
            None => rb,
        };
        let resp = rb.send().await.expect("request sent");
        let status = resp.status().as_u16();
        let text = resp.text().await.expect("body");
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }

    pub async fn get(&self, url: &str) -> (u16, Value) {
        self.send(self.client.get(url)).await
    }

    /// GET, with the `X-API-Schemas` header clients follow to the schemas of the URL's scope.
    pub async fn get_with_schemas_header(&self, url: &str) -> (u16, Value, Option<String>) {
        let rb = self.client.get(url);
        let rb = match &self.auth {
            Some((a, s)) => rb.basic_auth(a, Some(s)),
            None => rb,
        };
        let resp = rb.send().await.expect("request sent");
        let schemas = resp.headers().get("x-api-schemas").and_then(|h| h.to_str().ok()).map(str::to_owned);
        let status = resp.status().as_u16();
        let text = resp.text().await.expect("body");
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)), schemas)
    }

    pub async fn post(&self, url: &str, body: Value) -> (u16, Value) {
        self.send(self.client.post(url).json(&body)).await
    }

    pub async fn post_raw(&self, url: &str, body: &'static str) -> (u16, Value) {
        self.send(self.client.post(url).header("Content-Type", "application/json").body(body)).await
    }

    pub async fn put(&self, url: &str, body: Value) -> (u16, Value) {
        self.send(self.client.put(url).json(&body)).await
    }

    pub async fn delete(&self, url: &str) -> (u16, Value) {
        self.send(self.client.delete(url)).await
    }

    /// GET a collection and return `data`.
    pub async fn list(&self, path: &str) -> Vec<Value> {
        let (s, v) = self.get(&self.url(path)).await;
        assert_eq!(s, 200, "list {path}: {v}");
        v["data"].as_array().cloned().unwrap_or_default()
    }

    pub async fn reload(&self, res: &Value) -> Value {
        let (s, v) = self.get(res["links"]["self"].as_str().expect("self link")).await;
        assert_eq!(s, 200, "reload: {v}");
        v
    }

    /// Poll `links.self` until not transitioning (the Go client's wait).
    pub async fn wait(&self, res: &Value) -> Value {
        let mut cur = res.clone();
        for _ in 0..400 {
            if cur["transitioning"] != "yes" {
                return cur;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
            cur = self.reload(&cur).await;
        }
        panic!("still transitioning: {cur}");
    }

    /// Wait until something waits at the hold of `kind` (bounded: fails the test after 10 s).
    pub async fn until_held(&self, kind: rancher_compose::emulator::Hold) {
        for _ in 0..2000 {
            if self.h.held(kind) > 0 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        panic!("nothing waits at the {} hold", kind.name());
    }

    /// POST an action through the resource's `actions` map (as a client must).
    pub async fn action(&self, res: &Value, name: &str, body: Value) -> (u16, Value) {
        let url = res["actions"][name]
            .as_str()
            .unwrap_or_else(|| panic!("action {name} not offered: {}", res["actions"]));
        self.post(url, body).await
    }

    pub async fn ok_action(&self, res: &Value, name: &str, body: Value) -> Value {
        let (s, v) = self.action(res, name, body).await;
        assert!(s == 200 || s == 202, "action {name}: {s} {v}");
        self.wait(&v).await
    }

    pub async fn create_stack(&self, name: &str) -> Value {
        let (s, v) =
            self.post(&self.url("stacks"), json!({"name": name, "links": null, "actions": null})).await;
        assert_eq!(s, 201, "create stack: {v}");
        self.wait(&v).await
    }

    pub async fn create_service(&self, stack: &Value, body: Value) -> Value {
        let mut body = body;
        body["stackId"] = stack["id"].clone();
        let (s, v) = self.post(&self.url("services"), body).await;
        assert_eq!(s, 201, "create service: {v}");
        self.wait(&v).await
    }

    /// Containers of a service (via its `instances` link), sorted by name then id.
    pub async fn containers(&self, svc: &Value) -> Vec<Value> {
        let (s, v) = self.get(svc["links"]["instances"].as_str().expect("instances link")).await;
        assert_eq!(s, 200);
        let mut data = v["data"].as_array().cloned().unwrap_or_default();
        data.sort_by_key(|c| (c["name"].as_str().unwrap_or("").to_string(), id_num(c)));
        data
    }
}

pub fn id_num(v: &Value) -> u64 {
    let id = v["id"].as_str().unwrap_or("");
    id.strip_prefix('1')
        .unwrap_or(id)
        .trim_start_matches(|c: char| c.is_ascii_alphabetic())
        .parse()
        .unwrap_or(0)
}

pub fn action_names(v: &Value) -> Vec<String> {
    let mut names: Vec<String> =
        v["actions"].as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default();
    names.sort();
    names
}

pub fn with_links(names: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    out.extend(["addservicelink", "removeservicelink", "setservicelinks"].iter().map(|s| s.to_string()));
    out.sort();
    out
}

pub fn names_states(cs: &[Value]) -> Vec<(String, String)> {
    cs.iter()
        .map(|c| {
            (c["name"].as_str().unwrap_or("").to_string(), c["state"].as_str().unwrap_or("").to_string())
        })
        .collect()
}

pub fn ids(cs: &[Value]) -> Vec<String> {
    let mut v: Vec<String> = cs.iter().map(|c| c["id"].as_str().unwrap_or("").to_string()).collect();
    v.sort();
    v
}

pub fn web_body(name: &str, scale: i64, image: &str) -> Value {
    json!({"name": name, "scale": scale, "links": null, "actions": null,
           "launchConfig": {"imageUuid": image, "labels": {"io.rancher.service.hash": "abc"}},
           "metadata": {"io.rancher.service.hash": "def"}})
}

/// A file of the shared reference material (`../shared/rancher-api/<name>`), as JSON.
pub fn shared_api_json(name: &str) -> Value {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/rancher-api").join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("the shared reference file {} is missing: {e}", path.display()));
    serde_json::from_str(&text).expect("shared reference file is JSON")
}
