//! The commands that change the server: `create`, `up`, `start`, `stop`/`down`, `restart`,
//! `rm`, `scale` and `pull`. Each parses its arguments into what the deploy engine takes,
//! calls it, and prints its report; the engine checks, plans and executes.

use std::collections::BTreeMap;

use anyhow::bail;
use serde_json::{Map, Value, json};

use crate::catalog::secrets;
use crate::cli::{
    CreateArgs, PullArgs, RestartArgs, RmArgs, RunArgs, ScaleArgs, StartArgs, StopArgs, UpArgs,
};
use crate::compose::Project;
use crate::deploy::engine::{self, Ending, Engine, Report};
use crate::deploy::plan::{Flags, Lifecycle, Mask, UpOptions};
use crate::deploy::{Reporter, order};
use crate::exit::{ExitStatus, Outcome};
use crate::interrupt;
use crate::ui::prompt::Prompter;
use crate::ui::report::reporter;

use super::connection::{settings, with_client};
use super::{
    Ctx, StackRef, check_selected, live_services, load_project, load_stack, load_with_session, select,
};

/// What a new stack records of a catalog deploy, as `rancher catalog install` does: the template
/// as `externalId` and the answers as `environment`.
fn catalog_fields(ctx: &Ctx, session: &crate::catalog::Session) -> Map<String, Value> {
    let mut fields = Map::new();
    if let Some(id) = session.external_id() {
        fields.insert("externalId".into(), Value::String(id));
    }
    let answers = session.answers();
    if !answers.is_empty() {
        let has_secret = session.questions().iter().any(|q| {
            q.kind.as_deref() == Some("password") && answers.get(&q.variable).is_some_and(|v| !v.is_empty())
        });
        if has_secret {
            ctx.printer.warn("the answers, passwords included, are stored in the stack's environment on the server (as Rancher's catalog does)");
        }
        let environment = answers.into_iter().map(|(k, v)| (k, Value::String(v))).collect();
        fields.insert("environment".into(), Value::Object(environment));
    }
    fields
}

/// The values a plan must not show: secret answers, and variables named like secrets.
fn mask(ctx: &Ctx, session: &crate::catalog::Session) -> Mask {
    let questions = session.questions();
    let answers = session
        .answers()
        .into_iter()
        .filter(|(name, _)| secrets::is_secret(name, questions.iter().find(|q| q.variable == *name)));
    let variables = ctx.env.vars().iter().filter(|(name, _)| secrets::name_looks_secret(name));
    Mask::new(answers.map(|(_, v)| v).chain(variables.map(|(_, v)| v.clone())))
}

/// The time in milliseconds, which names the images Rancher builds from remote contexts (as
/// 0.12 named them).
pub(super) fn build_stamp() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// The width of the service names, for aligned progress lines.
fn width(project: &Project) -> usize {
    project.services.keys().map(String::len).max().unwrap_or(0)
}

pub(super) fn create(args: &CreateArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let (project, session) = load_with_session(ctx)?;
    check_selected(&project, &args.services.services)?;
    let opts = UpOptions {
        selected: args.services.services.clone(),
        create_only: true,
        mask: mask(ctx, &session),
        stack_fields: catalog_fields(ctx, &session),
        build_stamp: build_stamp(),
        ..UpOptions::default()
    };
    let reporter = reporter(ctx.printer, width(&project), false);
    with_client(ctx, async |client| {
        let engine =
            Engine { client, reporter: reporter.as_ref(), settings: settings(args.wait.timeout, args.run) };
        let report = engine.up(&project, &opts, false, false).await;
        reporter.done();
        finish(ctx, &report?, false, false)
    })
}

pub(super) fn up(args: &UpArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    if args.json && !args.detach && !args.dry_run {
        return Err(Outcome::Usage(
            "`up --json` needs -d (or --dry-run): the followed logs would mix with the JSON on stdout".into(),
        )
        .into());
    }
    if args.rollback || args.cancel_upgrade {
        let op = if args.rollback { Lifecycle::Rollback } else { Lifecycle::Cancel };
        return pending(args, ctx, &load_project(ctx)?, &op);
    }
    let (project, session) = load_with_session(ctx)?;
    let named = &args.services.services;
    // `--confirm-upgrade` alone may name services that are gone from the files.
    let confirm_only = args.confirm_upgrade && !args.upgrade && !args.force_upgrade;
    if confirm_only && named.iter().any(|n| !project.services.contains_key(n)) {
        return pending(args, ctx, &project, &Lifecycle::Confirm);
    }
    check_selected(&project, named)?;
    let opts = UpOptions {
        flags: Flags {
            upgrade: args.upgrade || args.force_upgrade,
            force: args.force_upgrade,
            named: named.clone(),
            confirm: args.confirm_upgrade,
            on_pending: args.on_pending,
            keep_server_env: args.keep_server_env,
            batch_size: args.batch_size,
            interval_ms: args.interval,
        },
        selected: named.clone(),
        create_only: false,
        wait_healthy: args.wait_healthy,
        pull: args.pull,
        mask: mask(ctx, &session),
        stack_fields: catalog_fields(ctx, &session),
        build_stamp: build_stamp(),
    };
    let reporter = reporter(ctx.printer, width(&project), args.json);
    with_client(ctx, async |client| {
        if !args.detach && !args.dry_run {
            client.schemas().require_action("container", "logs")?;
        }
        let engine =
            Engine { client, reporter: reporter.as_ref(), settings: settings(args.wait.timeout, args.run) };
        let report = engine.up(&project, &opts, args.dry_run, args.rollback_on_failure).await;
        reporter.done();
        let status = finish(ctx, &report?, args.json, args.detailed_exitcode)?;
        if args.detach || args.dry_run || status != ExitStatus::Success {
            return Ok(status);
        }
        // `up` without `-d`: follow the logs until Ctrl-C, as 0.12 did.
        ctx.printer.status("following the logs (Ctrl-C stops; `up -d` does not follow)");
        let names = order::services(&project, named);
        super::logs::follow(ctx, client, &project.name, &names, true, 100).await.map_err(|e| {
            // The stack is up: a broken log stream is not a failed deploy.
            let message = format!("the stack is up, but following its logs failed: {e}");
            Outcome::Failed(message).into()
        })
    })
}

/// `up --rollback`, `--cancel-upgrade`, or `--confirm-upgrade` naming services gone from the
/// files: act on pending upgrades only, of the named services or of every service of the
/// stack.
fn pending(args: &UpArgs, ctx: &Ctx, project: &Project, op: &Lifecycle) -> anyhow::Result<ExitStatus> {
    let named = &args.services.services;
    let reporter = reporter(ctx.printer, width(project), args.json);
    with_client(ctx, async |client| {
        if !named.is_empty() {
            // A name in neither the files nor the stack (`--rollback wbe`) is refused, as `stop`
            // and `rm` refuse it, instead of being reported as having nothing to roll back.
            let stack = StackRef { name: project.name.clone(), project: Some(project.clone()) };
            select(&stack, live_services(client, &project.name).await?.as_ref(), named)?;
        }
        let engine =
            Engine { client, reporter: reporter.as_ref(), settings: settings(args.wait.timeout, args.run) };
        let report = engine.lifecycle(&project.name, named, &BTreeMap::new(), op, args.dry_run).await;
        reporter.done();
        let report = report?;
        let status = finish(ctx, &report, args.json, args.detailed_exitcode)?;
        if matches!(op, Lifecycle::Cancel) && report.ending == Ending::Done {
            let names: Vec<&str> = report.plan.steps.iter().filter_map(|s| s.service.as_deref()).collect();
            let names = names.join(" ");
            ctx.printer.status(format_args!(
                "next: `up --rollback {names}` restores the previous version; `up --upgrade {names}` continues the upgrade"
            ));
        }
        Ok(status)
    })
}

/// Prints a report and says how the process ends.
pub(super) fn finish(
    ctx: &Ctx,
    report: &Report,
    json: bool,
    detailed_exitcode: bool,
) -> anyhow::Result<ExitStatus> {
    let result = |status: &str| -> anyhow::Result<()> {
        if json {
            let steps: Vec<Value> =
                report.execution.iter().chain(&report.rollback).flat_map(|e| e.steps_json()).collect();
            let doc = json!({"result": status, "steps": steps, "services": engine::service_outcomes(report)});
            ctx.printer.data(&format!("{doc}\n"))?;
        }
        Ok(())
    };
    match &report.ending {
        Ending::Planned => {
            if json {
                ctx.printer.data(&format!("{}\n", report.plan.to_json()))?;
            } else {
                ctx.printer.data(&crate::ui::plan::text(&report.plan))?;
            }
            Ok(if detailed_exitcode && report.plan.changes() {
                ExitStatus::Changes
            } else {
                ExitStatus::Success
            })
        }
        Ending::NoStack => {
            ctx.printer.warn(format_args!("stack `{}` does not exist; nothing to do", report.plan.stack));
            Ok(ExitStatus::Success)
        }
        Ending::UpToDate => result("unchanged").map(|()| ExitStatus::Success),
        Ending::Done => result("ok").map(|()| ExitStatus::Success),
        Ending::Failed { message, partial } => {
            result("failed")?;
            let message = message.clone();
            Err(if *partial { Outcome::PartlyApplied(message) } else { Outcome::Failed(message) }.into())
        }
        Ending::UpgradeLeftForInspection { message } => {
            result("failed")?;
            Err(Outcome::LeftForInspection(message.clone()).into())
        }
        Ending::RolledBack { message, confirmed } => {
            result("rolled-back")?;
            if !confirmed.is_empty() {
                ctx.printer.warn(format_args!(
                    "already confirmed in this run, so not rolled back: {}",
                    confirmed.join(", ")
                ));
            }
            Err(Outcome::RolledBack(message.clone()).into())
        }
        Ending::Interrupted { upgrades } => {
            result("interrupted")?;
            ctx.printer.warn(
                "stopped: no new change was started after Ctrl-C; the server finishes the ones already under way",
            );
            let prefix = command_prefix();
            ctx.printer.status(format_args!("to resume:    {}", interrupt::resume_line()));
            if !upgrades.is_empty() {
                let mut confirm = prefix.clone();
                confirm.push("--confirm-upgrade".into());
                confirm.extend(upgrades.iter().cloned());
                let mut rollback = prefix;
                rollback.push("--rollback".into());
                rollback.extend(upgrades.iter().cloned());
                ctx.printer.status(format_args!("to confirm:   {}", interrupt::shell_line(&confirm)));
                ctx.printer.status(format_args!("to roll back: {}", interrupt::shell_line(&rollback)));
            }
            Ok(ExitStatus::Interrupted)
        }
    }
}

/// The command line up to and including `up`, for the commands a resume note suggests.
fn command_prefix() -> Vec<String> {
    let args = interrupt::shown_args();
    let end = args.iter().position(|a| a == "up").map_or(args.len(), |i| i + 1);
    let mut prefix = args[..end].to_vec();
    if prefix.last().is_some_and(|a| a == "up") {
        prefix.push("-d".into());
    }
    prefix
}

/// Runs `op` on the named services of the stack, every service of it when none is named (see
/// [`select`]). Needs only the stack: the files, where they can be read, give the dependency
/// order. `confirm` asks first (`rm` without `--force`).
fn lifecycle(
    ctx: &Ctx,
    named: &[String],
    timeout: u64,
    run: RunArgs,
    op: &Lifecycle,
    confirm: Option<&Prompter>,
) -> anyhow::Result<ExitStatus> {
    let stack = load_stack(ctx)?;
    let depends = stack.project.as_ref().map(order::dependencies).unwrap_or_default();
    with_client(ctx, async |client| {
        let live = live_services(client, &stack.name).await?;
        let names = select(&stack, live.as_ref(), named)?;
        let op = match op {
            // Scales by the names as the stack spells them.
            Lifecycle::Scale(scales) => {
                let mut resolved = BTreeMap::new();
                for (name, scale) in scales {
                    for found in select(&stack, live.as_ref(), std::slice::from_ref(name))? {
                        resolved.insert(found, *scale);
                    }
                }
                Lifecycle::Scale(resolved)
            }
            other => other.clone(),
        };
        if let (Some(prompter), Some(live)) = (confirm, &live) {
            let deployed: Vec<&str> =
                names.iter().filter(|n| live.contains_key(&n.to_lowercase())).map(String::as_str).collect();
            if !deployed.is_empty() {
                let question =
                    format!("Remove the services {} of stack `{}`?", deployed.join(", "), stack.name);
                if !prompter.confirm(&question, false)? {
                    ctx.printer.status("nothing removed");
                    return Ok(ExitStatus::Success);
                }
            }
        }
        let width = names.iter().map(String::len).max().unwrap_or(0);
        let reporter: Box<dyn Reporter> = reporter(ctx.printer, width, false);
        let engine = Engine { client, reporter: reporter.as_ref(), settings: settings(timeout, run) };
        let report = engine.lifecycle(&stack.name, &names, &depends, &op, false).await;
        reporter.done();
        let report = report?;
        if report.ending == Ending::NoStack && matches!(op, Lifecycle::Scale(_)) {
            bail!("stack `{}` does not exist; run `up` first", stack.name);
        }
        finish(ctx, &report, false, false)
    })
}

pub(super) fn start(args: &StartArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    lifecycle(ctx, &args.services.services, args.wait.timeout, args.run, &Lifecycle::Start, None)
}

pub(super) fn stop(args: &StopArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    lifecycle(ctx, &args.services.services, args.timeout, args.run, &Lifecycle::Stop, None)
}

pub(super) fn restart(args: &RestartArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let op = Lifecycle::Restart { batch_size: args.batch_size, interval_ms: args.interval };
    lifecycle(ctx, &args.services.services, args.wait.timeout, args.run, &op, None)
}

/// `rm` without `--force` asks first, and refuses to run unattended.
#[derive(Debug, thiserror::Error)]
#[error("`rm` removes services and needs confirmation, but there is no terminal to ask on")]
pub(crate) struct NeedsForce;

pub(super) fn rm(args: &RmArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let prompter = if args.force { None } else { Some(Prompter::open().map_err(|_| NeedsForce)?) };
    lifecycle(
        ctx,
        &args.services.services,
        args.wait.timeout,
        args.run,
        &Lifecycle::Remove,
        prompter.as_ref(),
    )
}

pub(super) fn scale(args: &ScaleArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let names: Vec<String> = args.targets.iter().map(|(n, _)| n.clone()).collect();
    let scales = args.targets.iter().map(|(n, s)| (n.clone(), u64::from(*s))).collect();
    lifecycle(ctx, &names, args.timeout, args.run, &Lifecycle::Scale(scales), None)
}

pub(super) fn pull(args: &PullArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let project = load_project(ctx)?;
    check_selected(&project, &args.services.services)?;
    let reporter = reporter(ctx.printer, width(&project), false);
    with_client(ctx, async |client| {
        let engine =
            Engine { client, reporter: reporter.as_ref(), settings: settings(args.wait.timeout, args.run) };
        let report = engine.pull(&project, &args.services.services, args.cached).await;
        reporter.done();
        finish(ctx, &report?, false, false)
    })
}
