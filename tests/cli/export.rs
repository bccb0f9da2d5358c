//! `export`: a running stack's docker-compose.yml and rancher-compose.yml from the server's
//! `exportconfig`, written to a folder (never over existing files without `--force`) or to
//! stdout. For every fixture, the exported files deploy to the same stack: `up` from them
//! plans nothing, with or without `--upgrade`.

use std::path::Path;

use rancher_compose::emulator::EmulatorThread;
use serde_json::Value;

use crate::support::{DEPLOYABLE, Run, add_certificate, certificate_of, emulator, fixture, rc, run};

/// The tool against `emu`, with the password the fixtures ask for.
fn rc_with_password(emu: &EmulatorThread, dir: &Path, args: &[&str]) -> Run {
    run(rc(dir).env("RANCHER_URL", emu.base_url()).env("DB_PASSWORD", "secret").args(args))
}

fn ok_with_password(emu: &EmulatorThread, dir: &Path, args: &[&str]) -> Run {
    let out = rc_with_password(emu, dir, args);
    assert_eq!(out.code, 0, "{args:?}: {}\n{}", out.stdout, out.stderr);
    out
}

fn planned_steps(out: &Run) -> Vec<Value> {
    let line = out.stdout.lines().last().unwrap_or_default();
    let plan: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {}", out.stdout));
    plan["steps"].as_array().cloned().unwrap_or_else(|| panic!("no steps: {plan}"))
}

#[test]
fn exported_files_deploy_to_the_same_stack_for_every_fixture() {
    for (name, global) in DEPLOYABLE {
        let emu = emulator();
        let dir = fixture(name);
        if let Some(cert) = certificate_of(name) {
            add_certificate(&emu, cert);
        }
        ok_with_password(&emu, dir.path(), &[global, &["up", "-d"]].concat());
        emu.clear_request_log();

        let out = tempfile::tempdir().unwrap();
        let target = out.path().join("exported");
        let target_arg = target.to_str().unwrap();
        let written = ok_with_password(&emu, dir.path(), &["-p", name, "export", "-o", target_arg]);
        assert!(written.stderr.contains("docker-compose.yml"), "{name}: {}", written.stderr);
        for file in ["docker-compose.yml", "rancher-compose.yml"] {
            assert!(target.join(file).is_file(), "{name}: no {file}");
        }
        // From the exported folder alone: no variables, no answers, no certificates to name.
        for extra in [&[][..], &["--upgrade"]] {
            let plan = ok_with_password(
                &emu,
                &target,
                &[&["-p", name, "up", "-d", "--dry-run", "--json"], extra].concat(),
            );
            let steps = planned_steps(&plan);
            let files = std::fs::read_to_string(target.join("docker-compose.yml")).unwrap()
                + &std::fs::read_to_string(target.join("rancher-compose.yml")).unwrap();
            assert!(steps.is_empty(), "{name} {extra:?}: planned {steps:?}\n{files}");
        }
        assert!(emu.mutating_requests().is_empty(), "{name}: {:?}", emu.mutating_requests());
    }
}

#[test]
fn export_never_writes_over_files_without_force() {
    let emu = emulator();
    let dir = fixture("nginx-redis");
    ok_with_password(&emu, dir.path(), &["up", "-d"]);
    let before = std::fs::read_to_string(dir.path().join("docker-compose.yml")).unwrap();

    let refused = rc_with_password(&emu, dir.path(), &["export"]);
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert!(refused.stderr.contains("already exists; nothing was written"), "{}", refused.stderr);
    assert!(refused.stderr.contains("--force"), "{}", refused.stderr);
    assert_eq!(std::fs::read_to_string(dir.path().join("docker-compose.yml")).unwrap(), before);

    ok_with_password(&emu, dir.path(), &["export", "--force"]);
    let exported = std::fs::read_to_string(dir.path().join("docker-compose.yml")).unwrap();
    assert!(exported.starts_with("version: '2'\nservices:\n"), "{exported}");
    assert!(exported.contains("image: nginx:1.13"), "{exported}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("rancher-compose.yml")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the files hold the server's secrets");
    }
}

#[test]
fn export_to_stdout_prints_both_files_and_writes_nothing() {
    let emu = emulator();
    let dir = fixture("override");
    ok_with_password(&emu, dir.path(), &["up", "-d"]);
    let empty = tempfile::tempdir().unwrap();
    let out = ok_with_password(&emu, empty.path(), &["-p", "override", "export", "--stdout"]);
    let (compose, rancher) = out.stdout.split_once("---\n").expect("a separator");
    assert!(compose.starts_with("# docker-compose.yml\nversion: '2'\n"), "{compose}");
    assert!(rancher.starts_with("# rancher-compose.yml\nversion: '2'\n"), "{rancher}");
    // The password is written as the server holds it.
    assert!(compose.contains("POSTGRES_PASSWORD: secret"), "{compose}");
    assert!(rancher.contains("scale: 1"), "{rancher}");
    assert_eq!(std::fs::read_dir(empty.path()).unwrap().count(), 0);
}

#[test]
fn export_of_a_stack_that_does_not_exist_says_how_to_name_one() {
    let emu = emulator();
    let empty = tempfile::tempdir().unwrap();
    let out = rc_with_password(&emu, empty.path(), &["-p", "nothing-here", "export"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("no stack `nothing-here`"), "{}", out.stderr);
    assert!(out.stderr.contains("-p NAME"), "{}", out.stderr);
    assert_eq!(std::fs::read_dir(empty.path()).unwrap().count(), 0);
    assert!(emu.mutating_requests().is_empty(), "{:?}", emu.mutating_requests());
}

/// A stack as the Rancher UI makes it: no rancher-compose bookkeeping (no hash labels, no
/// `logConfig`, no `networkMode`), links by alias into another stack, a selector link, a
/// sidekick, a balancer, a volume template, and a value with a `$` in it.
#[test]
fn a_stack_made_in_the_ui_exports_to_files_that_deploy_to_it() {
    use serde_json::json;
    let emu = emulator();
    crate::support::with_api(emu.base_url(), async |client| {
        let create = async |kind: &str, body: Value| client.create(kind, &body).await.unwrap();
        let shared = create("stack", json!({"name": "shared"})).await;
        let cache = create(
            "service",
            json!({"name": "cache", "stackId": shared["id"],
            "launchConfig": {"imageUuid": "docker:redis:4"}}),
        )
        .await;
        let shop = create("stack", json!({"name": "shop"})).await;
        create("volumeTemplate", json!({"name": "data", "driver": "local", "stackId": shop["id"]})).await;
        let db = create(
            "service",
            json!({"name": "db", "stackId": shop["id"], "launchConfig": {
            "imageUuid": "docker:postgres:9.6", "environment": {"POSTGRES_PASSWORD": "pa$word"},
            "dataVolumes": ["data:/var/lib/postgresql/data"]}}),
        )
        .await;
        let web = create("service", json!({"name": "web", "stackId": shop["id"], "scale": 2,
            "metadata": {"team": "shop"},
            "launchConfig": {"imageUuid": "docker:nginx:1.13", "ports": ["8080:80"], "labels": {"tier": "web", "io.rancher.sidekicks": "web-logs"},
                "healthCheck": {"port": 80, "interval": 2000, "responseTimeout": 2000,
                                "healthyThreshold": 2, "unhealthyThreshold": 3}},
            "secondaryLaunchConfigs": [{"name": "web-logs", "imageUuid": "docker:busybox", "command": ["tail", "-f"]}]}))
        .await;
        create(
            "service",
            json!({"name": "watcher", "stackId": shop["id"], "selectorLink": "tier=web",
            "launchConfig": {"imageUuid": "docker:alpine",
                             "labels": {"io.rancher.service.selector.link": "tier=web"}}}),
        )
        .await;
        create("loadBalancerService", json!({"name": "lb", "stackId": shop["id"],
            "launchConfig": {"imageUuid": "docker:rancher/lb-service-haproxy:v0.7.9", "ports": ["80:80"]},
            "lbConfig": {"portRules": [{"sourcePort": 80, "targetPort": 80, "protocol": "http", "serviceId": web["id"]}]}}))
        .await;
        let links = json!({"serviceLinks": [{"name": "database", "serviceId": db["id"]},
                                            {"name": "cache", "serviceId": cache["id"]}]});
        client.action(&web, "setservicelinks", Some(&links)).await.unwrap();
        let shop = client.reload(&shop).await.unwrap();
        client.action(&shop, "activateservices", None).await.unwrap();
    });
    let out = tempfile::tempdir().unwrap();
    ok_with_password(&emu, out.path(), &["-p", "shop", "export"]);
    let compose = std::fs::read_to_string(out.path().join("docker-compose.yml")).unwrap();
    for expected in [
        "POSTGRES_PASSWORD: pa$$word",
        "io.rancher.sidekicks: web-logs",
        "io.rancher.service.selector.link: tier=web",
        "- db:database",
        "external_links:\n    - shared/cache:cache",
        "volumes:\n  data:\n    driver: local",
    ] {
        assert!(compose.contains(expected), "no `{expected}` in\n{compose}");
    }
    emu.clear_request_log();
    for extra in [&[][..], &["--upgrade"]] {
        let plan = ok_with_password(
            &emu,
            out.path(),
            &[&["-p", "shop", "up", "-d", "--dry-run", "--json"], extra].concat(),
        );
        assert!(planned_steps(&plan).is_empty(), "{extra:?}: {}\n{compose}", plan.stdout);
    }
    assert!(emu.mutating_requests().is_empty(), "{:?}", emu.mutating_requests());
}
