//! The stack commands that change the server: `create`, `up`, `start`, `stop`/`down`, `rm` and
//! `scale`. Each validates the project and its arguments, checks the server's schemas, and only
//! then makes its first change.

use anyhow::bail;

use crate::cli::{CreateArgs, PullArgs, RestartArgs, RmArgs, ScaleArgs, StartArgs, StopArgs, UpArgs};
use crate::compose::Project;
use crate::deploy::apply::{self, Failure, Outcome, Run, Snapshot};
use crate::deploy::kind::Kind;
use crate::deploy::plan::{Flags, ServicePlan, Step};
use crate::deploy::{Deployer, Reporter, order};
use crate::exit::{ExitStatus, Failed};
use crate::ui::prompt::Prompter;

use super::server::{reporter, with_deployer, with_reporter};
use super::{Ctx, check_selected, load_project, load_with_session};

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

/// What a `create` or `up` run is asked to do.
struct DeployRun<'a> {
    selected: &'a [String],
    wait_seconds: u64,
    options: apply::Options,
    dry_run: bool,
    detailed_exitcode: bool,
    json: bool,
    rollback_on_failure: bool,
    /// `up`'s arguments, for the confirm-only case that names services gone from the files.
    up: Option<&'a UpArgs>,
}

/// Observes the stack, plans every selected service, refuses before any change if a plan is
/// blocked, and then applies the plans in link order: all creates first (so links between new
/// services, cycles included, can be set), then each service's remaining steps.
fn deploy(ctx: &Ctx, run: &DeployRun<'_>) -> anyhow::Result<ExitStatus> {
    let (project, session) = load_with_session(ctx)?;
    let stack_fields = catalog_fields(ctx, &session);
    if let Some(args) = run.up {
        let names: Vec<String> = project.services.keys().cloned().collect();
        if super::lifecycle::applies(args, &names) {
            return super::lifecycle::run(args, ctx, &project);
        }
    }
    check_selected(&project, run.selected)?;
    let waves = order::waves(&project, run.selected);
    let names: Vec<String> = waves.iter().flatten().cloned().collect();
    let reporter = reporter(ctx, &project, run.json);
    let reporter = reporter.as_ref();
    with_reporter(ctx, &project, run.wait_seconds, reporter, async |deployer| {
        deployer.check_server()?;
        deployer.check_images()?;
        if run.options.flags.upgrade || run.options.flags.force || run.options.flags.confirm {
            for action in ["upgrade", "finishupgrade", "rollback", "cancelupgrade", "continueupgrade"] {
                deployer.client.schemas().require_action("service", action)?;
            }
        }
        if run.options.pull {
            deployer.client.schemas().require_method("pullTask", "POST", true)?;
        }
        if run.up.is_some_and(|a| !a.detach && !a.dry_run) {
            deployer.client.schemas().require_action("container", "logs")?;
        }
        deployer.check_references().await?;
        deployer.check_volumes().await?;
        let snapshot = deployer.observe(&names).await?;
        check_balancer_targets(&project, &snapshot, &names)?;
        let mut plans = deployer.plan(&snapshot, &names, &run.options.flags).await?;
        let new_volumes = deployer.missing_volumes(snapshot.stack.as_ref()).await?;
        if !run.options.start {
            for plan in &mut plans {
                plan.steps.retain(|s| matches!(s, Step::Create | Step::Links { .. }));
            }
        }
        let blocked: Vec<String> = plans.iter().filter_map(|p| p.blocked.clone()).collect();
        if !blocked.is_empty() {
            bail!("nothing was changed: {}", blocked.join("; "));
        }
        if run.dry_run {
            print_plan(ctx, &project.name, &plans, &new_volumes, run.json)?;
            let changes = plans.iter().any(ServicePlan::changes) || !new_volumes.is_empty();
            return Ok(if changes && run.detailed_exitcode {
                ExitStatus::Changes
            } else {
                ExitStatus::Success
            });
        }
        for plan in &plans {
            for note in &plan.notes {
                reporter.warn(&format!("service `{}`: {note}", plan.service));
            }
        }
        note_pending_confirmations(reporter, &plans, &run.options.flags);
        // Waiting for an upgrade under way changes nothing but is still work to do.
        let changing: Vec<&ServicePlan> = plans.iter().filter(|p| !p.steps.is_empty()).collect();
        if changing.is_empty() && snapshot.stack.is_some() && new_volumes.is_empty() {
            reporter.note(&format!("stack `{}` is up to date", project.name));
            print_result(ctx, run.json, &[], "unchanged")?;
            return follow_logs_after_up(ctx, deployer, run, &names, ExitStatus::Success).await;
        }
        crate::interrupt::watch();
        let stack = match snapshot.stack.clone() {
            Some(stack) => stack,
            None => deployer.ensure_stack(&stack_fields).await?,
        };
        deployer.ensure_volumes(&stack).await?;
        let applying = Run::new(deployer, stack, snapshot, run.options.clone());
        let creates = |name: &str| {
            changing.iter().any(|p| p.service == name && p.steps.iter().any(|s| matches!(s, Step::Create)))
        };
        let changes = |name: &str| changing.iter().any(|p| p.service == name);
        let mut failures = Vec::new();
        for wave in &waves {
            let wave: Vec<String> = wave.iter().filter(|n| creates(n)).cloned().collect();
            failures.extend(each_service(&wave, |name| applying.create(name)).await);
            if !failures.is_empty() {
                break;
            }
        }
        if failures.is_empty() {
            for wave in &waves {
                let wave: Vec<String> = wave.iter().filter(|n| changes(n)).cloned().collect();
                failures.extend(each_service(&wave, |name| applying.apply(name)).await);
                if !failures.is_empty() {
                    break;
                }
            }
        }
        reporter.done();
        let status = finish(ctx, run, &applying, failures).await?;
        follow_logs_after_up(ctx, deployer, run, &names, status).await
    })
}

/// `up` without `-d`: once the stack is up, follow the logs of its services until Ctrl-C (or
/// until they are removed), as 0.12 did.
async fn follow_logs_after_up(
    ctx: &Ctx,
    deployer: &Deployer<'_>,
    run: &DeployRun<'_>,
    names: &[String],
    status: ExitStatus,
) -> anyhow::Result<ExitStatus> {
    match run.up {
        Some(args) if !args.detach && status == ExitStatus::Success => {
            ctx.printer.status("following the logs (Ctrl-C stops; `up -d` does not follow)");
            super::logs::follow(ctx, deployer, names, true, 100).await.map_err(|e| {
                // The stack is up: a broken log stream is not a failed deploy.
                let message = format!("the stack is up, but following its logs failed: {e}");
                Failed { status: ExitStatus::Failure, message }.into()
            })
        }
        _ => Ok(status),
    }
}

/// Every load balancer rule target in the stack must be deployed or created by this run (0.12
/// refused before any change; the server refuses a rule without a target midway).
fn check_balancer_targets(project: &Project, snapshot: &Snapshot, names: &[String]) -> anyhow::Result<()> {
    for name in names {
        let Some(service) = project.services.get(name) else { continue };
        let targets: Vec<String> = match Kind::of(service) {
            Kind::LegacyLoadBalancer => crate::deploy::legacy_lb::targets(service),
            _ => service
                .rancher
                .lb_config
                .iter()
                .flat_map(|lb| lb.port_rules.iter().filter_map(|r| r.service.clone()))
                .collect(),
        };
        for target in targets.iter().filter(|t| !t.contains('/')) {
            let deployed = snapshot.services.contains_key(&target.to_lowercase());
            if !deployed && !names.contains(target) {
                bail!(
                    "load balancer `{name}` sends traffic to `{target}`, which is not deployed{}; nothing was changed",
                    if project.services.contains_key(target) {
                        " (name it too, or run `up` for all)"
                    } else {
                        " nor in the compose files"
                    }
                );
            }
        }
    }
    Ok(())
}

/// Says which upgraded services still wait for confirmation after this run.
fn note_pending_confirmations(
    reporter: &dyn Reporter,
    plans: &[ServicePlan],
    flags: &crate::deploy::plan::Flags,
) {
    if flags.confirm {
        let waiting: Vec<String> = plans
            .iter()
            .filter(|p| !p.steps.iter().any(|s| matches!(s, Step::Confirm)))
            .map(|p| format!("{} ({})", p.service, p.state.as_deref().unwrap_or("new")))
            .collect();
        if plans.iter().all(|p| !p.steps.iter().any(|s| matches!(s, Step::Confirm))) && !waiting.is_empty() {
            reporter.warn(&format!(
                "--confirm-upgrade: no service has an upgrade to confirm: {}",
                waiting.join(", ")
            ));
        }
    }
}

/// Ends a run: a summary, and the exit status that says how it went.
async fn finish(
    ctx: &Ctx,
    run: &DeployRun<'_>,
    applying: &Run<'_, '_>,
    failures: Vec<Failure>,
) -> anyhow::Result<ExitStatus> {
    if failures.is_empty() {
        print_result(ctx, run.json, &applying.outcomes(), "ok")?;
        return Ok(ExitStatus::Success);
    }
    if failures.iter().any(|f| matches!(f.error, crate::deploy::Error::Interrupted)) {
        print_result(ctx, run.json, &applying.outcomes(), "interrupted")?;
        let upgrades = applying.started_upgrades();
        ctx.printer.warn(
            "stopped: no new change was started after Ctrl-C; the server finishes the ones already under way",
        );
        let prefix = command_prefix();
        ctx.printer.status(format_args!("to resume:    {}", shell_line(&shown_args())));
        if !upgrades.is_empty() {
            let mut confirm = prefix.clone();
            confirm.push("--confirm-upgrade".into());
            confirm.extend(upgrades.iter().cloned());
            let mut rollback = prefix;
            rollback.push("--rollback".into());
            rollback.extend(upgrades.iter().cloned());
            ctx.printer.status(format_args!("to confirm:   {}", shell_line(&confirm)));
            ctx.printer.status(format_args!("to roll back: {}", shell_line(&rollback)));
        }
        return Ok(ExitStatus::Interrupted);
    }
    let described: Vec<String> = failures.iter().map(|f| format!("`{}`: {}", f.service, f.error)).collect();
    let upgrade_failed = failures.iter().any(|f| f.upgrade);
    if upgrade_failed && run.rollback_on_failure {
        let results = applying.roll_back_started().await;
        print_result(ctx, run.json, &applying.outcomes(), "rolled-back")?;
        let rolled: Vec<&str> =
            results.iter().filter(|(_, r)| matches!(r, Ok(true))).map(|(n, _)| n.as_str()).collect();
        if rolled.is_empty() {
            return Err(Failed {
                status: ExitStatus::LeftAsIs,
                message: format!("upgrade failed ({}); nothing could be rolled back", described.join("; ")),
            }
            .into());
        }
        let confirmed: Vec<&str> =
            results.iter().filter(|(_, r)| matches!(r, Ok(false))).map(|(n, _)| n.as_str()).collect();
        if !confirmed.is_empty() {
            ctx.printer.warn(format_args!(
                "already confirmed in this run, so not rolled back: {}",
                confirmed.join(", ")
            ));
        }
        let not: Vec<String> =
            results.iter().filter_map(|(n, r)| r.as_ref().err().map(|e| format!("`{n}`: {e}"))).collect();
        if !not.is_empty() {
            return Err(Failed {
                status: ExitStatus::LeftAsIs,
                message: format!(
                    "upgrade failed ({}); the rollback failed too: {}",
                    described.join("; "),
                    not.join("; ")
                ),
            }
            .into());
        }
        return Err(Failed {
            status: ExitStatus::RolledBack,
            message: format!(
                "upgrade failed ({}); rolled back: {} (the previous containers run again)",
                described.join("; "),
                if rolled.is_empty() { "nothing".to_owned() } else { rolled.join(", ") }
            ),
        }
        .into());
    }
    print_result(ctx, run.json, &applying.outcomes(), "failed")?;
    if upgrade_failed {
        return Err(Failed {
            status: ExitStatus::LeftAsIs,
            message: format!(
                "upgrade failed and was left as it is for inspection: {} (`up --rollback` undoes it, `--rollback-on-failure` does so automatically)",
                described.join("; ")
            ),
        }
        .into());
    }
    let status = if applying.mutations() > 0 { ExitStatus::Partial } else { ExitStatus::Failure };
    let prefix = if status == ExitStatus::Partial { "partly applied; " } else { "" };
    Err(Failed { status, message: format!("{prefix}{}", described.join("; ")) }.into())
}

/// This process's command line with the secret key hidden and the URL without credentials,
/// for the commands a resume note suggests.
fn shown_args() -> Vec<String> {
    let mut shown = Vec::new();
    let mut next_is = None;
    for arg in std::env::args() {
        let arg = match next_is.take() {
            Some("--secret-key") => "****".to_owned(),
            Some(_) => without_credentials(&arg),
            None if arg == "--secret-key" || arg == "--url" => {
                next_is = Some(if arg == "--url" { "--url" } else { "--secret-key" });
                arg
            }
            None if arg.starts_with("--secret-key=") => "--secret-key=****".to_owned(),
            None => match arg.strip_prefix("--url=") {
                Some(url) => format!("--url={}", without_credentials(url)),
                None => arg,
            },
        };
        shown.push(arg);
    }
    shown
}

fn without_credentials(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(parsed) if !parsed.username().is_empty() || parsed.password().is_some() => {
            crate::api::url::display(&parsed)
        }
        _ => url.to_owned(),
    }
}

/// The command line up to and including `up`, for the commands a resume note suggests.
fn command_prefix() -> Vec<String> {
    let args = shown_args();
    let end = args.iter().position(|a| a == "up").map_or(args.len(), |i| i + 1);
    let mut prefix = args[..end].to_vec();
    if prefix.last().is_some_and(|a| a == "up") {
        prefix.push("-d".into());
    }
    prefix
}

fn shell_line(args: &[String]) -> String {
    shlex::try_join(args.iter().map(String::as_str)).unwrap_or_else(|_| args.join(" "))
}

/// The plan, as text or as one JSON document.
fn print_plan(
    ctx: &Ctx,
    stack: &str,
    plans: &[ServicePlan],
    new_volumes: &[String],
    json: bool,
) -> anyhow::Result<()> {
    let changes = plans.iter().filter(|p| p.changes()).count();
    if json {
        let doc = serde_json::json!({
            "stack": stack, "changes": changes > 0 || !new_volumes.is_empty(),
            "volumeTemplates": new_volumes, "services": plans,
        });
        ctx.printer.data(&format!("{doc}\n"))?;
        return Ok(());
    }
    let mut out = format!("Plan for stack `{stack}`:\n");
    for volume in new_volumes {
        out.push_str(&format!("  volume template {volume}: create\n"));
    }
    for plan in plans {
        let state = plan.state.as_deref().unwrap_or("not deployed");
        if plan.steps.is_empty() {
            out.push_str(&format!("  {} ({}, {state}): up to date\n", plan.service, plan.kind));
        } else {
            out.push_str(&format!("  {} ({}, {state}):\n", plan.service, plan.kind));
            for step in &plan.steps {
                out.push_str(&format!("    - {}\n", step.label()));
            }
        }
        for note in &plan.notes {
            out.push_str(&format!("    ! {note}\n"));
        }
    }
    out.push_str(&format!("{changes} to change, {} unchanged.\n", plans.len() - changes));
    ctx.printer.data(&out)?;
    Ok(())
}

/// With `--json`, the last line on stdout: the result and every service's outcome.
fn print_result(ctx: &Ctx, json: bool, outcomes: &[Outcome], status: &str) -> anyhow::Result<()> {
    if json {
        ctx.printer.data(&format!("{}\n", apply::summary(outcomes, status)))?;
    }
    Ok(())
}

/// How many services are worked on at once.
const PARALLEL_SERVICES: usize = 8;

/// Runs `step` for every name, [`PARALLEL_SERVICES`] at a time, letting each finish, and
/// returns every failure.
async fn each_service<'n, F, Fut>(names: &'n [String], step: F) -> Vec<Failure>
where
    F: Fn(&'n str) -> Fut,
    Fut: std::future::Future<Output = Result<(), Failure>>,
{
    let mut failures = Vec::new();
    for chunk in names.chunks(PARALLEL_SERVICES) {
        let results = futures_util::future::join_all(chunk.iter().map(|n| step(n))).await;
        failures.extend(results.into_iter().filter_map(Result::err));
    }
    failures
}

pub fn create(args: &CreateArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    deploy(
        ctx,
        &DeployRun {
            selected: &args.services.services,
            wait_seconds: args.wait.timeout,
            options: apply::Options::default(),
            dry_run: false,
            detailed_exitcode: false,
            json: false,
            rollback_on_failure: false,
            up: None,
        },
    )
}

pub fn up(args: &UpArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    if args.json && !args.detach && !args.dry_run {
        return Err(Failed {
            status: ExitStatus::Usage,
            message:
                "`up --json` needs -d (or --dry-run): the followed logs would mix with the JSON on stdout"
                    .into(),
        }
        .into());
    }
    if args.rollback || args.cancel_upgrade {
        return super::lifecycle::run(args, ctx, &load_project(ctx)?);
    }
    let flags = Flags {
        upgrade: args.upgrade || args.force_upgrade,
        force: args.force_upgrade,
        named: args.services.services.clone(),
        confirm: args.confirm_upgrade,
        on_pending: args.on_pending,
        keep_server_env: args.keep_server_env,
        batch_size: args.batch_size,
        interval_ms: args.interval,
    };
    let options = apply::Options { flags, start: true, wait_healthy: args.wait_healthy, pull: args.pull };
    deploy(
        ctx,
        &DeployRun {
            selected: &args.services.services,
            wait_seconds: args.wait.timeout,
            options,
            dry_run: args.dry_run,
            detailed_exitcode: args.detailed_exitcode,
            json: args.json,
            rollback_on_failure: args.rollback_on_failure,
            up: Some(args),
        },
    )
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
                Some(service) => action.run(deployer, name, service).await?,
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
        name: &str,
        service: serde_json::Value,
    ) -> Result<(), crate::deploy::Error> {
        match self {
            Self::Start => d.start_service(name, service).await.map(drop),
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
