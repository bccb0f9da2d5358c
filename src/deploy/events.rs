//! What a run tells the user while it goes: typed events, rendered by `ui::report` as plain
//! lines, live terminal lines or JSON.

use serde::Serialize;

use super::plan::{StackPlan, Step};

/// Where an upgrade is: batches counted from 1 and never going backwards, the containers of the
/// new version running (start-once sidekicks that ran and stopped count as done), and the
/// old containers left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct UpgradeProgress {
    pub batch: u64,
    pub batches: u64,
    pub running: u64,
    pub wanted: u64,
    pub healthy: u64,
    pub old: u64,
}

impl std::fmt::Display for UpgradeProgress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "batch {} of {}, {}/{} new containers running ({} healthy), {} old",
            self.batch, self.batches, self.running, self.wanted, self.healthy, self.old
        )
    }
}

/// One thing that happened.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Event<'a> {
    /// The plan about to run.
    Begin(&'a StackPlan),
    /// A step sent its request (or started waiting).
    Started(&'a Step),
    /// A step is done.
    Done(&'a Step),
    /// A step failed; `message` is the server's (or the wait's) own words.
    Failed { step: &'a Step, message: &'a str },
    /// An upgrade moved on.
    Progress { step: &'a Step, progress: &'a UpgradeProgress, seconds: f64 },
    /// Something worth saying that is not about one step.
    Note(&'a str),
    /// Something the user should know that does not stop the run.
    Warning(&'a str),
}

/// Where events go.
pub(crate) trait Reporter: Sync {
    fn report(&self, event: Event<'_>);

    /// The run is over: live displays stop here, before the summary or the logs.
    fn done(&self) {}

    fn note(&self, message: &str) {
        self.report(Event::Note(message));
    }

    fn warn(&self, message: &str) {
        self.report(Event::Warning(message));
    }
}
