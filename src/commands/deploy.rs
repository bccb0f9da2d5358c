//! The stack commands that change the server: `create`, `up`, `start`, `stop`/`down`, `rm` and
//! `scale`. Each validates the project and its arguments, checks the server's schemas, and only
//! then makes its first change.

use anyhow::bail;

use crate::cli::{CreateArgs, PullArgs, RestartArgs, RmArgs, ScaleArgs, StartArgs, StopArgs, UpArgs};
use crate::compose::Project;
use crate::deploy::{Deployer, order};
use crate::exit::ExitStatus;
use crate::ui::prompt::Prompter;

use super::server::with_deployer;
use super::{Ctx, load_project, load_with_session};

/// A flag whose behaviour belongs to a later piece of work.
#[derive(Debug, thiserror::Error)]
#[error("`{0}` is not supported by this build yet")]
pub struct FlagNotAvailable(pub &'static str);

/// What a new stack records of a catalog deploy, as `rancher catalog install` does: the template
/// as `externalId` and the answers as `environment`.
fn catalog_fields(
    ctx: &Ctx,
    session: &crate::catalog::Session,
) -> serde_json::Map<String, serde_json::Value> {
    let mut fields = serde_json::Map::new();
    if let Some(id) = session.external_id() {
        fields.insert("externalId".into(), serde_json::Value::String(id));
    }
    let answers = session.answers();
    if !answers.is_empty() {
        let has_secret = session.questions().iter().any(|q| {
            q.kind.as_deref() == Some("password") && answers.get(&q.variable).is_some_and(|v| !v.is_empty())
        });
        if has_secret {
            ctx.printer.warn("the answers, passwords included, are stored in the stack's environment on the server (as Rancher's catalog does)");
        }
        let environment = answers.into_iter().map(|(k, v)| (k, serde_json::Value::String(v))).collect();
        fields.insert("environment".into(), serde_json::Value::Object(environment));
    }
    fields
}

/// Checks that every named service is a service of the project and not a sidekick.
fn check_selected(project: &Project, names: &[String]) -> anyhow::Result<()> {
    for name in names {
        let Some(_) = project.services.get(name) else {
            bail!("no such service: `{name}` is not in the compose files");
        };
        if let Some((primary, _)) =
            project.services.iter().find(|(_, s)| s.sidekicks().contains(&name.as_str()))
        {
            bail!("`{name}` is a sidekick of `{primary}`; name `{primary}` instead");
        }
    }
    Ok(())
}

/// Creates the selected services that do not exist yet and, with `start`, sets links and
/// activates them all. Everything is checked before the first change.
fn deploy(ctx: &Ctx, selected: &[String], wait_seconds: u64, start: bool) -> anyhow::Result<()> {
    let (project, session) = load_with_session(ctx)?;
    let stack_fields = catalog_fields(ctx, &session);
    check_selected(&project, selected)?;
    let waves = order::waves(&project, selected);
    with_deployer(ctx, &project, wait_seconds, async |deployer| {
        deployer.check_server()?;
        deployer.check_references().await?;
        let stack = deployer.ensure_stack(&stack_fields).await?;
        let stack = &stack;
        // Create everything first, so links between services (cycles included) can be set.
        // Services of one wave do not depend on each other and are handled together.
        for wave in &waves {
            all_ok(wave, |name| async move {
                if deployer.find_service(stack, name).await?.is_none() {
                    deployer.create_service(stack, name).await?;
                }
                Ok(())
            })
            .await?;
        }
        if start {
            for wave in &waves {
                all_ok(wave, |name| async move { deployer.up_service(stack, name).await.map(drop) }).await?;
            }
        }
        Ok(())
    })
}

/// How many services of a wave are worked on at once.
const PARALLEL_SERVICES: usize = 8;

/// Runs `step` for every name, [`PARALLEL_SERVICES`] at a time, letting each finish; the first
/// error (in name order) is returned.
async fn all_ok<'n, F, Fut>(names: &'n [String], step: F) -> Result<(), crate::deploy::Error>
where
    F: Fn(&'n str) -> Fut,
    Fut: std::future::Future<Output = Result<(), crate::deploy::Error>>,
{
    for chunk in names.chunks(PARALLEL_SERVICES) {
        let results = futures_util::future::join_all(chunk.iter().map(|n| step(n))).await;
        results.into_iter().collect::<Result<Vec<()>, _>>()?;
    }
    Ok(())
}

pub fn create(args: &CreateArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    deploy(ctx, &args.services.services, args.wait.timeout, false)?;
    Ok(ExitStatus::Success)
}

pub fn up(args: &UpArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    for (set, flag) in [
        (args.upgrade, "up --upgrade"),
        (args.force_upgrade, "up --force-upgrade"),
        (args.confirm_upgrade, "up --confirm-upgrade"),
        (args.rollback, "up --rollback"),
        (args.pull, "up --pull"),
    ] {
        if set {
            return Err(FlagNotAvailable(flag).into());
        }
    }
    deploy(ctx, &args.services.services, args.wait.timeout, true)?;
    if !args.detach {
        ctx.printer.warn("following logs after `up` is not available in this build yet; the stack is up (`-d` skips this note)");
    }
    Ok(ExitStatus::Success)
}

/// Runs `action` on each selected service that exists on the server, in dependency order
/// (`reverse` for stopping and removing).
fn each_existing(
    ctx: &Ctx,
    project: &Project,
    selected: &[String],
    wait_seconds: u64,
    reverse: bool,
    action: ServiceAction,
) -> anyhow::Result<ExitStatus> {
    check_selected(project, selected)?;
    let mut names = order::services(project, selected);
    if reverse {
        names.reverse();
    }
    with_deployer(ctx, project, wait_seconds, async |deployer| {
        deployer.check_server()?;
        let Some(stack) = deployer.find_stack().await? else {
            ctx.printer.warn(format_args!("stack `{}` does not exist; nothing to do", project.name));
            return Ok(ExitStatus::Success);
        };
        for name in &names {
            match deployer.find_service(&stack, name).await? {
                Some(service) => action.run(deployer, &stack, name, service).await?,
                None => ctx.printer.status(format_args!("{name} is not deployed; skipped")),
            }
        }
        Ok(ExitStatus::Success)
    })
}

/// The per-service operation of [`each_existing`].
#[derive(Clone, Copy)]
enum ServiceAction {
    Start,
    Stop,
    Remove,
    Restart { batch_size: u32, interval_ms: u64 },
}

impl ServiceAction {
    async fn run(
        self,
        d: &Deployer<'_>,
        stack: &serde_json::Value,
        name: &str,
        service: serde_json::Value,
    ) -> Result<(), crate::deploy::Error> {
        match self {
            Self::Start => d.up_service(stack, name).await.map(drop),
            Self::Stop => d.stop_service(name, service).await.map(drop),
            Self::Remove => d.remove_service(name, service).await,
            Self::Restart { batch_size, interval_ms } => {
                d.restart_service(name, service, batch_size, interval_ms).await.map(drop)
            }
        }
    }
}

pub fn start(args: &StartArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let project = load_project(ctx)?;
    each_existing(ctx, &project, &args.services.services, args.wait.timeout, false, ServiceAction::Start)
}

pub fn stop(args: &StopArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let project = load_project(ctx)?;
    each_existing(ctx, &project, &args.services.services, args.timeout, true, ServiceAction::Stop)
}

/// `rm` without `--force` asks first, and refuses to run unattended.
#[derive(Debug, thiserror::Error)]
#[error("`rm` removes services and needs confirmation, but there is no terminal to ask on")]
pub struct NeedsForce;

pub fn rm(args: &RmArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let project = load_project(ctx)?;
    check_selected(&project, &args.services.services)?;
    if !args.force {
        let prompter = Prompter::open().map_err(|_| NeedsForce)?;
        let names = order::services(&project, &args.services.services).join(", ");
        let question = format!("Remove the services {names} of stack `{}`?", project.name);
        if !prompter.confirm(&question, false)? {
            ctx.printer.status("nothing removed");
            return Ok(ExitStatus::Success);
        }
    }
    each_existing(ctx, &project, &args.services.services, args.wait.timeout, true, ServiceAction::Remove)
}

pub fn scale(args: &ScaleArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let project = load_project(ctx)?;
    let names: Vec<String> = args.targets.iter().map(|(n, _)| n.clone()).collect();
    check_selected(&project, &names)?;
    with_deployer(ctx, &project, args.timeout, async |deployer| {
        deployer.check_server()?;
        let Some(stack) = deployer.find_stack().await? else {
            bail!("stack `{}` does not exist; run `up` first", project.name);
        };
        // Every service must exist before any scale changes.
        let mut found = Vec::new();
        for (name, n) in &args.targets {
            match deployer.find_service(&stack, name).await? {
                Some(service) => found.push((name, *n, service)),
                None => bail!("service `{name}` is not deployed in stack `{}`", project.name),
            }
        }
        for (name, n, service) in found {
            deployer.scale_service(name, service, n).await?;
        }
        Ok(ExitStatus::Success)
    })
}

pub fn restart(args: &RestartArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let project = load_project(ctx)?;
    let action = ServiceAction::Restart { batch_size: args.batch_size, interval_ms: args.interval };
    each_existing(ctx, &project, &args.services.services, args.wait.timeout, false, action)
}

pub fn pull(args: &PullArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let project = load_project(ctx)?;
    check_selected(&project, &args.services.services)?;
    // Each primary's image and its sidekicks' images, once each, in service order.
    let mut images: Vec<String> = Vec::new();
    for name in order::services(&project, &args.services.services) {
        let Some(service) = project.services.get(&name) else { continue };
        if crate::deploy::kind::Kind::of(service) != crate::deploy::kind::Kind::Normal {
            continue;
        }
        let sidekicks = service.sidekicks().into_iter().filter_map(|s| project.services.get(s));
        for image in std::iter::once(service).chain(sidekicks).filter_map(|s| s.compose.image.clone()) {
            if !images.contains(&image) {
                images.push(image);
            }
        }
    }
    with_deployer(ctx, &project, args.wait.timeout, async |deployer| {
        deployer.client.schemas().require_method("pullTask", "POST", true)?;
        for image in &images {
            deployer.pull_image(image, args.cached).await?;
        }
        Ok(ExitStatus::Success)
    })
}
