//! `extends`: a service built on another one, from the same file or another file (relative to
//! the extending file), resolved recursively with cycle detection.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::error::Error;
use super::file::{self, ComposeFile, LoadState};
use super::merge::Definition;
use super::source::{Seg, Source};

/// Every compose file the load has read, the `-f` ones and those named by `extends`.
#[derive(Default)]
pub(crate) struct FileSet {
    pub files: Vec<ComposeFile>,
    by_path: HashMap<PathBuf, usize>,
    /// Paths as joined, so each `extends: {file}` is canonicalised once, not once per service.
    by_joined: HashMap<PathBuf, usize>,
}

impl FileSet {
    pub(super) fn add(&mut self, key: PathBuf, file: ComposeFile) -> usize {
        self.files.push(file);
        let idx = self.files.len() - 1;
        self.by_path.insert(key, idx);
        idx
    }

    /// Opens `full` (shown to the user as `shown`), reading it once per load.
    fn open(&mut self, full: &Path, shown: &Path, session: &mut LoadState<'_>) -> Result<usize, Error> {
        if let Some(idx) = self.by_joined.get(full) {
            return Ok(*idx);
        }
        let key = identity(full);
        if let Some(idx) = self.by_path.get(&key) {
            self.by_joined.insert(full.to_owned(), *idx);
            return Ok(*idx);
        }
        let text = super::input::read_text(full).map_err(|e| Error::read(shown, e))?;
        let dir = full.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let file = file::read(Source::new(shown.to_owned(), dir, text), session)?;
        let idx = self.add(key, file);
        self.by_joined.insert(full.to_owned(), idx);
        Ok(idx)
    }
}

/// The key a file is known by, so `a/../b.yml` and `b.yml` are one file.
pub(crate) fn identity(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned())
}

/// The definition of service `name` of file `idx` with its `extends` chain applied.
pub(crate) fn resolve(
    set: &mut FileSet,
    session: &mut LoadState<'_>,
    idx: usize,
    name: &str,
    chain: &mut Vec<(usize, String)>,
) -> Result<Definition, Error> {
    let file = &set.files[idx];
    let source_id = file.source_id;
    let path_prefix = service_path(file, name);
    let Some(own) = file.services.get(name).cloned() else {
        return Err(Error::invalid(
            session.locate(source_id, &[]),
            format!("`extends`: there is no service `{name}` in this file"),
        ));
    };
    let Some(extends) = own.compose.extends.clone() else {
        return Ok(own);
    };
    let target_service = extends.service;
    // Locating replays the file, so it is only done on the error paths.
    let ext_path = [path_prefix.as_slice(), &[Seg::Key("extends".into())]].concat();
    let target_idx = match extends.file.as_deref() {
        None => idx,
        Some(rel) => {
            let source = &session.sources[source_id];
            let (full, shown) = (source.dir.join(rel), source.relative(rel));
            set.open(&full, &shown, session).map_err(|e| match e {
                Error::Read { path, source } => Error::invalid(
                    session.locate(source_id, &ext_path),
                    format!("`extends`: cannot read `{}`: {source}", path.display()),
                ),
                other => other,
            })?
        }
    };
    if chain.contains(&(target_idx, target_service.clone())) || (target_idx == idx && target_service == name)
    {
        let mut names: Vec<String> = chain.iter().map(|(i, s)| describe(set, session, *i, s)).collect();
        names.push(describe(set, session, target_idx, &target_service));
        return Err(Error::ExtendsCycle { location: session.locate(source_id, &ext_path), chain: names });
    }
    if !set.files[target_idx].services.contains_key(&target_service) {
        let where_ = session.sources[set.files[target_idx].source_id].path.display().to_string();
        return Err(Error::invalid(
            session.locate(source_id, &ext_path),
            format!("service `{name}` extends `{target_service}`, which is not a service in `{where_}`"),
        ));
    }
    chain.push((target_idx, target_service.clone()));
    let base = resolve(set, session, target_idx, &target_service, chain)?;
    chain.pop();
    let has = |key: &str| match key {
        "links" => !base.compose.links.is_empty(),
        _ => !base.compose.volumes_from.is_empty(),
    };
    for key in ["links", "volumes_from"] {
        if has(key) {
            return Err(Error::Invalid {
                location: session.locate(source_id, &ext_path),
                message: format!(
                    "service `{name}` cannot extend `{target_service}`: services with `{key}` cannot be extended"
                ),
                hint: Some(format!("move `{key}` from `{target_service}` to the services that extend it")),
            });
        }
    }
    let mut merged = base;
    merged.compose.extends = None;
    let mut own = own;
    own.compose.extends = None;
    merged.merge(own);
    Ok(merged)
}

fn describe(set: &FileSet, session: &LoadState<'_>, idx: usize, service: &str) -> String {
    let path = &session.sources[set.files[idx].source_id].path;
    format!("{}:{service}", path.display())
}

/// The key path of a service in its file (`services.<name>` in v2, `<name>` in v1).
pub(crate) fn service_path(file: &ComposeFile, name: &str) -> Vec<Seg> {
    match file.format {
        file::Format::V1 => vec![Seg::Key(name.to_owned())],
        file::Format::V2 => vec![Seg::Key("services".into()), Seg::Key(name.to_owned())],
    }
}
