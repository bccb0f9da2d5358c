//! All terminal output goes through the [`Printer`]: data to stdout, everything else (warnings,
//! debug lines, errors) to stderr, colour only on a terminal and never with `NO_COLOR`.

// The one place that prints (the crate denies printing elsewhere).
#![allow(clippy::print_stdout, clippy::print_stderr)]

pub(crate) mod plan;
pub(crate) mod progress;
pub(crate) mod prompt;
pub(crate) mod redact;
pub(crate) mod report;
pub(crate) mod yaml;
mod yaml_ser;

use std::fmt::Display;
use std::io::{IsTerminal, Write};

use crate::env::{Env, NO_COLOR};

/// A line on stderr from a part of the run that has no printer at hand (the Ctrl-C handler,
/// a task of its own), masked like every other line.
pub(crate) fn notice(line: &str) {
    let _ = writeln!(std::io::stderr(), "{}", redact::scrub(line));
}

/// Where and how to print.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Printer {
    color: bool,
    /// Colour on stdout (a terminal there, and no `NO_COLOR`).
    color_out: bool,
    verbose: bool,
}

impl Printer {
    #[must_use]
    pub(crate) fn new(env: &Env, verbose: bool) -> Self {
        let color = env.get(NO_COLOR).is_none() && std::io::stderr().is_terminal();
        let color_out = env.get(NO_COLOR).is_none() && std::io::stdout().is_terminal();
        Self { color, color_out, verbose }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_owned() }
    }

    /// Whether stderr shows live progress: a terminal, and no `--verbose` (whose debug lines
    /// would tear the redrawn lines).
    #[must_use]
    pub(crate) fn live_progress(&self) -> bool {
        std::io::stderr().is_terminal() && !self.verbose
    }

    /// `text` for stdout in the `n`th of a few distinct colours (plain without a terminal).
    #[must_use]
    pub(crate) fn tint(&self, n: usize, text: &str) -> String {
        const CYCLE: [&str; 6] = ["36", "33", "32", "35", "34", "31"];
        if self.color_out {
            format!("\x1b[{}m{text}\x1b[0m", CYCLE[n % CYCLE.len()])
        } else {
            text.to_owned()
        }
    }

    /// A warning line on stderr.
    pub(crate) fn warn(&self, message: impl Display) {
        let text = message.to_string();
        let _ = writeln!(std::io::stderr(), "{} {}", self.paint("1;33", "warning:"), redact::scrub(&text));
    }

    /// A progress line on stderr.
    pub(crate) fn status(&self, message: impl Display) {
        let text = message.to_string();
        let _ = writeln!(std::io::stderr(), "{}", redact::scrub(&text));
    }

    /// A debug line on stderr, only with `--verbose`.
    pub(crate) fn debug(&self, message: impl Display) {
        if self.verbose {
            let text = message.to_string();
            let _ = writeln!(std::io::stderr(), "{} {}", self.paint("2", "debug:"), redact::scrub(&text));
        }
    }

    /// An error, its causes and hints on stderr.
    pub(crate) fn error(&self, message: impl Display, causes: &[String], hints: &[String]) {
        let mut err = std::io::stderr().lock();
        let text = message.to_string();
        let _ = writeln!(err, "{} {}", self.paint("1;31", "error:"), redact::scrub(&text));
        for cause in causes {
            let _ = writeln!(err, "  caused by: {}", redact::scrub(cause));
        }
        for hint in hints {
            let _ = writeln!(err, "{} {}", self.paint("1;36", "hint:"), redact::scrub(hint));
        }
    }

    /// Data on stdout. A closed pipe (`| head`) is not an error worth reporting.
    ///
    /// # Errors
    /// Writing failed for another reason than a broken pipe.
    pub(crate) fn data(&self, text: &str) -> std::io::Result<()> {
        let mut out = std::io::stdout().lock();
        match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => other,
        }
    }
}
