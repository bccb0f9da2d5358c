//! One module per command. Each gets the shared [`Ctx`] and its own clap arguments, and returns
//! an [`ExitStatus`] or an error for `app` to render.

mod config;
mod connection;
mod engine_runs;
mod environment;
mod export;
pub(crate) mod logs;
mod ps;
mod questions;
mod upgrade;

pub(crate) use connection::NoUrl;
pub(crate) use engine_runs::NeedsForce;

use crate::api::Service;
use crate::catalog;
use crate::cli::Command;
use crate::compose::Project;
use crate::env::Env;
use crate::exit::ExitStatus;
use crate::settings::Settings;
use crate::ui::Printer;

/// What every command can use.
pub(crate) struct Ctx {
    pub settings: Settings,
    pub env: Env,
    pub printer: Printer,
}

/// Runs one command.
///
/// # Errors
/// Whatever the command failed with; `app` renders it.
pub(crate) fn dispatch(command: Command, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    match command {
        Command::Config(args) => config::run(&args, ctx),
        Command::Questions(args) => questions::run(&args, ctx),
        Command::Generate(args) => {
            for path in crate::cli::generate::write_all(&args.out_dir)? {
                ctx.printer.debug(format_args!("wrote {}", path.display()));
            }
            Ok(ExitStatus::Success)
        }
        Command::Create(args) => engine_runs::create(&args, ctx),
        Command::Up(args) => {
            engine_runs::up(&args, ctx).map_err(|e| explain_pull_word(e, args.pull_word.as_deref()))
        }
        Command::Start(args) => engine_runs::start(&args, ctx),
        Command::Stop(args) => engine_runs::stop(&args, ctx),
        Command::Rm(args) => engine_runs::rm(&args, ctx),
        Command::Scale(args) => engine_runs::scale(&args, ctx),
        Command::Ps(args) => ps::run(&args, ctx),
        Command::Restart(args) => engine_runs::restart(&args, ctx),
        Command::Pull(args) => engine_runs::pull(&args, ctx),
        Command::Upgrade(args) => upgrade::run(&args, ctx),
        Command::Logs(args) => logs::run(&args, ctx),
        Command::Export(args) => export::run(&args, ctx),
    }
}

/// Loads the project named by the global options and prints the loader's warnings.
///
/// # Errors
/// The project could not be read, merged or validated.
pub(crate) fn load_project(ctx: &Ctx) -> anyhow::Result<Project> {
    load_with_session(ctx).map(|(project, _)| project)
}

/// Opens the catalog session: template folder, answers files, questions.
///
/// # Errors
/// A bad template folder or answers file.
pub(crate) fn open_session(ctx: &Ctx) -> anyhow::Result<catalog::Session> {
    let session = catalog::Session::open(&ctx.settings.load, &ctx.settings.catalog, ctx.env.vars().clone())?;
    if let Some((t, v)) = &session.template {
        ctx.printer.debug(format_args!("catalog template `{}` version {}", t.folder, v.label()));
    }
    Ok(session)
}

/// [`load_project`], also returning the catalog session (answers, questions, sources): asks
/// the unanswered questions on a terminal, checks every answer, renders and loads.
///
/// # Errors
/// As [`load_project`], plus missing or invalid answers.
pub(crate) fn load_with_session(ctx: &Ctx) -> anyhow::Result<(Project, catalog::Session)> {
    let mut session = open_session(ctx)?;
    let opts = &session.opts;
    ctx.printer.debug(format_args!(
        "compose files: {}",
        opts.files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join(", ")
    ));
    let asked = session.prompt(ctx.settings.catalog.prompt)?;
    ctx.printer.debug(format_args!("{asked} questions asked"));
    for warning in session.misspelt_answers() {
        ctx.printer.warn(warning);
    }
    session.check()?;
    let mut read_stdin = crate::compose::input::read_stdin;
    let loaded = session.load(&mut read_stdin)?;
    for warning in &loaded.warnings {
        ctx.printer.warn(warning);
    }
    let project = loaded.project;
    match &project.rancher_file {
        Some(path) => ctx.printer.debug(format_args!("rancher options from {}", path.display())),
        None => ctx.printer.debug("no rancher-compose.yml: Rancher options come from the compose files"),
    }
    ctx.printer.debug(format_args!("project `{}` with {} services", project.name, project.services.len()));
    Ok((project, session))
}

/// The stack a command that acts on deployed services works on (`ps`, `logs`, `start`,
/// `stop`, `restart`, `scale`, `rm`): its name, and what the files say about its services
/// (dependency order, sidekicks) when they can be read.
#[derive(Debug)]
pub(crate) struct StackRef {
    pub name: String,
    pub project: Option<Project>,
}

/// Reads the stack for a command that acts on it as deployed: the name as 0.12 computes it
/// (`-p`, `COMPOSE_PROJECT_NAME`, `--catalog`'s folder, or the folder of the first compose
/// file), and the files when they exist, read lightly: no question is asked or needed, an unset
/// `${VAR:?}` expands to nothing, and the loader's warnings are debug lines. Files that cannot
/// be read anyway leave the services as the server has them, with a warning.
///
/// # Errors
/// A `--catalog` folder or an answers file given on the command line cannot be read.
pub(crate) fn load_stack(ctx: &Ctx) -> anyhow::Result<StackRef> {
    let mut load = ctx.settings.load.clone();
    load.lenient = true;
    let catalog =
        catalog::CatalogOptions { prompt: catalog::PromptMode::Never, ..ctx.settings.catalog.clone() };
    let no_files = |name: String, why: &dyn std::fmt::Display| {
        let defaults = ctx.settings.load.files == crate::compose::default_files(&load.working_dir);
        let missing = load.files.iter().all(|f| f.as_os_str() != "-" && !load.working_dir.join(f).exists());
        if defaults && missing {
            ctx.printer.debug(format_args!("no compose file; acting on stack `{name}` as deployed"));
        } else {
            ctx.printer.warn(format_args!(
                "the compose files were not used ({why}); acting on stack `{name}` as deployed, without their dependency order"
            ));
        }
        StackRef { name, project: None }
    };
    let session = match catalog::Session::open(&load, &catalog, ctx.env.vars().clone()) {
        Ok(session) => session,
        Err(catalog::Error::Load(e)) => {
            // A `--catalog` deploy is named after its template folder, as `Session::open` does.
            let folder = catalog.template_dir.as_ref().and_then(|d| d.file_name());
            if let (None, Some(folder)) = (&load.project_name, folder) {
                load.project_name = Some(folder.to_string_lossy().into_owned());
            }
            return Ok(no_files(crate::compose::stack_name(&load), &e));
        }
        Err(e) => return Err(e.into()),
    };
    let mut read_stdin = crate::compose::input::read_stdin;
    match session.load(&mut read_stdin) {
        Ok(loaded) => {
            for warning in &loaded.warnings {
                ctx.printer.debug(warning);
            }
            let project = loaded.project;
            ctx.printer.debug(format_args!(
                "stack `{}`: {} services in the files",
                project.name,
                project.services.len()
            ));
            Ok(StackRef { name: project.name.clone(), project: Some(project) })
        }
        Err(e) => Ok(no_files(session.stack_name.clone(), &e)),
    }
}

/// The services of the stack `name` as deployed, by lower-case name; `None` when the stack does
/// not exist.
///
/// # Errors
/// A request failed.
pub(crate) async fn live_services(
    client: &crate::api::Client,
    name: &str,
) -> anyhow::Result<Option<std::collections::BTreeMap<String, Service>>> {
    let Some(stack) = crate::deploy::observe::find_stack(client, name).await? else { return Ok(None) };
    Ok(Some(crate::deploy::observe::services(client, stack.id()).await?))
}

/// The services a command that acts on a deployed stack works on, in the order they are acted
/// on: the files' services in dependency order, then those only the server has. No names means
/// every service of both. A name may be a service of the files or of the stack (a service a
/// rolling upgrade created, one gone from the files); a sidekick or an unknown name is refused,
/// with the closest name. Without `live` (no stack) names are checked against the files only.
///
/// # Errors
/// A name that is a sidekick, or no service of the files or the stack.
pub(crate) fn select(
    stack: &StackRef,
    live: Option<&std::collections::BTreeMap<String, Service>>,
    named: &[String],
) -> anyhow::Result<Vec<String>> {
    let in_files: Vec<String> =
        stack.project.as_ref().map(|p| crate::deploy::order::services(p, &[])).unwrap_or_default();
    let server_only: Vec<String> = live
        .into_iter()
        .flat_map(|l| l.values())
        .map(|s| s.name().to_owned())
        .filter(|n| !in_files.iter().any(|f| f.eq_ignore_ascii_case(n)))
        .collect();
    if named.is_empty() {
        return Ok(in_files.into_iter().chain(server_only).collect());
    }
    let mut chosen: Vec<String> = Vec::new();
    for name in named {
        if let Some(primary) = stack.project.as_ref().and_then(|p| sidekick_of(p, name)) {
            anyhow::bail!("`{name}` is a sidekick of `{primary}`; name `{primary}` instead");
        }
        let known = || in_files.iter().chain(&server_only);
        // The server matches names without regard to case.
        let found = known()
            .find(|n| *n == name)
            .or_else(|| live.and_then(|_| known().find(|n| n.eq_ignore_ascii_case(name))));
        if let Some(found) = found {
            chosen.push(found.clone());
            continue;
        }
        if let Some(primary) = live.and_then(|l| live_sidekick_of(l, name)) {
            anyhow::bail!("`{name}` is a sidekick of `{primary}`; name `{primary}` instead");
        }
        if live.is_none() && stack.project.is_none() {
            // No stack and no files: the engine says the stack does not exist.
            chosen.push(name.clone());
            continue;
        }
        let place = match (&stack.project, live) {
            (Some(_), Some(_)) => format!("in the compose files or in stack `{}`", stack.name),
            (Some(_), None) => "in the compose files".to_owned(),
            _ => format!("in stack `{}`", stack.name),
        };
        let candidates: Vec<&str> = in_files.iter().chain(&server_only).map(String::as_str).collect();
        return Err(NoSuchService::new(name, place, &candidates).into());
    }
    let order: Vec<&String> = in_files.iter().chain(&server_only).collect();
    chosen.sort_by_key(|n| order.iter().position(|o| *o == n));
    chosen.dedup();
    Ok(chosen)
}

fn sidekick_of<'a>(project: &'a Project, name: &str) -> Option<&'a str> {
    project.services.iter().find(|(_, s)| s.sidekicks().contains(&name)).map(|(n, _)| n.as_str())
}

fn live_sidekick_of<'a>(
    live: &'a std::collections::BTreeMap<String, Service>,
    name: &str,
) -> Option<&'a str> {
    live.values()
        .find(|s| {
            s.secondaries().iter().any(|lc| {
                lc.get("name")
                    .and_then(serde_json::Value::as_str)
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
            })
        })
        .map(Service::name)
}

/// A service named on the command line that the files (or the stack) do not have.
/// An error that says what to do about it.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub(crate) struct Hinted {
    pub message: String,
    pub hints: Vec<String>,
}

impl Hinted {
    pub(crate) fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self { message: message.into(), hints: vec![hint.into()] }
    }
}

/// A service named on the command line that the project does not have.
#[derive(Debug, thiserror::Error)]
#[error("no such service: `{name}` is not {place}{}", suggestion.as_ref().map(|s| format!("; did you mean `{s}`?")).unwrap_or_default())]
pub(crate) struct NoSuchService {
    pub name: String,
    place: String,
    suggestion: Option<String>,
}

impl NoSuchService {
    /// `name` is not `place` ("in the compose files"); the closest of `candidates` is suggested.
    #[must_use]
    pub(crate) fn new(name: &str, place: String, candidates: &[&str]) -> Self {
        Self { name: name.to_owned(), place, suggestion: closest(name, candidates).map(str::to_owned) }
    }
}

/// The candidate most like `name`, if one is close enough to be a likely typo: a letter or two
/// off (swapped letters count once), or the same long prefix (`web-v1` for `web-v2`).
fn closest<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let name = name.to_lowercase();
    let allowed = (name.chars().count() / 3).max(1);
    candidates
        .iter()
        .filter_map(|c| {
            let lower = c.to_lowercase();
            let edits = strsim::damerau_levenshtein(&name, &lower);
            let similar = strsim::jaro_winkler(&name, &lower);
            (edits <= allowed || similar >= 0.85).then_some((edits, -similar, *c))
        })
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)))
        .map(|(_, _, c)| c)
}

/// `up -p NAME` is 0.12's `--pull` followed by a service name; when that name is no service,
/// the user most likely meant the stack name.
fn explain_pull_word(err: anyhow::Error, pull_word: Option<&str>) -> anyhow::Error {
    match err.downcast_ref::<NoSuchService>() {
        Some(NoSuchService { name, .. }) if Some(name.as_str()) == pull_word => anyhow::anyhow!(
            "no such service: `{name}`: `-p` after the command means `--pull`; put `-p NAME` before the command for the stack name"
        ),
        _ => err,
    }
}

/// Checks that every named service is a service of the project and not a sidekick (for the
/// commands that deploy from the files).
pub(crate) fn check_selected(project: &Project, names: &[String]) -> anyhow::Result<()> {
    for name in names {
        if let Some(primary) = sidekick_of(project, name) {
            anyhow::bail!("`{name}` is a sidekick of `{primary}`; name `{primary}` instead");
        }
        if !project.services.contains_key(name) {
            let candidates = crate::deploy::order::services(project, &[]);
            let candidates: Vec<&str> = candidates.iter().map(String::as_str).collect();
            return Err(NoSuchService::new(name, "in the compose files".to_owned(), &candidates).into());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_get_the_closest_name() {
        let names = ["redis", "web", "redis-alpine-service-v1", "db"];
        assert_eq!(closest("wbe", &names), Some("web"));
        assert_eq!(closest("Web", &names), Some("web"));
        assert_eq!(closest("redsi", &names), Some("redis"));
        assert_eq!(closest("redis-alpine-service-v2", &names), Some("redis-alpine-service-v1"));
        assert_eq!(closest("worker", &names), None);
        assert_eq!(closest("x", &names), None);
    }
}
