//! `--bindings-file`: a JSON document whose per-service `labels` and `ports` replace the compose
//! file's (applied after interpolation, before validation, as in 0.12).

use std::path::Path;

use indexmap::IndexMap;
use serde::Deserialize;
use serde_yaml::{Mapping, Value};

use super::error::Error;
use super::source::Location;

#[derive(Debug, Default, Deserialize)]
pub(super) struct Bindings {
    #[serde(default)]
    services: IndexMap<String, Binding>,
}

#[derive(Debug, Default, Deserialize)]
struct Binding {
    #[serde(default)]
    labels: IndexMap<String, String>,
    #[serde(default)]
    ports: Vec<String>,
}

impl Bindings {
    /// Reads a bindings file.
    ///
    /// # Errors
    /// The file cannot be read or is not valid bindings JSON.
    pub(super) fn read(path: &Path) -> Result<Self, Error> {
        let text = super::input::read_text(path).map_err(|e| Error::read(path, e))?;
        serde_json::from_str(&text).map_err(|e| Error::Invalid {
            location: Location { file: path.to_owned(), line: Some((e.line(), e.column())) },
            message: format!("invalid bindings file: {e}"),
            hint: Some(r#"expected {"services": {"<name>": {"labels": {...}, "ports": [...]}}}"#.into()),
        })
    }

    /// Replaces `labels` and `ports` of `service` where the bindings give non-empty ones.
    pub(super) fn apply(&self, service: &str, raw: &mut Mapping) {
        let Some(binding) = self.services.get(service) else {
            return;
        };
        if !binding.labels.is_empty() {
            let labels = binding
                .labels
                .iter()
                .map(|(k, v)| (Value::from(k.as_str()), Value::from(v.as_str())))
                .collect();
            raw.insert("labels".into(), Value::Mapping(labels));
        }
        if !binding.ports.is_empty() {
            let ports = binding.ports.iter().map(|p| Value::from(p.as_str())).collect();
            raw.insert("ports".into(), Value::Sequence(ports));
        }
    }
}
