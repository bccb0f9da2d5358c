//! Reaching the server: no URL, a refused connection, wrong keys, `--url local`, the rancher CLI's
//! config file and `--ca-file`.

use rancher_compose::emulator::{EmulatorConfig, EmulatorThread};
use serde_json::Value;

use crate::support::{emulator, fixture, rc, rc_at, run};

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
