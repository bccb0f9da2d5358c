//! Upgrades against the emulator: `up --upgrade`, `--force-upgrade`, `--confirm-upgrade`,
//! `--rollback`, `--cancel-upgrade`, pending upgrades, `--dry-run` plans, health-gated waits
//! and automatic rollback. Each test checks the exit code, the output and the server's state.

use rancher_compose::emulator::{EmulatorThread, Faults, Hold};
use serde_json::Value;

use crate::support::process::{interrupt_when, start};
use crate::support::{
    add_certificate, containers, edit, emulator, fixture, ok, rc, rc_at, run, service, settle, with_api,
};

fn actions(emu: &EmulatorThread) -> Vec<String> {
    emu.mutating_requests()
        .iter()
        .map(|r| match r.query.as_deref().and_then(|q| q.strip_prefix("action=")) {
            Some(action) => action.to_owned(),
            None => r.method.clone(),
        })
        .collect()
}

#[test]
fn upgrade_changes_image_and_env_then_confirm_removes_the_old_containers() {
    let emu = emulator();
    let dir = fixture("nginx-redis");
    ok(&emu, dir.path(), &["up", "-d"]);
    let before = service(&emu, "web");
    let old = containers(&emu, &before);
    edit(dir.path(), "docker-compose.yml", "nginx:1.13", "nginx:1.14");
    edit(dir.path(), "docker-compose.yml", "REDIS_HOST=cache", "REDIS_HOST=cache2");
    emu.clear_request_log();
    let out = ok(&emu, dir.path(), &["up", "-d", "--upgrade", "--pull"]);
    assert!(out.stderr.contains("[web]: Upgrading"), "{}", out.stderr);
    // The new image is pulled on the hosts first; then only web is upgraded.
    assert_eq!(actions(&emu), ["POST", "upgrade"], "{:?}", emu.mutating_requests());
    assert!(emu.mutating_requests()[0].path.ends_with("/pulltasks"), "{:?}", emu.mutating_requests());
    let web = service(&emu, "web");
    assert_eq!(web["state"], "upgraded");
    assert_eq!(web["launchConfig"]["imageUuid"], "docker:nginx:1.14");
    assert_eq!(web["launchConfig"]["environment"]["REDIS_HOST"], "cache2");
    // nginx-redis asks for start_first in rancher-compose.yml; batch size and interval default.
    let strategy = &web["upgrade"]["inServiceStrategy"];
    assert_eq!((strategy["startFirst"].as_bool(), strategy["batchSize"].as_i64()), (Some(true), Some(2)));
    // Old containers are kept (stopped) until the upgrade is confirmed.
    let during = containers(&emu, &web);
    assert!(old.iter().all(|id| during.contains(id)), "old containers removed before confirm");
    assert_eq!(service(&emu, "redis")["state"], "active");

    emu.clear_request_log();
    let out = ok(&emu, dir.path(), &["up", "-d", "--confirm-upgrade"]);
    assert!(out.stderr.contains("[web]: Upgrade confirmed"), "{}", out.stderr);
    assert_eq!(actions(&emu), ["finishupgrade"]);
    let web = service(&emu, "web");
    assert_eq!(web["state"], "active");
    let after = containers(&emu, &web);
    assert_eq!(after.len(), 2);
    assert!(after.iter().all(|id| !old.contains(id)), "old containers still there after confirm");

    // Nothing changed since: a new upgrade run makes no change at all.
    emu.clear_request_log();
    let out = ok(&emu, dir.path(), &["up", "-d", "-u"]);
    assert!(out.stderr.contains("up to date"), "{}", out.stderr);
    assert!(emu.mutating_requests().is_empty(), "{:?}", emu.mutating_requests());
}

#[test]
fn start_first_false_comes_from_the_file_and_flags_override_batch_and_interval() {
    let emu = emulator();
    let dir = fixture("nginx-redis");
    edit(dir.path(), "rancher-compose.yml", "start_first: true", "start_first: false\n    batch_size: 3");
    ok(&emu, dir.path(), &["up", "-d"]);
    edit(dir.path(), "docker-compose.yml", "nginx:1.13", "nginx:1.14");
    ok(&emu, dir.path(), &["up", "-d", "-u", "--interval", "500"]);
    let strategy = service(&emu, "web")["upgrade"]["inServiceStrategy"].clone();
    assert_eq!(strategy["startFirst"], false);
    assert_eq!(strategy["batchSize"], 3, "rancher-compose.yml's batch_size");
    assert_eq!(strategy["intervalMillis"], 500, "the flag wins");
    edit(dir.path(), "docker-compose.yml", "nginx:1.14", "nginx:1.15");
    ok(&emu, dir.path(), &["up", "-d", "-u", "--on-pending", "confirm", "--batch-size", "1"]);
    assert_eq!(service(&emu, "web")["upgrade"]["inServiceStrategy"]["batchSize"], 1);
}

#[test]
fn rollback_restores_the_original_containers_and_launch_config() {
    let emu = emulator();
    let dir = fixture("nginx-redis");
    ok(&emu, dir.path(), &["up", "-d"]);
    let before = service(&emu, "web");
    let original = containers(&emu, &before);
    edit(dir.path(), "docker-compose.yml", "nginx:1.13", "nginx:1.14");
    ok(&emu, dir.path(), &["up", "-d", "-u"]);
    emu.clear_request_log();
    let out = ok(&emu, dir.path(), &["up", "-d", "--rollback"]);
    assert!(out.stderr.contains("[web]: Rolled back"), "{}", out.stderr);
    // redis had nothing to roll back: reported, not an error.
    assert!(out.stderr.contains("redis (active)"), "{}", out.stderr);
    assert_eq!(actions(&emu), ["rollback"]);
    let web = service(&emu, "web");
    assert_eq!(web["state"], "active");
    assert_eq!(web["launchConfig"]["imageUuid"], before["launchConfig"]["imageUuid"]);
    assert_eq!(containers(&emu, &web), original);

    // Nothing left to roll back: a warning naming the services and their states.
    let out = ok(&emu, dir.path(), &["up", "-d", "--rollback", "web"]);
    assert!(out.stderr.contains("warning: no upgrade to roll back: web (active)"), "{}", out.stderr);
}

#[test]
fn metadata_and_scale_changes_are_updates_not_upgrades() {
    let emu = emulator();
    let dir = fixture("nginx-redis");
    ok(&emu, dir.path(), &["up", "-d"]);
    let web = service(&emu, "web");
    let before = containers(&emu, &web);
    edit(dir.path(), "rancher-compose.yml", "  scale: 2\n", "  scale: 3\n  metadata:\n    team: blue\n");
    let plan = ok(&emu, dir.path(), &["up", "-d", "-u", "--dry-run"]);
    assert!(plan.stdout.contains("- update (metadata, scale)"), "{}", plan.stdout);
    emu.clear_request_log();
    ok(&emu, dir.path(), &["up", "-d", "-u"]);
    assert_eq!(actions(&emu), ["PUT"], "one update, no upgrade");
    let web = service(&emu, "web");
    assert_eq!((web["state"].as_str(), web["scale"].as_i64()), (Some("active"), Some(3)));
    assert_eq!(web["metadata"]["team"], "blue");
    let after = containers(&emu, &web);
    assert_eq!(after.len(), 3);
    assert!(before.iter().all(|id| after.contains(id)), "containers were recreated");
}

#[test]
fn sidekicks_added_changed_and_removed() {
    let emu = emulator();
    let dir = fixture("sidekicks");
    ok(&emu, dir.path(), &["up", "-d"]);
    // Changed: only that sidekick goes in the upgrade.
    edit(dir.path(), "docker-compose.yml", "example/log-shipper:1.0", "example/log-shipper:1.1");
    let out = ok(&emu, dir.path(), &["up", "-d", "-u", "-c"]);
    assert!(out.stderr.contains("[app]: Upgrade confirmed"), "{}", out.stderr);
    let app = service(&emu, "app");
    assert_eq!(app["state"], "active");
    let logs = app["secondaryLaunchConfigs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "app-logs")
        .unwrap()
        .clone();
    assert_eq!(logs["imageUuid"], "docker:example/log-shipper:1.1");

    // Removed (label and definition): the sidekick disappears from the service.
    let compose = std::fs::read_to_string(dir.path().join("docker-compose.yml")).unwrap();
    let rancher = std::fs::read_to_string(dir.path().join("rancher-compose.yml")).unwrap();
    let cut = |text: &str, from: &str, to: &str| {
        let start = text.find(from).unwrap();
        let end = text[start..].find(to).map_or(text.len(), |i| start + i);
        format!("{}{}", &text[..start], &text[end..])
    };
    let without = cut(&compose, "  app-logs:\n", "  db:\n").replace("app-config,app-logs", "app-config");
    std::fs::write(dir.path().join("docker-compose.yml"), without).unwrap();
    std::fs::write(dir.path().join("rancher-compose.yml"), cut(&rancher, "  app-logs:\n", "\n\n")).unwrap();
    let plan = ok(&emu, dir.path(), &["up", "-d", "-u", "--dry-run"]);
    assert!(plan.stdout.contains("sidekick app-logs removed"), "{}", plan.stdout);
    ok(&emu, dir.path(), &["up", "-d", "-u", "-c"]);
    let names: Vec<Value> = service(&emu, "app")["secondaryLaunchConfigs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].clone())
        .collect();
    assert_eq!(names, ["app-config"]);

    // Added back.
    std::fs::write(dir.path().join("docker-compose.yml"), compose).unwrap();
    std::fs::write(dir.path().join("rancher-compose.yml"), rancher).unwrap();
    let plan = ok(&emu, dir.path(), &["up", "-d", "-u", "--dry-run"]);
    assert!(plan.stdout.contains("sidekick app-logs added"), "{}", plan.stdout);
    ok(&emu, dir.path(), &["up", "-d", "-u", "-c"]);
    assert_eq!(service(&emu, "app")["secondaryLaunchConfigs"].as_array().unwrap().len(), 2);
}

#[test]
fn force_upgrade_of_a_named_service_recreates_it_without_a_change() {
    let emu = emulator();
    let dir = fixture("nginx-redis");
    ok(&emu, dir.path(), &["up", "-d"]);
    let plan = ok(&emu, dir.path(), &["up", "-d", "--force-upgrade", "redis", "--dry-run"]);
    assert!(plan.stdout.contains("upgrade (forced, no config change)"), "{}", plan.stdout);
    emu.clear_request_log();
    ok(&emu, dir.path(), &["up", "-d", "--force-upgrade", "redis", "-c"]);
    assert_eq!(actions(&emu), ["upgrade", "finishupgrade"]);
    assert_eq!(service(&emu, "web")["state"], "active");
}

#[test]
fn a_pending_upgrade_blocks_a_new_one_unless_told_what_to_do() {
    let emu = emulator();
    let dir = fixture("nginx-redis");
    ok(&emu, dir.path(), &["up", "-d"]);
    let original = containers(&emu, &service(&emu, "web"));
    edit(dir.path(), "docker-compose.yml", "nginx:1.13", "nginx:1.14");
    ok(&emu, dir.path(), &["up", "-d", "-u"]);
    edit(dir.path(), "docker-compose.yml", "nginx:1.14", "nginx:1.15");
    emu.clear_request_log();
    let out = rc_at(&emu, dir.path(), &["up", "-d", "-u"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("`web` has an unfinished upgrade (state `upgraded`)"), "{}", out.stderr);
    assert!(out.stderr.contains("--on-pending"), "{}", out.stderr);
    assert!(emu.mutating_requests().is_empty(), "{:?}", emu.mutating_requests());

    // Rolling the pending one back first: the original containers come back, then 1.15.
    emu.clear_request_log();
    ok(&emu, dir.path(), &["up", "-d", "-u", "--on-pending", "rollback"]);
    assert_eq!(actions(&emu), ["rollback", "upgrade"]);
    let web = service(&emu, "web");
    assert_eq!(
        (web["state"].as_str(), web["launchConfig"]["imageUuid"].as_str()),
        (Some("upgraded"), Some("docker:nginx:1.15"))
    );
    assert!(
        original.iter().all(|id| containers(&emu, &web).contains(id)),
        "originals are the rollback point"
    );
}

#[test]
fn confirm_waits_for_an_upgrade_under_way_and_cancel_then_rollback_works_per_service() {
    let emu = emulator();
    let dir = fixture("nginx-redis");
    ok(&emu, dir.path(), &["up", "-d"]);
    edit(dir.path(), "docker-compose.yml", "nginx:1.13", "nginx:1.15");
    // Container starts are held: the upgrade stays under way until they are released.
    emu.hold(Hold::Starts);
    let mut upgrade = start(&emu, dir.path(), &["up", "-d", "-u"]);
    upgrade.wait_until("web upgrading with its new containers held", |_| {
        service(&emu, "web")["state"] == "upgrading" && emu.held(Hold::Starts) > 0
    });
    // Confirm while the upgrade is under way: it waits for `upgraded`, then confirms.
    let mut confirm = start(&emu, dir.path(), &["up", "-d", "--confirm-upgrade", "web"]);
    confirm.wait_for_stderr("[web]: Waiting for the upgrade under way");
    assert_eq!(service(&emu, "web")["state"], "upgrading", "nothing goes on while held");
    emu.release(Hold::Starts);
    let confirm = confirm.finish();
    assert_eq!(confirm.code, 0, "{}", confirm.stderr);
    assert!(confirm.stderr.contains("[web]: Upgrade confirmed"), "{}", confirm.stderr);
    // The upgrade run may see `upgraded` or, if the confirm was quicker, only its end: either is
    // fine here.
    let _ = upgrade.finish();
    assert_eq!(service(&emu, "web")["launchConfig"]["imageUuid"], "docker:nginx:1.15");
    assert_eq!(service(&emu, "web")["state"], "active");

    // Cancel an upgrade under way, per service; then roll it back.
    edit(dir.path(), "docker-compose.yml", "nginx:1.15", "nginx:1.16");
    emu.hold(Hold::Starts);
    let mut upgrade = start(&emu, dir.path(), &["up", "-d", "-u"]);
    upgrade.wait_until("web upgrading with its new containers held", |_| {
        service(&emu, "web")["state"] == "upgrading" && emu.held(Hold::Starts) > 0
    });
    let cancel = rc_at(&emu, dir.path(), &["up", "-d", "--cancel-upgrade", "web"]);
    let upgrade = upgrade.finish();
    assert_eq!(cancel.code, 0, "{}", cancel.stderr);
    assert!(cancel.stderr.contains("[web]: Upgrade canceled"), "{}", cancel.stderr);
    assert!(cancel.stderr.contains("next: `up --rollback web`"), "{}", cancel.stderr);
    assert_ne!(upgrade.code, 0, "the interrupted upgrade run must not claim success: {}", upgrade.stderr);
    assert_eq!(service(&emu, "web")["state"], "canceled-upgrade");
    // The canceled upgrade's held start goes on, and changes nothing about the service.
    emu.release(Hold::Starts);
    settle(&emu);
    assert_eq!(service(&emu, "web")["state"], "canceled-upgrade");
    ok(&emu, dir.path(), &["up", "-d", "--rollback", "web"]);
    let web = service(&emu, "web");
    assert_eq!(
        (web["state"].as_str(), web["launchConfig"]["imageUuid"].as_str()),
        (Some("active"), Some("docker:nginx:1.15"))
    );
}

#[test]
fn confirm_with_nothing_pending_says_so() {
    let emu = emulator();
    let dir = fixture("nginx-redis");
    ok(&emu, dir.path(), &["up", "-d"]);
    emu.clear_request_log();
    let out = ok(&emu, dir.path(), &["up", "-d", "--confirm-upgrade"]);
    assert!(
        out.stderr.contains(
            "--confirm-upgrade: no service has an upgrade to confirm: redis (active), web (active)"
        ),
        "{}",
        out.stderr
    );
    assert!(emu.mutating_requests().is_empty());
    // A name that is neither in the files nor in the stack is refused, with the closest one,
    // as `stop` and `rm` refuse it (it said "no upgrade to confirm" and exited 0, so a
    // misspelt `--rollback wbe` in a script looked like a rollback with nothing to do).
    for op in ["--confirm-upgrade", "--rollback", "--cancel-upgrade"] {
        let out = rc_at(&emu, dir.path(), &["up", "-d", op, "wbe"]);
        assert_eq!(out.code, 1, "{op}: {}", out.stderr);
        assert!(
            out.stderr.contains(
                "no such service: `wbe` is not in the compose files or in stack `nginx-redis`; did you mean `web`?"
            ),
            "{op}: {}",
            out.stderr
        );
    }
    assert!(emu.mutating_requests().is_empty());
}

#[test]
fn unhealthy_upgrade_fails_within_the_timeout_and_is_rolled_back_when_asked() {
    let emu = emulator();
    let dir = fixture("nginx-redis");
    ok(&emu, dir.path(), &["up", "-d"]);
    let original = containers(&emu, &service(&emu, "web"));
    emu.set_faults(Faults { unhealthy_images: vec!["nginx:broken".into()], ..Faults::default() });
    edit(dir.path(), "docker-compose.yml", "nginx:1.13", "nginx:broken");

    let out = rc_at(&emu, dir.path(), &["up", "-d", "-u", "--wait-healthy", "--timeout", "2"]);
    assert_eq!(out.code, 4, "{}", out.stderr);
    assert!(
        out.stderr.contains("upgrade of `web` did not finish within 2 s (state `upgrading`"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("containers not ready: nginx-redis-web-"), "{}", out.stderr);
    assert_eq!(service(&emu, "web")["state"], "upgrading", "left as it is for inspection");
    ok(&emu, dir.path(), &["up", "-d", "--rollback"]);
    assert_eq!(containers(&emu, &service(&emu, "web")), original);

    let out = rc_at(
        &emu,
        dir.path(),
        &["up", "-d", "-u", "--wait-healthy", "--timeout", "2", "--rollback-on-failure", "--json"],
    );
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(out.stderr.contains("rolled back: web"), "{}", out.stderr);
    let last: Value = serde_json::from_str(out.stdout.lines().last().unwrap()).unwrap();
    assert_eq!(last["result"], "rolled-back");
    let web = service(&emu, "web");
    assert_eq!(
        (web["state"].as_str(), web["launchConfig"]["imageUuid"].as_str()),
        (Some("active"), Some("docker:nginx:1.13"))
    );
    assert_eq!(containers(&emu, &web), original, "the old version runs again");
}

#[test]
fn server_only_environment_is_reported_before_an_upgrade_drops_it() {
    let emu = emulator();
    let dir = fixture("nginx-redis");
    // Someone added FEATURE on the server (here: an upgrade from another copy of the files).
    edit(dir.path(), "docker-compose.yml", "    - LOG_LEVEL\n", "    - LOG_LEVEL\n    - FEATURE=on\n");
    ok(&emu, dir.path(), &["up", "-d"]);
    edit(dir.path(), "docker-compose.yml", "    - FEATURE=on\n", "");
    edit(dir.path(), "docker-compose.yml", "nginx:1.13", "nginx:1.14");
    let plan = ok(&emu, dir.path(), &["up", "-d", "-u", "--dry-run"]);
    assert!(
        plan.stdout
            .contains("environment variable `FEATURE` is set on the server only; the upgrade drops it"),
        "{}",
        plan.stdout
    );
    let out = ok(&emu, dir.path(), &["up", "-d", "-u", "--keep-server-env", "-c"]);
    assert!(out.stderr.contains("`FEATURE` is set on the server only; kept"), "{}", out.stderr);
    assert_eq!(service(&emu, "web")["launchConfig"]["environment"]["FEATURE"], "on");
}

#[test]
fn dry_run_plans_every_fixture_and_changes_nothing() {
    for (name, global) in crate::support::DEPLOYABLE {
        let emu = emulator();
        let dir = fixture(name);
        // The override fixture requires a password from the environment.
        let go = |args: &[&str]| {
            run(rc(dir.path())
                .env("RANCHER_URL", emu.base_url())
                .env("DB_PASSWORD", "secret")
                .args(global)
                .args(args))
        };
        if let Some(cert) = crate::support::certificate_of(name) {
            add_certificate(&emu, cert);
            emu.clear_request_log();
        }
        let out = go(&["up", "-d", "--dry-run", "--detailed-exitcode"]);
        assert_eq!(out.code, 2, "{name}: {}\n{}", out.stdout, out.stderr);
        assert!(out.stdout.contains("- create"), "{name}: {}", out.stdout);
        assert!(emu.mutating_requests().is_empty(), "{name}: {:?}", emu.mutating_requests());
        assert_eq!(go(&["up", "-d"]).code, 0, "{name}");
        let out = go(&["up", "-d", "-u", "--dry-run", "--detailed-exitcode", "--json"]);
        assert_eq!(out.code, 0, "{name}: {}\n{}", out.stdout, out.stderr);
        let plan: Value = serde_json::from_str(out.stdout.lines().last().unwrap())
            .unwrap_or_else(|e| panic!("{name}: {e}: {}", out.stdout));
        assert_eq!(plan["changes"], false, "{name}: {plan}");
    }
}

#[test]
fn a_stack_deployed_by_the_go_client_is_up_to_date() {
    let emu = emulator();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("legacy");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("docker-compose.yml"),
        "web:\n  image: nginx:1.13\n  ports: ['8080:80']\n  environment: {MODE: prod}\n  labels: {tier: front}\n",
    )
    .unwrap();
    std::fs::write(dir.join("rancher-compose.yml"), "web:\n  scale: 2\n").unwrap();
    // What rancher-compose 0.12 created: the transform's port format, its hash label and
    // metadata, an empty log config, and the sidekick-less labels.
    let service = with_api(emu.base_url(), async |client| {
        let stack = client.create("stack", &serde_json::json!({"name": "legacy"})).await.unwrap();
        let body = serde_json::json!({
            "name": "web", "stackId": stack["id"], "scale": 2,
            "metadata": {"io.rancher.service.hash": "d207e5a3c3c0a5b6d0d6e5c1b1f2a3b4c5d6e7f8"},
            "launchConfig": {
                "imageUuid": "docker:nginx:1.13", "ports": ["8080:80/tcp"], "environment": {"MODE": "prod"},
                "labels": {"tier": "front", "io.rancher.service.hash": "fc72b1c4d5e6f708192a3b4c5d6e7f8091a2b3c4"},
                "logConfig": {"config": {}, "driver": ""}, "networkMode": "managed", "privileged": false,
            },
        });
        client.create("service", &body).await.unwrap()
    });
    settle(&emu);
    with_api(emu.base_url(), async |client| {
        let service = client.reload(&service).await.unwrap();
        client.action(&service, "activate", None).await.unwrap();
    });
    emu.clear_request_log();
    let out = ok(&emu, &dir, &["up", "-d", "--upgrade"]);
    assert!(out.stderr.contains("stack `legacy` is up to date"), "{}", out.stderr);
    assert!(!out.stderr.contains("out of sync"), "{}", out.stderr);
    assert!(emu.mutating_requests().is_empty(), "{:?}", emu.mutating_requests());
}

#[test]
fn rolling_upgrade_to_a_new_service_moves_links_and_cleans_up() {
    let emu = emulator();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("rolling");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("docker-compose.yml"),
        "version: '2'\nservices:\n  web-v1:\n    image: nginx:1.13\n  web-v2:\n    image: nginx:1.14\n  \
         client:\n    image: busybox\n    links: [web-v1]\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("rancher-compose.yml"),
        "version: '2'\nservices:\n  web-v1:\n    scale: 3\n  web-v2:\n    scale: 5\n",
    )
    .unwrap();
    ok(&emu, &dir, &["up", "-d", "web-v1", "client"]);
    let v1 = service(&emu, "web-v1");

    let out = rc_at(&emu, &dir, &["upgrade", "web-v1", "nosuch"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("no such service: `nosuch`"), "{}", out.stderr);
    let out = rc_at(&emu, &dir, &["upgrade", "web-v2", "web-v1"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("service `web-v2` is not deployed"), "{}", out.stderr);

    emu.clear_request_log();
    let plan = ok(&emu, &dir, &["upgrade", "--dry-run", "--cleanup", "web-v1", "web-v2"]);
    assert!(plan.stdout.contains("Upgrading web-v1 to web-v2, scale=3 (2 at a time"), "{}", plan.stdout);
    assert!(plan.stdout.contains("web-v1.scale: 3 -> 0"), "{}", plan.stdout);
    assert!(emu.mutating_requests().is_empty());

    let out = ok(
        &emu,
        &dir,
        &["upgrade", "--cleanup", "--batch-size", "1", "--interval", "100", "web-v1", "web-v2"],
    );
    assert!(out.stderr.contains("Upgrading web-v1 to web-v2, scale=3"), "{}", out.stderr);
    let v2 = service(&emu, "web-v2");
    // The final scale is web-v1's (not rancher-compose.yml's 5), and web-v1 is gone.
    assert_eq!((v2["state"].as_str(), v2["scale"].as_i64()), (Some("active"), Some(3)));
    assert_eq!(containers(&emu, &v2).len(), 3);
    assert!(
        emu.resources("services").iter().filter(|s| s["id"] == v1["id"]).all(|s| s["state"] == "removed")
    );
    // --update-links (the default) moved client's link to web-v2.
    let client = service(&emu, "client");
    assert!(client["linkedServices"].as_object().unwrap().values().any(|id| *id == v2["id"]), "{client}");
}

#[test]
fn ctrl_c_stops_cleanly_and_a_rerun_finishes_the_job() {
    // Container starts are held, so each Ctrl-C lands while the run waits for the server.
    let emu = emulator();
    let dir = fixture("nginx-redis");
    emu.hold(Hold::Starts);

    // During the first deploy: once a service is being activated.
    let out = interrupt_when(&emu, dir.path(), &["up", "-d"], || emu.held(Hold::Starts) > 0);
    assert_eq!(out.code, 130, "{}", out.stderr);
    assert!(out.stderr.contains("to resume:"), "{}", out.stderr);
    emu.release(Hold::Starts);
    ok(&emu, dir.path(), &["up", "-d"]);
    assert!(emu.resources("services").iter().all(|s| s["state"] == "active"));
    assert_eq!(emu.resources("services").len(), 2, "no duplicate services");

    // During an upgrade: the server goes on; the re-run waits for it instead of failing.
    edit(dir.path(), "docker-compose.yml", "nginx:1.13", "nginx:1.14");
    let args = [
        "--access-key",
        "A",
        "--secret-key",
        "S3CRET",
        "up",
        "-d",
        "-u",
        "--batch-size",
        "1",
        "--interval",
        "2000",
    ];
    emu.hold(Hold::Starts);
    let out = interrupt_when(&emu, dir.path(), &args, || {
        service(&emu, "web")["state"] == "upgrading" && emu.held(Hold::Starts) > 0
    });
    assert_eq!(out.code, 130, "{}", out.stderr);
    assert!(!out.stderr.contains("S3CRET"), "the secret key leaked: {}", out.stderr);
    assert!(
        out.stderr.contains("to resume:") && out.stderr.contains("--secret-key '****'"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("to confirm:") && out.stderr.contains("--confirm-upgrade web"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("to roll back:") && out.stderr.contains("--rollback web"), "{}", out.stderr);
    assert_eq!(service(&emu, "web")["state"], "upgrading", "the server goes on");
    let mut again = start(&emu, dir.path(), &["up", "-d", "-u"]);
    again.wait_for_stderr("[web]: Waiting for the upgrade under way");
    emu.release(Hold::Starts);
    let again = again.finish();
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(service(&emu, "web")["state"], "upgraded");
    ok(&emu, dir.path(), &["up", "-d", "-c"]);
    let web = service(&emu, "web");
    assert_eq!(
        (web["state"].as_str(), web["launchConfig"]["imageUuid"].as_str()),
        (Some("active"), Some("docker:nginx:1.14"))
    );
    assert_eq!(containers(&emu, &web).len(), 2, "nothing lost");
}

#[test]
fn service_level_changes_wait_for_a_pending_upgrade_to_be_confirmed() {
    let emu = emulator();
    let dir = fixture("nginx-redis");
    ok(&emu, dir.path(), &["up", "-d"]);
    edit(dir.path(), "docker-compose.yml", "nginx:1.13", "nginx:1.14");
    ok(&emu, dir.path(), &["up", "-d", "-u"]);
    edit(dir.path(), "rancher-compose.yml", "  scale: 2\n", "  scale: 3\n");
    // Without a confirmation the update cannot run yet: said, and nothing changes.
    emu.clear_request_log();
    let out = ok(&emu, dir.path(), &["up", "-d"]);
    assert!(out.stderr.contains("can only be updated once its upgrade is confirmed"), "{}", out.stderr);
    assert!(emu.mutating_requests().is_empty(), "{:?}", emu.mutating_requests());
    // With it: confirm first, then update.
    emu.clear_request_log();
    ok(&emu, dir.path(), &["up", "-d", "-c"]);
    assert_eq!(actions(&emu), ["finishupgrade", "PUT"]);
    let web = service(&emu, "web");
    assert_eq!((web["state"].as_str(), web["scale"].as_i64()), (Some("active"), Some(3)));
}

#[test]
fn rollback_and_cancel_dry_runs_change_nothing() {
    let emu = emulator();
    let dir = fixture("nginx-redis");
    ok(&emu, dir.path(), &["up", "-d"]);
    edit(dir.path(), "docker-compose.yml", "nginx:1.13", "nginx:1.14");
    ok(&emu, dir.path(), &["up", "-d", "-u"]);
    emu.clear_request_log();
    let out = ok(&emu, dir.path(), &["up", "-d", "--rollback", "--dry-run"]);
    assert!(
        out.stdout.contains("  web (service, upgraded):\n    - roll back the upgrade\n"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("skipped, no upgrade to roll back: redis (active)"), "{}", out.stdout);
    assert!(emu.mutating_requests().is_empty(), "{:?}", emu.mutating_requests());
    assert_eq!(service(&emu, "web")["state"], "upgraded");
}

#[test]
fn updates_keep_metadata_set_elsewhere_and_balancers_follow_new_targets() {
    let emu = emulator();
    let dir = fixture("lb-v2");
    add_certificate(&emu, "example-com");
    ok(&emu, dir.path(), &["up", "-d"]);
    // Someone adds a metadata key on the server; a scale change must not wipe it.
    let web = service(&emu, "web");
    with_api(emu.base_url(), async |client| {
        client.update(&web, &serde_json::json!({"metadata": {"owner": "ops"}})).await.unwrap();
    });
    edit(dir.path(), "rancher-compose.yml", "  web:\n    scale: 2", "  web:\n    scale: 3");
    ok(&emu, dir.path(), &["up", "-d"]);
    let web = service(&emu, "web");
    assert_eq!((web["scale"].as_i64(), web["metadata"]["owner"].as_str()), (Some(3), Some("ops")), "{web}");
    assert!(web["metadata"]["io.rancher.service.hash"].is_string());

    // The balancer's first rule moves to a service this run creates.
    edit(dir.path(), "docker-compose.yml", "  api:\n", "  web2:\n    image: nginx:1.14\n  api:\n");
    edit(dir.path(), "rancher-compose.yml", "          service: web\n", "          service: web2\n");
    ok(&emu, dir.path(), &["up", "-d"]);
    let (lb, web2) = (service(&emu, "lb"), service(&emu, "web2"));
    assert_eq!(lb["lbConfig"]["portRules"][0]["serviceId"], web2["id"], "{lb}");
}
