//! What one service needs from an `up`: its intents (create, update, upgrade, links, confirm,
//! activate, ...) and why, worked out from the compose files and the live service. Pure: no
//! requests. The stack planner (`super`) turns the intents of every service into the steps of
//! one graph.
//!
//! Changes are found by comparing the wanted configuration with the live one field by field
//! (only the fields we set count, so values the server fills in, a stack deployed by the Go
//! rancher-compose, or the stored `io.rancher.service.hash` labels make no difference).
//! Launch config changes are upgrades (containers recreated); service-level changes (scale,
//! metadata, load balancer rules, ...) are updates, which recreate nothing.

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::api::types::text;
use crate::api::{self, State};
use crate::compose::{Project, ProjectService};

use crate::deploy::kind::Kind;
use crate::deploy::launch;

use super::HASH_KEY;
/// The label naming a service's sidekicks; it follows the sidekicks, so it is not drift.
const SIDEKICKS_LABEL: &str = "io.rancher.sidekicks";

/// What to do with an upgrade that a previous run left unconfirmed when a new one is needed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OnPending {
    /// Stop before changing anything and say what to do.
    #[default]
    Fail,
    /// Confirm the pending upgrade, then upgrade.
    Confirm,
    /// Roll the pending upgrade back, then upgrade.
    Rollback,
}

/// The options of `up` that shape the plan.
#[derive(Debug, Clone, Default)]
pub(crate) struct Flags {
    /// `--upgrade`: upgrade services whose launch configuration changed.
    pub upgrade: bool,
    /// `--force-upgrade`: upgrade even without a change (the named services, or all).
    pub force: bool,
    /// The services named on the command line (empty: all).
    pub named: Vec<String>,
    /// `--confirm-upgrade`: finish upgrades once they reach `upgraded`.
    pub confirm: bool,
    pub on_pending: OnPending,
    /// `--keep-server-env`: keep environment variables and labels set only on the server.
    pub keep_server_env: bool,
    /// `--batch-size` and `--interval` when given; otherwise rancher-compose.yml's
    /// `upgrade_strategy`, then 2 and 1000 ms.
    pub batch_size: Option<u32>,
    pub interval_ms: Option<u64>,
}

/// How a pending upgrade is dealt with before anything else happens to the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Resolve {
    /// An upgrade of this very configuration is under way: wait until it reaches `upgraded`.
    Wait,
    /// An upgrade of this very configuration was canceled: continue it.
    Continue,
    /// Confirm (finish) the previous upgrade.
    Confirm,
    /// Roll the previous upgrade back.
    Rollback,
}

/// One thing a service needs, in the order it happens.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub(super) enum Intent {
    /// Create the service (left inactive until activated).
    Create,
    /// `PUT` service-level fields; no container is recreated.
    Update { fields: Vec<String> },
    /// Deal with an upgrade a previous run left behind.
    Pending { resolve: Resolve },
    /// In-service upgrade: new containers replace the old ones, which are kept until confirmed.
    Upgrade {
        fields: Vec<String>,
        forced: bool,
        #[serde(skip)]
        strategy: Value,
    },
    /// Replace the service links.
    Links { links: Vec<String> },
    /// Finish the upgrade (`finishupgrade`): the old containers are removed.
    Confirm,
    /// Activate the service (start its containers).
    Activate,
}

impl Intent {
    /// The name of the intent, for tests.
    #[cfg(test)]
    fn label(&self) -> String {
        match self {
            Self::Create => "create".into(),
            Self::Update { fields, .. } => format!("update ({})", fields.join(", ")),
            Self::Pending { resolve } => match resolve {
                Resolve::Wait => "wait for the upgrade under way".into(),
                Resolve::Continue => "continue the canceled upgrade".into(),
                Resolve::Confirm => "confirm the previous upgrade".into(),
                Resolve::Rollback => "roll back the previous upgrade".into(),
            },
            Self::Upgrade { forced: true, fields, .. } if fields.is_empty() => {
                "upgrade (forced, no config change)".into()
            }
            Self::Upgrade { fields, forced, .. } => {
                format!("upgrade ({}{})", fields.join(", "), if *forced { "; forced" } else { "" })
            }
            Self::Links { links } if links.is_empty() => "links (remove all)".into(),
            Self::Links { links } => format!("links ({})", links.join(", ")),
            Self::Confirm => "confirm the upgrade".into(),
            Self::Activate => "activate".into(),
        }
    }

    /// Whether the step changes the server.
    #[must_use]
    pub(super) fn mutates(&self) -> bool {
        !matches!(self, Self::Pending { resolve: Resolve::Wait })
    }
}

/// The plan of one service.
#[derive(Debug, Clone, Serialize)]
pub(super) struct ServicePlan {
    pub service: String,
    pub kind: &'static str,
    /// The live state; `None` when the service does not exist yet.
    pub state: Option<String>,
    pub intents: Vec<Intent>,
    /// Things the user should know: out-of-sync fields left alone, server-only settings an
    /// upgrade drops, pending upgrades.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Why the plan cannot run, if it cannot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocked: Option<String>,
}

/// The live side of a service, as far as planning needs it.
pub(super) struct Live<'a> {
    pub service: &'a api::Service,
    /// The links the service has now: name (alias, or the target's name) → service id.
    pub links: Map<String, Value>,
}

/// What the wanted links resolve to: `None` when a target does not exist yet (it is created
/// in this run) or cannot be found.
pub(super) type WantedLinks = Vec<(String, Option<String>)>;

/// Plans `name`. `desired` is the service-level body the service would be created with
/// (references resolved), `updatable` the fields the server lets a `PUT` change for its type,
/// `links` the wanted links by name → id.
#[must_use]
pub(super) fn service(
    project: &Project,
    name: &str,
    desired: &Value,
    updatable: &[String],
    links: &WantedLinks,
    live: Option<&Live<'_>>,
    flags: &Flags,
) -> ServicePlan {
    let Some(config) = project.services.get(name) else {
        return ServicePlan {
            service: name.to_owned(),
            kind: "service",
            state: live.map(|l| l.service.state().to_string()),
            intents: Vec::new(),
            notes: Vec::new(),
            blocked: Some(format!("no service `{name}` in the compose files")),
        };
    };
    let kind = Kind::of(config);
    let mut plan = ServicePlan {
        service: name.to_owned(),
        kind: kind.schema_type(),
        state: live.map(|l| l.service.state().to_string()),
        intents: Vec::new(),
        notes: Vec::new(),
        blocked: None,
    };
    let Some(live) = live else {
        plan.intents.push(Intent::Create);
        if kind.takes_links() && !links.is_empty() {
            plan.intents.push(Intent::Links { links: link_names(links) });
        }
        // A service created with `start_on_create` starts by itself.
        if !starts_on_create(desired) {
            plan.intents.push(Intent::Activate);
        }
        return plan;
    };
    let state = live.service.state();
    let fields = service_differences(desired, &live.service.to_value(), updatable, config);

    let upgradable = !matches!(kind, Kind::External | Kind::Dns);
    let changes = if upgradable { launch_changes(project, config, live.service) } else { Vec::new() };
    let forced =
        flags.force && upgradable && (flags.named.is_empty() || flags.named.iter().any(|n| n == name));
    let wants_upgrade = (flags.upgrade || flags.force) && (forced || !changes.is_empty());
    if !changes.is_empty() && !wants_upgrade {
        plan.notes.push(format!(
            "out of sync with the compose files ({}); left as it is (`up --upgrade` applies it)",
            changes.join(", ")
        ));
    }

    // A pending upgrade is dealt with first: nothing else may start from those states.
    let mut resolve = None;
    match state {
        pending_upgrade if pending_upgrade.is_upgrade_pending() => {
            resolve = pending(state, wants_upgrade, flags, &mut plan);
            if let Some(resolve) = resolve {
                plan.intents.push(Intent::Pending { resolve });
            }
        }
        settled if settled.is_settled() => {}
        other if wants_upgrade || !fields.is_empty() => {
            plan.blocked = Some(format!("cannot change `{name}` in state `{other}`"));
        }
        _ => {}
    }
    // The upgrade is worked out against the service as it will be when the upgrade starts: a
    // rollback first brings the previous launch configs back, and may make it unneeded.
    let base = after_resolve(live.service, resolve);
    let upgrading = wants_upgrade
        && (forced
            || resolve != Some(Resolve::Rollback)
            || !launch_changes(project, config, &base).is_empty());
    let upgraded_after = upgrading
        || matches!(state, State::Upgraded | State::Upgrading)
        || resolve == Some(Resolve::Continue);
    let confirm = flags.confirm && upgraded_after && plan.blocked.is_none();
    // Where the service is active or inactive, so an update (a `PUT`) can run: now, after the
    // pending upgrade is confirmed or rolled back, or only after this run's confirmation.
    let settled_now = state.is_settled() || matches!(resolve, Some(Resolve::Confirm | Resolve::Rollback));
    let update = (!fields.is_empty()).then(|| Intent::Update { fields: fields.clone() });
    if settled_now && let Some(update) = update.clone() {
        plan.intents.push(update);
    }

    if upgrading {
        let (strategy, drift) = upgrade_strategy(project, config, &base, forced, flags);
        for item in drift {
            plan.notes.push(if flags.keep_server_env {
                format!("{item} is set on the server only; kept (--keep-server-env)")
            } else {
                format!("{item} is set on the server only; the upgrade drops it (--keep-server-env keeps it)")
            });
        }
        plan.intents.push(Intent::Upgrade { fields: changes, forced, strategy });
    }

    if kind.takes_links() && !live.service.has_selector_link() {
        // Links to services that do not exist yet (and are not created in this run) cannot be
        // set; only the ones that resolve count.
        let wanted: Map<String, Value> =
            links.iter().filter_map(|(n, id)| Some((n.clone(), json!(id.as_ref()?)))).collect();
        if wanted != live.links {
            plan.intents.push(Intent::Links { links: link_names(links) });
        }
    }

    if confirm {
        if *state == State::Inactive {
            plan.notes.push("it is inactive; confirming its upgrade makes Rancher activate it".into());
        }
        plan.intents.push(Intent::Confirm);
        if !settled_now && let Some(update) = update {
            plan.intents.push(update);
        }
    } else {
        if !settled_now && !fields.is_empty() {
            plan.notes.push(format!(
                "{} changed, but a service can only be updated once its upgrade is confirmed or rolled back",
                fields.join(", ")
            ));
        }
        if *state == State::Inactive && !upgrading {
            plan.intents.push(Intent::Activate);
        }
    }
    plan
}

/// Whether a create body asks the server to start the service itself.
#[must_use]
pub(crate) fn starts_on_create(body: &Value) -> bool {
    body.get("startOnCreate").and_then(Value::as_bool) == Some(true)
}

/// The live service as it will be once `resolve` has run: a rollback restores the launch
/// configs the upgrade replaced (the server keeps them in the upgrade strategy).
fn after_resolve(live: &api::Service, resolve: Option<Resolve>) -> api::Service {
    let mut view = live.clone();
    if resolve == Some(Resolve::Rollback)
        && let Some(strategy) = live.upgrade.as_ref().and_then(|u| u.get("inServiceStrategy"))
    {
        if let Some(previous) = strategy.get("previousLaunchConfig").filter(|v| !v.is_null()) {
            view.launch_config = Some(previous.clone());
        }
        if let Some(previous) = strategy.get("previousSecondaryLaunchConfigs").filter(|v| !v.is_null()) {
            view.secondary_launch_configs = Some(previous.clone());
        }
    }
    view
}

/// Decides what happens to a pending upgrade (state `upgrading`, `upgraded` or
/// `canceled-upgrade`) and notes or blocks as needed.
fn pending(state: &State, wants_upgrade: bool, flags: &Flags, plan: &mut ServicePlan) -> Option<Resolve> {
    let name = plan.service.clone();
    if !wants_upgrade {
        // The live configuration is the wanted one: this run's upgrade, or an earlier run's.
        return match state {
            State::Upgrading if flags.upgrade || flags.confirm => Some(Resolve::Wait),
            State::CanceledUpgrade if flags.upgrade => Some(Resolve::Continue),
            State::Upgraded if flags.confirm => None,
            State::Upgraded => {
                plan.notes.push(format!(
                    "upgraded and waiting for confirmation: `up --confirm-upgrade {name}` keeps it, `up --rollback {name}` undoes it"
                ));
                None
            }
            _ => {
                plan.notes.push(format!("upgrade {state}; left as it is"));
                None
            }
        };
    }
    match (flags.on_pending, state) {
        (OnPending::Fail, _) => {
            plan.blocked = Some(format!(
                "`{name}` has an unfinished upgrade (state `{state}`) and needs a new one; \
                 confirm it (`up --confirm-upgrade {name}`), roll it back (`up --rollback {name}`), \
                 or pass `--on-pending confirm|rollback`"
            ));
            None
        }
        (OnPending::Confirm, State::CanceledUpgrade) => {
            plan.blocked = Some(format!(
                "`{name}`'s previous upgrade was canceled and cannot be confirmed; use `--on-pending rollback`"
            ));
            None
        }
        (OnPending::Confirm, _) => Some(Resolve::Confirm),
        (OnPending::Rollback, _) => Some(Resolve::Rollback),
    }
}

fn link_names(links: &WantedLinks) -> Vec<String> {
    links.iter().map(|(n, _)| n.clone()).collect()
}

/// The service-level fields (of those a `PUT` may change) whose wanted value differs.
fn service_differences(
    desired: &Value,
    live: &Value,
    updatable: &[String],
    config: &ProjectService,
) -> Vec<String> {
    let Some(desired) = desired.as_object() else { return Vec::new() };
    desired
        .iter()
        .filter(|(key, _)| updatable.iter().any(|u| u == *key) && key.as_str() != "name")
        // The create body always carries a scale; only an explicit `scale:` is kept in step.
        .filter(|(key, _)| key.as_str() != "scale" || config.rancher.scale.is_some())
        .filter(|(key, want)| {
            let want = without_hash(want);
            !launch::covers(live.get(key.as_str()), &want)
        })
        .map(|(key, _)| key.clone())
        .collect()
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

/// The launch config changes of a service: its primary's fields, then sidekicks added,
/// changed (with their fields) and removed.
#[must_use]
pub(crate) fn launch_changes(project: &Project, config: &ProjectService, live: &api::Service) -> Vec<String> {
    let mut changes = launch::differences(&without_hash(&launch::primary(config)), live.launch_config());
    let live_sidekicks = live.secondaries();
    let wanted = launch::secondaries(project, config);
    for sidekick in &wanted {
        let name = text(sidekick, "name");
        match live_sidekicks.iter().find(|s| text(s, "name") == name) {
            None => changes.push(format!("sidekick {name} added")),
            Some(have) => {
                let fields = launch::differences(&without_hash(sidekick), have);
                if !fields.is_empty() {
                    changes.push(format!("sidekick {name}: {}", fields.join(", ")));
                }
            }
        }
    }
    for have in live_sidekicks {
        let name = text(have, "name");
        if !wanted.iter().any(|s| text(s, "name") == name) {
            changes.push(format!("sidekick {name} removed"));
        }
    }
    changes
}

/// The `upgrade` action input (`inServiceStrategy`) for `config` against the live service, and
/// the server-only settings it drops (or keeps, with `--keep-server-env`).
#[must_use]
pub(crate) fn upgrade_strategy(
    project: &Project,
    config: &ProjectService,
    live: &api::Service,
    forced: bool,
    flags: &Flags,
) -> (Value, Vec<String>) {
    let mut drift = Vec::new();
    let file = config.rancher.upgrade_strategy.as_deref();
    let batch_size = flags.batch_size.map(i64::from).or_else(|| file.and_then(|s| s.batch_size)).unwrap_or(2);
    let interval = flags
        .interval_ms
        .and_then(|i| i64::try_from(i).ok())
        .or_else(|| file.and_then(|s| s.interval_millis))
        .unwrap_or(1000);
    // Zero means the server's default, as 0.12 sent it (omitted).
    let mut strategy = Map::new();
    if batch_size > 0 {
        strategy.insert("batchSize".into(), json!(batch_size));
    }
    if interval > 0 {
        strategy.insert("intervalMillis".into(), json!(interval));
    }
    strategy.insert("startFirst".into(), json!(file.and_then(|s| s.start_first).unwrap_or(false)));

    let live_primary = live.launch_config().clone();
    let mut primary = launch::primary(config);
    let primary_changed = forced || !launch::differences(&without_hash(&primary), &live_primary).is_empty();
    let live_sidekicks = live.secondaries();
    let wanted = launch::secondaries(project, config);
    let mut secondaries = Vec::new();
    for mut sidekick in wanted.iter().cloned() {
        let name = text(&sidekick, "name").to_owned();
        let have = live_sidekicks.iter().find(|s| text(s, "name") == name);
        // As in 0.12, naming a service forces its primary only; its sidekicks are forced
        // when every service is (`--force-upgrade` without names).
        let changed = match have {
            None => true,
            Some(have) => {
                (forced && flags.named.is_empty())
                    || !launch::differences(&without_hash(&sidekick), have).is_empty()
            }
        };
        if changed {
            if let Some(have) = have {
                keep_server_only(
                    &mut sidekick,
                    have,
                    flags.keep_server_env,
                    &format!("sidekick {name}: "),
                    &mut drift,
                );
            }
            secondaries.push(sidekick);
        }
    }
    for have in live_sidekicks {
        let name = text(have, "name");
        if !wanted.iter().any(|s| text(s, "name") == name) {
            secondaries.push(json!({"name": name, "imageUuid": "rancher/none"}));
        }
    }
    // The sidekicks label changes with any sidekick added or removed, so the primary goes too.
    // A legacy balancer's image is the server's; it stays what it is.
    if primary.get("imageUuid").is_none()
        && let (Some(lc), Some(image)) = (primary.as_object_mut(), live_primary.get("imageUuid"))
    {
        lc.insert("imageUuid".into(), image.clone());
    }
    if primary_changed || secondaries.iter().any(|s| s["imageUuid"] == "rancher/none") {
        keep_server_only(&mut primary, &live_primary, flags.keep_server_env, "", &mut drift);
        strategy.insert("launchConfig".into(), primary);
    }
    if !secondaries.is_empty() {
        strategy.insert("secondaryLaunchConfigs".into(), Value::Array(secondaries));
    }
    (json!({ "inServiceStrategy": strategy }), drift)
}

/// Lists the environment variables and labels that exist only on the server and, when `keep`,
/// copies them into the wanted launch config.
fn keep_server_only(wanted: &mut Value, live: &Value, keep: bool, prefix: &str, drift: &mut Vec<String>) {
    for (field, what) in [("environment", "environment variable"), ("labels", "label")] {
        let Some(have) = live.get(field).and_then(Value::as_object) else { continue };
        for (key, value) in have {
            if key == HASH_KEY || key == SIDEKICKS_LABEL {
                continue;
            }
            let present = wanted.get(field).and_then(Value::as_object).is_some_and(|m| m.contains_key(key));
            if present {
                continue;
            }
            drift.push(format!("{prefix}{what} `{key}`"));
            if keep && let Some(obj) = wanted.as_object_mut() {
                let map = obj.entry(field.to_owned()).or_insert_with(|| json!({}));
                if let Some(m) = map.as_object_mut() {
                    m.insert(key.clone(), value.clone());
                }
            }
        }
    }
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

    /// The live service as the server would have it after creating `project`'s `name`.
    fn deployed(project: &Project, name: &str, state: &str) -> Value {
        let mut body = crate::deploy::request::create_body(project, name, "1st1", &Default::default());
        body["state"] = json!(state);
        body["linkedServices"] = json!({});
        body
    }

    fn typed(live: &Value) -> api::Service {
        serde_json::from_value(live.clone()).unwrap()
    }

    fn plan_of(project: &Project, live: &Value, flags: &Flags) -> ServicePlan {
        let desired = crate::deploy::request::create_body(project, "web", "1st1", &Default::default());
        let updatable: Vec<String> =
            ["metadata", "scale", "retainIp", "scalePolicy", "lbConfig"].map(String::from).to_vec();
        let live = typed(live);
        let live = Live { service: &live, links: Map::new() };
        service(project, "web", &desired, &updatable, &Vec::new(), Some(&live), flags)
    }

    fn labels(plan: &ServicePlan) -> Vec<String> {
        plan.intents.iter().map(Intent::label).collect()
    }

    #[test]
    fn a_new_service_is_created_and_activated() {
        let p = project(&[("web", "image: nginx", "{}")]);
        let desired = crate::deploy::request::create_body(&p, "web", "", &Default::default());
        let plan = service(&p, "web", &desired, &[], &Vec::new(), None, &Flags::default());
        assert_eq!(labels(&plan), ["create", "activate"]);
        assert!(plan.intents.iter().any(Intent::mutates));
    }

    #[test]
    fn unchanged_services_have_no_steps_even_when_upgrading() {
        let p = project(&[("web", "image: nginx\nenvironment: {A: '1'}", "scale: 2")]);
        let live = deployed(&p, "web", "active");
        let flags = Flags { upgrade: true, ..Flags::default() };
        let plan = plan_of(&p, &live, &flags);
        assert!(plan.intents.is_empty(), "{plan:?}");
    }

    #[test]
    fn launch_config_changes_upgrade_only_when_asked() {
        let old = project(&[("web", "image: nginx:1", "{}")]);
        let live = deployed(&old, "web", "active");
        let new =
            project(&[("web", "image: nginx:2", "upgrade_strategy: {start_first: true, batch_size: 5}")]);
        let plain = plan_of(&new, &live, &Flags::default());
        assert!(plain.intents.is_empty());
        assert!(
            plain.notes[0].contains("out of sync with the compose files (imageUuid)"),
            "{:?}",
            plain.notes
        );
        let flags = Flags { upgrade: true, interval_ms: Some(0), ..Flags::default() };
        let plan = plan_of(&new, &live, &flags);
        assert_eq!(labels(&plan), ["upgrade (imageUuid)"]);
        let Intent::Upgrade { strategy, .. } = &plan.intents[0] else { panic!() };
        let s = &strategy["inServiceStrategy"];
        assert_eq!((s["startFirst"].as_bool(), s["batchSize"].as_i64()), (Some(true), Some(5)));
        assert!(s.get("intervalMillis").is_none(), "zero leaves the server's default");
        assert_eq!(s["launchConfig"]["imageUuid"], "docker:nginx:2");
    }

    #[test]
    fn scale_and_metadata_are_updates() {
        let old = project(&[("web", "image: nginx", "scale: 2")]);
        let live = deployed(&old, "web", "active");
        let new = project(&[("web", "image: nginx", "scale: 3\nmetadata: {a: b}")]);
        let plan = plan_of(&new, &live, &Flags::default());
        assert_eq!(labels(&plan), ["update (metadata, scale)"]);
        // Without `scale:` in the file, the live scale (set by `scale`) is left alone.
        let unset = project(&[("web", "image: nginx", "{}")]);
        let mut scaled = deployed(&unset, "web", "active");
        scaled["scale"] = json!(7);
        assert!(plan_of(&unset, &scaled, &Flags::default()).intents.is_empty());
    }

    #[test]
    fn force_applies_to_named_services_only() {
        let p = project(&[("web", "image: nginx", "{}")]);
        let live = deployed(&p, "web", "active");
        let all = Flags { force: true, ..Flags::default() };
        assert_eq!(labels(&plan_of(&p, &live, &all)), ["upgrade (forced, no config change)"]);
        let other = Flags { force: true, named: vec!["db".into()], ..Flags::default() };
        assert!(plan_of(&p, &live, &other).intents.is_empty());
    }

    #[test]
    fn pending_upgrades_are_resumed_confirmed_or_block() {
        let p = project(&[("web", "image: nginx:2", "{}")]);
        let upgrade = Flags { upgrade: true, ..Flags::default() };
        // The live config is already the wanted one: this is our own upgrade, resumed.
        let upgrading = deployed(&p, "web", "upgrading");
        assert_eq!(labels(&plan_of(&p, &upgrading, &upgrade)), ["wait for the upgrade under way"]);
        let canceled = deployed(&p, "web", "canceled-upgrade");
        assert_eq!(labels(&plan_of(&p, &canceled, &upgrade)), ["continue the canceled upgrade"]);
        let upgraded = deployed(&p, "web", "upgraded");
        let confirm = Flags { confirm: true, ..Flags::default() };
        assert_eq!(labels(&plan_of(&p, &upgraded, &confirm)), ["confirm the upgrade"]);
        assert!(plan_of(&p, &upgraded, &Flags::default()).notes[0].contains("waiting for confirmation"));

        // A new change on top of a pending upgrade needs --on-pending.
        let newer = project(&[("web", "image: nginx:3", "{}")]);
        let blocked = plan_of(&newer, &upgraded, &upgrade);
        assert!(blocked.blocked.as_deref().unwrap_or_default().contains("unfinished upgrade"), "{blocked:?}");
        let rollback = Flags { on_pending: OnPending::Rollback, ..upgrade.clone() };
        assert_eq!(
            labels(&plan_of(&newer, &upgraded, &rollback)),
            ["roll back the previous upgrade", "upgrade (imageUuid)"]
        );
        let confirm_first = Flags { on_pending: OnPending::Confirm, ..upgrade };
        assert!(
            plan_of(&newer, &canceled, &confirm_first).blocked.is_some(),
            "a canceled upgrade cannot be confirmed"
        );
    }

    #[test]
    fn server_only_settings_are_reported_and_kept_on_request() {
        let p = project(&[("web", "image: nginx:1\nenvironment: {A: '1'}", "{}")]);
        let mut live = deployed(&p, "web", "active");
        live["launchConfig"]["environment"]["UI_ONLY"] = json!("x");
        live["launchConfig"]["labels"]["ui.label"] = json!("y");
        let new = project(&[("web", "image: nginx:2\nenvironment: {A: '1'}", "{}")]);
        let flags = Flags { upgrade: true, ..Flags::default() };
        let plan = plan_of(&new, &live, &flags);
        assert!(
            plan.notes.iter().any(|n| n.contains("environment variable `UI_ONLY`") && n.contains("drops it"))
        );
        assert!(plan.notes.iter().any(|n| n.contains("label `ui.label`")));
        let keep = Flags { keep_server_env: true, ..flags };
        let plan = plan_of(&new, &live, &keep);
        let Intent::Upgrade { strategy, .. } = &plan.intents[0] else { panic!() };
        assert_eq!(strategy["inServiceStrategy"]["launchConfig"]["environment"]["UI_ONLY"], "x");
    }

    #[test]
    fn sidekick_changes_send_only_what_changed_and_stub_removals() {
        let old = project(&[
            ("web", "image: nginx\nlabels: {io.rancher.sidekicks: 'a,b'}", "{}"),
            ("a", "image: a:1", "{}"),
            ("b", "image: b:1", "{}"),
        ]);
        let live = deployed(&old, "web", "active");
        let new = project(&[
            ("web", "image: nginx\nlabels: {io.rancher.sidekicks: 'a,c'}", "{}"),
            ("a", "image: a:2", "{}"),
            ("c", "image: c:1", "{}"),
        ]);
        let live = typed(&live);
        let changes = launch_changes(&new, &new.services["web"], &live);
        assert_eq!(changes, ["labels", "sidekick a: imageUuid", "sidekick c added", "sidekick b removed"]);
        let (strategy, _) = upgrade_strategy(&new, &new.services["web"], &live, false, &Flags::default());
        let sent: Vec<(String, String)> = strategy["inServiceStrategy"]["secondaryLaunchConfigs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (text(s, "name").to_owned(), text(s, "imageUuid").to_owned()))
            .collect();
        assert_eq!(
            sent,
            [
                ("a".into(), "docker:a:2".into()),
                ("c".into(), "docker:c:1".into()),
                ("b".into(), "rancher/none".into())
            ]
        );
        assert!(strategy["inServiceStrategy"].get("launchConfig").is_some(), "the sidekicks label changed");
    }
}
