//! One launch config as a docker-compose service: each `launchConfig` field under its compose
//! key, with the value the server holds (the inverse of what a compose client sends). Fields
//! that are unset, empty or false are left out: a compose client that does not set them
//! leaves them alone.

use serde_json::{Map, Value};

use super::yaml::{Doc, put};
use crate::emulator::store::Obj;

/// The label rancher-compose keeps its own bookkeeping in; recomputed by every `up`.
pub(super) const HASH_LABEL: &str = "io.rancher.service.hash";

/// launchConfig fields written under another (or the same) compose key, value as stored.
const RENAMED: &[(&str, &str)] = &[
    ("command", "command"),
    ("entryPoint", "entrypoint"),
    ("environment", "environment"),
    ("hostname", "hostname"),
    ("domainName", "domainname"),
    ("user", "user"),
    ("workingDir", "working_dir"),
    ("tty", "tty"),
    ("stdinOpen", "stdin_open"),
    ("stopSignal", "stop_signal"),
    ("ports", "ports"),
    ("expose", "expose"),
    ("dataVolumes", "volumes"),
    ("volumeDriver", "volume_driver"),
    ("dataVolumesFromLaunchConfigs", "volumes_from"),
    ("privileged", "privileged"),
    ("readOnly", "read_only"),
    ("capAdd", "cap_add"),
    ("capDrop", "cap_drop"),
    ("dns", "dns"),
    ("dnsSearch", "dns_search"),
    ("dnsOpt", "dns_opt"),
    ("extraHosts", "extra_hosts"),
    ("devices", "devices"),
    ("pidMode", "pid"),
    ("ipcMode", "ipc"),
    ("uts", "uts"),
    ("securityOpt", "security_opt"),
    ("memory", "mem_limit"),
    ("memorySwap", "memswap_limit"),
    ("memoryReservation", "mem_reservation"),
    ("memorySwappiness", "mem_swappiness"),
    ("cpuShares", "cpu_shares"),
    ("cpuSet", "cpuset"),
    ("cpuQuota", "cpu_quota"),
    ("cpuPeriod", "cpu_period"),
    ("cgroupParent", "cgroup_parent"),
    ("blkioWeight", "blkio_weight"),
    ("oomKillDisable", "oom_kill_disable"),
    ("oomScoreAdj", "oom_score_adj"),
    ("shmSize", "shm_size"),
    ("groupAdd", "group_add"),
    ("isolation", "isolation"),
    ("sysctls", "sysctls"),
];

/// The compose service of launch config `lc`; `image` is used when it has none of its own
/// (services that run no container are told apart by their image).
pub(super) fn service(lc: &Obj, image: Option<&str>) -> Doc {
    let mut out = Doc::new();
    let own = lc.get("imageUuid").and_then(Value::as_str);
    if let Some(image) = own.map(|i| i.strip_prefix("docker:").unwrap_or(i)).or(image) {
        put(&mut out, "image", &Value::from(image));
    }
    for (field, key) in RENAMED {
        if let Some(v) = lc.get(*field) {
            put(&mut out, key, v);
        }
    }
    let mut labels = lc.get("labels").and_then(Value::as_object).cloned().unwrap_or_default();
    labels.remove(HASH_LABEL);
    put(&mut out, "labels", &Value::Object(labels));
    network_mode(&mut out, lc);
    logging(&mut out, lc.get("logConfig"));
    blkio(&mut out, lc.get("blkioDeviceOptions"));
    if let Some(Value::Object(tmpfs)) = lc.get("tmpfs") {
        let mounts: Vec<Value> = tmpfs
            .iter()
            .map(|(path, opts)| match opts.as_str().filter(|o| !o.is_empty()) {
                Some(opts) => Value::from(format!("{path}:{opts}")),
                None => Value::from(path.as_str()),
            })
            .collect();
        put(&mut out, "tmpfs", &Value::Array(mounts));
    }
    if let Some(Value::Array(limits)) = lc.get("ulimits") {
        put(&mut out, "ulimits", &Value::Object(limits.iter().filter_map(ulimit).collect()));
    }
    out
}

/// `managed` is the default; `container` names the sidekick whose network is shared.
fn network_mode(out: &mut Doc, lc: &Obj) {
    let mode = lc.get("networkMode").and_then(Value::as_str).unwrap_or("managed");
    let text = match mode {
        "managed" | "" => return,
        "container" => match lc.get("networkLaunchConfig").and_then(Value::as_str) {
            Some(target) => format!("container:{target}"),
            None => return,
        },
        other => other.to_owned(),
    };
    put(out, "network_mode", &Value::from(text));
}

fn logging(out: &mut Doc, log: Option<&Value>) {
    let Some(log) = log else { return };
    let mut logging = Map::new();
    if let Some(driver) = log.get("driver").filter(|d| d.as_str().is_some_and(|d| !d.is_empty())) {
        logging.insert("driver".into(), driver.clone());
    }
    if let Some(Value::Object(options)) = log.get("config")
        && !options.is_empty()
    {
        logging.insert("options".into(), Value::Object(options.clone()));
    }
    put(out, "logging", &Value::Object(logging));
}

/// `blkioDeviceOptions` (device → weight and throttles) as compose's per-setting keys.
fn blkio(out: &mut Doc, options: Option<&Value>) {
    let Some(Value::Object(devices)) = options else { return };
    let weights: Vec<Value> = devices
        .iter()
        .filter_map(|(path, o)| Some(serde_json::json!({"path": path, "weight": o.get("weight")?.as_i64()?})))
        .collect();
    put(out, "blkio_weight_device", &Value::Array(weights));
    for (field, key) in [
        ("readBps", "device_read_bps"),
        ("readIops", "device_read_iops"),
        ("writeBps", "device_write_bps"),
        ("writeIops", "device_write_iops"),
    ] {
        let rates: Map<String, Value> = devices
            .iter()
            .filter_map(|(path, o)| Some((path.clone(), o.get(field).filter(|v| !v.is_null())?.clone())))
            .collect();
        put(out, key, &Value::Object(rates));
    }
}

/// `{name, soft, hard}` as compose's `name: N` or `name: {soft, hard}`.
fn ulimit(limit: &Value) -> Option<(String, Value)> {
    let name = limit.get("name")?.as_str()?.to_owned();
    let (soft, hard) = (limit.get("soft").and_then(Value::as_i64), limit.get("hard").and_then(Value::as_i64));
    let value = match (soft, hard) {
        (Some(s), Some(h)) if s == h => Value::from(s),
        (soft, hard) => serde_json::json!({"soft": soft, "hard": hard}),
    };
    Some((name, value))
}
