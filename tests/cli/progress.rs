//! Progress that adds up, read from stderr without a terminal (0.12's plain lines): counters
//! over services (not sidekicks) that end on `[N/N]`, upgrade progress lines, `ps` SCALE, and
//! the resume lines after Ctrl-C. Each test checks the output, the exit code and the
//! emulator's state.

use rancher_compose::emulator::{EmulatorThread, Hold};
use serde_json::{Value, json};

use crate::support::process::{interrupt_when, start};
use crate::support::{Run, edit, emulator, fixture, ok, service, with_api};

/// The `[n/N]` counters of the progress lines, in order.
fn counters(stderr: &str) -> Vec<(u64, u64)> {
    stderr
        .lines()
        .filter_map(|l| {
            let (n, rest) = l.strip_prefix('[')?.split_once('/')?;
            let (total, _) = rest.split_once(']')?;
            Some((n.parse().ok()?, total.parse().ok()?))
        })
        .collect()
}

/// Every counter has `total` services, and the last one is `[total/total]`.
fn assert_counts_services(out: &Run, total: u64) {
    let counters = counters(&out.stderr);
    assert!(!counters.is_empty(), "no progress lines: {}", out.stderr);
    assert!(counters.iter().all(|(n, t)| *t == total && *n <= total), "{}", out.stderr);
    assert_eq!(counters.last(), Some(&(total, total)), "{}", out.stderr);
}

#[test]
fn counters_count_services_not_sidekicks_and_end_on_n_of_n() {
    let emu = emulator();
    let dir = fixture("sidekicks");
    // Two services (app, with two sidekicks, and db): 0.12 counted four.
    let out = ok(&emu, dir.path(), &["up", "-d"]);
    assert_counts_services(&out, 2);
    let out = ok(&emu, dir.path(), &["scale", "app=4"]);
    assert_eq!(out.stderr.lines().last(), Some("[1/1] [app]: Scaled"), "{}", out.stderr);
    assert_eq!(service(&emu, "app")["scale"], 4);
    for (command, last) in [("stop", "Stopped"), ("start", "Started"), ("restart", "Restarted")] {
        let out = ok(&emu, dir.path(), &[command]);
        assert_counts_services(&out, 2);
        assert!(out.stderr.lines().last().is_some_and(|l| l.ends_with(last)), "{}", out.stderr);
    }
    let out = ok(&emu, dir.path(), &["rm", "--force"]);
    assert_counts_services(&out, 2);
    assert!(emu.resources("services").iter().all(|s| s["state"] == "removed"));
}

/// `batch B of N, R/W new containers running (H healthy), O old` of each upgrade line.
fn upgrade_lines(stderr: &str) -> Vec<[u64; 6]> {
    stderr
        .lines()
        .filter_map(|l| {
            let rest = l.split_once("Upgrading: batch ")?.1;
            let numbers: Vec<u64> = rest
                .split(|c: char| !c.is_ascii_digit())
                .filter(|w| !w.is_empty())
                .filter_map(|w| w.parse().ok())
                .collect();
            numbers.get(..6)?.try_into().ok()
        })
        .collect()
}

#[test]
fn upgrade_progress_counts_long_running_containers_and_old_ones_and_ends_all_running() {
    let emu = emulator();
    let dir = fixture("sidekicks");
    ok(&emu, dir.path(), &["up", "-d"]);
    // app and its long-running log sidekick change; the start-once app-config does not. The
    // scale changes in the same run (3 -> 4: an update, then the upgrade).
    edit(dir.path(), "docker-compose.yml", "example/app:2.1", "example/app:2.2");
    edit(dir.path(), "docker-compose.yml", "example/log-shipper:1.0", "example/log-shipper:1.1");
    edit(dir.path(), "rancher-compose.yml", "scale: 3", "scale: 4");
    // Health checks are held, and each batch's let go only once the progress shows every new
    // container that runs: so the progress is read once all of them run, before the end.
    emu.hold(Hold::Health);
    let mut up = start(&emu, dir.path(), &["up", "-d", "-u", "--batch-size", "2", "--interval", "100"]);
    let new_running = || {
        emu.resources("containers")
            .iter()
            .filter(|c| c["state"] == "running")
            .filter(|c| {
                matches!(
                    c["imageUuid"].as_str(),
                    Some("docker:example/app:2.2" | "docker:example/log-shipper:1.1")
                )
            })
            .count() as u64
    };
    while up.wait_until_or_end("the progress of the running containers", |p| {
        let shown = upgrade_lines(&p.stderr()).last().map(|l| l[2]);
        emu.held(Hold::Health) > 0 && shown == Some(new_running())
    }) {
        emu.release(Hold::Health);
        emu.hold(Hold::Health);
    }
    emu.release(Hold::Health);
    let out = up.finish();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines = upgrade_lines(&out.stderr);
    assert!(!lines.is_empty(), "no upgrade progress: {}", out.stderr);
    let batches: Vec<u64> = lines.iter().map(|l| l[0]).collect();
    assert!(batches.windows(2).all(|w| w[0] <= w[1]), "batches went backwards: {}", out.stderr);
    for [batch, of, _, wanted, _, _] in &lines {
        assert!((1..=*of).contains(batch), "{}", out.stderr);
        // 4 units of app and app-logs; the start-once sidekick is not wanted running.
        assert_eq!((*of, *wanted), (2, 8), "{}", out.stderr);
    }
    let [_, _, running, wanted, _, old] = lines[lines.len() - 1];
    assert_eq!((running, wanted), (8, 8), "the last line says all new containers run: {}", out.stderr);
    // The old app and app-logs containers are kept until the upgrade is confirmed.
    assert_eq!(old, 8, "{}", out.stderr);
    assert_eq!(out.stderr.lines().last(), Some("[1/1] [app]: Upgraded"), "{}", out.stderr);
    let app = service(&emu, "app");
    assert_eq!((app["state"].as_str(), app["scale"].as_i64()), (Some("upgraded"), Some(4)));
}

/// Running primary containers of a service, as the emulator has them.
fn running(emu: &EmulatorThread, svc: &Value) -> usize {
    emu.resources("containers")
        .into_iter()
        .filter(|c| c["serviceIds"].as_array().is_some_and(|s| s.contains(&svc["id"])))
        .filter(|c| c["state"] == "running")
        .filter(|c| {
            c["labels"]["io.rancher.service.launch.config"] == "io.rancher.service.primary.launch.config"
        })
        .count()
}

/// The SCALE column of `ps` for each service.
fn scale_column(out: &Run) -> Vec<(String, String)> {
    let mut lines = out.stdout.lines();
    let header = lines.next().unwrap_or_default();
    let at = header.find("SCALE").unwrap();
    lines
        .map(|l| {
            let name = l.split_whitespace().next().unwrap_or_default().to_owned();
            let scale = l.get(at..).unwrap_or_default().split_whitespace().next().unwrap_or_default();
            (name, scale.to_owned())
        })
        .collect()
}

#[test]
fn ps_scale_is_running_over_desired_for_stopped_and_global_services() {
    let emu = emulator();
    let dir = fixture("nginx-redis");
    std::fs::write(
        dir.path().join("docker-compose.override.yml"),
        "agent:\n  image: busybox\n  labels:\n    io.rancher.scheduler.global: 'true'\n",
    )
    .unwrap();
    ok(&emu, dir.path(), &["up", "-d"]);
    let agents = running(&emu, &service(&emu, "agent"));
    assert!(agents > 1, "one agent per host");
    let out = ok(&emu, dir.path(), &["ps"]);
    let scales = scale_column(&out);
    assert!(scales.contains(&("web".into(), "2/2".into())), "{}", out.stdout);
    assert!(scales.contains(&("agent".into(), format!("{agents}/global"))), "{}", out.stdout);

    ok(&emu, dir.path(), &["stop", "web"]);
    assert_eq!(running(&emu, &service(&emu, "web")), 0);
    let out = ok(&emu, dir.path(), &["ps"]);
    assert!(scale_column(&out).contains(&("web".into(), "0/2".into())), "{}", out.stdout);
    let out = ok(&emu, dir.path(), &["ps", "--format", "json", "web", "agent"]);
    let rows: Vec<Value> = serde_json::from_str(&out.stdout).unwrap();
    let shown: Vec<(&str, &Value, &Value, &Value)> = rows
        .iter()
        .map(|r| (r["name"].as_str().unwrap(), &r["running"], &r["scale"], &r["global"]))
        .collect();
    assert_eq!(
        shown,
        [("web", &json!(0), &json!(2), &json!(false)), ("agent", &json!(agents), &Value::Null, &json!(true))]
    );
}

#[test]
fn ctrl_c_while_the_stack_is_read_still_says_how_to_resume() {
    let emu = emulator();
    let dir = fixture("nginx-redis");
    ok(&emu, dir.path(), &["up", "-d"]);
    // A rolling restart under way (its container starts held): `up` waits for it to settle
    // before it plans.
    emu.hold(Hold::Starts);
    let web = service(&emu, "web");
    let input = json!({"rollingRestartStrategy": {"batchSize": 1, "intervalMillis": 3000}});
    with_api(emu.base_url(), async |client| client.action(&web, "restart", Some(&input)).await.unwrap());
    assert_eq!(service(&emu, "web")["state"], "restarting");
    emu.clear_request_log();
    let web_path = format!("/services/{}", web["id"].as_str().unwrap());
    let out = interrupt_when(&emu, dir.path(), &["up", "-d"], || {
        emu.request_log()
            .iter()
            .filter(|r| r.method == "GET" && r.path.trim_end_matches('/').ends_with(&web_path))
            .count()
            >= 1
    });
    assert_eq!(out.code, 130, "{}", out.stderr);
    assert!(out.stderr.contains("to resume:") && out.stderr.contains("up -d"), "{}", out.stderr);
    assert!(emu.mutating_requests().is_empty(), "{:?}", emu.mutating_requests());
}

#[test]
fn a_second_ctrl_c_quits_while_a_request_is_unanswered() {
    let emu = emulator();
    let dir = fixture("nginx-redis");
    // The first write of the run never gets an answer while the hold lasts: the first Ctrl-C
    // waits for it, the second one must not.
    emu.hold(Hold::Writes);
    let mut running = start(&emu, dir.path(), &["up", "-d"]);
    running.wait_until("a write waiting for its answer", |_| emu.held(Hold::Writes) >= 1);
    running.press_ctrl_c();
    running.wait_for_stderr("Ctrl-C again quits now");
    assert_eq!(emu.held(Hold::Writes), 1, "the first Ctrl-C waits for the request in flight");
    let out = running.interrupt();
    emu.release(Hold::Writes);
    assert_eq!(out.code, 130, "{}", out.stderr);
    assert!(out.stderr.contains("quitting: a request in flight may still take effect"), "{}", out.stderr);
    assert!(out.stderr.contains("to resume:") && out.stderr.contains("up -d"), "{}", out.stderr);
}
