//! `POST /scripts/transform`: turn a Docker "container inspect"-like document into a launchConfig,
//! as Cattle's TransformInspect does (`rancher-api-semantics.md` §2.10). The output is deterministic (sorted keys, no
//! timestamps or ids) because rancher-compose hashes it.

use serde_json::{Map, Value, json};

use super::error::{ApiError, ApiResult};

#[derive(Clone, Copy)]
enum Kind {
    Str,
    Int,
    Bool,
    StrList,
    StrMap,
}

/// (section, Docker key, launchConfig key, kind)
const DIRECT: &[(&str, &str, &str, Kind)] = &[
    ("Config", "Hostname", "hostname", Kind::Str),
    ("Config", "Domainname", "domainName", Kind::Str),
    ("Config", "User", "user", Kind::Str),
    ("Config", "WorkingDir", "workingDir", Kind::Str),
    ("Config", "Tty", "tty", Kind::Bool),
    ("Config", "OpenStdin", "stdinOpen", Kind::Bool),
    ("Config", "StopSignal", "stopSignal", Kind::Str),
    ("Config", "StopTimeout", "stopTimeout", Kind::Int),
    ("Config", "VolumeDriver", "volumeDriver", Kind::Str),
    ("HostConfig", "VolumeDriver", "volumeDriver", Kind::Str),
    ("HostConfig", "Privileged", "privileged", Kind::Bool),
    ("HostConfig", "PublishAllPorts", "publishAllPorts", Kind::Bool),
    ("HostConfig", "Dns", "dns", Kind::StrList),
    ("HostConfig", "DnsSearch", "dnsSearch", Kind::StrList),
    ("HostConfig", "DnsOptions", "dnsOpt", Kind::StrList),
    ("HostConfig", "CapAdd", "capAdd", Kind::StrList),
    ("HostConfig", "CapDrop", "capDrop", Kind::StrList),
    ("HostConfig", "SecurityOpt", "securityOpt", Kind::StrList),
    ("HostConfig", "PidMode", "pidMode", Kind::Str),
    ("HostConfig", "ReadonlyRootfs", "readOnly", Kind::Bool),
    ("HostConfig", "ExtraHosts", "extraHosts", Kind::StrList),
    ("HostConfig", "IpcMode", "ipcMode", Kind::Str),
    ("HostConfig", "UTSMode", "uts", Kind::Str),
    ("HostConfig", "UsernsMode", "usernsMode", Kind::Str),
    ("HostConfig", "Sysctls", "sysctls", Kind::StrMap),
    ("HostConfig", "Tmpfs", "tmpfs", Kind::StrMap),
    ("HostConfig", "StorageOpt", "storageOpt", Kind::StrMap),
    ("HostConfig", "GroupAdd", "groupAdd", Kind::StrList),
    ("HostConfig", "ShmSize", "shmSize", Kind::Int),
    ("HostConfig", "OomKillDisable", "oomKillDisable", Kind::Bool),
    ("HostConfig", "OomScoreAdj", "oomScoreAdj", Kind::Int),
    ("HostConfig", "KernelMemory", "kernelMemory", Kind::Int),
    ("HostConfig", "MemorySwappiness", "memorySwappiness", Kind::Int),
    ("HostConfig", "MemoryReservation", "memoryReservation", Kind::Int),
    ("HostConfig", "BlkioWeight", "blkioWeight", Kind::Int),
    ("HostConfig", "CgroupParent", "cgroupParent", Kind::Str),
    ("HostConfig", "CpuPeriod", "cpuPeriod", Kind::Int),
    ("HostConfig", "CpuQuota", "cpuQuota", Kind::Int),
    ("HostConfig", "CpusetMems", "cpuSetMems", Kind::Str),
    ("HostConfig", "Isolation", "isolation", Kind::Str),
    ("HostConfig", "Memory", "memory", Kind::Int),
    ("HostConfig", "MemorySwap", "memorySwap", Kind::Int),
    ("HostConfig", "CpuShares", "cpuShares", Kind::Int),
    ("HostConfig", "CpusetCpus", "cpuSet", Kind::Str),
    ("HostConfig", "PidsLimit", "pidsLimit", Kind::Int),
    ("HostConfig", "CpuCount", "cpuCount", Kind::Int),
    ("HostConfig", "CpuPercent", "cpuPercent", Kind::Int),
    ("HostConfig", "DiskQuota", "diskQuota", Kind::Int),
    ("HostConfig", "IOMaximumIOps", "ioMaximumIOps", Kind::Int),
    ("HostConfig", "IOMaximumBandwidth", "ioMaximumBandwidth", Kind::Int),
];

fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn convert(v: Option<&Value>, kind: Kind) -> Value {
    let Some(v) = v else { return Value::Null };
    match kind {
        Kind::Str => match v.as_str() {
            Some(s) if !s.is_empty() => json!(s),
            _ => Value::Null,
        },
        Kind::Int => match v.as_i64() {
            Some(n) if n != 0 => json!(n),
            _ => Value::Null,
        },
        Kind::Bool => json!(v.as_bool().unwrap_or(false)),
        Kind::StrList => match v.as_array() {
            Some(a) if !a.is_empty() => {
                json!(a.iter().filter_map(scalar_string).collect::<Vec<_>>())
            }
            _ => Value::Null,
        },
        Kind::StrMap => match v.as_object() {
            Some(m) if !m.is_empty() => Value::Object(
                m.iter().map(|(k, v)| (k.clone(), json!(scalar_string(v).unwrap_or_default()))).collect(),
            ),
            _ => Value::Null,
        },
    }
}

/// Cattle's setLogConfig: a log config exists whenever `Type` or `Config` is present, even with an
/// empty `Type` (0.12.5 sends `{"Type": "", "Config": null}` for every service and dereferences the
/// result, so `null` here crashes it).
fn log_config(input: Option<&Value>) -> Value {
    let Some(lc) = input.and_then(Value::as_object) else { return Value::Null };
    let (driver, config) = (lc.get("Type"), lc.get("Config"));
    if driver.is_none() && config.is_none() {
        return Value::Null;
    }
    let config = match config {
        Some(Value::Object(m)) => Value::Object(
            m.iter().map(|(k, v)| (k.clone(), json!(scalar_string(v).unwrap_or_default()))).collect(),
        ),
        _ => Value::Null,
    };
    json!({"driver": driver.and_then(scalar_string).unwrap_or_default(), "config": config})
}

/// Transform one Docker description into a launch config.
pub(super) fn transform(input: &Value) -> ApiResult<Value> {
    let empty = Map::new();
    let root = input.as_object().ok_or_else(|| ApiError::invalid_body("expected a JSON object"))?;
    let config = root.get("Config").and_then(Value::as_object).unwrap_or(&empty);
    let host = root.get("HostConfig").and_then(Value::as_object).unwrap_or(&empty);
    let mut out = Map::new();
    for (section, key, lc_key, kind) in DIRECT {
        let src = if *section == "Config" { config } else { host };
        let v = convert(src.get(*key), *kind);
        if !v.is_null() || !out.contains_key(*lc_key) {
            out.insert(lc_key.to_string(), v);
        }
    }
    let image = config.get("Image").and_then(Value::as_str).unwrap_or("");
    out.insert(
        "imageUuid".into(),
        if image.is_empty() {
            Value::Null
        } else if image.starts_with("docker:") || image.starts_with("sim:") {
            json!(image)
        } else {
            json!(format!("docker:{image}"))
        },
    );
    let mut env = Map::new();
    for e in config.get("Env").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
        let (k, v) = e.split_once('=').unwrap_or((e, ""));
        env.insert(k.to_string(), json!(v));
    }
    out.insert("environment".into(), if env.is_empty() { Value::Null } else { Value::Object(env) });
    for (key, lc_key) in [("Cmd", "command"), ("Entrypoint", "entryPoint")] {
        let list: Vec<String> = config
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(scalar_string)
            .collect();
        out.insert(lc_key.into(), json!(list));
    }
    let labels = convert(config.get("Labels"), Kind::StrMap);
    out.insert("labels".into(), labels);
    if let Some(hc) = config.get("Healthcheck").and_then(Value::as_object) {
        out.insert("healthCmd".into(), convert(hc.get("Test"), Kind::StrList));
        out.insert("healthInterval".into(), convert(hc.get("Interval"), Kind::Int));
        out.insert("healthTimeout".into(), convert(hc.get("Timeout"), Kind::Int));
        out.insert("healthRetries".into(), convert(hc.get("Retries"), Kind::Int));
    }
    // Volumes: bind mounts first, then anonymous volumes not already bound.
    let mut volumes: Vec<String> =
        host.get("Binds").and_then(Value::as_array).into_iter().flatten().filter_map(scalar_string).collect();
    for k in config.get("Volumes").and_then(Value::as_object).into_iter().flat_map(|m| m.keys()) {
        let bound = volumes.iter().any(|b| b.split(':').nth(1) == Some(k.as_str()));
        if !bound {
            volumes.push(k.clone());
        }
    }
    out.insert("dataVolumes".into(), if volumes.is_empty() { Value::Null } else { json!(volumes) });
    let mut ports = Vec::new();
    for (port, bindings) in host.get("PortBindings").and_then(Value::as_object).into_iter().flatten() {
        for b in bindings.as_array().into_iter().flatten() {
            let hp = b.get("HostPort").and_then(Value::as_str).unwrap_or("");
            let ip = b.get("HostIp").and_then(Value::as_str).unwrap_or("");
            ports.push(match (ip.is_empty(), hp.is_empty()) {
                (_, true) => port.clone(),
                (true, false) => format!("{hp}:{port}"),
                (false, false) => format!("{ip}:{hp}:{port}"),
            });
        }
    }
    out.insert("ports".into(), if ports.is_empty() { Value::Null } else { json!(ports) });
    let devices: Vec<String> = host
        .get("Devices")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|d| {
            let s = |k: &str| d.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            let perms =
                Some(s("CgroupPermissions")).filter(|p| !p.is_empty()).unwrap_or_else(|| "rwm".into());
            format!("{}:{}:{perms}", s("PathOnHost"), s("PathInContainer"))
        })
        .collect();
    out.insert("devices".into(), if devices.is_empty() { Value::Null } else { json!(devices) });
    let rp = host.get("RestartPolicy");
    let rp_name = rp.and_then(|r| r.get("Name")).and_then(Value::as_str).unwrap_or("");
    out.insert(
        "restartPolicy".into(),
        if rp_name.is_empty() {
            Value::Null
        } else {
            json!({"name": rp_name, "maximumRetryCount": rp.and_then(|r| r.get("MaximumRetryCount")).and_then(Value::as_i64).unwrap_or(0)})
        },
    );
    out.insert("logConfig".into(), log_config(host.get("LogConfig")));
    let ulimits: Vec<Value> = host
        .get("Ulimits")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|u| json!({"name": u.get("Name"), "hard": u.get("Hard"), "soft": u.get("Soft")}))
        .collect();
    out.insert("ulimits".into(), if ulimits.is_empty() { Value::Null } else { json!(ulimits) });
    let mut blkio: Map<String, Value> = Map::new();
    for (key, field) in [
        ("BlkioDeviceReadBps", "readBps"),
        ("BlkioDeviceWriteBps", "writeBps"),
        ("BlkioDeviceReadIOps", "readIops"),
        ("BlkioDeviceWriteIOps", "writeIops"),
        ("BlkioWeightDevice", "weight"),
    ] {
        for d in host.get(key).and_then(Value::as_array).into_iter().flatten() {
            let path = d.get("Path").and_then(Value::as_str).unwrap_or("").to_string();
            let rate = d.get("Rate").or_else(|| d.get("Weight")).cloned().unwrap_or(Value::Null);
            if let Value::Object(m) = blkio.entry(path).or_insert_with(|| json!({})) {
                m.insert(field.into(), rate);
            }
        }
    }
    out.insert(
        "blkioDeviceOptions".into(),
        if blkio.is_empty() { Value::Null } else { Value::Object(blkio) },
    );
    let mode = host.get("NetworkMode").and_then(Value::as_str).unwrap_or("");
    let disabled = config.get("NetworkDisabled").and_then(Value::as_bool).unwrap_or(false);
    let network = match mode {
        _ if disabled => "none",
        "" | "default" | "bridge" => "bridge",
        "host" => "host",
        "none" => "none",
        _ => return Err(ApiError::validation("InvalidOption", "networkMode")),
    };
    out.insert("networkMode".into(), json!(network));
    let name = root.get("Name").and_then(Value::as_str).unwrap_or("").trim_start_matches('/');
    out.insert("name".into(), if name.is_empty() { Value::Null } else { json!(name) });
    out.insert("kind".into(), json!("container"));
    // The answer is a container as Cattle serialises it, so its nested objects are typed too.
    super::nested_types::annotate("container", &mut out);
    Ok(Value::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_the_common_fields() {
        let input = json!({"Name": "/web", "Config": {"Image": "nginx", "Env": ["A=b", "C"], "Cmd": ["x"],
            "Labels": {"l": "v"}, "Tty": true, "ExposedPorts": {"80/tcp": {}, "81/tcp": {}}},
            "HostConfig": {"NetworkMode": "", "PortBindings": {"80/tcp": [{"HostIp": "", "HostPort": "8080"}],
            "81/tcp": [{"HostIp": "", "HostPort": ""}]}, "Memory": 0, "CpuShares": 42,
            "Devices": [{"PathOnHost": "/dev/sda", "PathInContainer": "/dev/a", "CgroupPermissions": ""}]}});
        let out = transform(&input).expect("ok");
        assert_eq!(out["imageUuid"], "docker:nginx");
        assert_eq!(out["environment"], json!({"A": "b", "C": ""}));
        assert_eq!(out["ports"], json!(["8080:80/tcp", "81/tcp"]));
        assert_eq!(out["entryPoint"], json!([]));
        assert_eq!(out["memory"], Value::Null);
        assert_eq!(out["cpuShares"], 42);
        assert_eq!(out["networkMode"], "bridge");
        assert_eq!(out["devices"], json!(["/dev/sda:/dev/a:rwm"]));
        assert_eq!(out["name"], "web");
        assert_eq!(transform(&input).expect("ok"), out, "deterministic");
    }

    #[test]
    fn rejects_container_network_mode() {
        let input = json!({"HostConfig": {"NetworkMode": "container:x"}});
        assert_eq!(transform(&input).expect_err("invalid").code, "InvalidOption");
    }
}
