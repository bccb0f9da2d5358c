//! The command line, as clap definitions: rancher-compose 0.12's global options and commands
//! with their flags and defaults, plus our additions (`config`). Nothing below `commands/` sees
//! these types; `settings` turns them into resolved options.

mod after_command;
pub mod generate;

use std::path::PathBuf;

pub(crate) use crate::deploy::plan::OnPending;
use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};

/// What `-v` prints after the name: `rancher-compose version vX.Y.Z`, the shape 0.12 printed
/// and scripts parse.
pub const VERSION_TEXT: &str = concat!("version v", env!("CARGO_PKG_VERSION"));

/// Docker-compose to Rancher: deploy and upgrade compose stacks on Rancher 1.x servers.
#[derive(Debug, Parser)]
#[command(
    name = "rancher-compose",
    version = VERSION_TEXT,
    disable_version_flag = true,
    about = "Docker-compose to Rancher",
    long_about = "Docker-compose to Rancher: deploy, scale and upgrade stacks described by docker-compose.yml and rancher-compose.yml on a Rancher 1.x (Cattle) server.",
    after_help = "Global options go before the command, as in rancher-compose 0.12; their long forms (--url,\n--file, --project-name, ...) may also follow it. Short options after the command are the command's\nown: `up -p` is --pull, as in 0.12.\nExit codes: 0 success, 1 failure, 2 usage error, 3 upgrade failed and rolled back, 4 upgrade\nfailed or timed out and left as is, 5 partly applied, 130 interrupted. With --dry-run\n--detailed-exitcode: 0 no changes, 2 changes, 1 any error (a usage error included), as\nTerraform's plan."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options that apply to every command (given before the command name; the long forms also
/// after it).
#[derive(Debug, Default, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Print debug output (what is read, what is requested)
    #[arg(long, visible_alias = "debug", action = ArgAction::SetTrue)]
    pub verbose: bool,
    /// Compose file(s); repeatable, and `a.yml:b.yml` names two; `-` reads standard input
    /// [default: docker-compose.yml, plus docker-compose.override.yml if present]
    #[arg(short = 'f', long = "file", env = "COMPOSE_FILE", value_delimiter = ':', value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Stack name [default: the directory of the first compose file]
    #[arg(short = 'p', long, env = "COMPOSE_PROJECT_NAME", value_name = "NAME")]
    pub project_name: Option<String>,
    /// Rancher API endpoint URL
    #[arg(long, env = "RANCHER_URL", value_name = "URL")]
    pub url: Option<String>,
    /// Rancher API access key
    #[arg(long, env = "RANCHER_ACCESS_KEY", value_name = "KEY")]
    pub access_key: Option<String>,
    /// Rancher API secret key
    #[arg(long, env = "RANCHER_SECRET_KEY", hide_env_values = true, value_name = "KEY")]
    pub secret_key: Option<String>,
    /// Rancher environment to work in, by name or id (1a5), as the rancher CLI's --env: found
    /// through /v2-beta/projects with an account API key [default: the one the URL names, else
    /// the rancher CLI's cli.json `environment`]
    #[arg(long = "env", visible_alias = "environment", env = "RANCHER_ENVIRONMENT", value_name = "NAME|ID")]
    pub environment: Option<String>,
    /// PEM file of CA certificates to trust besides the system's (a private Rancher CA)
    #[arg(long, env = "RANCHER_CA_FILE", value_name = "FILE")]
    pub ca_file: Option<PathBuf>,
    /// Rancher compose file [default: rancher-compose.yml next to the first compose file]
    #[arg(short = 'r', long, value_name = "FILE")]
    pub rancher_file: Option<PathBuf>,
    /// File of KEY=VALUE variables for interpolation (quotes, comments and multi-line values
    /// allowed; .yml/.yaml/.json files are read as a flat map); repeatable, later files win
    #[arg(short = 'e', long, value_name = "FILE")]
    pub env_file: Vec<PathBuf>,
    /// Answers to the catalog questions: KEY=VALUE text, or a flat YAML/JSON map (.yml, .yaml,
    /// .json); repeatable, and with -e one list in command-line order where later files win
    #[arg(long, value_name = "FILE")]
    pub answers: Vec<PathBuf>,
    /// Never ask questions, even on a terminal: missing required answers are an error
    #[arg(long)]
    pub no_prompt: bool,
    /// Deploy a catalog template folder (config.yml plus numbered version folders)
    #[arg(long, value_name = "DIR")]
    pub catalog: Option<PathBuf>,
    /// The template version to use with --catalog: a version folder or a `.catalog` version
    /// [default: the config.yml version, else the highest]
    #[arg(long, value_name = "N")]
    pub catalog_version: Option<String>,
    /// -e and --answers files in command-line order (filled by [`Cli::parse_ordered`])
    #[arg(skip)]
    pub variable_files: Vec<(VarFileKind, PathBuf)>,
    /// JSON file of per-service label and port bindings
    #[arg(short = 'b', long, value_name = "FILE")]
    pub bindings_file: Option<PathBuf>,
    /// Print the version
    #[arg(short = 'v', long, action = ArgAction::Version)]
    pub version: Option<bool>,
}

/// Which flag named a variables file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VarFileKind {
    EnvFile,
    Answers,
}

impl Cli {
    /// Parses like `try_parse_from`, and also accepts the long global options after the
    /// command (see [`after_command`]) and records the order of `-e` and `--answers` files,
    /// which are one list where later files win.
    ///
    /// # Errors
    /// clap's usage error (or its help/version "error").
    pub fn parse_ordered<I, T>(args: I) -> Result<Self, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        use clap::FromArgMatches;
        let matches = command().try_get_matches_from(args)?;
        let mut cli = Self::from_arg_matches(&matches)?;
        let mut files = variable_files(|id| matches.indices_of(id).map(Iterator::collect), &cli.global);
        if let Some((_, sub)) = matches.subcommand() {
            // The files after the command come after all the others.
            let mut late = GlobalArgs::default();
            after_command::merge(&mut late, &matches, sub);
            files.extend(variable_files(|id| Some(after_command::indices(sub, id)), &late));
            after_command::merge(&mut cli.global, &matches, sub);
            if let Command::Up(up) = &mut cli.command {
                up.pull_word = pull_word(sub);
            }
        }
        cli.global.variable_files = files;
        if cli.global.catalog_version.is_some() && cli.global.catalog.is_none() {
            return Err(command().error(
                clap::error::ErrorKind::MissingRequiredArgument,
                "--catalog-version needs --catalog DIR",
            ));
        }
        Ok(cli)
    }
}

/// The command line definition: [`Cli`] with the long global options also accepted after
/// the command.
#[must_use]
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    after_command::accept_globals_after_commands(Cli::command())
}

/// The `-e` and `--answers` files of `global`, in command-line order (`indices` gives the
/// positions of an argument id's values).
fn variable_files(
    indices: impl Fn(&str) -> Option<Vec<usize>>,
    global: &GlobalArgs,
) -> Vec<(VarFileKind, PathBuf)> {
    let mut ordered: Vec<(usize, VarFileKind, PathBuf)> = Vec::new();
    for (id, kind, files) in [
        ("env_file", VarFileKind::EnvFile, &global.env_file),
        ("answers", VarFileKind::Answers, &global.answers),
    ] {
        let at = indices(id).unwrap_or_default();
        for (i, file) in files.iter().enumerate() {
            ordered.push((at.get(i).copied().unwrap_or(usize::MAX), kind, file.clone()));
        }
    }
    ordered.sort_by_key(|(i, _, _)| *i);
    ordered.into_iter().map(|(_, k, f)| (k, f)).collect()
}

/// The word right after an `up -p` (0.12's `--pull`), when it was taken as a service name:
/// someone who meant the stack name gets told so if no service has that name.
fn pull_word(up: &clap::ArgMatches) -> Option<String> {
    let pulled_at = up.indices_of("pull")?.next_back()?;
    let services = up.get_many::<String>("services")?;
    let at = up.indices_of("services")?;
    services.zip(at).find(|(_, i)| *i == pulled_at + 1).map(|(name, _)| name.clone())
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create all services but do not start them
    Create(CreateArgs),
    /// Bring all services up (create, upgrade, start)
    Up(UpArgs),
    /// Start services
    Start(StartArgs),
    /// Get service logs
    Logs(LogsArgs),
    /// Restart services
    Restart(RestartArgs),
    /// Stop services
    #[command(alias = "down")]
    Stop(StopArgs),
    /// Scale services
    Scale(ScaleArgs),
    /// Delete services
    Rm(RmArgs),
    /// Pull images for services
    Pull(PullArgs),
    /// Perform rolling upgrade between services
    Upgrade(UpgradeArgs),
    /// List the stack's services with their state, health, scale and image
    Ps(PsArgs),
    /// Validate the project and print it resolved (merged, interpolated, normalised)
    Config(ConfigArgs),
    /// List the catalog questions and whether the current answers satisfy them
    Questions(QuestionsArgs),
    /// Write a running stack's docker-compose.yml and rancher-compose.yml (the server's view)
    #[command(
        long_about = "Write a running stack's docker-compose.yml and rancher-compose.yml, as the server describes it (the Rancher UI's \"View config\", the rancher CLI's `export`): a stack created or changed in the UI can then be kept in version control and deployed with `up`.\n\nSecrets stay as the server holds them: environment variables such as passwords are written in clear, exactly as stored. The files are created readable by you only; review them before committing.",
        after_help = "Examples:\n  rancher-compose -p web export              # ./docker-compose.yml and ./rancher-compose.yml\n  rancher-compose -p web export -o web/      # into the folder web/ (created if missing)\n  rancher-compose -p web export --stdout     # both files on standard output"
    )]
    Export(ExportArgs),
    /// Generate shell completions and man pages
    #[command(hide = true)]
    Generate(generate::GenerateArgs),
}

/// Seconds each wait for the server may take by default (0.12 waited forever).
pub const DEFAULT_TIMEOUT: u64 = 300;

/// How a run is executed: requests in flight, and how soon a service whose containers keep
/// failing ends the run.
#[derive(Debug, Args, Clone, Copy)]
pub struct RunArgs {
    /// Most requests in flight at once (steps start as soon as what they wait for is done)
    #[arg(long, default_value_t = DEFAULT_PARALLEL, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub parallel: u16,
    /// Fail a wait once the service's containers are in error and nothing moved for this many
    /// seconds (0: only --timeout ends it)
    #[arg(long, default_value_t = DEFAULT_ERROR_GRACE, value_name = "SECONDS")]
    pub error_grace: u64,
}

/// Requests in flight by default: enough to keep a server busy without flooding it.
pub const DEFAULT_PARALLEL: u16 = 16;
/// Seconds a service may sit with failing containers before the run gives up on it.
pub const DEFAULT_ERROR_GRACE: u64 = 20;

/// How long to wait for each transition.
#[derive(Debug, Args)]
pub struct TimeoutArgs {
    /// Seconds to wait for each service transition (0 waits forever)
    #[arg(long, default_value_t = DEFAULT_TIMEOUT, value_name = "SECONDS")]
    pub timeout: u64,
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    #[command(flatten)]
    pub wait: TimeoutArgs,
    #[command(flatten)]
    pub services: ServicesArgs,
    #[command(flatten)]
    pub run: RunArgs,
}

/// `ps`: the stack's services.
#[derive(Debug, Args)]
pub struct PsArgs {
    /// Print only service ids
    #[arg(short = 'q', long)]
    pub quiet: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = PsFormat::Table)]
    pub format: PsFormat,
    #[command(flatten)]
    pub services: ServicesArgs,
}

/// How `ps` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PsFormat {
    /// A table for people
    Table,
    /// JSON, for scripts
    Json,
}

/// Optional service names; none means all services.
#[derive(Debug, Args)]
pub struct ServicesArgs {
    /// Services to act on [default: all]
    #[arg(value_name = "SERVICE")]
    pub services: Vec<String>,
}

#[derive(Debug, Args)]
pub struct UpArgs {
    /// Before upgrading, pull images on the hosts
    #[arg(short = 'p', long)]
    pub pull: bool,
    /// Do not block and follow logs
    #[arg(short = 'd')]
    pub detach: bool,
    /// Upgrade services whose configuration changed
    #[arg(short = 'u', long, alias = "recreate")]
    pub upgrade: bool,
    /// Upgrade services even when nothing changed (only the named ones, if any are named)
    #[arg(long, alias = "force-recreate")]
    pub force_upgrade: bool,
    /// Confirm (finish) upgrades, waiting until they reach `upgraded`
    #[arg(short = 'c', long)]
    pub confirm_upgrade: bool,
    /// Roll upgraded services back (and do nothing else)
    #[arg(short = 'r', long, conflicts_with_all = ["upgrade", "force_upgrade", "confirm_upgrade", "cancel_upgrade"])]
    pub rollback: bool,
    /// Cancel upgrades under way (and do nothing else); then roll back or continue
    #[arg(long, conflicts_with_all = ["upgrade", "force_upgrade", "confirm_upgrade"])]
    pub cancel_upgrade: bool,
    /// What to do when a service needing an upgrade still has an unconfirmed one
    #[arg(long, value_enum, default_value_t = OnPending::Fail, value_name = "WHAT")]
    pub on_pending: OnPending,
    /// Keep environment variables and labels that are set only on the server when upgrading
    #[arg(long)]
    pub keep_server_env: bool,
    /// Containers upgraded at a time [default: upgrade_strategy.batch_size, else 2]
    #[arg(long, value_name = "N")]
    pub batch_size: Option<u32>,
    /// Milliseconds between upgrade batches [default: upgrade_strategy.interval_millis, else 1000]
    #[arg(long, value_name = "MS", value_parser = parse_interval)]
    pub interval: Option<u64>,
    /// Succeed only when the changed services are running and healthy within --timeout
    #[arg(long)]
    pub wait_healthy: bool,
    /// When an upgrade fails or times out, roll back the services this run upgraded (exit 3)
    #[arg(long)]
    pub rollback_on_failure: bool,
    /// Print the plan and change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// With --dry-run: exit 0 when nothing would change, 2 when something would, 1 on errors
    #[arg(long, requires = "dry_run")]
    pub detailed_exitcode: bool,
    /// Print progress events and the result (or the plan) as JSON lines on stdout (with -d or
    /// --dry-run: followed logs would mix with the JSON)
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub wait: TimeoutArgs,
    #[command(flatten)]
    pub services: ServicesArgs,
    #[command(flatten)]
    pub run: RunArgs,
    /// The word right after `-p`, taken as a service name (filled by [`Cli::parse_ordered`])
    #[arg(skip)]
    pub pull_word: Option<String>,
}

#[derive(Debug, Args)]
pub struct StartArgs {
    /// Accepted for compatibility; start never follows logs
    #[arg(short = 'd', default_value_t = true, action = ArgAction::Set, num_args = 0..=1, default_missing_value = "true", hide_default_value = true)]
    pub detach: bool,
    #[command(flatten)]
    pub wait: TimeoutArgs,
    #[command(flatten)]
    pub services: ServicesArgs,
    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Debug, Args)]
pub struct LogsArgs {
    /// Keep following new log lines
    #[arg(long, short = 'f')]
    pub follow: bool,
    /// Lines of backlog per container
    #[arg(long, default_value_t = 100, value_name = "N")]
    pub lines: u32,
    #[command(flatten)]
    pub services: ServicesArgs,
}

#[derive(Debug, Args)]
pub struct RestartArgs {
    /// Containers restarted at a time
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub batch_size: u32,
    /// Milliseconds between restart batches
    #[arg(long, default_value_t = 0, value_name = "MS", value_parser = parse_interval)]
    pub interval: u64,
    #[command(flatten)]
    pub wait: TimeoutArgs,
    #[command(flatten)]
    pub services: ServicesArgs,
    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Debug, Args)]
pub struct StopArgs {
    /// Seconds to wait for the services to stop (0 waits forever)
    #[arg(short = 't', long, default_value_t = DEFAULT_TIMEOUT, value_name = "SECONDS")]
    pub timeout: u64,
    #[command(flatten)]
    pub services: ServicesArgs,
    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Debug, Args)]
pub struct ScaleArgs {
    /// Seconds to wait for the new scale (0 waits forever)
    #[arg(short = 't', long, default_value_t = DEFAULT_TIMEOUT, value_name = "SECONDS")]
    pub timeout: u64,
    /// `SERVICE=N` pairs
    #[arg(value_name = "SERVICE=N", required = true, value_parser = parse_scale)]
    pub targets: Vec<(String, u32)>,
    #[command(flatten)]
    pub run: RunArgs,
}

/// Rancher's strategies take 0 (the server's default) or at least 100 ms between batches.
fn parse_interval(arg: &str) -> Result<u64, String> {
    let ms: u64 = arg.trim().parse().map_err(|_| format!("`{arg}` is not a number of milliseconds"))?;
    if (1..100).contains(&ms) {
        return Err(format!("{ms} ms is below Rancher's minimum of 100 ms (0 means the server's default)"));
    }
    Ok(ms)
}

fn parse_scale(arg: &str) -> Result<(String, u32), String> {
    let (name, n) = arg.split_once('=').ok_or_else(|| format!("`{arg}` is not SERVICE=N"))?;
    let n = n.trim().parse().map_err(|_| format!("`{n}` in `{arg}` is not a non-negative number"))?;
    if name.trim().is_empty() {
        return Err(format!("`{arg}` has no service name"));
    }
    Ok((name.trim().to_owned(), n))
}

#[derive(Debug, Args)]
pub struct RmArgs {
    /// Do not ask for confirmation
    #[arg(short = 'f', long)]
    pub force: bool,
    /// Accepted for compatibility; volume templates are kept
    #[arg(short = 'v')]
    pub volumes: bool,
    #[command(flatten)]
    pub wait: TimeoutArgs,
    #[command(flatten)]
    pub services: ServicesArgs,
    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Debug, Args)]
pub struct PullArgs {
    /// Only pull on hosts that already have the image
    #[arg(short = 'c', long)]
    pub cached: bool,
    #[command(flatten)]
    pub wait: TimeoutArgs,
    #[command(flatten)]
    pub services: ServicesArgs,
    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Debug, Args)]
pub struct UpgradeArgs {
    /// Containers moved at a time
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub batch_size: u32,
    /// Final scale of the new service [default: the scale of the old one]
    #[arg(long, default_value_t = -1, allow_negative_numbers = true, value_name = "N", hide_default_value = true)]
    pub scale: i64,
    /// Milliseconds between batches
    #[arg(long, default_value_t = 2000, value_name = "MS", value_parser = parse_interval)]
    pub interval: u64,
    /// Move the links of the old service to the new one (`--update-links=false` to keep them)
    #[arg(long, default_value_t = true, action = ArgAction::Set, num_args = 0..=1, default_missing_value = "true", require_equals = true)]
    pub update_links: bool,
    /// Wait for the upgrade to finish
    #[arg(short = 'w', long)]
    pub wait: bool,
    /// Remove the old service once it has scale 0 (implies --wait)
    #[arg(short = 'c', long)]
    pub cleanup: bool,
    /// Pull the new images first
    #[arg(short = 'p', long)]
    pub pull: bool,
    /// Print the plan and change nothing
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub timeout: TimeoutArgs,
    /// The service to upgrade from
    #[arg(value_name = "FROM")]
    pub from: String,
    /// The service to upgrade to
    #[arg(value_name = "TO")]
    pub to: String,
    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Output format [default: YAML for the project, a table for --variables]
    #[arg(long, value_enum)]
    pub format: Option<ConfigFormat>,
    /// Print only the service names, one per line
    #[arg(long)]
    pub services: bool,
    /// Only validate; print nothing but problems
    #[arg(short = 'q', long)]
    pub quiet: bool,
    /// List every variable the project uses, where its value comes from and whether it is set
    /// (secret values are never shown)
    #[arg(long, conflicts_with_all = ["services", "quiet"])]
    pub variables: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The folder to write the two files to, created if missing [default: the current folder]
    #[arg(short = 'o', long = "output", value_name = "DIR", conflicts_with = "stdout")]
    pub output: Option<PathBuf>,
    /// Replace docker-compose.yml and rancher-compose.yml if they exist
    #[arg(long, conflicts_with = "stdout")]
    pub force: bool,
    /// Print both files on standard output instead, each after a `# NAME` line, separated by
    /// a `---` line
    #[arg(long)]
    pub stdout: bool,
}

#[derive(Debug, Args)]
pub struct QuestionsArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = QuestionsFormat::Table)]
    pub format: QuestionsFormat,
    /// Write an answers file with every default filled in, to edit and pass to --answers
    /// (.yml/.yaml/.json for YAML or JSON, KEY=VALUE text otherwise)
    #[arg(long, value_name = "FILE")]
    pub write_answers: Option<PathBuf>,
}

/// How `questions` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QuestionsFormat {
    /// A table for people
    Table,
    /// JSON, for scripts
    Json,
}

/// How `config` prints the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConfigFormat {
    /// YAML, like a compose file
    Yaml,
    /// JSON, for scripts
    Json,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definition_is_consistent() {
        command().debug_assert();
    }

    #[test]
    fn long_global_options_are_accepted_after_the_command() {
        let cli = Cli::parse_ordered([
            "rancher-compose",
            "-f",
            "a.yml",
            "up",
            "-d",
            "--url",
            "http://r:8080",
            "--access-key=ak",
            "--secret-key",
            "sk",
            "--project-name",
            "stack",
            "--file",
            "b.yml:c.yml",
            "--rancher-file",
            "rc.yml",
            "--debug",
            "--no-prompt",
            "--catalog",
            "cat",
            "--catalog-version",
            "2",
            "--bindings-file",
            "b.json",
            "--ca-file",
            "ca.pem",
            "web",
        ])
        .unwrap();
        let g = &cli.global;
        assert_eq!(g.url.as_deref(), Some("http://r:8080"));
        assert_eq!((g.access_key.as_deref(), g.secret_key.as_deref()), (Some("ak"), Some("sk")));
        assert_eq!(g.project_name.as_deref(), Some("stack"));
        assert_eq!(g.files, ["a.yml", "b.yml", "c.yml"].map(PathBuf::from));
        assert_eq!(g.rancher_file, Some(PathBuf::from("rc.yml")));
        assert!(g.verbose && g.no_prompt);
        assert_eq!((g.catalog.as_deref(), g.catalog_version.as_deref()), (Some("cat".as_ref()), Some("2")));
        assert_eq!(g.bindings_file, Some(PathBuf::from("b.json")));
        assert_eq!(g.ca_file, Some(PathBuf::from("ca.pem")));
        let Command::Up(up) = cli.command else { panic!("not up") };
        assert!(up.detach && !up.pull);
        assert_eq!(up.services.services, ["web"]);
        // After the command a value given there wins over the one before it.
        let cli = Cli::parse_ordered(["rancher-compose", "--url", "a", "ps", "--url", "b"]).unwrap();
        assert_eq!(cli.global.url.as_deref(), Some("b"));
        // --catalog-version still needs --catalog, wherever each is given.
        assert!(
            Cli::parse_ordered(["rancher-compose", "--catalog-version", "2", "up", "--catalog", "c"]).is_ok()
        );
        assert!(Cli::parse_ordered(["rancher-compose", "up", "--catalog-version", "2"]).is_err());
    }

    #[test]
    fn short_options_after_the_command_keep_their_command_meaning() {
        let cli = Cli::parse_ordered(["rancher-compose", "up", "-d", "-p", "nginx-app-stack"]).unwrap();
        assert_eq!(cli.global.project_name, None);
        let Command::Up(up) = cli.command else { panic!("not up") };
        assert!(up.pull);
        assert_eq!(up.pull_word.as_deref(), Some("nginx-app-stack"));
        let cli = Cli::parse_ordered(["rancher-compose", "up", "-dp", "web"]).unwrap();
        let Command::Up(up) = cli.command else { panic!("not up") };
        assert_eq!(up.pull_word.as_deref(), Some("web"));
        let cli = Cli::parse_ordered(["rancher-compose", "up", "web", "-p"]).unwrap();
        let Command::Up(up) = cli.command else { panic!("not up") };
        assert_eq!(up.pull_word, None);
        let cli = Cli::parse_ordered(["rancher-compose", "rm", "-f"]).unwrap();
        assert!(matches!(cli.command, Command::Rm(RmArgs { force: true, .. })));
        for short in ["-e", "-b"] {
            assert!(Cli::parse_ordered(["rancher-compose", "up", short, "x"]).is_err(), "{short}");
        }
    }

    #[test]
    fn no_similar_argument_tip_offers_a_flag_that_means_something_else() {
        let err = Cli::parse_ordered(["rancher-compose", "up", "--ur", "x"]).unwrap_err().to_string();
        assert!(!err.contains("--pull"), "{err}");
    }

    #[test]
    fn short_flags_are_scoped_by_position() {
        let cli =
            Cli::try_parse_from(["rancher-compose", "-p", "stack", "-r", "rc.yml", "up", "-p", "-r", "-d"])
                .unwrap();
        assert_eq!(cli.global.project_name.as_deref(), Some("stack"));
        assert_eq!(cli.global.rancher_file, Some(PathBuf::from("rc.yml")));
        let Command::Up(up) = cli.command else { panic!("not up") };
        assert!(up.pull && up.rollback && up.detach);
        // Unset, so rancher-compose.yml's upgrade_strategy (then 2 and 1000) applies.
        assert_eq!((up.batch_size, up.interval), (None, None));
        assert!(Cli::try_parse_from(["rancher-compose", "up", "-r", "-u"]).is_err());
        assert!(Cli::try_parse_from(["rancher-compose", "up", "--detailed-exitcode"]).is_err());
    }

    #[test]
    fn file_lists_split_on_colons() {
        let cli =
            Cli::try_parse_from(["rancher-compose", "-f", "a.yml:b.yml", "-f", "c.yml", "config"]).unwrap();
        assert_eq!(cli.global.files, ["a.yml", "b.yml", "c.yml"].map(PathBuf::from));
    }

    #[test]
    fn upgrade_flags_and_defaults() {
        let cli = Cli::try_parse_from(["rancher-compose", "upgrade", "a", "b"]).unwrap();
        let Command::Upgrade(u) = cli.command else { panic!("not upgrade") };
        assert!(u.update_links && !u.wait && !u.cleanup);
        assert_eq!((u.batch_size, u.scale, u.interval), (2, -1, 2000));
        let cli = Cli::try_parse_from(["rancher-compose", "upgrade", "--update-links=false", "-c", "a", "b"])
            .unwrap();
        let Command::Upgrade(u) = cli.command else { panic!("not upgrade") };
        assert!(!u.update_links && u.cleanup);
    }

    #[test]
    fn scale_arguments_are_checked() {
        let cli = Cli::try_parse_from(["rancher-compose", "scale", "web=3", "db=0"]).unwrap();
        let Command::Scale(s) = cli.command else { panic!("not scale") };
        assert_eq!(s.targets, vec![("web".to_owned(), 3), ("db".to_owned(), 0)]);
        for bad in ["web", "web=x", "=3", "web=-1"] {
            assert!(Cli::try_parse_from(["rancher-compose", "scale", bad]).is_err(), "{bad}");
        }
    }

    #[test]
    fn env_and_answers_files_keep_their_command_line_order() {
        let cli = Cli::parse_ordered([
            "rancher-compose",
            "--answers",
            "a.yml",
            "-e",
            "b.env",
            "--answers=c.json",
            "-e",
            "d.txt",
            "config",
            "--env-file",
            "e.env",
            "--answers",
            "f.yml",
        ])
        .unwrap();
        let order: Vec<(VarFileKind, &str)> =
            cli.global.variable_files.iter().map(|(k, p)| (*k, p.to_str().unwrap())).collect();
        assert_eq!(
            order,
            [
                (VarFileKind::Answers, "a.yml"),
                (VarFileKind::EnvFile, "b.env"),
                (VarFileKind::Answers, "c.json"),
                (VarFileKind::EnvFile, "d.txt"),
                (VarFileKind::EnvFile, "e.env"),
                (VarFileKind::Answers, "f.yml"),
            ]
        );
        assert!(Cli::parse_ordered(["rancher-compose", "--catalog-version", "2", "config"]).is_err());
    }

    #[test]
    fn down_is_stop_and_version_is_dash_v() {
        let cli = Cli::try_parse_from(["rancher-compose", "down"]).unwrap();
        assert!(matches!(cli.command, Command::Stop(_)), "down is stop");
        let err = Cli::try_parse_from(["rancher-compose", "-v"]).unwrap_err();
        assert_eq!(err.kind(), clap::error::ErrorKind::DisplayVersion);
    }
}
