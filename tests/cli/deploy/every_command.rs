//! Every deploy command in turn on every fixture.

use serde_json::Value;

use crate::support::{add_certificate, emulator, fixture, rc, run};

#[test]
fn every_command_on_every_fixture() {
    let fixtures: [(&str, &[&str], Option<&str>); 8] = [
        ("nginx-redis", &[], None),
        ("sidekicks", &[], None),
        ("lb-v2", &[], Some("example-com")),
        ("lb-legacy", &[], Some("cert1")),
        ("external", &[], None),
        ("extends", &[], None),
        ("override", &["-f", "docker-compose.yml", "-f", "docker-compose.prod.yml"], None),
        ("jenkins", &["--answers", "answers.txt"], None),
    ];
    for (name, global, cert) in fixtures {
        let emu = emulator();
        if let Some(cert) = cert {
            add_certificate(&emu, cert);
        }
        let dir = fixture(name);
        let go = |args: &[&str]| {
            let out = run(rc(dir.path())
                .env("RANCHER_URL", emu.base_url())
                .env("DB_PASSWORD", "secret")
                .args(global)
                .args(args));
            assert_eq!(out.code, 0, "{name} {args:?}: {}", out.stderr);
            out
        };
        let live = || -> Vec<Value> {
            emu.resources("services").into_iter().filter(|s| s["state"] != "removed").collect()
        };
        go(&["create"]);
        assert!(live().iter().all(|s| s["state"] == "inactive"), "{name}: create leaves services inactive");
        go(&["up", "-d"]);
        assert!(live().iter().all(|s| s["state"] == "active"), "{name}: up activates");
        let ps = go(&["ps", "-q"]);
        assert_eq!(ps.stdout.lines().count(), live().len(), "{name}: ps lists every service");
        go(&["stop"]);
        assert!(live().iter().all(|s| s["state"] == "inactive"), "{name}: stop");
        go(&["start"]);
        assert!(live().iter().all(|s| s["state"] == "active"), "{name}: start");
        go(&["restart"]);
        // By name, not by id: services are created concurrently, and scaling one that publishes
        // a host port needs a free host (override's worker would need a sixth).
        let first = live()
            .into_iter()
            .filter(|s| s["type"] == "service")
            .map(|s| s["name"].as_str().unwrap().to_owned())
            .min();
        if let Some(first) = first {
            go(&["scale", &format!("{first}=2")]);
            assert_eq!(
                live().iter().find(|s| s["name"] == first.as_str()).unwrap()["scale"],
                2,
                "{name}: scale"
            );
        }
        go(&["pull"]);
        go(&["logs"]);
        go(&["up", "-d", "-u", "--dry-run"]);
        go(&["rm", "-f"]);
        assert!(live().is_empty(), "{name}: rm removes everything: {:?}", live());
    }
}
