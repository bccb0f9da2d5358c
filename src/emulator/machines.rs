//! State machines of services, stacks and containers (`rancher-api-semantics.md` §3): for every process its
//! start states, transitioning state and done state. The `actions` map of a resource and its
//! `transitioning` flag are derived from these tables only, as Cattle derives them.

/// One process: may start from `start`; moves to `transitioning` (None = keeps its state, as
/// `update` does from e.g. `upgrading`) and ends in `done`.
pub(super) struct Process {
    pub name: &'static str,
    pub start: &'static [&'static str],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Machine {
    Service,
    Stack,
    Container,
    /// certificates, volumes, volume templates, pull tasks: create/remove only.
    Simple,
}

const SERVICE: &[Process] = &[
    Process { name: "create", start: &["requested"] },
    Process { name: "activate", start: &["inactive", "restarting"] },
    Process {
        name: "update",
        start: &[
            "inactive",
            "active",
            "updating-active",
            "activating",
            "upgrading",
            "rolling-back",
            "finishing-upgrade",
            "canceling-upgrade",
        ],
    },
    Process {
        name: "deactivate",
        start: &["active", "activating", "updating-active", "updating-inactive", "restarting"],
    },
    Process { name: "upgrade", start: &["active", "activating", "inactive", "updating-active"] },
    Process { name: "continueupgrade", start: &["canceled-upgrade"] },
    Process { name: "cancelupgrade", start: &["upgrading", "finishing-upgrade"] },
    Process { name: "rollback", start: &["upgrading", "upgraded", "canceled-upgrade"] },
    Process { name: "finishupgrade", start: &["upgraded"] },
    Process { name: "restart", start: &["active"] },
    Process {
        name: "remove",
        start: &[
            "requested",
            "registering",
            "inactive",
            "activating",
            "active",
            "updating-active",
            "updating-inactive",
            "deactivating",
            "upgrading",
            "upgraded",
            "canceling-upgrade",
            "canceled-upgrade",
            "rolling-back",
            "finishing-upgrade",
            "restarting",
        ],
    },
];

const SERVICE_TRANSITIONING: &[&str] = &[
    "registering",
    "activating",
    "updating-active",
    "updating-inactive",
    "deactivating",
    "upgrading",
    "finishing-upgrade",
    "rolling-back",
    "canceling-upgrade",
    "restarting",
    "removing",
];

const STACK: &[Process] = &[
    Process { name: "create", start: &["requested"] },
    Process { name: "update", start: &["active"] },
    Process { name: "error", start: &["activating"] },
    Process { name: "upgrade", start: &["active", "canceled-upgrade"] },
    Process { name: "cancelupgrade", start: &["upgrading", "finishing-upgrade"] },
    Process { name: "rollback", start: &["upgrading", "upgraded", "canceled-upgrade"] },
    Process { name: "finishupgrade", start: &["upgraded"] },
    Process {
        name: "remove",
        start: &[
            "requested",
            "activating",
            "active",
            "updating-active",
            "error",
            "erroring",
            "upgrading",
            "upgraded",
            "canceling-upgrade",
            "canceled-upgrade",
            "rolling-back",
            "finishing-upgrade",
        ],
    },
];

const STACK_TRANSITIONING: &[&str] = &[
    "activating",
    "updating-active",
    "erroring",
    "upgrading",
    "canceling-upgrade",
    "rolling-back",
    "finishing-upgrade",
    "removing",
];

const CONTAINER: &[Process] = &[
    Process { name: "start", start: &["stopped", "creating"] },
    Process {
        name: "stop",
        start: &["creating", "running", "starting", "restarting", "updating-running", "updating-stopped"],
    },
    Process { name: "restart", start: &["running"] },
    Process { name: "update", start: &["stopped", "running"] },
    Process {
        name: "remove",
        start: &[
            "requested",
            "creating",
            "stopped",
            "error",
            "erroring",
            "updating-running",
            "updating-stopped",
        ],
    },
    Process { name: "purge", start: &["removed"] },
    // Not a process: the schema restricts `logs` to these states.
    Process { name: "logs", start: &["running", "stopped", "stopping"] },
];

const CONTAINER_TRANSITIONING: &[&str] = &[
    "creating",
    "starting",
    "stopping",
    "restarting",
    "updating-running",
    "updating-stopped",
    "erroring",
    "migrating",
    "removing",
    "purging",
];

const SIMPLE: &[Process] = &[
    Process { name: "update", start: &["active"] },
    Process { name: "remove", start: &["active", "inactive", "requested"] },
];

const SIMPLE_TRANSITIONING: &[&str] = &["registering", "activating", "removing"];

/// Handler actions of services, offered in every state (`rancher-api-semantics.md` §3.1).
pub(super) const SERVICE_LINK_ACTIONS: &[&str] = &["addservicelink", "removeservicelink", "setservicelinks"];

/// Handler actions of stacks, offered in every non-removed state.
pub(super) const STACK_HANDLER_ACTIONS: &[&str] =
    &["activateservices", "addoutputs", "deactivateservices", "exportconfig"];

fn table(m: Machine) -> (&'static [Process], &'static [&'static str]) {
    match m {
        Machine::Service => (SERVICE, SERVICE_TRANSITIONING),
        Machine::Stack => (STACK, STACK_TRANSITIONING),
        Machine::Container => (CONTAINER, CONTAINER_TRANSITIONING),
        Machine::Simple => (SIMPLE, SIMPLE_TRANSITIONING),
    }
}

/// Whether `action` may start from `state` (handler actions excluded).
pub(super) fn can_start(m: Machine, action: &str, state: &str) -> bool {
    table(m).0.iter().any(|p| p.name == action && p.start.contains(&state))
}

pub(super) fn is_transitioning(m: Machine, state: &str) -> bool {
    table(m).1.contains(&state)
}

/// Process-backed actions legal in `state`, in table order.
pub(super) fn process_actions(m: Machine, state: &str) -> Vec<&'static str> {
    table(m).0.iter().filter(|p| p.start.contains(&state)).map(|p| p.name).collect()
}

/// The transitioning state the service `update` process moves to from `state`.
pub(super) fn service_update_state(state: &str) -> &str {
    match state {
        "active" => "updating-active",
        "inactive" => "updating-inactive",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(mut v: Vec<&'static str>) -> Vec<&'static str> {
        v.sort();
        v
    }

    #[test]
    fn service_actions_per_state_match_spec_table() {
        let cases: &[(&str, &[&str])] = &[
            ("requested", &["create", "remove"]),
            ("registering", &["remove"]),
            ("inactive", &["activate", "remove", "update", "upgrade"]),
            ("activating", &["deactivate", "remove", "update", "upgrade"]),
            ("active", &["deactivate", "remove", "restart", "update", "upgrade"]),
            ("updating-active", &["deactivate", "remove", "update", "upgrade"]),
            ("updating-inactive", &["deactivate", "remove"]),
            ("deactivating", &["remove"]),
            ("upgrading", &["cancelupgrade", "remove", "rollback", "update"]),
            ("upgraded", &["finishupgrade", "remove", "rollback"]),
            ("canceling-upgrade", &["remove", "update"]),
            ("canceled-upgrade", &["continueupgrade", "remove", "rollback"]),
            ("rolling-back", &["remove", "update"]),
            ("finishing-upgrade", &["cancelupgrade", "remove", "update"]),
            ("restarting", &["activate", "deactivate", "remove"]),
            ("removing", &[]),
            ("removed", &[]),
        ];
        for (state, want) in cases {
            assert_eq!(sorted(process_actions(Machine::Service, state)), want.to_vec(), "state {state}");
        }
    }

    #[test]
    fn stack_actions() {
        assert_eq!(sorted(process_actions(Machine::Stack, "active")), vec!["remove", "update", "upgrade"]);
        assert_eq!(
            sorted(process_actions(Machine::Stack, "upgraded")),
            vec!["finishupgrade", "remove", "rollback"]
        );
        assert_eq!(sorted(process_actions(Machine::Stack, "activating")), vec!["error", "remove"]);
    }

    #[test]
    fn transitioning_flags() {
        assert!(is_transitioning(Machine::Service, "upgrading"));
        assert!(!is_transitioning(Machine::Service, "upgraded"));
        assert!(is_transitioning(Machine::Container, "stopping"));
        assert!(!is_transitioning(Machine::Container, "running"));
    }
}
