//! Which service keys exist where (compose v1, compose v2, Rancher options), how each merges
//! across files and `extends`, and "did you mean" suggestions for unknown ones.

/// Compose keys valid in both formats.
const COMMON: &[&str] = &[
    "blkio_weight",
    "blkio_weight_device",
    "build",
    "cap_add",
    "cap_drop",
    "cgroup_parent",
    "command",
    "container_name",
    "cpu_period",
    "cpu_quota",
    "cpu_shares",
    "cpuset",
    "device_read_bps",
    "device_read_iops",
    "device_write_bps",
    "device_write_iops",
    "devices",
    "dns",
    "dns_opt",
    "dns_search",
    "domainname",
    "entrypoint",
    "env_file",
    "environment",
    "expose",
    "extends",
    "external_links",
    "extra_hosts",
    "group_add",
    "hostname",
    "image",
    "ipc",
    "isolation",
    "labels",
    "links",
    "mac_address",
    "mem_limit",
    "mem_reservation",
    "mem_swappiness",
    "memswap_limit",
    "oom_kill_disable",
    "oom_score_adj",
    "pid",
    "ports",
    "privileged",
    "read_only",
    "restart",
    "security_opt",
    "shm_size",
    "stdin_open",
    "stop_signal",
    "tty",
    "ulimits",
    "user",
    "uts",
    "volume_driver",
    "volumes",
    "volumes_from",
    "working_dir",
];

/// Keys only the v1 format has (v2 renamed or dropped them).
const V1_ONLY: &[(&str, &str)] = &[
    ("dockerfile", "build.dockerfile"),
    ("log_driver", "logging.driver"),
    ("log_opt", "logging.options"),
    ("net", "network_mode"),
];

/// Keys only the v2 format has.
const V2_ONLY: &[&str] = &[
    "depends_on",
    "logging",
    "network_mode",
    "networks",
    "secrets",
    "stop_grace_period",
    "sysctls",
    "tmpfs",
];

/// Rancher keys, valid in rancher-compose.yml and (as in 0.12's schemas) in docker-compose.yml.
pub(super) const RANCHER: &[&str] = &[
    "certs",
    "default_cert",
    "disks",
    "external_ips",
    "health_check",
    "lb_config",
    "load_balancer_config",
    "memory",
    "metadata",
    "network_driver",
    "retain_ip",
    "scale",
    "scale_policy",
    "service_schemas",
    "start_on_create",
    "storage_driver",
    "type",
    "update_strategy",
    "upgrade_strategy",
    "userdata",
    "vcpu",
];

/// Misspellings docker-compose and 0.12 answered with a fixed hint.
const KNOWN_TYPOS: &[(&str, &str)] = &[
    ("add_host", "extra_hosts"),
    ("cpu_share", "cpu_shares"),
    ("device", "devices"),
    ("extra_host", "extra_hosts"),
    ("hosts", "extra_hosts"),
    ("link", "links"),
    ("memory_swap", "memswap_limit"),
    ("port", "ports"),
    ("privilege", "privileged"),
    ("priviliged", "privileged"),
    ("privilige", "privileged"),
    ("volume", "volumes"),
    ("workdir", "working_dir"),
];

/// Where a key of a compose-file service belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum KeyClass {
    Compose,
    Rancher,
    /// A v1 key in a v2 file; the payload is its v2 spelling.
    V1Only(&'static str),
    /// A v2 key in a v1 file.
    V2Only,
    Unknown,
}

/// Classifies a key of a service in a compose file of the given format.
#[must_use]
pub(super) fn classify(key: &str, v2: bool) -> KeyClass {
    if COMMON.contains(&key) {
        return KeyClass::Compose;
    }
    if let Some((_, v2_name)) = V1_ONLY.iter().find(|(k, _)| *k == key) {
        return if v2 { KeyClass::V1Only(v2_name) } else { KeyClass::Compose };
    }
    if V2_ONLY.contains(&key) {
        return if v2 { KeyClass::Compose } else { KeyClass::V2Only };
    }
    if RANCHER.contains(&key) {
        return KeyClass::Rancher;
    }
    KeyClass::Unknown
}

/// Where a key of a service in rancher-compose.yml belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RancherFileKey {
    /// A Rancher option (or `hostname`, which both files may set).
    Rancher,
    /// A docker-compose.yml key, which rancher-compose.yml does not use (0.12 ignored it).
    Compose,
    Unknown,
}

/// Classifies a key of a service in rancher-compose.yml.
#[must_use]
pub(super) fn classify_in_rancher_file(key: &str) -> RancherFileKey {
    if RANCHER.contains(&key) || key == "hostname" {
        RancherFileKey::Rancher
    } else if classify(key, true) != KeyClass::Unknown || classify(key, false) != KeyClass::Unknown {
        RancherFileKey::Compose
    } else {
        RancherFileKey::Unknown
    }
}

/// A suggestion for an unknown key of a rancher-compose.yml service: a Rancher option, else
/// any service key.
#[must_use]
pub(super) fn suggest_in_rancher_file(key: &str) -> Option<&'static str> {
    closest(key, RANCHER.iter().copied()).or_else(|| suggest(key, true))
}

/// The candidate spelled most like `key`, if one is close enough to be what was meant.
#[must_use]
pub(super) fn closest<'a>(key: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|k| (strsim::jaro_winkler(key, k), k))
        .fold(None, best_of)
        .filter(|(score, _)| *score > 0.85)
        .map(|(_, k)| k)
}

/// A suggestion for an unknown key, from the fixed list or by spelling distance.
#[must_use]
pub(super) fn suggest(key: &str, v2: bool) -> Option<&'static str> {
    if let Some((_, hint)) = KNOWN_TYPOS.iter().find(|(typo, _)| *typo == key) {
        return Some(hint);
    }
    let v1_keys = V1_ONLY.iter().map(|(k, _)| *k);
    let candidates = COMMON.iter().copied().chain(RANCHER.iter().copied());
    if v2 {
        closest(key, candidates.chain(V2_ONLY.iter().copied()))
    } else {
        closest(key, candidates.chain(v1_keys))
    }
}

fn best_of<'a>(acc: Option<(f64, &'a str)>, item: (f64, &'a str)) -> Option<(f64, &'a str)> {
    match acc {
        Some(a) if a.0 >= item.0 => Some(a),
        _ => Some(item),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification_follows_the_format() {
        assert_eq!(classify("image", false), KeyClass::Compose);
        assert_eq!(classify("net", false), KeyClass::Compose);
        assert_eq!(classify("net", true), KeyClass::V1Only("network_mode"));
        assert_eq!(classify("network_mode", false), KeyClass::V2Only);
        assert_eq!(classify("scale", true), KeyClass::Rancher);
        assert_eq!(classify("bogus", true), KeyClass::Unknown);
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("port", true), Some("ports"));
        assert_eq!(suggest("enviroment", true), Some("environment"));
        assert_eq!(suggest("health_chek", false), Some("health_check"));
        assert_eq!(suggest("zzzz", true), None);
    }

    #[test]
    fn rancher_file_keys() {
        assert_eq!(classify_in_rancher_file("health_check"), RancherFileKey::Rancher);
        assert_eq!(classify_in_rancher_file("hostname"), RancherFileKey::Rancher);
        assert_eq!(classify_in_rancher_file("labels"), RancherFileKey::Compose);
        assert_eq!(classify_in_rancher_file("helth_check"), RancherFileKey::Unknown);
        assert_eq!(suggest_in_rancher_file("helth_check"), Some("health_check"));
        assert_eq!(suggest_in_rancher_file("scael"), Some("scale"));
    }

    #[test]
    fn key_lists_do_not_overlap() {
        for k in COMMON {
            assert!(!RANCHER.contains(k) && !V2_ONLY.contains(k), "{k}");
            assert!(!V1_ONLY.iter().any(|(v1, _)| v1 == k), "{k}");
        }
    }
}
