//! Plans of the commands that act on deployed services as they are: `start`, `stop`,
//! `restart`, `rm`, `scale`, and `up --rollback` / `--cancel-upgrade` / `--confirm-upgrade`
//! for services with a pending upgrade. Starting and restarting go in dependency order,
//! stopping and removing in reverse (dependents first); the rest run side by side.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::api::State;
use crate::deploy::observe::Observed;

use super::{Action, ServiceView, StackPlan, step_id};

/// What to do to each service.
#[derive(Debug, Clone)]
pub(crate) enum Lifecycle {
    Start,
    Stop,
    Remove,
    /// Rolling restart; zero values are left to the server's defaults.
    Restart {
        batch_size: u32,
        interval_ms: u64,
    },
    /// The wanted scale of each named service.
    Scale(BTreeMap<String, u64>),
    Rollback,
    Cancel,
    Confirm,
    /// Undo an upgrade this run started: cancel it if under way, then roll it back; a
    /// confirmed one has no way back and is skipped.
    Undo,
}

impl Lifecycle {
    fn verb(&self) -> &'static str {
        match self {
            Self::Start => "start",
            Self::Stop => "stop",
            Self::Remove => "remove",
            Self::Restart { .. } => "restart",
            Self::Scale(_) => "scale",
            Self::Rollback | Self::Undo => "roll back",
            Self::Cancel => "cancel",
            Self::Confirm => "confirm",
        }
    }

    /// Acts on pending upgrades only (services without one are reported, not an error).
    fn on_upgrades(&self) -> bool {
        matches!(self, Self::Rollback | Self::Cancel | Self::Confirm | Self::Undo)
    }
}

/// Plans `op` on `names` (in dependency order) of the stack `stack`; `depends` gives each
/// service the services it depends on.
#[must_use]
pub(crate) fn lifecycle(
    stack: &str,
    names: &[String],
    observed: &Observed,
    depends: &BTreeMap<String, Vec<String>>,
    op: &Lifecycle,
) -> StackPlan {
    let mut plan = StackPlan { stack: stack.to_owned(), ..StackPlan::default() };
    let reverse = matches!(op, Lifecycle::Stop | Lifecycle::Remove);
    let ordered =
        matches!(op, Lifecycle::Start | Lifecycle::Restart { .. } | Lifecycle::Stop | Lifecycle::Remove);
    let mut skipped = Vec::new();
    let walk: Vec<&String> = if reverse { names.iter().rev().collect() } else { names.iter().collect() };
    for name in walk {
        let live = observed.service(name);
        let mut view = ServiceView {
            service: name.clone(),
            kind: "service",
            state: live.map(|l| l.state().to_string()),
            notes: Vec::new(),
            blocked: None,
        };
        let Some(live) = live else {
            match op {
                Lifecycle::Scale(_) => {
                    view.blocked = Some(format!("service `{name}` is not deployed in stack `{stack}`"));
                }
                _ if op.on_upgrades() => skipped.push(format!("{name} (not deployed)")),
                _ => view.notes.push(format!("{name} is not deployed; skipped")),
            }
            plan.services.push(view);
            continue;
        };
        let current = live.state();
        let available = |action: &str| live.offers(action);
        let steps: Vec<(&str, Action)> = match op {
            Lifecycle::Start if *current == State::Active => Vec::new(),
            Lifecycle::Start if available("activate") => vec![("activate", Action::Activate)],
            Lifecycle::Stop if *current == State::Inactive => Vec::new(),
            Lifecycle::Stop if available("deactivate") => vec![("deactivate", Action::Deactivate)],
            Lifecycle::Remove if current.is_removing() => Vec::new(),
            Lifecycle::Remove => vec![("remove", Action::Remove { drained: false })],
            Lifecycle::Restart { batch_size, interval_ms } if available("restart") => {
                vec![("restart", Action::Restart { input: restart_input(*batch_size, *interval_ms) })]
            }
            Lifecycle::Scale(scales) => {
                let scale = scales.get(name).copied().unwrap_or_default();
                vec![("scale", Action::Scale { scale })]
            }
            Lifecycle::Rollback if current.is_upgrade_pending() => vec![("rollback", Action::Rollback)],
            Lifecycle::Undo if *current == State::Upgrading => {
                vec![("cancel-upgrade", Action::CancelUpgrade), ("rollback", Action::Rollback)]
            }
            Lifecycle::Undo if current.is_upgrade_pending() => vec![("rollback", Action::Rollback)],
            Lifecycle::Cancel if current.is_cancelable_upgrade() => {
                vec![("cancel-upgrade", Action::CancelUpgrade)]
            }
            Lifecycle::Confirm if *current == State::Upgrading => {
                vec![("wait-upgrade", Action::WaitUpgrade), ("confirm", Action::FinishUpgrade)]
            }
            Lifecycle::Confirm if *current == State::Upgraded => vec![("confirm", Action::FinishUpgrade)],
            _ if op.on_upgrades() => {
                skipped.push(format!("{name} ({current})"));
                Vec::new()
            }
            _ => {
                view.blocked = Some(format!("cannot {} `{name}` in state `{current}`", op.verb()));
                Vec::new()
            }
        };
        // Start and restart wait for what a service depends on; stop and remove for what
        // depends on it.
        let mut after: Vec<String> = Vec::new();
        if ordered {
            let related: Vec<&String> = if reverse {
                depends.iter().filter(|(_, deps)| deps.contains(name)).map(|(n, _)| n).collect()
            } else {
                depends.get(name).into_iter().flatten().collect()
            };
            after.extend(related.into_iter().filter_map(|r| plan.last_of(r)));
        }
        for (verb, action) in steps {
            let changes = match &action {
                Action::Scale { scale } => {
                    vec![plan_change("scale", live.scale.as_ref(), &json!(scale))]
                }
                _ => Vec::new(),
            };
            let id = step_id(name, verb);
            plan.push(id.clone(), Some(name), action, changes, std::mem::take(&mut after));
            after.push(id);
        }
        plan.services.push(view);
    }
    if op.on_upgrades() && !skipped.is_empty() {
        let verb = op.verb();
        plan.notes.push(if plan.steps.is_empty() {
            format!("no upgrade to {verb}: {}", skipped.join(", "))
        } else {
            format!("skipped, no upgrade to {verb}: {}", skipped.join(", "))
        });
    }
    plan
}

fn plan_change(field: &str, old: Option<&Value>, new: &Value) -> super::Change {
    super::Mask::default().change(field, old, Some(new))
}

/// The `restart` action input; zero means the server's default, as 0.12 sent it (omitted).
fn restart_input(batch_size: u32, interval_ms: u64) -> Value {
    let mut strategy = serde_json::Map::new();
    if batch_size > 0 {
        strategy.insert("batchSize".into(), json!(batch_size));
    }
    if interval_ms > 0 {
        strategy.insert("intervalMillis".into(), json!(interval_ms));
    }
    json!({ "rollingRestartStrategy": strategy })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn observed(services: &[(&str, &str, &[&str])]) -> Observed {
        let mut o = Observed::default();
        for (name, st, actions) in services {
            let actions: serde_json::Map<String, Value> =
                actions.iter().map(|a| ((*a).to_owned(), json!(format!("http://x/{a}")))).collect();
            let service = json!({"id": format!("1s-{name}"), "name": name, "state": st, "actions": actions});
            o.services.insert((*name).to_owned(), serde_json::from_value(service).unwrap_or_default());
        }
        o
    }

    #[test]
    fn stop_goes_dependents_first_and_skips_what_is_stopped() {
        let o = observed(&[
            ("db", "active", &["deactivate"]),
            ("web", "active", &["deactivate"]),
            ("idle", "inactive", &[]),
        ]);
        let depends = BTreeMap::from([("web".to_owned(), vec!["db".to_owned()])]);
        let names: Vec<String> = ["db", "idle", "web", "gone"].map(String::from).to_vec();
        let plan = lifecycle("s", &names, &o, &depends, &Lifecycle::Stop);
        let steps: Vec<(&str, Vec<String>)> =
            plan.steps.iter().map(|s| (s.id.as_str(), s.after.clone())).collect();
        assert_eq!(steps, [("web:deactivate", vec![]), ("db:deactivate", vec!["web:deactivate".to_owned()])]);
        assert!(plan.services.iter().any(|s| s.notes == ["gone is not deployed; skipped"]));
    }

    #[test]
    fn confirm_waits_for_an_upgrade_under_way_and_reports_the_rest() {
        let o = observed(&[("web", "upgrading", &[]), ("db", "active", &[])]);
        let names: Vec<String> = ["db", "web"].map(String::from).to_vec();
        let plan = lifecycle("s", &names, &o, &BTreeMap::new(), &Lifecycle::Confirm);
        let ids: Vec<&str> = plan.steps.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["web:wait-upgrade", "web:confirm"]);
        assert_eq!(plan.notes, ["skipped, no upgrade to confirm: db (active)"]);
    }

    #[test]
    fn scaling_a_service_that_is_not_deployed_blocks_the_plan() {
        let o = observed(&[("web", "active", &[])]);
        let scales = BTreeMap::from([("web".to_owned(), 3), ("api".to_owned(), 1)]);
        let names: Vec<String> = ["web", "api"].map(String::from).to_vec();
        let plan = lifecycle("s", &names, &o, &BTreeMap::new(), &Lifecycle::Scale(scales));
        assert_eq!(plan.blocked(), ["service `api` is not deployed in stack `s`"]);
        assert_eq!(plan.steps[0].changes[0].new.as_deref(), Some("3"));
    }
}
