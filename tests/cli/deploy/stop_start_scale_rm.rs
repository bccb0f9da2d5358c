//! `down`/`stop`, `start`, `scale` and `rm` on a deployed stack.

use crate::support::{emulator, fixture, named, rc_at};

#[test]
fn stop_start_scale_and_rm() {
    let emu = emulator();
    let dir = fixture("nginx-redis");
    assert_eq!(rc_at(&emu, dir.path(), &["up", "-d"]).code, 0);
    let out = rc_at(&emu, dir.path(), &["down"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(emu.resources("services").iter().all(|s| s["state"] == "inactive"));
    assert_eq!(rc_at(&emu, dir.path(), &["start", "web"]).code, 0);
    let services = emu.resources("services");
    assert_eq!(named(&services, "web")["state"], "active");
    assert_eq!(named(&services, "redis")["state"], "inactive");
    let out = rc_at(&emu, dir.path(), &["scale", "web=4"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(named(&emu.resources("services"), "web")["scale"], 4);

    // Refused without a terminal unless forced, and nothing is removed.
    let out = rc_at(&emu, dir.path(), &["rm"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("hint: add --force"), "{}", out.stderr);
    assert!(emu.resources("services").iter().all(|s| s["state"] != "removed"));
    let out = rc_at(&emu, dir.path(), &["rm", "-f"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let left = emu.resources("services");
    assert!(left.iter().all(|s| s["state"] == "removed"), "{left:?}");
}
