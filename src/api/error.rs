//! API errors: the server's own error body (status, code, message, field) kept as data, and
//! transport failures, each with a hint on what to check.

/// An API failure.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The server answered with an error document (or a non-success status).
    #[error("{method} {url}: the server answered {status} {code}{}{}", message.as_deref().map(|m| format!(": {m}")).unwrap_or_default(), field_name.as_deref().map(|f| format!(" (field `{f}`)")).unwrap_or_default())]
    Api {
        method: String,
        url: String,
        status: u16,
        code: String,
        message: Option<String>,
        field_name: Option<String>,
    },
    /// The server could not be reached, or the connection broke.
    #[error("{method} {url}: {reason}")]
    Transport { method: String, url: String, reason: String },
    /// No answer within the request timeout (`waited`: how long, as `10 s`).
    #[error("{method} {url}: no answer within {waited}")]
    Timeout { method: String, url: String, waited: String },
    /// The server asks for API keys and none were given.
    #[error("{method} {url}: the server needs API keys, and none were given")]
    KeysNeeded { method: String, url: String },
    /// The answer was not the JSON we expected.
    #[error("{url}: unexpected answer: {reason}")]
    Decode { url: String, reason: String },
    /// The server lacks a type, method or action the run needs.
    #[error("this server lacks {what}")]
    Missing { what: String },
    /// The `--url` value is unusable.
    #[error("{message}")]
    Url { message: String, hint: Option<String> },
}

impl Error {
    /// What the user can do about it.
    #[must_use]
    pub fn hint(&self) -> Option<String> {
        match self {
            Self::Api { status: 401, .. } => Some(
                "check --access-key/--secret-key (RANCHER_ACCESS_KEY/RANCHER_SECRET_KEY): the server refused them".into(),
            ),
            Self::KeysNeeded { .. } => Some(
                "give --access-key and --secret-key (RANCHER_ACCESS_KEY and RANCHER_SECRET_KEY), or a URL with them (http://KEY:SECRET@host:8080)".into(),
            ),
            Self::Url { hint, .. } => hint.clone(),
            Self::Api { status: 403, .. } => Some("the API key is not allowed to do this in this environment".into()),
            Self::Api { status: 404, .. } => {
                Some("check --url (RANCHER_URL): it should be the server address, optionally with /v2-beta/projects/<id>".into())
            }
            Self::Transport { .. } | Self::Timeout { .. } => {
                Some("check that the Rancher server is running and that --url (RANCHER_URL) points at it".into())
            }
            Self::Missing { .. } => Some("this needs a Rancher 1.6 server (API v2-beta)".into()),
            _ => None,
        }
    }

    /// Whether retrying the same idempotent request may succeed.
    #[must_use]
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Transport { .. } | Self::Timeout { .. } => true,
            Self::Api { status, .. } => matches!(status, 502..=504),
            _ => false,
        }
    }
}
