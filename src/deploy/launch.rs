//! Compose configuration → Rancher `launchConfig`, built on the client (rancher-compose 0.12
//! asked the server's `scripts/transform`; the mapping is the one that endpoint applies, see
//! `rancher-compose-behavior.md` §9.1). Pure: no requests.

use serde_json::{Map, Value, json};

use crate::compose::rancher::{Disk, HealthCheck};
use crate::compose::service::{Service, ThrottleDevice, Ulimit};
use crate::compose::{Project, ProjectService};

/// The primary launch config of `service`.
#[must_use]
pub(crate) fn primary(service: &ProjectService) -> Value {
    let mut config = from_compose(&service.compose);
    add_rancher(&mut config, service);
    if super::kind::Kind::of(service) == super::kind::Kind::LegacyLoadBalancer {
        super::legacy_lb::adjust_launch_config(&mut config);
    }
    with_hash(config)
}

/// Adds 0.12's launch config hash label (see [`super::hash`]).
fn with_hash(mut config: Map<String, Value>) -> Value {
    let hash = super::hash::launch_config(&Value::Object(config.clone()));
    if let Some(labels) = config.get_mut("labels").and_then(Value::as_object_mut) {
        labels.insert(super::plan::HASH_KEY.into(), json!(hash));
    }
    Value::Object(config)
}

/// The secondary launch configs (sidekicks) of `service`, in label order.
#[must_use]
pub(crate) fn secondaries(project: &Project, service: &ProjectService) -> Vec<Value> {
    service
        .sidekicks()
        .into_iter()
        .filter_map(|name| {
            let sidekick = project.services.get(name)?;
            let mut config = from_compose(&sidekick.compose);
            add_rancher(&mut config, sidekick);
            config.insert("name".into(), json!(name));
            Some(with_hash(config))
        })
        .collect()
}

fn put(config: &mut Map<String, Value>, key: &str, value: impl Into<Value>) {
    config.insert(key.to_owned(), value.into());
}

fn put_opt<T: Into<Value> + Clone>(config: &mut Map<String, Value>, key: &str, value: Option<&T>) {
    if let Some(v) = value {
        put(config, key, v.clone());
    }
}

fn put_list(config: &mut Map<String, Value>, key: &str, items: &[String]) {
    if !items.is_empty() {
        put(config, key, items.to_vec());
    }
}

/// The image reference Rancher stores: `docker:<image>` unless already prefixed.
#[must_use]
pub(crate) fn image_uuid(image: &str) -> String {
    if image.starts_with("docker:") || image.starts_with("sim:") {
        image.to_owned()
    } else {
        format!("docker:{image}")
    }
}

/// The build context of `s` when the server can fetch it (`http(s)://`, `git://`,
/// `github.com/`, `git@`): Rancher builds those itself (`rancher-compose-behavior.md` §18).
#[must_use]
pub(crate) fn remote_build(s: &Service) -> Option<&str> {
    let context = s.build.as_ref()?.context.as_deref()?;
    let remote =
        ["http://", "https://", "git://", "github.com/", "git@"].iter().any(|p| context.starts_with(p));
    remote.then_some(context)
}

fn from_compose(s: &Service) -> Map<String, Value> {
    let mut c = Map::new();
    if let Some(image) = &s.image {
        put(&mut c, "imageUuid", image_uuid(image));
    }
    if let Some(context) = remote_build(s) {
        let mut build = Map::new();
        build.insert("remote".into(), json!(context));
        let dockerfile = s.build.as_ref().and_then(|b| b.dockerfile.as_ref()).or(s.dockerfile.as_ref());
        if let Some(dockerfile) = dockerfile {
            build.insert("dockerfile".into(), json!(dockerfile));
        }
        put(&mut c, "build", build);
    }
    if let Some(command) = &s.command {
        put(&mut c, "command", command.clone());
    }
    if let Some(entry) = &s.entrypoint {
        put(&mut c, "entryPoint", entry.clone());
    }
    let environment: Map<String, Value> =
        s.environment.iter().filter_map(|(k, v)| Some((k.clone(), json!(v.as_ref()?)))).collect();
    if !environment.is_empty() {
        put(&mut c, "environment", environment);
    }
    // 0.12 always sent a labels map.
    let labels: Map<String, Value> = s.labels.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
    put(&mut c, "labels", labels);
    put_opt(&mut c, "hostname", s.hostname.as_ref());
    put_opt(&mut c, "domainName", s.domainname.as_ref());
    put_opt(&mut c, "user", s.user.as_ref());
    put_opt(&mut c, "workingDir", s.working_dir.as_ref());
    put_opt(&mut c, "tty", s.tty.as_ref());
    put_opt(&mut c, "stdinOpen", s.stdin_open.as_ref());
    put_opt(&mut c, "stopSignal", s.stop_signal.as_ref());
    put_list(&mut c, "ports", &s.ports);
    put_list(&mut c, "expose", &s.expose);
    put_list(&mut c, "dataVolumes", &s.volumes);
    put_opt(&mut c, "volumeDriver", s.volume_driver.as_ref());
    put_list(&mut c, "dataVolumesFromLaunchConfigs", &s.volumes_from);
    match s.network_mode.as_deref() {
        None | Some("") => put(&mut c, "networkMode", "managed"),
        Some(mode) => match mode.strip_prefix("container:") {
            Some(target) => {
                put(&mut c, "networkMode", "container");
                put(&mut c, "networkLaunchConfig", target);
            }
            None => put(&mut c, "networkMode", mode),
        },
    }
    put_opt(&mut c, "privileged", s.privileged.as_ref());
    put_opt(&mut c, "readOnly", s.read_only.as_ref());
    put_list(&mut c, "capAdd", &s.cap_add);
    put_list(&mut c, "capDrop", &s.cap_drop);
    put_list(&mut c, "dns", &s.dns);
    put_list(&mut c, "dnsSearch", &s.dns_search);
    put_list(&mut c, "dnsOpt", &s.dns_opt);
    put_list(&mut c, "extraHosts", &s.extra_hosts);
    if !s.devices.is_empty() {
        put(&mut c, "devices", s.devices.iter().map(|d| device(d)).collect::<Vec<_>>());
    }
    // `restart` has no launchConfig field in v2-beta: Rancher restarts containers itself.
    let log = s.logging.as_ref();
    let log_options: Map<String, Value> =
        log.map(|l| l.options.iter().map(|(k, v)| (k.clone(), json!(v))).collect()).unwrap_or_default();
    let mut log_config = Map::new();
    if let Some(driver) = log.and_then(|l| l.driver.as_ref()) {
        log_config.insert("driver".into(), json!(driver));
    }
    log_config.insert("config".into(), Value::Object(log_options));
    put(&mut c, "logConfig", log_config);
    put_opt(&mut c, "pidMode", s.pid.as_ref());
    put_opt(&mut c, "ipcMode", s.ipc.as_ref());
    put_opt(&mut c, "uts", s.uts.as_ref());
    put_list(&mut c, "securityOpt", &s.security_opt);
    put_opt(&mut c, "memory", s.mem_limit.as_ref());
    put_opt(&mut c, "memorySwap", s.memswap_limit.as_ref());
    put_opt(&mut c, "memoryReservation", s.mem_reservation.as_ref());
    put_opt(&mut c, "memorySwappiness", s.mem_swappiness.as_ref());
    put_opt(&mut c, "cpuShares", s.cpu_shares.as_ref());
    put_opt(&mut c, "cpuSet", s.cpuset.as_ref());
    put_opt(&mut c, "cpuQuota", s.cpu_quota.as_ref());
    put_opt(&mut c, "cpuPeriod", s.cpu_period.as_ref());
    put_opt(&mut c, "cgroupParent", s.cgroup_parent.as_ref());
    put_opt(&mut c, "blkioWeight", s.blkio_weight.as_ref());
    if let Some(options) = blkio_options(s) {
        put(&mut c, "blkioDeviceOptions", options);
    }
    put_opt(&mut c, "oomKillDisable", s.oom_kill_disable.as_ref());
    put_opt(&mut c, "oomScoreAdj", s.oom_score_adj.as_ref());
    put_opt(&mut c, "shmSize", s.shm_size.as_ref());
    if !s.tmpfs.is_empty() {
        let tmpfs: Map<String, Value> = s
            .tmpfs
            .iter()
            .map(|t| match t.split_once(':') {
                Some((path, opts)) => (path.to_owned(), json!(opts)),
                None => (t.clone(), json!("")),
            })
            .collect();
        put(&mut c, "tmpfs", tmpfs);
    }
    if !s.ulimits.is_empty() {
        let ulimits: Vec<Value> = s
            .ulimits
            .iter()
            .map(|(name, limit)| match limit {
                Ulimit::Single(n) => json!({"name": name, "soft": n, "hard": n}),
                Ulimit::Range { soft, hard } => json!({"name": name, "soft": soft, "hard": hard}),
            })
            .collect();
        put(&mut c, "ulimits", ulimits);
    }
    put_list(&mut c, "groupAdd", &s.group_add);
    put_opt(&mut c, "isolation", s.isolation.as_ref());
    if !s.sysctls.is_empty() {
        let sysctls: Map<String, Value> = s.sysctls.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
        put(&mut c, "sysctls", sysctls);
    }
    c
}

fn add_rancher(c: &mut Map<String, Value>, service: &ProjectService) {
    let r = &service.rancher;
    if let Some(check) = &r.health_check {
        put(c, "healthCheck", health_check(check));
    }
    if let Some(kind) = &r.kind {
        let kind =
            if kind.eq_ignore_ascii_case("virtual_machine") || kind.eq_ignore_ascii_case("virtualmachine") {
                "virtualMachine".to_owned()
            } else {
                kind.clone()
            };
        put(c, "kind", kind);
    }
    put_opt(c, "vcpu", r.vcpu.as_ref());
    put_opt(c, "memoryMb", r.memory.as_ref());
    put_opt(c, "userdata", r.userdata.as_ref());
    if !r.disks.is_empty() {
        put(c, "disks", r.disks.iter().map(disk).collect::<Vec<_>>());
    }
    if let Some(start) = r.start_on_create {
        put(c, "startOnCreate", start);
    }
}

/// The launch config fields whose wanted value differs from the live one. Only what we set is
/// compared, and maps only by the keys we set, so values the server fills in or adds (default
/// fields, Rancher's own labels) do not count as differences.
#[must_use]
pub(crate) fn differences(desired: &Value, live: &Value) -> Vec<String> {
    let Some(desired) = desired.as_object() else { return Vec::new() };
    desired
        .iter()
        .filter(|(key, want)| match key.as_str() {
            "ports" => port_set(want) != port_set(live.get("ports").unwrap_or(&Value::Null)),
            _ => !covers(live.get(key.as_str()), want),
        })
        .map(|(key, _)| key.clone())
        .collect()
}

/// Port specs as the server stores them (`80:81/tcp`): the Go client's `transform` added the
/// protocol, and Rancher shows a lone port `7900` as `7900:7900/tcp`, so those forms are the
/// same port.
fn port_set(ports: &Value) -> Vec<String> {
    let mut set: Vec<String> = ports
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(|p| {
            let (ports, protocol) = p.split_once('/').unwrap_or((p, "tcp"));
            if ports.contains(':') {
                format!("{ports}/{protocol}")
            } else {
                format!("{ports}:{ports}/{protocol}")
            }
        })
        .collect();
    set.sort();
    set
}

/// Whether `have` holds everything in `want`. A launch config nested in a service (a
/// balancer's updatable `launchConfig`) compares its `ports` as the server stores them.
#[must_use]
pub(crate) fn covers(have: Option<&Value>, want: &Value) -> bool {
    match (have, want) {
        (Some(Value::Object(h)), Value::Object(w)) => w.iter().all(|(k, v)| match k.as_str() {
            "ports" => port_set(v) == port_set(h.get(k).unwrap_or(&Value::Null)),
            _ => covers(h.get(k), v),
        }),
        // Lists of objects (port rules, ulimits) may carry server-filled fields in each item.
        (Some(Value::Array(h)), Value::Array(w)) => {
            h.len() == w.len() && h.iter().zip(w).all(|(h, w)| covers(Some(h), w))
        }
        (None | Some(Value::Null), Value::Object(w)) => w.values().all(|v| covers(None, v)),
        (None | Some(Value::Null), Value::Array(w)) => w.is_empty(),
        (Some(h), w) => h == w,
        (None, _) => false,
    }
}

/// A Rancher health check object from the rancher-compose.yml form.
#[must_use]
pub(crate) fn health_check(h: &HealthCheck) -> Value {
    let mut m = Map::new();
    put_opt(&mut m, "port", h.port.as_ref());
    put_opt(&mut m, "interval", h.interval.as_ref());
    put_opt(&mut m, "responseTimeout", h.response_timeout.as_ref());
    put_opt(&mut m, "healthyThreshold", h.healthy_threshold.as_ref());
    put_opt(&mut m, "unhealthyThreshold", h.unhealthy_threshold.as_ref());
    put_opt(&mut m, "initializingTimeout", h.initializing_timeout.as_ref());
    put_opt(&mut m, "reinitializingTimeout", h.reinitializing_timeout.as_ref());
    put_opt(&mut m, "requestLine", h.request_line.as_ref());
    put_opt(&mut m, "strategy", h.strategy.as_ref());
    put_opt(&mut m, "name", h.name.as_ref());
    if let Some(quorum) = h.recreate_on_quorum_strategy_config.as_ref().and_then(|q| q.quorum) {
        put(&mut m, "recreateOnQuorumStrategyConfig", json!({ "quorum": quorum }));
    }
    Value::Object(m)
}

fn disk(d: &Disk) -> Value {
    let mut m = Map::new();
    put_opt(&mut m, "name", d.name.as_ref());
    put_opt(&mut m, "size", d.size.as_ref());
    put_opt(&mut m, "driver", d.driver.as_ref());
    if !d.opts.is_empty() {
        put(&mut m, "opts", d.opts.iter().map(|(k, v)| (k.clone(), json!(v))).collect::<Map<_, _>>());
    }
    put_opt(&mut m, "readIops", d.read_iops.as_ref());
    put_opt(&mut m, "writeIops", d.write_iops.as_ref());
    put_opt(&mut m, "root", d.root.as_ref());
    Value::Object(m)
}

/// `host[:container[:perms]]` with Rancher's default permissions `rwm`.
fn device(spec: &str) -> String {
    let parts: Vec<&str> = spec.split(':').collect();
    match parts.as_slice() {
        [host] => format!("{host}:{host}:rwm"),
        [host, container] => format!("{host}:{container}:rwm"),
        _ => spec.to_owned(),
    }
}

fn blkio_options(s: &Service) -> Option<Value> {
    let mut by_path: Map<String, Value> = Map::new();
    let mut set = |path: &str, key: &str, value: Value| {
        let entry = by_path.entry(path.to_owned()).or_insert_with(|| json!({}));
        if let Value::Object(m) = entry {
            m.insert(key.to_owned(), value);
        }
    };
    for w in &s.blkio_weight_device {
        set(&w.path, "weight", json!(w.weight));
    }
    let throttles: [(&[ThrottleDevice], &str); 4] = [
        (&s.device_read_bps, "readBps"),
        (&s.device_read_iops, "readIops"),
        (&s.device_write_bps, "writeBps"),
        (&s.device_write_iops, "writeIops"),
    ];
    for (devices, key) in throttles {
        for d in devices {
            let rate = serde_json::to_value(&d.rate).unwrap_or(Value::Null);
            set(&d.path, key, rate);
        }
    }
    (!by_path.is_empty()).then_some(Value::Object(by_path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(yaml: &str) -> ProjectService {
        let mut compose: Service = serde_yaml::from_str(yaml).unwrap();
        compose.normalise();
        ProjectService { compose, ..ProjectService::default() }
    }

    #[test]
    fn maps_compose_keys_to_launch_config_fields() {
        let s = service(
            "image: nginx\ncommand: [a, b]\nentrypoint: /bin/x\nenvironment: {A: b}\nports: ['80:81', '123']\n\
             volumes: ['/tmp/x:/tmp/y', /data]\nnet: container:side\nprivileged: true\ndevices: [/dev/sda:/dev/a, /dev/sdb:/dev/c:ro]\nmem_limit: 100\ncpu_shares: 42\nlog_driver: syslog\n\
             log_opt: {tag: foo}\ndevice_read_bps: [{path: /dev/null, rate: 4000}]\nulimits: {nofile: {soft: 1, hard: 2}}\n\
             tmpfs: ['/run:size=1m']\nworking_dir: /w\n",
        );
        let lc = primary(&s);
        assert_eq!(lc["imageUuid"], "docker:nginx");
        assert_eq!(lc["command"], json!(["a", "b"]));
        assert_eq!(lc["entryPoint"], json!(["/bin/x"]));
        assert_eq!(lc["environment"], json!({"A": "b"}));
        assert_eq!(lc["ports"], json!(["80:81", "123"]));
        assert_eq!(lc["dataVolumes"], json!(["/tmp/x:/tmp/y", "/data"]));
        assert_eq!(
            (lc["networkMode"].as_str(), lc["networkLaunchConfig"].as_str()),
            (Some("container"), Some("side"))
        );
        assert!(lc.get("restartPolicy").is_none());
        assert_eq!(lc["devices"], json!(["/dev/sda:/dev/a:rwm", "/dev/sdb:/dev/c:ro"]));
        assert_eq!(lc["logConfig"], json!({"driver": "syslog", "config": {"tag": "foo"}}));
        assert_eq!(lc["blkioDeviceOptions"], json!({"/dev/null": {"readBps": 4000}}));
        assert_eq!(lc["ulimits"], json!([{"name": "nofile", "soft": 1, "hard": 2}]));
        assert_eq!(lc["tmpfs"], json!({"/run": "size=1m"}));
        assert_eq!((lc["memory"].as_i64(), lc["cpuShares"].as_i64()), (Some(100), Some(42)));
        assert_eq!(lc["workingDir"], "/w");
        assert_eq!(
            lc["labels"].as_object().map(|l| l.keys().map(String::as_str).collect::<Vec<_>>()),
            Some(vec!["io.rancher.service.hash"])
        );
        let managed = primary(&service("image: x"));
        assert_eq!(managed["networkMode"], "managed");
        assert_eq!(primary(&service("image: docker:x"))["imageUuid"], "docker:x");
    }

    #[test]
    fn differences_ignore_what_the_server_adds() {
        let desired = json!({"imageUuid": "docker:nginx", "labels": {"a": "1"}, "logConfig": {"config": {}}, "ports": ["80:80"]});
        let live = json!({"imageUuid": "docker:nginx", "labels": {"a": "1", "io.rancher.service.hash": "x"},
                          "logConfig": {"config": {}, "driver": null}, "ports": ["80:80"], "version": "0"});
        assert!(differences(&desired, &live).is_empty());
        let server_format =
            json!({"imageUuid": "docker:nginx", "labels": {"a": "1"}, "ports": ["80:80/tcp"]});
        assert!(differences(&desired, &server_format).is_empty());
        let changed = json!({"imageUuid": "docker:nginx:2", "labels": {}, "ports": ["81:80"]});
        assert_eq!(differences(&desired, &changed), ["imageUuid", "labels", "ports"]);
        // A legacy balancer's lone source port, as Cattle stores it on a balancer.
        let balancer = json!({"launchConfig": {"ports": ["8080", "7900/tcp"]}});
        let stored =
            json!({"launchConfig": {"ports": ["8080:8080/tcp", "7900:7900/tcp"], "type": "launchConfig"}});
        assert!(covers(Some(&stored), &balancer));
        assert!(!covers(
            Some(&json!({"launchConfig": {"ports": ["8081:8081/tcp", "7900:7900/tcp"]}})),
            &balancer
        ));
    }

    #[test]
    fn every_field_we_send_exists_in_the_real_launch_config_schema() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/rancher-api/schemas-v2-beta.json");
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
            panic!("the real schemas are missing: expected ../shared/rancher-api/ ({e})")
        });
        let doc: Value = serde_json::from_str(&text).unwrap();
        let schema = doc["data"].as_array().unwrap().iter().find(|s| s["id"] == "launchConfig").unwrap();
        let mut s = service(
            "image: x\ncommand: a\nentrypoint: b\nenvironment: {A: b}\nlabels: {a: b}\nhostname: h\ndomainname: d\n\
             user: u\nworking_dir: /w\ntty: true\nstdin_open: true\nstop_signal: TERM\nports: ['1']\nexpose: ['2']\n\
             volumes: [/v]\nvolume_driver: local\nvolumes_from: [s]\nnet: host\nprivileged: true\nread_only: true\n\
             cap_add: [A]\ncap_drop: [B]\ndns: [1.1.1.1]\ndns_search: [x]\ndns_opt: [y]\nextra_hosts: ['a:1.2.3.4']\n\
             devices: [/dev/a]\nrestart: always\nlog_driver: syslog\npid: host\nipc: host\nuts: host\nsecurity_opt: [z]\n\
             mem_limit: 1\nmemswap_limit: 2\nmem_reservation: 3\nmem_swappiness: 4\ncpu_shares: 5\ncpuset: '1'\n\
             cpu_quota: 6\ncpu_period: 7\ncgroup_parent: c\nblkio_weight: 8\nblkio_weight_device: [{path: /d, weight: 9}]\n\
             oom_kill_disable: true\noom_score_adj: 10\nshm_size: 11\ntmpfs: [/t]\nulimits: {nofile: 12}\n\
             group_add: [g]\nisolation: default\n",
        );
        s.rancher = serde_yaml::from_str(
            "health_check: {port: 1, interval: 2, request_line: x, recreate_on_quorum_strategy_config: {quorum: 1}}\n\
             type: virtual_machine\nvcpu: 1\nmemory: 2\nuserdata: u\ndisks: [{name: d, size: 1g}]\nstart_on_create: true\n",
        )
        .unwrap();
        let mut lc = primary(&s);
        lc["sysctls"] = json!({"a": "b"});
        let fields = schema["resourceFields"].as_object().unwrap();
        for key in lc.as_object().unwrap().keys() {
            assert!(fields.contains_key(key), "launchConfig has no field `{key}` on a real server");
        }
        let check =
            doc["data"].as_array().unwrap().iter().find(|s| s["id"] == "instanceHealthCheck").unwrap();
        for key in lc["healthCheck"].as_object().unwrap().keys() {
            assert!(check["resourceFields"].get(key).is_some(), "instanceHealthCheck has no field `{key}`");
        }
        assert_eq!(lc["kind"], "virtualMachine");
    }
}
