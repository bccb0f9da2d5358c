//! The tool as a child process that a test reads while it runs, or interrupts. Nothing here
//! waits for time to pass: every wait is for a condition, bounded by [`DEADLINE`].

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use rancher_compose::emulator::EmulatorThread;

use super::{DEADLINE, Run};

/// A running `rancher-compose` whose output is read as it comes.
pub struct Running {
    args: Vec<String>,
    child: Child,
    stdout: Reader,
    stderr: Reader,
}

struct Reader {
    text: Arc<Mutex<String>>,
    thread: JoinHandle<()>,
}

impl Reader {
    fn new(mut from: impl Read + Send + 'static) -> Reader {
        let text = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&text);
        let thread = std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = from.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Reader { text, thread }
    }

    fn now(&self) -> String {
        self.text.lock().unwrap().clone()
    }

    fn all(self) -> String {
        self.thread.join().unwrap();
        Arc::try_unwrap(self.text).unwrap().into_inner().unwrap()
    }
}

/// `rancher-compose ARGS` in `dir` against `emu`, started in the background.
pub fn start(emu: &EmulatorThread, dir: &Path, args: &[&str]) -> Running {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rancher-compose"))
        .env_clear()
        .env("RANCHER_URL", emu.base_url())
        .current_dir(dir)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = Reader::new(child.stdout.take().unwrap());
    let stderr = Reader::new(child.stderr.take().unwrap());
    Running { args: args.iter().map(|a| (*a).to_owned()).collect(), child, stdout, stderr }
}

impl Running {
    /// What it printed on stdout so far.
    pub fn stdout(&self) -> String {
        self.stdout.now()
    }

    /// What it printed on stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.now()
    }

    /// Waits until `ready` holds; fails the test if the process ends first or after
    /// [`DEADLINE`].
    pub fn wait_until(&mut self, what: &str, ready: impl FnMut(&Running) -> bool) {
        if !self.wait_until_or_end(what, ready) {
            panic!("{:?} ended before {what}:\n{}\n{}", self.args, self.stdout(), self.stderr());
        }
    }

    /// Waits until `ready` holds (true) or the process has ended (false); fails the test after
    /// [`DEADLINE`].
    pub fn wait_until_or_end(&mut self, what: &str, mut ready: impl FnMut(&Running) -> bool) -> bool {
        let start = Instant::now();
        while !ready(self) {
            if self.child.try_wait().unwrap().is_some() {
                return false;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "{:?}: timed out waiting for {what}:\n{}",
                self.args,
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        true
    }

    /// Waits until stderr contains `text` (see [`Self::wait_until`]).
    pub fn wait_for_stderr(&mut self, text: &str) {
        self.wait_until(&format!("`{text}` on stderr"), |p| p.stderr().contains(text));
    }

    /// Ctrl-C: SIGINT, then the finished run.
    pub fn interrupt(self) -> Run {
        self.press_ctrl_c();
        self.finish()
    }

    /// Ctrl-C (SIGINT), leaving the process to go on or end as it will.
    pub fn press_ctrl_c(&self) {
        let pid = Pid::from_raw(i32::try_from(self.child.id()).unwrap());
        kill(pid, Signal::SIGINT).unwrap();
    }

    /// Waits for the process to end (killing it and failing the test after [`DEADLINE`]).
    pub fn finish(mut self) -> Run {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if start.elapsed() > DEADLINE {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!("{:?} did not end:\n{}", self.args, self.stderr.all());
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        Run { code: status.code().unwrap_or(-1), stdout: self.stdout.all(), stderr: self.stderr.all() }
    }
}

/// Starts `rancher-compose ARGS`, waits until `ready` holds (failing the test if it never
/// does), sends SIGINT, and returns the finished run.
pub fn interrupt_when(emu: &EmulatorThread, dir: &Path, args: &[&str], ready: impl Fn() -> bool) -> Run {
    let mut running = start(emu, dir, args);
    running.wait_until("the moment to interrupt", |_| ready());
    running.interrupt()
}
