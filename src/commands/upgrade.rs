//! `upgrade FROM TO`: a rolling upgrade from one service to another, batched by the server
//! (`toServiceStrategy`), as rancher-compose 0.12 did it; but every wait has a deadline and a
//! failure is reported as one, and `--dry-run` shows the plan first.

use anyhow::bail;
use serde_json::{Map, Value, json};

use crate::cli::UpgradeArgs;
use crate::compose::Project;
use crate::deploy::apply::{self, Run};
use crate::deploy::wait::until_settled;
use crate::deploy::{Deployer, state};
use crate::exit::{ExitStatus, Failed};

use super::server::with_deployer;
use super::{Ctx, load_project};

/// The label that runs one container on every host; such services cannot move to another.
const GLOBAL_LABEL: &str = "io.rancher.scheduler.global";

pub fn run(args: &UpgradeArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let project = load_project(ctx)?;
    for name in [&args.from, &args.to] {
        check_service(&project, name)?;
    }
    if args.from == args.to {
        bail!("FROM and TO are the same service `{}`", args.from);
    }
    let to_config =
        project.services.get(&args.to).ok_or_else(|| anyhow::anyhow!("no service `{}`", args.to))?;
    if to_config.compose.labels.get(GLOBAL_LABEL).is_some_and(|v| v == "true") {
        bail!("`{}` is a global service (one container per host); upgrading to it is not supported", args.to);
    }
    with_deployer(ctx, &project, args.timeout.timeout, async |d| {
        d.check_server()?;
        d.check_images()?;
        d.check_references().await?;
        d.check_volumes().await?;
        d.client.schemas().require_action("service", "upgrade")?;
        if args.pull {
            d.client.schemas().require_method("pullTask", "POST", true)?;
        }
        let snapshot = d.observe(&[args.from.clone(), args.to.clone()]).await?;
        let Some(from) = snapshot.services.get(&args.from.to_lowercase()).cloned() else {
            bail!(
                "service `{}` is not deployed in stack `{}`; there is nothing to upgrade from",
                args.from,
                project.name
            );
        };
        refuse_global(&args.from, &from)?;
        if from.pointer("/actions/upgrade").is_none() {
            bail!(
                "service `{}` is `{}`; it must be active or inactive to upgrade (a pending upgrade must be confirmed or rolled back first)",
                args.from,
                state(&from)
            );
        }
        let to_exists = snapshot.services.contains_key(&args.to.to_lowercase());
        let final_scale = match u64::try_from(args.scale) {
            Ok(scale) => scale,
            Err(_) => from.get("scale").and_then(Value::as_u64).unwrap_or(1),
        };
        let strategy = strategy(args, final_scale);
        if args.dry_run {
            let mut plan = format!("Plan for stack `{}`:\n", project.name);
            if !to_exists {
                plan.push_str(&format!("  - create `{}` at scale 0, link and activate it\n", args.to));
            }
            if args.pull {
                plan.push_str(&format!("  - pull the images of `{}`\n", args.to));
            }
            plan.push_str(&format!(
                "  - move `{}` (scale {}) to `{}` (final scale {final_scale}), {} at a time, {} ms apart{}\n",
                args.from,
                from.get("scale").and_then(Value::as_u64).unwrap_or(0),
                args.to,
                args.batch_size,
                args.interval,
                if args.update_links { ", moving its links" } else { "" }
            ));
            if args.cleanup {
                plan.push_str(&format!("  - remove `{}` once its scale is 0\n", args.from));
            }
            ctx.printer.data(&plan)?;
            return Ok(ExitStatus::Success);
        }
        if let Some(to) = snapshot.services.get(&args.to.to_lowercase()) {
            refuse_global(&args.to, to)?;
        }
        if args.pull {
            for image in apply::images(d.project, to_config) {
                d.pull_image(&image, false).await?;
            }
        }
        let stack = snapshot.stack.clone().unwrap_or(Value::Null);
        let run = Run::new(d, stack, snapshot, apply::Options::default());
        let to = run.up_at_scale_zero(&args.to).await?;
        let mut strategy = strategy;
        strategy
            .insert("toServiceId".into(), json!(to.get("id").and_then(Value::as_str).unwrap_or_default()));
        d.reporter.note(&format!("Upgrading {} to {}, scale={final_scale}", args.from, args.to));
        let upgrading =
            d.client.action(&from, "upgrade", Some(&json!({ "toServiceStrategy": strategy }))).await?;
        if !(args.wait || args.cleanup) {
            ctx.printer.status(format_args!(
                "the server is moving `{}` to `{}`; `--wait` waits for it",
                args.from, args.to
            ));
            return Ok(ExitStatus::Success);
        }
        let done = match until_settled(d.client, upgrading, &["upgraded"], d.timeout).await {
            Ok(done) => done,
            // The server goes on moving containers: left as it is, for inspection.
            Err(e) => {
                return Err(Failed {
                    status: ExitStatus::LeftAsIs,
                    message: format!("rolling upgrade: {e}"),
                }
                .into());
            }
        };
        d.reporter.event(&args.from, "Upgraded");
        if args.cleanup {
            cleanup(d, &args.from, done).await?;
        }
        Ok(ExitStatus::Success)
    })
}

/// Removes FROM once the upgrade has brought it to scale 0.
async fn cleanup(d: &Deployer<'_>, from: &str, service: Value) -> anyhow::Result<()> {
    let service = d.client.reload(&service).await?;
    match service.get("scale").and_then(Value::as_u64) {
        Some(0) => {
            // The upgrade leaves it `upgraded`; removing works from there.
            let service = until_settled(d.client, service, &[], d.timeout).await?;
            d.remove_service(from, service).await?;
        }
        other => d.reporter.warn(&format!(
            "not removing `{from}`: its scale is {} instead of 0 (state `{}`)",
            other.unwrap_or_default(),
            state(&service)
        )),
    }
    Ok(())
}

/// The `toServiceStrategy` without the target id; zero and false values are left out, so the
/// server's defaults apply as they did for 0.12.
fn strategy(args: &UpgradeArgs, final_scale: u64) -> Map<String, Value> {
    let mut strategy = Map::new();
    if args.batch_size > 0 {
        strategy.insert("batchSize".into(), json!(args.batch_size));
    }
    if final_scale > 0 {
        strategy.insert("finalScale".into(), json!(final_scale));
    }
    if args.interval > 0 {
        strategy.insert("intervalMillis".into(), json!(args.interval));
    }
    if args.update_links {
        strategy.insert("updateLinks".into(), json!(true));
    }
    strategy
}

/// FROM and TO must be services of the compose files, and not sidekicks.
fn check_service(project: &Project, name: &str) -> anyhow::Result<()> {
    if !project.services.contains_key(name) {
        bail!("no such service: `{name}` is not in the compose files");
    }
    if let Some((primary, _)) = project.services.iter().find(|(_, s)| s.sidekicks().contains(&name)) {
        bail!("`{name}` is a sidekick of `{primary}`, not a Rancher service of its own");
    }
    Ok(())
}

fn refuse_global(name: &str, service: &Value) -> anyhow::Result<()> {
    let global =
        service.pointer("/launchConfig/labels").and_then(|l| l.get(GLOBAL_LABEL)).and_then(Value::as_str);
    if global == Some("true") {
        bail!(
            "`{name}` is a global service (one container per host); upgrading it to another service is not supported"
        );
    }
    Ok(())
}
