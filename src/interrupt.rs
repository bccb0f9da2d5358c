//! Ctrl-C during a run that changes the server. The first one asks the run to stop issuing new
//! changes: requests in flight complete, then the run ends and says how to resume. A second
//! one quits at once.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

static REQUESTED: AtomicBool = AtomicBool::new(false);

/// Whether Ctrl-C was pressed.
#[must_use]
pub fn requested() -> bool {
    REQUESTED.load(Ordering::SeqCst)
}

/// Starts listening for Ctrl-C on the current runtime.
pub fn watch() {
    tokio::spawn(async {
        while tokio::signal::ctrl_c().await.is_ok() {
            if REQUESTED.swap(true, Ordering::SeqCst) {
                std::process::exit(crate::exit::ExitStatus::Interrupted.code());
            }
            let _ = writeln!(
                std::io::stderr(),
                "interrupted: finishing the requests in flight, then stopping (Ctrl-C again quits now)"
            );
        }
    });
}
