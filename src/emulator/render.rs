//! Resource JSON built from the emulator's own model: `id`, `type`, `baseType`, absolute
//! lower-case `links`, state-derived `actions`, `transitioning*` and the type's fields. Output is
//! restricted to the fields the emulator's schema declares for the type.

use serde_json::{Map, Value, json};

use super::containers;
use super::machines::{self, Machine};
use super::nested_types;
use super::schemas;
use super::store::{ConsumeMap, Container, Generic, Host, Meta, Project, Service, Stack, State, prefix_of};
use super::util::fmt_id;

/// Where generated URLs point (scheme + host + version + project scope), and the project
/// (environment) a request acts in.
#[derive(Debug, Clone)]
pub(super) struct Ctx {
    /// e.g. `http://127.0.0.1:8080/v2-beta`
    pub root: String,
    /// e.g. `http://127.0.0.1:8080/v2-beta/projects/1a5`
    pub base: String,
    pub project: u64,
}

impl Ctx {
    pub(super) fn new(root: &str, project: u64) -> Ctx {
        Ctx { root: root.to_owned(), base: format!("{root}/projects/{}", fmt_id("a", project)), project }
    }

    pub(super) fn url(&self, plural: &str, id: &str) -> String {
        format!("{}/{}/{id}", self.base, plural.to_ascii_lowercase())
    }
}

fn transitioning(m: Machine, meta: &Meta) -> (&'static str, Value) {
    if meta.error {
        return ("error", json!(meta.message.clone().unwrap_or_else(|| "Error".into())));
    }
    if machines::is_transitioning(m, &meta.state) {
        ("yes", json!(meta.message.clone().unwrap_or_else(|| "In Progress".into())))
    } else {
        ("no", meta.message.clone().map(Value::String).unwrap_or(Value::Null))
    }
}

/// Common keys, then the type's fields filtered by its schema.
fn finish(
    type_id: &str,
    base_type: &str,
    id: String,
    links: Map<String, Value>,
    actions: Map<String, Value>,
    mut f: Map<String, Value>,
) -> Value {
    let keep = schemas::get(type_id).map(|s| &s.fields);
    if let Some(keep) = keep {
        f.retain(|k, _| keep.contains_key(k));
    }
    nested_types::annotate(type_id, &mut f);
    f.insert("id".into(), json!(id));
    f.insert("type".into(), json!(type_id));
    f.insert("baseType".into(), json!(base_type));
    f.insert("links".into(), Value::Object(links));
    f.insert("actions".into(), Value::Object(actions));
    Value::Object(f)
}

fn common_fields(f: &mut Map<String, Value>, m: Machine, meta: &Meta, kind: &str) {
    let (t, msg) = transitioning(m, meta);
    f.insert("accountId".into(), json!(fmt_id("a", meta.project)));
    f.insert("uuid".into(), json!(meta.uuid));
    f.insert("state".into(), json!(meta.state));
    f.insert("created".into(), json!(meta.created));
    f.insert("removed".into(), json!(meta.removed));
    f.insert("transitioning".into(), json!(t));
    f.insert("transitioningMessage".into(), msg);
    f.insert("transitioningProgress".into(), Value::Null);
    f.insert("kind".into(), json!(kind));
}

fn action_map(self_url: &str, type_id: &str, names: &[&str]) -> Map<String, Value> {
    let Some(schema) = schemas::get(type_id) else {
        return Map::new();
    };
    names
        .iter()
        .filter(|n| schema.actions.contains_key(**n))
        .map(|n| (n.to_string(), json!(format!("{self_url}/?action={n}"))))
        .collect()
}

pub(super) fn stack(st: &State, s: &Stack, ctx: &Ctx) -> Value {
    let id = fmt_id("st", s.meta.id);
    let self_url = ctx.url("stacks", &id);
    let mut names = machines::process_actions(Machine::Stack, &s.meta.state);
    if s.meta.removed.is_none() && s.meta.state != "removing" {
        names.extend_from_slice(machines::STACK_HANDLER_ACTIONS);
    }
    let actions = action_map(&self_url, "stack", &names);
    let mut links = Map::new();
    links.insert("self".into(), json!(self_url));
    links.insert("services".into(), json!(format!("{self_url}/services")));
    links.insert("composeConfig".into(), json!(format!("{self_url}/composeconfig")));
    let mut f = s.fields.clone();
    common_fields(&mut f, Machine::Stack, &s.meta, "stack");
    f.insert("name".into(), json!(s.name));
    f.insert("system".into(), json!(false));
    f.insert("healthState".into(), json!(containers::stack_health(st, s.meta.id)));
    let ids: Vec<String> = st.stack_services(s.meta.id).map(|x| fmt_id("s", x.meta.id)).collect();
    f.insert("serviceIds".into(), json!(ids));
    finish("stack", "stack", id, links, actions, f)
}

pub(super) fn service_plural(kind: &str) -> &'static str {
    schemas::get(kind).map(|s| s.plural).unwrap_or("services")
}

/// Alias → service id of the services `sid` consumes.
pub(super) fn linked_services(st: &State, svc: &Service) -> Map<String, Value> {
    let mut out = Map::new();
    for m in st.live_consume_maps().filter(|m| m.service_id == svc.meta.id) {
        let Some(target) = st.services.get(&m.consumed_id) else {
            continue;
        };
        let alias = match &m.name {
            Some(n) if !n.is_empty() => n.clone(),
            _ if target.stack_id != svc.stack_id => {
                let stack = st.stacks.get(&target.stack_id).map(|s| s.name.clone()).unwrap_or_default();
                format!("{stack}/{}", target.name)
            }
            _ => target.name.clone(),
        };
        out.insert(alias, json!(fmt_id("s", target.meta.id)));
    }
    out
}

pub(super) fn service(st: &State, s: &Service, ctx: &Ctx) -> Value {
    let id = fmt_id("s", s.meta.id);
    let self_url = ctx.url(service_plural(&s.kind), &id);
    let mut names = machines::process_actions(Machine::Service, &s.meta.state);
    names.extend_from_slice(machines::SERVICE_LINK_ACTIONS);
    let actions = action_map(&self_url, &s.kind, &names);
    let mut links = Map::new();
    links.insert("self".into(), json!(self_url));
    links.insert("stack".into(), json!(ctx.url("stacks", &fmt_id("st", s.stack_id))));
    links.insert("instances".into(), json!(format!("{self_url}/instances")));
    links.insert("consumedservices".into(), json!(format!("{self_url}/consumedservices")));
    links.insert("consumedbyservices".into(), json!(format!("{self_url}/consumedbyservices")));
    let mut f = s.fields.clone();
    common_fields(&mut f, Machine::Service, &s.meta, &s.kind);
    f.insert("name".into(), json!(s.name));
    f.insert("stackId".into(), json!(fmt_id("st", s.stack_id)));
    f.insert("scale".into(), json!(s.scale));
    f.insert("launchConfig".into(), Value::Object(s.launch_config.clone()));
    f.insert("secondaryLaunchConfigs".into(), json!(s.secondary));
    f.insert("upgrade".into(), s.upgrade.clone().unwrap_or(Value::Null));
    f.insert("createIndex".into(), json!(s.create_index));
    f.insert("currentScale".into(), json!(containers::current_scale(st, s.meta.id)));
    let ids: Vec<String> =
        containers::instance_ids(st, s.meta.id).into_iter().map(|i| fmt_id("i", i)).collect();
    f.insert("instanceIds".into(), json!(ids));
    f.insert("healthState".into(), json!(containers::service_health(st, s)));
    f.insert("linkedServices".into(), Value::Object(linked_services(st, s)));
    f.insert("system".into(), json!(false));
    let stack_name = st.stacks.get(&s.stack_id).map(|x| x.name.as_str()).unwrap_or("");
    f.insert("fqdn".into(), json!(format!("{}.{stack_name}.rancher.internal", s.name)));
    let endpoints: Vec<Value> = st
        .service_containers(s.meta.id)
        .filter(|c| c.meta.state == "running" && c.managed)
        .flat_map(|c| public_endpoints(st, c))
        .collect();
    f.insert("publicEndpoints".into(), json!(endpoints));
    for (k, d) in [
        ("vip", Value::Null),
        ("retainIp", Value::Null),
        ("selectorContainer", Value::Null),
        ("selectorLink", Value::Null),
        ("description", Value::Null),
        ("externalId", Value::Null),
        ("metadata", Value::Null),
        ("lbConfig", Value::Null),
        ("scalePolicy", Value::Null),
    ] {
        f.entry(k.to_string()).or_insert(d);
    }
    finish(&s.kind, "service", id, links, actions, f)
}

/// `ports` entries with a public port ("8080:80/tcp") become endpoints on the container's host.
fn public_endpoints(st: &State, c: &Container) -> Vec<Value> {
    let Some(ports) = c.config.get("ports").and_then(Value::as_array) else {
        return vec![];
    };
    let host_ip = st.hosts.get(&c.host_id).map(|h| h.ip.clone()).unwrap_or_default();
    ports
        .iter()
        .filter_map(Value::as_str)
        .filter_map(|p| {
            let parts: Vec<&str> = p.split('/').next().unwrap_or("").split(':').collect();
            if parts.len() < 2 {
                return None;
            }
            let public = parts[parts.len() - 2].parse::<u64>().ok()?;
            Some(json!({
                "ipAddress": host_ip, "port": public, "hostId": fmt_id("h", c.host_id),
                "instanceId": fmt_id("i", c.meta.id), "serviceId": c.service_id.map(|s| fmt_id("s", s)),
            }))
        })
        .collect()
}

pub(super) fn container(st: &State, c: &Container, ctx: &Ctx, as_type: &str) -> Value {
    let id = fmt_id("i", c.meta.id);
    let self_url = ctx.url(if as_type == "instance" { "instances" } else { "containers" }, &id);
    let names = machines::process_actions(Machine::Container, &c.meta.state);
    let actions = action_map(&self_url, as_type, &names);
    let mut links = Map::new();
    links.insert("self".into(), json!(self_url));
    links.insert("host".into(), json!(ctx.url("hosts", &fmt_id("h", c.host_id))));
    links.insert("services".into(), json!(format!("{self_url}/services")));
    let mut f = c.config.clone();
    common_fields(&mut f, Machine::Container, &c.meta, "container");
    f.insert("name".into(), json!(c.name));
    f.insert("hostId".into(), json!(fmt_id("h", c.host_id)));
    f.insert("primaryIpAddress".into(), json!(c.ip));
    f.insert("externalId".into(), json!(c.external_id));
    f.insert("healthState".into(), json!(c.health));
    f.insert("startCount".into(), json!(c.start_count));
    f.insert("createIndex".into(), json!(c.create_index));
    f.insert("deploymentUnitUuid".into(), json!(c.du_uuid));
    f.insert("version".into(), json!(c.version));
    f.insert("firstRunning".into(), json!(c.first_running));
    f.insert("system".into(), json!(false));
    f.insert("nativeContainer".into(), json!(false));
    let sids: Vec<String> = c.service_id.map(|s| fmt_id("s", s)).into_iter().collect();
    f.insert("serviceIds".into(), json!(sids));
    let _ = st;
    finish(as_type, "instance", id, links, actions, f)
}

pub(super) fn consume_map(m: &ConsumeMap, ctx: &Ctx) -> Value {
    let id = fmt_id("scm", m.meta.id);
    let mut links = Map::new();
    links.insert("self".into(), json!(ctx.url("serviceconsumemaps", &id)));
    links.insert("service".into(), json!(ctx.url("services", &fmt_id("s", m.service_id))));
    links.insert("consumedService".into(), json!(ctx.url("services", &fmt_id("s", m.consumed_id))));
    let mut f = Map::new();
    common_fields(&mut f, Machine::Simple, &m.meta, "serviceConsumeMap");
    f.insert("serviceId".into(), json!(fmt_id("s", m.service_id)));
    f.insert("consumedServiceId".into(), json!(fmt_id("s", m.consumed_id)));
    f.insert("name".into(), json!(m.name));
    f.insert("ports".into(), json!([]));
    f.insert("description".into(), Value::Null);
    finish("serviceConsumeMap", "serviceConsumeMap", id, links, Map::new(), f)
}

pub(super) fn host(st: &State, h: &Host, ctx: &Ctx) -> Value {
    let id = fmt_id("h", h.meta.id);
    let mut links = Map::new();
    links.insert("self".into(), json!(ctx.url("hosts", &id)));
    let mut f = Map::new();
    common_fields(&mut f, Machine::Simple, &h.meta, "docker");
    f.insert("name".into(), json!(h.name));
    f.insert("hostname".into(), json!(h.name));
    f.insert("agentIpAddress".into(), json!(h.ip));
    f.insert("agentState".into(), json!("active"));
    f.insert("labels".into(), json!({}));
    f.insert("computeTotal".into(), json!(1_000_000));
    f.insert("memory".into(), json!(8_589_934_592u64));
    f.insert("milliCpu".into(), json!(4000));
    f.insert(
        "info".into(),
        json!({"osInfo": {"operatingSystem": "Emulated Linux", "dockerVersion": "1.12.6"}}),
    );
    f.insert("description".into(), Value::Null);
    let ids: Vec<String> = st
        .containers
        .values()
        .filter(|c| c.host_id == h.meta.id && c.is_live())
        .map(|c| fmt_id("i", c.meta.id))
        .collect();
    f.insert("instanceIds".into(), json!(ids));
    f.insert("publicEndpoints".into(), json!([]));
    finish("host", "host", id, links, Map::new(), f)
}

pub(super) fn generic(type_id: &str, g: &Generic, ctx: &Ctx) -> Value {
    let plural = schemas::get(type_id).map(|s| s.plural).unwrap_or("generics");
    let id = fmt_id(prefix_of(type_id), g.meta.id);
    let self_url = ctx.url(plural, &id);
    let names = if g.meta.removed.is_some() {
        vec![]
    } else {
        machines::process_actions(Machine::Simple, &g.meta.state)
    };
    let actions = action_map(&self_url, type_id, &names);
    let mut links = Map::new();
    links.insert("self".into(), json!(self_url));
    let mut f = g.fields.clone();
    common_fields(&mut f, Machine::Simple, &g.meta, type_id);
    finish(type_id, type_id, id, links, actions, f)
}

pub(super) fn project(p: &Project, ctx: &Ctx) -> Value {
    let id = fmt_id("a", p.meta.id);
    let mut links = Map::new();
    // The project resource itself lives outside the project scope.
    links.insert("self".into(), json!(format!("{}/projects/{id}", ctx.root)));
    let f = json!({
        "name": p.name, "description": p.description, "state": "active", "healthState": "healthy",
        "orchestration": "cattle", "created": p.meta.created, "removed": null,
        "transitioning": "no", "transitioningMessage": null, "transitioningProgress": null,
        "uuid": p.meta.uuid, "kind": "project", "virtualMachine": false, "version": "2",
        "members": [], "defaultNetworkId": null, "projectTemplateId": null, "servicesPortRange": null,
    });
    let Value::Object(f) = f else {
        return Value::Null;
    };
    finish("project", "project", id, links, Map::new(), f)
}

/// The settings a compose client reads.
pub(super) fn settings() -> Vec<(&'static str, &'static str)> {
    vec![
        ("rancher.compose.version", "v0.12.5"),
        ("lb.instance.image", "rancher/lb-service-haproxy:v0.7.9"),
        ("api.host", ""),
    ]
}

pub(super) fn setting(name: &str, value: &str, ctx: &Ctx) -> Value {
    let mut links = Map::new();
    links.insert("self".into(), json!(ctx.url("settings", name)));
    let mut f = Map::new();
    f.insert("name".into(), json!(name));
    f.insert("value".into(), json!(value));
    f.insert("activeValue".into(), json!(value));
    finish("setting", "setting", name.into(), links, Map::new(), f)
}
