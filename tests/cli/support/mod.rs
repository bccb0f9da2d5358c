//! Shared helpers: run the binary in isolation, copy fixtures into temporary directories; the
//! emulator helpers (`emulator`) and running processes that a test interrupts or reads while
//! they run (`process`).

pub mod emulator;
pub mod process;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;

pub use emulator::{add_certificate, containers, edit, emulator, named, ok, rc_at, service, settle};

/// The crate root (where `fixtures/` lives).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `rancher-compose` with an empty environment, run in `dir`.
pub fn rc(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rancher-compose"));
    cmd.env_clear().current_dir(dir);
    cmd
}

/// A private copy of a fixture folder, named like the fixture (so the stack name is stable).
pub struct Fixture {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
}

impl Fixture {
    pub fn path(&self) -> &Path {
        &self.dir
    }
}

/// Copies `fixtures/<name>` into a temporary directory (tests may write into it).
pub fn fixture(name: &str) -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let leaf = Path::new(name).file_name().unwrap();
    let dir = tmp.path().join(leaf);
    copy_dir(&root().join("fixtures").join(name), &dir);
    Fixture { _tmp: tmp, dir }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every fixture that deploys (all but `broken`), with the global options it needs.
pub const DEPLOYABLE: [(&str, &[&str]); 8] = [
    ("nginx-redis", &[]),
    ("sidekicks", &[]),
    ("lb-v2", &[]),
    ("lb-legacy", &[]),
    ("external", &[]),
    ("extends", &[]),
    ("override", &["-f", "docker-compose.yml", "-f", "docker-compose.prod.yml"]),
    ("jenkins", &["--answers", "answers.txt"]),
];

/// The certificate a deployable fixture's balancer refers to (it must exist on the server).
pub fn certificate_of(fixture: &str) -> Option<&'static str> {
    [("lb-v2", "example-com"), ("lb-legacy", "cert1")]
        .into_iter()
        .find(|(f, _)| *f == fixture)
        .map(|(_, c)| c)
}

/// Output of a finished command as text.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `work` with an API client connected to the server at `url` (to set up state the way a
/// user or another tool would have).
pub fn with_api<T>(url: &str, work: impl AsyncFnOnce(&rancher_compose::api::Client) -> T) -> T {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let client = rancher_compose::api::Client::connect(url, None, Default::default()).await.unwrap();
        work(&client).await
    })
}

/// The failure bound of every wait for a condition: generous, as the machine may be loaded; a
/// test that passes never waits for it.
pub const DEADLINE: Duration = Duration::from_secs(60);

/// Waits until `ready` holds, looking every few milliseconds; fails the test naming `what` after
/// [`DEADLINE`].
pub fn wait_until(what: &str, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(start.elapsed() < DEADLINE, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}
