//! Deploying a project to a Rancher server. A run observes the stack (`observe`), plans every
//! step before anything changes (`plan`, pure), and executes that plan as a dependency graph
//! (`execute`, waiting through one shared poll of the stack in `watch`); `engine` puts these
//! together for each kind of run and decides how it ended. Progress goes out as typed events
//! (`events`).

pub(crate) mod engine;
pub(crate) mod events;
pub(crate) mod execute;
pub(crate) mod hash;
pub(crate) mod kind;
pub(crate) mod launch;
pub(crate) mod legacy_lb;
pub(crate) mod observe;
pub(crate) mod order;
pub(crate) mod plan;
pub(crate) mod progress;
pub(crate) mod request;
pub(crate) mod volumes;
pub(crate) mod wait;
pub(crate) mod watch;

use crate::api;

pub(crate) use events::Reporter;
use wait::WaitError;

/// Deploy failures.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    #[error(transparent)]
    Api(Box<api::Error>),
    #[error(transparent)]
    Wait(Box<WaitError>),
    /// The run cannot go ahead as asked; nothing was changed.
    #[error("{0}")]
    Refused(String),
    #[error("{0}")]
    Unsupported(String),
    #[error("{0}")]
    NotFound(String),
    #[error("interrupted")]
    Interrupted,
}

impl From<api::Error> for Error {
    fn from(e: api::Error) -> Self {
        Self::Api(Box::new(e))
    }
}

impl From<WaitError> for Error {
    fn from(e: WaitError) -> Self {
        match e {
            WaitError::Interrupted => Self::Interrupted,
            other => Self::Wait(Box::new(other)),
        }
    }
}

impl Error {
    #[must_use]
    pub(crate) fn hint(&self) -> Option<String> {
        match self {
            Self::Api(e) => e.hint(),
            Self::Wait(e) => match e.as_ref() {
                WaitError::Timeout { .. } => Some("raise --timeout, or check the service in Rancher".into()),
                WaitError::Api(e) => e.hint(),
                WaitError::Failed { .. } | WaitError::Interrupted => None,
            },
            _ => None,
        }
    }
}
