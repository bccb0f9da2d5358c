//! Rendering deploy events: plain 0.12-style lines (`[n/N] [service]: Started`), live
//! per-service lines on a terminal, or JSON lines for CI. `N` counts the services the plan
//! acts on (not sidekicks) and `n` those whose steps are all done, so the counter ends on
//! `[N/N]` when everything went through.

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde_json::json;

use crate::deploy::events::{Event, Reporter};
use crate::deploy::plan::{Action, StackPlan, Step};
// A poisoned lock is recovered: the counter and the stack name are still right (see
// `crate::locks`).
use crate::locks::lock;

use super::Printer;
use super::progress::Progress;

/// Services (or images, for pulls) done out of those the plan acts on.
#[derive(Default)]
struct Counter {
    /// Steps left per service.
    left: BTreeMap<String, usize>,
    total: usize,
    done: usize,
}

impl Counter {
    fn begin(&mut self, plan: &StackPlan) {
        self.left.clear();
        for step in plan.steps.iter().filter(|s| stack_line(s, "").is_none()) {
            *self.left.entry(step.subject()).or_default() += 1;
        }
        self.total = self.left.len();
        self.done = 0;
    }

    fn finished(&mut self, step: &Step) {
        if let Some(left) = self.left.get_mut(&step.subject()) {
            *left = left.saturating_sub(1);
            if *left == 0 {
                self.done += 1;
            }
        }
    }

    fn prefix(&self) -> String {
        format!("[{}/{}]", self.done, self.total)
    }
}

/// What a step says when it starts, for lines about the stack and volumes.
fn stack_line(step: &Step, plan_stack: &str) -> Option<String> {
    match &step.action {
        Action::CreateStack { .. } => Some(format!("Creating stack {plan_stack}")),
        Action::CreateVolume { name, .. } => Some(format!("Creating volume template {name}")),
        _ => None,
    }
}

/// The info line 0.12 printed when a step of this kind began, if it printed one.
fn info_line(step: &Step) -> Option<String> {
    let name = step.service.as_deref()?;
    match &step.action {
        Action::Create { .. } => Some(format!("Creating service {name}")),
        Action::Update { .. } => Some(format!("Updating {name}")),
        Action::Upgrade { .. } => Some(format!("Upgrading {name}")),
        Action::Scale { scale } => Some(format!("Setting scale {name}={scale}...")),
        _ => None,
    }
}

/// Plain lines on stderr, in 0.12's shape.
pub(crate) struct LineReporter {
    printer: Printer,
    counter: Mutex<Counter>,
    stack: Mutex<String>,
}

impl LineReporter {
    #[must_use]
    pub(crate) fn new(printer: Printer) -> Self {
        Self { printer, counter: Mutex::new(Counter::default()), stack: Mutex::new(String::new()) }
    }

    fn line(&self, step: &Step, text: &str) {
        let prefix = lock(&self.counter).prefix();
        self.printer.status(format_args!("{prefix} [{}]: {text}", step.subject()));
    }
}

impl Reporter for LineReporter {
    fn report(&self, event: Event<'_>) {
        match event {
            Event::Begin(plan) => {
                lock(&self.counter).begin(plan);
                lock(&self.stack).clone_from(&plan.stack);
            }
            Event::Started(step) => {
                let stack = lock(&self.stack).clone();
                match stack_line(step, &stack) {
                    Some(line) => self.printer.status(line),
                    None => self.line(step, &step.action.events().0),
                }
                // 0.12's own info lines, which scripts look for, beside the progress lines.
                if let Some(line) = info_line(step) {
                    self.printer.status(line);
                }
            }
            Event::Done(step) => {
                lock(&self.counter).finished(step);
                if stack_line(step, "").is_none() {
                    self.line(step, &step.action.events().1);
                }
            }
            Event::Failed { step, message } => self.line(step, &format!("Failed: {message}")),
            Event::Progress { step, progress, seconds } => {
                self.line(step, &format!("Upgrading: {progress} ({seconds:.1}s)"));
            }
            Event::Note(message) => self.printer.status(message),
            Event::Warning(message) => self.printer.warn(message),
        }
    }
}

/// Live per-service lines on a terminal.
pub(crate) struct TerminalReporter {
    progress: Progress,
    counter: Mutex<Counter>,
}

impl TerminalReporter {
    /// Lines for services whose names are at most `width` long (for alignment).
    #[must_use]
    pub(crate) fn new(width: usize) -> Self {
        Self { progress: Progress::new(width), counter: Mutex::new(Counter::default()) }
    }
}

impl Reporter for TerminalReporter {
    fn report(&self, event: Event<'_>) {
        match event {
            Event::Begin(plan) => {
                lock(&self.counter).begin(plan);
            }
            Event::Started(step) => match stack_line(step, "") {
                Some(_) => {}
                None => self.progress.step(&step.subject(), &step.action.events().0),
            },
            Event::Done(step) => {
                lock(&self.counter).finished(step);
                match &step.action {
                    Action::CreateStack { .. } => self.progress.println("Created the stack"),
                    Action::CreateVolume { name, .. } => {
                        self.progress.println(&format!("Created volume template {name}"));
                    }
                    action => self.progress.step(&step.subject(), &action.events().1),
                }
            }
            Event::Failed { step, message } => {
                self.progress.step(&step.subject(), &format!("failed: {message}"))
            }
            Event::Progress { step, progress, seconds } => {
                self.progress.step(&step.subject(), &format!("Upgrading: {progress} ({seconds:.1}s)"));
            }
            Event::Note(message) => self.progress.println(message),
            Event::Warning(message) => self.progress.println(&format!("warning: {message}")),
        }
    }

    fn done(&self) {
        self.progress.finish();
    }
}

/// JSON lines on stdout, one per event, for CI; warnings also go to stderr as usual.
pub(crate) struct JsonReporter {
    printer: Printer,
}

impl JsonReporter {
    #[must_use]
    pub(crate) fn new(printer: Printer) -> Self {
        Self { printer }
    }

    fn line(&self, value: &serde_json::Value) {
        let _ = self.printer.data(&format!("{value}\n"));
    }

    fn step_line(&self, event: &str, step: &Step, text: &str) -> serde_json::Value {
        json!({"event": event, "step": step.id, "service": step.service, "action": step.action.name(), "text": text})
    }
}

impl Reporter for JsonReporter {
    fn report(&self, event: Event<'_>) {
        let value = match event {
            Event::Begin(plan) => {
                json!({"event": "begin", "stack": plan.stack, "steps": plan.steps.iter().map(|s| &s.id).collect::<Vec<_>>()})
            }
            Event::Started(step) => self.step_line("started", step, &step.action.events().0),
            Event::Done(step) => self.step_line("done", step, &step.action.events().1),
            Event::Failed { step, message } => {
                let mut v = self.step_line("failed", step, "Failed");
                v["error"] = json!(message);
                v
            }
            Event::Progress { step, progress, seconds } => {
                let mut v = self.step_line("progress", step, "Upgrading");
                v["progress"] = json!(progress);
                v["seconds"] = json!(seconds);
                v
            }
            Event::Note(message) => json!({ "note": message }),
            Event::Warning(message) => {
                self.printer.warn(message);
                json!({ "warning": message })
            }
        };
        self.line(&value);
    }
}

/// Where progress goes: JSON lines with `json`, live lines on a terminal, plain lines
/// otherwise.
#[must_use]
pub(crate) fn reporter(printer: Printer, width: usize, json: bool) -> Box<dyn Reporter> {
    if json {
        Box::new(JsonReporter::new(printer))
    } else if printer.live_progress() {
        Box::new(TerminalReporter::new(width))
    } else {
        Box::new(LineReporter::new(printer))
    }
}
