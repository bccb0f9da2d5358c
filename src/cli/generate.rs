//! Shell completions and man pages, generated from the clap definitions so they never drift.
//! `rancher-compose generate --out-dir .` rewrites the checked-in `completions/` and `man/`;
//! a test fails when those files are stale.

use std::path::{Path, PathBuf};

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::Cli;

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Directory that receives `completions/` and `man/`
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub out_dir: PathBuf,
}

/// The shells we ship completions for, with their file names.
pub const SHELLS: [(Shell, &str); 5] = [
    (Shell::Bash, "rancher-compose.bash"),
    (Shell::Zsh, "_rancher-compose"),
    (Shell::Fish, "rancher-compose.fish"),
    (Shell::PowerShell, "_rancher-compose.ps1"),
    (Shell::Elvish, "rancher-compose.elv"),
];

/// Every generated file: its path relative to the output directory and its contents.
///
/// # Errors
/// Rendering a man page failed.
pub fn artefacts() -> std::io::Result<Vec<(PathBuf, Vec<u8>)>> {
    let mut out = Vec::new();
    for (shell, file) in SHELLS {
        let mut buf = Vec::new();
        clap_complete::generate(shell, &mut Cli::command(), "rancher-compose", &mut buf);
        out.push((Path::new("completions").join(file), buf));
    }
    let root = Cli::command();
    let mut page = Vec::new();
    clap_mangen::Man::new(root.clone()).render(&mut page)?;
    out.push((PathBuf::from("man/rancher-compose.1"), page));
    for sub in root.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("rancher-compose-{}", sub.get_name());
        let mut page = Vec::new();
        clap_mangen::Man::new(sub.clone().name(name.clone())).render(&mut page)?;
        out.push((Path::new("man").join(format!("{name}.1")), page));
    }
    Ok(out)
}

/// Writes every artefact under `dir`.
///
/// # Errors
/// A file could not be written.
pub fn write_all(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for (rel, contents) in artefacts()? {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, contents)?;
        written.push(rel);
    }
    Ok(written)
}
