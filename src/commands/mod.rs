//! One module per command. Each gets the shared [`Ctx`] and its own clap arguments, and returns
//! an [`ExitStatus`] or an error for `app` to render.

mod config;
mod pending;

pub use pending::NotAvailable;

use crate::cli::Command;
use crate::compose::{self, Project};
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
    let name = command.name();
    match command {
        Command::Config(args) => config::run(&args, ctx),
        Command::Generate(args) => {
            for path in crate::cli::generate::write_all(&args.out_dir)? {
                ctx.printer.debug(format_args!("wrote {}", path.display()));
            }
            Ok(ExitStatus::Success)
        }
        Command::Create(_)
        | Command::Up(_)
        | Command::Start(_)
        | Command::Logs(_)
        | Command::Restart(_)
        | Command::Stop(_)
        | Command::Scale(_)
        | Command::Rm(_)
        | Command::Pull(_)
        | Command::Upgrade(_) => pending::run(name, ctx),
    }
}

/// Loads the project named by the global options and prints the loader's warnings.
///
/// # Errors
/// The project could not be read, merged or validated.
pub fn load_project(ctx: &Ctx) -> anyhow::Result<Project> {
    let opts = &ctx.settings.load;
    ctx.printer.debug(format_args!(
        "compose files: {}",
        opts.files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join(", ")
    ));
    let mut read_stdin = || std::io::read_to_string(std::io::stdin());
    let loaded = compose::load(opts, ctx.env.vars().clone(), &mut read_stdin)?;
    for warning in &loaded.warnings {
        ctx.printer.warn(warning);
    }
    let project = loaded.project;
    match &project.rancher_file {
        Some(path) => ctx.printer.debug(format_args!("rancher options from {}", path.display())),
        None => ctx.printer.debug("no rancher-compose.yml: Rancher options come from the compose files"),
    }
    ctx.printer.debug(format_args!("project `{}` with {} services", project.name, project.services.len()));
    Ok(project)
}
