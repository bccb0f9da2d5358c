//! Behaviour kept from rancher-compose 0.12: option names and positions, environment
//! variables, default files, stack names, and plain refusals for what this build cannot do.

use crate::support::{fixture, rc, run};

fn write(dir: &std::path::Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn version_has_the_0_12_shape() {
    let tmp = tempfile::tempdir().unwrap();
    for flag in ["-v", "--version"] {
        let out = run(rc(tmp.path()).arg(flag));
        assert_eq!(out.code, 0);
        assert_eq!(out.stdout, format!("rancher-compose version v{}\n", env!("CARGO_PKG_VERSION")));
    }
}

#[test]
fn help_lists_every_0_12_command() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(rc(tmp.path()).arg("--help"));
    assert_eq!(out.code, 0);
    for cmd in
        ["create", "up", "start", "logs", "restart", "stop", "scale", "rm", "pull", "upgrade", "config"]
    {
        assert!(out.stdout.contains(&format!("\n  {cmd} ")), "help lacks {cmd}:\n{}", out.stdout);
    }
    for var in
        ["RANCHER_URL", "RANCHER_ACCESS_KEY", "RANCHER_SECRET_KEY", "COMPOSE_FILE", "COMPOSE_PROJECT_NAME"]
    {
        assert!(out.stdout.contains(var), "help lacks {var}");
    }
}

#[test]
fn usage_errors_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    for args in [&["nosuch"][..], &["up", "--nosuch"], &["scale", "web"], &["upgrade", "only-one"]] {
        let out = run(rc(tmp.path()).args(args));
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains("error:"), "{args:?}: {}", out.stderr);
    }
}

#[test]
fn compose_file_from_stdin_and_environment() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "a.yml", "web:\n  image: nginx\n");
    write(tmp.path(), "b.yml", "web:\n  environment:\n    A: b\n");
    let out =
        run(rc(tmp.path()).args(["-f", "-", "config", "--services"]).write_stdin("db:\n  image: mysql\n"));
    assert_eq!((out.code, out.stdout.as_str()), (0, "db\n"), "{}", out.stderr);
    let out = run(rc(tmp.path()).args(["config"]).env("COMPOSE_FILE", "a.yml:b.yml"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("A: b") && out.stdout.contains("image: nginx"), "{}", out.stdout);
}

#[test]
fn override_file_is_picked_up_by_default() {
    let tmp = fixture("override");
    let out = run(rc(tmp.path()).arg("config").env("DB_PASSWORD", "x"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("DEBUG: \"true\""), "{}", out.stdout);
}

#[test]
fn stack_names_are_sanitised_as_0_12() {
    let base = tempfile::tempdir().unwrap();
    let dir = base.path().join("something-with-dashes-v0.2.6");
    std::fs::create_dir(&dir).unwrap();
    write(&dir, "docker-compose.yml", "web:\n  image: nginx\n");
    let out = run(rc(&dir).arg("config"));
    assert!(out.stdout.starts_with("name: something-with-dashes-v0-2-6\n"), "{}", out.stdout);
    let out = run(rc(&dir).args(["-p", "My_Stack", "config"]));
    assert!(out.stdout.starts_with("name: my-stack\n"), "{}", out.stdout);
    let out = run(rc(&dir).arg("config").env("COMPOSE_PROJECT_NAME", "_Prod"));
    assert!(out.stdout.starts_with("name: x-prod\n"), "{}", out.stdout);
}

#[test]
fn server_commands_validate_the_files_first_then_need_a_url() {
    let tmp = fixture("nginx-redis");
    for args in [&["logs"][..], &["up", "-d"], &["upgrade", "web", "redis"]] {
        let out = run(rc(tmp.path()).args(args));
        assert_eq!(out.code, 1, "{args:?}");
        assert!(out.stderr.contains("RANCHER_URL is not set"), "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains("--url local"), "{args:?}: {}", out.stderr);
        assert!(out.stdout.is_empty());
    }
    let broken = fixture("broken/unknown-key");
    let out = run(rc(broken.path()).args(["up", "-d"]));
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("unknown key `port`"), "file errors come first: {}", out.stderr);
}

#[test]
fn rancher_file_flag_and_its_default_location() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("sub")).unwrap();
    write(&tmp.path().join("sub"), "docker-compose.yml", "web:\n  image: nginx\n");
    write(&tmp.path().join("sub"), "rancher-compose.yml", "web:\n  scale: 3\n");
    write(tmp.path(), "other.yml", "web:\n  scale: 7\n");
    // Next to the first compose file, not in the working directory (`rancher-compose-behavior.md` §3.3).
    let out = run(rc(tmp.path()).args(["-f", "sub/docker-compose.yml", "config"]));
    assert!(
        out.stdout.contains("file: sub/rancher-compose.yml") && out.stdout.contains("scale: 3"),
        "{}",
        out.stdout
    );
    let out = run(rc(tmp.path()).args(["-f", "sub/docker-compose.yml", "-r", "other.yml", "config"]));
    assert!(out.stdout.contains("scale: 7"), "{}", out.stdout);
}
