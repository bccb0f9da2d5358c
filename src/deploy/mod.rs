//! Deploying a project to a Rancher server. A run observes the stack (`observe`), plans every
//! step before anything changes (`plan`, pure), and executes that plan as a dependency graph
//! (`execute`, waiting through one shared poll of the stack in `watch`); `engine` puts these
//! together for each kind of run and decides how it ended. Progress goes out as typed events
//! (`events`).

pub mod engine;
pub mod events;
pub mod execute;
pub mod hash;
pub mod kind;
pub mod launch;
pub mod legacy_lb;
pub mod observe;
pub mod order;
pub mod plan;
pub mod progress;
pub mod request;
pub mod volumes;
pub mod wait;
pub mod watch;

use crate::api;

pub use events::{Event, Reporter};
use wait::WaitError;

/// Deploy failures.
#[derive(Debug, thiserror::Error)]
pub enum Error {
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
    pub fn hint(&self) -> Option<String> {
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
