//! The in-memory model of one Rancher project: stacks, services, containers, consume maps, hosts
//! and the peripheral resources, plus the per-type id counters. The whole `State` is serialised
//! as one JSON document for `--state` persistence.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::util;

pub type Obj = Map<String, Value>;

/// Fields every stored resource has.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Meta {
    pub id: u64,
    pub uuid: String,
    pub state: String,
    pub created: String,
    pub removed: Option<String>,
    /// `transitioningMessage` override (errors, progress notes).
    pub message: Option<String>,
    /// The last process reported an error (`transitioning: "error"`).
    pub error: bool,
    /// Process generation: a process only applies its steps while this is unchanged, so starting a
    /// new process (cancel, rollback, remove) makes an older one stop at its next step.
    pub epoch: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Stack {
    pub meta: Meta,
    pub name: String,
    /// Other writable fields (description, externalId, environment, outputs, ...).
    pub fields: Obj,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Service {
    pub meta: Meta,
    /// `service`, `loadBalancerService`, `dnsService`, `externalService`.
    pub kind: String,
    pub name: String,
    pub stack_id: u64,
    pub scale: i64,
    pub launch_config: Obj,
    pub secondary: Vec<Obj>,
    /// Other writable fields (metadata, selectors, lbConfig, retainIp, ...).
    pub fields: Obj,
    pub upgrade: Option<Value>,
    /// Counter of containers ever created for the service.
    pub create_index: u64,
    /// Container id → startCount recorded when a rolling restart was requested.
    #[serde(default)]
    pub restart_counts: BTreeMap<u64, u64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Container {
    pub meta: Meta,
    pub name: String,
    pub service_id: Option<u64>,
    pub stack_id: Option<u64>,
    /// Sidekick name; None for the primary launch config.
    pub lc_name: Option<String>,
    pub du_uuid: Option<String>,
    pub du_index: u64,
    pub create_index: u64,
    pub version: String,
    pub start_count: u64,
    /// Member of the service's managed set (false for containers left behind by an upgrade).
    pub managed: bool,
    /// Marked old by an in-service upgrade (`upgrade=true` on the expose map).
    pub old: bool,
    pub host_id: u64,
    pub ip: String,
    pub health: Option<String>,
    /// The launch-config fields the container was created from (labels include server labels).
    pub config: Obj,
    pub first_running: Option<String>,
    pub external_id: String,
}

impl Container {
    pub fn image(&self) -> &str {
        self.config.get("imageUuid").and_then(Value::as_str).unwrap_or("")
    }

    pub fn has_health_check(&self) -> bool {
        self.config.get("healthCheck").is_some_and(|v| !v.is_null())
    }

    pub fn start_once(&self) -> bool {
        self.config
            .get("labels")
            .and_then(|l| l.get("io.rancher.container.start_once"))
            .and_then(Value::as_str)
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }

    pub fn is_live(&self) -> bool {
        !matches!(self.meta.state.as_str(), "removed" | "removing" | "purged" | "purging")
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ConsumeMap {
    pub meta: Meta,
    pub service_id: u64,
    pub consumed_id: u64,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Host {
    pub meta: Meta,
    pub name: String,
    pub ip: String,
}

/// Certificates, volumes, volume templates and pull tasks: stored as their writable fields.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Generic {
    pub meta: Meta,
    pub fields: Obj,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct State {
    pub counters: BTreeMap<String, u64>,
    pub uuid_seq: u64,
    pub stacks: BTreeMap<u64, Stack>,
    pub services: BTreeMap<u64, Service>,
    pub containers: BTreeMap<u64, Container>,
    pub consume_maps: BTreeMap<u64, ConsumeMap>,
    pub hosts: BTreeMap<u64, Host>,
    /// schema id (`certificate`, `volume`, ...) → resources.
    pub generics: BTreeMap<String, BTreeMap<u64, Generic>>,
    /// When the state was last written (ms since the epoch; 0 in older files), so a reload can
    /// let the time in between pass for what was under way.
    #[serde(default)]
    pub saved_at_ms: u64,
}

/// Every kind of service (one table, ids `1s…`, all listed under `/services`).
pub const SERVICE_KINDS: &[&str] = &[
    "service",
    "loadBalancerService",
    "dnsService",
    "externalService",
    "networkDriverService",
    "storageDriverService",
];

pub fn is_service_kind(type_id: &str) -> bool {
    SERVICE_KINDS.contains(&type_id)
}

/// Id prefix per type (spec §1.4).
pub fn prefix_of(type_id: &str) -> &'static str {
    match type_id {
        "stack" => "st",
        t if is_service_kind(t) => "s",
        "container" | "instance" => "i",
        "serviceConsumeMap" => "scm",
        "host" => "h",
        "certificate" => "c",
        "volume" => "v",
        "volumeTemplate" => "vt",
        "pullTask" => "pt",
        "project" => "a",
        _ => "x",
    }
}

impl State {
    /// A fresh project with `hosts` simulated hosts.
    pub fn new(hosts: usize) -> State {
        let mut st = State::default();
        for i in 1..=hosts.max(1) {
            let mut meta = st.new_meta("host", "active");
            meta.id = i as u64;
            st.hosts.insert(
                meta.id,
                Host { meta, name: format!("emulated-host-{i}"), ip: format!("192.168.100.{}", 10 + i) },
            );
        }
        st.counters.insert("h".into(), hosts.max(1) as u64);
        st
    }

    pub fn next_id(&mut self, type_id: &str) -> u64 {
        let c = self.counters.entry(prefix_of(type_id).to_string()).or_insert(0);
        *c += 1;
        *c
    }

    pub fn next_uuid(&mut self) -> String {
        self.uuid_seq += 1;
        util::uuid_from(self.uuid_seq)
    }

    pub fn new_meta(&mut self, type_id: &str, state: &str) -> Meta {
        Meta {
            id: self.next_id(type_id),
            uuid: self.next_uuid(),
            state: state.to_string(),
            created: util::now_iso(),
            removed: None,
            message: None,
            error: false,
            epoch: 0,
        }
    }

    /// Live (non-removed) services of a stack.
    pub fn stack_services(&self, stack_id: u64) -> impl Iterator<Item = &Service> {
        self.services.values().filter(move |s| s.stack_id == stack_id && s.meta.removed.is_none())
    }

    pub fn service_containers(&self, service_id: u64) -> impl Iterator<Item = &Container> {
        self.containers.values().filter(move |c| c.service_id == Some(service_id))
    }

    pub fn live_consume_maps(&self) -> impl Iterator<Item = &ConsumeMap> {
        self.consume_maps.values().filter(|m| m.meta.removed.is_none())
    }

    /// A new, active link from `service_id` to `consumed_id`.
    pub fn add_consume_map(&mut self, service_id: u64, consumed_id: u64, name: Option<String>) -> u64 {
        let meta = self.new_meta("serviceConsumeMap", "active");
        let id = meta.id;
        self.consume_maps.insert(id, ConsumeMap { meta, service_id, consumed_id, name });
        id
    }
}

/// Set `removed`/state on a meta.
pub fn mark_removed(meta: &mut Meta) {
    meta.state = "removed".into();
    if meta.removed.is_none() {
        meta.removed = Some(util::now_iso());
    }
    meta.message = None;
    meta.error = false;
}
