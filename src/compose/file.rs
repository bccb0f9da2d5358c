//! Reading one compose file: parse it, find its format and sections, interpolate, apply
//! bindings, then check and normalise every service (keys, value types, `env_file`, bare
//! `environment` entries). The result is a map of normalised service definitions that the
//! loader merges across files and `extends`.

use indexmap::IndexMap;
use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

use super::bindings::Bindings;
use super::error::{Error, Warning};
use super::interpolate::{Interpolated, interpolate, interpolate_lenient};
use super::keys::{self, KeyClass};
use super::merge::Definition;
use super::rancher::RancherService;
use super::service::Service;
use super::source::{Location, Seg, Source, display_path};
use super::validate;
use super::variables::Variables;
use super::{envfile, input, shapes};
use crate::limits::{MAX_INTERPOLATED_BYTES, MAX_SERVICES, mib};

/// The two file layouts: v1 (services at the top) and v2 (`version: '2'` + `services:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub enum Format {
    #[default]
    V1,
    V2,
}

/// One compose file after the per-file pipeline.
#[derive(Debug)]
pub(crate) struct ComposeFile {
    pub source_id: usize,
    pub format: Format,
    pub services: IndexMap<String, Definition>,
    pub volumes: IndexMap<String, Value>,
    pub networks: IndexMap<String, Value>,
}

/// State shared by every file of one load: variables, bindings, sources and what to report.
pub(crate) struct LoadState<'a> {
    pub vars: &'a Variables,
    pub bindings: Option<&'a Bindings>,
    pub sources: Vec<Source>,
    pub warnings: Vec<Warning>,
    /// Unset variable name → the places (source, key path) that used it.
    pub unset: IndexMap<String, Vec<(usize, Vec<Seg>)>>,
    /// What interpolation has produced so far, held to [`MAX_INTERPOLATED_BYTES`].
    pub interpolated_bytes: usize,
    /// [`super::LoadOptions::lenient`]: a string that cannot be interpolated does not fail.
    pub lenient: bool,
}

impl LoadState<'_> {
    pub(super) fn locate(&self, source_id: usize, path: &[Seg]) -> Location {
        self.sources[source_id].locate(path)
    }
}

/// Runs the per-file pipeline on `source`, which the session takes ownership of.
pub(crate) fn read(source: Source, session: &mut LoadState<'_>) -> Result<ComposeFile, Error> {
    let doc = parse(&source, &mut session.warnings)?;
    read_parsed(source, doc, session)
}

/// Parses a source, reporting repeated keys (accepted, the last one winning) as warnings.
pub(crate) fn parse(source: &Source, warnings: &mut Vec<Warning>) -> Result<Value, Error> {
    let parsed = source.parse().map_err(|e| {
        if e.syntax {
            Error::Syntax { location: e.location, message: e.message }
        } else {
            Error::invalid(e.location, e.message)
        }
    })?;
    for (key, location) in parsed.duplicates {
        warnings.push(Warning {
            location: Some(location),
            message: format!("key `{key}` appears more than once in this map; the last one is used"),
        });
    }
    for (written, used, location) in parsed.reshaped {
        warnings.push(Warning {
            location: Some(location),
            message: format!(
                "`{written}` is a number in YAML and is used as `{used}`; quote it (\"{written}\") to keep the text as written"
            ),
        });
    }
    Ok(parsed.value)
}

/// More than [`MAX_SERVICES`] services in a file (at `location`) or over all of them.
pub(crate) fn too_many_services(location: Location) -> Error {
    Error::invalid(
        location,
        format!("the project has more than {MAX_SERVICES} services (limit hit: services per project)"),
    )
}

/// Runs the per-file pipeline on a parsed source, which the session takes ownership of.
pub(crate) fn read_parsed(
    source: Source,
    doc: Value,
    session: &mut LoadState<'_>,
) -> Result<ComposeFile, Error> {
    session.sources.push(source);
    let id = session.sources.len() - 1;
    let Value::Mapping(mut doc) = doc else {
        return Err(Error::invalid(session.locate(id, &[]), "the top level must be a map of services"));
    };
    let format = detect_format(&doc, id, session)?;
    remove_catalog(&mut doc, format);
    let (mut services, base, volumes, networks) = match format {
        Format::V1 => {
            doc.remove("version");
            (doc, Vec::new(), Mapping::new(), Mapping::new())
        }
        Format::V2 => split_v2(doc, id, session)?,
    };
    if services.len() > MAX_SERVICES {
        return Err(too_many_services(session.locate(id, &base)));
    }
    interpolate_section(&mut services, &base, id, session)?;
    let mut volumes = volumes;
    let mut networks = networks;
    interpolate_section(&mut volumes, &[Seg::Key("volumes".into())], id, session)?;
    interpolate_section(&mut networks, &[Seg::Key("networks".into())], id, session)?;

    let source = &session.sources[id];
    let (vars, bindings) = (session.vars, session.bindings);
    // Services are independent here; large files are checked on every core.
    let results: Vec<Result<(String, Definition), Error>> =
        crate::parallel::map(services.into_iter().collect(), |(key, raw): (Value, Value)| {
            let name = key_text(&key);
            let mut path = base.clone();
            path.push(Seg::Key(name.clone()));
            prepare_service(&name, raw, &path, source, bindings)
                .and_then(|raw| normalise_service(&name, raw, format, source, &path, vars))
                .map(|normalised| (name, normalised))
        });
    let mut out = IndexMap::with_capacity(results.len());
    for result in results {
        let (name, normalised) = result?;
        out.insert(name, normalised);
    }
    Ok(ComposeFile {
        source_id: id,
        format,
        services: out,
        volumes: into_index_map(volumes),
        networks: into_index_map(networks),
    })
}

/// Checks a service's name and shape and applies its bindings.
fn prepare_service(
    name: &str,
    raw: Value,
    path: &[Seg],
    source: &Source,
    bindings: Option<&Bindings>,
) -> Result<Mapping, Error> {
    validate::service_name(name).map_err(|m| Error::invalid(source.locate(path), m))?;
    let mut raw = match raw {
        Value::Null => Mapping::new(),
        Value::Mapping(m) => m,
        _ => {
            return Err(Error::invalid(
                source.locate(path),
                format!("service `{name}` must be a map of options"),
            ));
        }
    };
    if let Some(bindings) = bindings {
        bindings.apply(name, &mut raw);
    }
    Ok(raw)
}

pub(crate) fn key_text(key: &Value) -> String {
    shapes::scalar_text(key).and_then(Result::ok).unwrap_or_default()
}

fn into_index_map(m: Mapping) -> IndexMap<String, Value> {
    m.into_iter().map(|(k, v)| (key_text(&k), v)).collect()
}

fn detect_format(doc: &Mapping, id: usize, session: &LoadState<'_>) -> Result<Format, Error> {
    let Some(version) = doc.get("version") else {
        return Ok(Format::V1);
    };
    let text = match version {
        Value::Sequence(_) | Value::Mapping(_) | Value::Null => {
            let found = match version {
                Value::Sequence(_) => "a list",
                Value::Mapping(_) => "a map",
                _ => "empty",
            };
            return Err(Error::Invalid {
                location: session.locate(id, &[Seg::Key("version".into())]),
                message: format!("`version` must be a version such as '2', but it is {found}"),
                hint: Some("write `version: '2'`".into()),
            });
        }
        other => shapes::scalar_text(other).and_then(Result::ok).unwrap_or_default(),
    };
    match text.as_str() {
        "1" => Ok(Format::V1),
        v if v == "2" || v.starts_with("2.") => Ok(Format::V2),
        v => Err(Error::Invalid {
            location: session.locate(id, &[Seg::Key("version".into())]),
            message: format!("unsupported compose file version `{v}`"),
            hint: Some("Rancher 1.x understands compose file versions 1 and 2; use `version: '2'`".into()),
        }),
    }
}

/// Removes the `.catalog` section from a compose document: it is not a service (the loader
/// reads it separately).
fn remove_catalog(doc: &mut Mapping, format: Format) {
    doc.remove(".catalog");
    if format == Format::V2 {
        doc.remove("catalog");
        if let Some(Value::Mapping(services)) = doc.get_mut("services") {
            services.remove(".catalog");
        }
    }
}

type V2Sections = (Mapping, Vec<Seg>, Mapping, Mapping);

fn split_v2(doc: Mapping, id: usize, session: &mut LoadState<'_>) -> Result<V2Sections, Error> {
    let mut services = Mapping::new();
    let mut volumes = Mapping::new();
    let mut networks = Mapping::new();
    for (key, value) in doc {
        let name = key_text(&key);
        let section = match name.as_str() {
            "version" => continue,
            "services" => &mut services,
            "volumes" => &mut volumes,
            "networks" => &mut networks,
            "secrets" => {
                session.warnings.push(Warning {
                    location: Some(session.locate(id, &[Seg::Key(name.clone())])),
                    message: "top-level `secrets` are not supported by Rancher 1.x compose and are ignored"
                        .into(),
                });
                continue;
            }
            _ => {
                return Err(Error::Invalid {
                    location: session.locate(id, &[Seg::Key(name.clone())]),
                    message: format!("unknown top-level key `{name}` in a version 2 file"),
                    hint: Some("a version 2 file has `services`, `volumes` and `networks` at the top".into()),
                });
            }
        };
        match value {
            Value::Null => {}
            Value::Mapping(m) => *section = m,
            _ => {
                return Err(Error::invalid(
                    session.locate(id, &[Seg::Key(name.clone())]),
                    format!("`{name}` must be a map"),
                ));
            }
        }
    }
    Ok((services, vec![Seg::Key("services".into())], volumes, networks))
}

fn interpolate_section(
    section: &mut Mapping,
    base: &[Seg],
    id: usize,
    session: &mut LoadState<'_>,
) -> Result<(), Error> {
    let mut path = base.to_vec();
    for (key, value) in section.iter_mut() {
        path.push(Seg::Key(key_text(key)));
        interpolate_value(value, &mut path, id, session)?;
        path.pop();
    }
    Ok(())
}

pub(crate) fn interpolate_value(
    value: &mut Value,
    path: &mut Vec<Seg>,
    id: usize,
    session: &mut LoadState<'_>,
) -> Result<(), Error> {
    match value {
        Value::String(s) if s.contains('$') => {
            let vars = session.vars;
            let result = match interpolate(s, &mut |name| vars.get(name)) {
                Ok(result) => result,
                // A light read: unset required variables expand to nothing, and text that is
                // no valid interpolation stays as written.
                Err(_) if session.lenient => interpolate_lenient(s, &mut |name| vars.get(name))
                    .unwrap_or_else(|_| Interpolated { value: s.clone(), unset: Vec::new() }),
                Err(problem) => {
                    return Err(Error::Interpolation {
                        location: session.locate(id, path),
                        key: display_path(path),
                        problem,
                    });
                }
            };
            for name in result.unset {
                session.unset.entry(name).or_default().push((id, path.clone()));
            }
            session.interpolated_bytes = session.interpolated_bytes.saturating_add(result.value.len());
            if session.interpolated_bytes > MAX_INTERPOLATED_BYTES {
                return Err(Error::invalid(
                    session.locate(id, path),
                    format!(
                        "`${{...}}` substitutions produce more than {} (limit hit: interpolated size)",
                        mib(MAX_INTERPOLATED_BYTES as u64)
                    ),
                ));
            }
            *s = result.value;
        }
        Value::Sequence(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                path.push(Seg::Index(i));
                interpolate_value(item, path, id, session)?;
                path.pop();
            }
        }
        Value::Mapping(map) => {
            for (key, item) in map.iter_mut() {
                path.push(Seg::Key(key_text(key)));
                interpolate_value(item, path, id, session)?;
                path.pop();
            }
        }
        Value::Tagged(tagged) => interpolate_value(&mut tagged.value, path, id, session)?,
        _ => {}
    }
    Ok(())
}

/// Checks one service's keys and types and returns its normalised definition: the compose keys
/// and the Rancher keys side by side, in their canonical shapes.
fn normalise_service(
    name: &str,
    raw: Mapping,
    format: Format,
    source: &Source,
    path: &[Seg],
    vars: &Variables,
) -> Result<Definition, Error> {
    let v2 = format == Format::V2;
    let mut compose = Mapping::new();
    let mut rancher = Mapping::new();
    for (key, value) in raw {
        let key_name = key_text(&key);
        let key_path = || [path, &[Seg::Key(key_name.clone())]].concat();
        match keys::classify(&key_name, v2) {
            KeyClass::Compose => {
                compose.insert(key, value);
            }
            KeyClass::Rancher => {
                rancher.insert(key, value);
            }
            KeyClass::V1Only(v2_name) => {
                return Err(Error::Invalid {
                    location: source.locate(&key_path()),
                    message: format!("service `{name}`: `{key_name}` is a version 1 key"),
                    hint: Some(format!("in a version 2 file write `{v2_name}`")),
                });
            }
            KeyClass::V2Only => {
                return Err(Error::Invalid {
                    location: source.locate(&key_path()),
                    message: format!("service `{name}`: `{key_name}` needs a version 2 file"),
                    hint: Some("add `version: '2'` and move the services under `services:`".into()),
                });
            }
            KeyClass::Unknown => {
                return Err(Error::Invalid {
                    location: source.locate(&key_path()),
                    message: format!("service `{name}`: unknown key `{key_name}`"),
                    hint: keys::suggest(&key_name, v2).map(|s| format!("did you mean `{s}`?")),
                });
            }
        }
    }
    if !v2 && compose.get("build").is_some_and(|b| !b.is_string()) {
        return Err(Error::Invalid {
            location: source.locate(&[path, &[Seg::Key("build".into())]].concat()),
            message: format!("service `{name}`: in a version 1 file `build` is a path"),
            hint: Some("use `dockerfile:` for the Dockerfile name, or a version 2 file".into()),
        });
    }

    let mut service: Service = typed(Value::Mapping(compose), path, source)?;
    service.normalise();
    validate::service_fields(name, &service).map_err(|(key, message)| {
        Error::invalid(source.locate(&[path, &[Seg::Key(key.into())]].concat()), message)
    })?;
    inline_env_files(name, &mut service, source, path)?;
    resolve_bare_environment(&mut service, vars);
    let rancher: RancherService = typed(Value::Mapping(rancher), path, source)?;
    check_rancher_values(name, &rancher, path, source)?;

    Ok(Definition { compose: service, rancher })
}

/// Refuses Rancher options that cannot be right, such as a negative `scale`.
pub(crate) fn check_rancher_values(
    name: &str,
    options: &RancherService,
    path: &[Seg],
    source: &Source,
) -> Result<(), Error> {
    if let Some((key, problem)) = options.invalid_value() {
        let at = [path, key.as_slice()].concat();
        return Err(Error::invalid(
            source.locate(&at),
            format!("service `{name}`: `{}`: {problem}", display_path(&key)),
        ));
    }
    let Some((key, value)) = options.negative_value() else { return Ok(()) };
    let mut at = path.to_vec();
    at.extend(key.iter().map(|k| Seg::Key((*k).to_owned())));
    Err(Error::invalid(
        source.locate(&at),
        format!("service `{name}`: `{}` cannot be negative, found {value}", key.join(".")),
    ))
}

/// Deserialises `value` (found at `path` in `source`) into `T`, reporting the exact key of a
/// type error. Unknown keys are refused or ignored as `T` says (the service models refuse them
/// at every level; the catalog section, where real catalogs have typos Rancher ignored, does not).
pub(crate) fn typed<T: DeserializeOwned>(value: Value, path: &[Seg], source: &Source) -> Result<T, Error> {
    // Messages name the key from the service (or section) name down: `web.privileged`.
    let shown = |at: &[Seg]| display_path(&at[path.len().saturating_sub(1)..]);
    // Most input is valid, so deserialise directly; path tracking is only paid for to explain a
    // failure.
    match T::deserialize(&value) {
        Ok(typed) => Ok(typed),
        Err(plain) => {
            let (at, message) = match serde_path_to_error::deserialize::<_, T>(value) {
                Err(e) => {
                    let mut at = path.to_vec();
                    at.extend(error_path(e.path()));
                    (at, e.inner().to_string())
                }
                Ok(_) => (path.to_vec(), plain.to_string()),
            };
            let hint = unknown_field_hint(&message);
            Err(Error::Invalid {
                location: source.locate(&at),
                message: format!("`{}`: {message}", shown(&at)),
                hint,
            })
        }
    }
}

/// serde's "unknown field `x`, expected one of `a`, `b`" as a "did you mean" hint.
fn unknown_field_hint(message: &str) -> Option<String> {
    let rest = message.split("unknown field `").nth(1)?;
    let (field, expected) = rest.split_once('`')?;
    let candidates = expected.split('`').skip(1).step_by(2);
    keys::closest(field, candidates).map(|s| format!("did you mean `{s}`?"))
}

fn error_path(path: &serde_path_to_error::Path) -> Vec<Seg> {
    path.iter()
        .filter_map(|seg| match seg {
            serde_path_to_error::Segment::Seq { index } => Some(Seg::Index(*index)),
            serde_path_to_error::Segment::Map { key } => Some(Seg::Key(key.clone())),
            serde_path_to_error::Segment::Enum { variant } => Some(Seg::Key(variant.clone())),
            serde_path_to_error::Segment::Unknown => None,
        })
        .collect()
}

/// Adds each `env_file`'s entries to `environment`: explicit entries win, later files win over
/// earlier ones (docker compose and 0.12 agree on this).
fn inline_env_files(name: &str, service: &mut Service, source: &Source, path: &[Seg]) -> Result<(), Error> {
    let files = std::mem::take(&mut service.env_file);
    for file in files.iter().rev() {
        let full = source.dir.join(file);
        let shown = source.relative(file);
        let text = input::read_text(&full).map_err(|e| match e.position() {
            Some((line, column)) => {
                Error::EnvFile { path: shown.clone(), line, message: format!("column {column}: {e}") }
            }
            None => Error::invalid(
                source.locate(&[path, &[Seg::Key("env_file".into())]].concat()),
                format!("service `{name}`: cannot read env_file `{}`: {e}", shown.display()),
            ),
        })?;
        let entries = envfile::parse(&text).map_err(|e| Error::EnvFile {
            path: shown.clone(),
            line: e.line,
            message: e.message,
        })?;
        for entry in entries {
            service.environment.entry(entry.key).or_insert(entry.value);
        }
    }
    Ok(())
}

/// `environment` entries without a value take it from the variables, or are dropped.
fn resolve_bare_environment(service: &mut Service, vars: &Variables) {
    service.environment.retain(|key, value| {
        if value.is_none() {
            *value = vars.get(key);
        }
        value.is_some()
    });
}
