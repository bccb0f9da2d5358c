//! Selector links (issue #11): a service with `selectorLink` consumes every service of the
//! environment whose primary labels match, present ones and those created later.

use serde_json::{Value, json};

use crate::common::*;

fn labelled(name: &str, labels: Value) -> Value {
    json!({"name": name, "launchConfig": {"imageUuid": "docker:nginx", "labels": labels}})
}

async fn consumed_names(api: &Api, svc: &Value) -> Vec<String> {
    let (status, v) = api.get(svc["links"]["consumedservices"].as_str().expect("link")).await;
    assert_eq!(status, 200, "{v}");
    let mut names: Vec<String> = v["data"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["name"].as_str().map(str::to_string))
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn a_selector_link_consumes_matching_services_now_and_later() {
    let api = Api::start().await;
    let stack = api.create_stack("sel").await;
    let early = api.create_service(&stack, labelled("early", json!({"foo": "bar"}))).await;
    let mut parent = labelled("parent", json!({"io.rancher.service.selector.link": "foo=bar"}));
    parent["selectorLink"] = json!("foo=bar");
    let parent = api.create_service(&stack, parent).await;
    assert_eq!(consumed_names(&api, &parent).await, ["early"]);
    api.create_service(&stack, labelled("child", json!({"foo": "bar", "x": "y"}))).await;
    api.create_service(&stack, labelled("other", json!({"foo": "baz"}))).await;
    let elsewhere = api.create_stack("elsewhere").await;
    api.create_service(&elsewhere, labelled("remote", json!({"FOO": "Bar"}))).await;
    assert_eq!(consumed_names(&api, &parent).await, ["child", "early", "remote"]);
    // The links are ordinary consume maps: listed, and shown as linked services.
    let maps =
        api.list(&format!("serviceconsumemaps?serviceId={}", parent["id"].as_str().expect("id"))).await;
    assert_eq!(maps.len(), 3);
    let parent = api.reload(&parent).await;
    assert!(parent["linkedServices"].as_object().expect("map").contains_key("elsewhere/remote"), "{parent}");
    let (_, by) = api.get(early["links"]["consumedbyservices"].as_str().expect("link")).await;
    assert_eq!(by["data"][0]["name"], "parent");
}

#[tokio::test]
async fn setting_a_selector_later_links_what_matches_and_bad_selectors_are_refused() {
    let api = Api::start().await;
    let stack = api.create_stack("later").await;
    api.create_service(&stack, labelled("db", json!({"tier": "db"}))).await;
    let app = api.create_service(&stack, labelled("app", json!({}))).await;
    assert!(consumed_names(&api, &app).await.is_empty());
    let (status, v) = api
        .put(app["links"]["self"].as_str().expect("self"), json!({"selectorLink": "tier in (db, cache)"}))
        .await;
    assert_eq!(status, 200, "{v}");
    api.wait(&v).await;
    assert_eq!(consumed_names(&api, &app).await, ["db"]);
    let mut bad = labelled("bad", json!({}));
    bad["selectorLink"] = json!("my key=x");
    bad["stackId"] = stack["id"].clone();
    let (status, e) = api.post(&api.url("services"), bad).await;
    assert_eq!((status, e["code"].as_str()), (422, Some("InvalidFormat")), "{e}");
}
