//! What can go wrong while loading a project, each error with the file (and line and column
//! where there is one) it is about, plus optional hints for the user.

use std::path::{Path, PathBuf};

use super::input::ReadError;
use super::interpolate::InterpolationError;
use super::source::Location;

/// A loading error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read `{}`: {source}", path.display())]
    Read { path: PathBuf, source: ReadError },
    #[error("compose file `{}` does not exist", path.display())]
    NotFound { path: PathBuf },
    #[error("{location}: invalid YAML: {message}")]
    Syntax { location: Location, message: String },
    #[error("{location}: {message}")]
    Invalid { location: Location, message: String, hint: Option<String> },
    #[error("{location}: in `{key}`: {problem}")]
    Interpolation { location: Location, key: String, problem: InterpolationError },
    #[error("{}:{line}: {message}", path.display())]
    EnvFile { path: PathBuf, line: usize, message: String },
    #[error("{location}: `extends` cycle: {}", chain.join(" -> "))]
    ExtendsCycle { location: Location, chain: Vec<String> },
}

impl Error {
    /// A short suggestion of what to do, shown after the message.
    #[must_use]
    pub fn hint(&self) -> Option<String> {
        match self {
            Self::Invalid { hint, .. } => hint.clone(),
            Self::NotFound { .. } => Some(
                "name the compose file with `-f FILE` (or COMPOSE_FILE), or run from the directory that holds docker-compose.yml"
                    .to_owned(),
            ),
            Self::Interpolation { problem: InterpolationError::Syntax { .. }, .. } => {
                Some("use `$$` for a literal dollar sign".to_owned())
            }
            _ => None,
        }
    }

    pub(crate) fn invalid(location: Location, message: impl Into<String>) -> Self {
        Self::Invalid { location, message: message.into(), hint: None }
    }

    /// A file that could not be read, shown as `path`; text that is not UTF-8 is pointed at.
    pub(crate) fn read(path: &Path, source: ReadError) -> Self {
        match source.position() {
            Some(line) => {
                Self::invalid(Location { file: path.to_owned(), line: Some(line) }, source.to_string())
            }
            None => Self::Read { path: path.to_owned(), source },
        }
    }
}

/// Something worth telling the user that does not stop the load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub location: Option<Location>,
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.location {
            Some(loc) => write!(f, "{loc}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}
