//! The in-memory model of a Rancher server's environments (projects): stacks, services,
//! containers, consume maps, hosts and the peripheral resources, each belonging to one project,
//! plus the per-type id counters (ids are unique across projects, as Cattle's are). The whole
//! `State` is serialised as one JSON document for `--state` persistence.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::util;

pub(super) type Obj = Map<String, Value>;

/// The environment `Default` (`1a5`), the only one a new state had before there were several:
/// what every resource of an older state file belongs to.
pub(super) const DEFAULT_PROJECT: u64 = 5;

fn default_project() -> u64 {
    DEFAULT_PROJECT
}

/// Fields every stored resource has.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Meta {
    pub id: u64,
    /// The project (environment) the resource belongs to: its `accountId`.
    #[serde(default = "default_project")]
    pub project: u64,
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
pub(super) struct Stack {
    pub meta: Meta,
    pub name: String,
    /// Other writable fields (description, externalId, environment, outputs, ...).
    pub fields: Obj,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Service {
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
pub(super) struct Container {
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
    pub(super) fn image(&self) -> &str {
        self.config.get("imageUuid").and_then(Value::as_str).unwrap_or("")
    }

    pub(super) fn has_health_check(&self) -> bool {
        self.config.get("healthCheck").is_some_and(|v| !v.is_null())
    }

    pub(super) fn start_once(&self) -> bool {
        self.config
            .get("labels")
            .and_then(|l| l.get("io.rancher.container.start_once"))
            .and_then(Value::as_str)
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }

    pub(super) fn is_live(&self) -> bool {
        !matches!(self.meta.state.as_str(), "removed" | "removing" | "purged" | "purging")
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct ConsumeMap {
    pub meta: Meta,
    pub service_id: u64,
    pub consumed_id: u64,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Host {
    pub meta: Meta,
    pub name: String,
    pub ip: String,
}

/// An environment. Its own id is `meta.id` (and `meta.project`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Project {
    pub meta: Meta,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
}

/// Certificates, volumes, volume templates and pull tasks: stored as their writable fields.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Generic {
    pub meta: Meta,
    pub fields: Obj,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(super) struct State {
    /// The environments (absent from older files: see [`State::ensure_default_project`]).
    #[serde(default)]
    pub projects: BTreeMap<u64, Project>,
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
pub(super) const SERVICE_KINDS: &[&str] = &[
    "service",
    "loadBalancerService",
    "dnsService",
    "externalService",
    "networkDriverService",
    "storageDriverService",
];

pub(super) fn is_service_kind(type_id: &str) -> bool {
    SERVICE_KINDS.contains(&type_id)
}

/// Id prefix per type (`rancher-api-semantics.md` §1.4).
pub(super) fn prefix_of(type_id: &str) -> &'static str {
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
    /// A fresh server with the environment `Default` and `hosts` simulated hosts in it.
    pub(super) fn new(hosts: usize) -> State {
        let mut st = State::default();
        st.ensure_default_project();
        st.add_hosts(DEFAULT_PROJECT, hosts);
        st
    }

    /// A state from a file written before there were environments gets `Default` (`1a5`),
    /// which all its resources belong to; new project ids come after it.
    pub(super) fn ensure_default_project(&mut self) {
        let key = prefix_of("project").to_string();
        let issued = self.counters.get(&key).copied().unwrap_or(0);
        if self.projects.is_empty() {
            let mut meta = self.new_meta(DEFAULT_PROJECT, "project", "active");
            meta.id = DEFAULT_PROJECT;
            self.projects
                .insert(DEFAULT_PROJECT, Project { meta, name: "Default".into(), description: None });
        }
        // `Default`'s fixed id takes no number from the counter.
        let highest = self.projects.keys().max().copied().unwrap_or(DEFAULT_PROJECT);
        self.counters.insert(key, issued.max(highest));
    }

    /// A new environment named `name` with `hosts` simulated hosts; its id.
    pub(super) fn add_project(&mut self, name: &str, description: Option<String>, hosts: usize) -> u64 {
        let mut meta = self.new_meta(0, "project", "active");
        let id = meta.id;
        meta.project = id;
        self.projects.insert(id, Project { meta, name: name.to_string(), description });
        self.add_hosts(id, hosts);
        id
    }

    /// The environment named `name` (names are matched without case, as Cattle's database did).
    pub(super) fn project_named(&self, name: &str) -> Option<u64> {
        self.projects.values().find(|p| p.name.eq_ignore_ascii_case(name)).map(|p| p.meta.id)
    }

    fn add_hosts(&mut self, project: u64, count: usize) {
        let first = self.hosts.values().filter(|h| h.meta.project == project).count();
        for i in first + 1..=first + count.max(1) {
            let meta = self.new_meta(project, "host", "active");
            // `Default`'s hosts keep the names and addresses they had with one environment.
            let (name, net) = if project == DEFAULT_PROJECT {
                (format!("emulated-host-{i}"), 100)
            } else {
                (format!("emulated-host-{project}-{i}"), 100 + project % 100)
            };
            self.hosts.insert(meta.id, Host { meta, name, ip: format!("192.168.{net}.{}", 10 + i) });
        }
    }

    /// The hosts of an environment, by id.
    pub(super) fn project_hosts(&self, project: u64) -> Vec<u64> {
        self.hosts.values().filter(|h| h.meta.project == project).map(|h| h.meta.id).collect()
    }

    pub(super) fn next_id(&mut self, type_id: &str) -> u64 {
        let c = self.counters.entry(prefix_of(type_id).to_string()).or_insert(0);
        *c += 1;
        *c
    }

    pub(super) fn next_uuid(&mut self) -> String {
        self.uuid_seq += 1;
        util::uuid_from(self.uuid_seq)
    }

    pub(super) fn new_meta(&mut self, project: u64, type_id: &str, state: &str) -> Meta {
        Meta {
            id: self.next_id(type_id),
            project,
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
    pub(super) fn stack_services(&self, stack_id: u64) -> impl Iterator<Item = &Service> {
        self.services.values().filter(move |s| s.stack_id == stack_id && s.meta.removed.is_none())
    }

    pub(super) fn service_containers(&self, service_id: u64) -> impl Iterator<Item = &Container> {
        self.containers.values().filter(move |c| c.service_id == Some(service_id))
    }

    pub(super) fn live_consume_maps(&self) -> impl Iterator<Item = &ConsumeMap> {
        self.consume_maps.values().filter(|m| m.meta.removed.is_none())
    }

    /// A new, active link from `service_id` to `consumed_id`.
    pub(super) fn add_consume_map(&mut self, service_id: u64, consumed_id: u64, name: Option<String>) -> u64 {
        let project = self.services.get(&service_id).map_or(DEFAULT_PROJECT, |s| s.meta.project);
        let meta = self.new_meta(project, "serviceConsumeMap", "active");
        let id = meta.id;
        self.consume_maps.insert(id, ConsumeMap { meta, service_id, consumed_id, name });
        id
    }
}

/// Set `removed`/state on a meta.
pub(super) fn mark_removed(meta: &mut Meta) {
    meta.state = "removed".into();
    if meta.removed.is_none() {
        meta.removed = Some(util::now_iso());
    }
    meta.message = None;
    meta.error = false;
}
