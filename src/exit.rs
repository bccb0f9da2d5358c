//! The one table of process exit codes, so every command and error path agrees on them.

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
    LeftAsIs,
    /// Some changes were applied before an error stopped the run.
    Partial,
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
            Self::LeftAsIs => 4,
            Self::Partial => 5,
            Self::Interrupted => 130,
        }
    }
}

/// An error that ends the process with a status of its own (not the generic 1).
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Failed {
    pub status: ExitStatus,
    pub message: String,
}

/// Context added to an error that stopped a run after the server had accepted changes.
#[derive(Debug, thiserror::Error)]
#[error("the run stopped after changing the server; what was done stays (see below)")]
pub struct PartlyApplied;

#[cfg(test)]
mod tests {
    use super::ExitStatus;

    #[test]
    fn codes_match_the_documented_table() {
        assert_eq!(ExitStatus::Success.code(), 0);
        assert_eq!(ExitStatus::Failure.code(), 1);
        assert_eq!(ExitStatus::Usage.code(), 2);
        assert_eq!(ExitStatus::RolledBack.code(), 3);
        assert_eq!(ExitStatus::LeftAsIs.code(), 4);
        assert_eq!(ExitStatus::Partial.code(), 5);
        assert_eq!(ExitStatus::Interrupted.code(), 130);
    }
}
