//! The plan of `up` and `create`: the stack and its volume templates if missing, then per
//! service (see `service`) its create, update, upgrade, links, confirm and activate steps,
//! joined in one graph: a step waits for the steps before it of the same service, for the
//! creates whose ids its body needs, and a service's first step that starts or replaces
//! containers waits for the services it depends on (links, balancer targets) to be done.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use crate::api::{self, Schemas};
use crate::compose::{Project, ProjectService};
use crate::deploy::kind::Kind;
use crate::deploy::observe::Observed;
use crate::deploy::request::{self, Resolved};
use crate::deploy::volumes::{self, Wanted};
use crate::deploy::{launch, legacy_lb, order};

use super::changes::{self, Change, Mask};
use super::service::{self, Flags, Intent, Live, Resolve, WantedLinks};
use super::{Action, HASH_KEY, STACK_CREATE, ServiceView, StackPlan, created_by, step_id};

/// What an `up` (or `create`) run is asked to do.
#[derive(Debug, Clone, Default)]
pub(crate) struct UpOptions {
    pub flags: Flags,
    /// The services named on the command line (empty: all).
    pub selected: Vec<String>,
    /// `create`: only create missing services and link them; nothing starts.
    pub create_only: bool,
    /// Finish each changed service by waiting until it is healthy.
    pub wait_healthy: bool,
    /// Pull the images of services being upgraded first.
    pub pull: bool,
    pub mask: Mask,
    /// Fields a new stack is created with (a catalog's `externalId`, the answers).
    pub stack_fields: Map<String, Value>,
    /// Names the images Rancher builds from a remote `build:` context without an `image:`:
    /// `<stack>_<service>_<stamp>`, as 0.12 did with the time in milliseconds.
    pub build_stamp: u64,
}

/// What must hold before anything changes: images to deploy, certificates, load balancer
/// targets and external volumes exist.
///
/// # Errors
/// The first thing missing, as a sentence.
pub(crate) fn check(project: &Project, observed: &Observed, selected: &[String]) -> Result<(), String> {
    for (name, service) in &project.services {
        let c = &service.compose;
        if c.build.is_some() && c.image.is_none() && launch::remote_build(c).is_none() {
            return Err(format!(
                "service `{name}` builds from a local folder and has no `image:`; 0.12 uploaded such contexts to S3, \
                 which is not supported: build and push the image and name it with `image:`, or give `build:` a \
                 git or http(s) context, which Rancher builds itself"
            ));
        }
    }
    for (name, service) in &project.services {
        for cert in certificates(service) {
            if observed.certificates.get(cert.as_str()).is_none_or(Option::is_none) {
                return Err(format!("load balancer `{name}`: no certificate `{cert}` on the server"));
            }
        }
        for target in balancer_targets(service).iter().filter(|t| t.contains('/')) {
            if observed.remote.get(target.as_str()).is_none_or(Option::is_none) {
                return Err(format!("load balancer `{name}`: no service `{target}` on the server"));
            }
        }
    }
    for (name, spec) in &project.volumes {
        if let Wanted::External(volume) = volumes::wanted(name, spec)
            && !observed.external_volumes.get(&volume).copied().unwrap_or(false)
        {
            return Err(format!(
                "volume `{volume}` is declared external but does not exist on the server; create it first"
            ));
        }
    }
    let names = order::services(project, selected);
    for name in &names {
        let Some(service) = project.services.get(name) else { continue };
        for target in balancer_targets(service).iter().filter(|t| !t.contains('/')) {
            if observed.service(target).is_none() && !names.contains(target) {
                return Err(format!(
                    "load balancer `{name}` sends traffic to `{target}`, which is not deployed{}; nothing was changed",
                    if project.services.contains_key(target) {
                        " (name it too, or run `up` for all)"
                    } else {
                        " nor in the compose files"
                    }
                ));
            }
        }
    }
    Ok(())
}

/// The services a balancer sends traffic to (`service` or `stack/service`).
#[must_use]
pub(crate) fn balancer_targets(service: &ProjectService) -> Vec<String> {
    match Kind::of(service) {
        Kind::LegacyLoadBalancer => legacy_lb::targets(service),
        _ => service
            .rancher
            .lb_config
            .iter()
            .flat_map(|lb| lb.port_rules.iter().filter_map(|r| r.service.clone()))
            .collect(),
    }
}

/// The certificates a balancer uses.
#[must_use]
pub(crate) fn certificates(service: &ProjectService) -> Vec<String> {
    let r = &service.rancher;
    let mut certs: Vec<String> = Vec::new();
    if Kind::of(service) == Kind::LegacyLoadBalancer {
        certs.extend(r.default_cert.iter().chain(&r.certs).cloned());
    }
    if let Some(lb) = &r.lb_config {
        certs.extend(lb.default_cert.iter().chain(&lb.certs).cloned());
    }
    certs
}

/// Plans an `up` (or a `create`) of `opts.selected` (all services when empty).
#[must_use]
pub(crate) fn up(project: &Project, observed: &Observed, schemas: &Schemas, opts: &UpOptions) -> StackPlan {
    let mut plan = StackPlan { stack: project.name.clone(), ..StackPlan::default() };
    let stack_ref = match observed.stack_id() {
        Some(id) => id.to_owned(),
        None => {
            let mut body = opts.stack_fields.clone();
            body.insert("name".into(), json!(project.name));
            let changes = vec![opts.mask.change("name", None, Some(&json!(project.name)))];
            plan.push(
                STACK_CREATE.into(),
                None,
                Action::CreateStack { body: Value::Object(body) },
                changes,
                vec![],
            );
            created_by(STACK_CREATE)
        }
    };
    let volumes = volume_steps(project, observed, &stack_ref, &mut plan);

    let names = order::services(project, &opts.selected);
    let depends = order::dependencies(project);
    let is_reference = |n: &str| project.services.get(n).is_some_and(ProjectService::is_reference);
    let creating: BTreeSet<&str> = names
        .iter()
        .filter(|n| observed.service(n).is_none() && !is_reference(n))
        .map(String::as_str)
        .collect();
    // The id of a service of this stack: deployed, or created in this run.
    let id_of = |target: &str| -> Option<String> {
        match observed.service(target) {
            Some(live) => live.id.clone(),
            None if creating.contains(target) => Some(created_by(&step_id(target, "create"))),
            None => None,
        }
    };
    for name in &names {
        let Some(config) = project.services.get(name) else { continue };
        if config.is_reference() {
            plan.services.push(reference_view(name, observed.service(name), &project.name));
            continue;
        }
        let kind = Kind::of(config);
        let mut notes = Vec::new();
        let resolved = resolve(config, observed, &id_of);
        let mut desired = request::create_body(project, name, &stack_ref, &resolved);
        name_built_images(project, name, opts.build_stamp, &mut desired);
        let links = wanted_links(project, config, name, observed, &id_of, &mut notes);
        let updatable = schemas.updatable_fields(kind.schema_type());
        let live = observed.service(name);
        let live_view = live.map(|service| Live { service, links: service.linked_services() });
        let comparable = comparable(&desired, kind.schema_type(), schemas);
        let mut sp =
            service::service(project, name, &comparable, &updatable, &links, live_view.as_ref(), &opts.flags);
        notes.append(&mut sp.notes);
        if opts.create_only {
            // `create` makes what is missing and links it; it never touches deployed services
            // (0.12 left their links alone too).
            if live.is_some() {
                sp.intents.clear();
            }
            sp.intents.retain(|i| matches!(i, Intent::Create | Intent::Links { .. }));
        }
        if sp.blocked.is_none() {
            let dependencies: Vec<String> =
                depends.get(name).into_iter().flatten().filter_map(|d| plan.last_of(d)).collect();
            let context =
                ServiceContext { project, config, name, live, desired: &desired, links: &links, opts };
            add_service_steps(&mut plan, &context, &sp.intents, &volumes, dependencies);
        }
        plan.services.push(ServiceView {
            service: name.clone(),
            kind: sp.kind,
            state: sp.state,
            notes,
            blocked: sp.blocked,
        });
    }
    plan
}

/// `desired` as far as the server keeps it, for comparing with the live service: an object of
/// a schema type (a storage driver, a network driver) loses the fields that type does not let
/// a client set, which the server drops (so they never match).
fn comparable(desired: &Value, kind: &str, schemas: &Schemas) -> Value {
    let mut out = desired.clone();
    let Some(fields) = out.as_object_mut() else { return out };
    for (field, value) in fields.iter_mut() {
        let Some(object) = value.as_object_mut() else { continue };
        let Some(nested) = schemas.field_type(kind, field).filter(|t| schemas.get(t).is_some()) else {
            continue;
        };
        let settable = schemas.settable_fields(nested);
        object.retain(|key, _| settable.contains(key));
    }
    out
}

/// An empty entry in the files: the service on the server is left as it is; without one the
/// run cannot go ahead (what links to it would find nothing).
fn reference_view(name: &str, live: Option<&api::Service>, stack: &str) -> ServiceView {
    let state = live.map(|l| l.state().to_string());
    let (notes, blocked) = match live {
        Some(_) => {
            (vec!["an empty entry in the files: the service on the server is left as it is".to_owned()], None)
        }
        None => (
            Vec::new(),
            Some(format!(
                "service `{name}` is an empty entry in the files, which names a service on the server, but stack `{stack}` has none"
            )),
        ),
    };
    let kind = live.and_then(|l| l.kind.as_deref()).map_or("service", Kind::schema_name);
    ServiceView { service: name.to_owned(), kind, state, notes, blocked }
}

/// The missing volume templates as steps; returns their ids (services are created after them).
fn volume_steps(
    project: &Project,
    observed: &Observed,
    stack_ref: &str,
    plan: &mut StackPlan,
) -> Vec<String> {
    let mut ids = Vec::new();
    for (name, spec) in &project.volumes {
        let Wanted::Template(mut body) = volumes::wanted(name, spec) else { continue };
        match observed.volume_templates.get(name) {
            Some(template) => {
                let have = template.get("driver").and_then(Value::as_str).unwrap_or_default();
                if let Some(want) = body.get("driver").and_then(Value::as_str)
                    && want != have
                {
                    plan.notes.push(format!(
                        "volume `{name}` uses driver `{have}` on the server, not `{want}`; it must be recreated to change it"
                    ));
                }
            }
            None => {
                body.insert("stackId".into(), json!(stack_ref));
                let id = format!("volume:{name}:create");
                let action = Action::CreateVolume { name: name.clone(), body: Value::Object(body) };
                plan.push(id.clone(), None, action, Vec::new(), Vec::new());
                ids.push(id);
            }
        }
    }
    ids
}

/// Balancer targets, certificates and the legacy balancer image, as far as they resolve.
fn resolve(config: &ProjectService, observed: &Observed, id_of: &dyn Fn(&str) -> Option<String>) -> Resolved {
    let mut resolved = Resolved::default();
    for target in balancer_targets(config) {
        let id = if target.contains('/') {
            observed.remote.get(&target).cloned().flatten()
        } else {
            id_of(&target)
        };
        if let Some(id) = id {
            resolved.services.push((target, id));
        }
    }
    for cert in certificates(config) {
        if let Some(Some(id)) = observed.certificates.get(&cert) {
            resolved.certificates.push((cert, id.clone()));
        }
    }
    if Kind::of(config) == Kind::LegacyLoadBalancer {
        resolved.lb_image.clone_from(&observed.lb_image);
    }
    resolved
}

/// The links `name` asks for, by link name → id; targets that exist nowhere are skipped with
/// a note, targets of this stack that are neither deployed nor created now resolve to `None`.
fn wanted_links(
    project: &Project,
    config: &ProjectService,
    name: &str,
    observed: &Observed,
    id_of: &dyn Fn(&str) -> Option<String>,
    notes: &mut Vec<String>,
) -> WantedLinks {
    let mut links = Vec::new();
    for (target, alias) in request::wanted_links(config) {
        let id = if target.contains('/') {
            observed.remote.get(&target).cloned().flatten()
        } else {
            id_of(&target)
        };
        if id.is_none() && !project.services.contains_key(&target) {
            notes.push(format!("cannot find service `{target}` for a link of `{name}`; skipped"));
            continue;
        }
        links.push((alias.unwrap_or(target), id));
    }
    links
}

/// What the steps of one service are built from.
struct ServiceContext<'a> {
    project: &'a Project,
    config: &'a ProjectService,
    name: &'a str,
    live: Option<&'a api::Service>,
    desired: &'a Value,
    links: &'a WantedLinks,
    opts: &'a UpOptions,
}

/// Turns a service's intents into steps (see the module comment for what each waits for).
fn add_service_steps(
    plan: &mut StackPlan,
    cx: &ServiceContext<'_>,
    intents: &[Intent],
    volumes: &[String],
    dependencies: Vec<String>,
) {
    let name = cx.name;
    let mask = &cx.opts.mask;
    let mut previous: Vec<String> = Vec::new();
    let mut dependencies = Some(dependencies);
    let upgrades = intents.iter().any(|i| matches!(i, Intent::Upgrade { .. }));
    if cx.opts.pull && upgrades && Kind::of(cx.config) == Kind::Normal {
        // Before any step of the service: a failed pull leaves it as it was.
        for image in images(cx.project, cx.config) {
            let id = format!("pull:{image}");
            if !plan.steps.iter().any(|s| s.id == id) {
                plan.push(id.clone(), None, Action::Pull { image, cached: false }, Vec::new(), Vec::new());
            }
            previous.push(id);
        }
    }
    let live_state = cx.live.map(|l| l.state().to_string());
    for intent in intents {
        let (verb, action, changes) = match intent {
            Intent::Create => {
                previous.extend(volumes.iter().cloned());
                let kind = Kind::of(cx.config).schema_type();
                let changes = create_changes(mask, cx.desired);
                (
                    "create",
                    Action::Create { kind, body: cx.desired.clone(), hashed: hashed(cx.config) },
                    changes,
                )
            }
            Intent::Update { fields } => {
                let live = cx.live.map_or(Value::Null, api::Service::to_value);
                let keep = live.get("metadata").and_then(Value::as_object).cloned().unwrap_or_default();
                let mut changes = Vec::new();
                for field in fields {
                    let want = without_hash(cx.desired.get(field).unwrap_or(&Value::Null));
                    let have = live.get(field).map(without_hash);
                    changes::between(mask, field, have.as_ref(), &want, &mut changes);
                }
                let action = Action::Update {
                    fields: fields.clone(),
                    desired: cx.desired.clone(),
                    keep_metadata: keep,
                    hashed: hashed(cx.config),
                };
                ("update", action, changes)
            }
            Intent::Pending { resolve } => {
                let (verb, action) = match resolve {
                    Resolve::Wait => ("wait-upgrade", Action::WaitUpgrade),
                    Resolve::Continue => ("continue-upgrade", Action::ContinueUpgrade),
                    Resolve::Confirm => ("confirm-previous", Action::FinishUpgrade),
                    Resolve::Rollback => ("rollback-previous", Action::Rollback),
                };
                (verb, action, Vec::new())
            }
            Intent::Upgrade { fields, forced, strategy } => {
                let changes = upgrade_changes(cx, strategy);
                let mut input = strategy.clone();
                if let Some(s) = input.get_mut("inServiceStrategy") {
                    name_built_images(cx.project, name, cx.opts.build_stamp, s);
                }
                let action = Action::Upgrade { fields: fields.clone(), forced: *forced, input };
                ("upgrade", action, changes)
            }
            Intent::Links { links } => {
                let input = links_input(cx.config, cx.links);
                let old: Vec<String> =
                    cx.live.map(|l| l.linked_services().keys().cloned().collect()).unwrap_or_default();
                let change = Change {
                    field: "links".into(),
                    old: cx.live.map(|_| old.join(", ")),
                    new: Some(links.join(", ")),
                };
                ("links", Action::Links { links: links.clone(), input }, vec![change])
            }
            Intent::Confirm => ("confirm", Action::FinishUpgrade, Vec::new()),
            Intent::Activate => {
                let changes = live_state
                    .as_ref()
                    .map(|s| vec![mask.change("state", Some(&json!(s)), Some(&json!("active")))])
                    .unwrap_or_default();
                ("activate", Action::Activate, changes)
            }
        };
        let mut after = std::mem::take(&mut previous);
        let starts_containers = match intent {
            Intent::Pending { .. } | Intent::Upgrade { .. } | Intent::Confirm | Intent::Activate => true,
            // A service created with `start_on_create` starts as it is created.
            Intent::Create => super::starts_on_create(cx.desired),
            Intent::Update { .. } | Intent::Links { .. } => false,
        };
        if starts_containers && let Some(deps) = dependencies.take() {
            after.extend(deps);
        }
        let id = step_id(name, verb);
        plan.push(id.clone(), Some(name), action, changes, after);
        previous.push(id);
    }
    let changes_anything = intents.iter().any(Intent::mutates);
    if cx.opts.wait_healthy && !cx.opts.create_only && changes_anything {
        plan.push(step_id(name, "healthy"), Some(name), Action::WaitHealthy, Vec::new(), previous);
    }
}

/// Gives each launch config of `body` (a create body or an upgrade strategy) that Rancher builds
/// from a remote context, and that names no image, the image to build into.
fn name_built_images(project: &Project, service: &str, stamp: u64, body: &mut Value) {
    let stack = &project.name;
    let name_one = |config: &mut Value, name: &str| {
        let Some(config) = config.as_object_mut() else { return };
        // No image, or the one a previous build was named (an upgrade carries it over): a
        // new build gets a new name, so the hosts do not run the old one under it.
        let generated = format!("docker:{stack}_{name}_");
        let named =
            config.get("imageUuid").and_then(Value::as_str).is_some_and(|i| !i.starts_with(&generated));
        if config.contains_key("build") && !named {
            config.insert("imageUuid".into(), json!(format!("{generated}{stamp}")));
        }
    };
    let Some(body) = body.as_object_mut() else { return };
    for (key, value) in body.iter_mut() {
        match key.as_str() {
            "launchConfig" => name_one(value, service),
            "secondaryLaunchConfigs" => {
                for sidekick in value.as_array_mut().into_iter().flatten() {
                    let name = sidekick.get("name").and_then(Value::as_str).unwrap_or(service).to_owned();
                    name_one(sidekick, &name);
                }
            }
            _ => {}
        }
    }
}

/// What 0.12.5 hashes beside a service's body: its rancher-compose health check.
fn hashed(config: &ProjectService) -> Option<Value> {
    config.rancher.health_check.as_deref().map(launch::health_check)
}

/// What a create shows: the image and the scale.
fn create_changes(mask: &Mask, desired: &Value) -> Vec<Change> {
    let mut out = Vec::new();
    if let Some(image) = desired.pointer("/launchConfig/imageUuid") {
        out.push(mask.change("image", None, Some(image)));
    }
    if let Some(scale) = desired.get("scale") {
        out.push(mask.change("scale", None, Some(scale)));
    }
    out
}

/// The launch config changes an upgrade makes, primary then sidekicks.
fn upgrade_changes(cx: &ServiceContext<'_>, strategy: &Value) -> Vec<Change> {
    let mask = &cx.opts.mask;
    let s = strategy.get("inServiceStrategy").unwrap_or(&Value::Null);
    let mut out = Vec::new();
    if let Some(primary) = s.get("launchConfig") {
        let primary = without_hash(primary);
        let have = cx.live.map_or(&Value::Null, api::Service::launch_config);
        let fields = launch::differences(&primary, have);
        out.extend(changes::launch_config(mask, "", &fields, &primary, have));
    }
    let live_sidekicks = cx.live.map_or(&[][..], api::Service::secondaries);
    for sidekick in s.get("secondaryLaunchConfigs").and_then(Value::as_array).into_iter().flatten() {
        let name = api::types::text(sidekick, "name");
        let field = format!("sidekick {name}");
        if sidekick.get("imageUuid").and_then(Value::as_str) == Some("rancher/none") {
            out.push(Change { field, old: Some("present".into()), new: None });
            continue;
        }
        match live_sidekicks.iter().find(|l| l.get("name").and_then(Value::as_str) == Some(name)) {
            Some(have) => {
                let want = without_hash(sidekick);
                let fields = launch::differences(&want, have);
                out.extend(changes::launch_config(mask, &field, &fields, &want, have));
            }
            None => out.push(Change { field, old: None, new: Some("added".into()) }),
        }
    }
    out
}

/// The `setservicelinks` input: the wanted links that resolve, by alias.
fn links_input(config: &ProjectService, links: &WantedLinks) -> Value {
    let resolved: Vec<(String, Option<String>, String)> = request::wanted_links(config)
        .into_iter()
        .filter_map(|(target, alias)| {
            let link_name = alias.clone().unwrap_or_else(|| target.clone());
            let (_, id) = links.iter().find(|(n, _)| *n == link_name)?;
            Some((target, alias, id.clone()?))
        })
        .collect();
    request::service_links(&resolved)
}

/// A copy without the stored hash at the top level or in `labels`.
fn without_hash(value: &Value) -> Value {
    let mut value = value.clone();
    if let Some(m) = value.as_object_mut() {
        m.remove(HASH_KEY);
        if let Some(labels) = m.get_mut("labels").and_then(Value::as_object_mut) {
            labels.remove(HASH_KEY);
        }
    }
    value
}

/// The images of a service and its sidekicks, each once.
#[must_use]
pub(crate) fn images(project: &Project, config: &ProjectService) -> Vec<String> {
    let sidekicks = config.sidekicks().into_iter().filter_map(|s| project.services.get(s));
    let mut images: Vec<String> = Vec::new();
    for image in std::iter::once(config).chain(sidekicks).filter_map(|s| s.compose.image.clone()) {
        if !images.contains(&image) {
            images.push(image);
        }
    }
    images
}

/// The plan of `pull`: each image of the selected services (primaries of normal services and
/// their sidekicks) once, all at the same time.
#[must_use]
pub(crate) fn pulls(project: &Project, selected: &[String], cached: bool) -> StackPlan {
    let mut plan = StackPlan { stack: project.name.clone(), ..StackPlan::default() };
    for name in order::services(project, selected) {
        let Some(service) = project.services.get(&name) else { continue };
        if Kind::of(service) != Kind::Normal {
            continue;
        }
        for image in images(project, service) {
            let id = format!("pull:{image}");
            if !plan.steps.iter().any(|s| s.id == id) {
                plan.push(id, None, Action::Pull { image, cached }, Vec::new(), Vec::new());
            }
        }
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::service::Service;

    fn project(services: &[(&str, &str, &str)]) -> Project {
        let mut project = Project { name: "p".into(), ..Project::default() };
        for (name, compose, rancher) in services {
            let mut compose: Service = serde_yaml::from_str(compose).unwrap();
            compose.normalise();
            let rancher = serde_yaml::from_str(rancher).unwrap();
            project.services.insert((*name).into(), ProjectService { compose, rancher });
        }
        project
    }

    fn after(plan: &StackPlan, id: &str) -> Vec<String> {
        let mut after =
            plan.steps.iter().find(|s| s.id == id).unwrap_or_else(|| panic!("no {id}")).after.clone();
        after.sort();
        after
    }

    #[test]
    fn a_new_stack_is_one_graph_waiting_only_for_what_each_step_needs() {
        let p = project(&[
            ("db", "image: postgres", "{}"),
            ("web", "image: nginx\nlinks: [db]", "{}"),
            (
                "lb",
                "image: rancher/lb-service-haproxy",
                "lb_config: {port_rules: [{source_port: 80, target_port: 80, service: web}]}",
            ),
        ]);
        let plan = up(&p, &Observed::default(), &Schemas::default(), &UpOptions::default());
        let ids: Vec<&str> = plan.steps.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "stack:create",
                "db:create",
                "db:activate",
                "web:create",
                "web:links",
                "web:activate",
                "lb:create",
                "lb:activate"
            ]
        );
        assert_eq!(after(&plan, "db:create"), ["stack:create"]);
        // Links need both ids; activation waits for what the service links to.
        assert_eq!(after(&plan, "web:links"), ["db:create", "web:create"]);
        assert_eq!(after(&plan, "web:activate"), ["db:activate", "web:links"]);
        // The balancer's rule needs the target's id at create time.
        assert_eq!(after(&plan, "lb:create"), ["stack:create", "web:create"]);
        assert_eq!(after(&plan, "lb:activate"), ["lb:create", "web:activate"]);
        assert!(plan.dangling().is_empty());
        let Action::Create { body, .. } = &plan.steps[6].action else { panic!("not a create") };
        assert_eq!(body["lbConfig"]["portRules"][0]["serviceId"], "@{web:create}");
        assert_eq!(body["stackId"], "@{stack:create}");
    }

    #[test]
    fn create_only_makes_and_links_what_is_missing() {
        let p = project(&[("db", "image: postgres", "{}"), ("web", "image: nginx\nlinks: [db]", "{}")]);
        let opts = UpOptions { create_only: true, ..UpOptions::default() };
        let plan = up(&p, &Observed::default(), &Schemas::default(), &opts);
        let ids: Vec<&str> = plan.steps.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["stack:create", "db:create", "web:create", "web:links"]);
    }

    #[test]
    fn pulls_come_before_the_upgrade_and_health_after_it() {
        let old = project(&[("web", "image: nginx:1", "{}")]);
        let mut live = request::create_body(&old, "web", "1st1", &Resolved::default());
        live["state"] = json!("active");
        live["id"] = json!("1s1");
        let observed = Observed {
            stack: Some(serde_json::from_value(json!({"id": "1st1", "name": "p"})).unwrap()),
            services: [("web".to_owned(), serde_json::from_value(live).unwrap())].into(),
            ..Observed::default()
        };
        let new = project(&[("web", "image: nginx:2", "{}")]);
        let opts = UpOptions {
            flags: Flags { upgrade: true, ..Flags::default() },
            pull: true,
            wait_healthy: true,
            ..UpOptions::default()
        };
        let plan = up(&new, &observed, &Schemas::default(), &opts);
        let ids: Vec<&str> = plan.steps.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["pull:nginx:2", "web:upgrade", "web:healthy"]);
        assert_eq!(after(&plan, "web:upgrade"), ["pull:nginx:2"]);
        assert_eq!(after(&plan, "web:healthy"), ["web:upgrade"]);
        let change = &plan.steps[1].changes[0];
        assert_eq!(
            (change.field.as_str(), change.old.as_deref(), change.new.as_deref()),
            ("imageUuid", Some("\"docker:nginx:1\""), Some("\"docker:nginx:2\""))
        );
    }
}
