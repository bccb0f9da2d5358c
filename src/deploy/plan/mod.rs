//! The plan of a run: every step it will take against one stack, worked out before anything
//! changes and executed as it is (see `super::execute`). Pure: no requests; everything the
//! server knows arrives in [`Observed`](super::observe::Observed).
//!
//! A step has a stable id (`web:create`, `web:activate`, `stack:create`, `pull:nginx:1.13`), the
//! service it acts on, its action with the exact request body, the fields it changes (old →
//! new, secrets masked), and the ids of the steps it waits for. A body that needs the id of a
//! resource this run creates holds a reference to the create step (`@{db:create}`), which the
//! executor fills in; the step waits for that create.

mod changes;
mod lifecycle;
mod rolling;
mod service;
mod up;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

pub(crate) use changes::{Change, Mask};
pub(crate) use lifecycle::{Lifecycle, lifecycle};
pub(crate) use rolling::{Rolling, rolling};
pub(crate) use service::{Flags, OnPending, starts_on_create};
pub(crate) use up::{UpOptions, balancer_targets, certificates, check, pulls, up};

/// The label and metadata key where rancher-compose keeps its configuration hashes.
pub(crate) const HASH_KEY: &str = "io.rancher.service.hash";

/// The id of the step that creates the stack.
pub(crate) const STACK_CREATE: &str = "stack:create";

/// What a step does. Bodies are exactly what is sent, references to resources created in the
/// run included.
#[derive(Debug, Clone)]
pub(crate) enum Action {
    CreateStack {
        body: Value,
    },
    CreateVolume {
        name: String,
        body: Value,
    },
    /// Create a service (left inactive) of `kind` (the schema type). `hashed` is what 0.12.5
    /// hashes beside the body (its health check), for a body whose references are filled in
    /// only at run time and so is hashed then.
    Create {
        kind: &'static str,
        body: Value,
        hashed: Option<Value>,
    },
    /// `PUT` the service-level `fields` of `desired`; the metadata sent is `keep_metadata` with
    /// `desired`'s on top (a `PUT` replaces the whole map), so the stored hash follows.
    Update {
        fields: Vec<String>,
        desired: Value,
        keep_metadata: Map<String, Value>,
        hashed: Option<Value>,
    },
    /// `PUT {"scale": n}`.
    Scale {
        scale: u64,
    },
    /// Replace the service links (`setservicelinks`).
    Links {
        links: Vec<String>,
        input: Value,
    },
    Activate,
    Deactivate,
    Restart {
        input: Value,
    },
    /// Delete the service; with `drained`, only once its scale is 0 (the end of a rolling
    /// upgrade), otherwise the step fails and nothing is removed.
    Remove {
        drained: bool,
    },
    Pull {
        image: String,
        cached: bool,
    },
    /// In-service upgrade; `fields` name what changed.
    Upgrade {
        fields: Vec<String>,
        forced: bool,
        input: Value,
    },
    /// Wait until an upgrade of this same configuration, under way, reaches `upgraded`.
    WaitUpgrade,
    ContinueUpgrade,
    FinishUpgrade,
    Rollback,
    CancelUpgrade,
    /// Wait until the service reports itself healthy.
    WaitHealthy,
    /// Rolling upgrade to the service `to` (`toServiceStrategy`), waited for when `wait`.
    UpgradeTo {
        to: String,
        input: Value,
        wait: bool,
    },
}

impl Action {
    /// The action's name in plans, ids and `--json`.
    #[must_use]
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Self::CreateStack { .. } | Self::CreateVolume { .. } | Self::Create { .. } => "create",
            Self::Update { .. } => "update",
            Self::Scale { .. } => "scale",
            Self::Links { .. } => "links",
            Self::Activate => "activate",
            Self::Deactivate => "deactivate",
            Self::Restart { .. } => "restart",
            Self::Remove { .. } => "remove",
            Self::Pull { .. } => "pull",
            Self::Upgrade { .. } => "upgrade",
            Self::WaitUpgrade => "wait-upgrade",
            Self::ContinueUpgrade => "continue-upgrade",
            Self::FinishUpgrade => "confirm",
            Self::Rollback => "rollback",
            Self::CancelUpgrade => "cancel-upgrade",
            Self::WaitHealthy => "wait-healthy",
            Self::UpgradeTo { .. } => "upgrade-to",
        }
    }

    /// A one-line description for plans.
    #[must_use]
    pub(crate) fn label(&self) -> String {
        match self {
            Self::Update { fields, .. } => format!("update ({})", fields.join(", ")),
            Self::Scale { scale } => format!("scale to {scale}"),
            Self::Links { links, .. } if links.is_empty() => "links (remove all)".into(),
            Self::Links { links, .. } => format!("links ({})", links.join(", ")),
            Self::Restart { .. } => "restart".into(),
            Self::Remove { drained: true } => "remove once drained (scale 0)".into(),
            Self::Pull { image, .. } => format!("pull {image}"),
            Self::Upgrade { forced: true, fields, .. } if fields.is_empty() => {
                "upgrade (forced, no config change)".into()
            }
            Self::Upgrade { fields, forced, .. } => {
                format!("upgrade ({}{})", fields.join(", "), if *forced { "; forced" } else { "" })
            }
            Self::WaitUpgrade => "wait for the upgrade under way".into(),
            Self::ContinueUpgrade => "continue the canceled upgrade".into(),
            Self::FinishUpgrade => "confirm the upgrade".into(),
            Self::Rollback => "roll back the upgrade".into(),
            Self::CancelUpgrade => "cancel the upgrade".into(),
            Self::WaitHealthy => "wait until healthy".into(),
            Self::UpgradeTo { to, .. } => format!("rolling upgrade to `{to}`"),
            other => other.name().into(),
        }
    }

    /// What progress lines say while the step runs and once it is done (0.12's event texts
    /// where 0.12 had the step).
    #[must_use]
    pub(crate) fn events(&self) -> (String, String) {
        let pair = |a: &str, b: &str| (a.to_owned(), b.to_owned());
        match self {
            Self::CreateStack { .. } | Self::CreateVolume { .. } | Self::Create { .. } => {
                pair("Creating", "Created")
            }
            Self::Update { fields, .. } => (format!("Updating {}", fields.join(", ")), "Updated".into()),
            Self::Scale { scale } => (format!("Scaling to {scale}"), "Scaled".into()),
            Self::Links { .. } => pair("Linking", "Linked"),
            Self::Activate => pair("Starting", "Started"),
            Self::Deactivate => pair("Stopping", "Stopped"),
            Self::Restart { .. } => pair("Restarting", "Restarted"),
            Self::Remove { .. } => pair("Deleting", "Deleted"),
            Self::Pull { .. } => pair("Pulling", "Pulled"),
            Self::Upgrade { .. } => pair("Upgrading", "Upgraded"),
            Self::WaitUpgrade => pair("Waiting for the upgrade under way", "Upgraded"),
            Self::ContinueUpgrade => pair("Continuing the canceled upgrade", "Upgraded"),
            Self::FinishUpgrade => pair("Confirming the upgrade", "Upgrade confirmed"),
            Self::Rollback => pair("Rolling back", "Rolled back"),
            Self::CancelUpgrade => pair("Canceling the upgrade", "Upgrade canceled"),
            Self::WaitHealthy => pair("Waiting until healthy", "Healthy"),
            Self::UpgradeTo { to, .. } => (format!("Upgrading to {to}"), "Upgraded".into()),
        }
    }

    /// Whether the step changes the server (waits do not).
    #[must_use]
    pub(crate) fn mutates(&self) -> bool {
        !matches!(self, Self::WaitUpgrade | Self::WaitHealthy)
    }

    /// Whether the step starts, replaces or rolls back an upgrade: a failure there (or in what
    /// follows it) is an upgrade failure, which can be rolled back or left for inspection.
    #[must_use]
    pub(crate) fn carries_upgrade(&self) -> bool {
        matches!(
            self,
            Self::Upgrade { .. } | Self::WaitUpgrade | Self::ContinueUpgrade | Self::UpgradeTo { .. }
        )
    }

    /// The bodies of the step, for finding the references they hold.
    fn bodies(&self) -> Vec<&Value> {
        match self {
            Self::CreateStack { body } | Self::CreateVolume { body, .. } | Self::Create { body, .. } => {
                vec![body]
            }
            Self::Update { desired, .. } => vec![desired],
            Self::Links { input, .. } | Self::Restart { input } | Self::Upgrade { input, .. } => vec![input],
            Self::UpgradeTo { input, .. } => vec![input],
            _ => Vec::new(),
        }
    }
}

/// One step of a plan.
#[derive(Debug, Clone)]
pub(crate) struct Step {
    /// Stable: the same change planned twice gets the same id.
    pub id: String,
    /// The service acted on (`None` for the stack, volumes and pulls).
    pub service: Option<String>,
    pub action: Action,
    /// The fields the step changes, old → new, secrets masked.
    pub changes: Vec<Change>,
    /// Ids of the steps that must be done before this one starts.
    pub after: Vec<String>,
}

impl Step {
    /// The name progress shows the step under: its service, else what it creates or pulls.
    #[must_use]
    pub(crate) fn subject(&self) -> String {
        match (&self.service, &self.action) {
            (Some(service), _) => service.clone(),
            (None, Action::Pull { image, .. }) => image.clone(),
            (None, Action::CreateVolume { name, .. }) => format!("volume {name}"),
            (None, _) => "stack".into(),
        }
    }

    /// The step as `--dry-run --json` shows it.
    #[must_use]
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "service": self.service,
            "action": self.action.name(),
            "label": self.action.label(),
            "changes": self.changes,
            "after": self.after,
        })
    }
}

/// A service as the plan saw it: for the per-service summary of a plan.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct ServiceView {
    pub service: String,
    pub kind: &'static str,
    /// The live state; `None` when the service does not exist yet.
    pub state: Option<String>,
    /// Things the user should know: out-of-sync fields left alone, server-only settings an
    /// upgrade drops, pending upgrades, links that cannot be set.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Why the service cannot be planned, if it cannot: nothing runs then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocked: Option<String>,
}

/// Every step of a run against one stack.
#[derive(Debug, Clone, Default)]
pub(crate) struct StackPlan {
    pub stack: String,
    pub steps: Vec<Step>,
    pub services: Vec<ServiceView>,
    /// Things the user should know that are not about one service.
    pub notes: Vec<String>,
}

impl StackPlan {
    /// Whether any step changes the server.
    #[must_use]
    pub(crate) fn changes(&self) -> bool {
        self.steps.iter().any(|s| s.action.mutates())
    }

    /// Why the plan cannot run: one line per blocked service.
    #[must_use]
    pub(crate) fn blocked(&self) -> Vec<String> {
        self.services.iter().filter_map(|s| s.blocked.clone()).collect()
    }

    /// The steps of `service`, in plan order.
    pub(crate) fn steps_of<'a>(&'a self, service: &'a str) -> impl Iterator<Item = &'a Step> + 'a {
        self.steps.iter().filter(move |s| s.service.as_deref() == Some(service))
    }

    /// Adds a step after the given ones and after every create its bodies refer to.
    fn push(
        &mut self,
        id: String,
        service: Option<&str>,
        action: Action,
        changes: Vec<Change>,
        after: Vec<String>,
    ) {
        let mut after = after;
        for body in action.bodies() {
            for reference in references(body) {
                if !after.contains(&reference) && reference != id {
                    after.push(reference);
                }
            }
        }
        self.steps.push(Step { id, service: service.map(str::to_owned), action, changes, after });
    }

    /// The id of the last step of `service`, if it has any.
    fn last_of(&self, service: &str) -> Option<String> {
        self.steps.iter().rev().find(|s| s.service.as_deref() == Some(service)).map(|s| s.id.clone())
    }

    /// The plan as `--dry-run --json` shows it.
    #[must_use]
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "stack": self.stack,
            "changes": self.changes(),
            "steps": self.steps.iter().map(Step::to_json).collect::<Vec<_>>(),
            "services": self.services,
            "notes": self.notes,
        })
    }

    /// Edges to steps that are not in the plan (a well-formed plan has none).
    #[cfg(test)]
    fn dangling(&self) -> Vec<(String, String)> {
        let ids: BTreeSet<&str> = self.steps.iter().map(|s| s.id.as_str()).collect();
        self.steps
            .iter()
            .flat_map(|s| {
                s.after.iter().filter(|a| !ids.contains(a.as_str())).map(|a| (s.id.clone(), a.clone()))
            })
            .collect()
    }
}

/// A reference to the id of the resource that step `step` creates, to put in a body.
#[must_use]
pub(crate) fn created_by(step: &str) -> String {
    format!("@{{{step}}}")
}

/// The create steps a body refers to.
#[must_use]
pub(crate) fn references(body: &Value) -> Vec<String> {
    let mut found = BTreeSet::new();
    collect_references(body, &mut found);
    found.into_iter().collect()
}

fn collect_references(value: &Value, found: &mut BTreeSet<String>) {
    match value {
        Value::String(s) => {
            if let Some(step) = s.strip_prefix("@{").and_then(|r| r.strip_suffix('}')) {
                found.insert(step.to_owned());
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_references(v, found)),
        Value::Object(map) => map.values().for_each(|v| collect_references(v, found)),
        _ => {}
    }
}

/// `body` with every reference replaced by the id the create step produced. Returns whether
/// anything was replaced, and the first reference without an id.
#[must_use]
pub(crate) fn resolve_references(
    body: &Value,
    ids: &BTreeMap<String, String>,
) -> (Value, bool, Option<String>) {
    let mut replaced = false;
    let mut missing = None;
    let out = replace(body, ids, &mut replaced, &mut missing);
    (out, replaced, missing)
}

fn replace(
    value: &Value,
    ids: &BTreeMap<String, String>,
    replaced: &mut bool,
    missing: &mut Option<String>,
) -> Value {
    match value {
        Value::String(s) => match s.strip_prefix("@{").and_then(|r| r.strip_suffix('}')) {
            Some(step) => match ids.get(step) {
                Some(id) => {
                    *replaced = true;
                    Value::String(id.clone())
                }
                None => {
                    missing.get_or_insert_with(|| step.to_owned());
                    value.clone()
                }
            },
            None => value.clone(),
        },
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| replace(v, ids, replaced, missing)).collect())
        }
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), replace(v, ids, replaced, missing))).collect())
        }
        other => other.clone(),
    }
}

/// The step id of `service`'s `verb`.
fn step_id(service: &str, verb: &str) -> String {
    format!("{service}:{verb}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_found_and_resolved() {
        let body = json!({"stackId": created_by(STACK_CREATE), "lbConfig": {"portRules": [
            {"serviceId": created_by("web:create")}, {"serviceId": "1s9"}]}});
        assert_eq!(references(&body), ["stack:create", "web:create"]);
        let ids = BTreeMap::from([("stack:create".to_owned(), "1st2".to_owned())]);
        let (out, replaced, missing) = resolve_references(&body, &ids);
        assert!(replaced);
        assert_eq!(missing.as_deref(), Some("web:create"));
        assert_eq!(out["stackId"], "1st2");
        assert_eq!(out["lbConfig"]["portRules"][1]["serviceId"], "1s9");
    }
}
