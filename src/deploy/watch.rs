//! Waiting for services without a request per waiter. The server's event stream (Rancher's
//! `subscribe?eventNames=resource.change` websocket) delivers every change of the stack's
//! services as it happens; a slow poll of the stack's services (one request, after 1 s, backing
//! off to 5 s) covers an event that arrived before its waiter looked. Without the stream (an
//! older server, a proxy that refuses websockets, a stream that breaks) the poll alone does the
//! job: every 50 ms, backing off to 250 ms once nothing has moved for two seconds. Waiters check
//! their own goal against what is known, taking only what was seen after their request was
//! answered. Containers are read only when a waiter needs them: for upgrade progress, and to
//! find out why a service makes no progress.
//!
//! Fail fast: a service whose containers are in `error` and that makes no progress (state,
//! health, running containers) for the grace period fails with the containers' own messages,
//! instead of waiting for the deadline. A container that fails once and is then replaced by
//! one that starts is progress.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::sync::{Notify, watch};

use crate::api::events::Events;
use crate::api::{Client, Container, Resource, Service, State, Transitioning};
use crate::locks::lock;

use super::events::UpgradeProgress;
use super::progress;
use super::wait::WaitError;

/// Fastest poll, while services change.
const FAST: Duration = Duration::from_millis(50);
/// Slowest poll, while nothing changes.
const SLOW: Duration = Duration::from_millis(250);
/// Nothing moved for this long and the poll slows down (container starts take a few hundred
/// milliseconds; the poll stays fast through them).
const CALM: Duration = Duration::from_secs(2);
/// With the event stream up, the poll only rechecks: first after this long, backing off to
/// [`RECHECK_MAX`].
const RECHECK: Duration = Duration::from_secs(1);
const RECHECK_MAX: Duration = Duration::from_secs(5);
/// How often a waiter wakes without news (interrupts, deadlines).
const TICK: Duration = Duration::from_millis(100);
/// No progress for this long and a waiter looks at the containers.
const LOOK_AFTER: Duration = Duration::from_secs(2);
/// Upgrade progress is read at most this often.
const PROGRESS_EVERY: Duration = Duration::from_millis(700);

/// What a waiter waits for.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Goal {
    /// Settled (not transitioning) in one of these states; any state when empty.
    States(&'static [State]),
    /// Removed (or gone from the stack).
    Gone,
    /// An upgrade reached `upgraded`.
    Upgraded,
    /// The service reports itself healthy.
    Healthy,
}

/// Called with an upgrade's progress and the seconds since the wait began.
pub(crate) type OnProgress<'a> = &'a (dyn Fn(&UpgradeProgress, f64) + Sync);

/// How a waiter waits.
pub(crate) struct Wait<'a> {
    /// Deadline; zero waits forever.
    pub timeout: Duration,
    /// Containers in error and no progress for this long fail the wait.
    pub grace: Duration,
    /// Called with the upgrade's progress when it changes.
    pub progress: Option<OnProgress<'a>>,
}

/// [`Goal::States`]: settled in any state.
pub(crate) const SETTLED: &[State] = &[];
/// [`Goal::States`]: active.
pub(crate) const ACTIVE: &[State] = &[State::Active];
/// [`Goal::States`]: inactive.
pub(crate) const INACTIVE: &[State] = &[State::Inactive];
/// [`Goal::States`]: created, and started or not.
pub(crate) const CREATED: &[State] = &[State::Inactive, State::Active];
/// [`Goal::States`]: an upgrade canceled.
pub(crate) const CANCELED_UPGRADE: &[State] = &[State::CanceledUpgrade];

/// What the watcher knows of the stack's services.
#[derive(Default)]
struct Snapshot {
    /// Services by id, as last seen.
    services: HashMap<String, Seen>,
    /// Services a poll no longer found, with when that poll was sent.
    gone: HashMap<String, Instant>,
    error: Option<String>,
}

/// One service as last seen.
struct Seen {
    service: Service,
    /// For a poll, when the request was sent; for an event, when it arrived.
    at: Instant,
    polled: bool,
}

impl Snapshot {
    /// Takes a poll sent at `sent`; what an event showed since stays.
    fn polled(&mut self, services: impl IntoIterator<Item = Service>, sent: Instant) {
        let mut listed = std::collections::HashSet::new();
        for service in services {
            let key = service.id().to_owned();
            listed.insert(key.clone());
            if self.services.get(&key).is_none_or(|seen| seen.at <= sent) {
                self.services.insert(key, Seen { service, at: sent, polled: true });
            }
        }
        let missing: Vec<String> = self
            .services
            .iter()
            .filter(|(key, seen)| !listed.contains(*key) && seen.at <= sent)
            .map(|(key, _)| key.clone())
            .collect();
        for key in missing {
            self.services.remove(&key);
            self.gone.insert(key, sent);
        }
        self.error = None;
    }

    /// What is known of `key` since `since` (`None` inside when it is gone), and whether a
    /// poll sent since then says so.
    fn since(&self, key: &str, since: Instant) -> Option<(Option<Service>, bool)> {
        match self.services.get(key) {
            Some(seen) if seen.at >= since => Some((Some(seen.service.clone()), seen.polled)),
            Some(_) => None,
            None => self.gone.get(key).filter(|at| **at >= since).map(|_| (None, true)),
        }
    }
}

/// The stack watcher of one run.
pub(crate) struct Watcher<'c> {
    client: &'c Client,
    stack: Mutex<Option<String>>,
    snapshot: Mutex<Snapshot>,
    updates: watch::Sender<u64>,
    wanted: Notify,
    waiting: AtomicUsize,
    /// The run is over (a watch, so nobody misses it).
    closed: watch::Sender<bool>,
    /// The event stream is up: the poll only rechecks.
    events: AtomicBool,
}

/// Counts a waiter while it waits.
struct Waiting<'w>(&'w AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl<'c> Watcher<'c> {
    #[must_use]
    pub(crate) fn new(client: &'c Client, stack: Option<&str>) -> Self {
        Self {
            client,
            stack: Mutex::new(stack.map(str::to_owned)),
            snapshot: Mutex::new(Snapshot::default()),
            updates: watch::Sender::new(0),
            wanted: Notify::new(),
            waiting: AtomicUsize::new(0),
            closed: watch::Sender::new(false),
            events: AtomicBool::new(false),
        }
    }

    /// The stack exists now (created by the run).
    pub(crate) fn set_stack(&self, stack: &str) {
        *lock(&self.stack) = Some(stack.to_owned());
    }

    /// Ends [`Self::run`].
    pub(crate) fn close(&self) {
        self.closed.send_replace(true);
    }

    fn is_closed(&self) -> bool {
        *self.closed.borrow()
    }

    /// Resolves once the run is over.
    async fn closing(&self) {
        let mut closed = self.closed.subscribe();
        let _ = closed.wait_for(|c| *c).await;
    }

    /// Listens to `events` (when the server gave a stream) and polls, until [`Self::close`].
    pub(crate) async fn run(&self, events: Option<Events>) {
        let listen = async {
            if let Some(events) = events {
                self.events.store(true, Ordering::SeqCst);
                self.listen(events).await;
                // The stream ended or broke: the poll takes over at full speed.
                self.events.store(false, Ordering::SeqCst);
                self.wanted.notify_one();
            }
        };
        futures_util::future::join(listen, self.poll()).await;
    }

    /// Takes every change of a service of the stack from the event stream.
    async fn listen(&self, mut events: Events) {
        loop {
            let event = tokio::select! {
                event = events.next() => event,
                () = self.closing() => return,
            };
            let Some(event) = event else { return };
            let Some(resource) = change_of_a_service(&event) else { continue };
            let stack = lock(&self.stack).clone();
            if stack.as_deref() != resource.stack_id.as_deref() {
                continue;
            }
            let seen = Seen { service: resource, at: Instant::now(), polled: false };
            lock(&self.snapshot).services.insert(seen.service.id().to_owned(), seen);
            self.updates.send_modify(|n| *n += 1);
        }
    }

    /// Polls the stack's services while anyone waits: fast without events, as a recheck with
    /// them.
    async fn poll(&self) {
        let mut interval = FAST;
        let mut last: Option<Instant> = None;
        let mut previous = String::new();
        let mut moved = Instant::now();
        loop {
            if self.is_closed() {
                return;
            }
            if self.waiting.load(Ordering::SeqCst) == 0 {
                // Idle: the next recheck counts from when waiting begins again.
                last = None;
                tokio::select! {
                    () = self.wanted.notified() => {}
                    () = self.closing() => return,
                }
                continue;
            }
            let events = self.events.load(Ordering::SeqCst);
            if events {
                // A recheck: the first one a while after the waiting began.
                interval =
                    if last.is_none() { RECHECK } else { (interval * 3 / 2).clamp(RECHECK, RECHECK_MAX) };
                let from = last.unwrap_or_else(Instant::now);
                tokio::select! {
                    () = tokio::time::sleep_until((from + interval).into()) => {}
                    () = self.closing() => return,
                }
                if self.waiting.load(Ordering::SeqCst) == 0 {
                    continue;
                }
            } else {
                // Coming from rechecks (the stream broke): full speed again.
                interval = interval.min(SLOW);
                let from = last.unwrap_or_else(Instant::now);
                tokio::select! {
                    () = tokio::time::sleep_until((from + interval).into()) => {}
                    () = self.closing() => return,
                }
            }
            let stack = lock(&self.stack).clone();
            let Some(stack) = stack else {
                tokio::time::sleep(TICK).await;
                continue;
            };
            let sent = Instant::now();
            last = Some(sent);
            let listed = super::observe::services(self.client, &stack).await;
            let mut snapshot = lock(&self.snapshot);
            match listed {
                Ok(services) => {
                    let signature = signature(&services);
                    if signature != previous {
                        moved = Instant::now();
                    }
                    if !events {
                        interval = if moved.elapsed() < CALM { FAST } else { (interval * 3 / 2).min(SLOW) };
                    }
                    previous = signature;
                    snapshot.polled(services.into_values(), sent);
                }
                Err(e) => snapshot.error = Some(e.to_string()),
            }
            drop(snapshot);
            self.updates.send_modify(|n| *n += 1);
        }
    }

    /// Waits until `resource` (a service, as the request that started the transition
    /// returned it) reaches `goal`.
    ///
    /// # Errors
    /// The transition failed, ended elsewhere, made no progress with containers in error for
    /// the grace period, took longer than the deadline, or was interrupted.
    pub(crate) async fn until(
        &self,
        resource: &Service,
        goal: Goal,
        how: &Wait<'_>,
    ) -> Result<Service, WaitError> {
        let name = resource.name();
        let what = match goal {
            Goal::Upgraded => format!("upgrade of `{name}`"),
            Goal::Healthy => format!("`{name}` becoming healthy"),
            _ => super::wait::describe(resource),
        };
        match check(goal, Some(resource), &what) {
            Check::Done => return Ok(resource.clone()),
            Check::Fail(e) => return Err(e),
            Check::Wait => {}
        }
        let since = Instant::now();
        self.waiting.fetch_add(1, Ordering::SeqCst);
        let _waiting = Waiting(&self.waiting);
        self.wanted.notify_one();
        let mut updates = self.updates.subscribe();
        let resource_id = resource.id().to_owned();
        let mut current = resource.clone();
        let mut stuck = Stuck::new(since);
        let mut shown: Option<UpgradeProgress> = None;
        let mut progress_read = since;
        loop {
            tokio::select! {
                _ = updates.changed() => {}
                () = tokio::time::sleep(TICK) => {}
            }
            if crate::interrupt::requested() {
                return Err(WaitError::Interrupted);
            }
            let fresh = {
                let snapshot = lock(&self.snapshot);
                if let Some(error) = &snapshot.error {
                    return Err(WaitError::Failed {
                        what,
                        state: "unknown".into(),
                        message: format!("cannot read the stack's services: {error}"),
                    });
                }
                snapshot.since(&resource_id, since)
            };
            if let Some((found, polled)) = fresh {
                match check(goal, found.as_ref(), &what) {
                    Check::Done => {
                        let done = found.unwrap_or_else(|| gone(&current));
                        // The last progress line says how the upgrade ended, not how it stood at
                        // the last periodic read.
                        if let (Goal::Upgraded, Some(report)) = (goal, how.progress)
                            && let Ok(containers) = self.containers(&done).await
                        {
                            let now = progress::upgrade(&done, &containers, shown.as_ref());
                            if shown.as_ref() != Some(&now) {
                                report(&now, since.elapsed().as_secs_f64());
                            }
                        }
                        return Ok(done);
                    }
                    // An event is stamped when it arrives, so one the server sent before this
                    // wait's action may look new: only a poll sent since then fails a wait.
                    Check::Fail(e) if polled => return Err(e),
                    Check::Fail(_) | Check::Wait => {}
                }
                if let Some(found) = found {
                    stuck.saw(&found);
                    current = found;
                }
            }
            let elapsed = since.elapsed();
            if !how.timeout.is_zero() && elapsed >= how.timeout {
                let containers = self.containers(&current).await.unwrap_or_default();
                // The server's own words first (`Scheduling failed: host needs ports 80/tcp
                // available`), then the containers that are not ready.
                let said = current.message().to_owned();
                let said = (!said.is_empty() && said != "In Progress").then_some(said);
                let message: Vec<String> = said
                    .into_iter()
                    .chain(Some(not_ready(&current, &containers)).filter(|m| !m.is_empty()))
                    .collect();
                return Err(WaitError::Timeout {
                    what,
                    seconds: how.timeout.as_secs(),
                    state: describe_state(&current),
                    message: Some(message.join("; ")).filter(|m| !m.is_empty()),
                });
            }
            let wants_progress = matches!(goal, Goal::Upgraded) && how.progress.is_some();
            let due_progress = wants_progress && progress_read.elapsed() >= PROGRESS_EVERY;
            if matches!(goal, Goal::Gone | Goal::States([])) || !(due_progress || stuck.due()) {
                continue;
            }
            let Ok(containers) = self.containers(&current).await else { continue };
            if due_progress {
                progress_read = Instant::now();
                let now = progress::upgrade(&current, &containers, shown.as_ref());
                if shown.as_ref() != Some(&now) {
                    if let Some(report) = how.progress {
                        report(&now, elapsed.as_secs_f64());
                    }
                    shown = Some(now);
                }
            }
            if let Some(message) = stuck.looked(&current, &containers, how.grace) {
                return Err(WaitError::Failed { what, state: describe_state(&current), message });
            }
        }
    }

    async fn containers(&self, service: &Service) -> Result<Vec<Container>, crate::api::Error> {
        match service.link("instances") {
            Some(url) => self.client.list_url_as(url).await,
            None => Ok(Vec::new()),
        }
    }
}

/// The service in a `resource.change` event, if it is about a service (and reads as one).
fn change_of_a_service(event: &Value) -> Option<Service> {
    if event.get("name").and_then(Value::as_str) != Some("resource.change") {
        return None;
    }
    let resource = event.pointer("/data/resource")?;
    // Every kind of service (balancers, external, DNS, drivers) has the base type `service`.
    let base = resource.get("baseType").and_then(Value::as_str).unwrap_or_default();
    if base != "service" {
        return None;
    }
    serde_json::from_value(resource.clone()).ok()
}

/// A compact fingerprint of what changes while services move.
fn signature(services: &std::collections::BTreeMap<String, Service>) -> String {
    let mut out = String::new();
    for s in services.values() {
        let scale = s.current_scale.as_ref().map(ToString::to_string).unwrap_or_default();
        let fields = [s.id(), s.state().as_str(), s.transitioning().as_str(), s.health(), &scale];
        for field in fields {
            out.push_str(field);
            out.push('|');
        }
    }
    out
}

enum Check {
    Done,
    Wait,
    Fail(WaitError),
}

/// Whether `found` (`None`: no longer in the stack) has reached `goal`.
fn check(goal: Goal, found: Option<&Service>, what: &str) -> Check {
    let Some(found) = found else {
        return match goal {
            Goal::Gone => Check::Done,
            _ => Check::Fail(WaitError::Failed {
                what: what.to_owned(),
                state: "removed".into(),
                message: "it was removed".into(),
            }),
        };
    };
    let state = found.state();
    let fail = |message: String| {
        Check::Fail(WaitError::Failed { what: what.to_owned(), state: state.to_string(), message })
    };
    if *found.transitioning() == Transitioning::Error {
        return fail(found.message().to_owned());
    }
    match goal {
        Goal::Gone if state.is_gone() => Check::Done,
        Goal::Gone => Check::Wait,
        Goal::Healthy => {
            if found.health_state.as_ref().is_some_and(|h| h.is_healthy()) {
                Check::Done
            } else {
                Check::Wait
            }
        }
        _ if found.is_transitioning() => Check::Wait,
        Goal::Upgraded if *state == State::Upgraded => Check::Done,
        Goal::Upgraded => fail("the upgrade ended without reaching `upgraded`".into()),
        Goal::States(targets) if targets.is_empty() || targets.contains(state) => Check::Done,
        Goal::States(_) if state.is_failure() => fail(found.message().to_owned()),
        Goal::States(targets) => {
            let targets: Vec<&str> = targets.iter().map(State::as_str).collect();
            fail(format!("it ended `{state}` instead of `{}`", targets.join("` or `")))
        }
    }
}

/// Progress of a waited service, and the container errors seen since it last moved.
struct Stuck {
    last_move: Instant,
    looked: Instant,
    signature: String,
    running: usize,
    errors: Vec<String>,
}

impl Stuck {
    fn new(now: Instant) -> Self {
        Self { last_move: now, looked: now, signature: String::new(), running: 0, errors: Vec::new() }
    }

    /// A new snapshot of the service: a change of state or health is progress. (Not its
    /// scale: while a server replaces containers that fail, the count of live ones goes up and
    /// down without anything getting anywhere.)
    fn saw(&mut self, service: &Service) {
        let signature = format!("{}|{}", service.state(), service.health());
        if signature != self.signature {
            self.signature = signature;
            self.moved();
        }
    }

    fn moved(&mut self) {
        self.last_move = Instant::now();
        self.errors.clear();
    }

    /// Whether it is time to look at the containers.
    fn due(&self) -> bool {
        self.last_move.elapsed() >= LOOK_AFTER && self.looked.elapsed() >= LOOK_AFTER
    }

    /// Looks at the containers: more of the current version running is progress; errors are
    /// remembered. Returns the failure once errors were seen and nothing moved for `grace`.
    fn looked(&mut self, service: &Service, containers: &[Container], grace: Duration) -> Option<String> {
        self.looked = Instant::now();
        let versions = service.current_versions();
        let current = |c: &&Container| versions.is_empty() || versions.iter().any(|v| v == c.version());
        let running = containers.iter().filter(|c| c.state().is_running()).filter(current).count();
        if running > self.running {
            self.running = running;
            self.moved();
        }
        let errors: Vec<String> = containers
            .iter()
            .filter(|c| c.is_failed())
            .map(|c| {
                let message = c.message();
                if message.is_empty() {
                    format!("{} (error)", c.name())
                } else {
                    format!("{}: {message}", c.name())
                }
            })
            .collect();
        if !errors.is_empty() {
            self.errors = errors;
        }
        (!self.errors.is_empty() && !grace.is_zero() && self.last_move.elapsed() >= grace).then(|| {
            format!(
                "its containers fail to start and nothing moved for {} s: {}",
                grace.as_secs(),
                self.errors.join("; ")
            )
        })
    }
}

/// The service's containers that are not running and healthy, as `name (state, health)`.
fn not_ready(service: &Service, containers: &[Container]) -> String {
    let versions = service.current_versions();
    let failing: Vec<String> = containers
        .iter()
        .filter(|c| versions.is_empty() || versions.iter().any(|v| v == c.version()))
        .filter(|c| !c.state().is_running() || !c.is_ready_health())
        .map(|c| {
            let health = c.health();
            let health = if health.is_empty() { String::new() } else { format!(", {health}") };
            format!("{} ({}{health})", c.name(), c.state())
        })
        .collect();
    if failing.is_empty() { String::new() } else { format!("containers not ready: {}", failing.join(", ")) }
}

fn gone(resource: &Service) -> Service {
    Service { state: Some(State::Removed), transitioning: Some(Transitioning::No), ..resource.clone() }
}

fn describe_state(service: &Service) -> String {
    service.state().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn decode<T: serde::de::DeserializeOwned>(v: Value) -> T {
        serde_json::from_value(v).unwrap_or_else(|e| panic!("{e}"))
    }

    fn service(state: &str, transitioning: &str) -> Service {
        decode(json!({"name": "web", "type": "service", "state": state, "transitioning": transitioning}))
    }

    #[test]
    fn goals() {
        let done = |g, v: Option<&Service>| matches!(check(g, v, "web"), Check::Done);
        let fails = |g, v: Option<&Service>| matches!(check(g, v, "web"), Check::Fail(_));
        assert!(done(Goal::States(ACTIVE), Some(&service("active", "no"))));
        assert!(!done(Goal::States(ACTIVE), Some(&service("activating", "yes"))));
        assert!(fails(Goal::States(ACTIVE), Some(&service("inactive", "no"))));
        assert!(fails(Goal::States(ACTIVE), Some(&service("activating", "error"))));
        assert!(done(Goal::Gone, None) && fails(Goal::Upgraded, None));
        assert!(fails(Goal::Upgraded, Some(&service("active", "no"))));
        assert!(done(Goal::Upgraded, Some(&service("upgraded", "no"))));
        let mut healthy = service("upgrading", "yes");
        healthy.health_state = Some(crate::api::HealthState::Healthy);
        assert!(done(Goal::Healthy, Some(&healthy)));
    }

    #[test]
    fn errors_fail_only_after_the_grace_without_progress() {
        let now = Instant::now();
        let mut stuck = Stuck::new(now.checked_sub(Duration::from_secs(60)).unwrap_or(now));
        let error: Container =
            decode(json!({"name": "web-1", "state": "error", "transitioningMessage": "image not found"}));
        let service: Service = decode(json!({"name": "web"}));
        let failed = stuck.looked(&service, std::slice::from_ref(&error), Duration::from_secs(30));
        assert!(failed.is_some_and(|m| m.contains("web-1: image not found")));
        // A container that then starts is progress: no failure.
        let mut stuck = Stuck::new(now.checked_sub(Duration::from_secs(60)).unwrap_or(now));
        let running: Container = decode(json!({"name": "web-2", "state": "running"}));
        assert!(stuck.looked(&service, &[error, running], Duration::from_secs(30)).is_none());
    }

    #[test]
    fn only_a_poll_sent_after_the_action_can_fail_a_wait() {
        let mut snapshot = Snapshot::default();
        let action = Instant::now();
        // A late event from before the action: news, but not a verdict.
        let mut late = service("inactive", "no");
        late.id = Some("1s1".into());
        let key = late.id().to_owned();
        snapshot
            .services
            .insert(key.clone(), Seen { service: late.clone(), at: Instant::now(), polled: false });
        assert!(matches!(snapshot.since(&key, action), Some((Some(_), false))));
        // A poll sent after the action is.
        snapshot.polled([late], Instant::now());
        assert!(matches!(snapshot.since(&key, action), Some((Some(_), true))));
    }
}
