//! `upgrade FROM TO`: a rolling upgrade from one service to another, batched by the server
//! (`toServiceStrategy`), as rancher-compose 0.12 did it; but every wait has a deadline and a
//! failure is reported as one, and `--dry-run` shows the plan first.

use anyhow::bail;

use crate::cli::UpgradeArgs;
use crate::compose::Project;
use crate::deploy::engine::{Ending, Engine};
use crate::deploy::plan::{Rolling, UpOptions};
use crate::exit::{ExitStatus, Outcome};
use crate::ui::report::reporter;

use super::connection::{settings, with_client};
use super::{Ctx, load_project};

pub(super) fn run(args: &UpgradeArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let project = load_project(ctx)?;
    for name in [&args.from, &args.to] {
        check_service(&project, name)?;
    }
    // FROM may be an empty entry naming the service on the server; TO is what it becomes.
    if project.services.get(&args.to).is_some_and(crate::compose::ProjectService::is_reference) {
        bail!("`{}` is an empty entry; the service to upgrade to needs its definition (an `image`)", args.to);
    }
    if args.from == args.to {
        bail!("FROM and TO are the same service `{}`", args.from);
    }
    let rolling = Rolling {
        from: args.from.clone(),
        to: args.to.clone(),
        batch_size: args.batch_size,
        interval_ms: args.interval,
        final_scale: u64::try_from(args.scale).ok(),
        update_links: args.update_links,
        wait: args.wait,
        cleanup: args.cleanup,
        pull: args.pull,
    };
    let opts =
        UpOptions { pull: args.pull, build_stamp: super::engine_runs::build_stamp(), ..UpOptions::default() };
    let width = project.services.keys().map(String::len).max().unwrap_or(0);
    let reporter = reporter(ctx.printer, width, false);
    with_client(ctx, async |client| {
        let engine = Engine {
            client,
            reporter: reporter.as_ref(),
            settings: settings(args.timeout.timeout, args.run),
        };
        let report = engine.rolling(&project, &rolling, &opts, args.dry_run).await;
        reporter.done();
        let report = report?;
        match &report.ending {
            Ending::Done => {
                if !(args.wait || args.cleanup) {
                    ctx.printer.status(format_args!(
                        "the server is moving `{}` to `{}`; `--wait` waits for it",
                        args.from, args.to
                    ));
                }
                Ok(ExitStatus::Success)
            }
            // The server goes on moving containers: left as it is, for inspection.
            Ending::UpgradeLeftForInspection { message } | Ending::RolledBack { message, .. } => {
                Err(Outcome::LeftForInspection(format!("rolling upgrade: {message}")).into())
            }
            _ => super::engine_runs::finish(ctx, &report, false, false),
        }
    })
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
