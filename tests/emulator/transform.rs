//! `scripts/transform` answers what rancher-compose 0.12.5 needs to go on (issue #11).

use serde_json::json;

use crate::common::{Api, shared_api_json};

/// 0.12.5 sends `HostConfig.LogConfig: {"Type": "", "Config": null}` for every service and
/// dereferences the `logConfig` it gets back: Cattle answers an object, never `null`.
#[tokio::test]
async fn the_body_0_12_5_sends_gets_a_log_config_object() {
    let api = Api::start().await;
    let body = shared_api_json("transform-request-0.12.5.json");
    assert_eq!(body["HostConfig"]["LogConfig"], json!({"Type": "", "Config": null}), "the captured body");
    let (status, lc) = api.post(&format!("{}/scripts/transform", api.h.project_url()), body).await;
    assert_eq!(status, 200, "{lc}");
    assert_eq!(lc["logConfig"]["driver"], "");
    assert!(lc["logConfig"]["config"].is_null(), "{lc}");
    assert_eq!(lc["imageUuid"], "docker:redis:3");
    assert_eq!(lc["name"], "db");
}

#[tokio::test]
async fn a_log_config_map_is_kept_and_an_absent_one_stays_null() {
    let api = Api::start().await;
    let url = api.url("scripts/transform");
    let with_options = json!({"Name": "/web", "Config": {"Image": "nginx"},
        "HostConfig": {"LogConfig": {"Type": "syslog", "Config": {"tag": "foo"}}}});
    let (_, lc) = api.post(&url, with_options).await;
    assert_eq!(
        (&lc["logConfig"]["driver"], &lc["logConfig"]["config"]),
        (&json!("syslog"), &json!({"tag": "foo"}))
    );
    let empty_map = json!({"Config": {"Image": "nginx"}, "HostConfig": {"LogConfig": {"Config": {}}}});
    let (_, lc) = api.post(&url, empty_map).await;
    assert_eq!((&lc["logConfig"]["driver"], &lc["logConfig"]["config"]), (&json!(""), &json!({})));
    let (_, lc) = api.post(&url, json!({"Config": {"Image": "nginx"}, "HostConfig": {}})).await;
    assert!(lc["logConfig"].is_null(), "{lc}");
}
