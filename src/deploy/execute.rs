//! Runs one [`StackPlan`] as it is: a step starts as soon as the steps it waits for are done
//! (a graph, not waves), with at most `parallel` requests in flight; waits cost nothing of
//! that budget (they share one poll of the stack, see `watch`). The executor decides nothing:
//! it sends each step's request, waits for its goal, and reports how every step went. After
//! a failure or Ctrl-C no new step starts; the ones under way finish.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use serde_json::{Map, Value, json};
use tokio::sync::Semaphore;

use crate::api::types::text;
use crate::api::{Client, Service, Stack};

use super::Error;
use super::events::{Event, Reporter, UpgradeProgress};
use super::observe::Observed;
use super::plan::{Action, HASH_KEY, StackPlan, Step, resolve_references, starts_on_create};
use super::wait::until_settled;
use super::watch::{self, Goal, Wait, Watcher};
use crate::locks::lock;

/// How steps are run.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RunSettings {
    /// Deadline of each wait; zero waits forever.
    pub timeout: Duration,
    /// Most requests in flight at once.
    pub parallel: usize,
    /// Containers in error and no progress for this long fail a wait.
    pub grace: Duration,
}

/// How one step went.
#[derive(Debug)]
pub(crate) enum StepOutcome {
    Done,
    Failed(Error),
    /// Not started because of Ctrl-C.
    Interrupted,
    /// Not started because an earlier step failed.
    NotRun,
}

impl StepOutcome {
    #[must_use]
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Self::Done => "done",
            Self::Failed(_) => "failed",
            Self::Interrupted => "interrupted",
            Self::NotRun => "not-run",
        }
    }
}

/// One step's result.
#[derive(Debug)]
pub(crate) struct StepResult {
    pub id: String,
    pub service: Option<String>,
    pub action: &'static str,
    pub outcome: StepOutcome,
    /// The server accepted the step's change (an upgrade it started can be rolled back).
    pub accepted: bool,
}

/// What a run did.
#[derive(Debug, Default)]
pub(crate) struct Execution {
    /// Every step of the plan, in plan order.
    pub steps: Vec<StepResult>,
    /// The services as last seen, by lower-case name.
    pub services: BTreeMap<String, Service>,
}

impl Execution {
    /// The failed steps with their errors.
    pub(crate) fn failures(&self) -> impl Iterator<Item = (&StepResult, &Error)> {
        self.steps.iter().filter_map(|s| match &s.outcome {
            StepOutcome::Failed(e) => Some((s, e)),
            _ => None,
        })
    }

    #[must_use]
    pub(crate) fn interrupted(&self) -> bool {
        self.steps.iter().any(|s| {
            matches!(s.outcome, StepOutcome::Interrupted)
                || matches!(s.outcome, StepOutcome::Failed(Error::Interrupted))
        })
    }

    /// The step results as `--json` shows them.
    #[must_use]
    pub(crate) fn steps_json(&self) -> Vec<Value> {
        self.steps
            .iter()
            .map(|s| {
                let mut v = json!({"id": s.id, "service": s.service, "action": s.action, "outcome": s.outcome.name()});
                if let StepOutcome::Failed(e) = &s.outcome {
                    v["error"] = json!(e.to_string());
                }
                v
            })
            .collect()
    }
}

/// What the steps of a run share.
struct Shared {
    services: Mutex<BTreeMap<String, Service>>,
    /// Create step id → the id of what it created.
    created: Mutex<BTreeMap<String, String>>,
}

impl Shared {
    /// The service `name` as last seen (one without fields when it was never seen).
    fn service(&self, name: &str) -> Service {
        lock(&self.services).get(&name.to_lowercase()).cloned().unwrap_or_default()
    }

    fn remember(&self, name: &str, service: &Service) {
        lock(&self.services).insert(name.to_lowercase(), service.clone());
    }

    /// Step `step` created the resource `id`.
    fn created(&self, step: &str, id: &str) {
        lock(&self.created).insert(step.to_owned(), id.to_owned());
    }

    /// `body` with the ids of resources created in this run filled in.
    fn resolve(&self, body: &Value) -> Result<(Value, bool), Error> {
        let created = lock(&self.created).clone();
        match resolve_references(body, &created) {
            (_, _, Some(missing)) => {
                Err(Error::NotFound(format!("step `{missing}` did not create anything")))
            }
            (body, replaced, None) => Ok((body, replaced)),
        }
    }
}

/// Runs plans against one server.
pub(crate) struct Executor<'c> {
    pub client: &'c Client,
    pub reporter: &'c dyn Reporter,
    pub settings: RunSettings,
}

impl Executor<'_> {
    /// Runs every step of `plan`, starting from what `observed` saw.
    pub(crate) async fn run(&self, plan: &StackPlan, observed: &Observed) -> Execution {
        let shared =
            Shared { services: Mutex::new(observed.services.clone()), created: Mutex::new(BTreeMap::new()) };
        let watcher = Watcher::new(self.client, observed.stack_id());
        // Waits follow the server's events where it has them (one request for the whole run).
        let waits = plan.steps.iter().any(|s| s.service.is_some());
        let events = if waits { crate::api::events::subscribe(self.client).await.ok() } else { None };
        let drive = async {
            let outcomes = self.drive(plan, &shared, &watcher).await;
            watcher.close();
            outcomes
        };
        let (outcomes, ()) = futures_util::future::join(drive, watcher.run(events)).await;
        let steps = plan
            .steps
            .iter()
            .zip(outcomes)
            .map(|(step, (outcome, accepted))| StepResult {
                id: step.id.clone(),
                service: step.service.clone(),
                action: step.action.name(),
                outcome,
                accepted,
            })
            .collect();
        Execution { steps, services: crate::locks::into_inner(shared.services) }
    }

    /// Starts each step once its predecessors are done; returns each step's outcome and
    /// whether the server accepted its change, in plan order.
    async fn drive(
        &self,
        plan: &StackPlan,
        shared: &Shared,
        watcher: &Watcher<'_>,
    ) -> Vec<(StepOutcome, bool)> {
        let n = plan.steps.len();
        let index: BTreeMap<&str, usize> =
            plan.steps.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
        let mut waiting_for: Vec<usize> = vec![0; n];
        let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, step) in plan.steps.iter().enumerate() {
            for before in &step.after {
                if let Some(&b) = index.get(before.as_str()) {
                    waiting_for[i] += 1;
                    dependents[b].push(i);
                }
            }
        }
        let mut ready: std::collections::VecDeque<usize> = (0..n).filter(|&i| waiting_for[i] == 0).collect();
        let mut results: Vec<Option<(StepOutcome, bool)>> = (0..n).map(|_| None).collect();
        let permits = &Semaphore::new(self.settings.parallel.max(1));
        let mut running = FuturesUnordered::new();
        let mut stopping = false;
        loop {
            while !stopping && let Some(i) = ready.pop_front() {
                if crate::interrupt::requested() {
                    stopping = true;
                    ready.push_front(i);
                    break;
                }
                let step = &plan.steps[i];
                running.push(async move { (i, self.step(step, shared, watcher, permits).await) });
            }
            let Some((i, (result, accepted))) = running.next().await else { break };
            match result {
                Ok(()) => {
                    for &d in &dependents[i] {
                        waiting_for[d] -= 1;
                        if waiting_for[d] == 0 {
                            ready.push_back(d);
                        }
                    }
                    results[i] = Some((StepOutcome::Done, accepted));
                }
                Err(error) => {
                    stopping = true;
                    results[i] = Some((StepOutcome::Failed(error), accepted));
                }
            }
        }
        let interrupted = crate::interrupt::requested();
        results
            .into_iter()
            .map(|r| {
                r.unwrap_or(if interrupted {
                    (StepOutcome::Interrupted, false)
                } else {
                    (StepOutcome::NotRun, false)
                })
            })
            .collect()
    }

    /// Runs one step; returns how it went and whether the server accepted its change.
    async fn step(
        &self,
        step: &Step,
        shared: &Shared,
        watcher: &Watcher<'_>,
        permits: &Semaphore,
    ) -> (Result<(), Error>, bool) {
        let reporter = self.reporter;
        reporter.report(Event::Started(step));
        let mut accepted = false;
        let result = self.act(step, shared, watcher, permits, &mut accepted).await;
        match &result {
            Ok(()) => reporter.report(Event::Done(step)),
            Err(Error::Interrupted) => {}
            Err(e) => reporter.report(Event::Failed { step, message: &e.to_string() }),
        }
        (result, accepted)
    }

    async fn act(
        &self,
        step: &Step,
        shared: &Shared,
        watcher: &Watcher<'_>,
        permits: &Semaphore,
        accepted: &mut bool,
    ) -> Result<(), Error> {
        let client = self.client;
        let name = step.service.as_deref().unwrap_or_default();
        let progress = |p: &UpgradeProgress, seconds: f64| {
            self.reporter.report(Event::Progress { step, progress: p, seconds });
        };
        let how = Wait { timeout: self.settings.timeout, grace: self.settings.grace, progress: None };
        let with_progress = Wait { progress: Some(&progress), ..how };
        // One request under a permit; the wait after it holds none.
        macro_rules! send {
            ($request:expr) => {{
                let _permit = permits.acquire().await.map_err(|_| Error::Interrupted)?;
                let answer = $request.await?;
                *accepted = true;
                answer
            }};
        }
        let (moving, goal, wait) = match &step.action {
            Action::CreateStack { body } => {
                // Services can be created in a stack that is still activating: 0.12.5 does not
                // wait here either.
                let stack: Stack = send!(client.create_as("stack", body));
                shared.created(&step.id, stack.id());
                watcher.set_stack(stack.id());
                return Ok(());
            }
            Action::CreateVolume { body, .. } => {
                let (body, _) = shared.resolve(body)?;
                let created: Value = send!(client.create("volumeTemplate", &body));
                shared.created(&step.id, text(&created, "id"));
                return Ok(());
            }
            Action::Pull { image, cached } => {
                let mode = if *cached { "cached" } else { "all" };
                let task: Value = send!(client.create("pullTask", &json!({ "image": image, "mode": mode })));
                let task = until_settled(client, task, watch::SETTLED, self.settings.timeout).await?;
                return pulled(image, &task);
            }
            Action::Create { kind, body, hashed } => {
                let (body, replaced) = shared.resolve(body)?;
                let body = if replaced { rehash(body, hashed.as_ref()) } else { body };
                let created: Service = send!(client.create_as(kind, &body));
                shared.created(&step.id, created.id());
                shared.remember(name, &created);
                // A service created with `start_on_create` is done once it runs.
                let goal = if starts_on_create(&body) { watch::ACTIVE } else { watch::CREATED };
                (created, Goal::States(goal), &how)
            }
            Action::Update { fields, desired, keep_metadata, hashed } => {
                let (desired, replaced) = shared.resolve(desired)?;
                let desired = if replaced { rehash(desired, hashed.as_ref()) } else { desired };
                let body = update_body(fields, &desired, keep_metadata);
                (send!(client.update_as(&shared.service(name), &body)), Goal::States(watch::SETTLED), &how)
            }
            Action::Scale { scale } => (
                send!(client.update_as(&shared.service(name), &json!({ "scale": scale }))),
                Goal::States(watch::SETTLED),
                &how,
            ),
            Action::Links { input, .. } => {
                let (input, _) = shared.resolve(input)?;
                let service = shared.service(name);
                (
                    send!(client.action_as(&service, "setservicelinks", Some(&input))),
                    Goal::States(watch::SETTLED),
                    &how,
                )
            }
            Action::Activate => (
                send!(client.action_as(&shared.service(name), "activate", None)),
                Goal::States(watch::ACTIVE),
                &how,
            ),
            Action::Deactivate => (
                send!(client.action_as(&shared.service(name), "deactivate", None)),
                Goal::States(watch::INACTIVE),
                &how,
            ),
            Action::Restart { input } => {
                let service = shared.service(name);
                (send!(client.action_as(&service, "restart", Some(input))), Goal::States(watch::ACTIVE), &how)
            }
            Action::Remove { drained } => {
                let service = shared.service(name);
                if *drained {
                    let now = client.reload(&service).await?;
                    let scale = now.scale().unwrap_or_default();
                    if scale != 0 {
                        return Err(Error::Unsupported(format!(
                            "not removing `{name}`: its scale is {scale} instead of 0 (state `{}`)",
                            now.state()
                        )));
                    }
                }
                (send!(client.delete_as(&service)), Goal::Gone, &how)
            }
            Action::Upgrade { input, .. } => {
                let service = shared.service(name);
                (send!(client.action_as(&service, "upgrade", Some(input))), Goal::Upgraded, &with_progress)
            }
            Action::WaitUpgrade => {
                *accepted = true;
                (shared.service(name), Goal::Upgraded, &with_progress)
            }
            Action::ContinueUpgrade => {
                let service = shared.service(name);
                (send!(client.action_as(&service, "continueupgrade", None)), Goal::Upgraded, &with_progress)
            }
            Action::FinishUpgrade => {
                let service = shared.service(name);
                (send!(client.action_as(&service, "finishupgrade", None)), Goal::States(watch::ACTIVE), &how)
            }
            Action::Rollback => (
                send!(client.action_as(&shared.service(name), "rollback", None)),
                Goal::States(watch::ACTIVE),
                &how,
            ),
            Action::CancelUpgrade => {
                let service = shared.service(name);
                (
                    send!(client.action_as(&service, "cancelupgrade", None)),
                    Goal::States(watch::CANCELED_UPGRADE),
                    &how,
                )
            }
            Action::WaitHealthy => (shared.service(name), Goal::Healthy, &how),
            Action::UpgradeTo { input, wait, .. } => {
                let (input, _) = shared.resolve(input)?;
                let service = shared.service(name);
                let moving: Service = send!(client.action_as(&service, "upgrade", Some(&input)));
                shared.remember(name, &moving);
                if !*wait {
                    return Ok(());
                }
                (moving, Goal::Upgraded, &how)
            }
        };
        shared.remember(name, &moving);
        let settled = watcher.until(&moving, goal, wait).await?;
        shared.remember(name, &settled);
        Ok(())
    }
}

/// The `PUT` body of an update: the fields, and the whole metadata map (a `PUT` replaces it)
/// with the wanted keys, the stored hash among them, on top of the live ones.
fn update_body(fields: &[String], desired: &Value, keep: &Map<String, Value>) -> Value {
    let mut body: Map<String, Value> =
        fields.iter().filter_map(|f| Some((f.clone(), desired.get(f)?.clone()))).collect();
    let mut metadata = keep.clone();
    if let Some(wanted) = desired.get("metadata").and_then(Value::as_object) {
        metadata.extend(wanted.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    body.insert("metadata".into(), Value::Object(metadata));
    Value::Object(body)
}

/// A body whose references were just filled in gets its stored 0.12 service hash computed
/// again, over the ids the server gave (`hashed`: what 0.12.5 hashes beside the body).
fn rehash(mut body: Value, hashed: Option<&Value>) -> Value {
    let Some(object) = body.as_object_mut() else { return body };
    // The body was hashed without a metadata map of its own when the hash was all it held.
    let only_hash =
        object.get("metadata").and_then(Value::as_object).is_some_and(|m| m.keys().all(|k| k == HASH_KEY));
    if only_hash {
        object.remove("metadata");
    }
    let hash = super::hash::service(&body, hashed);
    if let Some(object) = body.as_object_mut() {
        let metadata = object.entry("metadata").or_insert_with(|| json!({}));
        if let Some(m) = metadata.as_object_mut() {
            m.insert(HASH_KEY.into(), json!(hash));
        }
    }
    body
}

/// A finished pull task: every host must report `Done`.
fn pulled(image: &str, task: &Value) -> Result<(), Error> {
    let failed: Vec<String> = task
        .get("status")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(_, status)| status.as_str() != Some("Done"))
        .map(|(host, status)| format!("{host}: {}", status.as_str().unwrap_or("unknown")))
        .collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Error::NotFound(format!("pulling `{image}` failed on {}", failed.join(", "))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn updates_send_the_fields_and_the_merged_metadata() {
        let desired =
            json!({"scale": 3, "lbConfig": {"portRules": []}, "metadata": {"team": "blue", HASH_KEY: "h"}});
        let keep = Map::from_iter([("ui".to_owned(), json!("x")), ("team".to_owned(), json!("red"))]);
        let body = update_body(&["scale".to_owned()], &desired, &keep);
        assert_eq!(body, json!({"scale": 3, "metadata": {"ui": "x", "team": "blue", HASH_KEY: "h"}}));
    }

    #[test]
    fn rehash_matches_a_body_hashed_with_the_ids_from_the_start() {
        let plain = json!({"name": "lb", "lbConfig": {"portRules": [{"serviceId": "1s4"}]}});
        let mut hashed = plain.clone();
        hashed["metadata"] = json!({ HASH_KEY: super::super::hash::service(&plain, None) });
        let mut stale = plain;
        stale["metadata"] = json!({ HASH_KEY: "stale" });
        assert_eq!(rehash(stale, None), hashed);
    }
}
