//! Lifecycle scenarios over HTTP: stack and services with links and sidekicks, activation,
//! scaling, upgrades (in-service, start-first, rollback, to-service), restart and removal.

use rancher_compose::emulator::Hold;
use serde_json::{Value, json};

use crate::common::*;

async fn stack_with_web(api: &Api, scale: i64) -> (Value, Value, Value) {
    let stack = api.create_stack("mystack").await;
    assert_eq!(stack["state"], "active");
    assert_eq!(stack["id"], "1st1");
    let db = api.create_service(&stack, web_body("db", 1, "docker:mysql")).await;
    let mut body = web_body("web", scale, "docker:nginx");
    body["secondaryLaunchConfigs"] = json!([{"name": "side", "imageUuid": "docker:busybox"}]);
    let web = api.create_service(&stack, body).await;
    (stack, db, web)
}

#[tokio::test]
async fn create_link_activate_and_scale() {
    let api = Api::start().await;
    let (stack, db, web) = stack_with_web(&api, 2).await;
    assert_eq!((db["id"].as_str(), web["id"].as_str()), (Some("1s1"), Some("1s2")));
    // Create leaves services inactive with no containers.
    assert_eq!(web["state"], "inactive");
    assert_eq!(web["transitioning"], "no");
    assert_eq!(action_names(&web), with_links(&["activate", "remove", "update", "upgrade"]));
    assert!(api.containers(&web).await.is_empty());
    assert_eq!(web["launchConfig"]["version"], "0");
    assert_eq!(web["launchConfig"]["networkMode"], "managed");
    assert_eq!(web["launchConfig"]["labels"]["io.rancher.service.hash"], "abc");
    assert_eq!(web["metadata"]["io.rancher.service.hash"], "def");

    // Links.
    let (s, v) = api
        .action(
            &web,
            "setservicelinks",
            json!({"serviceLinks": [{"name": "database", "serviceId": db["id"]}]}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["linkedServices"], json!({"database": "1s1"}));
    let maps = api.list("serviceconsumemaps?serviceId=1s2").await;
    assert_eq!(maps.len(), 1);
    assert_eq!(maps[0]["consumedServiceId"], "1s1");
    let (_, v) = api.get(&format!("{}/consumedservices", web["links"]["self"].as_str().expect("self"))).await;
    assert_eq!(v["data"][0]["name"], "db");

    // Activate.
    let db = api.ok_action(&db, "activate", Value::Null).await;
    let (s, web_act) = api.post(web["actions"]["activate"].as_str().expect("activate"), Value::Null).await;
    assert_eq!(s, 202);
    let web = api.wait(&web_act).await;
    assert_eq!(db["state"], "active");
    assert_eq!(web["state"], "active");
    assert_eq!(web["currentScale"], 2);
    assert_eq!(web["healthState"], "healthy");
    assert_eq!(action_names(&web), with_links(&["deactivate", "remove", "restart", "update", "upgrade"]));
    let cs = api.containers(&web).await;
    assert_eq!(
        names_states(&cs),
        vec![
            ("mystack-web-1".into(), "running".into()),
            ("mystack-web-2".into(), "running".into()),
            ("mystack-web-side-1".into(), "running".into()),
            ("mystack-web-side-2".into(), "running".into()),
        ]
    );
    let c1 = &cs[0];
    assert_eq!(c1["labels"]["io.rancher.stack_service.name"], "mystack/web");
    assert_eq!(c1["labels"]["io.rancher.service.launch.config"], "io.rancher.service.primary.launch.config");
    assert_eq!(cs[2]["labels"]["io.rancher.stack_service.name"], "mystack/web/side");
    assert_eq!(c1["deploymentUnitUuid"], cs[2]["deploymentUnitUuid"]);
    assert_eq!(c1["hostId"], cs[2]["hostId"]);
    assert!(c1["primaryIpAddress"].as_str().expect("ip").starts_with("10.42."));
    assert_eq!(c1["startCount"], 1);
    let stack = api.reload(&stack).await;
    assert_eq!(stack["healthState"], "healthy");
    assert_eq!(stack["serviceIds"], json!(["1s1", "1s2"]));

    // Scale up, then down (newest units go first).
    let (s, v) = api.put(web["links"]["self"].as_str().expect("self"), json!({"scale": 3})).await;
    assert_eq!(s, 200, "{v}");
    let web = api.wait(&v).await;
    assert_eq!(web["state"], "active");
    assert_eq!(api.containers(&web).await.len(), 6);
    let (_, v) = api.put(web["links"]["self"].as_str().expect("self"), json!({"scale": 1})).await;
    let web = api.wait(&v).await;
    let cs = api.containers(&web).await;
    assert_eq!(
        names_states(&cs),
        vec![("mystack-web-1".into(), "running".into()), ("mystack-web-side-1".into(), "running".into())]
    );
    assert_eq!(web["currentScale"], 1);
    assert_eq!(web["scale"], 1);
    // The removed containers are readable by id but gone from lists.
    let all = api.list("containers?_removed=true").await;
    assert_eq!(all.iter().filter(|c| c["state"] == "removed").count(), 4);
    assert_eq!(api.list("containers").await.len(), 3);
}

#[tokio::test]
async fn deactivate_activate_restart_keep_containers() {
    let api = Api::start().await;
    let (_, _, web) = stack_with_web(&api, 2).await;
    let web = api.ok_action(&web, "activate", Value::Null).await;
    let before = ids(&api.containers(&web).await);
    let web = api.ok_action(&web, "deactivate", Value::Null).await;
    assert_eq!(web["state"], "inactive");
    let cs = api.containers(&web).await;
    assert!(cs.iter().all(|c| c["state"] == "stopped"), "{cs:?}");
    assert_eq!(ids(&cs), before);
    let web = api.ok_action(&web, "activate", Value::Null).await;
    let cs = api.containers(&web).await;
    assert!(cs.iter().all(|c| c["state"] == "running" && c["startCount"] == 2));
    assert_eq!(ids(&cs), before);
    let web = api.ok_action(&web, "restart", json!({"rollingRestartStrategy": {"batchSize": 1}})).await;
    assert_eq!(web["state"], "active");
    let cs = api.containers(&web).await;
    assert_eq!(ids(&cs), before);
    assert!(cs.iter().all(|c| c["startCount"] == 3), "{cs:?}");
}

async fn upgrade(api: &Api, web: &Value, start_first: bool) -> Value {
    let body = json!({"inServiceStrategy": {"startFirst": start_first, "batchSize": 1,
        "launchConfig": {"imageUuid": "docker:nginx:1.9.5", "labels": {"io.rancher.service.hash": "new"}}}});
    let (s, v) = api.action(web, "upgrade", body).await;
    assert_eq!(s, 202, "{v}");
    assert_eq!(v["launchConfig"]["imageUuid"], "docker:nginx:1.9.5");
    api.wait(&v).await
}

#[tokio::test]
async fn in_service_upgrade_then_finish() {
    for start_first in [false, true] {
        let api = Api::start().await;
        let (_, _, web) = stack_with_web(&api, 2).await;
        let web = api.ok_action(&web, "activate", Value::Null).await;
        let original = api.containers(&web).await;
        let web = upgrade(&api, &web, start_first).await;
        assert_eq!(web["state"], "upgraded", "startFirst={start_first}");
        assert_eq!(action_names(&web), with_links(&["finishupgrade", "remove", "rollback"]));
        let strategy = &web["upgrade"]["inServiceStrategy"];
        assert_eq!(strategy["startFirst"], start_first);
        assert_eq!(strategy["intervalMillis"], 2000, "defaults filled");
        assert_eq!(strategy["previousLaunchConfig"]["imageUuid"], "docker:nginx");
        let new_version = web["launchConfig"]["version"].as_str().expect("version").to_string();
        assert_ne!(new_version, "0");
        let cs = api.containers(&web).await;
        // Old primaries stopped and kept, new ones running under the same names; sidekicks untouched.
        let primaries: Vec<&Value> =
            cs.iter().filter(|c| !c["name"].as_str().unwrap_or("").contains("side")).collect();
        assert_eq!(primaries.len(), 4);
        let old: Vec<&&Value> = primaries.iter().filter(|c| c["version"] == "0").collect();
        let new: Vec<&&Value> = primaries.iter().filter(|c| c["version"] == new_version.as_str()).collect();
        assert!(old.iter().all(|c| c["state"] == "stopped") && old.len() == 2);
        assert!(
            new.iter().all(|c| c["state"] == "running" && c["imageUuid"] == "docker:nginx:1.9.5")
                && new.len() == 2
        );
        let mut new_names: Vec<&str> = new.iter().filter_map(|c| c["name"].as_str()).collect();
        new_names.sort();
        assert_eq!(new_names, vec!["mystack-web-1", "mystack-web-2"]);
        let sides: Vec<&Value> =
            cs.iter().filter(|c| c["name"].as_str().unwrap_or("").contains("side")).collect();
        assert_eq!(ids(&sides.iter().map(|v| (*v).clone()).collect::<Vec<_>>()), ids(&original[2..]));
        assert!(sides.iter().all(|c| c["state"] == "running"));
        // A second upgrade is not offered from `upgraded`.
        let (s, e) = api
            .post(&format!("{}/?action=upgrade", web["links"]["self"].as_str().expect("self")), json!({}))
            .await;
        assert_eq!((s, e["code"].as_str()), (422, Some("ActionNotAvailable")));
        let web = api.ok_action(&web, "finishupgrade", Value::Null).await;
        assert_eq!(web["state"], "active");
        assert!(!web["upgrade"].is_null(), "upgrade field is kept");
        let cs = api.containers(&web).await;
        assert_eq!(cs.len(), 4);
        assert!(cs.iter().all(|c| c["state"] == "running"));
    }
}

#[tokio::test]
async fn upgrade_then_rollback_restores_original_containers() {
    let api = Api::start().await;
    let (_, _, web) = stack_with_web(&api, 2).await;
    let web = api.ok_action(&web, "activate", Value::Null).await;
    let original = ids(&api.containers(&web).await);
    let web = upgrade(&api, &web, false).await;
    assert_eq!(api.containers(&web).await.len(), 6);
    let (s, v) = api.action(&web, "rollback", Value::Null).await;
    assert_eq!(s, 202);
    assert_eq!(v["launchConfig"]["imageUuid"], "docker:nginx", "launch config restored at once");
    let web = api.wait(&v).await;
    assert_eq!(web["state"], "active");
    let cs = api.containers(&web).await;
    assert_eq!(ids(&cs), original);
    assert!(cs.iter().all(|c| c["state"] == "running" && c["version"] == "0"));
    assert_eq!(web["launchConfig"]["version"], "0");
}

#[tokio::test]
async fn sidekick_removed_by_rancher_none_upgrade() {
    let api = Api::start().await;
    let (_, _, web) = stack_with_web(&api, 1).await;
    let web = api.ok_action(&web, "activate", Value::Null).await;
    let body = json!({"inServiceStrategy": {"secondaryLaunchConfigs": [{"name": "side", "imageUuid": "rancher/none"}]}});
    let web = api.ok_action(&web, "upgrade", body).await;
    assert_eq!(web["state"], "upgraded");
    assert_eq!(web["secondaryLaunchConfigs"], json!([]));
    let web = api.ok_action(&web, "finishupgrade", Value::Null).await;
    let cs = api.containers(&web).await;
    assert_eq!(names_states(&cs), vec![("mystack-web-1".into(), "running".into())]);
}

#[tokio::test]
async fn to_service_upgrade_moves_scale() {
    let api = Api::start().await;
    let stack = api.create_stack("roll").await;
    let from = api.create_service(&stack, web_body("from", 3, "docker:app:1")).await;
    let from = api.ok_action(&from, "activate", Value::Null).await;
    let consumer = api.create_service(&stack, web_body("consumer", 1, "docker:c")).await;
    api.ok_action(&consumer, "setservicelinks", json!({"serviceLinks": [{"serviceId": from["id"]}]})).await;
    let to = api.create_service(&stack, web_body("to", 0, "docker:app:2")).await;
    let body = json!({"toServiceStrategy": {"toServiceId": to["id"], "finalScale": 2, "batchSize": 1, "updateLinks": true}});
    let from = api.ok_action(&from, "upgrade", body).await;
    assert_eq!(from["state"], "upgraded");
    assert_eq!(from["scale"], 0);
    let to = api.reload(&to).await;
    assert_eq!((to["state"].as_str(), to["scale"].as_i64()), (Some("active"), Some(2)));
    assert_eq!(api.containers(&from).await.len(), 0);
    let cs = api.containers(&to).await;
    assert_eq!(
        names_states(&cs),
        vec![("roll-to-1".into(), "running".into()), ("roll-to-2".into(), "running".into())]
    );
    let consumer = api.reload(&consumer).await;
    assert_eq!(consumer["linkedServices"], json!({"from": from["id"], "to": to["id"]}));
    let from = api.ok_action(&from, "finishupgrade", Value::Null).await;
    assert_eq!((from["state"].as_str(), from["scale"].as_i64()), (Some("active"), Some(0)));
}

#[tokio::test]
async fn remove_service_and_stack() {
    let api = Api::start().await;
    let (stack, db, web) = stack_with_web(&api, 2).await;
    api.ok_action(&web, "setservicelinks", json!({"serviceLinks": [{"serviceId": db["id"]}]})).await;
    let web = api.ok_action(&web, "activate", Value::Null).await;
    let (s, v) = api.delete(web["links"]["self"].as_str().expect("self")).await;
    assert_eq!(s, 200);
    let web = api.wait(&v).await;
    assert_eq!(web["state"], "removed");
    assert!(web["removed"].is_string());
    assert_eq!(action_names(&web), with_links(&[]));
    // Still readable by id, gone from lists and filters.
    assert_eq!(api.get(web["links"]["self"].as_str().expect("self")).await.0, 200);
    let listed = api.list("services?removed_null=%3Cnil%3E").await;
    assert_eq!(listed.iter().map(|s| s["name"].as_str().unwrap_or("")).collect::<Vec<_>>(), vec!["db"]);
    let (_, all) = api.get(&format!("{}/instances", web["links"]["self"].as_str().expect("self"))).await;
    assert_eq!(all["data"], json!([]));
    assert!(api.list("serviceconsumemaps?serviceId=1s2").await.is_empty());
    let (s, v) = api.delete(stack["links"]["self"].as_str().expect("self")).await;
    assert_eq!(s, 200);
    let stack = api.wait(&v).await;
    assert_eq!(stack["state"], "removed");
    let db = api.reload(&db).await;
    assert_eq!(db["state"], "removed");
    assert!(api.list("stacks").await.is_empty());
    assert!(api.list("containers").await.is_empty());
}

#[tokio::test]
async fn stack_actions_activate_deactivate_export() {
    let api = Api::start().await;
    let (stack, db, web) = stack_with_web(&api, 1).await;
    api.ok_action(
        &web,
        "setservicelinks",
        json!({"serviceLinks": [{"name": "database", "serviceId": db["id"]}]}),
    )
    .await;
    let (s, v) = api.action(&stack, "activateservices", Value::Null).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(api.reload(&web).await["state"], "active");
    assert_eq!(api.reload(&db).await["state"], "active");
    let (s, v) = api.action(&stack, "exportconfig", json!({})).await;
    assert_eq!(s, 200);
    let dc = v["dockerComposeConfig"].as_str().expect("dc");
    assert!(dc.starts_with("version: '2'\nservices:\n"), "{dc}");
    assert!(dc.contains("image: nginx\n") && dc.contains("links:\n    - db:database\n"), "{dc}");
    assert!(v["rancherComposeConfig"].as_str().expect("rc").contains("scale: 1"));
    let (s, _) = api.action(&stack, "deactivateservices", Value::Null).await;
    assert_eq!(s, 200);
    assert_eq!(api.reload(&web).await["state"], "inactive");
    // An upgraded service blocks deactivateservices.
    let web = api
        .ok_action(
            &api.reload(&web).await,
            "upgrade",
            json!({"inServiceStrategy": {"launchConfig": {"imageUuid": "docker:nginx:2"}}}),
        )
        .await;
    assert_eq!(web["state"], "upgraded");
    let (s, e) = api.action(&stack, "deactivateservices", Value::Null).await;
    assert_eq!((s, e["code"].as_str()), (422, Some("InvalidState")));
    // Stack upgrade states (no compose text: straight through).
    let stack = api.ok_action(&stack, "upgrade", json!({"externalId": "catalog://x:1"})).await;
    assert_eq!(stack["state"], "upgraded");
    let stack = api.ok_action(&stack, "rollback", Value::Null).await;
    assert_eq!(stack["state"], "active");
}

#[tokio::test]
async fn transitions_are_visible_with_non_instant_timing() {
    let mut config = rancher_compose::emulator::EmulatorConfig::for_tests();
    config.timing = "30,60,30,60".parse().expect("timing");
    let api = Api::with(config).await;
    let (s, stack) = api.post(&api.url("stacks"), json!({"name": "slow"})).await;
    assert_eq!(s, 201);
    assert_eq!((stack["state"].as_str(), stack["transitioning"].as_str()), (Some("activating"), Some("yes")));
    assert_eq!(stack["transitioningMessage"], "In Progress");
    let stack = api.wait(&stack).await;
    let mut body = web_body("web", 2, "docker:nginx");
    body["stackId"] = stack["id"].clone();
    body["launchConfig"]["healthCheck"] = json!({"port": 80});
    let (_, svc) = api.post(&api.url("services"), body).await;
    assert_eq!((svc["state"].as_str(), svc["transitioning"].as_str()), (Some("registering"), Some("yes")));
    let svc = api.wait(&svc).await;
    assert_eq!(svc["state"], "inactive");
    // Container starts held: the activation is seen under way, its containers starting.
    api.h.hold(Hold::Starts);
    let (s, svc) = api.action(&svc, "activate", Value::Null).await;
    assert_eq!((s, svc["state"].as_str()), (202, Some("activating")));
    let starting = |cs: &[Value]| cs.len() == 2 && cs.iter().all(|c| c["state"] == "starting");
    for _ in 0..2000 {
        if api.h.held(Hold::Starts) > 0 && starting(&api.containers(&svc).await) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    assert!(starting(&api.containers(&svc).await), "{:?}", api.containers(&svc).await);
    let cur = api.reload(&svc).await;
    assert_eq!((cur["state"].as_str(), cur["transitioning"].as_str()), (Some("activating"), Some("yes")));
    // Health checks held: once the containers run, the service is active and still initializing.
    api.h.hold(Hold::Health);
    api.h.release(Hold::Starts);
    let cur = api.wait(&cur).await;
    assert_eq!(cur["state"], "active");
    assert_eq!(cur["healthState"], "initializing");
    assert!(!api.h.settle(std::time::Duration::from_millis(200)).await, "settled while health is held");
    api.h.release(Hold::Health);
    assert!(api.h.settle(std::time::Duration::from_secs(30)).await);
    let cur = api.reload(&cur).await;
    assert_eq!(cur["healthState"], "healthy");
    let cs = api.containers(&cur).await;
    assert!(cs.iter().all(|c| c["healthState"] == "healthy"));
}

/// `/emulator/holds`: what the inspector's hold and release do, over HTTP.
#[tokio::test]
async fn holds_are_set_and_released_over_http() {
    let api = Api::start().await;
    let holds = format!("{}/emulator/holds", api.h.base_url());
    let (s, v) = api.get(&holds).await;
    assert_eq!(s, 200);
    let free = json!({"held": false, "waiting": 0});
    assert_eq!(v, json!({"starts": free, "health": free, "writes": free}));
    let (s, v) = api.post(&format!("{holds}/starts"), Value::Null).await;
    assert_eq!((s, v["held"].as_bool()), (200, Some(true)));
    // Held: a new service's activation answers at once and stays under way.
    let (_, stack) = api.post(&api.url("stacks"), json!({"name": "held"})).await;
    let mut body = web_body("web", 1, "docker:nginx");
    body["stackId"] = stack["id"].clone();
    body["startOnCreate"] = json!(true);
    let (s, svc) = api.post(&api.url("services"), body).await;
    assert_eq!(s, 201);
    api.until_held(Hold::Starts).await;
    let (_, v) = api.get(&holds).await;
    assert_eq!(v["starts"], json!({"held": true, "waiting": 1}));
    assert_eq!(api.reload(&svc).await["state"], "activating");
    let (s, v) = api.delete(&format!("{holds}/starts")).await;
    assert_eq!((s, v["held"].as_bool()), (200, Some(false)));
    let svc = api.wait(&svc).await;
    assert_eq!(svc["state"], "active");
    // Writes held: a deactivation goes unanswered (and undone) until the release; reads answer.
    api.post(&format!("{holds}/writes"), Value::Null).await;
    let released = async {
        api.until_held(Hold::Writes).await;
        let (_, v) = api.get(&holds).await;
        assert_eq!(v["writes"], json!({"held": true, "waiting": 1}));
        assert_eq!(api.reload(&svc).await["state"], "active");
        api.delete(&format!("{holds}/writes")).await;
    };
    let ((s, _), ()) = tokio::join!(api.action(&svc, "deactivate", Value::Null), released);
    assert_eq!(s, 202);
    let (s, e) = api.post(&format!("{holds}/nosuch"), Value::Null).await;
    assert_eq!((s, e["code"].as_str()), (422, Some("InvalidBodyContent")), "{e}");
}
