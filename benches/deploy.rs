//! Deploy benchmarks, running the real `rancher-compose` binary against the emulator:
//!
//! - `up -d` of a new 50-service stack of ten five-service link chains, with the emulator's
//!   default timing (containers take ~300 ms to start, as on a demo server): wall time against
//!   the server-bound floor (longest chain × activation time + one create, measured on the
//!   server itself for one chain; target: median at most 3.3 s, half of rancher-compose
//!   0.12.5's 6.6 s, and within 1.3× of the floor), and the
//!   requests it sends (target: at most 200; 0.12.5 sends 836);
//! - requests of `up -d` of 100 unlinked services with default timing (target: 3·N + 20);
//! - `up -d` of a new 200-service stack with instant timing (target: median under 2 s);
//! - an in-service upgrade of a scale-10 service, batch size 2, no pause between batches,
//!   containers taking 1 s to start: the client's wall time against the server's own time for
//!   the same upgrade, measured in-process (target: within 5%).
//!
//! Prints each run, then medians with min and max. `cargo bench --bench deploy`.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use rancher_compose::emulator::{EmulatorConfig, EmulatorThread, Timing};
use serde_json::{Value, json};

const RUNS: usize = 5;
const BINARY: &str = env!("CARGO_BIN_EXE_rancher-compose");

/// The 50-service file of the engine issue: `s<i>` runs `nginx:1.<i mod 10>` and links
/// `s<i-1>` unless `i mod 5 == 0`.
fn write_chains(dir: &Path) -> Result<(), String> {
    let mut compose = String::from("version: '2'\nservices:\n");
    for i in 0..50 {
        compose.push_str(&format!("  s{i}:\n    image: nginx:1.{}\n", i % 10));
        if i % 5 != 0 {
            compose.push_str(&format!("    links: [s{}]\n", i - 1));
        }
    }
    std::fs::write(dir.join("docker-compose.yml"), compose).map_err(|e| e.to_string())
}

/// A first `up -d` with the emulator's default timing: wall time and requests sent.
fn default_timing_run(dir: &Path) -> Result<(Duration, usize), String> {
    let emu = EmulatorThread::start(EmulatorConfig::default()).map_err(|e| e.to_string())?;
    let took = rc(&emu, dir, &["up", "-d"])?;
    Ok((took, emu.request_log().len()))
}

fn rc(emu: &EmulatorThread, dir: &Path, args: &[&str]) -> Result<Duration, String> {
    let started = Instant::now();
    let out = Command::new(BINARY)
        .env_clear()
        .env("RANCHER_URL", emu.base_url())
        .current_dir(dir)
        .args(args)
        .output()
        .map_err(|e| e.to_string())?;
    let elapsed = started.elapsed();
    if !out.status.success() {
        return Err(format!("{args:?} failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    Ok(elapsed)
}

fn write_stack(dir: &Path, services: usize, scale: usize, image: &str) -> Result<(), String> {
    let mut compose = String::from("version: '2'\nservices:\n");
    let mut rancher = String::from("version: '2'\nservices:\n");
    for i in 0..services {
        compose.push_str(&format!("  s{i}:\n    image: {image}\n    environment: {{N: '{i}'}}\n"));
        rancher.push_str(&format!("  s{i}:\n    scale: {scale}\n"));
    }
    std::fs::write(dir.join("docker-compose.yml"), compose).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("rancher-compose.yml"), rancher).map_err(|e| e.to_string())
}

fn new_stack_run(dir: &Path) -> Result<Duration, String> {
    let emu = EmulatorThread::start(EmulatorConfig::for_tests()).map_err(|e| e.to_string())?;
    rc(&emu, dir, &["up", "-d"])
}

/// An emulator whose containers take 1 s to start and whose upgrades do not pause between
/// batches, with the one-service stack deployed at nginx:1.
fn upgrade_setup(dir: &Path) -> Result<EmulatorThread, String> {
    let mut config = EmulatorConfig::for_tests();
    config.timing = Timing { start: Duration::from_secs(1), ..Timing::instant() };
    let emu = EmulatorThread::start(config).map_err(|e| e.to_string())?;
    write_stack(dir, 1, 10, "nginx:1")?;
    rc(&emu, dir, &["up", "-d"])?;
    write_stack(dir, 1, 10, "nginx:2")?;
    Ok(emu)
}

/// The server's own time: the upgrade action posted directly, the state watched in-process.
fn server_upgrade_run(dir: &Path) -> Result<Duration, String> {
    let emu = upgrade_setup(dir)?;
    let service = emu.resources("services").into_iter().next().ok_or("no service")?;
    let url = service["actions"]["upgrade"].as_str().ok_or("no upgrade action")?.to_owned();
    let mut launch = service["launchConfig"].clone();
    launch["imageUuid"] = json!("docker:nginx:2");
    let body = json!({"inServiceStrategy": {"batchSize": 2, "launchConfig": launch}});
    let id = service["id"].as_str().unwrap_or_default().to_owned();
    let runtime =
        tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
    let started = Instant::now();
    runtime.block_on(async {
        let resp = reqwest::Client::new().post(&url).json(&body).send().await.map_err(|e| e.to_string())?;
        if !resp.status().is_success() {
            return Err(format!("upgrade answered {}", resp.status()));
        }
        Ok(())
    })?;
    loop {
        let now: Value = emu.resource("services", &id).ok_or("service gone")?;
        if now["state"] == "upgraded" && now["transitioning"] != "yes" {
            return Ok(started.elapsed());
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// The server-bound floor of one five-service chain, measured on the server itself: one stack
/// and five service creates, then each service activated as soon as the one it links to is
/// active, states read in-process (no client, no HTTP polling).
fn server_chain_run() -> Result<Duration, String> {
    let emu = EmulatorThread::start(EmulatorConfig::default()).map_err(|e| e.to_string())?;
    let base = emu.project_url();
    let http = reqwest::Client::new();
    let post = async |url: String, body: Value| -> Result<Value, String> {
        let resp = http.post(&url).json(&body).send().await.map_err(|e| e.to_string())?;
        if !resp.status().is_success() {
            return Err(format!("{url} answered {}", resp.status()));
        }
        resp.json::<Value>().await.map_err(|e| e.to_string())
    };
    let settled_in = async |id: &str, state: &str| -> Result<(), String> {
        loop {
            let now = emu.resource("services", id).ok_or("service gone")?;
            if now["state"] == state && now["transitioning"] != "yes" {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    };
    let runtime =
        tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
    let started = Instant::now();
    runtime.block_on(async {
        let stack = post(format!("{base}/stacks"), json!({"name": "floor"})).await?;
        let mut ids = Vec::new();
        for i in 0..5 {
            let body = json!({"name": format!("s{i}"), "stackId": stack["id"],
                              "launchConfig": {"imageUuid": "docker:nginx:1.13"}});
            let service = post(format!("{base}/services"), body).await?;
            ids.push(service["id"].as_str().unwrap_or_default().to_owned());
        }
        for id in &ids {
            settled_in(id, "inactive").await?;
            post(format!("{base}/services/{id}?action=activate"), json!({})).await?;
            settled_in(id, "active").await?;
        }
        Ok::<(), String>(())
    })?;
    Ok(started.elapsed())
}

fn client_upgrade_run(dir: &Path) -> Result<Duration, String> {
    let emu = upgrade_setup(dir)?;
    rc(&emu, dir, &["up", "-d", "--upgrade", "--batch-size", "2"])
}

fn summary(times: &mut [Duration]) -> (f64, f64, f64) {
    times.sort();
    let secs = |d: Duration| d.as_secs_f64();
    (secs(times[times.len() / 2]), secs(times[0]), secs(times[times.len() - 1]))
}

fn measure(label: &str, mut one: impl FnMut() -> Result<Duration, String>) -> Vec<Duration> {
    let mut times = Vec::new();
    for run in 1..=RUNS {
        match one() {
            Ok(d) => {
                println!("{label} run {run}: {:.3} s", d.as_secs_f64());
                times.push(d);
            }
            Err(e) => {
                eprintln!("{label} run {run} failed: {e}");
                std::process::exit(1);
            }
        }
    }
    times
}

fn main() {
    let tmp = match tempfile::tempdir() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("tempdir: {e}");
            std::process::exit(1);
        }
    };
    let wide = tmp.path().join("wide");
    let rolling = tmp.path().join("rolling");
    for dir in [&wide, &rolling] {
        if let Err(e) = std::fs::create_dir(dir) {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
    let chains = tmp.path().join("chains");
    let unlinked = tmp.path().join("unlinked");
    for dir in [&chains, &unlinked] {
        if let Err(e) = std::fs::create_dir(dir) {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
    if let Err(e) = write_chains(&chains).and_then(|()| write_stack(&unlinked, 100, 1, "nginx:1.13")) {
        eprintln!("{e}");
        std::process::exit(1);
    }
    let timing = rancher_compose::emulator::Timing::default();
    let nominal = 5.0 * timing.start.as_secs_f64() + timing.step.as_secs_f64();
    let (floor, fmin, fmax) = summary(&mut measure("server's own time for one chain of 5", server_chain_run));
    println!(
        "deploy/server-bound floor, one chain of 5 on the server itself: median {floor:.3} s, min {fmin:.3} s, max {fmax:.3} s \
         (nominal from the timing, 5 starts + one step: {nominal:.3} s)"
    );
    let mut requests = Vec::new();
    let (median, min, max) =
        summary(&mut measure("up -d, 50 services in chains of 5, default timing", || {
            default_timing_run(&chains).map(|(took, sent)| {
                requests.push(sent);
                took
            })
        }));
    requests.sort_unstable();
    println!(
        "deploy/up 50 chained services, default timing: median {median:.3} s, min {min:.3} s, max {max:.3} s ({RUNS} runs); \
         floor {floor:.3} s, {:.2}x the floor; requests median {} (min {}, max {})",
        median / floor,
        requests[requests.len() / 2],
        requests[0],
        requests[requests.len() - 1]
    );
    if median > 3.3 || median > 1.3 * floor {
        println!("WARNING: above the 3.3 s / 1.3x floor target");
    }
    if requests[requests.len() / 2] > 200 {
        println!("WARNING: more than 200 requests");
    }
    let mut sent = Vec::new();
    for _ in 0..RUNS {
        match default_timing_run(&unlinked) {
            Ok((_, n)) => sent.push(n),
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        }
    }
    sent.sort_unstable();
    println!(
        "deploy/up 100 unlinked services, default timing: requests median {} (min {}, max {}); target at most {}",
        sent[sent.len() / 2],
        sent[0],
        sent[sent.len() - 1],
        3 * 100 + 20
    );

    if let Err(e) = write_stack(&wide, 200, 1, "nginx:1.13") {
        eprintln!("{e}");
        std::process::exit(1);
    }
    let (median, min, max) = summary(&mut measure("up -d, 200 new services", || new_stack_run(&wide)));
    println!(
        "deploy/up 200 new services: median {median:.3} s, min {min:.3} s, max {max:.3} s ({RUNS} runs)"
    );
    if median > 2.0 {
        println!("WARNING: median above the 2 s target");
    }

    let (server, smin, smax) = summary(&mut measure("server upgrade", || server_upgrade_run(&rolling)));
    let (client, cmin, cmax) = summary(&mut measure("client upgrade", || client_upgrade_run(&rolling)));
    let overhead = (client / server - 1.0) * 100.0;
    println!("deploy/in-service upgrade, scale 10, batch 2, 1 s starts:");
    println!("  server's own time: median {server:.3} s, min {smin:.3} s, max {smax:.3} s ({RUNS} runs)");
    println!("  rancher-compose up -u: median {client:.3} s, min {cmin:.3} s, max {cmax:.3} s ({RUNS} runs)");
    println!("  client overhead: {overhead:+.1}% of the server's time (target: within 5%)");
    if overhead > 5.0 {
        println!("WARNING: more than 5% above the server's own time");
    }
}
