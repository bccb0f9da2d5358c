//! Ctrl-C during a run that changes the server. The first one asks the run to stop issuing new
//! changes: requests in flight complete, then the run ends and says how to resume (also when
//! the Ctrl-C came while the stack was being read, between steps, or as the last step ended).
//! A second one quits at once, still printing how to resume.
//!
//! The engine watches from the start of a run to its end ([`watch`]). The handler is
//! registered when `watch` is called, not when its task first runs, and one listener serves the
//! whole run: one Ctrl-C is never seen twice (which would quit at once), and a second one that
//! comes while the first is handled is not lost.

use std::sync::atomic::{AtomicBool, Ordering};

static REQUESTED: AtomicBool = AtomicBool::new(false);
static WATCHING: AtomicBool = AtomicBool::new(false);
/// A second Ctrl-C: quit now.
static QUIT: tokio::sync::Notify = tokio::sync::Notify::const_new();

/// Resolves when a second Ctrl-C asks to quit at once, with what the user is told.
pub(crate) async fn quit_now() -> String {
    QUIT.notified().await;
    format!(
        "quitting: a request in flight may still take effect on the server\nto resume:    {}",
        resume_line()
    )
}

/// Whether Ctrl-C was pressed.
#[must_use]
pub(crate) fn requested() -> bool {
    REQUESTED.load(Ordering::SeqCst)
}

/// Listening for Ctrl-C; stops when dropped (a later Ctrl-C, e.g. while `up` follows the logs,
/// is then someone else's).
#[must_use = "Ctrl-C is watched only while this is alive"]
pub(crate) struct Watch(Option<tokio::task::JoinHandle<()>>);

impl Drop for Watch {
    fn drop(&mut self) {
        if let Some(task) = self.0.take() {
            task.abort();
            WATCHING.store(false, Ordering::SeqCst);
        }
    }
}

/// Starts listening for Ctrl-C on the current runtime, unless something already does (then the
/// returned guard does nothing).
#[must_use = "Ctrl-C is watched only while the returned guard is alive"]
pub(crate) fn watch() -> Watch {
    if WATCHING.swap(true, Ordering::SeqCst) {
        return Watch(None);
    }
    let Some(mut signals) = listen() else {
        WATCHING.store(false, Ordering::SeqCst);
        return Watch(None);
    };
    Watch(Some(tokio::spawn(async move {
        while signals.next().await {
            if REQUESTED.swap(true, Ordering::SeqCst) {
                // `block_on` ends the run; a permit is kept if it is not waiting yet.
                QUIT.notify_one();
                continue;
            }
            crate::ui::notice(
                "interrupted: finishing the requests in flight, then stopping (Ctrl-C again quits now)",
            );
        }
    })))
}

/// The Ctrl-C signal stream, registered with the OS on creation.
#[cfg(unix)]
struct Signals(tokio::signal::unix::Signal);

#[cfg(unix)]
fn listen() -> Option<Signals> {
    tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt()).ok().map(Signals)
}

#[cfg(unix)]
impl Signals {
    async fn next(&mut self) -> bool {
        self.0.recv().await.is_some()
    }
}

#[cfg(windows)]
struct Signals(tokio::signal::windows::CtrlC);

#[cfg(windows)]
fn listen() -> Option<Signals> {
    tokio::signal::windows::ctrl_c().ok().map(Signals)
}

#[cfg(windows)]
impl Signals {
    async fn next(&mut self) -> bool {
        self.0.recv().await.is_some()
    }
}

/// This process's command line as a shell line, with the secret key hidden and the URL without
/// credentials, for the commands a resume note suggests.
#[must_use]
pub(crate) fn resume_line() -> String {
    shell_line(&shown_args())
}

/// This process's arguments with the secret key hidden and URLs without credentials.
#[must_use]
pub(crate) fn shown_args() -> Vec<String> {
    let mut shown = Vec::new();
    let mut next_is = None;
    for arg in std::env::args() {
        let arg = match next_is.take() {
            Some("--secret-key") => "****".to_owned(),
            Some(_) => without_credentials(&arg),
            None if arg == "--secret-key" || arg == "--url" => {
                next_is = Some(if arg == "--url" { "--url" } else { "--secret-key" });
                arg
            }
            None if arg.starts_with("--secret-key=") => "--secret-key=****".to_owned(),
            None => match arg.strip_prefix("--url=") {
                Some(url) => format!("--url={}", without_credentials(url)),
                None => arg,
            },
        };
        shown.push(arg);
    }
    shown
}

fn without_credentials(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(parsed) if !parsed.username().is_empty() || parsed.password().is_some() => {
            crate::api::url::display(&parsed)
        }
        _ => url.to_owned(),
    }
}

/// Arguments quoted for a POSIX shell.
#[must_use]
pub(crate) fn shell_line(args: &[String]) -> String {
    shlex::try_join(args.iter().map(String::as_str)).unwrap_or_else(|_| args.join(" "))
}
