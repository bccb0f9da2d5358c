//! Emulator throughput: with instant timing, 1,000 service creates plus activations over HTTP
//! (8 concurrent clients). Prints the median and spread over 5 runs; target: median under 1 s.

use std::time::{Duration, Instant};

use rancher_compose::emulator::{self, EmulatorConfig};
use serde_json::{Value, json};

const SERVICES: usize = 1000;
const CLIENTS: usize = 8;
const RUNS: usize = 5;

async fn one_run() -> Result<Duration, String> {
    let h = emulator::start(EmulatorConfig::for_tests()).await.map_err(|e| e.to_string())?;
    let base = h.project_url();
    let client = reqwest::Client::new();
    let stack: Value = client
        .post(format!("{base}/stacks"))
        .json(&json!({"name": "bench"}))
        .send()
        .await
        .map_err(|e| e.to_string())?
        .json()
        .await
        .map_err(|e| e.to_string())?;
    let stack_id = stack["id"].as_str().unwrap_or("1st1").to_string();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for worker in 0..CLIENTS {
        let client = client.clone();
        let base = base.clone();
        let stack_id = stack_id.clone();
        tasks.push(tokio::spawn(async move {
            for i in (worker..SERVICES).step_by(CLIENTS) {
                let body = json!({"name": format!("svc{i}"), "stackId": stack_id, "scale": 1,
                    "launchConfig": {"imageUuid": "docker:nginx", "labels": {"io.rancher.service.hash": "x"}}});
                let svc: Value = client
                    .post(format!("{base}/services"))
                    .json(&body)
                    .send()
                    .await
                    .map_err(|e| e.to_string())?
                    .json()
                    .await
                    .map_err(|e| e.to_string())?;
                let url = svc["actions"]["activate"].as_str().ok_or("no activate action")?.to_string();
                let resp = client.post(url).send().await.map_err(|e| e.to_string())?;
                if resp.status().as_u16() != 202 {
                    return Err(format!("activate answered {}", resp.status()));
                }
            }
            Ok::<(), String>(())
        }));
    }
    for t in tasks {
        t.await.map_err(|e| e.to_string())??;
    }
    let elapsed = started.elapsed();
    let active = h.resources("services").iter().filter(|s| s["state"] == "active").count();
    if active != SERVICES {
        return Err(format!("only {active} services active"));
    }
    h.shutdown().await.map_err(|e| e.to_string())?;
    Ok(elapsed)
}

fn main() {
    let rt = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("runtime: {e}");
            std::process::exit(1);
        }
    };
    let mut times = Vec::new();
    for run in 1..=RUNS {
        match rt.block_on(one_run()) {
            Ok(d) => {
                println!("run {run}: {SERVICES} creates + activations in {:.3} s", d.as_secs_f64());
                times.push(d);
            }
            Err(e) => {
                eprintln!("run {run} failed: {e}");
                std::process::exit(1);
            }
        }
    }
    times.sort();
    let median = times[times.len() / 2];
    let (min, max) = (times[0], times[times.len() - 1]);
    println!(
        "emulator/1000 services create+activate: median {:.3} s, min {:.3} s, max {:.3} s ({RUNS} runs, {CLIENTS} clients)",
        median.as_secs_f64(),
        min.as_secs_f64(),
        max.as_secs_f64()
    );
    if median > Duration::from_secs(1) {
        println!("WARNING: median above the 1 s target");
    }
}
