//! What the commands that talk to a server share: the async runtime, the connection (a real
//! server, or `--url local` / `local:PATH` for the in-process emulator), and the progress
//! reporter that prints deploy events.

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::Context as _;

use crate::api::{self, Client, ClientOptions, Credentials};
use crate::compose::Project;
use crate::deploy::{Deployer, Reporter};
use crate::emulator::{self, EmulatorConfig, EmulatorThread};
use crate::ui::Printer;

use super::Ctx;

/// Runs `future` on a single-threaded runtime (the CLI does one thing at a time).
///
/// # Errors
/// The runtime could not start, or the future failed.
pub fn block_on<T>(future: impl Future<Output = anyhow::Result<T>>) -> anyhow::Result<T> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(future)
}

/// A connected client, and the in-process emulator behind `--url local` if that was asked for.
pub struct Connection {
    pub client: Client,
    _local: Option<EmulatorThread>,
}

/// The `--url` was not given.
#[derive(Debug, thiserror::Error)]
#[error("RANCHER_URL is not set")]
pub struct NoUrl;

/// Connects to the server the global options name.
///
/// # Errors
/// No URL, or the server cannot be reached or refuses the credentials.
pub async fn connect(ctx: &Ctx) -> anyhow::Result<Connection> {
    let settings = &ctx.settings;
    let url = settings.url.as_deref().filter(|u| !u.is_empty()).ok_or(NoUrl)?;
    let (url, local) = match emulator::parse_local_url(url) {
        Some(state) => {
            let thread = EmulatorThread::start(EmulatorConfig::local(state))
                .map_err(|e| anyhow::anyhow!("cannot start the local emulator: {e}"))?;
            ctx.printer.debug(format_args!("local emulator on {}", thread.base_url()));
            (thread.base_url().to_owned(), Some(thread))
        }
        None => (url.to_owned(), None),
    };
    let credentials = match (&settings.access_key, &settings.secret_key) {
        (Some(a), Some(s)) if !a.is_empty() => Some(Credentials::new(a.clone(), s.clone())),
        _ => None,
    };
    if credentials.is_some() && api::url::normalise(&url).is_ok_and(|u| api::url::is_plain_http_remote(&u)) {
        ctx.printer.warn("the API keys are sent over plain http to a remote host; prefer an https:// URL");
    }
    ctx.printer.debug(format_args!("connecting to {url}"));
    let client = Client::connect(&url, credentials, ClientOptions::default()).await?;
    Ok(Connection { client, _local: local })
}

/// Connects, and runs `work` with a deployer for `project` whose waits last `wait_seconds`,
/// printing progress as plain lines.
pub fn with_deployer<T>(
    ctx: &Ctx,
    project: &Project,
    wait_seconds: u64,
    work: impl AsyncFnOnce(&Deployer<'_>) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let reporter = LineReporter::new(ctx.printer, project.services.len());
    with_reporter(ctx, project, wait_seconds, &reporter, work)
}

/// [`with_deployer`] with progress going to `reporter`.
pub fn with_reporter<T>(
    ctx: &Ctx,
    project: &Project,
    wait_seconds: u64,
    reporter: &dyn Reporter,
    work: impl AsyncFnOnce(&Deployer<'_>) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    block_on(async {
        let conn = connect(ctx).await?;
        let deployer = Deployer { client: &conn.client, project, reporter, timeout: timeout(wait_seconds) };
        work(&deployer).await
    })
}

/// A wait deadline from a `--timeout` in seconds (0 = forever).
#[must_use]
pub fn timeout(seconds: u64) -> Duration {
    Duration::from_secs(seconds)
}

/// Prints deploy events as plain lines on stderr in 0.12's shape, `[n/N] [service]: Creating`,
/// where N counts the project's services (sidekicks included, as 0.12 did) and n those started.
pub struct LineReporter {
    printer: Printer,
    total: usize,
    started: AtomicUsize,
}

impl LineReporter {
    #[must_use]
    pub fn new(printer: Printer, total: usize) -> Self {
        Self { printer, total, started: AtomicUsize::new(0) }
    }
}

impl Reporter for LineReporter {
    fn event(&self, service: &str, text: &str) {
        let started = if text == "Started" {
            self.started.fetch_add(1, Ordering::Relaxed) + 1
        } else {
            self.started.load(Ordering::Relaxed)
        };
        self.printer.status(format_args!("[{started}/{}] [{service}]: {text}", self.total));
    }

    fn note(&self, message: &str) {
        self.printer.status(message);
    }

    fn warn(&self, message: &str) {
        self.printer.warn(message);
    }
}

/// Prints deploy events as JSON lines on stdout (`{"event": ..., "service": ...}`), for CI;
/// warnings also go to stderr as usual.
pub struct JsonReporter {
    printer: Printer,
}

impl JsonReporter {
    #[must_use]
    pub fn new(printer: Printer) -> Self {
        Self { printer }
    }

    fn line(&self, value: &serde_json::Value) {
        let _ = self.printer.data(&format!("{value}\n"));
    }
}

impl Reporter for JsonReporter {
    fn event(&self, service: &str, text: &str) {
        self.line(&serde_json::json!({ "event": text, "service": service }));
    }

    fn note(&self, message: &str) {
        self.line(&serde_json::json!({ "note": message }));
    }

    fn warn(&self, message: &str) {
        self.line(&serde_json::json!({ "warning": message }));
        self.printer.warn(message);
    }
}
