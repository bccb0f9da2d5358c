//! Environments (projects) and API keys, as Rancher 1.6 scopes them: an account key sees every
//! environment and works under `/projects/<id>/`; an environment key sees only its own, and a
//! URL naming another is refused; each environment has its own stacks, names and hosts; a state
//! file from before there were environments loads with everything in `Default`.

use rancher_compose::emulator::{EmulatorConfig, EnvironmentKey};
use serde_json::{Value, json};

use crate::common::Api;

fn config() -> EmulatorConfig {
    EmulatorConfig {
        access_key: Some("account".into()),
        secret_key: Some("account-secret".into()),
        environments: vec!["staging".into(), "prod".into()],
        environment_keys: vec![
            "Default:dev-key:dev-secret".parse().expect("key"),
            EnvironmentKey {
                environment: "staging".into(),
                access_key: "staging-key".into(),
                secret_key: "staging-secret".into(),
            },
        ],
        hosts: 2,
        ..EmulatorConfig::for_tests()
    }
}

fn names(collection: &Value) -> Vec<String> {
    collection["data"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["name"].as_str().map(str::to_owned))
        .collect()
}

fn as_key(api: &mut Api, access: &str, secret: &str) {
    api.auth = Some((access.into(), secret.into()));
}

#[tokio::test]
async fn an_account_key_sees_every_environment_and_an_environment_key_its_own() {
    let mut api = Api::with(config()).await;
    let root = format!("{}/v2-beta", api.h.base_url());
    let (status, all) = api.get(&format!("{root}/projects")).await;
    assert_eq!(status, 200, "{all}");
    assert_eq!(names(&all), ["Default", "staging", "prod"]);
    let ids: Vec<&str> =
        all["data"].as_array().expect("data").iter().filter_map(|p| p["id"].as_str()).collect();
    assert_eq!(ids, ["1a5", "1a6", "1a7"]);
    let (_, found) = api.get(&format!("{root}/projects?name=staging")).await;
    assert_eq!(names(&found), ["staging"]);
    assert_eq!(found["data"][0]["links"]["self"], format!("{root}/projects/1a6"));

    // A project's own URL is in its scope: its schemas header names the project's schemas,
    // which is how a client given `.../projects/1a6` finds its way.
    let (status, project, schemas) = api.get_with_schemas_header(&format!("{root}/projects/1a6")).await;
    assert_eq!((status, project["name"].as_str()), (200, Some("staging")), "{project}");
    assert_eq!(schemas.as_deref(), Some(format!("{root}/projects/1a6/schemas").as_str()));

    as_key(&mut api, "staging-key", "staging-secret");
    let (_, own) = api.get(&format!("{root}/projects")).await;
    assert_eq!(names(&own), ["staging"]);
    let (status, _) = api.get(&format!("{root}/projects/1a5")).await;
    assert_eq!(status, 404, "another environment does not exist for an environment key");
    let (status, refused) = api.get(&format!("{root}/projects/1a5/stacks")).await;
    assert_eq!((status, refused["code"].as_str()), (401, Some("Unauthorized")), "{refused}");
    // Without a project in the URL, the key works in its own environment.
    let (status, schemas) = api.get(&format!("{root}/schemas")).await;
    assert_eq!(status, 200);
    assert_eq!(schemas["links"]["self"], format!("{root}/projects/1a6/schemas"));

    as_key(&mut api, "staging-key", "wrong");
    assert_eq!(api.get(&format!("{root}/projects")).await.0, 401);
    let (status, _) = api.get(&format!("{root}/projects/1a9/stacks")).await;
    assert_eq!(status, 401, "bad credentials are refused before anything else");
}

#[tokio::test]
async fn environments_keep_their_stacks_names_and_hosts_apart() {
    let mut api = Api::with(config()).await;
    let root = format!("{}/v2-beta", api.h.base_url());
    let url = |project: &str, path: &str| format!("{root}/projects/{project}/{path}");
    // The same stack name in two environments.
    let (status, default_web) = api.post(&url("1a5", "stacks"), json!({"name": "web"})).await;
    assert_eq!(status, 201, "{default_web}");
    let (status, staging_web) = api.post(&url("1a6", "stacks"), json!({"name": "web"})).await;
    assert_eq!(status, 201, "{staging_web}");
    assert_eq!(
        (default_web["accountId"].as_str(), staging_web["accountId"].as_str()),
        (Some("1a5"), Some("1a6"))
    );
    assert!(staging_web["links"]["self"].as_str().expect("self").contains("/projects/1a6/stacks/"));
    let (status, taken) = api.post(&url("1a6", "stacks"), json!({"name": "WEB"})).await;
    assert_eq!((status, taken["code"].as_str()), (422, Some("NotUnique")));

    // A service goes into a stack of its own environment only.
    let (status, wrong) = api
        .post(
            &url("1a5", "services"),
            json!({"name": "app", "stackId": staging_web["id"],
            "launchConfig": {"imageUuid": "docker:nginx"}}),
        )
        .await;
    assert_eq!((status, wrong["code"].as_str()), (422, Some("InvalidReference")), "{wrong}");
    let (status, app) = api
        .post(
            &url("1a6", "services"),
            json!({"name": "app", "stackId": staging_web["id"], "scale": 2,
            "launchConfig": {"imageUuid": "docker:nginx", "ports": ["80:80"]}}),
        )
        .await;
    assert_eq!(status, 201, "{app}");
    let app = api.ok_action(&app, "activate", Value::Null).await;
    assert_eq!(app["state"], "active");

    // Each environment lists its own, and another's do not exist for it.
    let listed = |v: &Value| v["data"].as_array().map(Vec::len).unwrap_or_default();
    assert_eq!(listed(&api.get(&url("1a5", "services")).await.1), 0);
    assert_eq!(listed(&api.get(&url("1a6", "services")).await.1), 1);
    let app_id = app["id"].as_str().expect("id");
    assert_eq!(api.get(&url("1a5", &format!("services/{app_id}"))).await.0, 404);
    assert_eq!(
        api.post(&url("1a5", &format!("services/{app_id}/?action=deactivate")), json!({})).await.0,
        404
    );

    // Containers run on the environment's own hosts.
    let (_, hosts) = api.get(&url("1a6", "hosts")).await;
    let host_ids: Vec<&str> =
        hosts["data"].as_array().expect("hosts").iter().filter_map(|h| h["id"].as_str()).collect();
    assert_eq!(host_ids.len(), 2);
    for c in api.containers(&app).await {
        assert!(host_ids.contains(&c["hostId"].as_str().unwrap_or_default()), "{c}");
        assert_eq!(c["accountId"], "1a6");
    }

    // The Default environment's key cannot reach staging's stack, even by id.
    as_key(&mut api, "dev-key", "dev-secret");
    let (_, stacks) = api.get(&format!("{root}/stacks")).await;
    assert_eq!(names(&stacks), ["web"]);
    assert_eq!(stacks["data"][0]["id"], default_web["id"]);
    let staging_id = staging_web["id"].as_str().expect("id");
    assert_eq!(api.get(&format!("{root}/stacks/{staging_id}")).await.0, 404);
}

#[tokio::test]
async fn a_state_file_from_before_environments_loads_into_default() {
    let dir = tempfile::tempdir().expect("tempdir");
    let state = dir.path().join("state.json");
    let stack_id = {
        let api =
            Api::with(EmulatorConfig { state_file: Some(state.clone()), ..EmulatorConfig::for_tests() })
                .await;
        let stack = api.create_stack("old").await;
        api.h.inspector().settle(std::time::Duration::from_secs(5)).await;
        let id = stack["id"].as_str().expect("id").to_owned();
        api.h.shutdown().await.expect("stops");
        id
    };
    // What an older emulator wrote: no environments, no `project` in any resource.
    let mut saved: Value = serde_json::from_slice(&std::fs::read(&state).expect("saved")).expect("json");
    strip_projects(&mut saved);
    std::fs::write(&state, serde_json::to_vec(&saved).expect("json")).expect("write");

    let config = EmulatorConfig {
        state_file: Some(state),
        environments: vec!["staging".into()],
        ..EmulatorConfig::for_tests()
    };
    let api = Api::with(config).await;
    let stacks = api.list("stacks").await;
    assert_eq!(stacks.len(), 1);
    assert_eq!(
        (stacks[0]["id"].as_str(), stacks[0]["accountId"].as_str()),
        (Some(stack_id.as_str()), Some("1a5"))
    );
    let (_, projects) = api.get(&format!("{}/v2-beta/projects", api.h.base_url())).await;
    assert_eq!(names(&projects), ["Default", "staging"]);
    assert_eq!(projects["data"][1]["id"], "1a6");
}

fn strip_projects(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.remove("projects");
            m.remove("project");
            m.values_mut().for_each(strip_projects);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_projects),
        _ => {}
    }
}
