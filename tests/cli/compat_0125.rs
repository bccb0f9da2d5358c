//! What rancher-compose 0.12.5 accepted and sent, kept (issue #11): throttled devices as maps,
//! empty parts left by unset variables, and compose files used verbatim unless they are
//! templates. Each test deploys to the emulator and states what reaches the server.

use std::path::{Path, PathBuf};

use rancher_compose::emulator::EmulatorThread;
use serde_json::Value;

use crate::support::{Run, emulator, rc, root, run};

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

fn up(emu: &EmulatorThread, dir: &Path, args: &[&str]) -> Run {
    let out = run(rc(dir).env("RANCHER_URL", emu.base_url()).args(args).args(["up", "-d"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    out
}

fn launch_config(emu: &EmulatorThread, name: &str) -> Value {
    let services = emu.resources("services");
    let service = services.iter().find(|s| s["name"] == name).unwrap_or_else(|| panic!("no service {name}"));
    service["launchConfig"].clone()
}

#[test]
fn device_throttles_are_accepted_in_map_form_as_0_12_did() {
    let emu = emulator();
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "docker-compose.yml",
        "web:\n  image: nginx\n  device_read_bps: {/dev/sda: 200}\n  device_write_bps: {/dev/sda: 1mb}\n  \
         device_read_iops: {/dev/sdb: 30}\n  device_write_iops: ['/dev/sdb:40']\n",
    );
    up(&emu, tmp.path(), &[]);
    let options = &launch_config(&emu, "web")["blkioDeviceOptions"];
    assert_eq!(options["/dev/sda"]["readBps"], 200);
    assert_eq!(options["/dev/sda"]["writeBps"], 1 << 20);
    assert_eq!(options["/dev/sdb"]["readIops"], 30);
    assert_eq!(options["/dev/sdb"]["writeIops"], 40);
}

#[test]
fn a_port_without_its_host_part_is_sent_unpublished_and_an_empty_volume_is_dropped() {
    let emu = emulator();
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "docker-compose.yml",
        "web:\n  image: nginx\n  ports: ['${HTTPS_PORT}:443', '${DNS_PORT}:53/udp', '8080:80']\n  \
         volumes: ['${DATA}:${MOUNT}', '/srv:/srv']\n",
    );
    let out = up(&emu, tmp.path(), &[]);
    for name in ["HTTPS_PORT", "DNS_PORT", "DATA", "MOUNT"] {
        assert!(out.stderr.contains(name), "the unset-variable warning names {name}: {}", out.stderr);
    }
    let lc = launch_config(&emu, "web");
    // The server stores ports as Cattle normalises them (`8080:80` as `8080:80/tcp`).
    assert_eq!(lc["ports"], serde_json::json!(["443/tcp", "53/udp", "8080:80/tcp"]));
    assert_eq!(lc["dataVolumes"], serde_json::json!(["/srv:/srv"]));
}

#[test]
fn a_compose_file_given_with_dash_f_is_used_verbatim() {
    let emu = emulator();
    let tmp = tempfile::tempdir().unwrap();
    let compose = "web:\n  image: nginx\n  labels:\n    traefik.frontend.rule: 'Host:{{.Name}}'\n";
    write(tmp.path(), "docker-compose.yml", compose);
    up(&emu, tmp.path(), &["-f", "docker-compose.yml"]);
    assert_eq!(launch_config(&emu, "web")["labels"]["traefik.frontend.rule"], "Host:{{.Name}}");
    // Named `.tpl`, the same text is a template, as the server renders it.
    write(tmp.path(), "other.yml.tpl", &compose.replace("web:", "api:"));
    let out = run(rc(tmp.path()).args(["-f", "other.yml.tpl", "config"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("Host:<no value>"), "{}", out.stdout);
}

fn route53() -> PathBuf {
    let dir = root().join("../shared/corpus/rancher-catalog/infra-templates/route53");
    assert!(dir.is_dir(), "the catalog corpus is missing: expected {}", dir.display());
    dir
}

const NAME_TEMPLATE: &str = "%{{service_name}}.%{{stack_name}}.%{{environment_name}}";

#[test]
fn dns_catalog_versions_with_placeholders_in_questions_deploy_with_dash_f_and_catalog() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "answers.yml",
        "AWS_ACCESS_KEY: ak\nAWS_SECRET_KEY: sk\nAWS_REGION: eu-west-1\nROOT_DOMAIN: example.com\n",
    );
    for version in ["11", "12", "14"] {
        let emu = emulator();
        let folder = route53().join(version);
        let file = folder.join("docker-compose.yml");
        let file = file.to_str().unwrap();
        up(&emu, tmp.path(), &["-f", file, "-p", "dns", "--answers", "answers.yml"]);
        let lc = launch_config(&emu, "route53");
        assert_eq!(lc["environment"]["NAME_TEMPLATE"], NAME_TEMPLATE, "-f, version {version}");

        let emu = emulator();
        let catalog = route53();
        let catalog = catalog.to_str().unwrap();
        up(
            &emu,
            tmp.path(),
            &["--catalog", catalog, "--catalog-version", version, "--answers", "answers.yml"],
        );
        let lc = launch_config(&emu, "route53");
        assert_eq!(lc["environment"]["NAME_TEMPLATE"], NAME_TEMPLATE, "--catalog, version {version}");
        let out = run(rc(tmp.path()).args(["--catalog", catalog, "--catalog-version", version, "questions"]));
        assert!(out.stdout.contains("NAME_TEMPLATE"), "{}", out.stdout);
    }
}

/// A `build:` with a git or http(s) context and no `image:` deploys as 0.12 did: Rancher builds
/// it into `<stack>_<service>_<millis>`; a local folder (0.12's S3 upload) is refused before
/// any change.
#[test]
fn remote_builds_deploy_and_local_ones_are_refused_first() {
    let emu = emulator();
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "docker-compose.yml",
        "web:\n  build: https://github.com/example/web.git#main\n  dockerfile: Dockerfile.prod\n",
    );
    up(&emu, tmp.path(), &[]);
    let lc = launch_config(&emu, "web");
    assert_eq!(lc["build"]["remote"], "https://github.com/example/web.git#main");
    assert_eq!(lc["build"]["dockerfile"], "Dockerfile.prod");
    let stacks = emu.resources("stacks");
    let stack = stacks[0]["name"].as_str().unwrap();
    let image = lc["imageUuid"].as_str().unwrap();
    assert!(image.starts_with(&format!("docker:{stack}_web_")), "{image}");
    // Deployed as it is: nothing to change, not even the generated image name.
    let again = run(rc(tmp.path()).env("RANCHER_URL", emu.base_url()).args([
        "up",
        "-d",
        "-u",
        "--dry-run",
        "--detailed-exitcode",
    ]));
    assert_eq!(again.code, 0, "{}\n{}", again.stdout, again.stderr);

    let local = tempfile::tempdir().unwrap();
    write(local.path(), "docker-compose.yml", "app:\n  build: .\n");
    emu.clear_request_log();
    let out = run(rc(local.path()).env("RANCHER_URL", emu.base_url()).args(["up", "-d"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("builds from a local folder and has no `image:`"), "{}", out.stderr);
    assert!(emu.mutating_requests().is_empty(), "{:?}", emu.mutating_requests());
}
