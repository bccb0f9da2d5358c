//! Where options may go (issue #13): the long global options after the command, `-p` after
//! `up` still meaning `--pull`, and `questions` as a CI check.

use serde_json::Value;

use crate::support::{emulator, fixture, rc, run};

fn write(dir: &std::path::Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn long_global_options_work_after_the_command() {
    let emu = emulator();
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "web.yml", "web:\n  image: nginx\n");
    write(tmp.path(), "vars.env", "TAG=1.13\n");
    write(tmp.path(), "db.yml", "db:\n  image: redis:${TAG}\n");
    let out = run(rc(tmp.path()).args([
        "up",
        "-d",
        "--url",
        emu.base_url(),
        "--project-name",
        "nginx-app-stack",
        "--file",
        "web.yml:db.yml",
        "--env-file",
        "vars.env",
        "--verbose",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("debug:"), "--verbose after the command: {}", out.stderr);
    let stacks = emu.resources("stacks");
    assert_eq!(stacks.len(), 1);
    assert_eq!(stacks[0]["name"], "nginx-app-stack");
    let services = emu.resources("services");
    let db = services.iter().find(|s| s["name"] == "db").unwrap();
    assert_eq!(db["launchConfig"]["imageUuid"], "docker:redis:1.13");
    // A flag given after the command beats the environment variable.
    let out = run(rc(tmp.path()).env("RANCHER_URL", "http://127.0.0.1:1").args([
        "ps",
        "--format",
        "json",
        "--url",
        emu.base_url(),
        "--project-name",
        "nginx-app-stack",
        "--file",
        "web.yml:db.yml",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let rows: Vec<Value> = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(rows.len(), 2, "{rows:?}");
}

#[test]
fn dash_p_after_up_is_pull_and_a_stack_name_there_is_explained() {
    let emu = emulator();
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "docker-compose.yml", "web:\n  image: nginx\n");
    let out =
        run(rc(tmp.path()).env("RANCHER_URL", emu.base_url()).args(["up", "-d", "-p", "nginx-app-stack"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "`-p` after the command means `--pull`; put `-p NAME` before the command for the stack name"
        ),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("--pull'"), "no clap tip: {}", out.stderr);
    assert!(emu.resources("services").is_empty(), "nothing is created");
    // `-p SERVICE` after up is 0.12's pull of that service's image, then up.
    let out = run(rc(tmp.path()).env("RANCHER_URL", emu.base_url()).args(["up", "-d", "-p", "web"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    // A short global option after the command keeps the command's meaning or is refused.
    let out = run(rc(tmp.path()).args(["config", "-e", "vars.env"]));
    assert_eq!(out.code, 2, "{}", out.stderr);
}

#[test]
fn questions_exits_1_when_an_answer_is_missing_or_invalid() {
    let tmp = fixture("jenkins");
    let out = run(rc(tmp.path()).args(["questions"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.contains("NOT OK: required, but has no answer"), "{}", out.stdout);
    assert!(out.stderr.contains("answers missing or invalid: 1 of"), "{}", out.stderr);
    write(tmp.path(), "bad.yml", "admin_password: pw\nPORT: 70000\n");
    let out = run(rc(tmp.path()).args(["questions", "--answers", "bad.yml"]));
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(out.stdout.contains("NOT OK"), "{}", out.stdout);
    let out = run(rc(tmp.path()).args(["--answers", "answers.json", "questions"]));
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(!out.stdout.contains("NOT OK"), "{}", out.stdout);
}

#[test]
fn debug_is_shown_in_help_as_the_readme_says() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "docker-compose.yml", "web:\n  image: nginx\n");
    let out = run(rc(tmp.path()).arg("--help"));
    assert!(out.stdout.contains("--debug"), "{}", out.stdout);
    let out = run(rc(tmp.path()).args(["config", "--debug"]));
    assert!(out.stderr.contains("debug:"), "{}", out.stderr);
}

/// With `--detailed-exitcode` (Terraform's convention) 2 means "the plan has changes" and
/// nothing else: a mistyped command line or an impossible combination exits 1 there, while it
/// stays the usage code 2 without the flag.
#[test]
fn detailed_exitcode_keeps_2_for_changes_only() {
    let emu = emulator();
    let dir = fixture("nginx-redis");
    let go = |args: &[&str]| run(rc(dir.path()).env("RANCHER_URL", emu.base_url()).args(args));

    assert_eq!(go(&["up", "-d", "--dry-run", "--bogus"]).code, 2);
    let out = go(&["up", "-d", "--dry-run", "--detailed-exitcode", "--bogus"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("--bogus"), "{}", out.stderr);
    let out = go(&["up", "--detailed-exitcode"]);
    assert_eq!(out.code, 1, "--detailed-exitcode without --dry-run: {}", out.stderr);
    assert_eq!(go(&["up", "--dry-run", "--json"]).code, 0);
    assert!(emu.mutating_requests().is_empty());

    let out = go(&["up", "-d", "--dry-run", "--detailed-exitcode"]);
    assert_eq!(out.code, 2, "a new stack is a change: {}", out.stderr);
    assert_eq!(go(&["up", "-d"]).code, 0);
    assert_eq!(go(&["up", "-d", "--dry-run", "--detailed-exitcode"]).code, 0);
}
