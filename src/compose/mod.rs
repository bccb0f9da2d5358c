//! The compose model and its loader: docker-compose.yml (v1 and v2) plus rancher-compose.yml,
//! merged, interpolated and validated into one [`Project`]. Pure apart from reading files.

mod bindings;
pub(crate) mod catalog_section;
pub(crate) mod envfile;
mod error;
mod extends;
mod file;
pub(crate) mod input;
pub(crate) mod interpolate;
mod keys;
mod load;
mod merge;
pub(crate) mod project_name;
pub(crate) mod rancher;
pub(crate) mod service;
mod shapes;
pub(crate) mod source;
mod tree;
mod validate;
pub(crate) mod variables;

use indexmap::IndexMap;
use serde::Serialize;
use serde_yaml::Value;
use std::path::PathBuf;

pub(crate) use catalog_section::{Catalog, Question};
pub(crate) use error::Error;
pub(crate) use file::Format;
#[cfg(test)]
pub(crate) use load::load;
pub use load::{LoadOptions, Loaded};
pub(crate) use load::{ReadStdin, default_files, load_prepared, rancher_file_path, read_catalog, stack_name};
pub(crate) use rancher::RancherService;
pub(crate) use service::Service;

/// The label that lists a service's sidekicks.
pub const SIDEKICKS_LABEL: &str = "io.rancher.sidekicks";

/// A fully loaded project.
#[derive(Debug, Clone, Default)]
pub struct Project {
    /// The sanitised stack name.
    pub name: String,
    /// The compose files, in order.
    pub files: Vec<PathBuf>,
    /// The rancher-compose.yml in use, if one exists.
    pub rancher_file: Option<PathBuf>,
    /// The format of the last compose file.
    pub format: Format,
    pub services: IndexMap<String, ProjectService>,
    pub volumes: IndexMap<String, Value>,
    pub networks: IndexMap<String, Value>,
    pub catalog: Option<Catalog>,
}

/// One service: its compose configuration and its Rancher options.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProjectService {
    pub compose: Service,
    pub rancher: RancherService,
}

impl ProjectService {
    /// An empty entry (`redis:` with nothing under it) names a service that exists on the
    /// server without defining it: `upgrade FROM TO` takes FROM from there, `up` leaves it as
    /// it is. (0.12.5 accepted such an entry for FROM.)
    #[must_use]
    pub fn is_reference(&self) -> bool {
        self.compose == Service::default()
    }

    /// Sidekick names from the `io.rancher.sidekicks` label, in order.
    #[must_use]
    pub fn sidekicks(&self) -> Vec<&str> {
        self.compose
            .labels
            .get(SIDEKICKS_LABEL)
            .map(|v| v.split(',').map(str::trim).filter(|s| !s.is_empty()).collect())
            .unwrap_or_default()
    }
}

/// The resolved project as `config` prints it: a valid version 2 compose document plus the
/// effective Rancher options and catalog section.
#[derive(Debug, Serialize)]
pub struct ConfigView<'a> {
    pub name: &'a str,
    pub version: &'static str,
    pub services: IndexMap<&'a str, &'a Service>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub volumes: &'a IndexMap<String, Value>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub networks: &'a IndexMap<String, Value>,
    pub rancher: RancherView<'a>,
}

/// The Rancher half of [`ConfigView`].
#[derive(Debug, Serialize)]
pub struct RancherView<'a> {
    /// The file the options came from.
    pub file: String,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub services: IndexMap<&'a str, &'a RancherService>,
    #[serde(rename = ".catalog", skip_serializing_if = "Option::is_none")]
    pub catalog: Option<&'a Catalog>,
}

impl Project {
    /// The view `config` prints.
    #[must_use]
    pub fn config_view(&self) -> ConfigView<'_> {
        let file = match &self.rancher_file {
            Some(path) => path.display().to_string(),
            None => self.files.first().map_or_else(String::new, |p| p.display().to_string()),
        };
        ConfigView {
            name: &self.name,
            version: "2",
            services: self.services.iter().map(|(k, v)| (k.as_str(), &v.compose)).collect(),
            volumes: &self.volumes,
            networks: &self.networks,
            rancher: RancherView {
                file,
                services: self
                    .services
                    .iter()
                    .filter(|(_, v)| v.rancher != RancherService::default())
                    .map(|(k, v)| (k.as_str(), &v.rancher))
                    .collect(),
                catalog: self.catalog.as_ref(),
            },
        }
    }
}
