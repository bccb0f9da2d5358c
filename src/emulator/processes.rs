//! The asynchronous processes behind actions (`rancher-api-semantics.md` §4, §5): each moves a resource from its
//! transitioning state to its done state, driving container transitions with the configured
//! timing. A process carries the resource's generation and stops as soon as another process
//! (cancel, rollback, remove, ...) has superseded it.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use super::Hold;
use super::app::App;
use super::containers::{self, lc_version};
use super::machines::{self, Machine};
use super::placement;
use super::store::{State, mark_removed};
use super::util;

/// Why a process stopped early.
#[derive(Debug)]
pub(super) enum Halt {
    /// Another process took over the resource.
    Superseded,
    /// Waiting for something that never happens (a container that never becomes healthy).
    Stuck,
    /// Some containers failed to start or fit on no host yet; a background retry runs the
    /// process again.
    Waiting,
}

type Step = Result<(), Halt>;

/// Internal field holding the pending rolling-restart strategy; never rendered (not in the schema).
pub(super) const RESTART_KEY: &str = "__rollingRestartStrategy";

/// Start a service process: set the transitioning state, bump the generation. Returns the new
/// generation. The caller has already checked that the process may start.
pub(super) fn begin_service(st: &mut State, sid: u64, state: &str) -> u64 {
    match st.services.get_mut(&sid) {
        Some(s) => {
            s.meta.epoch += 1;
            s.meta.state = state.to_string();
            s.meta.error = false;
            s.meta.message = None;
            s.meta.epoch
        }
        None => 0,
    }
}

pub(super) fn begin_stack(st: &mut State, id: u64, state: &str) -> u64 {
    match st.stacks.get_mut(&id) {
        Some(s) => {
            s.meta.epoch += 1;
            s.meta.state = state.to_string();
            s.meta.error = false;
            s.meta.message = None;
            s.meta.epoch
        }
        None => 0,
    }
}

fn current(st: &State, sid: u64, epoch: u64) -> bool {
    st.services.get(&sid).is_some_and(|s| s.meta.epoch == epoch)
}

/// Run `f` under the lock if the service process is still current.
fn step<T>(app: &App, sid: u64, epoch: u64, f: impl FnOnce(&mut State) -> T) -> Result<T, Halt> {
    let out = {
        let mut st = app.lock();
        if !current(&st, sid, epoch) {
            return Err(Halt::Superseded);
        }
        f(&mut st)
    };
    app.touch();
    Ok(out)
}

fn finish_service(app: &App, sid: u64, epoch: u64, state: &str) {
    let _ = step(app, sid, epoch, |st| {
        if let Some(s) = st.services.get_mut(&sid) {
            if state == "removed" {
                mark_removed(&mut s.meta);
            } else {
                s.meta.state = state.to_string();
                s.meta.message = None;
                s.meta.error = false;
            }
        }
    });
}

fn poll_interval(app: &App) -> Duration {
    app.timing.step.max(Duration::from_millis(20))
}

// ---------------------------------------------------------------- containers

/// Stop running containers (`stopping` → `stopped`).
pub(super) async fn stop_containers(app: &Arc<App>, ids: &[u64]) {
    let any = {
        let mut st = app.lock();
        let mut any = false;
        for id in ids {
            if let Some(c) = st.containers.get_mut(id)
                && machines::can_start(Machine::Container, "stop", &c.meta.state)
            {
                c.meta.state = "stopping".into();
                any = true;
            }
        }
        any
    };
    if !any {
        return;
    }
    app.touch();
    app.pause(app.timing.stop).await;
    {
        let mut st = app.lock();
        for id in ids {
            if let Some(c) = st.containers.get_mut(id)
                && c.meta.state == "stopping"
            {
                c.meta.state = "stopped".into();
            }
        }
    }
    app.touch();
}

/// Remove containers, stopping running ones first.
pub(super) async fn remove_containers(app: &Arc<App>, ids: &[u64]) {
    // Nothing to remove takes no time (a reconcile that only starts containers is not slowed).
    if ids.is_empty() {
        return;
    }
    stop_containers(app, ids).await;
    {
        let mut st = app.lock();
        for id in ids {
            if let Some(c) = st.containers.get_mut(id)
                && c.meta.removed.is_none()
            {
                c.meta.state = "removing".into();
            }
        }
    }
    app.touch();
    app.pause(app.timing.step).await;
    {
        let mut st = app.lock();
        for id in ids {
            if let Some(c) = st.containers.get_mut(id)
                && c.meta.state == "removing"
            {
                mark_removed(&mut c.meta);
            }
        }
    }
    app.touch();
}

/// Start containers (`creating`/`stopped` → `starting` → `running`), then schedule health. While
/// starts are held ([`Hold::Starts`]) the containers stay `starting`. Returns false when some container failed to start (fault injection).
pub(super) async fn start_containers(app: &Arc<App>, ids: &[u64]) -> bool {
    if ids.is_empty() {
        return true;
    }
    {
        let mut st = app.lock();
        for id in ids {
            if let Some(c) = st.containers.get_mut(id)
                && c.meta.state == "stopped"
            {
                c.meta.state = "starting".into();
            }
        }
    }
    app.touch();
    let half = app.timing.start / 2;
    app.pause(half).await;
    {
        let mut st = app.lock();
        for id in ids {
            if let Some(c) = st.containers.get_mut(id)
                && c.meta.state == "creating"
            {
                c.meta.state = "starting".into();
            }
        }
    }
    app.touch();
    app.pause(app.timing.start - half).await;
    app.gates.pass(Hold::Starts).await;
    let faults = app.faults();
    let mut ok = true;
    let mut started = Vec::new();
    {
        let mut st = app.lock();
        for id in ids {
            let Some(c) = st.containers.get_mut(id) else {
                continue;
            };
            if c.meta.state != "starting" {
                continue;
            }
            if app.fails_to_start(&faults, c.image()) {
                c.meta.state = "error".into();
                c.meta.message =
                    Some(format!("Failed to start container: image {} (injected fault)", c.image()));
                ok = false;
                continue;
            }
            c.meta.state = "running".into();
            c.start_count += 1;
            if c.first_running.is_none() {
                c.first_running = Some(util::now_iso());
            }
            c.health = if c.has_health_check() { Some("initializing".into()) } else { None };
            started.push((
                *id,
                c.start_count,
                c.has_health_check(),
                c.start_once(),
                faults.never_healthy(c.image()),
            ));
        }
    }
    app.touch();
    after_start(app, started);
    ok
}

/// Health checks pass after `timing.healthy` (and once [`Hold::Health`] is released);
/// start-once containers exit after running briefly.
fn after_start(app: &Arc<App>, started: Vec<(u64, u64, bool, bool, bool)>) {
    after_running_for(app, started, app.timing.healthy);
}

/// What `after_start` schedules, `delay` from now: (container, startCount it applies to, has a
/// health check, start-once, never healthy).
fn after_running_for(app: &Arc<App>, started: Vec<(u64, u64, bool, bool, bool)>, delay: Duration) {
    let work: Vec<_> = started.into_iter().filter(|(_, _, hc, once, _)| *hc || *once).collect();
    if work.is_empty() {
        return;
    }
    let apply = |app: &App, work: &[(u64, u64, bool, bool, bool)]| {
        let mut st = app.lock();
        for (id, count, hc, once, never) in work {
            let Some(c) = st.containers.get_mut(id) else {
                continue;
            };
            if c.start_count != *count || c.meta.state != "running" {
                continue;
            }
            if *hc && !*never {
                c.health = Some("healthy".into());
            }
            if *once {
                c.meta.state = "stopped".into();
            }
        }
        drop(st);
        app.touch();
    };
    if delay.is_zero() && !app.gates.is_held(Hold::Health) {
        apply(app, &work);
    } else {
        let a = Arc::clone(app);
        app.spawn(async move {
            tokio::time::sleep(delay).await;
            a.gates.pass(Hold::Health).await;
            apply(&a, &work);
        });
    }
}

/// Plan and apply a reconcile for `sid` as part of the process `epoch` of `owner`.
async fn reconcile(app: &Arc<App>, owner: u64, epoch: u64, sid: u64, fill: bool) -> Step {
    let plan = step(app, owner, epoch, |st| containers::plan_reconcile(st, sid, fill))?;
    if plan.is_empty() {
        return Ok(());
    }
    remove_containers(app, &plan.remove).await;
    if !start_containers(app, &plan.start).await {
        // As Cattle does, the service keeps its transitioning state and tries again: the
        // failed containers are removed and new ones started.
        set_message(app, owner, epoch, "Failed to start one or more containers".into());
        retry_later(app, owner, epoch, START_RETRY);
        return Err(Halt::Waiting);
    }
    if !plan.blocked.is_empty() {
        set_message(app, owner, epoch, placement::scheduling_failed(&plan.blocked));
        retry_later(app, owner, epoch, PLACEMENT_RETRY);
        return Err(Halt::Waiting);
    }
    Ok(())
}

fn set_message(app: &App, sid: u64, epoch: u64, message: String) {
    let _ = step(app, sid, epoch, |st| {
        if let Some(s) = st.services.get_mut(&sid) {
            s.meta.message = Some(message);
        }
    });
}

/// How often a process waiting for a free host looks again.
const PLACEMENT_RETRY: Duration = Duration::from_millis(200);
/// How soon a process whose containers failed to start tries again.
const START_RETRY: Duration = Duration::from_millis(500);

/// Run the process of `sid` again (from its transitioning state, as after a restart) once
/// `after` has passed, unless another process took over meanwhile. In the background, so a
/// request never waits for a host to free up or a container to start.
fn retry_later(app: &Arc<App>, sid: u64, epoch: u64, after: Duration) {
    let a = Arc::clone(app);
    app.spawn(async move {
        tokio::time::sleep(after).await;
        let state = {
            let st = a.lock();
            match st.services.get(&sid) {
                Some(s) if s.meta.epoch == epoch => s.meta.state.clone(),
                _ => return,
            }
        };
        let from = if state == "updating-inactive" { "inactive" } else { "active" }.to_string();
        // Boxed: the process may come back here, and a recursive future needs a known size.
        let again: Pin<Box<dyn Future<Output = ()> + Send>> =
            Box::pin(run_service(a, sid, epoch, state, from));
        again.await;
    });
}

/// Wait until the new managed containers of `sid` report healthy.
async fn wait_healthy(app: &Arc<App>, owner: u64, epoch: u64, sid: u64) -> Step {
    loop {
        let faults = app.faults();
        let (waiting, stuck) = {
            let st = app.lock();
            if !current(&st, owner, epoch) {
                return Err(Halt::Superseded);
            }
            let init: Vec<_> = st
                .service_containers(sid)
                .filter(|c| c.managed && c.meta.state == "running")
                .filter(|c| matches!(c.health.as_deref(), Some("initializing") | Some("reinitializing")))
                .collect();
            (!init.is_empty(), init.iter().any(|c| faults.never_healthy(c.image())))
        };
        if stuck {
            return Err(Halt::Stuck);
        }
        if !waiting {
            return Ok(());
        }
        tokio::time::sleep(poll_interval(app)).await;
    }
}

// ---------------------------------------------------------------- services

pub(super) async fn service_create(app: Arc<App>, sid: u64, epoch: u64) {
    app.pause(app.timing.step).await;
    finish_service(&app, sid, epoch, "inactive");
    let start = {
        let st = app.lock();
        st.services.get(&sid).is_some_and(|s| {
            s.meta.epoch == epoch && s.fields.get("startOnCreate").and_then(Value::as_bool).unwrap_or(false)
        })
    };
    if start {
        let gen_next = begin_service(&mut app.lock(), sid, "activating");
        app.touch();
        service_activate(app, sid, gen_next).await;
    }
}

pub(super) async fn service_activate(app: Arc<App>, sid: u64, epoch: u64) {
    // Consumed services first (bounded wait, as the real handler waits for them).
    if !app.inline() {
        for _ in 0..500 {
            let busy = {
                let st = app.lock();
                st.live_consume_maps().filter(|m| m.service_id == sid).any(|m| {
                    st.services.get(&m.consumed_id).is_some_and(|t| {
                        machines::is_transitioning(Machine::Service, &t.meta.state)
                            && t.meta.state != "removing"
                    })
                })
            };
            if !busy {
                break;
            }
            tokio::time::sleep(poll_interval(&app)).await;
        }
    }
    if reconcile(&app, sid, epoch, sid, false).await.is_ok() {
        finish_service(&app, sid, epoch, "active");
    }
}

pub(super) async fn service_deactivate(app: Arc<App>, sid: u64, epoch: u64) {
    let Ok(ids) = step(&app, sid, epoch, |st| {
        st.service_containers(sid)
            .filter(|c| matches!(c.meta.state.as_str(), "running" | "starting" | "creating" | "restarting"))
            .map(|c| c.meta.id)
            .collect::<Vec<_>>()
    }) else {
        return;
    };
    stop_containers(&app, &ids).await;
    finish_service(&app, sid, epoch, "inactive");
}

/// `update` process: reconcile a changed scale on an active service.
pub(super) async fn service_update(app: Arc<App>, sid: u64, epoch: u64, from: String) {
    match from.as_str() {
        "active" if reconcile(&app, sid, epoch, sid, false).await.is_ok() => {
            finish_service(&app, sid, epoch, "active");
        }
        "inactive" => {
            app.pause(app.timing.step).await;
            finish_service(&app, sid, epoch, "inactive");
        }
        _ => {}
    }
}

fn strategy_num(v: &Value, key: &str, default: i64) -> i64 {
    v.get(key).and_then(Value::as_i64).unwrap_or(default)
}

fn interval(app: &App, ms: i64) -> Duration {
    if app.timing.honor_intervals { Duration::from_millis(ms.max(0) as u64) } else { Duration::ZERO }
}

/// Current target version per launch config name.
fn target_versions(st: &State, sid: u64) -> BTreeMap<Option<String>, String> {
    let mut out = BTreeMap::new();
    if let Some(s) = st.services.get(&sid) {
        for (name, lc) in containers::configs(s) {
            out.insert(name, lc_version(&lc));
        }
    }
    out
}

pub(super) async fn service_upgrade(app: Arc<App>, sid: u64, epoch: u64) {
    let upgrade = app.lock().services.get(&sid).and_then(|s| s.upgrade.clone()).unwrap_or(Value::Null);
    let in_service = upgrade.get("inServiceStrategy").filter(|v| !v.is_null()).cloned();
    let result = match in_service {
        Some(strategy) => in_service_upgrade(&app, sid, epoch, &strategy).await,
        None => match upgrade.get("toServiceStrategy").filter(|v| !v.is_null()).cloned() {
            Some(strategy) => to_service_upgrade(&app, sid, epoch, &strategy).await,
            None => Ok(()),
        },
    };
    if result.is_ok() {
        finish_service(&app, sid, epoch, "upgraded");
    }
}

async fn in_service_upgrade(app: &Arc<App>, sid: u64, epoch: u64, strategy: &Value) -> Step {
    let batch = strategy_num(strategy, "batchSize", 1).max(1) as usize;
    let pause = interval(app, strategy_num(strategy, "intervalMillis", 2000));
    let start_first = strategy.get("startFirst").and_then(Value::as_bool).unwrap_or(false);
    loop {
        let (ids, more) = step(app, sid, epoch, |st| {
            let targets = target_versions(st, sid);
            let mut units: BTreeMap<(u64, String), Vec<u64>> = BTreeMap::new();
            for c in st.service_containers(sid).filter(|c| c.managed && c.is_live()) {
                if let (Some(t), Some(du)) = (targets.get(&c.lc_name), &c.du_uuid)
                    && *t != c.version
                {
                    units.entry((c.du_index, du.clone())).or_default().push(c.meta.id);
                }
            }
            let more = units.len() > batch;
            let ids: Vec<u64> = units.into_values().take(batch).flatten().collect();
            for id in &ids {
                if let Some(c) = st.containers.get_mut(id) {
                    c.managed = false;
                    c.old = true;
                }
            }
            (ids, more)
        })?;
        if ids.is_empty() {
            break;
        }
        if start_first {
            reconcile(app, sid, epoch, sid, true).await?;
            wait_healthy(app, sid, epoch, sid).await?;
            stop_containers(app, &ids).await;
        } else {
            stop_containers(app, &ids).await;
            reconcile(app, sid, epoch, sid, true).await?;
        }
        wait_healthy(app, sid, epoch, sid).await?;
        if more {
            app.pause(pause).await;
        }
    }
    reconcile(app, sid, epoch, sid, true).await?;
    wait_healthy(app, sid, epoch, sid).await
}

async fn to_service_upgrade(app: &Arc<App>, sid: u64, epoch: u64, strategy: &Value) -> Step {
    let Some(tid) = strategy.get("toServiceId").and_then(Value::as_str).and_then(|t| util::parse_id("s", t))
    else {
        return Ok(());
    };
    let final_scale = strategy_num(strategy, "finalScale", 1).max(0);
    let batch = strategy_num(strategy, "batchSize", 1).max(1);
    let pause = interval(app, strategy_num(strategy, "intervalMillis", 2000));
    if strategy.get("updateLinks").and_then(Value::as_bool).unwrap_or(false) {
        step(app, sid, epoch, |st| {
            let consumers: Vec<(u64, Option<String>)> = st
                .live_consume_maps()
                .filter(|m| m.consumed_id == sid)
                .map(|m| (m.service_id, m.name.clone()))
                .collect();
            for (consumer, name) in consumers {
                let exists = st.live_consume_maps().any(|m| m.service_id == consumer && m.consumed_id == tid);
                if !exists {
                    st.add_consume_map(consumer, tid, name);
                }
            }
        })?;
    }
    for _ in 0..10_000 {
        // Make sure the target runs at its current scale.
        let activate = step(app, sid, epoch, |st| {
            let mut act = false;
            if let Some(t) = st.services.get_mut(&tid)
                && t.meta.state == "inactive"
            {
                t.meta.state = "active".into();
                act = true;
            }
            act
        })?;
        let _ = activate;
        reconcile(app, sid, epoch, tid, false).await?;
        wait_healthy(app, sid, epoch, tid).await?;
        let done = step(app, sid, epoch, |st| {
            let src = st.services.get(&sid).map(|s| s.scale).unwrap_or(0);
            let tgt = st.services.get(&tid).map(|s| s.scale).unwrap_or(0);
            if src == 0 && tgt == final_scale {
                return true;
            }
            let total = src + tgt;
            let (mut nsrc, mut ntgt) = (src, tgt);
            if src == 0 {
                ntgt = final_scale;
            } else if total > final_scale {
                nsrc = src - batch.min(total - final_scale);
            } else if tgt < final_scale {
                ntgt = tgt + batch.min(final_scale - tgt).min(final_scale + batch - total);
            }
            if let Some(s) = st.services.get_mut(&sid) {
                s.scale = nsrc;
            }
            if let Some(t) = st.services.get_mut(&tid) {
                t.scale = ntgt;
            }
            false
        })?;
        if done {
            break;
        }
        reconcile(app, sid, epoch, sid, false).await?;
        reconcile(app, sid, epoch, tid, false).await?;
        app.pause(pause).await;
    }
    Ok(())
}

pub(super) async fn service_finish_upgrade(app: Arc<App>, sid: u64, epoch: u64) {
    let Ok(old) = step(&app, sid, epoch, |st| {
        st.service_containers(sid).filter(|c| c.old && c.is_live()).map(|c| c.meta.id).collect::<Vec<_>>()
    }) else {
        return;
    };
    remove_containers(&app, &old).await;
    if reconcile(&app, sid, epoch, sid, false).await.is_ok() {
        finish_service(&app, sid, epoch, "active");
    }
}

pub(super) async fn service_rollback(app: Arc<App>, sid: u64, epoch: u64) {
    let Ok(newer) = step(&app, sid, epoch, |st| {
        let in_service = st
            .services
            .get(&sid)
            .and_then(|s| s.upgrade.as_ref())
            .and_then(|u| u.get("inServiceStrategy"))
            .is_some_and(|v| !v.is_null());
        if !in_service {
            return Vec::new();
        }
        let targets = target_versions(st, sid);
        let mut newer = Vec::new();
        let ids: Vec<u64> = st.service_containers(sid).filter(|c| c.is_live()).map(|c| c.meta.id).collect();
        for id in ids {
            let Some(c) = st.containers.get_mut(&id) else {
                continue;
            };
            let matches = targets.get(&c.lc_name).is_some_and(|t| *t == c.version);
            if matches {
                c.managed = true;
                c.old = false;
            } else {
                c.managed = false;
                c.old = true;
                newer.push(id);
            }
        }
        newer
    }) else {
        return;
    };
    stop_containers(&app, &newer).await;
    if reconcile(&app, sid, epoch, sid, false).await.is_err() {
        return;
    }
    remove_containers(&app, &newer).await;
    finish_service(&app, sid, epoch, "active");
}

pub(super) async fn service_cancel_upgrade(app: Arc<App>, sid: u64, epoch: u64) {
    app.pause(app.timing.step).await;
    finish_service(&app, sid, epoch, "canceled-upgrade");
}

pub(super) async fn service_restart(app: Arc<App>, sid: u64, epoch: u64) {
    let strategy =
        app.lock().services.get(&sid).and_then(|s| s.fields.get(RESTART_KEY).cloned()).unwrap_or(Value::Null);
    let batch = strategy_num(&strategy, "batchSize", 1).max(1) as usize;
    let pause = interval(&app, strategy_num(&strategy, "intervalMillis", 2000));
    loop {
        let Ok((ids, more)) = step(&app, sid, epoch, |st| {
            let counts = st.services.get(&sid).map(|s| s.restart_counts.clone()).unwrap_or_default();
            let mut units: BTreeMap<u64, Vec<u64>> = BTreeMap::new();
            for c in st.service_containers(sid).filter(|c| c.managed && c.meta.state == "running") {
                if counts.get(&c.meta.id) == Some(&c.start_count) {
                    units.entry(c.du_index).or_default().push(c.meta.id);
                }
            }
            let more = units.len() > batch;
            (units.into_values().take(batch).flatten().collect::<Vec<_>>(), more)
        }) else {
            return;
        };
        if ids.is_empty() {
            break;
        }
        if wait_healthy(&app, sid, epoch, sid).await.is_err() {
            return;
        }
        stop_containers(&app, &ids).await;
        if reconcile(&app, sid, epoch, sid, false).await.is_err() {
            return;
        }
        if more {
            app.pause(pause).await;
        }
    }
    let _ = step(&app, sid, epoch, |st| {
        if let Some(s) = st.services.get_mut(&sid) {
            s.restart_counts.clear();
            s.fields.remove(RESTART_KEY);
        }
    });
    finish_service(&app, sid, epoch, "active");
}

pub(super) async fn service_remove(app: Arc<App>, sid: u64, epoch: u64) {
    let Ok(ids) = step(&app, sid, epoch, |st| {
        let maps: Vec<u64> = st
            .live_consume_maps()
            .filter(|m| m.service_id == sid || m.consumed_id == sid)
            .map(|m| m.meta.id)
            .collect();
        for m in maps {
            if let Some(m) = st.consume_maps.get_mut(&m) {
                mark_removed(&mut m.meta);
            }
        }
        st.service_containers(sid).filter(|c| c.is_live()).map(|c| c.meta.id).collect::<Vec<_>>()
    }) else {
        return;
    };
    remove_containers(&app, &ids).await;
    finish_service(&app, sid, epoch, "removed");
}

/// Dispatch a service process by its transitioning state (used by actions and by resume).
pub(super) async fn run_service(app: Arc<App>, sid: u64, epoch: u64, state: String, from: String) {
    match state.as_str() {
        "registering" => service_create(app, sid, epoch).await,
        "activating" => service_activate(app, sid, epoch).await,
        "deactivating" => service_deactivate(app, sid, epoch).await,
        "updating-active" | "updating-inactive" => service_update(app, sid, epoch, from).await,
        "upgrading" => service_upgrade(app, sid, epoch).await,
        "finishing-upgrade" => service_finish_upgrade(app, sid, epoch).await,
        "rolling-back" => service_rollback(app, sid, epoch).await,
        "canceling-upgrade" => service_cancel_upgrade(app, sid, epoch).await,
        "restarting" => service_restart(app, sid, epoch).await,
        "removing" => service_remove(app, sid, epoch).await,
        _ => {}
    }
}

// ---------------------------------------------------------------- stacks

/// A stack process that only changes state: `transitioning` → (step) → `done`.
pub(super) async fn stack_simple(app: Arc<App>, id: u64, epoch: u64, done: &'static str) {
    app.pause(app.timing.step).await;
    {
        let mut st = app.lock();
        if let Some(s) = st.stacks.get_mut(&id)
            && s.meta.epoch == epoch
        {
            s.meta.state = done.into();
        }
    }
    app.touch();
}

pub(super) async fn stack_remove(app: Arc<App>, id: u64, epoch: u64) {
    let started: Vec<(u64, u64)> = {
        let mut st = app.lock();
        let sids: Vec<u64> =
            st.stack_services(id).filter(|s| s.meta.state != "removing").map(|s| s.meta.id).collect();
        let started = sids.iter().map(|sid| (*sid, begin_service(&mut st, *sid, "removing"))).collect();
        for ty in ["volumeTemplate", "volume"] {
            if let Some(map) = st.generics.get_mut(ty) {
                for g in map.values_mut() {
                    if g.fields.get("stackId").and_then(Value::as_str) == Some(&util::fmt_id("st", id)) {
                        mark_removed(&mut g.meta);
                    }
                }
            }
        }
        started
    };
    app.touch();
    for (sid, g) in started {
        Box::pin(service_remove(Arc::clone(&app), sid, g)).await;
    }
    app.pause(app.timing.step).await;
    {
        let mut st = app.lock();
        if let Some(s) = st.stacks.get_mut(&id)
            && s.meta.epoch == epoch
        {
            mark_removed(&mut s.meta);
        }
    }
    app.touch();
}

pub(super) async fn run_stack(app: Arc<App>, id: u64, epoch: u64, state: String) {
    let done = match state.as_str() {
        "activating" | "updating-active" | "finishing-upgrade" | "rolling-back" => "active",
        "upgrading" => "upgraded",
        "canceling-upgrade" => "canceled-upgrade",
        "erroring" => "error",
        "removing" => return stack_remove(app, id, epoch).await,
        _ => return,
    };
    stack_simple(app, id, epoch, done).await;
}

// ---------------------------------------------------------------- resume after restart

/// After loading a saved model (at `now_ms`): let the time since it was saved pass for running
/// containers (health checks pass, start-once containers exit), settle half-done container
/// transitions and restart the processes of resources that were transitioning when it stopped.
pub(super) fn resume(app: &Arc<App>, now_ms: u64) {
    catch_up_running(app, now_ms);
    let (services, stacks) = {
        let mut st = app.lock();
        for c in st.containers.values_mut() {
            match c.meta.state.as_str() {
                "creating" | "starting" | "restarting" => {
                    c.meta.state = "running".into();
                    c.start_count = c.start_count.max(1);
                    if c.has_health_check() {
                        c.health = Some("healthy".into());
                    }
                }
                "stopping" => c.meta.state = "stopped".into(),
                "removing" => mark_removed(&mut c.meta),
                _ => {}
            }
        }
        let sids: Vec<(u64, String)> = st
            .services
            .values()
            .filter(|s| machines::is_transitioning(Machine::Service, &s.meta.state))
            .map(|s| (s.meta.id, s.meta.state.clone()))
            .collect();
        let services: Vec<(u64, u64, String)> = sids
            .into_iter()
            .map(|(sid, state)| {
                let epoch = begin_service(&mut st, sid, &state);
                (sid, epoch, state)
            })
            .collect();
        let ids: Vec<(u64, String)> = st
            .stacks
            .values()
            .filter(|s| machines::is_transitioning(Machine::Stack, &s.meta.state))
            .map(|s| (s.meta.id, s.meta.state.clone()))
            .collect();
        let stacks: Vec<(u64, u64, String)> = ids
            .into_iter()
            .map(|(id, state)| {
                let epoch = begin_stack(&mut st, id, &state);
                (id, epoch, state)
            })
            .collect();
        (services, stacks)
    };
    app.touch();
    for (sid, epoch, state) in services {
        let from = if state == "updating-inactive" { "inactive" } else { "active" }.to_string();
        app.spawn(run_service(Arc::clone(app), sid, epoch, state, from));
    }
    for (id, epoch, state) in stacks {
        app.spawn(run_stack(Arc::clone(app), id, epoch, state));
    }
}

/// Running containers still waiting for their health check or start-once exit: what was due
/// while the emulator was not running happens now, the rest after the remaining time. Without a
/// save time (older files) the whole wait starts again.
fn catch_up_running(app: &Arc<App>, now_ms: u64) {
    let faults = app.faults();
    let (pending, elapsed) = {
        let st = app.lock();
        let elapsed = match st.saved_at_ms {
            0 => Duration::ZERO,
            saved => Duration::from_millis(now_ms.saturating_sub(saved)),
        };
        let pending: Vec<_> = st
            .containers
            .values()
            .filter(|c| c.meta.state == "running")
            .filter(|c| {
                let initializing =
                    matches!(c.health.as_deref(), Some("initializing") | Some("reinitializing"));
                initializing || c.start_once()
            })
            .map(|c| {
                (
                    c.meta.id,
                    c.start_count,
                    c.has_health_check(),
                    c.start_once(),
                    faults.never_healthy(c.image()),
                )
            })
            .collect();
        (pending, elapsed)
    };
    after_running_for(app, pending, app.timing.healthy.saturating_sub(elapsed));
}
