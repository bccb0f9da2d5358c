//! The API client against the in-process emulator: URL forms, discovery, authentication,
//! errors, pagination, retries and the generic resource operations.

use std::time::Duration;

use rancher_compose::api::{Client, ClientOptions, Credentials, Error};
use rancher_compose::emulator::{self, EmulatorConfig, Faults};
use serde_json::json;

fn quick() -> ClientOptions {
    ClientOptions { retry_delay: Duration::from_millis(5), ..ClientOptions::default() }
}

#[tokio::test]
async fn every_url_form_reaches_the_project_schemas() {
    let emu = emulator::start(EmulatorConfig::for_tests()).await.unwrap();
    let base = emu.base_url().to_owned();
    for url in [
        base.clone(),
        format!("{base}/"),
        format!("{base}/v1"),
        format!("{base}/v2-beta"),
        format!("{base}/v2-beta/projects/1a5"),
        format!("{base}/v1/projects/1a5/"),
        format!("{base}/v2-beta/projects/1a5/schemas"),
    ] {
        let client = Client::connect(&url, None, quick()).await.unwrap_or_else(|e| panic!("{url}: {e}"));
        let schemas = client.schemas();
        assert!(schemas.get("stack").is_some() && schemas.get("service").is_some(), "{url}");
        let collection = schemas.collection_url("stack").unwrap();
        assert!(collection.ends_with("/v2-beta/projects/1a5/stacks"), "{url}: {collection}");
        schemas.require_method("stack", "POST", true).unwrap();
        schemas.require_action("service", "upgrade").unwrap();
        assert!(matches!(schemas.require_action("service", "nosuch"), Err(Error::Missing { .. })));
    }
}

#[tokio::test]
async fn credentials_are_required_and_checked_when_the_server_has_keys() {
    let config = EmulatorConfig {
        access_key: Some("ACCESS".into()),
        secret_key: Some("SECRET".into()),
        ..EmulatorConfig::for_tests()
    };
    let emu = emulator::start(config).await.unwrap();
    let err = Client::connect(emu.base_url(), None, quick()).await.unwrap_err();
    assert!(matches!(err, Error::KeysNeeded { .. }), "{err}");
    assert!(err.to_string().contains("needs API keys, and none were given"), "{err}");
    assert!(err.hint().unwrap_or_default().contains("--access-key"));
    let wrong = Credentials::new("ACCESS".into(), "nope".into());
    let err = Client::connect(emu.base_url(), Some(wrong), quick()).await.unwrap_err();
    assert!(matches!(err, Error::Api { status: 401, .. }), "{err}");
    assert!(!err.to_string().contains("nope"), "the secret leaked: {err}");
    let right = Credentials::new("ACCESS".into(), "SECRET".into());
    Client::connect(emu.base_url(), Some(right), quick()).await.unwrap();
}

#[tokio::test]
async fn unreachable_servers_and_non_rancher_urls_are_clear_errors() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let err = Client::connect(&format!("http://127.0.0.1:{port}"), None, quick()).await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err}");
    assert!(err.hint().is_some());
    let err = Client::connect("ftp://example.com", None, quick()).await.unwrap_err();
    assert!(matches!(err, Error::Url { .. }), "{err}");
}

#[tokio::test]
async fn create_list_update_action_and_delete() {
    let emu = emulator::start(EmulatorConfig::for_tests()).await.unwrap();
    let client = Client::connect(emu.base_url(), None, quick()).await.unwrap();
    let stack = client.create("stack", &json!({"name": "shop"})).await.unwrap();
    let stack_id = stack["id"].as_str().unwrap().to_owned();
    let service = client
        .create(
            "service",
            &json!({"name": "web", "stackId": stack_id, "scale": 2, "launchConfig": {"imageUuid": "docker:nginx"}}),
        )
        .await
        .unwrap();
    let found = client.list("service", &[("name", "web"), ("stackId", &stack_id)]).await.unwrap();
    assert_eq!(found.len(), 1);
    let by_id = client.by_id("service", service["id"].as_str().unwrap()).await.unwrap().unwrap();
    assert_eq!(by_id["name"], "web");
    assert!(client.by_id("service", "1s999").await.unwrap().is_none());

    let service = client.reload(&service).await.unwrap();
    let active = client.action(&service, "activate", None).await.unwrap();
    let active = client.reload(&active).await.unwrap();
    assert_eq!(active["state"], "active");
    // An action the state does not allow fails before anything is sent.
    let before = emu.request_log().len();
    let err = client.action(&active, "finishupgrade", None).await.unwrap_err();
    assert!(matches!(err, Error::Api { status: 422, ref code, .. } if code == "ActionNotAvailable"), "{err}");
    assert_eq!(emu.request_log().len(), before);

    let scaled = client.update(&active, &json!({"scale": 3})).await.unwrap();
    assert_eq!(client.reload(&scaled).await.unwrap()["scale"], 3);
    client.delete(&scaled).await.unwrap();
    assert!(client.list("service", &[("name", "web")]).await.unwrap().is_empty());
}

#[tokio::test]
async fn server_errors_keep_code_and_field() {
    let emu = emulator::start(EmulatorConfig::for_tests()).await.unwrap();
    let client = Client::connect(emu.base_url(), None, quick()).await.unwrap();
    client.create("stack", &json!({"name": "dup"})).await.unwrap();
    let err = client.create("stack", &json!({"name": "dup"})).await.unwrap_err();
    match &err {
        Error::Api { status, code, field_name, .. } => {
            assert_eq!((*status, code.as_str(), field_name.as_deref()), (422, "NotUnique", Some("name")));
        }
        other => panic!("{other}"),
    }
    assert!(err.to_string().contains("422 NotUnique (field `name`)"), "{err}");
}

#[tokio::test]
async fn lists_follow_pagination() {
    let emu = emulator::start(EmulatorConfig::for_tests()).await.unwrap();
    let client = Client::connect(emu.base_url(), None, quick()).await.unwrap();
    for i in 0..130 {
        client.create("stack", &json!({"name": format!("s{i}")})).await.unwrap();
    }
    let all = client.list("stack", &[]).await.unwrap();
    assert_eq!(all.len(), 130);
    let limited = client.list("stack", &[("limit", "7")]).await.unwrap();
    assert_eq!(limited.len(), 130, "pages of 7 are all followed");
}

#[tokio::test]
async fn idempotent_requests_are_retried_on_503() {
    let emu = emulator::start(EmulatorConfig::for_tests()).await.unwrap();
    let client = Client::connect(emu.base_url(), None, quick()).await.unwrap();
    emu.set_faults(Faults { error_rate: 0.5, seed: 7, ..Faults::default() });
    for _ in 0..10 {
        // With six attempts per request, half of the answers failing still gets through.
        client.list("stack", &[]).await.unwrap();
    }
    emu.set_faults(Faults { error_rate: 1.0, ..Faults::default() });
    let before = emu.request_log().len();
    let err = client.list("stack", &[]).await.unwrap_err();
    assert!(err.is_transient(), "{err}");
    assert_eq!(emu.request_log().len() - before, 6, "one attempt plus five retries");
}

#[tokio::test]
async fn setting_links_is_retried_even_when_the_service_moved_on_meanwhile() {
    // Transitions take a step, so a create answers `registering`.
    let timing = "1,0,0,0".parse().unwrap();
    let emu = emulator::start(EmulatorConfig { timing, ..EmulatorConfig::for_tests() }).await.unwrap();
    let client = Client::connect(emu.base_url(), None, quick()).await.unwrap();
    let stack = client.create("stack", &json!({"name": "links"})).await.unwrap();
    let service = |name: &str| json!({"name": name, "stackId": stack["id"], "launchConfig": {"imageUuid": "docker:nginx"}});
    let db = client.create("service", &service("db")).await.unwrap();
    // `web` as the engine last saw it (registering); the server has moved it on since.
    let web = client.create("service", &service("web")).await.unwrap();
    assert_eq!(web["state"], "registering");
    while client.reload(&web).await.unwrap()["state"] != "inactive" {
        tokio::task::yield_now().await;
    }
    // The first attempt fails before the server does anything: the state change the read-back
    // would see is not the links being set.
    emu.set_faults(Faults { failing_writes: 1, ..Faults::default() });
    let input = json!({"serviceLinks": [{"serviceId": db["id"], "name": "db"}]});
    client.action(&web, "setservicelinks", Some(&input)).await.unwrap();
    assert_eq!(emu.faults().failing_writes, 0, "the first attempt failed");
    let links = client.reload(&web).await.unwrap();
    assert_eq!(links["linkedServices"], json!({"db": db["id"]}), "{links}");
}
