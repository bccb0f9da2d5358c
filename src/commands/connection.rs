//! What the commands that talk to a server share: the async runtime, and the connection (a real
//! server, or `--url local` / `local:PATH` for the in-process emulator).

use std::future::Future;
use std::time::Duration;

use anyhow::Context as _;

use crate::api::{self, Client, ClientOptions, Credentials};
use crate::deploy::execute::RunSettings;
use crate::emulator::{self, EmulatorConfig, EmulatorThread};

use super::{Ctx, environment};
use crate::exit::Outcome;

/// Runs `future` on a single-threaded runtime (the CLI does one thing at a time).
///
/// # Errors
/// The runtime could not start, or the future failed.
pub(super) fn block_on<T>(future: impl Future<Output = anyhow::Result<T>>) -> anyhow::Result<T> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    // A second Ctrl-C ends the run here, dropping what is in flight, and returns through the
    // same error path as every other ending.
    runtime.block_on(async {
        tokio::select! {
            result = future => result,
            message = crate::interrupt::quit_now() => Err(Outcome::Interrupted(message).into()),
        }
    })
}

/// A connected client, and the in-process emulator behind `--url local` if that was asked for.
pub(super) struct Connection {
    pub client: Client,
    _local: Option<EmulatorThread>,
}

/// The `--url` was not given.
#[derive(Debug, thiserror::Error)]
#[error("RANCHER_URL is not set")]
pub(crate) struct NoUrl;

/// Connects to the server the global options name.
///
/// # Errors
/// No URL, or the server cannot be reached or refuses the credentials.
pub(super) async fn connect(ctx: &Ctx) -> anyhow::Result<Connection> {
    let settings = &ctx.settings;
    // The rancher CLI's file only fills gaps; with everything given it is not even read, so a
    // broken one cannot get in the way.
    let complete = settings.url.as_deref().is_some_and(|u| !u.is_empty())
        && settings.access_key.is_some()
        && settings.secret_key.is_some();
    let file = if complete { None } else { CliConfig::read(ctx)? };
    let from_file = settings.url.as_deref().filter(|u| !u.is_empty()).is_none();
    let url = match settings.url.as_deref().filter(|u| !u.is_empty()) {
        Some(url) => url.to_owned(),
        None => file.as_ref().and_then(CliConfig::server_url).ok_or(NoUrl)?,
    };
    if from_file {
        ctx.printer.debug(format_args!("server and keys from the rancher CLI's config file"));
    }
    let url = url.as_str();
    let (url, local) = match emulator::parse_local_url(url) {
        Some(state) => {
            let thread = EmulatorThread::start(EmulatorConfig::local(state))
                .map_err(|e| anyhow::anyhow!("cannot start the local emulator: {e}"))?;
            ctx.printer.debug(format_args!("local emulator on {}", thread.base_url()));
            (thread.base_url().to_owned(), Some(thread))
        }
        None => (url.to_owned(), None),
    };
    // Flags and environment variables win over the rancher CLI's file, key by key.
    let access = settings.access_key.clone().or_else(|| file.as_ref().and_then(|f| f.access_key.clone()));
    let secret = settings.secret_key.clone().or_else(|| file.as_ref().and_then(|f| f.secret_key.clone()));
    let credentials = match (access, secret) {
        (Some(a), Some(s)) if !a.is_empty() => Some(Credentials::new(a, s)),
        _ => None,
    };
    let printer = ctx.printer;
    let mut options = ClientOptions {
        trace: settings.verbose.then(|| api::Lines::new(move |line| printer.debug(line))),
        retry_notes: Some(api::Lines::new(move |line| printer.status(line))),
        ..ClientOptions::from_env(&ctx.env)
    };
    if let Some(path) = &settings.ca_file {
        options.extra_roots = read_ca_file(path)?;
    }
    let keys_sent =
        credentials.is_some() || api::url::normalise(&url).is_ok_and(|u| !u.username().is_empty());
    if keys_sent && api::url::normalise(&url).is_ok_and(|u| api::url::is_plain_http_remote(&u)) {
        ctx.printer.warn("the API keys are sent over plain http to a remote host; prefer an https:// URL");
    }
    let url = match chosen_environment(settings.environment.as_deref(), file.as_ref(), &url) {
        Some(wanted) => {
            let scoped = environment::project_url(&url, wanted, credentials.clone(), options.clone()).await?;
            ctx.printer.debug(format_args!("environment `{wanted}`: {}", api::url::hide_userinfo(&scoped)));
            scoped
        }
        None => url,
    };
    ctx.printer.debug(format_args!("connecting to {}", api::url::hide_userinfo(&url)));
    let client = Client::connect(&url, credentials, options).await?;
    Ok(Connection { client, _local: local })
}

/// The environment to work in: `--env` (or `RANCHER_ENVIRONMENT`) first; else, when the URL
/// names none, the rancher CLI's `environment`; else none (the URL as it is, as 0.12 used it).
fn chosen_environment<'a>(flag: Option<&'a str>, file: Option<&'a CliConfig>, url: &str) -> Option<&'a str> {
    let from_file =
        || file.and_then(|f| f.environment.as_deref()).filter(|_| !environment::names_project(url));
    flag.or_else(from_file).filter(|e| !e.is_empty())
}

/// The extra CA certificates of `--ca-file`.
fn read_ca_file(path: &std::path::Path) -> anyhow::Result<Vec<reqwest::Certificate>> {
    let pem = crate::compose::input::read_bytes(path)
        .with_context(|| format!("cannot read the CA file {}", path.display()))?;
    let certs = reqwest::Certificate::from_pem_bundle(&pem)
        .map_err(|e| anyhow::anyhow!("{}: not a PEM certificate bundle: {e}", path.display()))?;
    if certs.is_empty() {
        anyhow::bail!("{}: no PEM certificate in the file", path.display());
    }
    Ok(certs)
}

/// The `rancher` CLI's config file (`~/.rancher/cli.json`, or `RANCHER_CLIENT_CONFIG`): used for
/// whatever the flags and environment variables leave unset, so machines set up for the
/// `rancher` CLI work without more configuration.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct CliConfig {
    url: Option<String>,
    access_key: Option<String>,
    secret_key: Option<String>,
    environment: Option<String>,
}

impl CliConfig {
    fn read(ctx: &Ctx) -> anyhow::Result<Option<Self>> {
        let path = match ctx.env.get("RANCHER_CLIENT_CONFIG") {
            Some(path) => std::path::PathBuf::from(path),
            None => match ctx.env.get("HOME") {
                Some(home) => std::path::Path::new(home).join(".rancher").join("cli.json"),
                None => return Ok(None),
            },
        };
        let text = match crate::compose::input::read_text(&path) {
            Ok(text) => text,
            Err(e) if e.is_not_found() => return Ok(None),
            Err(e) => return Err(anyhow::anyhow!("cannot read {}: {e}", path.display())),
        };
        let config: Self = serde_json::from_str(&text)
            .map_err(|e| anyhow::anyhow!("{}:{}:{}: {e}", path.display(), e.line(), e.column()))?;
        Ok(Some(config))
    }

    /// The configured server's API URL (its `environment` is chosen separately).
    fn server_url(&self) -> Option<String> {
        let url = self.url.as_deref().filter(|u| !u.is_empty())?;
        Some(url.trim_end_matches('/').trim_end_matches("/schemas").to_owned())
    }
}

/// Connects and runs `work` with the client. An error after the server accepted a change is
/// a partly applied run (exit 5) unless it says how it ended; an interrupt exits 130.
pub(super) fn with_client<T>(
    ctx: &Ctx,
    work: impl AsyncFnOnce(&Client) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    block_on(async {
        let conn = connect(ctx).await?;
        let result = work(&conn.client).await;
        result.map_err(|e| {
            let ended = Outcome::find(&e).is_some();
            let interrupted = e.chain().any(|cause| {
                matches!(
                    cause.downcast_ref::<crate::deploy::Error>(),
                    Some(crate::deploy::Error::Interrupted)
                )
            });
            if interrupted {
                Outcome::Interrupted("interrupted: no new change was started; what was done stays".into())
                    .into()
            } else if conn.client.mutations() > 0 && !ended {
                e.context(Outcome::partly_applied())
            } else {
                e
            }
        })
    })
}

/// How the engine runs steps, from `--timeout`, `--parallel` and `--error-grace`.
#[must_use]
pub(super) fn settings(timeout_seconds: u64, run: crate::cli::RunArgs) -> RunSettings {
    RunSettings {
        timeout: Duration::from_secs(timeout_seconds),
        parallel: usize::from(run.parallel),
        grace: Duration::from_secs(run.error_grace),
    }
}
