//! `ps`, `logs`, `start`, `stop`, `restart`, `scale` and `rm` need only the stack: no compose
//! file, no answers, no variables; names the server knows are accepted; typos get the closest
//! name. Each test checks the output, the exit code and the emulator's state.

use std::path::Path;

use rancher_compose::emulator::EmulatorThread;
use serde_json::Value;

use crate::support::{emulator, fixture, ok, rc, rc_at, run, service};

fn states(emu: &EmulatorThread) -> Vec<(String, String)> {
    let mut states: Vec<(String, String)> = emu
        .resources("services")
        .into_iter()
        .map(|s| (s["name"].as_str().unwrap().to_owned(), s["state"].as_str().unwrap().to_owned()))
        .collect();
    states.sort();
    states
}

/// The services acted on, in request order: `(action, service name)`.
fn actions(emu: &EmulatorThread) -> Vec<(String, String)> {
    let services = emu.resources("services");
    emu.mutating_requests()
        .iter()
        .filter_map(|r| {
            let action = r.query.as_deref()?.strip_prefix("action=")?.to_owned();
            let id = r.path.trim_end_matches('/').rsplit('/').next()?;
            let name = services.iter().find(|s| s["id"] == id)?["name"].as_str()?.to_owned();
            Some((action, name))
        })
        .collect()
}

fn ps_json(emu: &EmulatorThread, dir: &Path, global: &[&str]) -> Vec<Value> {
    let out = ok(emu, dir, &[global, &["ps", "--format", "json"]].concat());
    serde_json::from_str(&out.stdout).unwrap()
}

#[test]
fn every_stack_command_works_with_just_the_stack_name() {
    let emu = emulator();
    let dir = fixture("nginx-redis");
    ok(&emu, dir.path(), &["up", "-d"]);
    let empty = tempfile::tempdir().unwrap();
    let here = empty.path();
    let p = ["-p", "nginx-redis"];

    let rows = ps_json(&emu, here, &p);
    let names: Vec<&str> = rows.iter().filter_map(|r| r["name"].as_str()).collect();
    assert_eq!(names, ["redis", "web"]);

    // COMPOSE_PROJECT_NAME names the stack too.
    let out = run(rc(here)
        .env("RANCHER_URL", emu.base_url())
        .env("COMPOSE_PROJECT_NAME", "nginx-redis")
        .arg("stop"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("warning"), "no compose file is no warning: {}", out.stderr);
    assert!(out.stderr.contains("[2/2] "), "{}", out.stderr);
    assert_eq!(states(&emu), [("redis".into(), "inactive".into()), ("web".into(), "inactive".into())]);

    ok(&emu, here, &[&p[..], &["start"]].concat());
    assert_eq!(states(&emu), [("redis".into(), "active".into()), ("web".into(), "active".into())]);

    let out = ok(&emu, here, &[&p[..], &["scale", "web=3"]].concat());
    assert!(out.stderr.contains("[1/1] [web]: Scaled"), "{}", out.stderr);
    assert_eq!(service(&emu, "web")["scale"], 3);

    emu.clear_request_log();
    ok(&emu, here, &[&p[..], &["restart", "redis"]].concat());
    assert_eq!(actions(&emu), [("restart".to_owned(), "redis".to_owned())]);

    let out = ok(&emu, here, &[&p[..], &["logs", "--lines", "1", "redis"]].concat());
    assert!(out.stdout.contains("nginx-redis-redis-1 |"), "{}", out.stdout);

    // The folder's name, as 0.12 computes it, when there is no -p.
    let named = tempfile::tempdir().unwrap();
    let folder = named.path().join("Nginx_Redis");
    std::fs::create_dir(&folder).unwrap();
    let out = ok(&emu, &folder, &["ps", "-q"]);
    assert_eq!(out.stdout.lines().count(), 2, "{}", out.stdout);

    ok(&emu, here, &[&p[..], &["rm", "--force"]].concat());
    assert!(emu.resources("services").iter().all(|s| s["state"] == "removed"), "{:?}", states(&emu));
}

/// A stack deployed from files with a required variable and catalog questions; later commands
/// run without the variable or the answers.
fn write_catalog_stack(dir: &Path) {
    std::fs::write(
        dir.join("docker-compose.yml"),
        "version: '2'\nservices:\n  web:\n    image: nginx:${TAG:?set TAG}\n    links: [db]\n  \
         db:\n    image: postgres:${DB_VERSION}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("rancher-compose.yml"),
        "version: '2'\ncatalog:\n  name: shop\n  version: '1'\n  questions:\n    - variable: TAG\n      \
         label: Tag\n      required: true\n      type: string\n    - variable: DB_VERSION\n      \
         label: Postgres\n      required: true\n      type: string\nservices:\n  web:\n    scale: 2\n",
    )
    .unwrap();
    std::fs::write(dir.join("answers.txt"), "TAG=1.13\nDB_VERSION=9.6\n").unwrap();
}

#[test]
fn required_variables_and_unanswered_questions_do_not_stop_stack_commands() {
    let emu = emulator();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("shop");
    std::fs::create_dir(&dir).unwrap();
    write_catalog_stack(&dir);
    ok(&emu, &dir, &["--answers", "answers.txt", "up", "-d"]);
    assert_eq!(service(&emu, "web")["launchConfig"]["imageUuid"], "docker:nginx:1.13");

    // Deploying still needs the answers.
    let out = rc_at(&emu, &dir, &["up", "-d"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("without an answer"), "{}", out.stderr);

    let out = ok(&emu, &dir, &["ps"]);
    assert!(out.stdout.contains("web") && out.stdout.contains("2/2"), "{}", out.stdout);
    assert!(out.stderr.is_empty(), "no warning about variables or questions: {}", out.stderr);

    // The files still give the order: web links to db, so web stops first and starts last.
    emu.clear_request_log();
    ok(&emu, &dir, &["stop"]);
    assert_eq!(
        actions(&emu),
        [("deactivate".to_owned(), "web".to_owned()), ("deactivate".into(), "db".into())]
    );
    emu.clear_request_log();
    ok(&emu, &dir, &["start"]);
    assert_eq!(actions(&emu), [("activate".to_owned(), "db".to_owned()), ("activate".into(), "web".into())]);

    let out = ok(&emu, &dir, &["logs", "--lines", "1"]);
    assert!(out.stdout.contains("shop-web-1 |") && out.stdout.contains("shop-db-1  |"), "{}", out.stdout);
    ok(&emu, &dir, &["scale", "web=1"]);
    assert_eq!(service(&emu, "web")["scale"], 1);
}

#[test]
fn services_only_on_the_server_are_accepted_and_typos_get_the_closest_name() {
    let emu = emulator();
    let dir = fixture("nginx-redis");
    ok(&emu, dir.path(), &["up", "-d"]);
    // A service of the same stack that these files do not have (another file set, a rolling
    // upgrade's new service, one removed from the files).
    let other = tempfile::tempdir().unwrap();
    std::fs::write(
        other.path().join("docker-compose.yml"),
        "redis-alpine-service-v1:\n  image: redis:4-alpine\n",
    )
    .unwrap();
    ok(&emu, other.path(), &["-p", "nginx-redis", "up", "-d"]);

    let out = ok(&emu, dir.path(), &["scale", "redis-alpine-service-v1=2"]);
    assert!(out.stderr.contains("[1/1] [redis-alpine-service-v1]: Scaled"), "{}", out.stderr);
    assert_eq!(service(&emu, "redis-alpine-service-v1")["scale"], 2);
    let rows = ps_json(&emu, dir.path(), &[]);
    let names: Vec<&str> = rows.iter().filter_map(|r| r["name"].as_str()).collect();
    assert_eq!(names, ["redis", "web", "redis-alpine-service-v1"], "the files' order, then the server's");

    let out = rc_at(&emu, dir.path(), &["scale", "redis-alpine-service-v2=2"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("did you mean `redis-alpine-service-v1`?"), "{}", out.stderr);
    let out = rc_at(&emu, dir.path(), &["stop", "wbe"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("`wbe` is not in the compose files or in stack `nginx-redis`; did you mean `web`?"),
        "{}",
        out.stderr
    );
    let out = rc_at(&emu, dir.path(), &["ps", "nosuch"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("no such service: `nosuch`"), "{}", out.stderr);
    assert!(emu.resources("services").iter().all(|s| s["state"] == "active"), "{:?}", states(&emu));

    // No name: every service of the stack, the server's own included.
    let out = ok(&emu, dir.path(), &["stop"]);
    assert!(out.stderr.contains("[3/3] "), "{}", out.stderr);
    assert!(emu.resources("services").iter().all(|s| s["state"] == "inactive"), "{:?}", states(&emu));
}

#[test]
fn sidekicks_are_refused_with_their_service_from_the_files_or_the_server() {
    let emu = emulator();
    let dir = fixture("sidekicks");
    ok(&emu, dir.path(), &["up", "-d"]);
    let out = rc_at(&emu, dir.path(), &["scale", "app-logs=2"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("`app-logs` is a sidekick of `app`"), "{}", out.stderr);
    let empty = tempfile::tempdir().unwrap();
    let out = rc_at(&emu, empty.path(), &["-p", "sidekicks", "restart", "app-logs"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("`app-logs` is a sidekick of `app`"), "{}", out.stderr);
    assert!(emu.mutating_requests().iter().all(|r| !r.query.as_deref().unwrap_or("").contains("restart")));
}
