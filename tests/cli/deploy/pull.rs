//! `pull`: every image of the stack on the hosts.

use crate::support::{emulator, fixture, ok, rc_at};

#[test]
fn pull_pulls_every_image_once_on_the_hosts() {
    let emu = emulator();
    let dir = fixture("sidekicks");
    ok(&emu, dir.path(), &["up", "-d"]);
    emu.clear_request_log();
    let out = rc_at(&emu, dir.path(), &["pull", "--cached"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let tasks = emu.resources("pullTasks");
    let mut images: Vec<&str> = tasks.iter().filter_map(|t| t["image"].as_str()).collect();
    // Every image once, primaries' and sidekicks', pulled side by side as 0.12 did.
    images.sort_unstable();
    assert_eq!(
        images,
        ["example/app-config:2.1", "example/app:2.1", "example/log-shipper:1.0", "postgres:9.6"]
    );
    assert!(tasks.iter().all(|t| t["mode"] == "cached"));
}
