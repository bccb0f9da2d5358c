//! The deploy commands against an in-process emulator (instant timing): what they print, their
//! exit codes, and the state they leave on the server.

use rancher_compose::emulator::{EmulatorConfig, EmulatorThread};
use serde_json::Value;

use crate::support::{Run, fixture, rc, run};

fn emulator() -> EmulatorThread {
    EmulatorThread::start(EmulatorConfig::for_tests()).unwrap()
}

fn rc_at(emu: &EmulatorThread, dir: &std::path::Path, args: &[&str]) -> Run {
    run(rc(dir).env("RANCHER_URL", emu.base_url()).args(args))
}

fn service<'a>(services: &'a [Value], name: &str) -> &'a Value {
    services.iter().find(|s| s["name"] == name).unwrap_or_else(|| panic!("no service {name}"))
}

#[test]
fn up_creates_links_and_activates_and_a_second_up_changes_nothing() {
    let emu = emulator();
    let dir = fixture("nginx-redis");
    let out = rc_at(&emu, dir.path(), &["up", "-d"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("Creating stack nginx-redis\n"), "{}", out.stderr);
    // 0.12's progress lines: [started/services] [service]: event
    assert!(out.stderr.contains("[0/2] [redis]: Creating\n"), "{}", out.stderr);
    assert!(out.stderr.contains("[2/2] [web]: Started\n"), "{}", out.stderr);
    let stacks = emu.resources("stacks");
    assert_eq!(stacks.len(), 1);
    assert_eq!(stacks[0]["name"], "nginx-redis");
    let services = emu.resources("services");
    let (web, redis) = (service(&services, "web"), service(&services, "redis"));
    assert_eq!((web["state"].as_str(), web["scale"].as_i64()), (Some("active"), Some(2)));
    assert_eq!(web["launchConfig"]["imageUuid"], "docker:nginx:1.13");
    assert_eq!(web["launchConfig"]["healthCheck"]["port"], 80);
    assert_eq!(redis["retainIp"], true);
    let maps = emu.resources("serviceConsumeMaps");
    assert_eq!(maps.len(), 1);
    assert_eq!(
        (maps[0]["serviceId"].as_str(), maps[0]["name"].as_str()),
        (web["id"].as_str(), Some("cache"))
    );
    assert_eq!(emu.resources("containers").len(), 3);

    emu.clear_request_log();
    let again = rc_at(&emu, dir.path(), &["up", "-d"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(emu.mutating_requests().is_empty(), "a second up changed things: {:?}", emu.mutating_requests());
}

#[test]
fn stop_start_scale_and_rm() {
    let emu = emulator();
    let dir = fixture("nginx-redis");
    assert_eq!(rc_at(&emu, dir.path(), &["up", "-d"]).code, 0);
    let out = rc_at(&emu, dir.path(), &["down"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(emu.resources("services").iter().all(|s| s["state"] == "inactive"));
    assert_eq!(rc_at(&emu, dir.path(), &["start", "web"]).code, 0);
    let services = emu.resources("services");
    assert_eq!(service(&services, "web")["state"], "active");
    assert_eq!(service(&services, "redis")["state"], "inactive");
    let out = rc_at(&emu, dir.path(), &["scale", "web=4"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(service(&emu.resources("services"), "web")["scale"], 4);

    // Refused without a terminal unless forced, and nothing is removed.
    let out = rc_at(&emu, dir.path(), &["rm"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("hint: add --force"), "{}", out.stderr);
    assert!(emu.resources("services").iter().all(|s| s["state"] != "removed"));
    let out = rc_at(&emu, dir.path(), &["rm", "-f"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let left = emu.resources("services");
    assert!(left.iter().all(|s| s["state"] == "removed"), "{left:?}");
}

#[test]
fn bad_arguments_fail_before_any_change() {
    let emu = emulator();
    let dir = fixture("sidekicks");
    for (args, message) in [
        (&["scale", "nosuch=2"][..], "no such service: `nosuch`"),
        (&["up", "-d", "app-logs"], "`app-logs` is a sidekick of `app`"),
        (&["up", "-d", "-u", "nosuch"], "no such service: `nosuch`"),
    ] {
        let out = rc_at(&emu, dir.path(), args);
        assert_eq!(out.code, 1, "{args:?}");
        assert!(out.stderr.contains(message), "{args:?}: {}", out.stderr);
    }
    let out = rc_at(&emu, dir.path(), &["scale", "app=2"]);
    assert!(out.stderr.contains("does not exist"), "{}", out.stderr);
    assert!(emu.mutating_requests().is_empty(), "{:?}", emu.mutating_requests());
}

#[test]
fn sidekicks_become_secondary_launch_configs() {
    let emu = emulator();
    let dir = fixture("sidekicks");
    let out = rc_at(&emu, dir.path(), &["up", "-d"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let services = emu.resources("services");
    assert_eq!(services.len(), 2, "sidekicks are not services of their own");
    let app = service(&services, "app");
    let names: Vec<&str> =
        app["secondaryLaunchConfigs"].as_array().unwrap().iter().filter_map(|c| c["name"].as_str()).collect();
    assert_eq!(names, ["app-config", "app-logs"]);
    assert_eq!(app["secondaryLaunchConfigs"][1]["networkMode"], "container");
    assert_eq!(app["secondaryLaunchConfigs"][1]["networkLaunchConfig"], "app");
    assert_eq!(app["launchConfig"]["dataVolumesFromLaunchConfigs"][0], "app-config");
    // Three units of three containers each.
    let containers = emu.resources("containers");
    assert_eq!(
        containers.iter().filter(|c| c["name"].as_str().unwrap_or("").starts_with("sidekicks-app-")).count(),
        9
    );
}

#[test]
fn external_services_and_missing_link_targets() {
    let emu = emulator();
    let dir = fixture("external");
    let out = rc_at(&emu, dir.path(), &["up", "-d"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("cannot find service `shared/cache`"), "{}", out.stderr);
    let services = emu.resources("services");
    let db = service(&services, "payments-db");
    assert_eq!(db["type"], "externalService");
    assert_eq!(db["externalIpAddresses"], serde_json::json!(["10.10.0.21", "10.10.0.22"]));
    assert_eq!(service(&services, "search")["hostname"], "search.internal.example.com");
    assert_eq!(service(&services, "app")["launchConfig"]["hostname"], "app-container");
}

#[test]
fn load_balancer_needs_its_certificate_before_anything_changes() {
    let emu = emulator();
    let dir = fixture("lb-v2");
    let out = rc_at(&emu, dir.path(), &["up", "-d"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("no certificate `example-com`"), "{}", out.stderr);
    assert!(emu.mutating_requests().is_empty(), "{:?}", emu.mutating_requests());
}

#[test]
fn server_problems_are_one_clear_error() {
    let dir = fixture("nginx-redis");
    let out = run(rc(dir.path()).args(["up", "-d"]));
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("RANCHER_URL is not set") && out.stderr.contains("--url local"),
        "{}",
        out.stderr
    );
    // Port 1 is privileged: no test can be listening there, so the connection is refused.
    let out = run(rc(dir.path()).args(["--url", "http://127.0.0.1:1", "ps"]));
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("hint: check that the Rancher server is running"), "{}", out.stderr);
    let keyed = EmulatorThread::start(EmulatorConfig {
        access_key: Some("A".into()),
        secret_key: Some("S3CRET".into()),
        ..EmulatorConfig::for_tests()
    })
    .unwrap();
    let out = run(rc(dir.path()).args([
        "--url",
        keyed.base_url(),
        "--access-key",
        "A",
        "--secret-key",
        "wrong",
        "ps",
    ]));
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("401") && out.stderr.contains("--access-key"), "{}", out.stderr);
    assert!(!out.stderr.contains("wrong"), "the secret key leaked: {}", out.stderr);
    let out = run(rc(dir.path()).args([
        "--url",
        keyed.base_url(),
        "--access-key",
        "A",
        "--secret-key",
        "S3CRET",
        "up",
        "-d",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn url_local_keeps_state_between_runs() {
    let dir = fixture("nginx-redis");
    let state = dir.path().join("state.json");
    let url = format!("local:{}", state.display());
    let out = run(rc(dir.path()).args(["--url", &url, "up", "-d"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(state.is_file());
    let out = run(rc(dir.path()).args(["--url", &url, "ps", "--format", "json"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let rows: Vec<Value> = serde_json::from_str(&out.stdout).unwrap();
    let mut names: Vec<&str> = rows.iter().filter_map(|r| r["name"].as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["redis", "web"]);
    assert!(rows.iter().all(|r| r["state"] == "active"), "{rows:?}");
    let out = run(rc(dir.path()).args(["--url", &url, "ps", "-q"]));
    assert_eq!(out.stdout.lines().count(), 2);

    // Upgrade, then confirm in a later run: the pending upgrade survives between processes.
    let compose = dir.path().join("docker-compose.yml");
    let text = std::fs::read_to_string(&compose).unwrap().replace("nginx:1.13", "nginx:1.14");
    std::fs::write(&compose, text).unwrap();
    let out = run(rc(dir.path()).args(["--url", &url, "up", "-d", "--upgrade", "--interval", "100"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let ps = |field: &str| {
        let out = run(rc(dir.path()).args(["--url", &url, "ps", "--format", "json"]));
        let rows: Vec<Value> = serde_json::from_str(&out.stdout).unwrap();
        rows.iter().find(|r| r["name"] == "web").map(|r| r[field].clone()).unwrap()
    };
    assert_eq!(ps("state"), "upgraded");
    let out = run(rc(dir.path()).args(["--url", &url, "up", "-d", "--confirm-upgrade"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("[web]: Upgrade confirmed"), "{}", out.stderr);
    assert_eq!(ps("state"), "active");
    assert_eq!(ps("image"), "nginx:1.14");
}

#[test]
fn jenkins_answers_reach_the_deployed_services_and_the_stack() {
    let emu = emulator();
    let dir = fixture("jenkins");
    let out = rc_at(&emu, dir.path(), &["--answers", "answers.txt", "up", "-d"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("passwords included, are stored"), "{}", out.stderr);
    assert!(!out.stderr.contains("s3cret pass"), "a password answer was printed: {}", out.stderr);
    let services = emu.resources("services");
    let primary = service(&services, "jenkins-primary");
    assert_eq!(primary["launchConfig"]["ports"][0], "8081:8080/tcp");
    assert_eq!(primary["launchConfig"]["imageUuid"], "docker:jenkins/jenkins:2.89.4");
    assert_eq!(primary["launchConfig"]["healthCheck"]["requestLine"], "GET /login HTTP/1.0");
    let plugins = &primary["secondaryLaunchConfigs"][0];
    assert_eq!(plugins["name"], "jenkins-plugins");
    assert_eq!(plugins["environment"]["PLUGINS"], "credentials\ngit\nworkflow-aggregator\ndocker-workflow");
    let stack = &emu.resources("stacks")[0];
    assert_eq!(stack["environment"]["PORT"], "8081");
    assert_eq!(stack["environment"]["JENKINS_VERSION"], "2.89.4");
}

#[test]
fn catalog_template_deploys_record_the_template() {
    let emu = emulator();
    let tmp = fixture("catalog-app");
    let dir = tmp.path().parent().unwrap();
    std::fs::write(dir.join("a.yml"), "NGINX_TAG: mainline\nDEBUG: true\nWORKERS: 1\nDB_PASSWORD: pw\n")
        .unwrap();
    let out = rc_at(
        &emu,
        dir,
        &["--catalog", "catalog-app", "--catalog-version", "1", "--answers", "a.yml", "up", "-d"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let stack = &emu.resources("stacks")[0];
    assert_eq!(stack["name"], "catalog-app");
    assert!(stack["externalId"].as_str().unwrap_or_default().starts_with("catalog://"), "{stack}");
    assert_eq!(stack["environment"]["NGINX_TAG"], "mainline");
}

#[test]
fn restart_and_pull() {
    let emu = emulator();
    let dir = fixture("sidekicks");
    assert_eq!(rc_at(&emu, dir.path(), &["up", "-d"]).code, 0);
    let before: Vec<i64> =
        emu.resources("containers").iter().filter_map(|c| c["startCount"].as_i64()).collect();
    emu.clear_request_log();
    let out = rc_at(&emu, dir.path(), &["restart", "--batch-size", "2", "--interval", "150", "app"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("[app]: Restarted"), "{}", out.stderr);
    let restart = emu.request_log().into_iter().find(|r| r.query.as_deref() == Some("action=restart"));
    assert!(restart.is_some(), "no restart action was sent");
    let after: Vec<i64> =
        emu.resources("containers").iter().filter_map(|c| c["startCount"].as_i64()).collect();
    assert!(after.iter().sum::<i64>() > before.iter().sum::<i64>(), "containers were not restarted");

    emu.clear_request_log();
    let out = rc_at(&emu, dir.path(), &["pull", "--cached"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let tasks = emu.resources("pullTasks");
    let mut images: Vec<&str> = tasks.iter().filter_map(|t| t["image"].as_str()).collect();
    // Every image once, primaries' and sidekicks', pulled side by side as 0.12 did.
    images.sort_unstable();
    assert_eq!(
        images,
        ["example/app-config:2.1", "example/app:2.1", "example/log-shipper:1.0", "postgres:9.6"]
    );
    assert!(tasks.iter().all(|t| t["mode"] == "cached"));
}

#[test]
fn intervals_below_the_server_minimum_are_usage_errors() {
    let dir = fixture("sidekicks");
    let out = run(rc(dir.path()).args(["restart", "--interval", "10"]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("below Rancher's minimum of 100 ms"), "{}", out.stderr);
}

#[test]
fn repeated_up_is_a_no_op_for_links_without_aliases_too() {
    let emu = emulator();
    for fixture_name in ["sidekicks", "extends", "external"] {
        let dir = fixture(fixture_name);
        assert_eq!(rc_at(&emu, dir.path(), &["up", "-d"]).code, 0, "{fixture_name}");
        emu.clear_request_log();
        let again = rc_at(&emu, dir.path(), &["up", "-d"]);
        assert_eq!(again.code, 0, "{fixture_name}: {}", again.stderr);
        assert!(!again.stderr.contains("out of sync"), "{fixture_name}: {}", again.stderr);
        assert!(emu.mutating_requests().is_empty(), "{fixture_name}: {:?}", emu.mutating_requests());
    }
}

#[test]
fn changed_services_are_reported_not_silently_kept() {
    let emu = emulator();
    let dir = fixture("nginx-redis");
    assert_eq!(rc_at(&emu, dir.path(), &["up", "-d"]).code, 0);
    let compose = dir.path().join("docker-compose.yml");
    let text = std::fs::read_to_string(&compose).unwrap().replace("nginx:1.13", "nginx:1.14");
    std::fs::write(&compose, text).unwrap();
    emu.clear_request_log();
    let out = rc_at(&emu, dir.path(), &["up", "-d"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("service `web`: out of sync with the compose files (imageUuid)"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("service `redis`: out of sync"), "{}", out.stderr);
    assert!(emu.mutating_requests().is_empty(), "{:?}", emu.mutating_requests());
}

/// A stack of `n` independent services, with every third one linking to the one before it.
fn wide_stack(n: usize) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("wide");
    std::fs::create_dir(&dir).unwrap();
    let mut compose = String::from("version: '2'\nservices:\n");
    for i in 0..n {
        compose.push_str(&format!("  s{i}:\n    image: nginx:1.13\n    environment: {{N: '{i}'}}\n"));
        if i % 3 == 2 {
            compose.push_str(&format!("    links: [s{}]\n", i - 1));
        }
    }
    std::fs::write(dir.join("docker-compose.yml"), compose).unwrap();
    tmp
}

#[test]
fn request_economy_of_first_and_repeated_up() {
    let emu = emulator();
    let tmp = wide_stack(100);
    let dir = tmp.path().join("wide");
    let out = rc_at(&emu, &dir, &["up", "-d"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let first = emu.request_log().len();
    // Per service: create, activate, and a link or a poll; plus a constant for discovery.
    assert!(first <= 3 * 100 + 20, "a first up of 100 services made {first} requests");
    eprintln!("first up: {first} requests");
    emu.clear_request_log();
    let out = rc_at(&emu, &dir, &["up", "-d"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let log = emu.request_log();
    assert!(log.iter().all(|r| !r.is_mutating()), "{log:?}");
    eprintln!("no-op up: {} requests", log.len());
    assert!(log.len() <= 10, "a no-op up of 100 services made {} requests: {log:?}", log.len());
}

#[test]
fn up_survives_server_errors_and_dropped_connections_without_duplicates() {
    let tmp = wide_stack(30);
    let dir = tmp.path().join("wide");
    // The runs mostly wait out retry delays, so they go five at a time.
    let failures: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..5u64)
            .map(|lane| {
                let dir = &dir;
                scope.spawn(move || (1..=4).filter_map(|i| faulty_run(dir, lane * 4 + i)).collect::<Vec<_>>())
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    assert!(failures.is_empty(), "{} of 20 runs went wrong:\n{}", failures.len(), failures.join("\n"));
}

/// One `up` against an emulator answering 10% of requests with 503 and dropping 5% of the
/// connections after doing the work; `None` when it ends in the right state.
fn faulty_run(dir: &std::path::Path, seed: u64) -> Option<String> {
    {
        let emu = emulator();
        emu.set_faults(rancher_compose::emulator::Faults {
            error_rate: 0.10,
            drop_rate: 0.05,
            seed,
            ..Default::default()
        });
        let out = rc_at(&emu, dir, &["up", "-d"]);
        emu.set_faults(rancher_compose::emulator::Faults::default());
        let services: Vec<Value> =
            emu.resources("services").into_iter().filter(|s| s["state"] != "removed").collect();
        let mut names: Vec<&str> = services.iter().filter_map(|s| s["name"].as_str()).collect();
        names.sort_unstable();
        names.dedup();
        let linked =
            services.iter().filter(|s| s["linkedServices"].as_object().is_some_and(|l| !l.is_empty()));
        let ok = out.code == 0
            && services.len() == 30
            && names.len() == 30
            && services.iter().all(|s| s["state"] == "active")
            && linked.count() == 10;
        if !ok {
            return Some(format!(
                "seed {seed}: exit {}, {} services: {}",
                out.code,
                services.len(),
                out.stderr
            ));
        }
        // Removing under the same faults: a retried delete that already went through is fine.
        emu.set_faults(rancher_compose::emulator::Faults {
            error_rate: 0.10,
            drop_rate: 0.05,
            seed,
            ..Default::default()
        });
        let rm = rc_at(&emu, dir, &["rm", "-f"]);
        emu.set_faults(rancher_compose::emulator::Faults::default());
        let left = emu.resources("services").into_iter().filter(|s| s["state"] != "removed").count();
        (rm.code != 0 || left != 0)
            .then(|| format!("seed {seed}: rm exit {}, {left} left: {}", rm.code, rm.stderr))
    }
}

#[test]
fn the_rancher_cli_config_file_supplies_what_flags_leave_unset() {
    let keyed = EmulatorThread::start(EmulatorConfig {
        access_key: Some("A".into()),
        secret_key: Some("S3CRET".into()),
        ..EmulatorConfig::for_tests()
    })
    .unwrap();
    let dir = fixture("nginx-redis");
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir(home.path().join(".rancher")).unwrap();
    let config = serde_json::json!({
        "url": format!("{}/v2-beta/schemas", keyed.base_url()), "accessKey": "A", "secretKey": "S3CRET", "environment": "1a5"
    });
    std::fs::write(home.path().join(".rancher/cli.json"), config.to_string()).unwrap();
    let out = run(rc(dir.path()).env("HOME", home.path()).args(["--verbose", "up", "-d"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    // --verbose shows each request, and never the secret.
    assert!(
        out.stderr.contains("debug: GET ") && out.stderr.contains("/v2-beta/projects/1a5"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("-> 201 ("), "{}", out.stderr);
    assert!(!out.stderr.contains("S3CRET"), "the secret key leaked: {}", out.stderr);
    // A flag beats the file.
    let out = run(rc(dir.path()).env("HOME", home.path()).args(["--secret-key", "wrong", "ps"]));
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("401"), "{}", out.stderr);
    // A broken file is named.
    std::fs::write(home.path().join(".rancher/cli.json"), "{\"url\": ").unwrap();
    let out = run(rc(dir.path()).env("HOME", home.path()).arg("ps"));
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains(".rancher/cli.json:1:"), "{}", out.stderr);
}

#[test]
fn a_bad_ca_file_is_a_clear_error() {
    let emu = emulator();
    let dir = fixture("nginx-redis");
    let out = rc_at(&emu, dir.path(), &["--ca-file", "nosuch.pem", "ps"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("cannot read the CA file nosuch.pem"), "{}", out.stderr);
    std::fs::write(dir.path().join("empty.pem"), "not a certificate\n").unwrap();
    let out = rc_at(&emu, dir.path(), &["--ca-file", "empty.pem", "ps"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("empty.pem: no PEM certificate"), "{}", out.stderr);
}

#[test]
fn a_terminal_gets_one_live_line_per_service() {
    let emu = emulator();
    let dir = fixture("nginx-redis");
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_rancher-compose"));
    cmd.current_dir(dir.path()).env_clear().env("TERM", "xterm").env("RANCHER_URL", emu.base_url());
    cmd.args(["up", "-d"]);
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).unwrap();
    let shown = p.exp_eof().unwrap();
    // Each service's line ends on its last step; no 0.12-style counter lines on a terminal.
    assert!(shown.contains("redis") && shown.contains("web"), "{shown}");
    assert!(shown.contains("Started"), "{shown}");
    assert!(!shown.contains("[0/2]"), "{shown}");
    assert!(emu.resources("services").iter().all(|s| s["state"] == "active"));
}

#[test]
fn legacy_load_balancers_become_v2_balancers() {
    let emu = emulator();
    let dir = fixture("lb-legacy");
    // The certificate the balancer names must exist first.
    let out = rc_at(&emu, dir.path(), &["up", "-d"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("no certificate `cert1`"), "{}", out.stderr);
    assert!(emu.mutating_requests().is_empty());
    crate::upgrade::add_certificate(&emu, "cert1");
    let out = rc_at(&emu, dir.path(), &["up", "-d"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let services = emu.resources("services");
    let (lb, web, db) = (service(&services, "lb"), service(&services, "web"), service(&services, "db"));
    assert_eq!(lb["type"], "loadBalancerService");
    assert_eq!(lb["state"], "active");
    assert_eq!(lb["launchConfig"]["imageUuid"], "docker:rancher/lb-service-haproxy:v0.7.9");
    // 0.12 sends the source ports alone; a balancer stores them published as themselves.
    assert_eq!(lb["launchConfig"]["ports"], serde_json::json!(["8080:8080/tcp", "9090:9090/tcp"]));
    assert!(lb["launchConfig"].get("expose").is_none_or(Value::is_null));
    let rules = lb["lbConfig"]["portRules"].as_array().unwrap();
    assert_eq!(rules.len(), 6, "{rules:?}");
    assert_eq!(
        (rules[0]["sourcePort"].as_i64(), rules[0]["targetPort"].as_i64(), rules[0]["hostname"].as_str()),
        (Some(8080), Some(81), Some("foo.com"))
    );
    assert_eq!(
        (rules[0]["protocol"].as_str(), rules[0]["serviceId"].as_str()),
        (Some("https"), web["id"].as_str())
    );
    assert_eq!(rules[1]["serviceId"], db["id"]);
    assert_eq!(
        lb["lbConfig"]["config"],
        "global\n    maxconn 4096\ndefaults\n    timeout client 30s\nfrontend 9090\n    accept-proxy"
    );
    assert_eq!(lb["lbConfig"]["stickinessPolicy"]["cookie"], "c");
    // Unlike a v2 balancer, a legacy one keeps its links.
    assert_eq!(lb["linkedServices"].as_object().map(serde_json::Map::len), Some(2), "{lb}");
    emu.clear_request_log();
    let again = rc_at(&emu, dir.path(), &["up", "-d", "-u"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(emu.mutating_requests().is_empty(), "{:?}", emu.mutating_requests());
}

#[test]
fn named_volumes_become_stack_volume_templates_and_external_ones_must_exist() {
    let emu = emulator();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vols");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("docker-compose.yml"),
        "version: '2'\nservices:\n  db:\n    image: postgres\n    volumes: ['data:/var/lib/postgresql', 'shared:/shared']\n\
         volumes:\n  data:\n    driver: rancher-nfs\n    driver_opts: {size: '10'}\n  shared:\n    external: true\n",
    )
    .unwrap();
    let out = rc_at(&emu, &dir, &["up", "-d"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("volume `shared` is declared external but does not exist"), "{}", out.stderr);
    assert!(emu.mutating_requests().is_empty(), "{:?}", emu.mutating_requests());

    let volume = serde_json::json!({"name": "shared", "driver": "local"});
    crate::support::with_api(emu.base_url(), async |client| client.create("volume", &volume).await.unwrap());
    let out = rc_at(&emu, &dir, &["up", "-d"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("Creating volume template data"), "{}", out.stderr);
    let templates = emu.resources("volumeTemplates");
    assert_eq!(templates.len(), 1, "{templates:?}");
    let stack = &emu.resources("stacks")[0];
    assert_eq!(
        (templates[0]["name"].as_str(), templates[0]["driver"].as_str()),
        (Some("data"), Some("rancher-nfs"))
    );
    assert_eq!(templates[0]["stackId"], stack["id"]);
    assert_eq!(templates[0]["driverOpts"]["size"], "10");
    emu.clear_request_log();
    let again = rc_at(&emu, &dir, &["up", "-d"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(emu.mutating_requests().is_empty(), "{:?}", emu.mutating_requests());
}

#[test]
fn every_command_on_every_fixture() {
    let fixtures: [(&str, &[&str], Option<&str>); 8] = [
        ("nginx-redis", &[], None),
        ("sidekicks", &[], None),
        ("lb-v2", &[], Some("example-com")),
        ("lb-legacy", &[], Some("cert1")),
        ("external", &[], None),
        ("extends", &[], None),
        ("override", &["-f", "docker-compose.yml", "-f", "docker-compose.prod.yml"], None),
        ("jenkins", &["--answers", "answers.txt"], None),
    ];
    for (name, global, cert) in fixtures {
        let emu = emulator();
        if let Some(cert) = cert {
            crate::upgrade::add_certificate(&emu, cert);
        }
        let dir = fixture(name);
        let go = |args: &[&str]| {
            let out = run(rc(dir.path())
                .env("RANCHER_URL", emu.base_url())
                .env("DB_PASSWORD", "secret")
                .args(global)
                .args(args));
            assert_eq!(out.code, 0, "{name} {args:?}: {}", out.stderr);
            out
        };
        let live = || -> Vec<Value> {
            emu.resources("services").into_iter().filter(|s| s["state"] != "removed").collect()
        };
        go(&["create"]);
        assert!(live().iter().all(|s| s["state"] == "inactive"), "{name}: create leaves services inactive");
        go(&["up", "-d"]);
        assert!(live().iter().all(|s| s["state"] == "active"), "{name}: up activates");
        let ps = go(&["ps", "-q"]);
        assert_eq!(ps.stdout.lines().count(), live().len(), "{name}: ps lists every service");
        go(&["stop"]);
        assert!(live().iter().all(|s| s["state"] == "inactive"), "{name}: stop");
        go(&["start"]);
        assert!(live().iter().all(|s| s["state"] == "active"), "{name}: start");
        go(&["restart"]);
        // By name, not by id: services are created concurrently, and scaling one that publishes
        // a host port needs a free host (override's worker would need a sixth).
        let first = live()
            .into_iter()
            .filter(|s| s["type"] == "service")
            .map(|s| s["name"].as_str().unwrap().to_owned())
            .min();
        if let Some(first) = first {
            go(&["scale", &format!("{first}=2")]);
            assert_eq!(
                live().iter().find(|s| s["name"] == first.as_str()).unwrap()["scale"],
                2,
                "{name}: scale"
            );
        }
        go(&["pull"]);
        go(&["logs"]);
        go(&["up", "-d", "-u", "--dry-run"]);
        go(&["rm", "-f"]);
        assert!(live().is_empty(), "{name}: rm removes everything: {:?}", live());
    }
}

#[test]
fn a_build_without_an_image_is_refused_before_any_change() {
    let emu = emulator();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("build");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("docker-compose.yml"),
        "version: '2'\nservices:\n  db:\n    image: redis\n  app:\n    build: .\n",
    )
    .unwrap();
    let out = rc_at(&emu, &dir, &["up", "-d"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("service `app` builds from a local folder and has no `image:`"),
        "{}",
        out.stderr
    );
    assert!(emu.mutating_requests().is_empty(), "{:?}", emu.mutating_requests());
}

#[test]
fn a_balancer_whose_target_is_not_deployed_is_refused_before_any_change() {
    let emu = emulator();
    let dir = fixture("lb-v2");
    crate::upgrade::add_certificate(&emu, "example-com");
    emu.clear_request_log();
    let out = rc_at(&emu, dir.path(), &["up", "-d", "lb"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("load balancer `lb` sends traffic to `web`, which is not deployed"),
        "{}",
        out.stderr
    );
    assert!(emu.mutating_requests().is_empty(), "{:?}", emu.mutating_requests());
}

#[test]
fn a_run_that_fails_after_changing_the_server_exits_5() {
    let emu = emulator();
    emu.set_faults(rancher_compose::emulator::Faults {
        fail_images: vec!["docker:broken*".into()],
        ..Default::default()
    });
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("partial");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("docker-compose.yml"),
        "version: '2'\nservices:\n  good:\n    image: nginx\n  bad:\n    image: broken:1\n",
    )
    .unwrap();
    let out = rc_at(&emu, &dir, &["up", "-d", "--timeout", "5"]);
    assert_eq!(out.code, 5, "{}", out.stderr);
    assert!(out.stderr.contains("partly applied"), "{}", out.stderr);
    assert!(!emu.resources("services").is_empty(), "the changes stay");
}

#[test]
fn up_json_needs_detach() {
    let emu = emulator();
    let dir = fixture("nginx-redis");
    let out = rc_at(&emu, dir.path(), &["up", "--json"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("`up --json` needs -d"), "{}", out.stderr);
}
