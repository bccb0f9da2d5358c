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
    /// Keys 0.12 ignored; reported as warnings.
    #[serde(flatten)]
    other: IndexMap<String, serde_json::Value>,
}

#[derive(Debug, Default, Deserialize)]
struct Binding {
    #[serde(default)]
    labels: IndexMap<String, String>,
    #[serde(default)]
    ports: Vec<String>,
    #[serde(flatten)]
    other: IndexMap<String, serde_json::Value>,
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

    /// What the bindings give that nothing uses (0.12 ignored it silently): keys other than
    /// `services`, `labels` and `ports`, and services not in `services`, with the
    /// closest service name.
    pub(super) fn unused(&self, services: &[&str]) -> Vec<String> {
        let mut out: Vec<String> = self
            .other
            .keys()
            .map(|k| format!("`{k}` is not a bindings key (only `services`); ignored"))
            .collect();
        for (name, binding) in &self.services {
            if !services.contains(&name.as_str()) {
                let hint = super::keys::closest(name, services.iter().copied())
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                out.push(format!(
                    "`{name}` is not a service of the project, so its bindings are ignored{hint}"
                ));
            }
            out.extend(binding.other.keys().map(|k| {
                format!("service `{name}`: `{k}` is not a bindings key (only `labels` and `ports`); ignored")
            }));
        }
        out
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

#[cfg(test)]
mod unused_tests {
    use super::*;

    #[test]
    fn misspelt_services_and_keys_are_reported() {
        let bindings: Bindings = serde_json::from_str(
            r#"{"services": {"db": {"labels": {"a": "b"}}, "web": {"lables": {"x": "y"}}}, "service": {}}"#,
        )
        .unwrap();
        assert_eq!(
            bindings.unused(&["web", "db2"]),
            [
                "`service` is not a bindings key (only `services`); ignored",
                "`db` is not a service of the project, so its bindings are ignored; did you mean `db2`?",
                "service `web`: `lables` is not a bindings key (only `labels` and `ports`); ignored",
            ]
        );
        assert!(bindings.unused(&["web", "db"]).len() == 2);
    }
}
