//! Every case under `fixtures/broken/` fails with its expected exit code and messages.
//! A case's `expect` file holds `args ...` (default `config`), `exit N` and `stderr TEXT` lines.
//!
//! Every case also runs with secret-named variables set and must not show their values (nor
//! the password answer some cases give), and within the resource bounds any input is held to:
//! a 256 MiB address-space limit (an allocation beyond it would abort, not exit 1) and a
//! deadline.

use std::time::{Duration, Instant};

use crate::support::{Run, fixture, root, run};

/// Secret-named variables set for every case, and the values that must never be shown.
pub const SECRET_VARS: &[(&str, &str)] =
    &[("SECRET", "SecretVal-99zq"), ("API_TOKEN", "SecretVal-99zq"), ("DB_SECRET", "SecretVal-99zq")];
/// The password answer of `secret-password-answer`.
pub const PASSWORD_ANSWER: &str = "PwAnswer-7731xq";

/// The address space any run may use, in KiB.
pub const MEMORY_LIMIT_KIB: u64 = 256 * 1024;

/// How long any run may take (a debug build on a shared machine; release runs take a tenth).
pub const DEADLINE: Duration = Duration::from_secs(10);

/// `rancher-compose ARGS` in `dir` with a cleared environment, under [`MEMORY_LIMIT_KIB`].
pub fn bounded(dir: &std::path::Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new("sh");
    cmd.env_clear()
        .current_dir(dir)
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_LIMIT_KIB} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_rancher-compose"));
    cmd
}

/// Runs `cmd` and checks the bounds every run is held to: no abort or panic, the deadline,
/// and no secret value in the output.
pub fn run_bounded(name: &str, cmd: &mut assert_cmd::Command, failures: &mut Vec<String>) -> Run {
    let started = Instant::now();
    let out = run(cmd);
    let took = started.elapsed();
    if took > DEADLINE {
        failures.push(format!("{name}: took {took:?}"));
    }
    if out.stderr.contains("panicked") || out.code < 0 || out.code > 2 {
        failures.push(format!("{name}: exit {} (abort or panic); stderr:\n{}", out.code, out.stderr));
    }
    for value in SECRET_VARS.iter().map(|(_, v)| *v).chain([PASSWORD_ANSWER]) {
        if out.stdout.contains(value) || out.stderr.contains(value) {
            failures
                .push(format!("{name}: the secret value {value} was shown:\n{}{}", out.stdout, out.stderr));
        }
    }
    out
}

#[test]
fn each_broken_input_gives_its_message_and_exit_code() {
    let dir = root().join("fixtures/broken");
    let mut cases: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    cases.sort();
    assert!(cases.len() >= 45, "expected the broken-input fixtures, found {}", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.to_string_lossy();
        let tmp = fixture(&format!("broken/{name}"));
        let expect = std::fs::read_to_string(tmp.path().join("expect")).unwrap();
        let mut args = vec!["config".to_owned()];
        let mut exit = 1;
        let mut wanted = Vec::new();
        for line in expect.lines() {
            match line.split_once(' ') {
                Some(("args", rest)) => args = rest.split_whitespace().map(str::to_owned).collect(),
                Some(("exit", n)) => exit = n.parse().unwrap(),
                Some(("stderr", text)) => wanted.push(text.to_owned()),
                _ => panic!("{name}: bad expect line {line:?}"),
            }
        }
        let mut cmd = bounded(tmp.path());
        cmd.envs(SECRET_VARS.iter().copied()).args(&args);
        let out = run_bounded(&name, &mut cmd, &mut failures);
        if out.code != exit {
            failures.push(format!("{name}: exit {} instead of {exit}; stderr:\n{}", out.code, out.stderr));
        }
        for text in wanted {
            if !out.stderr.contains(&text) {
                failures.push(format!("{name}: stderr lacks {text:?}; stderr:\n{}", out.stderr));
            }
        }
        if !out.stdout.is_empty() {
            failures.push(format!("{name}: a failing run printed data on stdout: {}", out.stdout));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn too_many_services_stop_at_the_limit_in_bounded_memory() {
    // 100,000 services fit in a 2 MiB file; loading them took about 10 KiB each (1 GiB).
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("version: '2'\nservices:\n");
    for i in 0..100_000 {
        text.push_str(&format!("  s{i}: {{image: x}}\n"));
    }
    std::fs::write(dir.path().join("docker-compose.yml"), text).unwrap();
    let mut failures = Vec::new();
    let out = run_bounded("too-many-services", bounded(dir.path()).arg("config"), &mut failures);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "docker-compose.yml:2:1: the project has more than 10000 services (limit hit: services per project)"
        ),
        "{}",
        out.stderr
    );
}
