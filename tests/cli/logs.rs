//! `logs` and `up` without `-d` against the emulator's log websockets.

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rancher_compose::emulator::{EmulatorConfig, EmulatorThread, Timing};

use crate::support::{Run, fixture, rc, run};

fn emulator() -> EmulatorThread {
    EmulatorThread::start(EmulatorConfig::for_tests()).unwrap()
}

fn rc_at(emu: &EmulatorThread, dir: &Path, args: &[&str]) -> Run {
    run(rc(dir).env("RANCHER_URL", emu.base_url()).args(args))
}

fn spawn(emu: &EmulatorThread, dir: &Path, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_rancher-compose"))
        .env_clear()
        .env("RANCHER_URL", emu.base_url())
        .current_dir(dir)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Reads the child's stdout on a thread; returns a handle that yields everything read so far.
fn collect(child: &mut Child) -> std::sync::Arc<std::sync::Mutex<String>> {
    let seen = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let mut out = child.stdout.take().unwrap();
    let sink = std::sync::Arc::clone(&seen);
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = out.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    seen
}

fn wait_until(what: &str, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(start.elapsed() < Duration::from_secs(20), "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn finish(child: Child) -> (i32, String) {
    let out = child.wait_with_output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn logs_print_the_backlog_per_container_and_exit() {
    let emu = emulator();
    let dir = fixture("nginx-redis");
    assert_eq!(rc_at(&emu, dir.path(), &["up", "-d"]).code, 0);
    let out = rc_at(&emu, dir.path(), &["logs"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for container in ["nginx-redis-web-1", "nginx-redis-web-2", "nginx-redis-redis-1"] {
        assert!(out.stdout.contains(&format!("{container:<19} | ")), "{container}: {}", out.stdout);
    }
    assert!(out.stdout.contains("starting docker:nginx:1.13"), "{}", out.stdout);
    let one = rc_at(&emu, dir.path(), &["logs", "--lines", "1", "redis"]);
    assert_eq!(one.code, 0, "{}", one.stderr);
    assert_eq!(one.stdout.lines().count(), 1, "{}", one.stdout);
    assert!(one.stdout.starts_with("nginx-redis-redis-1 | "), "{}", one.stdout);
}

#[test]
fn services_without_containers_are_skipped_with_a_note() {
    let emu = emulator();
    let dir = fixture("external");
    let up = rc_at(&emu, dir.path(), &["up", "-d"]);
    assert_eq!(up.code, 0, "{}", up.stderr);
    let out = rc_at(&emu, dir.path(), &["logs"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("payments-db has no containers of its own; skipped"), "{}", out.stderr);
    assert!(out.stdout.contains("external-app-1 | "), "{}", out.stdout);
}

#[test]
fn followed_logs_reopen_after_a_restart_and_end_when_the_service_is_removed() {
    // Containers take a while to stop and start, so the restart really ends the stream.
    let mut config = EmulatorConfig::for_tests();
    config.timing =
        Timing { start: Duration::from_millis(300), stop: Duration::from_millis(300), ..Timing::instant() };
    let emu = EmulatorThread::start(config).unwrap();
    let dir = fixture("nginx-redis");
    assert_eq!(rc_at(&emu, dir.path(), &["up", "-d"]).code, 0);
    let mut child = spawn(&emu, dir.path(), &["logs", "-f", "--lines", "0", "redis"]);
    let seen = collect(&mut child);
    wait_until("followed lines", || seen.lock().unwrap().contains("request 2 handled"));
    // The restart stops the container: its stream ends, and is reopened once it runs again.
    assert_eq!(rc_at(&emu, dir.path(), &["restart", "redis"]).code, 0);
    wait_until("the reopened stream", || seen.lock().unwrap().matches("request 1 handled").count() >= 2);
    assert_eq!(rc_at(&emu, dir.path(), &["rm", "-f", "redis"]).code, 0);
    let (code, stderr) = finish(child);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("the services are gone; no more logs"), "{stderr}");
}

#[test]
fn up_without_detach_follows_the_logs_until_interrupted() {
    let emu = emulator();
    let dir = fixture("nginx-redis");
    let mut child = spawn(&emu, dir.path(), &["up"]);
    let seen = collect(&mut child);
    wait_until("logs after up", || seen.lock().unwrap().contains("nginx-redis-web-1   | "));
    assert!(emu.resources("services").iter().all(|s| s["state"] == "active"));
    let killed = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let (code, stderr) = finish(child);
    assert_eq!(code, 130, "{stderr}");
    assert!(stderr.contains("following the logs"), "{stderr}");
}
