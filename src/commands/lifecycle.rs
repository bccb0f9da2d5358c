//! `up --rollback` and `up --cancel-upgrade`: they act on pending upgrades only, service by
//! service, and also on services that are no longer in the compose files. A service with
//! nothing to act on is reported with its state and skipped, never an error.

use anyhow::bail;
use serde_json::Value;

use crate::cli::UpArgs;
use crate::deploy::state;
use crate::deploy::wait::until_settled;
use crate::exit::ExitStatus;

use super::Ctx;
use super::server::with_deployer;
use crate::compose::Project;

/// What to do to each pending upgrade.
#[derive(Clone, Copy)]
enum Lifecycle {
    Rollback,
    Cancel,
    Confirm,
}

impl Lifecycle {
    fn action(self) -> &'static str {
        match self {
            Self::Rollback => "rollback",
            Self::Cancel => "cancelupgrade",
            Self::Confirm => "finishupgrade",
        }
    }

    /// The states the action starts from (Rancher's process definitions).
    fn applies_to(self, state: &str) -> bool {
        match self {
            Self::Rollback => matches!(state, "upgrading" | "upgraded" | "canceled-upgrade"),
            Self::Cancel => matches!(state, "upgrading" | "finishing-upgrade"),
            Self::Confirm => matches!(state, "upgrading" | "upgraded"),
        }
    }

    fn target(self) -> &'static str {
        match self {
            Self::Rollback => "active",
            Self::Cancel => "canceled-upgrade",
            Self::Confirm => "active",
        }
    }

    fn verb(self) -> &'static str {
        match self {
            Self::Rollback => "roll back",
            Self::Cancel => "cancel",
            Self::Confirm => "confirm",
        }
    }

    fn events(self) -> (&'static str, &'static str) {
        match self {
            Self::Rollback => ("Rolling back", "Rolled back"),
            Self::Cancel => ("Canceling the upgrade", "Upgrade canceled"),
            Self::Confirm => ("Confirming the upgrade", "Upgrade confirmed"),
        }
    }
}

/// Whether `up` should only act on pending upgrades: `--rollback`, `--cancel-upgrade`, or
/// `--confirm-upgrade` (without `--upgrade`) naming a service that is not in the compose files.
#[must_use]
pub fn applies(args: &UpArgs, project_services: &[String]) -> bool {
    let confirm_only = args.confirm_upgrade && !args.upgrade && !args.force_upgrade;
    args.rollback
        || args.cancel_upgrade
        || (confirm_only && args.services.services.iter().any(|n| !project_services.contains(n)))
}

pub fn run(args: &UpArgs, ctx: &Ctx, project: &Project) -> anyhow::Result<ExitStatus> {
    let lifecycle = if args.rollback {
        Lifecycle::Rollback
    } else if args.cancel_upgrade {
        Lifecycle::Cancel
    } else {
        Lifecycle::Confirm
    };
    let named = &args.services.services;
    for name in named {
        if let Some((primary, _)) =
            project.services.iter().find(|(_, s)| s.sidekicks().contains(&name.as_str()))
        {
            bail!("`{name}` is a sidekick of `{primary}`; name `{primary}` instead");
        }
    }
    with_deployer(ctx, project, args.wait.timeout, async |d| {
        d.client.schemas().require_action("service", lifecycle.action())?;
        let snapshot = d.observe(&[]).await?;
        if snapshot.stack.is_none() {
            ctx.printer.warn(format_args!("stack `{}` does not exist; nothing to do", project.name));
            return Ok(ExitStatus::Success);
        }
        // Named services, or every service of the stack (also those gone from the files).
        let targets: Vec<(String, Option<&Value>)> = if named.is_empty() {
            snapshot.services.values().map(|s| (text(s, "name"), Some(s))).collect()
        } else {
            named.iter().map(|n| (n.clone(), snapshot.services.get(&n.to_lowercase()))).collect()
        };
        let mut acted = Vec::new();
        let mut skipped = Vec::new();
        for (name, service) in targets {
            let Some(service) = service else {
                skipped.push(format!("{name} (not deployed)"));
                continue;
            };
            let current = state(service);
            if !lifecycle.applies_to(&current) {
                skipped.push(format!("{name} ({current})"));
                continue;
            }
            if args.dry_run {
                ctx.printer.data(&format!("would {} `{name}` (now `{current}`)\n", lifecycle.verb()))?;
                acted.push(name);
                continue;
            }
            let (doing, done) = lifecycle.events();
            let service = if current == "upgrading" && matches!(lifecycle, Lifecycle::Confirm) {
                d.reporter.event(&name, "Waiting for the upgrade to reach `upgraded`");
                &until_settled(d.client, service.clone(), &["upgraded"], d.timeout).await?
            } else {
                service
            };
            d.transition(&name, service, lifecycle.action(), None, &[lifecycle.target()], (doing, done))
                .await?;
            acted.push(name);
        }
        let verb = lifecycle.verb();
        if acted.is_empty() {
            ctx.printer.warn(format_args!("no upgrade to {verb}: {}", skipped.join(", ")));
        } else if !skipped.is_empty() {
            ctx.printer.status(format_args!("skipped, no upgrade to {verb}: {}", skipped.join(", ")));
        }
        if matches!(lifecycle, Lifecycle::Cancel) && !acted.is_empty() && !args.dry_run {
            let names = acted.join(" ");
            ctx.printer.status(format_args!(
                "next: `up --rollback {names}` restores the previous version; `up --upgrade {names}` continues the upgrade"
            ));
        }
        Ok(ExitStatus::Success)
    })
}

fn text(resource: &Value, key: &str) -> String {
    resource.get(key).and_then(Value::as_str).unwrap_or_default().to_owned()
}
