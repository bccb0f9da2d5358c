//! `--env NAME|ID` (and `RANCHER_ENVIRONMENT`, and cli.json's `environment`) against an emulator
//! serving several environments: with an account key the tool finds the environment by name or
//! id and works in it; an unknown one lists those the key sees; an environment key bound to
//! another environment is an error that says so. No failed lookup changes anything.

use std::path::Path;

use rancher_compose::emulator::{EmulatorConfig, EmulatorThread};
use serde_json::Value;

use crate::support::{Run, fixture, rc, run};

/// An emulator with account keys, a `staging` environment and a key of `Default`.
fn emulator_with_environments() -> EmulatorThread {
    EmulatorThread::start(EmulatorConfig {
        access_key: Some("account".into()),
        secret_key: Some("account-secret".into()),
        environments: vec!["staging".into()],
        environment_keys: vec!["Default:default-key:default-secret".parse().unwrap()],
        ..EmulatorConfig::for_tests()
    })
    .unwrap()
}

/// The tool with the account key; `args` as given.
fn as_account(emu: &EmulatorThread, dir: &Path, args: &[&str]) -> Run {
    run(rc(dir)
        .env("RANCHER_URL", emu.base_url())
        .env("RANCHER_ACCESS_KEY", "account")
        .env("RANCHER_SECRET_KEY", "account-secret")
        .args(args))
}

/// `(stack name, environment id)` of every live stack on the server.
fn stacks(emu: &EmulatorThread) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = emu
        .resources("stacks")
        .iter()
        .filter(|s| s["state"] != "removed")
        .map(|s| (s["name"].as_str().unwrap().to_owned(), s["accountId"].as_str().unwrap().to_owned()))
        .collect();
    out.sort();
    out
}

fn assert_ok(out: &Run) {
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
}

#[test]
fn env_names_the_environment_by_name_or_id_before_or_after_the_command() {
    let emu = emulator_with_environments();
    let dir = fixture("nginx-redis");
    let staging = emu.environment_id("staging").unwrap();
    assert_eq!(staging, "1a6");

    assert_ok(&as_account(&emu, dir.path(), &["--env", "staging", "up", "-d"]));
    assert_eq!(stacks(&emu), [("nginx-redis".to_owned(), staging.clone())]);

    // The same stack, seen by id, by the variable, and with --env after the command.
    let by_id = as_account(&emu, dir.path(), &["--env", &staging, "ps", "--format", "json"]);
    assert_ok(&by_id);
    let rows: Value = serde_json::from_str(&by_id.stdout).unwrap();
    assert_eq!(rows.as_array().map(Vec::len), Some(2), "{rows}");
    let by_variable = run(rc(dir.path())
        .env("RANCHER_URL", emu.base_url())
        .env("RANCHER_ACCESS_KEY", "account")
        .env("RANCHER_SECRET_KEY", "account-secret")
        .env("RANCHER_ENVIRONMENT", "STAGING")
        .args(["ps", "-q"]));
    assert_ok(&by_variable);
    assert_eq!(by_variable.stdout.lines().count(), 2, "{}", by_variable.stdout);
    emu.clear_request_log();
    let after = as_account(&emu, dir.path(), &["up", "-d", "--env", "staging", "--dry-run", "--json"]);
    assert_ok(&after);
    assert!(after.stdout.contains("\"steps\":[]"), "{}", after.stdout);
    assert!(emu.mutating_requests().is_empty(), "{:?}", emu.mutating_requests());
    let looked_up = emu
        .request_log()
        .iter()
        .any(|r| r.path.ends_with("/projects") && r.query.as_deref() == Some("name=staging"));
    assert!(looked_up, "{:?}", emu.request_log());

    // Without --env the account key works in Default, which has no such stack.
    let default = as_account(&emu, dir.path(), &["ps", "-q"]);
    assert_ok(&default);
    assert_eq!(default.stdout, "");
}

#[test]
fn an_unknown_environment_lists_the_ones_the_key_sees_and_changes_nothing() {
    let emu = emulator_with_environments();
    let dir = fixture("nginx-redis");
    let out = as_account(&emu, dir.path(), &["--env", "prod", "up", "-d"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("no environment `prod`; the API key sees: Default (1a5), staging (1a6)"),
        "{}",
        out.stderr
    );
    let out = as_account(&emu, dir.path(), &["--env", "1a9", "ps"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("no environment `1a9`"), "{}", out.stderr);
    assert!(emu.mutating_requests().is_empty(), "{:?}", emu.mutating_requests());
    assert!(stacks(&emu).is_empty());
}

#[test]
fn an_environment_key_works_in_its_own_environment_and_says_so_for_another() {
    let emu = emulator_with_environments();
    let dir = fixture("nginx-redis");
    let with_key = |args: &[&str]| {
        run(rc(dir.path())
            .env("RANCHER_URL", emu.base_url())
            .env("RANCHER_ACCESS_KEY", "default-key")
            .env("RANCHER_SECRET_KEY", "default-secret")
            .args(args))
    };
    let refused = with_key(&["--env", "staging", "up", "-d"]);
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("no environment `staging` for this API key: it sees only `Default` (1a5)"),
        "{}",
        refused.stderr
    );
    assert!(refused.stderr.contains("environment API key"), "{}", refused.stderr);
    assert!(refused.stderr.contains("account API key"), "{}", refused.stderr);
    assert!(stacks(&emu).is_empty());

    // Its own environment, named or not.
    assert_ok(&with_key(&["--env", "default", "up", "-d"]));
    assert_ok(&with_key(&["up", "-d"]));
    assert_eq!(stacks(&emu), [("nginx-redis".to_owned(), "1a5".to_owned())]);
}

#[test]
fn the_rancher_cli_config_names_the_environment_when_nothing_else_does() {
    let emu = emulator_with_environments();
    let dir = fixture("nginx-redis");
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir(home.path().join(".rancher")).unwrap();
    let config = serde_json::json!({
        "url": format!("{}/v2-beta/schemas", emu.base_url()),
        "accessKey": "account", "secretKey": "account-secret", "environment": "staging"
    });
    std::fs::write(home.path().join(".rancher/cli.json"), config.to_string()).unwrap();
    let from_file = |args: &[&str]| run(rc(dir.path()).env("HOME", home.path()).args(args));
    assert_ok(&from_file(&["up", "-d"]));
    assert_eq!(stacks(&emu), [("nginx-redis".to_owned(), "1a6".to_owned())]);
    // --env wins over the file.
    assert_ok(&from_file(&["--env", "Default", "up", "-d"]));
    // So does a URL that names an environment.
    let scoped = format!("{}/v2-beta/projects/1a5", emu.base_url());
    let out = from_file(&["--url", &scoped, "ps", "-q"]);
    assert_ok(&out);
    assert_eq!(out.stdout.lines().count(), 2, "{}", out.stdout);
    assert_eq!(
        stacks(&emu),
        [("nginx-redis".to_owned(), "1a5".to_owned()), ("nginx-redis".to_owned(), "1a6".to_owned())]
    );
}
