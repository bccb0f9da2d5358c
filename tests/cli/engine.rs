//! The deploy engine: what `up --dry-run --json` plans is exactly what `up --json` runs (step
//! ids, services, actions), and a following `up --dry-run` plans nothing; for every fixture,
//! for a list of edits, and for random edits of a generated stack.

use std::path::Path;

use rancher_compose::emulator::EmulatorThread;
use serde_json::Value;

use crate::support::{DEPLOYABLE, add_certificate, certificate_of, edit, emulator, fixture, rc, run};

/// `(id, service, action)` of each step in a plan or a result.
type Steps = Vec<(String, String, String)>;

fn steps(doc: &Value) -> Steps {
    doc["steps"]
        .as_array()
        .unwrap_or_else(|| panic!("no steps in {doc}"))
        .iter()
        .map(|s| {
            let text = |k: &str| s[k].as_str().unwrap_or_default().to_owned();
            (text("id"), text("service"), text("action"))
        })
        .collect()
}

fn last_json(stdout: &str) -> Value {
    let line = stdout.lines().last().unwrap_or_else(|| panic!("no output"));
    serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

/// Runs `up <args> --dry-run --json`, then `up <args> --json`, and checks that the run executed
/// exactly the planned steps, each done; then that planning again finds nothing to do.
/// Returns the planned steps.
fn plan_equals_run(emu: &EmulatorThread, dir: &Path, global: &[&str], args: &[&str]) -> Steps {
    let go = |extra: &[&str]| {
        let out = run(rc(dir)
            .env("RANCHER_URL", emu.base_url())
            .env("DB_PASSWORD", "secret")
            .args(global)
            .args(["up", "-d"])
            .args(args)
            .args(extra));
        assert_eq!(out.code, 0, "{args:?} {extra:?}: {}\n{}", out.stdout, out.stderr);
        last_json(&out.stdout)
    };
    let planned = steps(&go(&["--dry-run", "--json"]));
    let result = go(&["--json"]);
    let ran = if result["result"] == "unchanged" { Vec::new() } else { steps(&result) };
    assert_eq!(ran, planned, "{args:?}: the run did not do what the plan said\n{result}");
    if let Some(failed) = result["steps"].as_array().into_iter().flatten().find(|s| s["outcome"] != "done") {
        panic!("{args:?}: step not done: {failed}");
    }
    let again = go(&["--dry-run", "--json"]);
    assert_eq!(again["steps"].as_array().map(Vec::len), Some(0), "{args:?}: planned again: {again}");
    planned
}

fn ids(steps: &Steps) -> Vec<&str> {
    steps.iter().map(|(id, _, _)| id.as_str()).collect()
}

#[test]
fn plan_equals_run_for_every_fixture() {
    for (name, global) in DEPLOYABLE {
        let emu = emulator();
        let dir = fixture(name);
        if let Some(cert) = certificate_of(name) {
            add_certificate(&emu, cert);
        }
        let first = plan_equals_run(&emu, dir.path(), global, &[]);
        assert!(ids(&first).contains(&"stack:create"), "{name}: {first:?}");
        // With nothing changed, upgrading plans nothing either.
        assert!(plan_equals_run(&emu, dir.path(), global, &["--upgrade"]).is_empty(), "{name}");
    }
}

#[test]
fn plan_equals_run_through_edits() {
    let emu = emulator();
    let dir = fixture("nginx-redis");
    let dir = dir.path();
    plan_equals_run(&emu, dir, &[], &[]);

    // An image change is only a note without --upgrade; with it, an upgrade then a confirm.
    edit(dir, "docker-compose.yml", "nginx:1.13", "nginx:1.14");
    assert!(plan_equals_run(&emu, dir, &[], &[]).is_empty());
    let upgrade = plan_equals_run(&emu, dir, &[], &["--upgrade"]);
    assert_eq!(ids(&upgrade), ["web:upgrade"]);
    assert_eq!(ids(&plan_equals_run(&emu, dir, &[], &["--confirm-upgrade"])), ["web:confirm"]);

    // Scale is an update; a new service is created, linked and started.
    edit(dir, "rancher-compose.yml", "scale: 2", "scale: 3");
    assert_eq!(ids(&plan_equals_run(&emu, dir, &[], &[])), ["web:update"]);
    let text = std::fs::read_to_string(dir.join("docker-compose.yml")).unwrap();
    std::fs::write(
        dir.join("docker-compose.yml"),
        format!("{text}\nworker:\n  image: busybox\n  links:\n  - redis\n"),
    )
    .unwrap();
    let added = plan_equals_run(&emu, dir, &[], &[]);
    assert_eq!(ids(&added), ["worker:create", "worker:links", "worker:activate"]);

    // Links changed on a deployed service.
    edit(dir, "docker-compose.yml", "  links:\n  - redis\n", "  links:\n  - redis\n  - web\n");
    assert_eq!(ids(&plan_equals_run(&emu, dir, &[], &[])), ["worker:links"]);

    // An upgrade, then --rollback: the rollback's result lists its steps too.
    edit(dir, "docker-compose.yml", "image: busybox", "image: busybox:1.36");
    plan_equals_run(&emu, dir, &[], &["--upgrade"]);
    let out = run(rc(dir).env("RANCHER_URL", emu.base_url()).args(["up", "-d", "--rollback", "--json"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let rolled = last_json(&out.stdout);
    assert_eq!(steps(&rolled), [("worker:rollback".into(), "worker".into(), "rollback".into())]);
}

#[test]
fn plan_equals_run_for_sidekicks_and_balancer_rules() {
    let emu = emulator();
    let sidekicks = fixture("sidekicks");
    let dir = sidekicks.path();
    plan_equals_run(&emu, dir, &[], &[]);
    edit(dir, "docker-compose.yml", "example/log-shipper:1.0", "example/log-shipper:1.1");
    assert_eq!(ids(&plan_equals_run(&emu, dir, &[], &["-u", "-c"])), ["app:upgrade", "app:confirm"]);

    let lb = fixture("lb-v2");
    let dir = lb.path();
    add_certificate(&emu, "example-com");
    plan_equals_run(&emu, dir, &[], &[]);
    // Only the rules on port 80 (`target_port: 80` is also the start of `target_port: 8080`).
    edit(dir, "rancher-compose.yml", "target_port: 80\n", "target_port: 8081\n");
    assert_eq!(ids(&plan_equals_run(&emu, dir, &[], &[])), ["lb:update"]);
}

/// A small deterministic generator (xorshift), so a failing sequence can be replayed by seed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        usize::try_from(self.0 % n as u64).unwrap_or(0)
    }
}

/// A generated stack: per service its image tag, scale and links.
#[derive(Clone, Debug)]
struct Stack {
    services: Vec<(u32, u32, Vec<usize>)>,
}

impl Stack {
    fn write(&self, dir: &Path) {
        let mut compose = String::from("version: '2'\nservices:\n");
        let mut rancher = String::from("version: '2'\nservices:\n");
        for (i, (tag, scale, links)) in self.services.iter().enumerate() {
            compose.push_str(&format!("  s{i}:\n    image: nginx:1.{tag}\n"));
            if !links.is_empty() {
                compose.push_str("    links:\n");
                for l in links {
                    compose.push_str(&format!("    - s{l}\n"));
                }
            }
            rancher.push_str(&format!("  s{i}:\n    scale: {scale}\n"));
        }
        std::fs::write(dir.join("docker-compose.yml"), compose).unwrap();
        std::fs::write(dir.join("rancher-compose.yml"), rancher).unwrap();
    }

    /// One random edit: add a service, change an image, a scale, or a link.
    fn mutate(&mut self, rng: &mut Rng) -> &'static str {
        let n = self.services.len();
        match rng.below(4) {
            0 => {
                let links = if n > 0 { vec![rng.below(n)] } else { Vec::new() };
                self.services.push((0, 1, links));
                "add a service"
            }
            1 => {
                self.services[rng.below(n)].0 += 1;
                "change an image"
            }
            2 => {
                let s = rng.below(n);
                self.services[s].1 = 1 + u32::try_from(rng.below(3)).unwrap_or(0);
                "change a scale"
            }
            _ => {
                let s = rng.below(n);
                let target = rng.below(n);
                let links = &mut self.services[s].2;
                if links.contains(&target) {
                    links.retain(|l| *l != target);
                } else if target != s {
                    links.push(target);
                }
                "change a link"
            }
        }
    }
}

#[test]
fn plan_equals_run_for_random_edits() {
    let emu = emulator();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("generated");
    std::fs::create_dir(&dir).unwrap();
    let mut rng = Rng(0x5eed_1234_abcd_0042);
    let mut stack = Stack { services: vec![(0, 1, Vec::new()), (0, 2, vec![0]), (0, 1, vec![1])] };
    stack.write(&dir);
    plan_equals_run(&emu, &dir, &[], &[]);
    for round in 0..12 {
        let what = stack.mutate(&mut rng);
        stack.write(&dir);
        let args: &[&str] = if round % 2 == 0 { &["--upgrade", "--confirm-upgrade"] } else { &[] };
        let planned = plan_equals_run(&emu, &dir, &[], args);
        eprintln!("round {round}: {what} -> {:?}", ids(&planned));
    }
}

/// 0.12's `create` leaves the links of deployed services alone; `up` sets them
/// (`test_create_no_update_links`).
#[test]
fn create_does_not_relink_deployed_services() {
    let emu = emulator();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("relink");
    std::fs::create_dir(&dir).unwrap();
    let write = |target: &str| {
        let compose = format!(
            "foo:\n  image: nginx\n  links:\n  - {target}\nfoo2:\n  image: nginx\nfoo3:\n  image: nginx\n"
        );
        std::fs::write(dir.join("docker-compose.yml"), compose).unwrap();
    };
    let consumed = || -> Vec<String> {
        let services = emu.resources("services");
        let foo = services.iter().find(|s| s["name"] == "foo").unwrap();
        foo["linkedServices"]
            .as_object()
            .unwrap()
            .values()
            .filter_map(|id| services.iter().find(|s| s["id"] == *id))
            .filter_map(|s| s["name"].as_str().map(str::to_owned))
            .collect()
    };
    write("foo2");
    let out = run(rc(&dir).env("RANCHER_URL", emu.base_url()).args(["up", "-d"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(consumed(), ["foo2"]);
    write("foo3");
    let out = run(rc(&dir).env("RANCHER_URL", emu.base_url()).arg("create"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(consumed(), ["foo2"], "create changed the links of a deployed service");
    let out = run(rc(&dir).env("RANCHER_URL", emu.base_url()).args(["up", "-d"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(consumed(), ["foo3"], "up sets the links");
}

/// Upgrades `nginx-redis`'s web to `image` on an emulator with `faults`; returns the run.
fn upgrade_web_to(
    image: &str,
    faults: rancher_compose::emulator::Faults,
) -> (EmulatorThread, crate::support::Run) {
    let emu = emulator();
    let dir = fixture("nginx-redis");
    plan_equals_run(&emu, dir.path(), &[], &[]);
    emu.set_faults(faults);
    edit(dir.path(), "docker-compose.yml", "nginx:1.13", image);
    // A deadline far away: only the fail-fast rule can end a stuck run early.
    let args = ["up", "-d", "-u", "--timeout", "300", "--error-grace", "2"];
    let out = run(rc(dir.path()).env("RANCHER_URL", emu.base_url()).args(args));
    (emu, out)
}

#[test]
fn an_upgrade_whose_containers_never_start_fails_fast_with_the_servers_message() {
    let faults =
        rancher_compose::emulator::Faults { fail_images: vec!["nginx:broken".into()], ..Default::default() };
    let (emu, out) = upgrade_web_to("nginx:broken", faults);
    assert_eq!(out.code, 4, "{}", out.stderr);
    assert!(out.stderr.contains("its containers fail to start and nothing moved for 2 s"), "{}", out.stderr);
    // The containers' own words, not just a state.
    assert!(out.stderr.contains("Failed to start container: image docker:nginx:broken"), "{}", out.stderr);
    assert!(!out.stderr.contains("did not finish within"), "{}", out.stderr);
    let web = emu.resources("services").into_iter().find(|s| s["name"] == "web").unwrap();
    assert_eq!(web["state"], "upgrading", "left as it is for inspection");
}

#[test]
fn a_container_that_fails_once_and_then_starts_does_not_fail_the_run() {
    let faults =
        rancher_compose::emulator::Faults { flaky_images: vec!["nginx:flaky".into()], ..Default::default() };
    let (emu, out) = upgrade_web_to("nginx:flaky", faults);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let web = emu.resources("services").into_iter().find(|s| s["name"] == "web").unwrap();
    assert_eq!(web["state"], "upgraded");
    // Two run (the scale), and the server made at least one more in place of the one that
    // failed (removed containers are still listed).
    let flaky: Vec<Value> =
        emu.resources("containers").into_iter().filter(|c| c["imageUuid"] == "docker:nginx:flaky").collect();
    assert_eq!(flaky.iter().filter(|c| c["state"] == "running").count(), 2, "{flaky:?}");
    assert!(flaky.len() >= 3, "no container of the flaky image ever failed: {flaky:?}");
}
