//! The deploy engine: for each kind of run, check the server, observe the stack, plan, refuse
//! before any change if the plan cannot run, then execute the plan as it is, and decide how the
//! run ended (rolling back a failed upgrade when asked). Commands call it and print the
//! report; all policy lives here.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::api::Client;
use crate::compose::Project;

use super::events::{Event, Reporter};
use super::execute::{Execution, Executor, RunSettings, StepOutcome};
use super::kind::Kind;
use super::observe::{self, Observed};
use super::plan::{self, Action, Lifecycle, Rolling, StackPlan, UpOptions};
use super::{Error, order};

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Ending {
    /// `--dry-run`: planned only.
    Planned,
    /// The stack does not exist (commands that act on deployed services only).
    NoStack,
    /// Nothing needed doing.
    UpToDate,
    /// Every step is done.
    Done,
    /// A step failed; `partial` when the server had accepted changes before.
    Failed { message: String, partial: bool },
    /// An upgrade failed and was left as it is, for inspection.
    UpgradeLeftForInspection { message: String },
    /// An upgrade failed and was rolled back.
    RolledBack { message: String, confirmed: Vec<String> },
    /// Ctrl-C: no new step started; `upgrades` were started and not confirmed.
    Interrupted { upgrades: Vec<String> },
}

/// What a run planned, did, and how it ended.
#[derive(Debug)]
pub(crate) struct Report {
    pub plan: StackPlan,
    pub execution: Option<Execution>,
    /// The rollback after a failed upgrade (`--rollback-on-failure`).
    pub rollback: Option<Execution>,
    pub ending: Ending,
}

impl Report {
    fn ended(plan: StackPlan, ending: Ending) -> Self {
        Self { plan, execution: None, rollback: None, ending }
    }
}

/// Runs plans against one server.
pub(crate) struct Engine<'c> {
    pub client: &'c Client,
    pub reporter: &'c dyn Reporter,
    pub settings: RunSettings,
}

impl Engine<'_> {
    /// `up` and `create` of `project`.
    ///
    /// # Errors
    /// The server lacks something the run needs, something the files refer to is missing, a
    /// service cannot be planned, or a read failed: in every case before any change.
    pub(crate) async fn up(
        &self,
        project: &Project,
        opts: &UpOptions,
        dry_run: bool,
        rollback_on_failure: bool,
    ) -> Result<Report, Error> {
        self.check_server(project, opts)?;
        let _watch = crate::interrupt::watch();
        let names = order::services(project, &opts.selected);
        let observed =
            observe::observe(self.client, &project.name, Some(project), &names, self.settings.timeout).await;
        let observed = match observed {
            Err(Error::Interrupted) => return Ok(interrupted_early(&project.name)),
            other => other?,
        };
        plan::check(project, &observed, &opts.selected).map_err(Error::Refused)?;
        let plan = plan::up(project, &observed, self.client.schemas(), opts);
        refuse_blocked(&plan)?;
        if dry_run {
            return Ok(Report::ended(plan, Ending::Planned));
        }
        self.warn_notes(&plan);
        if opts.flags.confirm && !plan.steps.iter().any(|s| matches!(s.action, Action::FinishUpgrade)) {
            let waiting: Vec<String> = plan
                .services
                .iter()
                .map(|s| format!("{} ({})", s.service, s.state.as_deref().unwrap_or("new")))
                .collect();
            if !waiting.is_empty() {
                self.reporter.warn(&format!(
                    "--confirm-upgrade: no service has an upgrade to confirm: {}",
                    waiting.join(", ")
                ));
            }
        }
        if plan.steps.is_empty() {
            self.reporter.note(&format!("stack `{}` is up to date", project.name));
            return Ok(Report::ended(plan, Ending::UpToDate));
        }
        Ok(self.execute(plan, &observed, rollback_on_failure).await)
    }

    /// `start`, `stop`, `restart`, `rm`, `scale`, and `up --rollback`/`--cancel-upgrade`/
    /// `--confirm-upgrade` of services with a pending upgrade: `names` of the stack `stack`
    /// (in dependency order, with `depends` saying what each waits for).
    ///
    /// # Errors
    /// The server lacks the action, a service cannot be acted on, or a read failed.
    pub(crate) async fn lifecycle(
        &self,
        stack: &str,
        names: &[String],
        depends: &BTreeMap<String, Vec<String>>,
        op: &Lifecycle,
        dry_run: bool,
    ) -> Result<Report, Error> {
        let schemas = self.client.schemas();
        schemas.require_method("service", "GET", true)?;
        match op {
            Lifecycle::Start => schemas.require_action("service", "activate")?,
            Lifecycle::Stop => schemas.require_action("service", "deactivate")?,
            Lifecycle::Restart { .. } => schemas.require_action("service", "restart")?,
            Lifecycle::Rollback | Lifecycle::Undo => schemas.require_action("service", "rollback")?,
            Lifecycle::Cancel => schemas.require_action("service", "cancelupgrade")?,
            Lifecycle::Confirm => schemas.require_action("service", "finishupgrade")?,
            Lifecycle::Remove | Lifecycle::Scale(_) => {}
        }
        let _watch = crate::interrupt::watch();
        let observed = match observe::observe(self.client, stack, None, &[], self.settings.timeout).await {
            Err(Error::Interrupted) => return Ok(interrupted_early(stack)),
            other => other?,
        };
        if observed.stack.is_none() {
            return Ok(Report::ended(
                StackPlan { stack: stack.to_owned(), ..StackPlan::default() },
                Ending::NoStack,
            ));
        }
        // No names: every service of the stack, those gone from the files included.
        let everything: Vec<String>;
        let names = if names.is_empty() {
            everything = observed.services.values().map(|s| s.name().to_owned()).collect();
            &everything
        } else {
            names
        };
        let plan = plan::lifecycle(stack, names, &observed, depends, op);
        refuse_blocked(&plan)?;
        if dry_run {
            return Ok(Report::ended(plan, Ending::Planned));
        }
        for service in &plan.services {
            for note in &service.notes {
                self.reporter.note(note);
            }
        }
        for note in &plan.notes {
            self.reporter.warn(note);
        }
        if plan.steps.is_empty() {
            return Ok(Report::ended(plan, Ending::UpToDate));
        }
        Ok(self.execute(plan, &observed, false).await)
    }

    /// `pull`: the images of the selected services on every host (`cached`: only where they
    /// are already).
    ///
    /// # Errors
    /// The server cannot pull.
    pub(crate) async fn pull(
        &self,
        project: &Project,
        selected: &[String],
        cached: bool,
    ) -> Result<Report, Error> {
        self.client.schemas().require_method("pullTask", "POST", true)?;
        let _watch = crate::interrupt::watch();
        let plan = plan::pulls(project, selected, cached);
        if plan.steps.is_empty() {
            return Ok(Report::ended(plan, Ending::UpToDate));
        }
        Ok(self.execute(plan, &Observed::default(), false).await)
    }

    /// `upgrade FROM TO`.
    ///
    /// # Errors
    /// As [`Self::up`], and FROM not deployed or not upgradable, or a global service.
    pub(crate) async fn rolling(
        &self,
        project: &Project,
        r: &Rolling,
        opts: &UpOptions,
        dry_run: bool,
    ) -> Result<Report, Error> {
        self.check_server(project, opts)?;
        self.client.schemas().require_action("service", "upgrade")?;
        let _watch = crate::interrupt::watch();
        let settle = [r.from.clone(), r.to.clone()];
        let observed =
            observe::observe(self.client, &project.name, Some(project), &settle, self.settings.timeout).await;
        let observed = match observed {
            Err(Error::Interrupted) => return Ok(interrupted_early(&project.name)),
            other => other?,
        };
        plan::check(project, &observed, std::slice::from_ref(&r.to)).map_err(Error::Refused)?;
        let plan =
            plan::rolling(project, &observed, self.client.schemas(), r, opts).map_err(Error::Refused)?;
        if dry_run {
            return Ok(Report::ended(plan, Ending::Planned));
        }
        self.warn_notes(&plan);
        Ok(self.execute(plan, &observed, false).await)
    }

    /// Checks that the server has every type and action the run uses.
    fn check_server(&self, project: &Project, opts: &UpOptions) -> Result<(), Error> {
        let schemas = self.client.schemas();
        schemas.require_method("stack", "POST", true)?;
        schemas.require_method("service", "GET", true)?;
        for service in project.services.values() {
            let kind = Kind::of(service);
            schemas.require_method(kind.schema_type(), "POST", true)?;
            if kind == Kind::LegacyLoadBalancer {
                schemas.require_method("setting", "GET", false)?;
            }
        }
        for action in ["activate", "deactivate", "setservicelinks"] {
            schemas.require_action("service", action)?;
        }
        let flags = &opts.flags;
        if flags.upgrade || flags.force || flags.confirm {
            for action in ["upgrade", "finishupgrade", "rollback", "cancelupgrade", "continueupgrade"] {
                schemas.require_action("service", action)?;
            }
        }
        if opts.pull {
            schemas.require_method("pullTask", "POST", true)?;
        }
        for (name, spec) in &project.volumes {
            if matches!(super::volumes::wanted(name, spec), super::volumes::Wanted::Template(_)) {
                schemas.require_method("volumeTemplate", "POST", true)?;
            }
        }
        Ok(())
    }

    fn warn_notes(&self, plan: &StackPlan) {
        for service in &plan.services {
            for note in &service.notes {
                self.reporter.warn(&format!("service `{}`: {note}", service.service));
            }
        }
        for note in &plan.notes {
            self.reporter.note(note);
        }
    }

    /// Executes `plan` and works out how the run ended; a failed upgrade is rolled back when
    /// `rollback_on_failure`.
    async fn execute(&self, plan: StackPlan, observed: &Observed, rollback_on_failure: bool) -> Report {
        let _watch = crate::interrupt::watch();
        self.reporter.report(Event::Begin(&plan));
        let executor = Executor { client: self.client, reporter: self.reporter, settings: self.settings };
        let execution = executor.run(&plan, observed).await;
        let upgrades = started_upgrades(&plan, &execution);
        let failures: Vec<String> = execution
            .failures()
            .filter(|(_, e)| !matches!(e, Error::Interrupted))
            .map(|(s, e)| format!("`{}`: {e}", s.service.clone().unwrap_or_else(|| s.id.clone())))
            .collect();
        // A Ctrl-C that came as the last steps ended still ends the run as interrupted, so it
        // says how to resume, confirm or roll back.
        if (execution.interrupted() || crate::interrupt::requested()) && failures.is_empty() {
            let ending = Ending::Interrupted { upgrades };
            return Report { plan, execution: Some(execution), rollback: None, ending };
        }
        if failures.is_empty() {
            return Report { plan, execution: Some(execution), rollback: None, ending: Ending::Done };
        }
        let described = failures.join("; ");
        let upgrade_failed =
            execution.failures().any(|(s, _)| s.service.as_ref().is_some_and(|n| upgrades.contains(n)));
        if !upgrade_failed {
            let partial = self.client.mutations() > 0;
            let message = if partial { format!("partly applied; {described}") } else { described };
            return Report {
                plan,
                execution: Some(execution),
                rollback: None,
                ending: Ending::Failed { message, partial },
            };
        }
        if !rollback_on_failure {
            let message = format!(
                "upgrade failed and was left as it is for inspection: {described} (`up --rollback` undoes it, `--rollback-on-failure` does so automatically)"
            );
            return Report {
                plan,
                execution: Some(execution),
                rollback: None,
                ending: Ending::UpgradeLeftForInspection { message },
            };
        }
        let (rollback, ending) = self.roll_back(&plan.stack, &upgrades, &described).await;
        Report { plan, execution: Some(execution), rollback, ending }
    }

    /// Rolls back the upgrades a failed run started; confirmed ones have no way back.
    async fn roll_back(
        &self,
        stack: &str,
        upgrades: &[String],
        described: &str,
    ) -> (Option<Execution>, Ending) {
        let observed = match observe::observe(self.client, stack, None, &[], self.settings.timeout).await {
            Ok(observed) => observed,
            Err(e) => {
                let message = format!("upgrade failed ({described}); the rollback failed too: {e}");
                return (None, Ending::UpgradeLeftForInspection { message });
            }
        };
        let plan = plan::lifecycle(stack, upgrades, &observed, &BTreeMap::new(), &Lifecycle::Undo);
        let rolled: Vec<String> =
            upgrades.iter().filter(|n| plan.steps_of(n).next().is_some()).cloned().collect();
        let confirmed: Vec<String> = upgrades.iter().filter(|n| !rolled.contains(n)).cloned().collect();
        if rolled.is_empty() {
            let message = format!("upgrade failed ({described}); nothing could be rolled back");
            return (None, Ending::UpgradeLeftForInspection { message });
        }
        let executor = Executor { client: self.client, reporter: self.reporter, settings: self.settings };
        let execution = executor.run(&plan, &observed).await;
        let failed: Vec<String> = execution
            .failures()
            .map(|(s, e)| format!("`{}`: {e}", s.service.clone().unwrap_or_default()))
            .collect();
        let ending = if failed.is_empty() {
            Ending::RolledBack {
                message: format!(
                    "upgrade failed ({described}); rolled back: {} (the previous containers run again)",
                    rolled.join(", ")
                ),
                confirmed,
            }
        } else {
            Ending::UpgradeLeftForInspection {
                message: format!(
                    "upgrade failed ({described}); the rollback failed too: {}",
                    failed.join("; ")
                ),
            }
        };
        (Some(execution), ending)
    }
}

/// A run stopped by Ctrl-C while it read the stack, before any change.
fn interrupted_early(stack: &str) -> Report {
    Report::ended(
        StackPlan { stack: stack.to_owned(), ..StackPlan::default() },
        Ending::Interrupted { upgrades: Vec::new() },
    )
}

/// Refuses a plan with blocked services, before any change.
fn refuse_blocked(plan: &StackPlan) -> Result<(), Error> {
    let blocked = plan.blocked();
    if blocked.is_empty() {
        Ok(())
    } else {
        Err(Error::Refused(format!("nothing was changed: {}", blocked.join("; "))))
    }
}

/// The services whose upgrade this run started (or carried on) and did not confirm.
#[must_use]
pub(crate) fn started_upgrades(plan: &StackPlan, execution: &Execution) -> Vec<String> {
    let mut started: Vec<String> = Vec::new();
    for (step, result) in plan.steps.iter().zip(&execution.steps) {
        let Some(service) = &step.service else { continue };
        if step.action.carries_upgrade() && result.accepted {
            if !started.contains(service) {
                started.push(service.clone());
            }
        } else if matches!(step.action, Action::FinishUpgrade) && matches!(result.outcome, StepOutcome::Done)
        {
            started.retain(|s| s != service);
        }
    }
    started
}

/// The services of a run as its `--json` result shows them: state and health as last seen,
/// the steps done, and the error of a failed step.
#[must_use]
pub(crate) fn service_outcomes(report: &Report) -> Vec<Value> {
    let mut out = Vec::new();
    let runs: Vec<&Execution> = report.execution.iter().chain(&report.rollback).collect();
    for view in &report.plan.services {
        let name = &view.service;
        let mut actions = Vec::new();
        let mut error = None;
        let mut last: Option<&crate::api::Service> = None;
        for run in &runs {
            for result in run.steps.iter().filter(|r| r.service.as_ref() == Some(name)) {
                match &result.outcome {
                    StepOutcome::Done
                        if result.action != "wait-upgrade" && result.action != "wait-healthy" =>
                    {
                        actions.push(result.action);
                    }
                    StepOutcome::Failed(e) => error = Some(e.to_string()),
                    _ => {}
                }
            }
            last = run.services.get(&name.to_lowercase()).or(last);
        }
        let mut v = serde_json::json!({
            "service": name,
            "actions": actions,
            "changed": !actions.is_empty(),
            "state": last.map_or("", |s| s.state().as_str()),
            "health": last.map_or("", |s| s.health()),
        });
        if let Some(error) = error {
            v["error"] = Value::String(error);
        }
        out.push(v);
    }
    out
}
