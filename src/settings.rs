//! Turns the parsed global options into resolved settings: which files to load, from where,
//! with which variables. Destructures the clap struct so a new flag cannot be forgotten.

use std::path::PathBuf;

use crate::catalog::{CatalogOptions, PromptMode, VarFile};
use crate::cli::{GlobalArgs, VarFileKind};
use crate::compose::{LoadOptions, default_files};

/// Resolved global settings.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub verbose: bool,
    pub load: LoadOptions,
    pub catalog: CatalogOptions,
    pub url: Option<String>,
    pub access_key: Option<String>,
    pub secret_key: Option<String>,
    pub ca_file: Option<PathBuf>,
    /// The Rancher environment to work in (`--env`, `RANCHER_ENVIRONMENT`), by name or id.
    pub environment: Option<String>,
}

impl Settings {
    /// Resolves the global options against the working directory.
    #[must_use]
    pub(crate) fn resolve(args: GlobalArgs, working_dir: PathBuf) -> Self {
        let GlobalArgs {
            verbose,
            files,
            project_name,
            url,
            access_key,
            secret_key,
            ca_file,
            environment,
            rancher_file,
            env_file,
            bindings_file,
            version: _,
            answers: _,
            no_prompt,
            catalog,
            catalog_version,
            variable_files,
        } = args;
        let var_files = variable_files
            .into_iter()
            .map(|(kind, path)| match kind {
                VarFileKind::EnvFile => VarFile::EnvFile(path),
                VarFileKind::Answers => VarFile::Answers(path),
            })
            .collect();
        let files = if files.is_empty() { default_files(&working_dir) } else { files };
        Self {
            verbose,
            load: LoadOptions {
                files,
                project_name,
                rancher_file,
                env_files: env_file,
                bindings_file,
                working_dir,
                lenient: false,
            },
            catalog: CatalogOptions {
                var_files,
                template_dir: catalog,
                template_version: catalog_version,
                prompt: if no_prompt { PromptMode::Never } else { PromptMode::IfTerminal },
            },
            url,
            access_key,
            secret_key,
            ca_file,
            environment: environment.filter(|e| !e.is_empty()),
        }
    }
}
