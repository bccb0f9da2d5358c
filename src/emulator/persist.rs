//! `--state FILE` persistence: loading the saved model at start-up and writing it atomically
//! (temporary file in the same directory, fsync, rename) so a killed emulator never leaves a
//! half-written file. Writes are coalesced: a request that changed the model waits until a write
//! covering its change has completed ("group commit"), so an answered request is durable.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tokio::sync::watch;

use super::app::App;
use super::store::State;
use super::util;

/// Handle to the background writer.
pub(super) struct Persister {
    want: watch::Sender<u64>,
    done: watch::Receiver<u64>,
    stop: watch::Sender<bool>,
}

impl Persister {
    pub(super) fn new() -> (Persister, WriterParts) {
        let (want, want_rx) = watch::channel(0u64);
        let (done_tx, done) = watch::channel(0u64);
        let (stop, stop_rx) = watch::channel(false);
        (Persister { want, done, stop }, WriterParts { want_rx, done_tx, stop_rx })
    }

    /// Ask for the model at version `v` (or later) to be written.
    pub(super) fn request(&self, v: u64) {
        self.want.send_if_modified(|cur| {
            if v > *cur {
                *cur = v;
                true
            } else {
                false
            }
        });
    }

    /// Wait until version `v` is on disk.
    pub(super) async fn wait(&self, v: u64) {
        let mut rx = self.done.clone();
        // An error means the writer is gone (shutdown); nothing more to wait for.
        let _ = rx.wait_for(|d| *d >= v).await;
    }

    pub(super) fn stop(&self) {
        let _ = self.stop.send(true);
    }
}

pub(super) struct WriterParts {
    want_rx: watch::Receiver<u64>,
    done_tx: watch::Sender<u64>,
    stop_rx: watch::Receiver<bool>,
}

/// The writer loop; ends (after a final write) when `Persister::stop` is called.
pub(super) async fn writer(app: Arc<App>, path: PathBuf, mut parts: WriterParts) {
    loop {
        let stopping = tokio::select! {
            r = parts.want_rx.changed() => r.is_err(),
            _ = parts.stop_rx.changed() => true,
        };
        let v = *parts.want_rx.borrow_and_update();
        let bytes = {
            let mut st = app.lock();
            st.saved_at_ms = util::now_ms();
            serde_json::to_vec(&*st)
        };
        match bytes {
            Ok(bytes) => {
                let p = path.clone();
                let res = tokio::task::spawn_blocking(move || write_atomic(&p, &bytes)).await;
                match res {
                    Ok(Ok(())) => {}
                    Ok(Err(e)) => super::say(format_args!("cannot write state {}: {e}", path.display())),
                    Err(e) => super::say(format_args!("state writer failed: {e}")),
                }
            }
            Err(e) => super::say(format_args!("cannot serialise state: {e}")),
        }
        let _ = parts.done_tx.send(v);
        if stopping {
            break;
        }
    }
}

/// Write `bytes` to `path` atomically.
pub(super) fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "state".into());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path)?;
    Ok(())
}

/// Load a saved model; Ok(None) when the file does not exist yet.
pub(super) fn load(path: &Path) -> Result<Option<State>, String> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| format!("state file {} is not a valid emulator state: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("cannot read state file {}: {e}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_and_load() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("sub").join("state.json");
        assert!(load(&p).expect("missing is fine").is_none());
        let st = State::new(2);
        write_atomic(&p, &serde_json::to_vec(&st).expect("json")).expect("write");
        let back = load(&p).expect("ok").expect("present");
        assert_eq!(back.hosts.len(), 2);
        std::fs::write(&p, b"{half").expect("write");
        assert!(load(&p).is_err());
    }
}
