//! The commands that need a Rancher server. Until the API client lands they validate the
//! project (so file errors are still reported) and then say plainly that they cannot run:
//! never a fake success.

use crate::exit::ExitStatus;

use super::{Ctx, load_project};

/// A command this build cannot perform yet.
#[derive(Debug, thiserror::Error)]
#[error(
    "`{command}` needs parts of the Rancher API client that this build of rancher-compose does not include yet"
)]
pub struct NotAvailable {
    pub command: &'static str,
}

pub fn run(command: &'static str, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    load_project(ctx)?;
    Err(NotAvailable { command }.into())
}
