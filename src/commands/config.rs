//! `config`: load, merge, interpolate and validate, then print the resolved project (or just
//! the service names, or with `--variables` where every variable's value comes from). The way
//! to lint a stack in CI before deploying.

use crate::cli::{ConfigArgs, ConfigFormat};
use crate::compose::ConfigView;
use crate::exit::ExitStatus;
use crate::ui::yaml;

use super::{Ctx, load_project, open_session};

pub(super) fn run(args: &ConfigArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    if args.variables {
        return variables(args, ctx);
    }
    let project = load_project(ctx)?;
    for (name, _) in project.services.iter().filter(|(_, s)| s.is_reference()) {
        ctx.printer.status(format_args!(
            "note: `{name}` is an empty entry: it names the service of that name on the server, which `up` leaves as it is and `upgrade` can start from"
        ));
    }
    if args.quiet {
        return Ok(ExitStatus::Success);
    }
    let text = if args.services {
        project.services.keys().map(|name| format!("{name}\n")).collect()
    } else {
        let view = project.config_view();
        match args.format {
            None | Some(ConfigFormat::Yaml) => render_yaml(&view)?,
            Some(ConfigFormat::Json) => serde_json::to_string_pretty(&view)? + "\n",
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
        None => variables_table(&rows),
        Some(ConfigFormat::Yaml) => serde_yaml::to_string(&rows)?,
        Some(ConfigFormat::Json) => serde_json::to_string_pretty(&rows)? + "\n",
    };
    ctx.printer.data(&text)?;
    Ok(ExitStatus::Success)
}

/// The view as YAML, the same document `yaml::to_string(view)` gives, with the per-service
/// parts rendered in parallel.
fn render_yaml(view: &ConfigView<'_>) -> anyhow::Result<String> {
    let mut out = yaml::entry("name", &view.name, 0)?;
    out += &yaml::entry("version", &view.version, 0)?;
    if view.services.is_empty() {
        out += "services: {}\n";
    } else {
        out += "services:\n";
        out += &yaml::entries(view.services.iter().map(|(k, v)| (*k, *v)).collect(), 1)?;
    }
    if !view.volumes.is_empty() {
        out += &yaml::entry("volumes", view.volumes, 0)?;
    }
    if !view.networks.is_empty() {
        out += &yaml::entry("networks", view.networks, 0)?;
    }
    out += "rancher:\n";
    out += &yaml::entry("file", &view.rancher.file, 1)?;
    if !view.rancher.services.is_empty() {
        out += "  services:\n";
        out += &yaml::entries(view.rancher.services.iter().map(|(k, v)| (*k, *v)).collect(), 2)?;
    }
    if let Some(catalog) = view.rancher.catalog {
        out += &yaml::entry(".catalog", catalog, 1)?;
    }
    Ok(out)
}

/// The variables as an aligned table: name, source, value (masked when secret).
fn variables_table(rows: &[crate::catalog::VariableRow]) -> String {
    let width = rows.iter().map(|r| r.name.len()).max().unwrap_or(0).max("VARIABLE".len());
    let sw =
        rows.iter().filter_map(|r| r.source.as_ref().map(String::len)).max().unwrap_or(0).max("SOURCE".len());
    let mut out = format!("{:<width$}   {:<sw$}   VALUE\n", "VARIABLE", "SOURCE");
    for r in rows {
        let value = match &r.value {
            Some(v) => v.replace('\n', "\\n"),
            None => "(not set)".to_owned(),
        };
        let line = format!("{:<width$}   {:<sw$}   {value}", r.name, r.source.as_deref().unwrap_or("-"));
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_rendering_matches_the_plain_writer() {
        for fixture in ["jenkins", "lb-v2", "sidekicks", "extends"] {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(fixture);
            let opts = crate::compose::LoadOptions {
                files: vec!["docker-compose.yml".into()],
                working_dir: dir,
                ..Default::default()
            };
            let project =
                crate::compose::load(&opts, Default::default(), &mut || Ok(String::new())).unwrap().project;
            let view = project.config_view();
            assert_eq!(render_yaml(&view).unwrap(), yaml::to_string(&view).unwrap(), "{fixture}");
        }
    }
}
