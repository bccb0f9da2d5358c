//! `config`: load, merge, interpolate and validate, then print the resolved project (or just
//! the service names). The way to lint a stack in CI before deploying.

use crate::cli::{ConfigArgs, ConfigFormat};
use crate::exit::ExitStatus;

use super::{Ctx, load_project};

pub fn run(args: &ConfigArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let project = load_project(ctx)?;
    if args.quiet {
        return Ok(ExitStatus::Success);
    }
    let text = if args.services {
        project.services.keys().map(|name| format!("{name}\n")).collect()
    } else {
        let view = project.config_view();
        match args.format {
            ConfigFormat::Yaml => crate::ui::yaml::to_string(&view)?,
            ConfigFormat::Json => serde_json::to_string_pretty(&view)? + "\n",
        }
    };
    ctx.printer.data(&text)?;
    // The process ends right after this; freeing a large project tree would only cost time.
    std::mem::forget(project);
    Ok(ExitStatus::Success)
}
