//! Shell completions and man pages, generated from the clap definitions so they never drift.
//! `rancher-compose generate --out-dir .` rewrites the checked-in `completions/` and `man/`;
//! a test fails when those files are stale.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::{Args, Command};
use clap_complete::Shell;

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

/// The environment variables the tool reads, for the man pages' ENVIRONMENT section.
pub const ENVIRONMENT: [(&str, &str); 12] = [
    ("RANCHER_URL", "Rancher API endpoint, when --url is not given."),
    ("RANCHER_ACCESS_KEY", "API access key, when --access-key is not given."),
    ("RANCHER_SECRET_KEY", "API secret key, when --secret-key is not given."),
    (
        "RANCHER_CLIENT_CONFIG",
        "The rancher CLI's config file, read for the server, keys and environment that flags and variables leave unset [default: ~/.rancher/cli.json].",
    ),
    ("RANCHER_ENVIRONMENT", "Rancher environment (name or id) to work in, when --env is not given."),
    ("RANCHER_CA_FILE", "PEM file of CA certificates to trust, when --ca-file is not given."),
    ("COMPOSE_FILE", "Compose file(s), when -f is not given; a.yml:b.yml names two."),
    ("COMPOSE_PROJECT_NAME", "Stack name, when -p/--project-name is not given."),
    ("NO_COLOR", "Any value turns coloured output off."),
    ("HTTPS_PROXY, HTTP_PROXY", "Proxy for requests to the server (never used for a loopback address)."),
    ("NO_PROXY", "Hosts reached without the proxy."),
    (
        "Any other",
        "Every variable of the environment is a value for $VAR interpolation in the compose files, after the -e and --answers files.",
    ),
];

/// Every generated file: its path relative to the output directory and its contents.
///
/// # Errors
/// Rendering a man page failed.
pub fn artefacts() -> std::io::Result<Vec<(PathBuf, Vec<u8>)>> {
    let root = super::command();
    let mut out = Vec::new();
    let mut offered = without_hidden_commands(&root);
    for (shell, file) in SHELLS {
        let mut buf = Vec::new();
        clap_complete::generate(shell, &mut offered, "rancher-compose", &mut buf);
        out.push((Path::new("completions").join(file), buf));
    }
    // The help command has no page of its own, so the main page does not list it.
    out.push((PathBuf::from("man/rancher-compose.1"), man_page(root.clone().disable_help_subcommand(true))?));
    for sub in root.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("rancher-compose-{}", sub.get_name());
        let page = man_page(sub.clone().name(name.clone()))?;
        out.push((Path::new("man").join(format!("{name}.1")), page));
    }
    Ok(out)
}

/// `cmd` without its hidden commands (`generate`), which clap_complete would offer.
fn without_hidden_commands(cmd: &Command) -> Command {
    let mut out = Command::new(cmd.get_name().to_owned())
        .version(super::VERSION_TEXT)
        .disable_version_flag(true)
        .args(cmd.get_arguments().cloned())
        .subcommands(cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned());
    if let Some(about) = cmd.get_about() {
        out = out.about(about.clone());
    }
    out
}

/// One man page: clap_mangen's, with an ENVIRONMENT section and the version as
/// `rancher-compose X.Y.Z` (clap_mangen prints `v` and the `--version` text).
fn man_page(cmd: Command) -> std::io::Result<Vec<u8>> {
    let source = concat!("rancher-compose ", env!("CARGO_PKG_VERSION"));
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd).source(source).render(&mut page)?;
    let mut text = String::from_utf8_lossy(&page).into_owned();
    // VERSION is the last section clap_mangen writes (we set no authors).
    if let Some(at) = text.find("\n.SH VERSION\n") {
        text.truncate(at + 1);
    }
    text.push_str(".SH ENVIRONMENT\n");
    for (name, meaning) in ENVIRONMENT {
        let _ = write!(text, ".TP\n\\fB{}\\fR\n{}\n", roff_text(name), roff_text(meaning));
    }
    let _ = write!(text, ".SH VERSION\n{}\n", roff_text(source));
    Ok(text.into_bytes())
}

/// Text safe in a roff line: backslashes and hyphens escaped, no leading control character.
fn roff_text(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with(['.', '\'']) { format!("\\&{escaped}") } else { escaped }
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
