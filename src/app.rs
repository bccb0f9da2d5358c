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
    let args: Vec<OsString> = args.into_iter().collect();
    let cli = match Cli::parse_ordered(args.iter().cloned()) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            let status = if e.use_stderr() { ExitStatus::Usage } else { ExitStatus::Success };
            // A mistyped plan command line must not read as "changes".
            return if args.iter().any(|a| a == "--detailed-exitcode") { status.detailed() } else { status };
        }
    };
    let env = Env::capture();
    let working_dir = std::env::current_dir().unwrap_or_else(|_| ".".into());
    let settings = Settings::resolve(cli.global, working_dir);
    let printer = Printer::new(&env, settings.verbose);
    let ctx = Ctx { settings, env, printer };
    let detailed = cli_asks_detailed_exitcode(&cli.command);
    let status = match commands::dispatch(cli.command, &ctx) {
        Ok(status) => status,
        Err(err) => {
            report(&ctx.printer, &err);
            ExitStatus::of(&err)
        }
    };
    if detailed { status.detailed() } else { status }
}

/// Whether the command is a plan run with `--detailed-exitcode`, whose exit codes follow
/// Terraform's (2 means changes, any error 1).
fn cli_asks_detailed_exitcode(command: &crate::cli::Command) -> bool {
    matches!(command, crate::cli::Command::Up(args) if args.detailed_exitcode)
}

/// Prints the error with its causes and every hint its chain offers (a hint deep in the chain
/// is not hidden by context added on the way up).
fn report(printer: &Printer, err: &anyhow::Error) {
    let causes: Vec<String> = err.chain().skip(1).map(ToString::to_string).collect();
    let mut hints: Vec<String> = Vec::new();
    for cause in err.chain() {
        for hint in hints_of(cause) {
            if !hints.contains(&hint) {
                hints.push(hint);
            }
        }
    }
    printer.error(err, &causes, &hints);
}

/// What one error of a chain says to do about it.
fn hints_of(e: &(dyn std::error::Error + 'static)) -> Vec<String> {
    if let Some(e) = e.downcast_ref::<crate::compose::Error>() {
        return e.hint().into_iter().collect();
    }
    if let Some(e) = e.downcast_ref::<crate::catalog::Error>() {
        return e.hint().into_iter().collect();
    }
    if let Some(e) = e.downcast_ref::<crate::api::Error>() {
        return e.hint().into_iter().collect();
    }
    if let Some(e) = e.downcast_ref::<crate::deploy::Error>() {
        return e.hint().into_iter().collect();
    }
    if e.downcast_ref::<commands::NoUrl>().is_some() {
        return vec![
            "give the server with --url URL (or RANCHER_URL), or `--url local` for the built-in emulator"
                .to_owned(),
        ];
    }
    if let Some(e) = e.downcast_ref::<commands::Hinted>() {
        return e.hints.clone();
    }
    if e.downcast_ref::<commands::NeedsForce>().is_some() {
        return vec!["add --force (-f) to remove without asking".to_owned()];
    }
    Vec::new()
}
