//! `up` refusing, before any change, what cannot be deployed; and failing after changes with
//! its own exit code, or not at all when the server misbehaves.

use rancher_compose::emulator::Faults;
use serde_json::Value;

use super::up::wide_stack;
use crate::support::{add_certificate, emulator, fixture, rc_at};

#[test]
fn bad_arguments_fail_before_any_change() {
    let emu = emulator();
    let dir = fixture("sidekicks");
    for (args, message) in [
        (&["scale", "nosuch=2"][..], "no such service: `nosuch`"),
        (&["up", "-d", "app-logs"], "`app-logs` is a sidekick of `app`"),
        (&["up", "-d", "-u", "nosuch"], "no such service: `nosuch`"),
    ] {
        let out = rc_at(&emu, dir.path(), args);
        assert_eq!(out.code, 1, "{args:?}");
        assert!(out.stderr.contains(message), "{args:?}: {}", out.stderr);
    }
    let out = rc_at(&emu, dir.path(), &["scale", "app=2"]);
    assert!(out.stderr.contains("does not exist"), "{}", out.stderr);
    assert!(emu.mutating_requests().is_empty(), "{:?}", emu.mutating_requests());
}

#[test]
fn load_balancer_needs_its_certificate_before_anything_changes() {
    let emu = emulator();
    let dir = fixture("lb-v2");
    let out = rc_at(&emu, dir.path(), &["up", "-d"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("no certificate `example-com`"), "{}", out.stderr);
    assert!(emu.mutating_requests().is_empty(), "{:?}", emu.mutating_requests());
}

#[test]
fn a_build_without_an_image_is_refused_before_any_change() {
    let emu = emulator();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("build");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("docker-compose.yml"),
        "version: '2'\nservices:\n  db:\n    image: redis\n  app:\n    build: .\n",
    )
    .unwrap();
    let out = rc_at(&emu, &dir, &["up", "-d"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("service `app` builds from a local folder and has no `image:`"),
        "{}",
        out.stderr
    );
    assert!(emu.mutating_requests().is_empty(), "{:?}", emu.mutating_requests());
}

#[test]
fn a_balancer_whose_target_is_not_deployed_is_refused_before_any_change() {
    let emu = emulator();
    let dir = fixture("lb-v2");
    add_certificate(&emu, "example-com");
    emu.clear_request_log();
    let out = rc_at(&emu, dir.path(), &["up", "-d", "lb"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("load balancer `lb` sends traffic to `web`, which is not deployed"),
        "{}",
        out.stderr
    );
    assert!(emu.mutating_requests().is_empty(), "{:?}", emu.mutating_requests());
}

#[test]
fn up_json_needs_detach() {
    let emu = emulator();
    let dir = fixture("nginx-redis");
    let out = rc_at(&emu, dir.path(), &["up", "--json"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("`up --json` needs -d"), "{}", out.stderr);
}

#[test]
fn a_run_that_fails_after_changing_the_server_exits_5() {
    let emu = emulator();
    emu.set_faults(Faults { fail_images: vec!["docker:broken*".into()], ..Default::default() });
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("partial");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("docker-compose.yml"),
        "version: '2'\nservices:\n  good:\n    image: nginx\n  bad:\n    image: broken:1\n",
    )
    .unwrap();
    let out = rc_at(&emu, &dir, &["up", "-d", "--timeout", "5"]);
    assert_eq!(out.code, 5, "{}", out.stderr);
    assert!(out.stderr.contains("partly applied"), "{}", out.stderr);
    assert!(!emu.resources("services").is_empty(), "the changes stay");
}

#[test]
fn up_survives_server_errors_and_dropped_connections_without_duplicates() {
    let tmp = wide_stack(30);
    let dir = tmp.path().join("wide");
    // The runs mostly wait out retry delays, so they go five at a time.
    let failures: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..5u64)
            .map(|lane| {
                let dir = &dir;
                scope.spawn(move || (1..=4).filter_map(|i| faulty_run(dir, lane * 4 + i)).collect::<Vec<_>>())
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    assert!(failures.is_empty(), "{} of 20 runs went wrong:\n{}", failures.len(), failures.join("\n"));
}

/// `up` against an emulator answering 10% of requests with 503 and dropping 5% of the
/// connections after doing the work, then `rm -f` under the same faults; `None` when both end
/// in the right state. A request may fail all six of its attempts (faults fall on request
/// numbers, so with some seeds they line up with one request's retries): that run must fail
/// saying so (exit 1, or 5 when partly applied), and running it again finishes the job, as a
/// CI script's retry would.
fn faulty_run(dir: &std::path::Path, seed: u64) -> Option<String> {
    let emu = emulator();
    let faults = Faults { error_rate: 0.10, drop_rate: 0.05, seed, ..Default::default() };
    let until_done = |args: &[&str]| {
        let mut exits = Vec::new();
        loop {
            emu.set_faults(faults.clone());
            let out = rc_at(&emu, dir, args);
            emu.set_faults(Faults::default());
            exits.push(out.code);
            let gave_up = matches!(out.code, 1 | 5) && out.stderr.contains("(attempt 6 of 6)");
            if !gave_up || exits.len() == 3 {
                return (exits, out);
            }
        }
    };
    let (exits, out) = until_done(&["up", "-d"]);
    let services: Vec<Value> =
        emu.resources("services").into_iter().filter(|s| s["state"] != "removed").collect();
    let mut names: Vec<&str> = services.iter().filter_map(|s| s["name"].as_str()).collect();
    names.sort_unstable();
    names.dedup();
    let linked = services.iter().filter(|s| s["linkedServices"].as_object().is_some_and(|l| !l.is_empty()));
    let ok = out.code == 0
        && services.len() == 30
        && names.len() == 30
        && services.iter().all(|s| s["state"] == "active")
        && linked.count() == 10;
    if !ok {
        return Some(format!("seed {seed}: up exits {exits:?}, {} services: {}", services.len(), out.stderr));
    }
    // A retried delete that already went through is fine.
    let (exits, rm) = until_done(&["rm", "-f"]);
    let left = emu.resources("services").into_iter().filter(|s| s["state"] != "removed").count();
    (rm.code != 0 || left != 0)
        .then(|| format!("seed {seed}: rm exits {exits:?}, {left} left: {}", rm.stderr))
}
