//! Global options after the command name. 0.12 took them only before it (Go's flag parsing
//! stopped at the first word), but articles and CI scripts put them anywhere, so the long forms
//! (`--url`, `--file`, ...) are accepted after the command too. Short forms are not: after a
//! command they keep 0.12's per-command meaning (`up -p` is `--pull`, `rm -f` is `--force`).

use std::path::PathBuf;

use clap::parser::ValueSource;
use clap::{Arg, ArgAction, ArgMatches, Command};

use super::GlobalArgs;

/// Copies of the global options are named `after_command_<id>` inside each command.
const PREFIX: &str = "after_command_";

fn copy_id(id: &str) -> String {
    format!("{PREFIX}{id}")
}

/// `root` with each long global option also accepted by every visible command.
#[must_use]
pub(super) fn accept_globals_after_commands(root: Command) -> Command {
    let copies: Vec<Arg> = root
        .get_arguments()
        .filter(|a| a.get_long().is_some() && !matches!(a.get_action(), ArgAction::Version | ArgAction::Help))
        .enumerate()
        .map(|(i, a)| {
            // No short form, and no environment variable: the one before the command reads it.
            // Listed after the command's own options.
            a.clone().id(copy_id(a.get_id().as_str())).short(None).env(None).display_order(1000 + i)
        })
        .collect();
    root.mut_subcommands(|sub| if sub.is_hide_set() { sub } else { sub.args(copies.clone()) })
}

/// Folds the global options given after the command into `global`: a value given there wins,
/// files are added after the ones before the command (and replace a list from the environment),
/// flags are set if set anywhere.
pub(super) fn merge(global: &mut GlobalArgs, root: &ArgMatches, command: &ArgMatches) {
    let flag = |id: &str| command.try_get_one::<bool>(&copy_id(id)).ok().flatten().copied().unwrap_or(false);
    let text = |id: &str| command.try_get_one::<String>(&copy_id(id)).ok().flatten().cloned();
    let path = |id: &str| command.try_get_one::<PathBuf>(&copy_id(id)).ok().flatten().cloned();
    let paths = |id: &str| -> Vec<PathBuf> {
        command
            .try_get_many::<PathBuf>(&copy_id(id))
            .ok()
            .flatten()
            .map(|v| v.cloned().collect())
            .unwrap_or_default()
    };
    global.verbose |= flag("verbose");
    global.no_prompt |= flag("no_prompt");
    let files = paths("files");
    if !files.is_empty() {
        if root.value_source("files") == Some(ValueSource::EnvVariable) {
            global.files.clear();
        }
        global.files.extend(files);
    }
    global.env_file.extend(paths("env_file"));
    global.answers.extend(paths("answers"));
    for (slot, id) in [
        (&mut global.project_name, "project_name"),
        (&mut global.url, "url"),
        (&mut global.access_key, "access_key"),
        (&mut global.secret_key, "secret_key"),
        (&mut global.environment, "environment"),
        (&mut global.catalog_version, "catalog_version"),
    ] {
        if let Some(value) = text(id) {
            *slot = Some(value);
        }
    }
    for (slot, id) in [
        (&mut global.ca_file, "ca_file"),
        (&mut global.rancher_file, "rancher_file"),
        (&mut global.catalog, "catalog"),
        (&mut global.bindings_file, "bindings_file"),
    ] {
        if let Some(value) = path(id) {
            *slot = Some(value);
        }
    }
}

/// Command-line positions of the `-e`/`--answers` files given after the command (`id` is
/// `env_file` or `answers`), to order them with the others.
pub(super) fn indices(command: &ArgMatches, id: &str) -> Vec<usize> {
    command.try_get_raw(&copy_id(id)).ok().flatten().map_or_else(Vec::new, |_| {
        command.indices_of(&copy_id(id)).map(Iterator::collect).unwrap_or_default()
    })
}
