//! The shared server object: the locked model, timing, faults, API keys, the request log, the
//! persistence hook and the log-stream grants. Also how processes are run: inline when timing is
//! instant (the response already shows the final state), otherwise on a background task; and the
//! gates that hold transitions until a test releases them ([`Gates`]).

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use super::access::Keys;
use super::faults::Faults;
use super::persist::Persister;
use super::store::State;
use super::{Hold, RequestRecord, Timing};

/// A granted log stream (`logs` action → token).
#[derive(Debug, Clone)]
pub(super) struct LogGrant {
    pub container_id: u64,
    pub follow: bool,
    pub lines: u64,
}

pub(super) struct App {
    state: Mutex<State>,
    pub timing: Timing,
    pub faults: Mutex<Faults>,
    pub keys: Keys,
    pub requests: Mutex<Vec<RequestRecord>>,
    pub persist: Option<Persister>,
    pub log_grants: Mutex<HashMap<String, LogGrant>>,
    /// Request counter (fault decisions, error ids).
    pub seq: AtomicU64,
    /// Model version, bumped on every change, for persistence.
    pub version: AtomicU64,
    /// Background processes in flight.
    pub running: AtomicUsize,
    /// The model version, for event subscribers.
    changes: tokio::sync::watch::Sender<u64>,
    /// Images of `flaky_images` whose first container has failed already.
    failed_once: Mutex<std::collections::HashSet<String>>,
    /// Transitions held until released (tests).
    pub gates: Gates,
    /// Followed log streams still open.
    pub log_streams: AtomicUsize,
}

/// One gate per kind of transition ([`Hold`]). While a gate is held, the transitions of its kind
/// wait at it: container starts stay `starting`, health checks stay `initializing`, and so the
/// processes that wait for them stay in their transitioning state; writes stay unanswered. A release lets go every
/// transition waiting then, even if the gate is held again at once (so a test can let one step
/// through at a time). Once any gate has been held, processes run in the background as with a
/// non-instant timing (a request never waits for a release). Nothing waits when no gate was ever
/// held.
#[derive(Default)]
pub(super) struct Gates {
    starts: Gate,
    health: Gate,
    writes: Gate,
    used: AtomicBool,
}

#[derive(Default)]
struct Gate {
    /// Held, and how many releases there were.
    state: tokio::sync::watch::Sender<(bool, u64)>,
    waiting: AtomicUsize,
}

impl Gates {
    fn gate(&self, kind: Hold) -> &Gate {
        match kind {
            Hold::Starts => &self.starts,
            Hold::Health => &self.health,
            Hold::Writes => &self.writes,
        }
    }

    pub(super) fn hold(&self, kind: Hold) {
        self.used.store(true, Ordering::SeqCst);
        self.gate(kind).state.send_modify(|(held, _)| *held = true);
    }

    pub(super) fn release(&self, kind: Hold) {
        self.gate(kind).state.send_modify(|(held, releases)| {
            *held = false;
            *releases += 1;
        });
    }

    pub(super) fn is_held(&self, kind: Hold) -> bool {
        self.gate(kind).state.borrow().0
    }

    /// How many transitions of `kind` wait at the gate now.
    pub(super) fn waiting(&self, kind: Hold) -> usize {
        self.gate(kind).waiting.load(Ordering::SeqCst)
    }

    /// Whether a gate was ever held (processes then run in the background).
    pub(super) fn used(&self) -> bool {
        self.used.load(Ordering::SeqCst)
    }

    /// Wait while the gate of `kind` is held, until the next release.
    pub(super) async fn pass(&self, kind: Hold) {
        let gate = self.gate(kind);
        let mut state = gate.state.subscribe();
        let (held, releases) = *state.borrow_and_update();
        if !held {
            return;
        }
        gate.waiting.fetch_add(1, Ordering::SeqCst);
        // The sender lives as long as the app, so this ends only on a release.
        let _ = state.wait_for(|(held, now)| !*held || *now != releases).await;
        gate.waiting.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Every lock of the server goes through here. A panic while holding one cannot leave the model
/// half-updated in a way worse than refusing all further requests, so a poisoned lock is
/// recovered (see [`crate::locks`]).
fn relock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    crate::locks::lock(m)
}

impl App {
    pub(super) fn new(
        state: State,
        timing: Timing,
        faults: Faults,
        keys: Keys,
        persist: Option<Persister>,
    ) -> App {
        App {
            state: Mutex::new(state),
            timing,
            faults: Mutex::new(faults),
            keys,
            requests: Mutex::new(Vec::new()),
            persist,
            log_grants: Mutex::new(HashMap::new()),
            seq: AtomicU64::new(0),
            version: AtomicU64::new(0),
            running: AtomicUsize::new(0),
            changes: tokio::sync::watch::Sender::new(0),
            failed_once: Mutex::new(std::collections::HashSet::new()),
            gates: Gates::default(),
            log_streams: AtomicUsize::new(0),
        }
    }

    /// Whether a container of `image` fails to start now: always for `fail_images`, the first
    /// time for `flaky_images`.
    pub(super) fn fails_to_start(&self, faults: &Faults, image: &str) -> bool {
        faults.fails_to_start(image)
            || (faults.flaky(image) && relock(&self.failed_once).insert(image.to_owned()))
    }

    /// Follows the model version: changes after every [`Self::touch`].
    pub(super) fn changes(&self) -> tokio::sync::watch::Receiver<u64> {
        self.changes.subscribe()
    }

    pub(super) fn lock(&self) -> MutexGuard<'_, State> {
        relock(&self.state)
    }

    pub(super) fn faults(&self) -> Faults {
        relock(&self.faults).clone()
    }

    pub(super) fn set_faults(&self, f: Faults) {
        *relock(&self.faults) = f;
    }

    /// Whether this write is one of [`Faults::failing_writes`] (counting it).
    pub(super) fn fails_this_write(&self) -> bool {
        let mut faults = relock(&self.faults);
        let fails = faults.failing_writes > 0;
        faults.failing_writes = faults.failing_writes.saturating_sub(1);
        fails
    }

    pub(super) fn record(&self, r: RequestRecord) {
        relock(&self.requests).push(r);
    }

    pub(super) fn request_log(&self) -> Vec<RequestRecord> {
        relock(&self.requests).clone()
    }

    pub(super) fn clear_request_log(&self) {
        relock(&self.requests).clear();
    }

    pub(super) fn grant(&self, token: String, g: LogGrant) {
        relock(&self.log_grants).insert(token, g);
    }

    pub(super) fn grant_for(&self, token: &str) -> Option<LogGrant> {
        relock(&self.log_grants).get(token).cloned()
    }

    /// Note that the model changed (call after releasing or while holding the lock).
    pub(super) fn touch(&self) -> u64 {
        let v = self.version.fetch_add(1, Ordering::SeqCst) + 1;
        if let Some(p) = &self.persist {
            p.request(v);
        }
        self.changes.send_replace(v);
        v
    }

    /// Wait until every change made so far is on disk (no-op without a state file).
    pub(super) async fn durable(&self) {
        if let Some(p) = &self.persist {
            let v = self.version.load(Ordering::SeqCst);
            p.request(v);
            p.wait(v).await;
        }
    }

    pub(super) async fn pause(&self, d: Duration) {
        if !d.is_zero() {
            tokio::time::sleep(d).await;
        }
    }

    /// Whether processes run within the request: with instant timing, unless a gate was ever
    /// held.
    pub(super) fn inline(&self) -> bool {
        self.timing.is_instant() && !self.gates.used()
    }

    /// Run a process: inline (see [`Self::inline`]), otherwise in the background.
    pub(super) async fn run<F>(self: &Arc<Self>, fut: F)
    where
        F: Future<Output = ()> + Send + 'static,
    {
        if self.inline() {
            fut.await;
        } else {
            self.spawn(fut);
        }
    }

    /// Always run in the background (used for follow-up work such as health checks).
    pub(super) fn spawn<F>(self: &Arc<Self>, fut: F)
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let app = Arc::clone(self);
        app.running.fetch_add(1, Ordering::SeqCst);
        tokio::spawn(async move {
            fut.await;
            app.running.fetch_sub(1, Ordering::SeqCst);
        });
    }

    pub(super) fn next_seq(&self) -> u64 {
        self.seq.fetch_add(1, Ordering::SeqCst) + 1
    }
}
