//! One module per command. Each gets the shared [`Ctx`] and its own clap arguments, and returns
//! an [`ExitStatus`] or an error for `app` to render.

mod config;
mod deploy;
mod environment;
mod export;
pub(crate) mod logs;
mod ps;
mod questions;
mod server;
mod upgrade;

pub use deploy::NeedsForce;
pub use server::NoUrl;

use crate::catalog;
use crate::cli::Command;
use crate::compose::Project;
use crate::env::Env;
use crate::exit::ExitStatus;
use crate::settings::Settings;
use crate::ui::Printer;

/// What every command can use.
pub struct Ctx {
    pub settings: Settings,
    pub env: Env,
    pub printer: Printer,
}

/// Runs one command.
///
/// # Errors
/// Whatever the command failed with; `app` renders it.
pub fn dispatch(command: Command, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    match command {
        Command::Config(args) => config::run(&args, ctx),
        Command::Questions(args) => questions::run(&args, ctx),
        Command::Generate(args) => {
            for path in crate::cli::generate::write_all(&args.out_dir)? {
                ctx.printer.debug(format_args!("wrote {}", path.display()));
            }
            Ok(ExitStatus::Success)
        }
        Command::Create(args) => deploy::create(&args, ctx),
        Command::Up(args) => {
            deploy::up(&args, ctx).map_err(|e| explain_pull_word(e, args.pull_word.as_deref()))
        }
        Command::Start(args) => deploy::start(&args, ctx),
        Command::Stop(args) => deploy::stop(&args, ctx),
        Command::Rm(args) => deploy::rm(&args, ctx),
        Command::Scale(args) => deploy::scale(&args, ctx),
        Command::Ps(args) => ps::run(&args, ctx),
        Command::Restart(args) => deploy::restart(&args, ctx),
        Command::Pull(args) => deploy::pull(&args, ctx),
        Command::Upgrade(args) => upgrade::run(&args, ctx),
        Command::Logs(args) => logs::run(&args, ctx),
        Command::Export(args) => export::run(&args, ctx),
    }
}

/// Loads the project named by the global options and prints the loader's warnings.
///
/// # Errors
/// The project could not be read, merged or validated.
pub fn load_project(ctx: &Ctx) -> anyhow::Result<Project> {
    load_with_session(ctx).map(|(project, _)| project)
}

/// Opens the catalog session: template folder, answers files, questions.
///
/// # Errors
/// A bad template folder or answers file.
pub fn open_session(ctx: &Ctx) -> anyhow::Result<catalog::Session> {
    let session = catalog::Session::open(&ctx.settings.load, &ctx.settings.catalog, ctx.env.vars().clone())
        .map_err(flatten)?;
    if let Some((t, v)) = &session.template {
        ctx.printer.debug(format_args!("catalog template `{}` version {}", t.folder, v.label()));
    }
    Ok(session)
}

/// Loader errors keep their own type so their hints are found.
fn flatten(e: catalog::Error) -> anyhow::Error {
    match e {
        catalog::Error::Load(e) => e.into(),
        other => other.into(),
    }
}

/// [`load_project`], also returning the catalog session (answers, questions, sources): asks
/// the unanswered questions on a terminal, checks every answer, renders and loads.
///
/// # Errors
/// As [`load_project`], plus missing or invalid answers.
pub fn load_with_session(ctx: &Ctx) -> anyhow::Result<(Project, catalog::Session)> {
    let mut session = open_session(ctx)?;
    let opts = &session.opts;
    ctx.printer.debug(format_args!(
        "compose files: {}",
        opts.files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join(", ")
    ));
    let asked = session.prompt(ctx.settings.catalog.prompt).map_err(flatten)?;
    ctx.printer.debug(format_args!("{asked} questions asked"));
    session.check().map_err(flatten)?;
    let mut read_stdin = || std::io::read_to_string(std::io::stdin());
    let loaded = session.load(&mut read_stdin).map_err(flatten)?;
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

/// An error that says what to do about it.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Hinted {
    pub message: String,
    pub hints: Vec<String>,
}

impl Hinted {
    pub fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self { message: message.into(), hints: vec![hint.into()] }
    }
}

/// A service named on the command line that the project does not have.
#[derive(Debug, thiserror::Error)]
#[error("no such service: `{0}` is not in the compose files")]
pub struct NoSuchService(pub String);

/// `up -p NAME` is 0.12's `--pull` followed by a service name; when that name is no service,
/// the user most likely meant the stack name.
fn explain_pull_word(err: anyhow::Error, pull_word: Option<&str>) -> anyhow::Error {
    match err.downcast_ref::<NoSuchService>() {
        Some(NoSuchService(name)) if Some(name.as_str()) == pull_word => anyhow::anyhow!(
            "no such service: `{name}`: `-p` after the command means `--pull`; put `-p NAME` before the command for the stack name"
        ),
        _ => err,
    }
}

/// Checks that every named service is a service of the project and not a sidekick.
pub(crate) fn check_selected(project: &Project, names: &[String]) -> anyhow::Result<()> {
    for name in names {
        let Some(_) = project.services.get(name) else {
            return Err(NoSuchService(name.clone()).into());
        };
        if let Some((primary, _)) =
            project.services.iter().find(|(_, s)| s.sidekicks().contains(&name.as_str()))
        {
            anyhow::bail!("`{name}` is a sidekick of `{primary}`; name `{primary}` instead");
        }
    }
    Ok(())
}
