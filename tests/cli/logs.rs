//! `logs` and `up` without `-d` against the emulator's log websockets.

use rancher_compose::emulator::Hold;

use crate::support::process::start;
use crate::support::{emulator, fixture, ok, rc_at, wait_until};

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
    let emu = emulator();
    let dir = fixture("nginx-redis");
    ok(&emu, dir.path(), &["up", "-d"]);
    let mut follow = start(&emu, dir.path(), &["logs", "-f", "--lines", "0", "redis"]);
    follow.wait_until("followed lines", |p| p.stdout().contains("request 2 handled"));
    // The restart stops the container: its stream ends. The start is held until then, so the
    // stream cannot miss the stop however loaded the machine is.
    emu.hold(Hold::Starts);
    let restart = std::thread::scope(|s| {
        let restart = s.spawn(|| rc_at(&emu, dir.path(), &["restart", "redis"]));
        wait_until("the followed stream to end", || {
            emu.held(Hold::Starts) > 0 && emu.open_log_streams() == 0
        });
        emu.release(Hold::Starts);
        restart.join().unwrap()
    });
    assert_eq!(restart.code, 0, "{}", restart.stderr);
    // Once the container runs again the stream is reopened (new lines count from 1 again).
    follow.wait_until("the reopened stream", |p| p.stdout().matches("request 1 handled").count() >= 2);
    ok(&emu, dir.path(), &["rm", "-f", "redis"]);
    let out = follow.finish();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("the services are gone; no more logs"), "{}", out.stderr);
}

#[test]
fn up_without_detach_follows_the_logs_until_interrupted() {
    let emu = emulator();
    let dir = fixture("nginx-redis");
    let mut up = start(&emu, dir.path(), &["up"]);
    up.wait_until("logs after up", |p| p.stdout().contains("nginx-redis-web-1   | "));
    assert!(emu.resources("services").iter().all(|s| s["state"] == "active"));
    let out = up.interrupt();
    assert_eq!(out.code, 130, "{}", out.stderr);
    assert!(out.stderr.contains("following the logs"), "{}", out.stderr);
}
