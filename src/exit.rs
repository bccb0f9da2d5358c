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
            Self::Usage => 2,
            Self::Interrupted => 130,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ExitStatus;

    #[test]
    fn codes_match_the_documented_table() {
        assert_eq!(ExitStatus::Success.code(), 0);
        assert_eq!(ExitStatus::Failure.code(), 1);
        assert_eq!(ExitStatus::Usage.code(), 2);
        assert_eq!(ExitStatus::Interrupted.code(), 130);
    }
}
