//! The rolling upgrade of the seed article, as written: a stack `nginx-app-stack` deployed from
//! its files, then `upgrade` run with a file where the old service is an empty entry.

use serde_json::Value;

use crate::support::{emulator, fixture, rc, run};

#[test]
fn the_articles_rolling_upgrade_works_as_written() {
    let emu = emulator();
    let dir = fixture("nginx-app-stack");
    let go = |args: &[&str]| run(rc(dir.path()).env("RANCHER_URL", emu.base_url()).args(args));
    let out = go(&["-p", "nginx-app-stack", "up", "-d"]);
    assert_eq!(out.code, 0, "{}", out.stderr);

    // The file names the old service with an empty entry: `config` shows it as such.
    let out = go(&["-f", "./docker-compose-redis-service-upgrade.yml", "config", "--services"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("redis-alpine-service\n"), "{}", out.stdout);
    assert!(out.stderr.contains("note: `redis-alpine-service` is an empty entry"), "{}", out.stderr);

    let out = go(&[
        "-f",
        "./docker-compose-redis-service-upgrade.yml",
        "-p",
        "nginx-app-stack",
        "upgrade",
        "redis-alpine-service",
        "redis-alpine-service-v1",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("Creating service redis-alpine-service-v1"), "{}", out.stderr);
    assert!(
        out.stderr.contains("Upgrading redis-alpine-service to redis-alpine-service-v1, scale=2"),
        "{}",
        out.stderr
    );
    let services = emu.resources("services");
    let find = |name: &str| -> Value {
        services.iter().find(|s| s["name"] == name && s["state"] != "removed").cloned().unwrap_or(Value::Null)
    };
    let (old, new, nginx) = (find("redis-alpine-service"), find("redis-alpine-service-v1"), find("nginx"));
    assert_eq!(new["scale"], 2, "{new}");
    assert_eq!(new["launchConfig"]["imageUuid"], "docker:redis:3.0.7-alpine");
    assert_eq!(old["scale"], 0, "{old}");
    // `--update-links` is on by default: nginx now consumes the new service.
    let linked: Vec<&Value> = nginx["linkedServices"].as_object().unwrap().values().collect();
    assert!(linked.contains(&&new["id"]), "{nginx}");

    // `up` with that file leaves the empty entry's service as it is, saying so.
    let out = go(&["-f", "./docker-compose-redis-service-upgrade.yml", "-p", "nginx-app-stack", "up", "-d"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("service `redis-alpine-service`: an empty entry in the files"),
        "{}",
        out.stderr
    );
    assert_eq!(emu.resources("services").iter().filter(|s| s["name"] == "redis-alpine-service").count(), 1);
}
