//! The top-level flow: parse the command line, resolve settings, run the command, and render
//! any error (message, causes, hints) in one place with its exit status.

use std::ffi::OsString;

use crate::cli::Cli;
use crate::commands::{self, Ctx};
use crate::env::Env;
use crate::exit::ExitStatus;
use crate::settings::Settings;
use crate::ui::Printer;

/// Runs the tool with these arguments and returns how the process should exit.
#[must_use]
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitStatus {
    let cli = match Cli::parse_ordered(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitStatus::Usage } else { ExitStatus::Success };
        }
    };
    let env = Env::capture();
    let working_dir = std::env::current_dir().unwrap_or_else(|_| ".".into());
    let settings = Settings::resolve(cli.global, working_dir);
    let printer = Printer::new(&env, settings.verbose);
    let ctx = Ctx { settings, env, printer };
    match commands::dispatch(cli.command, &ctx) {
        Ok(status) => status,
        Err(err) => {
            report(&ctx.printer, &err);
            match err.downcast_ref::<crate::exit::Failed>() {
                Some(failed) => failed.status,
                None if err.downcast_ref::<crate::exit::PartlyApplied>().is_some() => ExitStatus::Partial,
                None => ExitStatus::Failure,
            }
        }
    }
}

fn report(printer: &Printer, err: &anyhow::Error) {
    let causes: Vec<String> = err.chain().skip(1).map(ToString::to_string).collect();
    let mut hints = Vec::new();
    if let Some(e) = err.downcast_ref::<crate::compose::Error>() {
        hints.extend(e.hint());
    }
    if let Some(e) = err.downcast_ref::<crate::catalog::Error>() {
        hints.extend(e.hint());
    }
    if let Some(e) = err.downcast_ref::<crate::api::Error>() {
        hints.extend(e.hint());
    }
    if let Some(e) = err.downcast_ref::<crate::deploy::Error>() {
        hints.extend(e.hint());
    }
    if err.downcast_ref::<commands::NoUrl>().is_some() {
        hints.push(
            "give the server with --url URL (or RANCHER_URL), or `--url local` for the built-in emulator"
                .to_owned(),
        );
    }
    if let Some(e) = err.downcast_ref::<commands::Hinted>() {
        hints.extend(e.hints.iter().cloned());
    }
    if err.downcast_ref::<commands::NeedsForce>().is_some() {
        hints.push("add --force (-f) to remove without asking".to_owned());
    }
    printer.error(err, &causes, &hints);
}
