//! `config`: load, merge, interpolate and validate, then print the resolved project (or just
//! the service names, or with `--variables` where every variable's value comes from). The way
//! to lint a stack in CI before deploying.

use crate::cli::{ConfigArgs, ConfigFormat};
use crate::exit::ExitStatus;

use super::{Ctx, load_project, open_session};

pub fn run(args: &ConfigArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    if args.variables {
        return variables(args, ctx);
    }
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

/// Lists the variables without loading (so it also works while answers are missing) and
/// without prompting. Secret values are masked.
fn variables(args: &ConfigArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let session = open_session(ctx)?;
    let rows = session.variables();
    let text = match args.format {
        ConfigFormat::Json => serde_json::to_string_pretty(&rows)? + "\n",
        ConfigFormat::Yaml => {
            let width = rows.iter().map(|r| r.name.len()).max().unwrap_or(0).max("VARIABLE".len());
            let sw = rows
                .iter()
                .filter_map(|r| r.source.as_ref().map(String::len))
                .max()
                .unwrap_or(0)
                .max("SOURCE".len());
            let mut out = format!("{:<width$}   {:<sw$}   VALUE\n", "VARIABLE", "SOURCE");
            for r in &rows {
                let value = match &r.value {
                    Some(v) => v.replace('\n', "\\n"),
                    None => "(not set)".to_owned(),
                };
                let line =
                    format!("{:<width$}   {:<sw$}   {value}", r.name, r.source.as_deref().unwrap_or("-"));
                out.push_str(line.trim_end());
                out.push('\n');
            }
            out
        }
    };
    ctx.printer.data(&text)?;
    Ok(ExitStatus::Success)
}
