//! Where containers go: two containers publishing the same host port never share a host, as
//! Cattle's scheduler enforces. A container that fits nowhere is not placed; the process that
//! wanted it keeps waiting for a free host with Cattle's message ("Scheduling failed: host needs
//! ports 80/tcp available"), as a balancer scaled past the host count stays activating.

use std::collections::{BTreeMap, BTreeSet};

use super::ports;
use super::store::{Container, Obj, State};

/// Whether a container holds its host ports: placed and not stopped, failed or removed.
fn holds_ports(c: &Container) -> bool {
    c.is_live() && !matches!(c.meta.state.as_str(), "stopped" | "error" | "erroring")
}

/// Host ports (`80/tcp`) in use per host, leaving out the containers in `except` (about to go).
pub(super) fn ports_in_use(st: &State, except: &[u64]) -> BTreeMap<u64, BTreeSet<String>> {
    let mut used: BTreeMap<u64, BTreeSet<String>> = BTreeMap::new();
    for c in st.containers.values().filter(|c| holds_ports(c) && !except.contains(&c.meta.id)) {
        used.entry(c.host_id).or_default().extend(ports::host_ports(&c.config));
    }
    used
}

/// The host ports a set of launch configs publishes together (one deployment unit).
pub(super) fn unit_ports<'a>(configs: impl IntoIterator<Item = &'a Obj>) -> Vec<String> {
    let set: BTreeSet<String> = configs.into_iter().flat_map(ports::host_ports).collect();
    set.into_iter().collect()
}

pub(super) fn free_on(used: &BTreeMap<u64, BTreeSet<String>>, host: u64, needed: &[String]) -> bool {
    used.get(&host).is_none_or(|u| needed.iter().all(|p| !u.contains(p)))
}

/// The first of `hosts` (in order of preference) with every needed port free.
pub(super) fn pick(used: &BTreeMap<u64, BTreeSet<String>>, hosts: &[u64], needed: &[String]) -> Option<u64> {
    hosts.iter().copied().find(|h| free_on(used, *h, needed))
}

/// The environment's hosts by how many live containers they run (fewest first, lowest id on
/// ties).
pub(super) fn hosts_by_load(st: &State, project: u64) -> Vec<u64> {
    let mut load: BTreeMap<u64, usize> = st.project_hosts(project).into_iter().map(|h| (h, 0)).collect();
    for c in st.containers.values().filter(|c| c.is_live()) {
        if let Some(n) = load.get_mut(&c.host_id) {
            *n += 1;
        }
    }
    let mut hosts: Vec<(u64, usize)> = load.into_iter().collect();
    hosts.sort_by_key(|(h, n)| (*n, *h));
    hosts.into_iter().map(|(h, _)| h).collect()
}

/// Cattle's transitioning message for a container that fits on no host.
pub(super) fn scheduling_failed(needed: &[String]) -> String {
    format!("Scheduling failed: host needs ports {} available", needed.join(", "))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_port_in_use_blocks_only_its_host() {
        let used: BTreeMap<u64, BTreeSet<String>> = [(1, ["80/tcp".to_string()].into())].into();
        let needed = vec!["80/tcp".to_string()];
        assert!(!free_on(&used, 1, &needed));
        assert!(free_on(&used, 2, &needed));
        assert_eq!(pick(&used, &[1, 2], &needed), Some(2));
        assert_eq!(pick(&used, &[1], &needed), None);
        assert_eq!(pick(&used, &[1], &["80/udp".to_string()]), Some(1));
    }

    #[test]
    fn a_unit_needs_the_ports_of_all_its_launch_configs() {
        let lc = |ports: serde_json::Value| {
            let mut m = Obj::new();
            m.insert("ports".into(), ports);
            m
        };
        let (a, b) = (lc(json!(["80:80/tcp", "90/tcp"])), lc(json!(["443:443/tcp", "80:80/tcp"])));
        assert_eq!(unit_ports([&a, &b]), vec!["443/tcp", "80/tcp"]);
        assert_eq!(
            scheduling_failed(&unit_ports([&a])),
            "Scheduling failed: host needs ports 80/tcp available"
        );
    }
}
