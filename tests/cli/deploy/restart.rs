//! `restart`: rolling, with its batch options.

use crate::support::{emulator, fixture, rc, rc_at, run};

#[test]
fn restart_restarts_every_container_in_batches() {
    let emu = emulator();
    let dir = fixture("sidekicks");
    assert_eq!(rc_at(&emu, dir.path(), &["up", "-d"]).code, 0);
    let before: Vec<i64> =
        emu.resources("containers").iter().filter_map(|c| c["startCount"].as_i64()).collect();
    emu.clear_request_log();
    let out = rc_at(&emu, dir.path(), &["restart", "--batch-size", "2", "--interval", "150", "app"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("[app]: Restarted"), "{}", out.stderr);
    let restart = emu.request_log().into_iter().find(|r| r.query.as_deref() == Some("action=restart"));
    assert!(restart.is_some(), "no restart action was sent");
    let after: Vec<i64> =
        emu.resources("containers").iter().filter_map(|c| c["startCount"].as_i64()).collect();
    assert!(after.iter().sum::<i64>() > before.iter().sum::<i64>(), "containers were not restarted");
}

#[test]
fn intervals_below_the_server_minimum_are_usage_errors() {
    let dir = fixture("sidekicks");
    let out = run(rc(dir.path()).args(["restart", "--interval", "10"]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("below Rancher's minimum of 100 ms"), "{}", out.stderr);
}
