//! Where an in-service upgrade is, from the service and its containers. Pure.
//!
//! A container is new when it has the current version of its own launch config (the label
//! `io.rancher.service.launch.config` names it), else old: an unchanged sidekick keeps the
//! version the old containers of the changed configs have. Start-once sidekicks run and stop by
//! design, so they are neither wanted nor counted as running.

use serde_json::Value;

use crate::api::types::text;
use crate::api::{Container, Service};

use super::events::UpgradeProgress;

const START_ONCE: &str = "io.rancher.container.start_once";
const LAUNCH_CONFIG: &str = "io.rancher.service.launch.config";
const PRIMARY: &str = "io.rancher.service.primary.launch.config";

/// One current launch config: its name (as the containers' label gives it), version, and
/// whether it is a start-once one.
struct Config {
    name: String,
    version: String,
    once: bool,
}

/// The progress of `service`'s upgrade given its `containers`; `previous` keeps the batch
/// number from going backwards when the scale changes under way.
#[must_use]
pub(crate) fn upgrade(
    service: &Service,
    containers: &[Container],
    previous: Option<&UpgradeProgress>,
) -> UpgradeProgress {
    let configs = current_configs(service);
    let long_running = configs.iter().filter(|c| !c.once).count();
    let live: Vec<&Container> = containers.iter().filter(|c| c.is_live()).collect();
    // The current config a container was made from, if it has that config's current version.
    let current = |c: &Container| -> Option<&Config> {
        let version = c.version();
        match c.label(LAUNCH_CONFIG) {
            Some(name) => configs.iter().find(|lc| lc.name == name && lc.version == version),
            // Without the label (not a Cattle container): any current version.
            None => configs.iter().find(|lc| lc.version == version),
        }
    };
    let is_new = |c: &Container| current(c).is_some();
    let counted = |c: &Container| current(c).is_some_and(|lc| !lc.once);
    let running: Vec<&&Container> = live.iter().filter(|c| counted(c) && c.state().is_running()).collect();
    let healthy = running.iter().filter(|c| c.is_ready_health()).count();
    let old = live.iter().filter(|c| !is_new(c)).count();
    let scale = service.scale().unwrap_or(0);
    let per_unit = u64::try_from(long_running).unwrap_or(1).max(1);
    let size = service
        .upgrade
        .as_ref()
        .and_then(|u| u.pointer("/inServiceStrategy/batchSize"))
        .and_then(Value::as_u64)
        .unwrap_or(1)
        .max(1);
    let batches = scale.div_ceil(size).max(1);
    let running = u64::try_from(running.len()).unwrap_or(u64::MAX);
    let units = running / per_unit;
    let batch = (units / size + 1).min(batches);
    let batch = previous.map_or(batch, |p| batch.max(p.batch)).min(batches);
    UpgradeProgress {
        batch,
        batches,
        running,
        wanted: scale * per_unit,
        healthy: u64::try_from(healthy).unwrap_or(u64::MAX),
        old: u64::try_from(old).unwrap_or(u64::MAX),
    }
}

/// The current launch configs: the primary and the sidekicks.
fn current_configs(service: &Service) -> Vec<Config> {
    let config = |lc: &Value, name: String| Config {
        name,
        version: text(lc, "version").to_owned(),
        once: lc.pointer("/labels").and_then(|l| l.get(START_ONCE)).and_then(Value::as_str) == Some("true"),
    };
    service
        .launch_config
        .as_ref()
        .map(|lc| config(lc, PRIMARY.to_owned()))
        .into_iter()
        .chain(service.secondaries().iter().map(|lc| config(lc, text(lc, "name").to_owned())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn decode<T: serde::de::DeserializeOwned>(v: Value) -> T {
        serde_json::from_value(v).unwrap_or_else(|e| panic!("{e}"))
    }

    fn service(scale: u64, batch: u64) -> Service {
        decode(json!({
            "scale": scale,
            "upgrade": {"inServiceStrategy": {"batchSize": batch}},
            "launchConfig": {"version": "v2"},
            "secondaryLaunchConfigs": [{"name": "init", "version": "i2", "labels": {START_ONCE: "true"}}],
        }))
    }

    fn container(version: &str, state: &str) -> Container {
        decode(json!({"version": version, "state": state}))
    }

    fn labelled(config: &str, version: &str, state: &str) -> Container {
        decode(json!({"version": version, "state": state, "labels": {LAUNCH_CONFIG: config}}))
    }

    #[test]
    fn old_containers_are_told_by_their_own_config_version() {
        // app and its logs sidekick upgraded; the start-once init sidekick kept version "0",
        // which the old app and logs containers have too.
        let service: Service = decode(json!({
            "scale": 2,
            "launchConfig": {"version": "a2"},
            "secondaryLaunchConfigs": [
                {"name": "init", "version": "0", "labels": {START_ONCE: "true"}},
                {"name": "logs", "version": "l2"},
            ],
        }));
        let mut containers = Vec::new();
        for _ in 0..2 {
            containers.push(labelled(PRIMARY, "0", "stopped"));
            containers.push(labelled("logs", "0", "stopped"));
            containers.push(labelled("init", "0", "stopped"));
            containers.push(labelled(PRIMARY, "a2", "running"));
            containers.push(labelled("logs", "l2", "running"));
        }
        let p = upgrade(&service, &containers, None);
        assert_eq!((p.batch, p.batches, p.running, p.wanted, p.old), (2, 2, 4, 4, 4));
        assert_eq!(p.to_string(), "batch 2 of 2, 4/4 new containers running (4 healthy), 4 old");
    }

    #[test]
    fn start_once_sidekicks_are_not_wanted_running_and_old_ones_count() {
        let mut containers = vec![container("v2", "running"), container("i2", "stopped")];
        containers.extend((0..3).map(|_| container("v1", "stopped")));
        let p = upgrade(&service(4, 2), &containers, None);
        assert_eq!((p.batch, p.batches, p.running, p.wanted, p.old), (1, 2, 1, 4, 3));
        let done: Vec<Container> = (0..4).map(|_| container("v2", "running")).collect();
        let p = upgrade(&service(4, 2), &done, Some(&p));
        assert_eq!((p.batch, p.running, p.wanted, p.old), (2, 4, 4, 0));
    }

    #[test]
    fn batches_never_go_backwards() {
        let first =
            upgrade(&service(8, 2), &(0..3).map(|_| container("v2", "running")).collect::<Vec<_>>(), None);
        assert_eq!(first.batch, 2);
        // The scale changed under way and fewer new containers run for a moment.
        let later = upgrade(&service(8, 2), &[container("v2", "running")], Some(&first));
        assert_eq!(later.batch, 2);
    }
}
