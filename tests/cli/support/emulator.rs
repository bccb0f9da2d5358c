//! An in-process emulator per test and the tool run against it; reading the emulator's state.

use std::path::Path;

use rancher_compose::emulator::{EmulatorConfig, EmulatorThread};
use serde_json::Value;

use super::{Run, rc, run, wait_until, with_api};

/// An emulator with instant timing on an ephemeral port.
pub fn emulator() -> EmulatorThread {
    EmulatorThread::start(EmulatorConfig::for_tests()).unwrap()
}

/// `rancher-compose ARGS` in `dir` against `emu`.
pub fn rc_at(emu: &EmulatorThread, dir: &Path, args: &[&str]) -> Run {
    run(rc(dir).env("RANCHER_URL", emu.base_url()).args(args))
}

/// [`rc_at`] that must exit 0.
pub fn ok(emu: &EmulatorThread, dir: &Path, args: &[&str]) -> Run {
    let out = rc_at(emu, dir, args);
    assert_eq!(out.code, 0, "{args:?}: {}\n{}", out.stdout, out.stderr);
    out
}

/// The live (not removed) service called `name`.
pub fn service(emu: &EmulatorThread, name: &str) -> Value {
    emu.resources("services")
        .into_iter()
        .find(|s| s["name"] == name && s["state"] != "removed")
        .unwrap_or_else(|| panic!("no service {name}"))
}

/// Ids of the service's live containers, sorted.
pub fn containers(emu: &EmulatorThread, svc: &Value) -> Vec<String> {
    let mut ids: Vec<String> = emu
        .resources("containers")
        .into_iter()
        .filter(|c| c["serviceIds"].as_array().is_some_and(|s| s.contains(&svc["id"])))
        .filter(|c| c["state"] != "removed" && c["state"] != "purged")
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids
}

/// A certificate on the server, as a user would have uploaded it.
pub fn add_certificate(emu: &EmulatorThread, name: &str) {
    let body = serde_json::json!({"name": name, "cert": "-----BEGIN CERTIFICATE-----", "key": "-----BEGIN PRIVATE KEY-----"});
    with_api(emu.base_url(), async |client| client.create("certificate", &body).await.unwrap());
}

/// Replaces `from` (which must be there) by `to` in `dir/file`.
pub fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no `{from}`");
    std::fs::write(&path, text.replace(from, to)).unwrap();
}

/// Waits until no process runs in the emulator and nothing is transitioning.
pub fn settle(emu: &EmulatorThread) {
    wait_until("the emulator to settle", || emu.is_settled());
}

/// The service called `name` among `services` (as [`EmulatorThread::resources`] gives them).
pub fn named<'a>(services: &'a [Value], name: &str) -> &'a Value {
    services.iter().find(|s| s["name"] == name).unwrap_or_else(|| panic!("no service {name}"))
}
