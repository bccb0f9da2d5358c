//! Every error the emulator reports, with Rancher's status, code and fieldName.

use rancher_compose::emulator::EmulatorConfig;
use serde_json::{Value, json};

use crate::common::*;

fn assert_err(got: &(u16, Value), status: u16, code: &str, field: Option<&str>) {
    let (s, v) = got;
    assert_eq!(*s, status, "{v}");
    assert_eq!(v["type"], "error", "{v}");
    assert_eq!(v["status"], status);
    assert_eq!(v["code"], code, "{v}");
    if let Some(f) = field {
        assert_eq!(v["fieldName"], f, "{v}");
    }
    assert!(v["id"].is_string());
}

#[tokio::test]
async fn validation_and_state_errors() {
    let api = Api::start().await;
    let stack = api.create_stack("errs").await;
    let web = api.create_service(&stack, web_body("web", 1, "docker:nginx")).await;

    // 422 NotUnique: stack names (case-insensitive), service names, sidekick names.
    assert_err(&api.post(&api.url("stacks"), json!({"name": "ERRS"})).await, 422, "NotUnique", Some("name"));
    let mut dup = web_body("WEB", 1, "docker:x");
    dup["stackId"] = stack["id"].clone();
    assert_err(&api.post(&api.url("services"), dup).await, 422, "NotUnique", Some("name"));
    let mut sk = web_body("other", 1, "docker:x");
    sk["stackId"] = stack["id"].clone();
    sk["secondaryLaunchConfigs"] = json!([{"name": "web", "imageUuid": "docker:y"}]);
    assert_err(&api.post(&api.url("services"), sk).await, 422, "NotUnique", Some("name"));
    // 422 MissingRequired.
    assert_err(&api.post(&api.url("stacks"), json!({})).await, 422, "MissingRequired", Some("name"));
    assert_err(
        &api.post(&api.url("services"), json!({"name": "x"})).await,
        422,
        "MissingRequired",
        Some("stackId"),
    );
    assert_err(
        &api.action(&web, "upgrade", json!({})).await,
        422,
        "MissingRequired",
        Some("Upgrade strategy needs to be set"),
    );
    // 422 InvalidCharacters / InvalidOption / InvalidReference / MinLimitExceeded.
    assert_err(
        &api.post(&api.url("stacks"), json!({"name": "a_b"})).await,
        422,
        "InvalidCharacters",
        Some("name"),
    );
    assert_err(
        &api.post(&api.url("stacks"), json!({"name": "-ab"})).await,
        422,
        "InvalidCharacters",
        Some("name"),
    );
    assert_err(
        &api.action(&web, "upgrade", json!({"inServiceStrategy": {"batchSize": 2}})).await,
        422,
        "InvalidOption",
        Some("inServiceStrategy"),
    );
    assert_err(
        &api.post(&api.url("pulltasks"), json!({"image": "x", "mode": "some"})).await,
        422,
        "InvalidOption",
        Some("mode"),
    );
    let ext = json!({"name": "ext", "stackId": stack["id"], "externalIpAddresses": ["1.1.1.1"], "hostname": "a.com"});
    assert_err(
        &api.post(&api.url("externalservices"), ext).await,
        422,
        "InvalidOption",
        Some("externalIpAddresses"),
    );
    let mut bad_img = web_body("img", 1, "nginx");
    bad_img["stackId"] = stack["id"].clone();
    assert_err(&api.post(&api.url("services"), bad_img).await, 422, "InvalidReference", Some("imageUuid"));
    let mut bad_stack = web_body("y", 1, "docker:x");
    bad_stack["stackId"] = json!("1st99");
    assert_err(&api.post(&api.url("services"), bad_stack).await, 422, "InvalidReference", Some("stackId"));
    assert_err(
        &api.action(&web, "setservicelinks", json!({"serviceLinks": [{"serviceId": "1s77"}]})).await,
        422,
        "InvalidReference",
        Some("serviceId"),
    );
    assert_err(
        &api.action(
            &web,
            "setservicelinks",
            json!({"serviceLinks": [{"serviceId": "1s1"}, {"serviceId": "1s1"}]}),
        )
        .await,
        422,
        "NotUnique",
        Some("serviceLinks"),
    );
    assert_err(
        &api.put(web["links"]["self"].as_str().expect("self"), json!({"scale": -1})).await,
        422,
        "MinLimitExceeded",
        Some("scale"),
    );
    // 422 ActionNotAvailable (inactive service cannot restart), InvalidAction (unknown name).
    let self_url = web["links"]["self"].as_str().expect("self").to_string();
    assert_err(
        &api.post(&format!("{self_url}/?action=restart"), json!({"rollingRestartStrategy": {}})).await,
        422,
        "ActionNotAvailable",
        Some("action"),
    );
    assert_err(
        &api.post(&format!("{self_url}/?action=explode"), Value::Null).await,
        422,
        "InvalidAction",
        Some("action"),
    );
    // Malformed JSON → 422 InvalidBodyContent, never a crash.
    assert_err(&api.post_raw(&api.url("stacks"), "{\"name\": ").await, 422, "InvalidBodyContent", None);
    assert_err(&api.post_raw(&api.url("stacks"), "[1,2]").await, 422, "InvalidBodyContent", None);
    // 409: scale change while upgraded.
    let web = api.ok_action(&web, "activate", Value::Null).await;
    let _web = api
        .ok_action(
            &web,
            "upgrade",
            json!({"inServiceStrategy": {"launchConfig": {"imageUuid": "docker:nginx:2"}}}),
        )
        .await;
    assert_err(&api.put(&self_url, json!({"scale": 3})).await, 409, "Conflict", None);
    // Non-schedule fields still change silently.
    let (s, v) = api
        .put(&self_url, json!({"description": "hello", "launchConfig": {"imageUuid": "docker:ignored"}}))
        .await;
    assert_eq!(s, 200);
    assert_eq!((v["description"].as_str(), v["state"].as_str()), (Some("hello"), Some("upgraded")));
    assert_eq!(v["launchConfig"]["imageUuid"], "docker:nginx:2");
    // 405: PUT on a collection, DELETE on a read-only type, DELETE of a removed service.
    assert_err(&api.put(&api.url("services"), json!({})).await, 405, "Method not allowed", None);
    assert_err(
        &api.delete(&api.url("settings/rancher.compose.version")).await,
        405,
        "Method not allowed",
        None,
    );
    let (_, removed) = api.delete(&self_url).await;
    assert_eq!(removed["state"], "removed");
    assert_err(&api.delete(&self_url).await, 405, "Method not allowed", None);
    // 422 InvalidState: service in a removed stack.
    let (_, st) = api.delete(stack["links"]["self"].as_str().expect("self")).await;
    assert_eq!(st["state"], "removed");
    let mut late = web_body("late", 1, "docker:x");
    late["stackId"] = stack["id"].clone();
    assert_err(&api.post(&api.url("services"), late).await, 422, "InvalidState", Some("stackId"));
    // 404s.
    assert_err(&api.get(&api.url("services/1s999")).await, 404, "Not Found", None);
    assert_err(&api.get(&api.url("services/12")).await, 404, "Not Found", None);
    assert_err(&api.get(&api.url("nosuchthings")).await, 404, "Not Found", None);
    assert_err(
        &api.get(&format!("{}/v2-beta/projects/1a7/services", api.h.base_url())).await,
        404,
        "Not Found",
        None,
    );
    assert_err(&api.get(&api.url("settings/no.such.setting")).await, 404, "Not Found", None);
}

#[tokio::test]
async fn authentication_required_when_keys_are_set() {
    let config = EmulatorConfig {
        access_key: Some("AK".into()),
        secret_key: Some("SK".into()),
        ..EmulatorConfig::for_tests()
    };
    let api = Api::with(config).await;
    let client = reqwest::Client::new();
    let url = format!("{}/v2-beta", api.h.base_url());
    let resp = client.get(&url).send().await.expect("send");
    assert_eq!(resp.status().as_u16(), 401);
    assert!(resp.headers().get("www-authenticate").is_some());
    assert!(resp.headers().get("x-api-schemas").is_some());
    let body: Value = resp.json().await.expect("json");
    assert_eq!((body["type"].as_str(), body["code"].as_str()), (Some("error"), Some("Unauthorized")));
    let resp = client
        .get(&url)
        .basic_auth("AK", Some("wrong"))
        .header("X-API-No-Challenge", "true")
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status().as_u16(), 401);
    assert!(resp.headers().get("www-authenticate").is_none());
    let resp = client.get(&url).basic_auth("AK", Some("SK")).send().await.expect("send");
    assert_eq!(resp.status().as_u16(), 200);
    // The helper client authenticates.
    assert_eq!(api.get(&api.url("stacks")).await.0, 200);
}
