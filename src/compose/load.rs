//! Loading a whole project: the compose files in `-f` order (each through the per-file
//! pipeline, then `extends`, then merged), the Rancher options (rancher-compose.yml, or the
//! compose files themselves when it is absent, as 0.12 does), the catalog section, and the
//! checks that need every service.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde_yaml::{Mapping, Value};

use super::bindings::Bindings;
use super::catalog_section::{self, Catalog};
use super::error::{Error, Warning};
use super::extends::{self, FileSet};
use super::file::{self, Format, LoadState};
use super::input::{self, ReadError};
use super::keys::{self, RancherFileKey};
use super::merge::Definition;
use super::rancher::RancherService;
use super::source::{Location, Seg, Source, display_path};
use super::variables::Variables;
use super::{Project, ProjectService, project_name};

/// Everything the loader needs to know, already resolved from flags and environment.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Compose files in order; `-` is standard input.
    pub files: Vec<PathBuf>,
    pub project_name: Option<String>,
    pub rancher_file: Option<PathBuf>,
    pub env_files: Vec<PathBuf>,
    pub bindings_file: Option<PathBuf>,
    /// The directory relative paths resolve against.
    pub working_dir: PathBuf,
    /// A light read, for commands that act on a deployed stack and need only its name and the
    /// services' names, sidekicks, links and balancer targets: a required variable that is
    /// unset (`${VAR:?}`) expands to nothing instead of failing, and the checks across
    /// services are skipped.
    pub lenient: bool,
}

/// A loaded project, the variable sources it was interpolated with, and the warnings met on
/// the way.
#[derive(Debug)]
pub struct Loaded {
    pub project: Project,
    pub variables: Variables,
    pub warnings: Vec<Warning>,
}

/// The default compose files: `docker-compose.yml`, plus `docker-compose.override.yml` when it
/// exists.
#[must_use]
pub(crate) fn default_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = vec![PathBuf::from("docker-compose.yml")];
    if dir.join("docker-compose.override.yml").is_file() {
        files.push(PathBuf::from("docker-compose.override.yml"));
    }
    files
}

/// Loads, merges, interpolates and validates a project without templates or catalog answers
/// (the CLI loads through [`crate::catalog::Session`]; tests load plain files with this).
///
/// # Errors
/// The first problem found, with its file and position.
#[cfg(test)]
pub(crate) fn load(
    opts: &LoadOptions,
    environment: HashMap<String, String>,
    read_stdin: &mut ReadStdin<'_>,
) -> Result<Loaded, Error> {
    let mut vars = Variables::new(environment);
    for path in &opts.env_files {
        vars.add_env_file_at(&opts.working_dir.join(path), path)?;
    }
    load_prepared(opts, vars, read_stdin, &mut |_, text| Ok(text))
}

/// Reads standard input for `-f -` (the CLI passes [`super::input::read_stdin`]).
pub(crate) type ReadStdin<'a> = dyn FnMut() -> Result<String, ReadError> + 'a;

/// Turns the text of a file (named as the user wrote it) into what is parsed: the catalog's
/// Go-template rendering hooks in here.
pub(crate) type Render<'a> = dyn FnMut(&Path, String) -> Result<String, Error> + 'a;

/// [`load`] with variable sources already gathered by the caller (`opts.env_files` is not
/// read again) and every file's text passed through `render` before parsing.
///
/// # Errors
/// The first problem found, with its file and position.
pub(crate) fn load_prepared(
    opts: &LoadOptions,
    mut vars: Variables,
    read_stdin: &mut ReadStdin<'_>,
    render: &mut Render<'_>,
) -> Result<Loaded, Error> {
    let mut warnings = Vec::new();
    let bindings = match &opts.bindings_file {
        Some(path) => Some(Bindings::read(&opts.working_dir.join(path))?),
        None => None,
    };

    // Parse everything first: the catalog questions (in rancher-compose.yml, or in the first
    // compose file without one) supply the defaults for interpolating every file.
    let mut compose_sources = Vec::new();
    for path in &opts.files {
        let mut source = read_source(path, &opts.working_dir, read_stdin)?;
        source.text = render(&source.path, std::mem::take(&mut source.text))?;
        let key = if path.as_os_str() == "-" {
            PathBuf::from("-")
        } else {
            extends::identity(&opts.working_dir.join(path))
        };
        compose_sources.push((key, source));
    }
    // Shown as the user would write it; read relative to the working directory.
    let rancher_path = rancher_file_path(opts);
    let rancher_source = read_rancher_source(&rancher_path, &opts.working_dir, render)?;
    let mut parsed = parse_all(compose_sources.iter().map(|(_, s)| s).chain(&rancher_source)).into_iter();
    let mut compose_docs = Vec::new();
    for (key, source) in compose_sources {
        let (doc, mut found) = parsed.next().unwrap_or_else(|| Ok((Value::Null, Vec::new())))?;
        warnings.append(&mut found);
        compose_docs.push((key, source, doc));
    }
    let rancher = match rancher_source {
        Some(source) => {
            let (doc, mut found) = parsed.next().unwrap_or_else(|| Ok((Value::Null, Vec::new())))?;
            warnings.append(&mut found);
            Some((source, doc))
        }
        None => None,
    };
    let catalog_home = match &rancher {
        Some((source, doc)) => Some((source, doc)),
        None => compose_docs.first().map(|(_, source, doc)| (source, doc)),
    };
    let catalog =
        match catalog_home.and_then(|(s, d)| catalog_section::find_section(d).map(|(k, v)| (s, k, v))) {
            Some((source, key, value)) => Some(parse_catalog(value.clone(), catalog_path(key), source)?),
            None => None,
        };
    if let Some(catalog) = &catalog {
        vars.set_defaults(
            catalog.questions.iter().filter_map(|q| Some((q.variable.clone(), q.default.clone()?))).collect(),
        );
    }

    let mut session = LoadState {
        vars: &vars,
        bindings: bindings.as_ref(),
        sources: Vec::new(),
        warnings,
        unset: IndexMap::new(),
        interpolated_bytes: 0,
        lenient: opts.lenient,
    };
    let mut set = FileSet::default();
    let mut inputs = Vec::new();
    for (key, source, doc) in compose_docs {
        let file = file::read_parsed(source, doc, &mut session)?;
        inputs.push(set.add(key, file));
    }
    // The Rancher options first, so their parsed tree is freed before the merge.
    let rancher_services = match rancher {
        Some((source, doc)) => Some(rancher_services(source, doc, &mut session)?),
        None => None,
    };
    let (services, origins) = merge_files(&mut set, &mut session, &inputs)?;
    if let (Some(bindings), Some(path)) = (&bindings, &opts.bindings_file) {
        let names: Vec<&str> = services.keys().map(String::as_str).collect();
        for message in bindings.unused(&names) {
            let location = Some(Location { file: path.clone(), line: None });
            session.warnings.push(Warning { location, message });
        }
    }
    if services.len() > crate::limits::MAX_SERVICES {
        let first = inputs.first().map(|i| session.sources[set.files[*i].source_id].path.clone());
        return Err(file::too_many_services(Location { file: first.unwrap_or_default(), line: None }));
    }

    let mut project = Project {
        name: stack_name(opts),
        files: inputs.iter().map(|i| session.sources[set.files[*i].source_id].path.clone()).collect(),
        rancher_file: rancher_services.as_ref().map(|_| rancher_path.clone()),
        format: inputs.last().map_or(Format::V1, |i| set.files[*i].format),
        catalog,
        ..Project::default()
    };
    for idx in &inputs {
        let file = &set.files[*idx];
        project.volumes.extend(file.volumes.clone());
        project.networks.extend(file.networks.clone());
    }
    if rancher_services.is_some() {
        warn_ignored_rancher_keys(&services, &origins, &rancher_path, &mut session);
    }
    let from_rancher_file = rancher_services.is_some();
    let rancher_services = rancher_services.unwrap_or_default();
    for (name, definition) in services {
        let rancher = if from_rancher_file {
            rancher_services.get(&name).cloned().unwrap_or_default()
        } else {
            definition.rancher
        };
        project.services.insert(name, ProjectService { compose: definition.compose, rancher });
    }
    for name in rancher_services.keys().filter(|n| !project.services.contains_key(*n)) {
        session.warnings.push(Warning {
            location: Some(Location { file: rancher_path.clone(), line: None }),
            message: format!(
                "`{name}` is configured here but is not a service of the compose files; it is ignored"
            ),
        });
    }

    let all_v1 = inputs.iter().all(|i| set.files[*i].format == Format::V1);
    let checked = if opts.lenient { Ok(()) } else { super::validate::project(&project, all_v1) };
    checked.map_err(|(service, key, message, hint)| {
        let location = origins.get(&service).map_or_else(
            || Location { file: project.files.first().cloned().unwrap_or_default(), line: None },
            |(src, path)| {
                let mut at = path.clone();
                at.extend(key.map(Seg::Key));
                session.locate(*src, &at)
            },
        );
        Error::Invalid { location, message, hint }
    })?;

    let mut warnings = unset_warnings(&session);
    warnings.append(&mut session.warnings);
    drop(session);
    Ok(Loaded { project, variables: vars, warnings })
}

/// The rancher-compose.yml a load uses (it may not exist): `-r`, else the one beside the first
/// compose file. Shown as the user would write it; read relative to the working directory.
#[must_use]
pub(crate) fn rancher_file_path(opts: &LoadOptions) -> PathBuf {
    opts.rancher_file.clone().unwrap_or_else(|| match opts.files.first() {
        Some(first) if first.as_os_str() != "-" => {
            first.parent().unwrap_or_else(|| Path::new("")).join("rancher-compose.yml")
        }
        _ => PathBuf::from("rancher-compose.yml"),
    })
}

/// The catalog section of one file's text (rancher-compose.yml, or the first compose file when
/// there is none), read exactly as [`load`] reads it; `None` when the file has none.
///
/// # Errors
/// The text is not valid YAML or the section is malformed.
pub(crate) fn read_catalog(path: &Path, text: String) -> Result<Option<Catalog>, Error> {
    // Most rancher-compose.yml files have no catalog section; don't parse a large one for nothing.
    if !text.contains("catalog") {
        return Ok(None);
    }
    let dir = path.parent().map_or_else(PathBuf::new, Path::to_path_buf);
    let source = Source::new(path.to_owned(), dir, text);
    let mut warnings = Vec::new();
    let doc = file::parse(&source, &mut warnings)?;
    match catalog_section::find_section(&doc) {
        Some((key, value)) => Ok(Some(parse_catalog(value.clone(), catalog_path(key), &source)?)),
        None => Ok(None),
    }
}

/// The stack name a load gives its project: `-p` (or `COMPOSE_PROJECT_NAME`), else the folder of
/// the first compose file, sanitised as 0.12 does. The files need not exist.
#[must_use]
pub(crate) fn stack_name(opts: &LoadOptions) -> String {
    project_name::resolve(opts.project_name.as_deref(), &first_dir(opts))
}

fn first_dir(opts: &LoadOptions) -> PathBuf {
    match opts.files.first() {
        Some(p) if p.as_os_str() != "-" => {
            let full = opts.working_dir.join(p);
            let dir = full.parent().map_or_else(|| opts.working_dir.clone(), Path::to_path_buf);
            std::path::absolute(&dir).unwrap_or(dir)
        }
        _ => std::path::absolute(&opts.working_dir).unwrap_or_else(|_| opts.working_dir.clone()),
    }
}

fn read_source(path: &Path, working_dir: &Path, read_stdin: &mut ReadStdin<'_>) -> Result<Source, Error> {
    if path.as_os_str() == "-" {
        let text = read_stdin().map_err(|e| Error::read(Path::new("<stdin>"), e))?;
        return Ok(Source::new("<stdin>".into(), working_dir.to_owned(), text));
    }
    let full = working_dir.join(path);
    let text = input::read_text(&full).map_err(|e| {
        if e.is_not_found() { Error::NotFound { path: path.to_owned() } } else { Error::read(path, e) }
    })?;
    let dir = full.parent().map_or_else(|| working_dir.to_owned(), Path::to_path_buf);
    Ok(Source::new(path.to_owned(), dir, text))
}

/// Service name → (source id, key path) of the file that last defined it.
type Origins = HashMap<String, (usize, Vec<Seg>)>;

fn merge_files(
    set: &mut FileSet,
    session: &mut LoadState<'_>,
    inputs: &[usize],
) -> Result<(IndexMap<String, Definition>, Origins), Error> {
    let mut services: IndexMap<String, Definition> = IndexMap::new();
    let mut origins = Origins::new();
    for &idx in inputs {
        let names: Vec<String> = set.files[idx].services.keys().cloned().collect();
        for name in names {
            let mut chain = vec![(idx, name.clone())];
            let definition = extends::resolve(set, session, idx, &name, &mut chain)?;
            let file = &set.files[idx];
            origins.insert(name.clone(), (file.source_id, extends::service_path(file, &name)));
            match services.get_mut(&name) {
                Some(existing) => existing.merge(definition),
                None => {
                    services.insert(name, definition);
                }
            }
        }
    }
    Ok((services, origins))
}

fn catalog_path(key: &str) -> Vec<Seg> {
    match key.strip_prefix("services.") {
        Some(rest) => vec![Seg::Key("services".into()), Seg::Key(rest.into())],
        None => vec![Seg::Key(key.into())],
    }
}

/// Reads rancher-compose.yml if it exists and is not empty (0.12: it then *replaces* the
/// Rancher keys of the compose files).
fn read_rancher_source(
    path: &Path,
    working_dir: &Path,
    render: &mut Render<'_>,
) -> Result<Option<Source>, Error> {
    let full = working_dir.join(path);
    let text = match input::read_text(&full) {
        Ok(text) => render(path, text)?,
        Err(e) if e.is_not_found() => return Ok(None),
        Err(e) => return Err(Error::read(path, e)),
    };
    if text.trim().is_empty() {
        return Ok(None);
    }
    let dir = full.parent().map_or_else(|| working_dir.to_owned(), Path::to_path_buf);
    Ok(Some(Source::new(path.to_owned(), dir, text)))
}

type ParseResult = Result<(Value, Vec<Warning>), Error>;

/// Parses the sources in parallel: on large projects parsing is most of the work, and the
/// files are independent.
fn parse_all<'a>(sources: impl Iterator<Item = &'a Source>) -> Vec<ParseResult> {
    let parse_one = |source: &Source| -> ParseResult {
        let mut warnings = Vec::new();
        let value = file::parse(source, &mut warnings)?;
        Ok((value, warnings))
    };
    let sources: Vec<&Source> = sources.collect();
    if sources.len() < 2 {
        return sources.into_iter().map(parse_one).collect();
    }
    // The first file is parsed on this thread, the others on their own.
    std::thread::scope(|scope| {
        let handles: Vec<_> = sources[1..].iter().map(|s| scope.spawn(move || parse_one(s))).collect();
        let mut results = vec![parse_one(sources[0])];
        results.extend(handles.into_iter().zip(&sources[1..]).map(|(h, s)| {
            h.join().unwrap_or_else(|_| {
                Err(Error::invalid(s.locate(&[]), "the YAML parser failed unexpectedly on this file"))
            })
        }));
        results
    })
}

/// The per-service Rancher options of a parsed rancher-compose.yml (v1 or v2 layout, found
/// independently of the compose files' format), interpolated and typed.
fn rancher_services(
    source: Source,
    doc: Value,
    session: &mut LoadState<'_>,
) -> Result<IndexMap<String, RancherService>, Error> {
    session.sources.push(source);
    let id = session.sources.len() - 1;
    let Value::Mapping(mut top) = doc else {
        return Err(Error::invalid(session.locate(id, &[]), "the top level must be a map of services"));
    };
    let v2 = top
        .get("version")
        .and_then(|v| super::shapes::scalar_text(v).and_then(Result::ok))
        .is_some_and(|v| v == "2" || v.starts_with("2."));
    let (section, base) = if v2 {
        check_v2_rancher_top(&top, id, session)?;
        match top.remove("services") {
            Some(Value::Mapping(m)) => (m, vec![Seg::Key("services".into())]),
            _ => (Mapping::new(), Vec::new()),
        }
    } else {
        for key in ["version", "catalog", ".catalog"] {
            top.remove(key);
        }
        (top, Vec::new())
    };
    let mut services = IndexMap::new();
    for (key, mut value) in section {
        let Some(name) = key.as_str().map(str::to_owned) else { continue };
        if name == ".catalog" {
            continue;
        }
        let mut path = base.clone();
        path.push(Seg::Key(name.clone()));
        file::interpolate_value(&mut value, &mut path, id, session)?;
        let mut options = match value {
            Value::Null => Mapping::new(),
            Value::Mapping(m) => m,
            _ => {
                return Err(Error::invalid(
                    session.locate(id, &path),
                    format!("`{name}` must be a map of Rancher options"),
                ));
            }
        };
        let source = &session.sources[id];
        drop_compose_keys(&name, &mut options, &path, source, &mut session.warnings)?;
        let options: RancherService = file::typed(Value::Mapping(options), &path, source)?;
        file::check_rancher_values(&name, &options, &path, source)?;
        services.insert(name, options);
    }
    Ok(services)
}

/// The top level of a version 2 rancher-compose.yml: `version`, `services`, the catalog
/// section and `x-` extension fields. A misspelt `services` (or a service written beside it) would leave every Rancher
/// option unused, so any other key is an error; docker-compose.yml's `volumes` and `networks`
/// are ignored with a warning, as docker-compose.yml keys of a service are.
fn check_v2_rancher_top(top: &Mapping, id: usize, session: &mut LoadState<'_>) -> Result<(), Error> {
    const TOP: [&str; 4] = ["version", "services", ".catalog", "catalog"];
    for key in top.keys() {
        let text = file::key_text(key);
        let at = session.locate(id, &[Seg::Key(text.clone())]);
        match text.as_str() {
            // Extension fields (`x-defaults: &defaults`), as docker compose allows them.
            t if TOP.contains(&t) || t.starts_with("x-") => {}
            "volumes" | "networks" => session.warnings.push(Warning {
                location: Some(at),
                message: format!(
                    "top-level `{text}` belongs in docker-compose.yml; rancher-compose.yml does not use it, so it is ignored"
                ),
            }),
            _ => {
                let hint = match keys::closest(&text, TOP.into_iter()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "a version 2 rancher-compose.yml has `version`, `services` and `.catalog` at the top; a service's options go under `services:`".to_owned(),
                };
                return Err(Error::Invalid {
                    location: at,
                    message: format!("unknown top-level key `{text}` in a version 2 rancher-compose.yml"),
                    hint: Some(hint),
                });
            }
        }
    }
    Ok(())
}

/// Keeps only the Rancher options of a rancher-compose.yml service: docker-compose.yml keys
/// are dropped with a warning (0.12 ignored them; catalogs have some), and any other key is an
/// error, as an unknown key in docker-compose.yml is.
fn drop_compose_keys(
    name: &str,
    options: &mut Mapping,
    path: &[Seg],
    source: &Source,
    warnings: &mut Vec<Warning>,
) -> Result<(), Error> {
    let mut compose_keys = Vec::new();
    for key in options.keys() {
        let text = file::key_text(key);
        let text = text.as_str();
        let at = || source.locate(&[path, &[Seg::Key(text.to_owned())]].concat());
        match keys::classify_in_rancher_file(text) {
            RancherFileKey::Rancher => {}
            RancherFileKey::Compose => {
                warnings.push(Warning {
                    location: Some(at()),
                    message: format!(
                        "service `{name}`: `{text}` belongs in docker-compose.yml; rancher-compose.yml does not use it, so it is ignored"
                    ),
                });
                compose_keys.push(key.clone());
            }
            RancherFileKey::Unknown => {
                return Err(Error::Invalid {
                    location: at(),
                    message: format!("service `{name}`: unknown key `{text}`"),
                    hint: Some(match keys::suggest_in_rancher_file(text) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!(
                            "rancher-compose.yml takes the Rancher options: {}",
                            keys::RANCHER.join(", ")
                        ),
                    }),
                });
            }
        }
    }
    for key in compose_keys {
        options.shift_remove(&key);
    }
    Ok(())
}

/// (question index, default as written, (option index, option as written))
type ExactText = (usize, Option<String>, Vec<(usize, String)>);

fn parse_catalog(value: Value, path: Vec<Seg>, source: &Source) -> Result<Catalog, Error> {
    // Non-string defaults and options are re-read as written, so `1.10` does not become `1.1`.
    let questions = value.get("questions").and_then(Value::as_sequence);
    let mut exact: Vec<ExactText> = Vec::new();
    for (i, q) in questions.into_iter().flatten().enumerate() {
        let mut at = path.clone();
        at.extend([Seg::Key("questions".into()), Seg::Index(i)]);
        let default = q
            .get("default")
            .filter(|d| d.is_number() || d.is_bool())
            .and_then(|_| source.scalar_text(&[at.as_slice(), &[Seg::Key("default".into())]].concat()));
        let options = q.get("options").and_then(Value::as_sequence).into_iter().flatten().enumerate();
        let options = options
            .filter(|(_, o)| o.is_number() || o.is_bool())
            .filter_map(|(j, _)| {
                let p = [at.as_slice(), &[Seg::Key("options".into()), Seg::Index(j)]].concat();
                source.scalar_text(&p).map(|t| (j, t))
            })
            .collect();
        exact.push((i, default, options));
    }
    // Unknown catalog keys are common in real catalogs (typos included) and Rancher ignores them.
    let mut catalog: Catalog = file::typed(value, &path, source)?;
    for (i, default, options) in exact {
        let Some(question) = catalog.questions.get_mut(i) else { continue };
        if default.is_some() {
            question.default = default;
        }
        for (j, text) in options {
            if let Some(slot) = question.options.get_mut(j) {
                *slot = text;
            }
        }
    }
    Ok(catalog)
}

fn warn_ignored_rancher_keys(
    services: &IndexMap<String, Definition>,
    origins: &Origins,
    rancher_path: &Path,
    session: &mut LoadState<'_>,
) {
    for (name, definition) in services {
        if definition.rancher == RancherService::default() {
            continue;
        }
        // Which keys were set: the serialised form omits the unset ones.
        let set_keys = serde_yaml::to_value(&definition.rancher).unwrap_or_default();
        let ignored: Vec<&str> =
            set_keys.as_mapping().into_iter().flat_map(|m| m.keys()).filter_map(Value::as_str).collect();
        let location = origins.get(name).map(|(src, path)| session.locate(*src, path));
        session.warnings.push(Warning {
            location,
            message: format!(
                "service `{name}`: {} ignored because `{}` exists and replaces the Rancher options of the compose files",
                ignored.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                    + if ignored.len() == 1 { " is" } else { " are" },
                rancher_path.display()
            ),
        });
    }
}

const MAX_PLACES: usize = 5;

fn unset_warnings(session: &LoadState<'_>) -> Vec<Warning> {
    session
        .unset
        .iter()
        .map(|(name, places)| {
            let mut shown: Vec<String> = places
                .iter()
                .take(MAX_PLACES)
                .map(|(src, path)| format!("{} ({})", session.locate(*src, path), display_path(path)))
                .collect();
            if places.len() > MAX_PLACES {
                shown.push(format!("and {} more", places.len() - MAX_PLACES));
            }
            Warning {
                location: None,
                message: format!(
                    "variable `{name}` is not set; substituting an empty string. Used at: {}",
                    shown.join(", ")
                ),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lenient_load_reads_past_unset_required_variables() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let compose = "web:\n  image: nginx:${TAG:?set TAG}\n  links: [db]\n  ports: ['${PORT:?}:80']\ndb:\n  image: postgres\n";
        std::fs::write(dir.path().join("docker-compose.yml"), compose).expect("compose file");
        let mut opts = LoadOptions {
            files: vec!["docker-compose.yml".into()],
            project_name: Some("Shop".into()),
            working_dir: dir.path().to_owned(),
            ..LoadOptions::default()
        };
        let strict = load(&opts, HashMap::new(), &mut || Ok(String::new()));
        assert!(matches!(strict, Err(Error::Interpolation { .. })), "{strict:?}");
        opts.lenient = true;
        let loaded = load(&opts, HashMap::new(), &mut || Ok(String::new())).expect("a lenient load");
        let project = loaded.project;
        assert_eq!(project.name, "shop");
        assert_eq!(project.services["web"].compose.link_targets().collect::<Vec<_>>(), ["db"]);
        assert_eq!(project.services["web"].compose.image.as_deref(), Some("nginx:"));
        assert_eq!(stack_name(&opts), "shop");
    }

    #[test]
    fn a_version_2_rancher_file_takes_extension_fields_and_refuses_a_misspelt_services() {
        let dir = tempfile::tempdir().expect("temporary folder");
        std::fs::write(
            dir.path().join("docker-compose.yml"),
            "version: '2'\nservices:\n  web:\n    image: nginx\n",
        )
        .expect("compose file");
        let opts = LoadOptions {
            files: vec!["docker-compose.yml".into()],
            project_name: Some("shop".into()),
            working_dir: dir.path().to_owned(),
            ..LoadOptions::default()
        };
        let rancher = "version: '2'\nx-defaults: &defaults\n  scale: 3\nservices:\n  web: *defaults\n";
        std::fs::write(dir.path().join("rancher-compose.yml"), rancher).expect("rancher file");
        let loaded = load(&opts, HashMap::new(), &mut || Ok(String::new())).expect("extension fields load");
        assert_eq!(loaded.project.services["web"].rancher.scale, Some(3));
        std::fs::write(
            dir.path().join("rancher-compose.yml"),
            "version: '2'\nservics:\n  web:\n    scale: 3\n",
        )
        .expect("rancher file");
        let err = load(&opts, HashMap::new(), &mut || Ok(String::new())).expect_err("a misspelt key");
        assert!(err.to_string().contains("unknown top-level key `servics`"), "{err}");
    }
}
