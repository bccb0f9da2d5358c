//! How a run ends: the one table of process exit codes, and the outcomes that end a run with a
//! code of their own, so every command and error path agrees on them.

/// How the process ends. The numeric values are part of the CLI contract (see the README).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Everything asked for was done.
    Success,
    /// The operation failed: invalid input files, API errors, failed waits.
    Failure,
    /// The command line itself was wrong (clap's own code).
    Usage,
    /// `--dry-run --detailed-exitcode`: the plan has changes.
    Changes,
    /// An upgrade failed and was rolled back (`--rollback-on-failure`).
    RolledBack,
    /// An upgrade failed or timed out and was left as it is for inspection.
    LeftForInspection,
    /// Some changes were applied before an error stopped the run.
    PartlyApplied,
    /// Interrupted by Ctrl-C.
    Interrupted,
}

impl ExitStatus {
    /// The process exit code for this status.
    #[must_use]
    pub fn code(self) -> i32 {
        match self {
            Self::Success => 0,
            Self::Failure => 1,
            Self::Usage | Self::Changes => 2,
            Self::RolledBack => 3,
            Self::LeftForInspection => 4,
            Self::PartlyApplied => 5,
            Self::Interrupted => 130,
        }
    }

    /// The status under `--detailed-exitcode`, which follows Terraform's plan convention: 0 no
    /// changes, 2 changes, 1 any error, a usage error included, so a script can tell a plan
    /// with changes from a mistyped command line.
    #[must_use]
    pub fn detailed(self) -> Self {
        match self {
            Self::Usage => Self::Failure,
            other => other,
        }
    }

    /// The status of a run that ended with `err`: the first [`Outcome`] of its chain (context
    /// added on the way does not hide it), else a failure.
    #[must_use]
    pub fn of(err: &anyhow::Error) -> Self {
        Outcome::find(err).map_or(Self::Failure, Outcome::status)
    }
}

/// An error that ends a run with a status of its own, carrying what the user is told.
#[derive(Debug, thiserror::Error)]
pub enum Outcome {
    /// The command line asks for something that cannot be done (exit 2).
    #[error("{0}")]
    Usage(String),
    /// The run failed before it changed anything, or the failure is not about the server
    /// (exit 1).
    #[error("{0}")]
    Failed(String),
    /// An upgrade failed and was rolled back (exit 3).
    #[error("{0}")]
    RolledBack(String),
    /// An upgrade failed or timed out and was left for inspection (exit 4).
    #[error("{0}")]
    LeftForInspection(String),
    /// An error stopped the run after the server accepted changes, which stay (exit 5).
    #[error("{0}")]
    PartlyApplied(String),
    /// Ctrl-C stopped the run (exit 130).
    #[error("{0}")]
    Interrupted(String),
}

impl Outcome {
    /// The outcome an error carries, as its cause or as context added on the way up.
    #[must_use]
    pub fn find(err: &anyhow::Error) -> Option<&Outcome> {
        // `downcast_ref` sees an outcome given as context, which `chain()` does not; `chain()`
        // sees one that is the source of another error.
        err.downcast_ref::<Outcome>().or_else(|| err.chain().find_map(|e| e.downcast_ref::<Outcome>()))
    }

    /// The exit status of this outcome: the one place outcomes meet exit codes.
    #[must_use]
    pub fn status(&self) -> ExitStatus {
        match self {
            Self::Usage(_) => ExitStatus::Usage,
            Self::Failed(_) => ExitStatus::Failure,
            Self::RolledBack(_) => ExitStatus::RolledBack,
            Self::LeftForInspection(_) => ExitStatus::LeftForInspection,
            Self::PartlyApplied(_) => ExitStatus::PartlyApplied,
            Self::Interrupted(_) => ExitStatus::Interrupted,
        }
    }

    /// The context added to an error that stopped a run after the server accepted changes.
    #[must_use]
    pub fn partly_applied() -> Self {
        Self::PartlyApplied(
            "the run stopped after changing the server; what was done stays (see below)".into(),
        )
    }
}

#[cfg(test)]
mod tests {
    use anyhow::Context as _;

    use super::{ExitStatus, Outcome};

    #[test]
    fn codes_match_the_documented_table() {
        assert_eq!(ExitStatus::Success.code(), 0);
        assert_eq!(ExitStatus::Failure.code(), 1);
        assert_eq!(ExitStatus::Usage.code(), 2);
        assert_eq!(ExitStatus::Changes.code(), 2);
        assert_eq!(ExitStatus::RolledBack.code(), 3);
        assert_eq!(ExitStatus::LeftForInspection.code(), 4);
        assert_eq!(ExitStatus::PartlyApplied.code(), 5);
        assert_eq!(ExitStatus::Interrupted.code(), 130);
        assert_eq!(ExitStatus::Usage.detailed().code(), 1);
        assert_eq!(ExitStatus::Changes.detailed().code(), 2);
    }

    #[test]
    fn an_outcome_keeps_its_status_under_added_context() {
        let err = anyhow::Error::from(Outcome::RolledBack("web failed".into())).context("while upgrading");
        assert_eq!(ExitStatus::of(&err), ExitStatus::RolledBack);
        let err: anyhow::Result<()> = Err(anyhow::anyhow!("server said no"));
        let err = err.context(Outcome::partly_applied()).unwrap_err();
        assert_eq!(ExitStatus::of(&err), ExitStatus::PartlyApplied);
        assert_eq!(ExitStatus::of(&err.context("and more context")), ExitStatus::PartlyApplied);
        assert_eq!(ExitStatus::of(&anyhow::anyhow!("plain")), ExitStatus::Failure);
    }
}
