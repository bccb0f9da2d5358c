//! `config` on every fixture: it loads, and the resolved project is exactly what we expect
//! (whole-output snapshots), plus focused checks of merge, extends and interpolation results.

use crate::support::{fixture, rc, run};

/// Loads a fixture with extra arguments and environment, returning the YAML output.
fn config(name: &str, args: &[&str], env: &[(&str, &str)]) -> String {
    let tmp = fixture(name);
    let mut cmd = rc(tmp.path());
    cmd.args(args).arg("config");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = run(&mut cmd);
    assert_eq!(out.code, 0, "{name}: {}", out.stderr);
    out.stdout
}

/// (fixture, arguments, environment)
type Case = (&'static str, &'static [&'static str], &'static [(&'static str, &'static str)]);

#[test]
fn every_fixture_loads() {
    let cases: &[Case] = &[
        ("jenkins", &["-e", "answers.txt"], &[]),
        ("nginx-redis", &[], &[("LOG_LEVEL", "warn")]),
        ("sidekicks", &[], &[]),
        ("lb-v2", &[], &[]),
        ("lb-legacy", &[], &[]),
        ("external", &[], &[]),
        ("extends", &[], &[]),
        ("override", &["-e", "prod.env"], &[]),
    ];
    for (name, args, env) in cases {
        let yaml = config(name, args, env);
        insta::assert_snapshot!(format!("config-{name}"), yaml);
    }
}

#[test]
fn multi_file_overrides_merge_with_compose_rules() {
    let yaml = config(
        "override",
        &[
            "-f",
            "docker-compose.yml",
            "-f",
            "docker-compose.override.yml",
            "-f",
            "docker-compose.prod.yml",
            "-e",
            "prod.env",
        ],
        &[],
    );
    insta::assert_snapshot!("config-override-prod", yaml);
    let doc: serde_yaml::Value = serde_yaml::from_str(&yaml).unwrap();
    let web = &doc["services"]["web"];
    // Later files win per key in maps; lists are unions; volumes merge by container path.
    assert_eq!(web["environment"]["DEBUG"], "true");
    assert_eq!(web["environment"]["SENTRY_DSN"], "https://key@sentry.example.com/3");
    assert_eq!(web["ports"], serde_yaml::from_str::<serde_yaml::Value>("['80:8000', '8000:8000']").unwrap());
    assert_eq!(web["volumes"], serde_yaml::from_str::<serde_yaml::Value>("['./src:/app/static']").unwrap());
    assert_eq!(web["image"], "example/web:2.4.1");
    // Rancher keys come from the compose files when there is no rancher-compose.yml.
    assert_eq!(doc["rancher"]["services"]["web"]["scale"], 4);
    // The worker extends web from the base file.
    assert_eq!(doc["services"]["worker"]["image"], "example/web:2.4.1");
    // Single-quoted values in env files are literal.
    assert_eq!(doc["services"]["db"]["environment"]["POSTGRES_PASSWORD"], "pa$word");
}

#[test]
fn jenkins_answers_keep_multi_line_values() {
    let yaml = config("jenkins", &["-e", "answers.txt"], &[]);
    let doc: serde_yaml::Value = serde_yaml::from_str(&yaml).unwrap();
    assert_eq!(
        doc["services"]["jenkins-plugins"]["environment"]["PLUGINS"],
        "credentials\ngit\nworkflow-aggregator\ndocker-workflow"
    );
    assert_eq!(doc["services"]["jenkins-primary"]["ports"][0], "8081:8080");
    assert_eq!(doc["rancher"][".catalog"]["questions"][0]["default"], "8080");
}

#[test]
fn json_output_and_service_list() {
    let tmp = fixture("sidekicks");
    let out = run(rc(tmp.path()).args(["config", "--format", "json"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["services"]["app"]["labels"]["io.rancher.sidekicks"], "app-config,app-logs");
    assert_eq!(doc["services"]["app-logs"]["network_mode"], "container:app");
    assert_eq!(doc["rancher"]["services"]["app"]["scale"], 3);
    let out = run(rc(tmp.path()).args(["config", "--services"]));
    assert_eq!(out.stdout, "app\napp-config\napp-logs\ndb\n");
    let out = run(rc(tmp.path()).args(["config", "-q"]));
    assert_eq!((out.code, out.stdout.as_str()), (0, ""));
}

#[test]
fn unset_variables_warn_once_with_every_place() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("docker-compose.yml"),
        "web:\n  image: nginx:$TAG\n  environment:\n    - VERSION=${TAG}\n",
    )
    .unwrap();
    let out = run(rc(tmp.path()).arg("config"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr.matches("variable `TAG` is not set").count(), 1, "{}", out.stderr);
    assert!(out.stderr.contains("docker-compose.yml:2:3 (web.image)"), "{}", out.stderr);
    assert!(out.stderr.contains("docker-compose.yml:4:7 (web.environment[0])"), "{}", out.stderr);
    assert!(out.stdout.contains("image: \"nginx:\""), "{}", out.stdout);
}

#[test]
fn variables_come_from_env_files_before_the_environment() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("docker-compose.yml"),
        "web:\n  image: nginx:${TAG}\n  command: echo ${GREETING:-hi}\n",
    )
    .unwrap();
    std::fs::write(tmp.path().join("vars.env"), "export TAG=\"1.13\"\n").unwrap();
    let out = run(rc(tmp.path()).args(["-e", "vars.env", "config"]).env("TAG", "from-env"));
    assert!(out.stdout.contains("image: nginx:1.13"), "{}", out.stdout);
    assert!(out.stdout.contains("- hi"), "{}", out.stdout);
    let out = run(rc(tmp.path()).arg("config").env("TAG", "from-env").env("GREETING", "hello"));
    assert!(out.stdout.contains("image: nginx:from-env"), "{}", out.stdout);
    assert!(out.stdout.contains("- hello"), "{}", out.stdout);
}

#[test]
fn rancher_keys_in_compose_are_ignored_when_rancher_compose_exists() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("docker-compose.yml"), "web:\n  image: nginx\n  scale: 5\n").unwrap();
    std::fs::write(tmp.path().join("rancher-compose.yml"), "web:\n  scale: 2\n  labels: {a: b}\n").unwrap();
    let out = run(rc(tmp.path()).arg("config"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("scale: 2"), "{}", out.stdout);
    assert!(out.stderr.contains("`scale` is ignored because `rancher-compose.yml` exists"), "{}", out.stderr);
    assert!(
        out.stderr.contains("rancher-compose.yml:3:3: service `web`: `labels` belongs in docker-compose.yml"),
        "{}",
        out.stderr
    );
}

#[test]
fn duplicate_keys_warn_and_the_last_one_wins_as_in_0_12() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("docker-compose.yml"), "web:\n  image: nginx\n  image: httpd\n").unwrap();
    let out = run(rc(tmp.path()).arg("config"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("image: httpd"), "{}", out.stdout);
    assert!(
        out.stderr.contains(
            "docker-compose.yml:3:3: key `image` appears more than once in this map; the last one is used"
        ),
        "{}",
        out.stderr
    );
}
