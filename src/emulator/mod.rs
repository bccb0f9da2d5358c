//! Rancher API emulator: a faithful `/v2-beta` HTTP server (Rancher 1.6 / Cattle semantics) for
//! tests, demos and `rancher-compose --url local`. This module owns the public API: the
//! configuration (`EmulatorConfig`, `Timing`), starting and stopping a server in-process
//! (`start` → `EmulatorHandle`, or `EmulatorThread` for synchronous callers), and in-process
//! inspection (request log, resources). The server itself lives in the sub-modules.

mod access;
mod app;
mod containers;
pub(crate) mod error;
mod export;
pub(crate) mod faults;
mod handlers;
mod logs;
mod machines;
mod nested_types;
mod persist;
mod placement;
mod ports;
mod processes;
mod render;
mod routes;
pub(crate) mod schemas;
mod selector;
mod selector_links;
mod store;
mod subscribe;
mod transform;
mod util;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::oneshot;

pub use faults::Faults;

/// How long simulated work takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timing {
    /// One process step without containers (e.g. `registering` → `inactive`).
    pub step: Duration,
    /// A container start (`creating`/`starting` → `running`).
    pub start: Duration,
    /// A container stop (`stopping` → `stopped`).
    pub stop: Duration,
    /// From `running` to a passing health check (`initializing` → `healthy`).
    pub healthy: Duration,
    /// Interval between followed log lines.
    pub log_interval: Duration,
    /// Sleep `intervalMillis` between upgrade/restart batches as the real server does.
    pub honor_intervals: bool,
}

impl Timing {
    /// Everything completes within the request; batch intervals are skipped. For tests/benchmarks.
    pub fn instant() -> Timing {
        Timing {
            step: Duration::ZERO,
            start: Duration::ZERO,
            stop: Duration::ZERO,
            healthy: Duration::ZERO,
            log_interval: Duration::from_millis(50),
            honor_intervals: false,
        }
    }

    /// Quick but visible: a container starts in ~300 ms, so a demo shows the transitions.
    pub fn quick() -> Timing {
        Timing {
            step: Duration::from_millis(100),
            start: Duration::from_millis(300),
            stop: Duration::from_millis(200),
            healthy: Duration::from_millis(1000),
            log_interval: Duration::from_millis(1000),
            honor_intervals: true,
        }
    }

    pub fn is_instant(&self) -> bool {
        self.step.is_zero()
            && self.start.is_zero()
            && self.stop.is_zero()
            && self.healthy.is_zero()
            && !self.honor_intervals
    }
}

impl Default for Timing {
    fn default() -> Self {
        Timing::quick()
    }
}

impl FromStr for Timing {
    type Err = String;

    /// `instant`, `default`/`quick`, or `STEP,START,STOP,HEALTHY` in milliseconds.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "instant" => Ok(Timing::instant()),
            "default" | "quick" => Ok(Timing::quick()),
            other => {
                let ms: Vec<u64> = other
                    .split(',')
                    .map(|p| p.trim().parse::<u64>())
                    .collect::<Result<_, _>>()
                    .map_err(|_| format!("invalid timing {other:?}: expected instant, default or STEP,START,STOP,HEALTHY (ms)"))?;
                let [step, start, stop, healthy] = ms[..] else {
                    return Err(format!("invalid timing {other:?}: expected four millisecond values"));
                };
                Ok(Timing {
                    step: Duration::from_millis(step),
                    start: Duration::from_millis(start),
                    stop: Duration::from_millis(stop),
                    healthy: Duration::from_millis(healthy),
                    log_interval: Duration::from_millis(1000),
                    honor_intervals: step + start + stop + healthy > 0,
                })
            }
        }
    }
}

/// A kind of transition a test can hold until it releases it ([`Inspector::hold`]), so that it
/// sees a process under way without racing the emulator's timing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Hold {
    /// Container starts: held containers stay `starting`, so a service that starts containers
    /// (activating, upgrading, restarting, ...) stays in its transitioning state.
    Starts,
    /// Passing health checks: held containers run but stay `initializing`.
    Health,
    /// API requests that change something (not `GET`): they wait before they are handled, so
    /// the client sees a request that has not been answered yet.
    Writes,
}

impl Hold {
    pub const ALL: [Hold; 3] = [Hold::Starts, Hold::Health, Hold::Writes];

    pub fn name(self) -> &'static str {
        match self {
            Hold::Starts => "starts",
            Hold::Health => "health",
            Hold::Writes => "writes",
        }
    }
}

impl FromStr for Hold {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Hold::ALL
            .into_iter()
            .find(|h| h.name() == s)
            .ok_or_else(|| format!("unknown hold {s:?}: expected starts, health or writes"))
    }
}

/// An environment API key: it reaches only the environment it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvironmentKey {
    /// The environment's name.
    pub environment: String,
    pub access_key: String,
    pub secret_key: String,
}

impl FromStr for EnvironmentKey {
    type Err = String;

    /// `ENVIRONMENT:ACCESS_KEY:SECRET_KEY`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.splitn(3, ':').collect::<Vec<_>>()[..] {
            [environment, access, secret]
                if !environment.is_empty() && !access.is_empty() && !secret.is_empty() =>
            {
                Ok(EnvironmentKey {
                    environment: environment.to_owned(),
                    access_key: access.to_owned(),
                    secret_key: secret.to_owned(),
                })
            }
            _ => Err(format!("invalid environment key {s:?}: expected ENVIRONMENT:ACCESS_KEY:SECRET_KEY")),
        }
    }
}

/// Emulator configuration.
#[derive(Debug, Clone)]
pub struct EmulatorConfig {
    /// Address to listen on; port 0 picks an ephemeral port.
    pub listen: SocketAddr,
    /// An account API key, which sees every environment. With it or any environment key set,
    /// every request needs HTTP basic auth with one of them.
    pub access_key: Option<String>,
    pub secret_key: Option<String>,
    /// Environments besides `Default` (`1a5`), by name; ids `1a6`, `1a7`, ... in order. Those a
    /// saved state lacks are added to it.
    pub environments: Vec<String>,
    /// Environment API keys.
    pub environment_keys: Vec<EnvironmentKey>,
    /// Persist the model here (atomically) and reload it at start.
    pub state_file: Option<PathBuf>,
    /// Number of simulated hosts for a new state. Two containers publishing the same host port
    /// never share one, so this bounds such services (the default, five, fits every fixture,
    /// including a start-first upgrade of a scale-2 service on port 80).
    pub hosts: usize,
    pub timing: Timing,
    pub faults: Faults,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        EmulatorConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            access_key: None,
            secret_key: None,
            environments: Vec::new(),
            environment_keys: Vec::new(),
            state_file: None,
            hosts: 5,
            timing: Timing::default(),
            faults: Faults::default(),
        }
    }
}

impl EmulatorConfig {
    /// Ephemeral loopback port, instant timing: what tests want.
    pub fn for_tests() -> Self {
        EmulatorConfig { timing: Timing::instant(), ..EmulatorConfig::default() }
    }

    /// The configuration for `--url local` / `--url local:PATH` (PATH = state file).
    pub fn local(state_file: Option<PathBuf>) -> Self {
        EmulatorConfig {
            state_file: Some(state_file.unwrap_or_else(default_local_state_file)),
            ..EmulatorConfig::default()
        }
    }
}

/// Recognise `local` and `local:PATH` URLs: `Some(None)` / `Some(Some(PATH))`, else `None`.
pub fn parse_local_url(url: &str) -> Option<Option<PathBuf>> {
    if url == "local" {
        return Some(None);
    }
    url.strip_prefix("local:").filter(|p| !p.is_empty()).map(|p| Some(PathBuf::from(p)))
}

/// `<data dir>/rancher-compose/emulator-state.json` (falls back to the current directory).
pub fn default_local_state_file() -> PathBuf {
    dirs::data_dir().unwrap_or_else(|| PathBuf::from(".")).join("rancher-compose").join("emulator-state.json")
}

#[derive(Debug, thiserror::Error)]
pub enum EmulatorError {
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("{0}")]
    State(String),
    #[error("emulator runtime: {0}")]
    Runtime(String),
    #[error("invalid configuration: {0}")]
    Config(String),
}

/// One request as received (for "no mutating request was made" assertions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestRecord {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub status: u16,
}

impl RequestRecord {
    /// Whether the request may have changed server state. GETs, `scripts/transform` and the
    /// read-only actions (`logs`, `exportconfig`) do not.
    pub fn is_mutating(&self) -> bool {
        if matches!(self.method.as_str(), "GET" | "HEAD" | "OPTIONS") {
            return false;
        }
        if self.path.trim_end_matches('/').ends_with("/scripts/transform") {
            return false;
        }
        let action = self
            .query
            .as_deref()
            .unwrap_or("")
            .split('&')
            .find_map(|kv| kv.strip_prefix("action="))
            .unwrap_or("");
        !matches!(action, "logs" | "exportconfig")
    }
}

/// Shared in-process view of a running emulator (used by both handle types).
#[derive(Clone)]
pub struct Inspector {
    app: Arc<app::App>,
    base_url: String,
}

impl Inspector {
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// `http://127.0.0.1:PORT/v2-beta` — what a client uses as RANCHER_URL.
    pub fn api_url(&self) -> String {
        format!("{}/v2-beta", self.base_url)
    }

    /// The base every link of the environment `Default` points into.
    pub fn project_url(&self) -> String {
        format!("{}/v2-beta/projects/{}", self.base_url, util::fmt_id("a", store::DEFAULT_PROJECT))
    }

    /// The id (`1a6`) of the environment named `name`.
    pub fn environment_id(&self, name: &str) -> Option<String> {
        self.app.lock().project_named(name).map(|id| util::fmt_id("a", id))
    }

    pub fn request_log(&self) -> Vec<RequestRecord> {
        self.app.request_log()
    }

    pub fn mutating_requests(&self) -> Vec<RequestRecord> {
        self.app.request_log().into_iter().filter(RequestRecord::is_mutating).collect()
    }

    pub fn clear_request_log(&self) {
        self.app.clear_request_log()
    }

    /// Every resource of a collection (`"stacks"`, `"services"`, `"containers"`, `"projects"`,
    /// ...) in every environment, removed ones included, as the API renders them (`accountId`
    /// says whose each is).
    pub fn resources(&self, plural: &str) -> Vec<Value> {
        let st = self.app.lock();
        let root = format!("{}/v2-beta", self.base_url);
        st.projects
            .keys()
            .flat_map(|p| handlers::inspect(&st, plural, &render::Ctx::new(&root, *p)))
            .collect()
    }

    /// One resource by collection and id (e.g. `("services", "1s3")`).
    pub fn resource(&self, plural: &str, id: &str) -> Option<Value> {
        self.resources(plural).into_iter().find(|v| v.get("id").and_then(Value::as_str) == Some(id))
    }

    pub fn faults(&self) -> Faults {
        self.app.faults()
    }

    /// Hold transitions of `kind` until [`Self::release`]: they wait where they are (see
    /// [`Hold`]). From the first hold on, processes run in the background even with instant
    /// timing, as against a real server. Without a hold nothing changes.
    pub fn hold(&self, kind: Hold) {
        self.app.gates.hold(kind)
    }

    /// Let the transitions of `kind` waiting at the hold go on, and later ones unless it is held
    /// again (then they wait for the next release).
    pub fn release(&self, kind: Hold) {
        self.app.gates.release(kind)
    }

    /// How many transitions of `kind` are waiting at a hold now (a container start counts once
    /// per batch of containers started together).
    pub fn held(&self, kind: Hold) -> usize {
        self.app.gates.waiting(kind)
    }

    /// Followed log streams (`logs` with `follow`) still open.
    pub fn open_log_streams(&self) -> usize {
        self.app.log_streams.load(Ordering::SeqCst)
    }

    pub fn set_faults(&self, f: Faults) {
        self.app.set_faults(f)
    }

    /// Wait until no background process is running and nothing is transitioning (bounded).
    pub async fn settle(&self, timeout: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            if self.is_settled() {
                return true;
            }
            if tokio::time::Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    pub fn is_settled(&self) -> bool {
        if self.app.running.load(Ordering::SeqCst) > 0 {
            return false;
        }
        let st = self.app.lock();
        !st.services.values().any(|s| machines::is_transitioning(machines::Machine::Service, &s.meta.state))
            && !st
                .stacks
                .values()
                .any(|s| machines::is_transitioning(machines::Machine::Stack, &s.meta.state))
    }
}

/// A running emulator inside an existing tokio runtime.
pub struct EmulatorHandle {
    inspector: Inspector,
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<()>>,
    writer: Option<tokio::task::JoinHandle<()>>,
}

impl std::ops::Deref for EmulatorHandle {
    type Target = Inspector;
    fn deref(&self) -> &Inspector {
        &self.inspector
    }
}

impl EmulatorHandle {
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn inspector(&self) -> Inspector {
        self.inspector.clone()
    }

    /// Stop accepting requests, finish the state file, return.
    pub async fn shutdown(mut self) -> Result<(), EmulatorError> {
        self.stop_inner().await
    }

    async fn stop_inner(&mut self) -> Result<(), EmulatorError> {
        // Nothing waits at a hold past the end of the server.
        for kind in Hold::ALL {
            self.inspector.release(kind);
        }
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(s) = self.server.take() {
            s.await.map_err(|e| EmulatorError::Runtime(e.to_string()))?;
        }
        if let Some(p) = &self.inspector.app.persist {
            p.stop();
        }
        if let Some(w) = self.writer.take() {
            w.await.map_err(|e| EmulatorError::Runtime(e.to_string()))?;
        }
        Ok(())
    }
}

impl Drop for EmulatorHandle {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(p) = &self.inspector.app.persist {
            p.stop();
        }
    }
}

/// Start an emulator on the current tokio runtime.
pub async fn start(config: EmulatorConfig) -> Result<EmulatorHandle, EmulatorError> {
    let account = match (&config.access_key, &config.secret_key) {
        (Some(a), Some(s)) => Some((a.clone(), s.clone())),
        (None, None) => None,
        _ => {
            return Err(EmulatorError::Config("--access-key and --secret-key must be given together".into()));
        }
    };
    let mut state = None;
    if let Some(path) = &config.state_file {
        state = persist::load(path).map_err(EmulatorError::State)?;
    }
    let resumed = state.is_some();
    let mut state = state.unwrap_or_else(|| store::State::new(config.hosts));
    state.ensure_default_project();
    let mut added = false;
    for name in &config.environments {
        if state.project_named(name).is_none() {
            state.add_project(name, None, config.hosts);
            added = true;
        }
    }
    let mut keys = access::Keys { account: account.into_iter().collect(), environment: Vec::new() };
    for key in &config.environment_keys {
        let project = state.project_named(&key.environment).ok_or_else(|| {
            EmulatorError::Config(format!(
                "the key {} is for an unknown environment `{}`",
                key.access_key, key.environment
            ))
        })?;
        keys.environment.push((key.access_key.clone(), key.secret_key.clone(), project));
    }
    let (persister, writer_parts) = match &config.state_file {
        Some(_) => {
            let (ps, parts) = persist::Persister::new();
            (Some(ps), Some(parts))
        }
        None => (None, None),
    };
    let app = Arc::new(app::App::new(state, config.timing.clone(), config.faults.clone(), keys, persister));
    let writer = match (writer_parts, &config.state_file) {
        (Some(parts), Some(path)) => {
            Some(tokio::spawn(persist::writer(Arc::clone(&app), path.clone(), parts)))
        }
        _ => None,
    };
    if resumed {
        processes::resume(&app, util::now_ms());
        if added {
            app.touch();
        }
    } else {
        // Write the fresh state at once so a restart finds the same hosts.
        app.touch();
    }
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|source| EmulatorError::Bind { addr: config.listen, source })?;
    let addr = listener.local_addr().map_err(|source| EmulatorError::Bind { addr: config.listen, source })?;
    let (tx, rx) = oneshot::channel::<()>();
    let router = routes::router(Arc::clone(&app));
    let server = tokio::spawn(async move {
        let serve = axum::serve(listener, router).with_graceful_shutdown(async move {
            let _ = rx.await;
        });
        if let Err(e) = serve.await {
            say(format_args!("server error: {e}"));
        }
    });
    Ok(EmulatorHandle {
        inspector: Inspector { app, base_url: format!("http://{addr}") },
        addr,
        stop: Some(tx),
        server: Some(server),
        writer,
    })
}

/// Run until Ctrl-C (the `rancher-emulator` binary).
pub async fn run_until_ctrl_c(config: EmulatorConfig) -> Result<(), EmulatorError> {
    let handle = start(config).await?;
    say(format_args!("listening on {} (RANCHER_URL={})", handle.base_url(), handle.api_url()));
    tokio::signal::ctrl_c().await.map_err(|e| EmulatorError::Runtime(e.to_string()))?;
    handle.shutdown().await
}

/// An emulator on its own thread and runtime, for synchronous callers (CLI tests, `--url local`).
/// Stops (and flushes its state file) on drop.
pub struct EmulatorThread {
    inspector: Inspector,
    addr: SocketAddr,
    stop: Option<std::sync::mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
    /// Closed when the thread ends (in a mutex only because a receiver is not `Sync`).
    ended: std::sync::Mutex<std::sync::mpsc::Receiver<()>>,
}

/// How long stopping waits for the emulator to finish what it is doing. A request that keeps it
/// busy longer (a scale of a million: placement is work per container) must not keep the tool
/// that embeds it from exiting; its state file then keeps what was last written.
const STOP_GRACE: Duration = Duration::from_secs(5);

impl std::ops::Deref for EmulatorThread {
    type Target = Inspector;
    fn deref(&self) -> &Inspector {
        &self.inspector
    }
}

impl EmulatorThread {
    pub fn start(config: EmulatorConfig) -> Result<EmulatorThread, EmulatorError> {
        let (ready_tx, ready_rx) =
            std::sync::mpsc::channel::<Result<(Inspector, SocketAddr), EmulatorError>>();
        let (stop_tx, stop_rx) = std::sync::mpsc::channel::<()>();
        let (ended_tx, ended) = std::sync::mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("rancher-emulator".into())
            .spawn(move || {
                // Dropped when the thread ends, however it ends.
                let _ended = ended_tx;
                let rt = match tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                {
                    Ok(rt) => rt,
                    Err(e) => {
                        let _ = ready_tx.send(Err(EmulatorError::Runtime(e.to_string())));
                        return;
                    }
                };
                rt.block_on(async move {
                    let handle = match start(config).await {
                        Ok(h) => h,
                        Err(e) => {
                            let _ = ready_tx.send(Err(e));
                            return;
                        }
                    };
                    let _ = ready_tx.send(Ok((handle.inspector(), handle.local_addr())));
                    // Wait for the stop signal (or the owner going away) without blocking the runtime.
                    let _ = tokio::task::spawn_blocking(move || {
                        let _ = stop_rx.recv();
                    })
                    .await;
                    let _ = handle.shutdown().await;
                });
            })
            .map_err(|e| EmulatorError::Runtime(e.to_string()))?;
        let (inspector, addr) = ready_rx.recv().map_err(|e| EmulatorError::Runtime(e.to_string()))??;
        Ok(EmulatorThread {
            inspector,
            addr,
            stop: Some(stop_tx),
            thread: Some(thread),
            ended: std::sync::Mutex::new(ended),
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stop the server and wait for it (at most [`STOP_GRACE`] once it is asked to stop).
    pub fn stop(mut self) {
        self.stop_inner();
    }

    fn stop_inner(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        let Some(thread) = self.thread.take() else { return };
        let ended = crate::locks::lock(&self.ended).recv_timeout(STOP_GRACE);
        match ended {
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                say(format_args!(
                    "still busy {} s after being asked to stop; leaving it (the state file keeps what it last wrote)",
                    STOP_GRACE.as_secs()
                ));
            }
            _ => {
                let _ = thread.join();
            }
        }
    }
}

impl Drop for EmulatorThread {
    fn drop(&mut self) {
        self.stop_inner();
    }
}

/// Read a state file as JSON (for tools and tests); None if absent.
pub fn read_state_file(path: &Path) -> Result<Option<Value>, EmulatorError> {
    match persist::load(path).map_err(EmulatorError::State)?.map(|mut st| {
        st.ensure_default_project();
        st
    }) {
        Some(st) => serde_json::to_value(st).map(Some).map_err(|e| EmulatorError::State(e.to_string())),
        None => Ok(None),
    }
}

/// A line of the emulator's own (its server, its state writer) on stderr: the emulator is a
/// program of its own, outside the client's printer.
#[allow(clippy::print_stderr)]
pub(crate) fn say(line: std::fmt::Arguments<'_>) {
    eprintln!("rancher-emulator: {line}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timing_parses() {
        assert!("instant".parse::<Timing>().expect("instant").is_instant());
        assert_eq!("default".parse::<Timing>().expect("default"), Timing::quick());
        let t: Timing = "10,20,30,40".parse().expect("ms");
        assert_eq!(t.start, Duration::from_millis(20));
        assert!("1,2".parse::<Timing>().is_err());
        assert!("fast".parse::<Timing>().is_err());
    }

    #[test]
    fn local_urls() {
        assert_eq!(parse_local_url("local"), Some(None));
        assert_eq!(parse_local_url("local:/tmp/x.json"), Some(Some(PathBuf::from("/tmp/x.json"))));
        assert_eq!(parse_local_url("http://x"), None);
    }

    #[test]
    fn mutating_classification() {
        let r = |m: &str, p: &str, q: Option<&str>| RequestRecord {
            method: m.into(),
            path: p.into(),
            query: q.map(str::to_string),
            status: 200,
        };
        assert!(!r("GET", "/v2-beta/services", None).is_mutating());
        assert!(!r("POST", "/v2-beta/projects/1a5/scripts/transform", None).is_mutating());
        assert!(!r("POST", "/v2-beta/containers/1i1/", Some("action=logs")).is_mutating());
        assert!(r("POST", "/v2-beta/services/1s1/", Some("action=activate")).is_mutating());
        assert!(r("PUT", "/v2-beta/services/1s1", None).is_mutating());
    }
}
