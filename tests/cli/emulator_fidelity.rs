//! The client against an emulator that behaves as Cattle does (issue #11): ports stored in
//! Cattle's form, selector links, driver services from the official catalog, and host ports
//! that never share a host.

use std::path::{Path, PathBuf};

use rancher_compose::emulator::{EmulatorConfig, EmulatorThread};
use serde_json::Value;

use crate::support::{add_certificate, emulator, fixture, rc_at, service, with_api};

fn project(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("fidelity");
    std::fs::create_dir(&dir).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    (tmp, dir)
}

/// After a deploy the server shows `80:80/tcp` for `80:80`, and a legacy balancer's lone `8080`
/// as `8080:8080/tcp`: neither `up --dry-run` nor `up --upgrade --dry-run` sees a change.
#[test]
fn ports_in_cattle_form_are_no_change() {
    for (name, service_name, stored) in [
        ("nginx-redis", "web", vec!["80:80/tcp"]),
        ("lb-legacy", "lb", vec!["8080:8080/tcp", "9090:9090/tcp"]),
    ] {
        let emu = emulator();
        add_certificate(&emu, "cert1");
        let dir = fixture(name);
        let out = rc_at(&emu, dir.path(), &["up", "-d"]);
        assert_eq!(out.code, 0, "{name}: {}", out.stderr);
        assert_eq!(service(&emu, service_name)["launchConfig"]["ports"], serde_json::json!(stored), "{name}");
        emu.clear_request_log();
        for args in [
            &["up", "-d", "--dry-run", "--detailed-exitcode"][..],
            &["up", "-d", "-u", "--dry-run", "--detailed-exitcode"],
        ] {
            let out = rc_at(&emu, dir.path(), args);
            assert_eq!(out.code, 0, "{name} {args:?} sees a change:\n{}\n{}", out.stdout, out.stderr);
        }
        let out = rc_at(&emu, dir.path(), &["up", "-d", "-u"]);
        assert_eq!(out.code, 0, "{name}: {}", out.stderr);
        assert!(emu.mutating_requests().is_empty(), "{name}: {:?}", emu.mutating_requests());
    }
}

#[test]
fn create_links_a_selector_service_to_the_services_its_labels_match() {
    let emu = emulator();
    let (_tmp, dir) = project(&[(
        "docker-compose.yml",
        "parent:\n  image: nginx\n  labels:\n    io.rancher.service.selector.link: foo=bar\n\
         child:\n  image: nginx\n  labels:\n    foo: bar\n",
    )]);
    let out = rc_at(&emu, &dir, &["create"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let parent = service(&emu, "parent");
    assert_eq!(parent["selectorLink"], "foo=bar");
    let link = parent["links"]["consumedservices"].as_str().unwrap().to_owned();
    let consumed = with_api(emu.base_url(), async |client| client.list_url(&link).await.unwrap());
    let names: Vec<&str> = consumed.iter().filter_map(|s| s["name"].as_str()).collect();
    assert_eq!(names, ["child"]);
}

fn corpus(template: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/rancher-catalog/infra-templates")
        .join(template)
}

/// A storage driver (Rancher NFS) and a network driver (Rancher IPsec) from the official catalog
/// deploy as `storageDriverService` and `networkDriverService`.
#[test]
fn catalog_driver_services_deploy() {
    for (template, version, kind, answers) in [
        ("nfs", "5", "storageDriverService", "NFS_SERVER=nfs.example.com\nMOUNT_DIR=/exports\n"),
        ("ipsec", "8", "networkDriverService", ""),
    ] {
        let emu = emulator();
        let (_tmp, dir) = project(&[("answers.txt", answers)]);
        let catalog = corpus(template);
        let catalog = catalog.to_str().unwrap();
        let out = rc_at(
            &emu,
            &dir,
            &["--catalog", catalog, "--catalog-version", version, "--answers", "answers.txt", "up", "-d"],
        );
        assert_eq!(out.code, 0, "{template}: {}", out.stderr);
        let services = emu.resources("services");
        let driver =
            services.iter().find(|s| s["type"] == kind).unwrap_or_else(|| panic!("{template}: no {kind}"));
        assert_eq!(driver["state"], "active", "{template}");
        assert!(services.iter().all(|s| s["state"] == "active"), "{template}: {services:?}");
        assert!(!emu.resources("containers").is_empty(), "{template}: the driver runs containers");
        // The driver arrives under the API's field names (0.12's go-rancher JSON), not YAML's.
        if kind == "networkDriverService" {
            let network = &driver["networkDriver"];
            assert_eq!(
                network["defaultNetwork"]["subnets"][0]["networkAddress"], "10.42.0.0/16",
                "{network}"
            );
            assert_eq!(network["cniConfig"]["10-rancher.conf"]["type"], "rancher-bridge", "{network}");
            let args = [
                "--catalog",
                catalog,
                "--catalog-version",
                version,
                "up",
                "-d",
                "--dry-run",
                "--detailed-exitcode",
            ];
            let out = rc_at(&emu, &dir, &args);
            assert_eq!(out.code, 0, "{template}: a second up sees a change:\n{}", out.stdout);
        }
    }
}

/// A balancer scaled past the hosts cannot place its third `80:80` container: the wait fails at
/// its deadline naming the port.
#[test]
fn a_balancer_scaled_past_the_hosts_fails_at_the_deadline_naming_the_port() {
    let emu = EmulatorThread::start(EmulatorConfig { hosts: 2, ..EmulatorConfig::for_tests() }).unwrap();
    let (_tmp, dir) = project(&[
        (
            "docker-compose.yml",
            "version: '2'\nservices:\n  web:\n    image: nginx\n  lb:\n    image: rancher/lb-service-haproxy:v0.7.9\n    ports: ['80:80']\n",
        ),
        (
            "rancher-compose.yml",
            "version: '2'\nservices:\n  lb:\n    scale: 3\n    lb_config:\n      port_rules:\n      - source_port: 80\n        target_port: 80\n        service: web\n",
        ),
    ]);
    // The deadline leaves time for a busy machine to get the balancer that far.
    let out = rc_at(&emu, &dir, &["up", "-d", "--timeout", "5"]);
    assert_ne!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("Scheduling failed: host needs ports 80/tcp available"), "{}", out.stderr);
    let lb = service(&emu, "lb");
    assert_eq!(lb["state"], "activating");
    let containers: Vec<Value> =
        emu.resources("containers").into_iter().filter(|c| c["serviceIds"][0] == lb["id"]).collect();
    let mut hosts: Vec<&str> = containers.iter().filter_map(|c| c["hostId"].as_str()).collect();
    hosts.sort_unstable();
    assert_eq!(hosts, ["1h1", "1h2"], "never two on one host");
}

/// Version folders of the catalog's infra templates whose rancher-compose.yml declares a
/// storage or network driver (where 0.12 reads it).
fn driver_versions() -> Vec<(PathBuf, String)> {
    let base =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/rancher-catalog/infra-templates");
    let declares = |file: &Path| {
        std::fs::read_to_string(file).unwrap_or_default().lines().any(|l| {
            let l = l.trim_start();
            l.starts_with("storage_driver:") || l.starts_with("network_driver:")
        })
    };
    let mut out = Vec::new();
    for template in std::fs::read_dir(&base).unwrap().map(|e| e.unwrap().path()) {
        for version in std::fs::read_dir(&template).into_iter().flatten().map(|e| e.unwrap().path()) {
            if declares(&version.join("rancher-compose.yml")) {
                out.push((template.clone(), version.file_name().unwrap().to_string_lossy().into_owned()));
            }
        }
    }
    out.sort();
    out
}

/// Answers for every question of a catalog version: its default, else a value of its type.
fn answers_for(template: &Path, version: &str) -> serde_json::Map<String, Value> {
    use rancher_compose::catalog::{CatalogOptions, PromptMode, Session};
    let load = rancher_compose::compose::LoadOptions {
        working_dir: template.parent().unwrap().to_owned(),
        ..Default::default()
    };
    let catalog = CatalogOptions {
        template_dir: Some(template.file_name().unwrap().into()),
        template_version: Some(version.to_owned()),
        prompt: PromptMode::Never,
        ..Default::default()
    };
    let session = Session::open(&load, &catalog, Default::default()).unwrap();
    let mut answers = serde_json::Map::new();
    for q in session.questions() {
        let value = q.default.clone().filter(|d| !d.is_empty()).unwrap_or_else(|| match q.kind.as_deref() {
            Some("int") => q.min.unwrap_or(1).to_string(),
            Some("boolean") => "true".into(),
            Some("enum") => q.options.first().cloned().unwrap_or_default(),
            _ => "x".repeat(usize::try_from(q.min_length.unwrap_or(1)).unwrap_or(1).max(1)),
        });
        answers.insert(q.variable.clone(), Value::String(value));
    }
    answers
}

/// Every catalog version that declares `storage_driver` or `network_driver` deploys with
/// `up -d`, its driver service active with the others.
#[test]
fn every_catalog_driver_version_deploys() {
    let versions = driver_versions();
    assert!(versions.len() > 100, "too few driver versions found: {}", versions.len());
    let mut failures = Vec::new();
    for (template, version) in &versions {
        let name = format!("{}/{version}", template.file_name().unwrap().to_string_lossy());
        let emu = emulator();
        let answers = serde_json::to_string(&answers_for(template, version)).unwrap();
        let (_tmp, dir) = project(&[("answers.json", &answers)]);
        let catalog = template.to_str().unwrap();
        let args =
            ["--catalog", catalog, "--catalog-version", version, "--answers", "answers.json", "up", "-d"];
        let out = rc_at(&emu, &dir, &args);
        let services = emu.resources("services");
        let driver = services
            .iter()
            .any(|s| s["type"] == "storageDriverService" || s["type"] == "networkDriverService");
        let all_active = services.iter().all(|s| s["state"] == "active");
        if out.code != 0 || !driver || !all_active {
            let states: Vec<String> =
                services.iter().map(|s| format!("{} {} {}", s["name"], s["type"], s["state"])).collect();
            failures.push(format!(
                "{name}: exit {} {}\n    {states:?}",
                out.code,
                out.stderr.lines().last().unwrap_or("")
            ));
            continue;
        }
        // Deployed as the files say: a second `up` plans nothing (fields the server does not
        // keep, such as a storage driver's `scope`, do not count as changes). Checked on the
        // newest version of each template, to keep the test short.
        let newest = versions
            .iter()
            .filter(|(t, _)| t == template)
            .map(|(_, v)| v)
            .max_by_key(|v| v.parse::<u32>().unwrap_or(0));
        if newest != Some(version) {
            continue;
        }
        let mut again = args.to_vec();
        again.extend(["--dry-run", "--detailed-exitcode"]);
        let plan = rc_at(&emu, &dir, &again);
        if plan.code != 0 {
            failures.push(format!("{name}: a second up plans changes:\n{}", plan.stdout));
        }
    }
    println!("{} of {} driver versions deploy", versions.len() - failures.len(), versions.len());
    assert!(failures.is_empty(), "{} failed:\n{}", failures.len(), failures.join("\n"));
}
