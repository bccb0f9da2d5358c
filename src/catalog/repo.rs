//! A catalog template folder (`<base>/<template>/` with `config.yml` and one folder per
//! version), choosing the version to deploy, and the `externalId` Rancher records for it.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::template;
use crate::compose::input::{self, ReadError};
use crate::compose::source::Source;

/// A template folder that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum RepoError {
    #[error("`{}` is not a catalog template folder: {why}", path.display())]
    NotATemplate { path: PathBuf, why: String },
    #[error("cannot read `{}`: {source}", path.display())]
    Read { path: PathBuf, source: ReadError },
    #[error("{}: invalid YAML: {message}", path.display())]
    Config { path: PathBuf, message: String },
    #[error("template `{template}` has no version `{wanted}`; it has: {}", available.join(", "))]
    NoSuchVersion { template: String, wanted: String, available: Vec<String> },
}

/// `config.yml`: the template metadata (unknown keys ignored, as the catalog service does).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TemplateConfig {
    #[serde(deserialize_with = "text")]
    pub name: Option<String>,
    #[serde(deserialize_with = "text")]
    pub description: Option<String>,
    /// The default version (matched against each version's `.catalog.version`).
    #[serde(deserialize_with = "text")]
    pub version: Option<String>,
    #[serde(deserialize_with = "text")]
    pub category: Option<String>,
}

fn text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match serde_yaml::Value::deserialize(d)? {
        serde_yaml::Value::String(s) => Some(s),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    })
}

/// One version folder.
#[derive(Debug, Clone)]
pub struct Version {
    /// The folder name: a revision number in every real catalog.
    pub folder: String,
    pub dir: PathBuf,
    /// `docker-compose.yml`, else `docker-compose.yml.tpl`.
    pub compose_file: PathBuf,
    pub rancher_file: Option<PathBuf>,
    /// `.catalog.version` of its rancher-compose.yml.
    pub version: Option<String>,
}

impl Version {
    fn revision(&self) -> Option<u64> {
        self.folder.parse().ok()
    }
}

/// A template folder and its versions, sorted by revision.
#[derive(Debug, Clone)]
pub struct Template {
    pub dir: PathBuf,
    /// The folder name, e.g. `jenkins`.
    pub folder: String,
    /// `infra` for `infra-templates/…`; `None` for `templates/…`.
    pub base: Option<String>,
    pub config: TemplateConfig,
    pub versions: Vec<Version>,
}

/// Opens a template folder.
///
/// # Errors
/// No `config.yml` or no version folder with a compose file, or unreadable files.
pub fn open(dir: &Path) -> Result<Template, RepoError> {
    let not = |why: &str| RepoError::NotATemplate { path: dir.to_owned(), why: why.to_owned() };
    let config_path = dir.join("config.yml");
    if !config_path.is_file() {
        return Err(not("it has no config.yml"));
    }
    let text = read(&config_path)?;
    let config: TemplateConfig = if text.trim().is_empty() {
        TemplateConfig::default()
    } else {
        let config_error = |message: String| RepoError::Config { path: config_path.clone(), message };
        let source = Source::new(config_path.clone(), dir.to_owned(), text);
        let parsed = source.parse().map_err(|e| match e.location.line {
            Some((line, column)) => config_error(format!("{} (line {line}, column {column})", e.message)),
            None => config_error(e.message),
        })?;
        serde_yaml::from_value(parsed.value).map_err(|e| config_error(e.to_string()))?
    };
    let entries = std::fs::read_dir(dir)
        .map_err(|source| RepoError::Read { path: dir.to_owned(), source: source.into() })?;
    let mut versions = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.is_dir() {
            continue;
        }
        let compose_file = ["docker-compose.yml", "docker-compose.yml.tpl"]
            .iter()
            .map(|f| path.join(f))
            .find(|p| p.is_file());
        let Some(compose_file) = compose_file else { continue };
        let rancher_file = Some(path.join("rancher-compose.yml")).filter(|p| p.is_file());
        let version = match &rancher_file {
            Some(p) => catalog_version(p)?,
            None => None,
        };
        versions.push(Version {
            folder: entry.file_name().to_string_lossy().into_owned(),
            dir: path,
            compose_file,
            rancher_file,
            version,
        });
    }
    if versions.is_empty() {
        return Err(not("it has no version folder with a docker-compose.yml(.tpl)"));
    }
    versions.sort_by(|a, b| match (a.revision(), b.revision()) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.folder.cmp(&b.folder),
    });
    let abs = std::path::absolute(dir).unwrap_or_else(|_| dir.to_owned());
    let folder = abs.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    let base = abs
        .parent()
        .and_then(Path::file_name)
        .and_then(|b| b.to_str())
        .and_then(|b| b.strip_suffix("-templates"))
        .map(str::to_owned);
    Ok(Template { dir: dir.to_owned(), folder, base, config, versions })
}

fn read(path: &Path) -> Result<String, RepoError> {
    input::read_text(path).map_err(|source| RepoError::Read { path: path.to_owned(), source })
}

/// The `.catalog.version` of a rancher-compose.yml (rendered with no values first if it uses
/// template syntax); `None` when it has none or cannot be read as YAML.
fn catalog_version(path: &Path) -> Result<Option<String>, RepoError> {
    let text = read(path)?;
    let text = template::render(&text, &template::Data::default()).unwrap_or(text);
    Ok(crate::compose::read_catalog(path, text).ok().flatten().and_then(|c| c.version))
}

impl Template {
    /// The version to deploy: `wanted` (a folder/revision or a version string), else the
    /// `config.yml` default version, else the highest revision.
    ///
    /// # Errors
    /// `wanted` matches no version.
    pub fn choose(&self, wanted: Option<&str>) -> Result<&Version, RepoError> {
        if let Some(wanted) = wanted {
            return self
                .versions
                .iter()
                .find(|v| v.folder == wanted)
                .or_else(|| self.versions.iter().find(|v| v.version.as_deref() == Some(wanted)))
                .ok_or_else(|| RepoError::NoSuchVersion {
                    template: self.folder.clone(),
                    wanted: wanted.to_owned(),
                    available: self.versions.iter().map(Version::label).collect(),
                });
        }
        let default = self.config.version.as_deref();
        let found =
            default.and_then(|d| self.versions.iter().rev().find(|v| v.version.as_deref() == Some(d)));
        // `open` refuses templates without versions, so `last` exists.
        found.or_else(|| self.versions.last()).ok_or_else(|| RepoError::NoSuchVersion {
            template: self.folder.clone(),
            wanted: "default".to_owned(),
            available: Vec::new(),
        })
    }

    /// The template id: `<catalog>:<folder>` or `<catalog>:<base>*<folder>`.
    #[must_use]
    pub fn id(&self, catalog: &str) -> String {
        match &self.base {
            Some(base) => format!("{catalog}:{base}*{}", self.folder),
            None => format!("{catalog}:{}", self.folder),
        }
    }

    /// The stack `externalId` Rancher records for a deploy of `version`:
    /// `catalog://library:infra*ipsec:11`.
    #[must_use]
    pub fn external_id(&self, catalog: &str, version: &Version) -> String {
        format!("catalog://{}:{}", self.id(catalog), version.folder)
    }
}

impl Version {
    /// `3 (v1.2.0)` for listings.
    #[must_use]
    pub fn label(&self) -> String {
        match &self.version {
            Some(v) => format!("{} ({v})", self.folder),
            None => self.folder.clone(),
        }
    }
}
