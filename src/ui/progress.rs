//! Progress on a terminal: one line per service showing its latest step, redrawn in place
//! (indicatif). Notes and warnings print above the lines. Used only when stderr is a terminal
//! and `--verbose` is off; otherwise progress is plain lines.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

// A poisoned lock is recovered: the lines are still worth drawing (see `crate::locks`).
use crate::locks::lock;

/// Live per-service lines.
pub(crate) struct Progress {
    multi: MultiProgress,
    lines: Mutex<HashMap<String, ProgressBar>>,
    width: usize,
}

impl Progress {
    /// Lines for services whose names are at most `width` long (for alignment).
    #[must_use]
    pub(crate) fn new(width: usize) -> Self {
        Self {
            multi: MultiProgress::with_draw_target(ProgressDrawTarget::stderr()),
            lines: Mutex::new(HashMap::new()),
            width,
        }
    }

    /// Shows `text` as the service's current step.
    pub(crate) fn step(&self, service: &str, text: &str) {
        let mut lines = lock(&self.lines);
        let line = lines.entry(service.to_owned()).or_insert_with(|| {
            let bar = self.multi.add(ProgressBar::new_spinner());
            let template = format!("{{spinner:.cyan}} {{prefix:<{}.bold}} {{msg}}", self.width);
            if let Ok(style) = ProgressStyle::with_template(&template) {
                bar.set_style(style.tick_chars("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏✔"));
            }
            bar.set_prefix(service.to_owned());
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        line.set_message(text.to_owned());
    }

    /// A line printed above the progress lines.
    pub(crate) fn println(&self, text: &str) {
        let _ = self.multi.println(text);
    }

    /// Stops every line on its last step.
    pub(crate) fn finish(&self) {
        for line in lock(&self.lines).values().filter(|l| !l.is_finished()) {
            line.finish();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}
