//! Service containers: deployment units, naming (`<stack>-<service>[-<sidekick>]-<N>`), server
//! labels, host placement and IPs, the reconcile planner (which containers to create, start or
//! remove so a service has `scale` complete units) and health aggregation (`rancher-api-semantics.md` §2.6, §4.2, §4.12).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::placement;
use super::store::{Container, Obj, Service, State};
use super::util;

pub(super) const PRIMARY_LC: &str = "io.rancher.service.primary.launch.config";

/// Whether a service kind runs containers at all (driver services run their plugin containers).
pub(super) fn has_containers(kind: &str) -> bool {
    matches!(kind, "service" | "loadBalancerService" | "networkDriverService" | "storageDriverService")
}

/// Cattle computes a health state only for these kinds; every other kind is `healthy`.
fn health_computed(kind: &str) -> bool {
    matches!(kind, "service" | "loadBalancerService")
}

fn image_of(lc: &Obj) -> &str {
    lc.get("imageUuid").and_then(Value::as_str).unwrap_or("")
}

/// The launch configs that produce containers: (sidekick name or None, config).
pub(super) fn configs(svc: &Service) -> Vec<(Option<String>, Obj)> {
    let mut out = Vec::new();
    if !has_containers(&svc.kind) {
        return out;
    }
    let img = image_of(&svc.launch_config);
    if !img.is_empty() && img != "rancher/none" {
        out.push((None, svc.launch_config.clone()));
    }
    for s in &svc.secondary {
        let name = s.get("name").and_then(Value::as_str).unwrap_or("").to_string();
        let img = image_of(s);
        if !name.is_empty() && !img.is_empty() && img != "rancher/none" {
            out.push((Some(name), s.clone()));
        }
    }
    out
}

pub(super) fn is_global(svc: &Service) -> bool {
    svc.launch_config
        .get("labels")
        .and_then(|l| l.get("io.rancher.scheduler.global"))
        .and_then(Value::as_str)
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
}

pub(super) fn desired_units(st: &State, svc: &Service) -> usize {
    if is_global(svc) { st.project_hosts(svc.meta.project).len() } else { svc.scale.max(0) as usize }
}

pub(super) fn container_name(stack: &str, service: &str, sidekick: Option<&str>, n: u64) -> String {
    match sidekick {
        Some(s) => format!("{stack}-{service}-{s}-{n}"),
        None => format!("{stack}-{service}-{n}"),
    }
}

pub(super) fn lc_version(lc: &Obj) -> String {
    lc.get("version").and_then(Value::as_str).unwrap_or("0").to_string()
}

/// What a reconcile decided; the caller drives the transitions with the configured timing.
#[derive(Debug, Default, Clone)]
pub(super) struct Plan {
    /// Containers to start (new ones are already recorded in `creating`).
    pub start: Vec<u64>,
    /// Containers to remove (running ones are stopped first).
    pub remove: Vec<u64>,
    /// Host ports (`80/tcp`) of containers that fit on no host yet.
    pub blocked: Vec<String>,
}

impl Plan {
    pub(super) fn is_empty(&self) -> bool {
        self.start.is_empty() && self.remove.is_empty() && self.blocked.is_empty()
    }
}

struct Unit {
    uuid: String,
    index: u64,
    host: u64,
    /// lc name (None = primary) → managed live container.
    managed: BTreeMap<Option<String>, u64>,
    has_old: bool,
    newest: u64,
}

/// Plan a reconcile of service `sid`. `fill_preserved`: also refill units whose containers were
/// all marked old by an in-progress upgrade (they keep their uuid and index, hence names).
pub(super) fn plan_reconcile(st: &mut State, sid: u64, fill_preserved: bool) -> Plan {
    let mut plan = Plan::default();
    let Some(svc) = st.services.get(&sid).cloned() else {
        return plan;
    };
    let cfgs = configs(&svc);
    let cfg_names: BTreeSet<Option<String>> = cfgs.iter().map(|(n, _)| n.clone()).collect();
    let mut units: BTreeMap<String, Unit> = BTreeMap::new();
    let mut used_index = BTreeSet::new();
    for c in st.service_containers(sid).filter(|c| c.is_live()) {
        let Some(du) = c.du_uuid.clone() else {
            continue;
        };
        used_index.insert(c.du_index);
        let u = units.entry(du.clone()).or_insert(Unit {
            uuid: du,
            index: c.du_index,
            host: c.host_id,
            managed: BTreeMap::new(),
            has_old: false,
            newest: 0,
        });
        if c.managed {
            // Bad containers (error) or ones whose launch config is gone are removed.
            if c.meta.state == "error" || !cfg_names.contains(&c.lc_name) {
                plan.remove.push(c.meta.id);
            } else {
                u.managed.insert(c.lc_name.clone(), c.meta.id);
                u.newest = u.newest.max(c.create_index);
            }
        } else if c.old {
            u.has_old = true;
        }
    }
    // A unit that lost a container to an error is rebuilt as a whole.
    let errored: BTreeSet<u64> = plan.remove.iter().copied().collect();
    for u in units.values_mut() {
        let broken = st.containers.values().any(|c| {
            errored.contains(&c.meta.id)
                && c.du_uuid.as_deref() == Some(u.uuid.as_str())
                && c.meta.state == "error"
        });
        if broken {
            plan.remove.extend(u.managed.values().copied());
            u.managed.clear();
        }
    }
    let mut present: Vec<Unit> = units
        .into_values()
        .filter(|u| !u.managed.is_empty() || (fill_preserved && u.has_old && svc.kind == "service"))
        .collect();
    present.sort_by_key(|u| u.index);
    let want = desired_units(st, &svc);
    if present.len() > want {
        // Scale down: newest units (highest createIndex) go first.
        present.sort_by_key(|u| std::cmp::Reverse(u.newest));
        for u in present.drain(..present.len() - want) {
            plan.remove.extend(u.managed.values().copied());
        }
        present.sort_by_key(|u| u.index);
    }
    let stack_name = st.stacks.get(&svc.stack_id).map(|s| s.name.clone()).unwrap_or_default();
    for u in &present {
        let missing: Vec<&(Option<String>, Obj)> =
            cfgs.iter().filter(|(name, _)| !u.managed.contains_key(name)).collect();
        if missing.is_empty() {
            continue;
        }
        let needed = placement::unit_ports(missing.iter().map(|(_, lc)| lc));
        let used = placement::ports_in_use(st, &plan.remove);
        // A unit whose containers were all replaced may move; otherwise sidekicks join their unit.
        let candidates = if u.managed.is_empty() {
            let mut hosts = vec![u.host];
            hosts.extend(placement::hosts_by_load(st, svc.meta.project).into_iter().filter(|h| *h != u.host));
            hosts
        } else {
            vec![u.host]
        };
        let Some(host) = placement::pick(&used, &candidates, &needed) else {
            plan.blocked.extend(needed);
            continue;
        };
        for (name, lc) in missing {
            let id = new_container(st, &svc, &stack_name, name.as_deref(), lc, &u.uuid, u.index, host);
            plan.start.push(id);
        }
    }
    let global = is_global(&svc);
    let needed = placement::unit_ports(cfgs.iter().map(|(_, lc)| lc));
    let mut next_index = 1u64;
    for _ in present.len()..want {
        while used_index.contains(&next_index) {
            next_index += 1;
        }
        let used = placement::ports_in_use(st, &plan.remove);
        let candidates = if global {
            vec![host_by_position(st, svc.meta.project, next_index)]
        } else {
            placement::hosts_by_load(st, svc.meta.project)
        };
        let Some(host) = placement::pick(&used, &candidates, &needed) else {
            plan.blocked.extend(needed.iter().cloned());
            if global {
                // Another host may still have room for the next unit.
                used_index.insert(next_index);
                continue;
            }
            break;
        };
        used_index.insert(next_index);
        let du = st.next_uuid();
        for (name, lc) in &cfgs {
            let id = new_container(st, &svc, &stack_name, name.as_deref(), lc, &du, next_index, host);
            plan.start.push(id);
        }
    }
    // Start every managed container that is not running (re-activation restarts the same ones).
    for u in &present {
        for id in u.managed.values() {
            if plan.remove.contains(id) {
                continue;
            }
            if let Some(c) = st.containers.get(id) {
                let done_once = c.start_once() && c.first_running.is_some();
                if matches!(c.meta.state.as_str(), "stopped" | "creating") && !done_once {
                    plan.start.push(*id);
                }
            }
        }
    }
    plan.remove.sort_unstable();
    plan.remove.dedup();
    plan.blocked.sort();
    plan.blocked.dedup();
    plan
}

fn host_by_position(st: &State, project: u64, n: u64) -> u64 {
    let ids: Vec<u64> = st.project_hosts(project);
    if ids.is_empty() {
        return 1;
    }
    ids[((n.max(1) - 1) as usize) % ids.len()]
}

#[allow(clippy::too_many_arguments)]
fn new_container(
    st: &mut State,
    svc: &Service,
    stack_name: &str,
    sidekick: Option<&str>,
    lc: &Obj,
    du_uuid: &str,
    index: u64,
    host: u64,
) -> u64 {
    let meta = st.new_meta(svc.meta.project, "container", "creating");
    let id = meta.id;
    let create_index = match st.services.get_mut(&svc.meta.id) {
        Some(s) => {
            s.create_index += 1;
            s.create_index
        }
        None => 0,
    };
    let mut config = lc.clone();
    config.remove("name");
    let mut labels = config.get("labels").and_then(Value::as_object).cloned().unwrap_or_default();
    let stack_service = match sidekick {
        Some(s) => format!("{stack_name}/{}/{s}", svc.name),
        None => format!("{stack_name}/{}", svc.name),
    };
    labels.insert("io.rancher.stack.name".into(), json!(stack_name));
    labels.insert("io.rancher.stack_service.name".into(), json!(stack_service));
    labels.insert("io.rancher.project.name".into(), json!(stack_name));
    labels.insert("io.rancher.project_service.name".into(), json!(stack_service));
    labels.insert("io.rancher.service.deployment.unit".into(), json!(du_uuid));
    labels.insert("io.rancher.service.launch.config".into(), json!(sidekick.unwrap_or(PRIMARY_LC)));
    config.insert("labels".into(), Value::Object(labels));
    let c = Container {
        name: container_name(stack_name, &svc.name, sidekick, index),
        service_id: Some(svc.meta.id),
        stack_id: Some(svc.stack_id),
        lc_name: sidekick.map(str::to_string),
        du_uuid: Some(du_uuid.to_string()),
        du_index: index,
        create_index,
        version: lc_version(lc),
        start_count: 0,
        managed: true,
        old: false,
        host_id: host,
        ip: container_ip(id),
        health: None,
        config,
        first_running: None,
        external_id: util::docker_id(id ^ 0x5eed),
        meta,
    };
    st.containers.insert(id, c);
    id
}

pub(super) fn container_ip(id: u64) -> String {
    format!("10.42.{}.{}", (id / 250) % 256, id % 250 + 2)
}

/// Managed primary containers that count towards `currentScale`.
pub(super) fn current_scale(st: &State, sid: u64) -> i64 {
    st.service_containers(sid)
        .filter(|c| c.managed && c.lc_name.is_none() && c.is_live() && c.meta.state != "error")
        .count() as i64
}

pub(super) fn instance_ids(st: &State, sid: u64) -> Vec<u64> {
    st.service_containers(sid).filter(|c| c.is_live()).map(|c| c.meta.id).collect()
}

/// Service `healthState` (`rancher-api-semantics.md` §4.12).
pub(super) fn service_health(st: &State, svc: &Service) -> String {
    if !health_computed(&svc.kind) {
        return "healthy".into();
    }
    let expected = desired_units(st, svc) * configs(svc).len();
    let (mut healthy, mut init, mut once_done, mut once_total) = (0usize, 0usize, 0usize, 0usize);
    for c in st.service_containers(svc.meta.id).filter(|c| c.managed && c.is_live()) {
        if c.start_once() {
            once_total += 1;
            if c.first_running.is_some()
                && matches!(c.meta.state.as_str(), "running" | "stopped" | "stopping")
            {
                once_done += 1;
                healthy += 1;
            }
            continue;
        }
        if c.meta.state != "running" {
            continue;
        }
        match c.health.as_deref() {
            None | Some("healthy") | Some("updating-healthy") => healthy += 1,
            Some("initializing") | Some("reinitializing") => init += 1,
            _ => {}
        }
    }
    if expected > 0 && once_total >= expected && once_done >= expected {
        "started-once".into()
    } else if healthy >= expected {
        "healthy".into()
    } else if init > 0 {
        "initializing".into()
    } else if healthy > 0 {
        "degraded".into()
    } else {
        "unhealthy".into()
    }
}

/// Stack `healthState` over its live services.
pub(super) fn stack_health(st: &State, stack_id: u64) -> String {
    let hs: Vec<(String, String)> =
        st.stack_services(stack_id).map(|s| (s.meta.state.clone(), service_health(st, s))).collect();
    if hs.is_empty() {
        return "healthy".into();
    }
    if hs.iter().all(|(_, h)| h == "started-once") {
        return "started-once".into();
    }
    if hs.iter().all(|(state, h)| state == "active" && (h == "healthy" || h == "started-once")) {
        return "healthy".into();
    }
    if hs.iter().any(|(_, h)| h == "initializing") {
        return "initializing".into();
    }
    if hs.iter().any(|(_, h)| h == "healthy") {
        return "degraded".into();
    }
    "unhealthy".into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::store::{DEFAULT_PROJECT, Meta};

    fn service(st: &mut State, scale: i64, sidekick: bool) -> u64 {
        let meta = st.new_meta(DEFAULT_PROJECT, "stack", "active");
        let stack_id = meta.id;
        st.stacks
            .insert(stack_id, crate::emulator::store::Stack { meta, name: "st".into(), fields: Obj::new() });
        let meta: Meta = st.new_meta(DEFAULT_PROJECT, "service", "activating");
        let id = meta.id;
        let mut lc = Obj::new();
        lc.insert("imageUuid".into(), json!("docker:nginx"));
        let mut sk = Obj::new();
        sk.insert("imageUuid".into(), json!("docker:busybox"));
        sk.insert("name".into(), json!("side"));
        st.services.insert(
            id,
            Service {
                meta,
                kind: "service".into(),
                name: "web".into(),
                stack_id,
                scale,
                launch_config: lc,
                secondary: if sidekick { vec![sk] } else { vec![] },
                fields: Obj::new(),
                upgrade: None,
                create_index: 0,
                restart_counts: BTreeMap::new(),
            },
        );
        id
    }

    #[test]
    fn scale_up_names_and_units() {
        let mut st = State::new(3);
        let sid = service(&mut st, 2, true);
        let plan = plan_reconcile(&mut st, sid, false);
        assert_eq!(plan.start.len(), 4);
        let mut names: Vec<String> = st.containers.values().map(|c| c.name.clone()).collect();
        names.sort();
        assert_eq!(names, vec!["st-web-1", "st-web-2", "st-web-side-1", "st-web-side-2"]);
        // Sidekicks share the unit (uuid + host) with their primary.
        let p1 = st.containers.values().find(|c| c.name == "st-web-1").expect("p1");
        let s1 = st.containers.values().find(|c| c.name == "st-web-side-1").expect("s1");
        assert_eq!((&p1.du_uuid, p1.host_id), (&s1.du_uuid, s1.host_id));
        // Units land on different hosts.
        let p2 = st.containers.values().find(|c| c.name == "st-web-2").expect("p2");
        assert_ne!(p1.host_id, p2.host_id);
    }

    #[test]
    fn scale_down_removes_newest_and_refills_lowest_index() {
        let mut st = State::new(3);
        let sid = service(&mut st, 3, false);
        plan_reconcile(&mut st, sid, false);
        for c in st.containers.values_mut() {
            c.meta.state = "running".into();
        }
        if let Some(s) = st.services.get_mut(&sid) {
            s.scale = 1;
        }
        let plan = plan_reconcile(&mut st, sid, false);
        let removed: Vec<String> = plan.remove.iter().map(|id| st.containers[id].name.clone()).collect();
        assert_eq!(removed, vec!["st-web-2", "st-web-3"]);
        for id in &plan.remove {
            if let Some(c) = st.containers.get_mut(id) {
                c.meta.state = "removed".into();
            }
        }
        if let Some(s) = st.services.get_mut(&sid) {
            s.scale = 2;
        }
        let plan = plan_reconcile(&mut st, sid, false);
        assert_eq!(st.containers[&plan.start[0]].name, "st-web-2");
    }

    #[test]
    fn health_aggregation() {
        let mut st = State::new(1);
        let sid = service(&mut st, 1, false);
        plan_reconcile(&mut st, sid, false);
        let svc = st.services[&sid].clone();
        assert_eq!(service_health(&st, &svc), "unhealthy");
        for c in st.containers.values_mut() {
            c.meta.state = "running".into();
            c.health = Some("initializing".into());
        }
        assert_eq!(service_health(&st, &svc), "initializing");
        for c in st.containers.values_mut() {
            c.health = Some("healthy".into());
        }
        assert_eq!(service_health(&st, &svc), "healthy");
    }
}
