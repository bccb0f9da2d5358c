//! Benchmark: `rancher-compose config` on a generated 2,000-service project that uses
//! `extends` (from another file) and interpolation everywhere. Target: median under 100 ms and
//! peak memory under 50 MiB on the 2-core reference machine.
//!
//! Run with `cargo bench --bench config`. Peak memory is read with GNU time (`/usr/bin/time`,
//! Debian package `time`); without it only times are reported.

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SERVICES: usize = 2_000;
const RUNS: usize = 21;

fn main() {
    let dir = tempfile::tempdir().expect("temporary directory");
    generate(dir.path());
    let binary = env!("CARGO_BIN_EXE_rancher-compose");
    let run = || {
        let status = Command::new(binary)
            .arg("config")
            .current_dir(dir.path())
            .env("REGION", "eu-west-1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("run rancher-compose");
        assert!(status.success(), "config failed on the generated project");
    };
    run(); // warm the page cache
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed()
        })
        .collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "config, {SERVICES} services with extends + interpolation, {RUNS} runs: median {:.1} ms (min {:.1}, max {:.1})",
        ms(times[RUNS / 2]),
        ms(times[0]),
        ms(times[RUNS - 1])
    );
    match peak_rss_kib(binary, dir.path()) {
        Some(kib) => println!("peak RSS: {:.1} MiB", kib as f64 / 1024.0),
        None => println!("peak RSS: not measured (/usr/bin/time is missing; apt-get install time)"),
    }
}

fn peak_rss_kib(binary: &str, dir: &Path) -> Option<u64> {
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%M", binary, "config"])
        .current_dir(dir)
        .env("REGION", "eu-west-1")
        .stdout(Stdio::null())
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stderr).lines().last()?.trim().parse().ok()
}

fn generate(dir: &Path) {
    let common = "\
base:
  image: example/app:${TAG:-1.0}
  environment:
    REGION: ${REGION}
    LOG_LEVEL: info
  labels:
    io.rancher.scheduler.affinity:host_label: region=${REGION}
  mem_limit: 256m
";
    std::fs::write(dir.join("common.yml"), common).expect("write common.yml");
    let mut compose = String::from("version: '2'\nservices:\n");
    let mut rancher = String::from("version: '2'\nservices:\n");
    for i in 0..SERVICES {
        let _ = write!(
            compose,
            "  svc{i}:\n    extends:\n      file: common.yml\n      service: base\n    environment:\n      INDEX: \"{i}\"\n      URL: http://svc{i}.${{REGION}}.example.com\n    ports:\n      - \"{}:8080\"\n",
            10_000 + i
        );
        if i > 0 {
            let _ = writeln!(compose, "    links:\n      - svc{}:upstream", i - 1);
        }
        let _ = write!(
            rancher,
            "  svc{i}:\n    scale: {}\n    health_check:\n      port: 8080\n      interval: 2000\n      response_timeout: 2000\n      healthy_threshold: 2\n      unhealthy_threshold: 3\n",
            1 + i % 3
        );
    }
    std::fs::write(dir.join("docker-compose.yml"), compose).expect("write docker-compose.yml");
    std::fs::write(dir.join("rancher-compose.yml"), rancher).expect("write rancher-compose.yml");
}
