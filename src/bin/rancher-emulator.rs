//! `rancher-emulator`: run the Rancher API emulator (a faithful `/v2-beta` server) until Ctrl-C.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;
use rancher_compose::emulator::{self, EmulatorConfig, EnvironmentKey, Faults, Timing};

/// A Rancher 1.6 `/v2-beta` API emulator for tests and demos.
#[derive(Parser, Debug)]
#[command(name = "rancher-emulator", version)]
struct Args {
    /// Address to listen on (port 0 = ephemeral).
    #[arg(long, default_value = "127.0.0.1:8080", env = "RANCHER_EMULATOR_LISTEN")]
    listen: SocketAddr,
    /// Require HTTP basic auth: an account API key, which sees every environment (needs
    /// --secret-key).
    #[arg(long, env = "RANCHER_EMULATOR_ACCESS_KEY", requires = "secret_key")]
    access_key: Option<String>,
    /// Secret key for basic auth (needs --access-key).
    #[arg(long, env = "RANCHER_EMULATOR_SECRET_KEY", requires = "access_key")]
    secret_key: Option<String>,
    /// Environments besides `Default` (1a5), comma-separated: `staging,prod` are 1a6 and 1a7
    /// (added to a saved state that lacks them).
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    environments: Vec<String>,
    /// An environment API key, which reaches only its environment (repeatable; requires HTTP
    /// basic auth as --access-key does).
    #[arg(long, value_name = "ENVIRONMENT:ACCESS:SECRET")]
    environment_key: Vec<EnvironmentKey>,
    /// Persist state in FILE (written atomically; reloaded at start).
    #[arg(long, value_name = "FILE")]
    state: Option<PathBuf>,
    /// Number of simulated hosts (for a new state).
    #[arg(long, default_value_t = 5)]
    hosts: usize,
    /// `instant`, `default`, or STEP,START,STOP,HEALTHY in milliseconds.
    #[arg(long, default_value = "default")]
    timing: Timing,
    /// Fraction (0..1) of API requests answered with 503.
    #[arg(long, default_value_t = 0.0)]
    fault_error_rate: f64,
    /// Fraction (0..1) of API requests whose connection is dropped.
    #[arg(long, default_value_t = 0.0)]
    fault_drop_rate: f64,
    /// Milliseconds of latency added to every API request.
    #[arg(long, default_value_t = 0)]
    fault_latency_ms: u64,
    /// Image glob whose containers fail to start (repeatable).
    #[arg(long, value_name = "GLOB")]
    fault_fail_image: Vec<String>,
    /// Image glob whose containers never become healthy (repeatable).
    #[arg(long, value_name = "GLOB")]
    fault_unhealthy_image: Vec<String>,
    /// Image glob whose first container fails to start; the ones started in its place run
    /// (repeatable).
    #[arg(long, value_name = "GLOB")]
    fault_flaky_image: Vec<String>,
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let config = EmulatorConfig {
        listen: args.listen,
        access_key: args.access_key,
        secret_key: args.secret_key,
        environments: args.environments,
        environment_keys: args.environment_key,
        state_file: args.state,
        hosts: args.hosts,
        timing: args.timing,
        faults: Faults {
            error_rate: args.fault_error_rate,
            drop_rate: args.fault_drop_rate,
            latency_ms: args.fault_latency_ms,
            fail_images: args.fault_fail_image,
            unhealthy_images: args.fault_unhealthy_image,
            flaky_images: args.fault_flaky_image,
            failing_writes: 0,
            seed: 0,
        },
    };
    let rt = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("rancher-emulator: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match rt.block_on(emulator::run_until_ctrl_c(config)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rancher-emulator: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
