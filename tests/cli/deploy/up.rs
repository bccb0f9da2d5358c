//! `up` (and `create`) against the emulator: what a deploy creates, what a second run leaves
//! alone, and how it looks on a terminal.

use serde_json::Value;

use crate::support::{add_certificate, emulator, fixture, named, rc_at, with_api};

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
    let (web, redis) = (named(&services, "web"), named(&services, "redis"));
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
fn sidekicks_become_secondary_launch_configs() {
    let emu = emulator();
    let dir = fixture("sidekicks");
    let out = rc_at(&emu, dir.path(), &["up", "-d"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let services = emu.resources("services");
    assert_eq!(services.len(), 2, "sidekicks are not services of their own");
    let app = named(&services, "app");
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
    let db = named(&services, "payments-db");
    assert_eq!(db["type"], "externalService");
    assert_eq!(db["externalIpAddresses"], serde_json::json!(["10.10.0.21", "10.10.0.22"]));
    assert_eq!(named(&services, "search")["hostname"], "search.internal.example.com");
    assert_eq!(named(&services, "app")["launchConfig"]["hostname"], "app-container");
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
    let primary = named(&services, "jenkins-primary");
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

#[test]
fn legacy_load_balancers_become_v2_balancers() {
    let emu = emulator();
    let dir = fixture("lb-legacy");
    // The certificate the balancer names must exist first.
    let out = rc_at(&emu, dir.path(), &["up", "-d"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("no certificate `cert1`"), "{}", out.stderr);
    assert!(emu.mutating_requests().is_empty());
    add_certificate(&emu, "cert1");
    let out = rc_at(&emu, dir.path(), &["up", "-d"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let services = emu.resources("services");
    let (lb, web, db) = (named(&services, "lb"), named(&services, "web"), named(&services, "db"));
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
    with_api(emu.base_url(), async |client| client.create("volume", &volume).await.unwrap());
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

/// A stack of `n` independent services, with every third one linking to the one before it.
pub(super) fn wide_stack(n: usize) -> tempfile::TempDir {
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
