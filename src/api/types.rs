//! The resources the client reads, typed: [`Stack`], [`Service`], [`Container`], [`Project`],
//! [`Certificate`]. Each has the fields the client reads; every other field the server sent is
//! kept in `extra`, so a resource decoded and encoded again loses nothing. A field the server
//! leaves out decodes as absent. Launch configurations stay JSON values: the planner compares
//! them with request bodies field by field.
//!
//! States, transitions and health are enums with an `Other` fallback for values the client
//! has no use for; what a state means to the client (an upgrade pending, settled, gone) is
//! decided here, in one place.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::error::Error;

/// An enum of wire strings with an `Other` fallback; (de)serialised as the string.
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A value the client gives no meaning to, as the server sent it.
            Other(String),
        }

        impl $name {
            /// The wire string.
            #[must_use]
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Other(other) => other,
                }
            }
        }

        impl From<&str> for $name {
            fn from(wire: &str) -> Self {
                match wire {
                    $($wire => Self::$variant,)*
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl From<String> for $name {
            fn from(wire: String) -> Self {
                match Self::from(wire.as_str()) {
                    Self::Other(_) => Self::Other(wire),
                    known => known,
                }
            }
        }

        impl Default for $name {
            /// No value (the server sent none): the empty string.
            fn default() -> Self {
                Self::Other(String::new())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map(Self::from)
            }
        }
    };
}

wire_enum! {
    /// The `state` of a resource (services, stacks, containers, projects).
    State {
        Requested = "requested",
        Registering = "registering",
        Creating = "creating",
        Activating = "activating",
        Active = "active",
        Inactive = "inactive",
        Deactivating = "deactivating",
        UpdatingActive = "updating-active",
        UpdatingInactive = "updating-inactive",
        Upgrading = "upgrading",
        Upgraded = "upgraded",
        FinishingUpgrade = "finishing-upgrade",
        CancelingUpgrade = "canceling-upgrade",
        CanceledUpgrade = "canceled-upgrade",
        RollingBack = "rolling-back",
        Restarting = "restarting",
        Starting = "starting",
        Running = "running",
        Stopping = "stopping",
        Stopped = "stopped",
        Erroring = "erroring",
        Error = "error",
        Removing = "removing",
        Removed = "removed",
        Purging = "purging",
        Purged = "purged",
    }
}

impl State {
    /// An in-service upgrade left unfinished: under way, waiting for confirmation, or
    /// canceled. Nothing else may start from these states.
    #[must_use]
    pub fn is_upgrade_pending(&self) -> bool {
        matches!(self, Self::Upgrading | Self::Upgraded | Self::CanceledUpgrade)
    }

    /// Active or inactive: a service an update (a `PUT`) or an upgrade can start from.
    #[must_use]
    pub fn is_settled(&self) -> bool {
        matches!(self, Self::Active | Self::Inactive)
    }

    /// An upgrade that can be canceled: under way or being finished.
    #[must_use]
    pub fn is_cancelable_upgrade(&self) -> bool {
        matches!(self, Self::Upgrading | Self::FinishingUpgrade)
    }

    /// Being removed or removed (a remove has nothing left to do).
    #[must_use]
    pub fn is_removing(&self) -> bool {
        matches!(self, Self::Removing | Self::Removed)
    }

    /// Removed or purged: gone for good.
    #[must_use]
    pub fn is_gone(&self) -> bool {
        matches!(self, Self::Removed | Self::Purged)
    }

    /// Removing, removed or purged: what a delete leads to.
    #[must_use]
    pub fn is_deleted(&self) -> bool {
        self.is_removing() || self.is_gone()
    }

    /// A settled state a transition ends in when it failed: removed or error.
    #[must_use]
    pub fn is_failure(&self) -> bool {
        matches!(self, Self::Removed | Self::Error)
    }

    /// A container that runs.
    #[must_use]
    pub fn is_running(&self) -> bool {
        *self == Self::Running
    }
}

wire_enum! {
    /// `transitioning`: whether a process runs on the resource.
    Transitioning {
        Yes = "yes",
        No = "no",
        /// The process failed; `transitioningMessage` says why.
        Error = "error",
    }
}

wire_enum! {
    /// `healthState` of a service or container.
    HealthState {
        Healthy = "healthy",
        Unhealthy = "unhealthy",
        Initializing = "initializing",
        Reinitializing = "reinitializing",
        Degraded = "degraded",
        StartedOnce = "started-once",
        UpdatingHealthy = "updating-healthy",
        UpdatingUnhealthy = "updating-unhealthy",
    }
}

impl HealthState {
    /// Healthy, or a start-once service whose containers ran: what `--wait-healthy` waits for.
    #[must_use]
    pub fn is_healthy(&self) -> bool {
        matches!(self, Self::Healthy | Self::StartedOnce)
    }
}

/// A resource that links to itself and offers actions: what the client's generic operations
/// (update, delete, actions, reload) need.
pub trait Resource {
    /// The link `name` (`self`, `instances`, ...).
    fn link(&self, name: &str) -> Option<&str>;
    /// The URL of action `name`, when the resource offers it in its current state.
    fn action_link(&self, name: &str) -> Option<&str>;
    /// The concrete type (`service`, `loadBalancerService`, `container`, ...).
    fn kind(&self) -> Option<&str>;
    fn name(&self) -> Option<&str>;
    /// The state as sent (`None`: none was).
    fn state_str(&self) -> Option<&str>;
    /// `transitioning` as sent.
    fn transitioning_str(&self) -> Option<&str>;
    /// `transitioningMessage` as sent.
    fn transitioning_message(&self) -> Option<&str>;
}

impl Resource for Value {
    fn link(&self, name: &str) -> Option<&str> {
        self.get("links")?.get(name)?.as_str()
    }

    fn action_link(&self, name: &str) -> Option<&str> {
        self.get("actions")?.get(name)?.as_str()
    }

    fn kind(&self) -> Option<&str> {
        self.get("type").and_then(Value::as_str)
    }

    fn name(&self) -> Option<&str> {
        self.get("name").and_then(Value::as_str)
    }

    fn state_str(&self) -> Option<&str> {
        self.get("state").and_then(Value::as_str)
    }

    fn transitioning_str(&self) -> Option<&str> {
        self.get("transitioning").and_then(Value::as_str)
    }

    fn transitioning_message(&self) -> Option<&str> {
        self.get("transitioningMessage").and_then(Value::as_str)
    }
}

/// The fields every resource the client reads has, and the rest of what the server sent.
macro_rules! resource {
    ($(#[$meta:meta])* $name:ident { $($(#[$fmeta:meta])* $field:ident: $ty:ty,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub id: Option<String>,
            /// The concrete type.
            #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
            pub kind: Option<String>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub base_type: Option<String>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub name: Option<String>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub state: Option<State>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub transitioning: Option<Transitioning>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub transitioning_message: Option<String>,
            /// Link name → URL (`self`, `instances`, ...); `null` links are kept as they came.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub links: Option<Map<String, Value>>,
            /// Action name → URL: only the actions legal in the current state.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub actions: Option<Map<String, Value>>,
            $($(#[$fmeta])* pub $field: $ty,)*
            /// Every other field, as the server sent it.
            #[serde(flatten)]
            pub extra: Map<String, Value>,
        }

        impl $name {
            /// The id, or `""` when the server sent none.
            #[must_use]
            pub fn id(&self) -> &str {
                self.id.as_deref().unwrap_or_default()
            }

            /// The name, or `""` when the server sent none.
            #[must_use]
            pub fn name(&self) -> &str {
                self.name.as_deref().unwrap_or_default()
            }

            /// The state; the empty [`State::Other`] when the server sent none.
            #[must_use]
            pub fn state(&self) -> &State {
                static NONE: State = State::Other(String::new());
                self.state.as_ref().unwrap_or(&NONE)
            }

            /// `transitioning`; the empty [`Transitioning::Other`] when the server sent none.
            #[must_use]
            pub fn transitioning(&self) -> &Transitioning {
                static NONE: Transitioning = Transitioning::Other(String::new());
                self.transitioning.as_ref().unwrap_or(&NONE)
            }

            /// Whether it offers action `name` in its current state.
            #[must_use]
            pub fn offers(&self, name: &str) -> bool {
                self.actions.as_ref().is_some_and(|a| a.contains_key(name))
            }

            /// Whether a process runs on it now.
            #[must_use]
            pub fn is_transitioning(&self) -> bool {
                *self.transitioning() == Transitioning::Yes
            }

            /// `transitioningMessage`, or `""`.
            #[must_use]
            pub fn message(&self) -> &str {
                self.transitioning_message.as_deref().unwrap_or_default()
            }

            /// The resource as JSON, every field the server sent included.
            #[must_use]
            pub fn to_value(&self) -> Value {
                serde_json::to_value(self).unwrap_or(Value::Null)
            }
        }

        impl Resource for $name {
            fn link(&self, name: &str) -> Option<&str> {
                self.links.as_ref()?.get(name)?.as_str()
            }

            fn action_link(&self, name: &str) -> Option<&str> {
                self.actions.as_ref()?.get(name)?.as_str()
            }

            fn kind(&self) -> Option<&str> {
                self.kind.as_deref()
            }

            fn name(&self) -> Option<&str> {
                self.name.as_deref()
            }

            fn state_str(&self) -> Option<&str> {
                self.state.as_ref().map(State::as_str)
            }

            fn transitioning_str(&self) -> Option<&str> {
                self.transitioning.as_ref().map(Transitioning::as_str)
            }

            fn transitioning_message(&self) -> Option<&str> {
                self.transitioning_message.as_deref()
            }
        }
    };
}

resource! {
    /// A stack (`/v2-beta/stacks`, id `1st…`).
    Stack {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        health_state: Option<HealthState>,
    }
}

resource! {
    /// A service of any kind (`service`, `loadBalancerService`, `externalService`,
    /// `dnsService`, drivers): `kind` says which.
    Service {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        stack_id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        health_state: Option<HealthState>,
        /// The wanted scale (`null` for kinds without containers).
        #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
        scale: Option<Value>,
        #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
        current_scale: Option<Value>,
        /// Kept as JSON: compared with request bodies field by field.
        #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
        launch_config: Option<Value>,
        #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
        secondary_launch_configs: Option<Value>,
        #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
        metadata: Option<Value>,
        /// Link name → service id.
        #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
        linked_services: Option<Value>,
        #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
        selector_link: Option<Value>,
        /// The strategy of the last upgrade (`inServiceStrategy` keeps the previous configs).
        #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
        upgrade: Option<Value>,
    }
}

resource! {
    /// A container (`/v2-beta/containers`, id `1i…`).
    Container {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        health_state: Option<HealthState>,
        /// The version of the launch config it was made from.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        version: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        labels: Option<Map<String, Value>>,
    }
}

resource! {
    /// An environment (`/v2-beta/projects`, id `1a…`).
    Project {}
}

resource! {
    /// A certificate a balancer refers to by name.
    Certificate {}
}

/// A JSON field that was sent, `null` included (kept, so encoding again gives it back); a field
/// not sent is `None` (`#[serde(default)]`).
fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(deserializer).map(Some)
}

/// The string field `key` of a JSON object (a launch config, a request body), or `""`.
#[must_use]
pub fn text<'v>(value: &'v Value, key: &str) -> &'v str {
    value.get(key).and_then(Value::as_str).unwrap_or_default()
}

impl Stack {
    /// `healthState`; `None` when the server sent none.
    #[must_use]
    pub fn health(&self) -> Option<&HealthState> {
        self.health_state.as_ref()
    }
}

impl Service {
    /// `healthState`, or `""`.
    #[must_use]
    pub fn health(&self) -> &str {
        self.health_state.as_ref().map_or("", HealthState::as_str)
    }

    /// The wanted scale as a number, if it is one.
    #[must_use]
    pub fn scale(&self) -> Option<u64> {
        self.scale.as_ref().and_then(Value::as_u64)
    }

    /// The primary launch config; `Null` when there is none.
    #[must_use]
    pub fn launch_config(&self) -> &Value {
        self.launch_config.as_ref().unwrap_or(&Value::Null)
    }

    /// The sidekicks' launch configs.
    #[must_use]
    pub fn secondaries(&self) -> &[Value] {
        self.secondary_launch_configs.as_ref().and_then(Value::as_array).map_or(&[], Vec::as_slice)
    }

    /// The links the service has now: link name → service id.
    #[must_use]
    pub fn linked_services(&self) -> Map<String, Value> {
        self.linked_services.as_ref().and_then(Value::as_object).cloned().unwrap_or_default()
    }

    /// Whether the service picks its links by selector (links are then not set by name).
    #[must_use]
    pub fn has_selector_link(&self) -> bool {
        self.selector_link.as_ref().is_some_and(|v| !v.is_null())
    }

    /// The label `key` of the primary launch config.
    #[must_use]
    pub fn label(&self, key: &str) -> Option<&str> {
        self.launch_config().get("labels")?.get(key)?.as_str()
    }

    /// Whether it runs one container on every host (`io.rancher.scheduler.global`).
    #[must_use]
    pub fn is_global(&self) -> bool {
        self.label("io.rancher.scheduler.global") == Some("true")
    }

    /// Whether the service kind has containers of its own (external and DNS services do not).
    #[must_use]
    pub fn has_containers(&self) -> bool {
        !matches!(self.kind.as_deref(), Some("externalService" | "dnsService"))
    }

    /// The versions of its current launch configs (primary and sidekicks); containers of
    /// other versions are the old ones of an upgrade.
    #[must_use]
    pub fn current_versions(&self) -> Vec<String> {
        self.launch_config
            .iter()
            .chain(self.secondaries())
            .map(|lc| text(lc, "version").to_owned())
            .filter(|v| !v.is_empty())
            .collect()
    }
}

impl Container {
    /// `healthState`, or `""`.
    #[must_use]
    pub fn health(&self) -> &str {
        self.health_state.as_ref().map_or("", HealthState::as_str)
    }

    /// Healthy or without a health check: ready as far as health goes.
    #[must_use]
    pub fn is_ready_health(&self) -> bool {
        matches!(self.health(), "" | "healthy")
    }

    /// The version of its launch config, or `""`.
    #[must_use]
    pub fn version(&self) -> &str {
        self.version.as_deref().unwrap_or_default()
    }

    /// The label `key`.
    #[must_use]
    pub fn label(&self, key: &str) -> Option<&str> {
        self.labels.as_ref()?.get(key)?.as_str()
    }

    /// In error: its state, or the process that ran on it.
    #[must_use]
    pub fn is_failed(&self) -> bool {
        *self.state() == State::Error || *self.transitioning() == Transitioning::Error
    }

    /// Not being removed nor removed.
    #[must_use]
    pub fn is_live(&self) -> bool {
        !matches!(self.state(), State::Removed | State::Purged | State::Removing)
    }
}

/// Decodes `value` (from `url`) as a `T`, saying which field did not fit.
///
/// # Errors
/// The value is not a `T`.
pub fn decode<T: DeserializeOwned>(url: &str, value: Value) -> Result<T, Error> {
    // An empty answer (`null`, as an empty body reads) is a resource without fields.
    if value.is_null()
        && let Ok(decoded) = T::deserialize(&value).or_else(|_| T::deserialize(&Value::Object(Map::new())))
    {
        return Ok(decoded);
    }
    serde_path_to_error::deserialize(value).map_err(|e| Error::Decode {
        url: url.to_owned(),
        reason: format!("unexpected `{}`: {}", e.path(), e.inner()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn states_keep_unknown_values_and_round_trip() {
        assert_eq!(State::from("canceled-upgrade"), State::CanceledUpgrade);
        assert_eq!(State::from("whatever"), State::Other("whatever".into()));
        for wire in ["active", "updating-active", "finishing-upgrade", "something-new", ""] {
            let state: State = serde_json::from_value(json!(wire)).unwrap_or_default();
            assert_eq!(state.as_str(), wire);
            assert_eq!(serde_json::to_value(&state).ok(), Some(json!(wire)));
        }
        assert!(State::Upgraded.is_upgrade_pending() && !State::Active.is_upgrade_pending());
        assert!(State::Inactive.is_settled() && !State::Upgraded.is_settled());
    }

    #[test]
    fn missing_and_null_fields_decode() {
        let service: Service = decode("x", json!({})).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((service.id(), service.name(), service.state().as_str()), ("", "", ""));
        assert!(!service.is_transitioning());
        let service: Service = decode(
            "x",
            json!({"name": null, "state": null, "transitioningMessage": null, "scale": null, "links": null}),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(service.name(), "");
        assert_eq!(service.scale(), None);
        assert_eq!(service.link("self"), None);
    }

    #[test]
    fn a_wrong_type_is_a_decode_error_naming_the_field() {
        let e = decode::<Service>("http://h/x", json!({"state": 3})).err().map(|e| e.to_string());
        assert!(e.is_some_and(|e| e.contains("state")));
    }
}
