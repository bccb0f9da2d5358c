//! The process environment, read once. Every variable the tool itself looks at is named here;
//! the whole snapshot is also the last source of interpolation values.

use std::collections::HashMap;

/// `NO_COLOR`: any value turns colour off (no-color.org).
pub(crate) const NO_COLOR: &str = "NO_COLOR";

/// A snapshot of the environment.
#[derive(Debug, Clone, Default)]
pub struct Env {
    vars: HashMap<String, String>,
}

impl Env {
    /// Reads the process environment (variables that are not valid UTF-8 are skipped).
    #[must_use]
    pub fn capture() -> Self {
        Self {
            vars: std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
                .collect(),
        }
    }

    #[cfg(test)]
    #[must_use]
    pub(crate) fn from_map(vars: HashMap<String, String>) -> Self {
        Self { vars }
    }

    #[must_use]
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }

    /// All variables, for interpolation.
    #[must_use]
    pub fn vars(&self) -> &HashMap<String, String> {
        &self.vars
    }
}
