//! A saved state moves on between runs (issue #11, `--url local`): on loading, the time since the
//! state was written passes for what was under way, so a health check that was initializing has
//! passed and a start-once sidekick has exited.

use std::path::Path;

use rancher_compose::emulator::{EmulatorConfig, Timing};
use serde_json::{Value, json};

use crate::common::*;

/// Health checks pass ten minutes after a container starts.
fn config(state: &Path) -> EmulatorConfig {
    let timing: Timing = "0,0,0,600000".parse().expect("timing");
    EmulatorConfig { state_file: Some(state.to_path_buf()), timing, ..EmulatorConfig::for_tests() }
}

async fn stop(api: Api) {
    let Api { h, .. } = api;
    h.shutdown().await.expect("clean shutdown");
}

/// (primary health, sidekick state, service health) of the one service.
async fn observed(api: &Api) -> (String, String, String) {
    let svc = api.list("services").await.into_iter().next().expect("service");
    let containers = api.containers(&svc).await;
    let text = |v: &Value| v.as_str().unwrap_or("").to_string();
    let primary = containers.iter().find(|c| c["name"] == "clock-web-1").expect("primary");
    let sidekick = containers.iter().find(|c| c["name"] == "clock-web-init-1").expect("sidekick");
    (text(&primary["healthState"]), text(&sidekick["state"]), text(&svc["healthState"]))
}

fn rewind(state: &Path, minutes: u64) {
    let mut doc: Value = serde_json::from_slice(&std::fs::read(state).expect("state file")).expect("json");
    let saved = doc["saved_at_ms"].as_u64().expect("the state records when it was saved");
    doc["saved_at_ms"] = json!(saved - minutes * 60_000);
    std::fs::write(state, serde_json::to_vec(&doc).expect("json")).expect("write state");
}

#[tokio::test]
async fn a_reloaded_state_lets_the_time_since_it_was_saved_pass() {
    let dir = tempfile::tempdir().expect("tempdir");
    let state = dir.path().join("state.json");
    let api = Api::with(config(&state)).await;
    let stack = api.create_stack("clock").await;
    let web = api
        .create_service(
            &stack,
            json!({"name": "web",
            "launchConfig": {"imageUuid": "docker:nginx", "healthCheck": {"port": 80},
                "labels": {"io.rancher.sidekicks": "init"}},
            "secondaryLaunchConfigs": [{"name": "init", "imageUuid": "docker:busybox",
                "labels": {"io.rancher.container.start_once": "true"}}]}),
        )
        .await;
    api.ok_action(&web, "activate", Value::Null).await;
    let fresh = ("initializing".to_string(), "running".to_string(), "initializing".to_string());
    assert_eq!(observed(&api).await, fresh);
    stop(api).await;

    // Reloaded at once, nothing was due yet.
    let api = Api::with(config(&state)).await;
    assert_eq!(observed(&api).await, fresh);
    stop(api).await;

    // Saved eleven minutes ago: the check has passed and the sidekick has run once.
    rewind(&state, 11);
    let api = Api::with(config(&state)).await;
    assert_eq!(observed(&api).await, ("healthy".to_string(), "stopped".to_string(), "healthy".to_string()));
    stop(api).await;
}
