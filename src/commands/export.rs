//! `export` (new; rancher-compose 0.12 had none): a running stack's docker-compose.yml and
//! rancher-compose.yml, from the server's `exportconfig` action (what the Rancher UI's "View
//! config" and `rancher export` show), written to a folder or printed.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde_json::{Value, json};

use crate::cli::ExportArgs;
use crate::deploy::observe;
use crate::exit::ExitStatus;

use super::connection::with_client;
use super::{Ctx, Hinted};

const COMPOSE_FILE: &str = "docker-compose.yml";
const RANCHER_FILE: &str = "rancher-compose.yml";

pub(super) fn run(args: &ExportArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let name = stack_name(ctx);
    let working_dir = &ctx.settings.load.working_dir;
    let dir = args.output.as_ref().map_or_else(|| working_dir.clone(), |o| working_dir.join(o));
    let targets = [dir.join(COMPOSE_FILE), dir.join(RANCHER_FILE)];
    if !args.stdout && !args.force {
        refuse_overwrite(&targets)?;
    }
    let (compose, rancher) = with_client(ctx, async |client| {
        let Some(stack) = observe::find_stack(client, &name).await? else {
            return Err(Hinted::new(
                format!("no stack `{name}` on the server"),
                "name the stack with -p NAME before the command (the default is the current folder's name)",
            )
            .into());
        };
        let config: Value = client.action(&stack, "exportconfig", Some(&json!({}))).await?;
        let text = |key: &str| crate::api::types::text(&config, key).to_owned();
        Ok((text("dockerComposeConfig"), text("rancherComposeConfig")))
    })?;
    if args.stdout {
        let text = format!("# {COMPOSE_FILE}\n{compose}---\n# {RANCHER_FILE}\n{rancher}");
        ctx.printer.data(&text)?;
        return Ok(ExitStatus::Success);
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create the folder {}", dir.display()))?;
    for (path, text) in targets.iter().zip([&compose, &rancher]) {
        write_private(path, text)?;
        ctx.printer.status(format_args!("wrote {}", shown(path, working_dir)));
    }
    Ok(ExitStatus::Success)
}

/// The stack the options name: `-p`, else the `--catalog` folder's name, else the folder of
/// the first compose file (which need not exist for `export`).
fn stack_name(ctx: &Ctx) -> String {
    let mut load = ctx.settings.load.clone();
    let folder = ctx.settings.catalog.template_dir.as_deref().and_then(Path::file_name);
    if load.project_name.is_none() {
        load.project_name = folder.map(|f| f.to_string_lossy().into_owned());
    }
    crate::compose::stack_name(&load)
}

/// Both files are checked before either is written, so a refusal leaves nothing half done.
fn refuse_overwrite(targets: &[PathBuf]) -> anyhow::Result<()> {
    let existing: Vec<String> =
        targets.iter().filter(|p| p.exists()).map(|p| p.display().to_string()).collect();
    if existing.is_empty() {
        return Ok(());
    }
    Err(Hinted::new(
        format!("{} already exists; nothing was written", existing.join(" and ")),
        "add --force to replace it, or write elsewhere with -o DIR",
    )
    .into())
}

/// The files hold what the server holds, passwords included: readable by the owner only.
fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).with_context(|| format!("cannot write {}", path.display()))?;
    // A file replaced with --force keeps its old mode unless told.
    #[cfg(unix)]
    file.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600))
        .with_context(|| format!("cannot restrict {} to its owner", path.display()))?;
    file.write_all(text.as_bytes()).with_context(|| format!("cannot write {}", path.display()))
}

fn shown(path: &Path, working_dir: &Path) -> String {
    path.strip_prefix(working_dir).unwrap_or(path).display().to_string()
}
