//! Waiting for a resource to finish a transition. Unlike rancher-compose 0.12 every wait has a
//! deadline, and a transition that ends in `error` (or a state other than the expected one) is
//! a failure with the server's message, not a success.

use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;

use crate::api::{Client, Resource, State, Transitioning};

/// Why a wait failed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum WaitError {
    #[error("{what} did not finish within {seconds} s (state `{state}`{})", message.as_deref().map(|m| format!(": {m}")).unwrap_or_default())]
    Timeout { what: String, seconds: u64, state: String, message: Option<String> },
    #[error("{what} failed in state `{state}`: {message}")]
    Failed { what: String, state: String, message: String },
    #[error(transparent)]
    Api(Box<crate::api::Error>),
    #[error("interrupted")]
    Interrupted,
}

impl From<crate::api::Error> for WaitError {
    fn from(e: crate::api::Error) -> Self {
        Self::Api(Box::new(e))
    }
}

/// Polls `resource` until it is no longer transitioning and its state is one of `targets`
/// (any state when `targets` is empty). `timeout` of zero waits forever.
///
/// # Errors
/// The transition failed, reached another state, or took longer than `timeout`.
pub(crate) async fn until_settled<R: Resource + DeserializeOwned>(
    client: &Client,
    resource: R,
    targets: &[State],
    timeout: Duration,
) -> Result<R, WaitError> {
    let start = Instant::now();
    // Most transitions take a fraction of a second: look again soon, then back off.
    let mut delay = Duration::from_millis(25);
    let mut current = resource;
    loop {
        let transitioning = Transitioning::from(current.transitioning_str().unwrap_or_default());
        let state = State::from(current.state_str().unwrap_or_default());
        let what = describe(&current);
        let message = || current.transitioning_message().unwrap_or_default().to_owned();
        match transitioning {
            Transitioning::Error => {
                return Err(WaitError::Failed { what, state: state.to_string(), message: message() });
            }
            Transitioning::Yes => {}
            _ if targets.is_empty() || targets.contains(&state) => return Ok(current),
            _ if state.is_failure() => {
                return Err(WaitError::Failed { what, state: state.to_string(), message: message() });
            }
            _ => {}
        }
        if !timeout.is_zero() && start.elapsed() >= timeout {
            let message = current.transitioning_message().map(str::to_owned);
            let state = state.to_string();
            return Err(WaitError::Timeout { what, seconds: timeout.as_secs(), state, message });
        }
        tokio::time::sleep(delay).await;
        if crate::interrupt::requested() {
            return Err(WaitError::Interrupted);
        }
        delay = (delay * 3 / 2).min(Duration::from_secs(1));
        current = client.reload(&current).await?;
    }
}

/// `service `web``: the resource's type and name, for messages.
pub(super) fn describe<R: Resource>(resource: &R) -> String {
    let kind = resource.kind().unwrap_or("resource");
    match resource.name() {
        Some(name) => format!("{kind} `{name}`"),
        None => kind.to_owned(),
    }
}
