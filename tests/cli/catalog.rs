//! The catalog capability end to end: answers files in every format, precedence, `--catalog`
//! template folders with Go templates, `config --variables`, the `questions` command, and the
//! prompts on a real pseudo-terminal.

use std::time::Duration;

use nix::sys::termios::{LocalFlags, tcgetattr};

use crate::support::{fixture, rc, root, run, wait_until};

fn config_ok(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> serde_yaml::Value {
    let mut cmd = rc(dir);
    cmd.args(args).arg("config");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = run(&mut cmd);
    assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    serde_yaml::from_str(&out.stdout).unwrap()
}

#[test]
fn text_yaml_and_json_answers_give_the_same_project() {
    let tmp = fixture("jenkins");
    let text = config_ok(tmp.path(), &["--answers", "answers.txt"], &[]);
    for file in ["answers.yml", "answers.json"] {
        assert_eq!(config_ok(tmp.path(), &["--answers", file], &[]), text, "{file}");
    }
    // `-e` reads the same formats.
    assert_eq!(config_ok(tmp.path(), &["-e", "answers.json"], &[]), text);
    let jenkins = &text["services"]["jenkins-primary"];
    assert_eq!(jenkins["image"], "jenkins/jenkins:2.89.4");
    assert_eq!(jenkins["ports"][0], "8081:8080");
}

#[test]
fn precedence_files_in_order_then_environment_then_defaults() {
    let tmp = fixture("jenkins");
    std::fs::write(tmp.path().join("later.env"), "PORT=9000\n").unwrap();
    std::fs::write(tmp.path().join("pw.yml"), "admin_password: x\n").unwrap();
    // Answers file beats the environment; question default fills the rest.
    let doc = config_ok(tmp.path(), &["--answers", "pw.yml"], &[("PORT", "7000"), ("volume_work", "/env")]);
    assert_eq!(doc["services"]["jenkins-primary"]["ports"][0], "7000:8080");
    assert_eq!(doc["services"]["jenkins-primary"]["image"], "jenkins/jenkins:lts");
    assert_eq!(doc["services"]["jenkins-datavolume"]["volumes"][0], "/env:/var/jenkins_home");
    // -e and --answers are one list: the later file wins, whichever flag named it.
    let doc = config_ok(tmp.path(), &["--answers", "answers.txt", "-e", "later.env"], &[("PORT", "7000")]);
    assert_eq!(doc["services"]["jenkins-primary"]["ports"][0], "9000:8080");
    let doc = config_ok(tmp.path(), &["-e", "later.env", "--answers", "answers.txt"], &[]);
    assert_eq!(doc["services"]["jenkins-primary"]["ports"][0], "8081:8080");
}

#[test]
fn catalog_folder_default_and_chosen_versions() {
    let tmp = fixture("catalog-app");
    let dir = tmp.path().parent().unwrap();
    // config.yml names 1.0.0: folder 0, a plain compose file.
    let doc = config_ok(dir, &["--catalog", "catalog-app"], &[]);
    assert_eq!(doc["name"], "catalog-app");
    assert_eq!(doc["services"]["web"]["image"], "nginx:stable");
    // Version 1 is a .tpl: rendered with the answers before interpolation.
    std::fs::write(dir.join("a.yml"), "NGINX_TAG: mainline\nDEBUG: true\nWORKERS: 2\nDB_PASSWORD: pw\n")
        .unwrap();
    for version in ["1", "1.1.0"] {
        let doc = config_ok(
            dir,
            &["--catalog", "catalog-app", "--catalog-version", version, "--answers", "a.yml"],
            &[],
        );
        let web = &doc["services"]["web"];
        assert_eq!(web["image"], "nginx:mainline");
        assert_eq!(web["environment"]["STACK"], "catalog-app");
        assert_eq!(web["environment"]["DEBUG"], "true");
        assert_eq!(web["labels"]["debug"], "on");
        assert_eq!(doc["services"]["worker1"]["image"], "busybox");
        assert!(doc["services"]["worker2"].is_null());
    }
    let out = run(rc(dir).args(["--catalog", "catalog-app", "--catalog-version", "7", "config"]));
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("has no version `7`; it has: 0 (1.0.0), 1 (1.1.0)"), "{}", out.stderr);
}

#[test]
fn config_variables_lists_sources_and_hides_secrets() {
    let tmp = fixture("jenkins");
    let out =
        run(rc(tmp.path()).args(["--answers", "answers.txt", "config", "--variables"]).env("PORT", "1"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("admin_password    answers answers.txt   ********"), "{}", out.stdout);
    assert!(!out.stdout.contains("s3cret"), "{}", out.stdout);
    assert!(out.stdout.contains("PORT              answers answers.txt   8081"), "{}", out.stdout);
    let out =
        run(rc(tmp.path()).args(["config", "--variables", "--format", "json"]).env("API_TOKEN", "t0k3n"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let rows: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let pw = rows.as_array().unwrap().iter().find(|r| r["name"] == "admin_password").unwrap();
    assert_eq!(pw["value"], serde_json::Value::Null);
    let port = rows.as_array().unwrap().iter().find(|r| r["name"] == "PORT").unwrap();
    assert_eq!(port["source"], "question default");
}

#[test]
fn questions_command_and_written_answers_round_trip() {
    let tmp = fixture("jenkins");
    let out = run(rc(tmp.path()).args(["questions"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.contains("admin_password    password    yes"), "{}", out.stdout);
    assert!(out.stdout.contains("NOT OK: required, but has no answer"), "{}", out.stdout);
    let out = run(rc(tmp.path()).args(["--answers", "answers.json", "questions", "--format", "json"]));
    let rows: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(rows.as_array().unwrap().iter().all(|r| r["satisfied"] == true), "{rows}");
    for file in ["new.txt", "new.yml", "new.json"] {
        let out = run(rc(tmp.path()).args(["questions", "--write-answers", file]));
        assert_eq!(out.code, 0, "{}", out.stderr);
        // The defaults read back; the required password is still to fill in.
        let out = run(rc(tmp.path()).args(["--answers", file, "config"]));
        assert!(out.stderr.contains("`admin_password` (Admin password): required"), "{file}: {}", out.stderr);
        std::fs::write(tmp.path().join("pw.yml"), "admin_password: pw\n").unwrap();
        let filled = run(rc(tmp.path()).args(["--answers", file, "--answers", "pw.yml", "config"]));
        assert_eq!(filled.code, 0, "{file}: {}", filled.stderr);
        assert!(filled.stdout.contains("jenkins/jenkins:lts"), "{file}");
    }
}

// ---- prompts on a pseudo-terminal ----------------------------------------------------------

const UP: &str = "\x1b[A";

/// Types `text` once the prompt reads the terminal: when it has turned echo off (raw mode for
/// a key, or a hidden line). Typed earlier, the keys would be echoed, taken by the line
/// discipline (Ctrl-U, CR to LF) or discarded by the switch. The caller first waits for the
/// prompt's text, which is printed after the previous prompt gave the terminal back, and sends
/// all keys of one prompt at once.
fn keys(p: &mut rexpect::session::PtySession, text: &str) {
    let pty = p.process().get_file_handle().unwrap();
    wait_until("the prompt to read the terminal", || {
        let modes = tcgetattr(&pty).unwrap();
        !modes.local_flags.contains(LocalFlags::ECHO)
    });
    p.send(text).unwrap();
    p.flush().unwrap();
}

fn spawn(dir: &std::path::Path, args: &str) -> rexpect::session::PtySession {
    let bin = env!("CARGO_BIN_EXE_rancher-compose");
    let mut cmd = std::process::Command::new(bin);
    cmd.current_dir(dir).env_clear().env("TERM", "xterm").env("NO_COLOR", "1");
    cmd.args(args.split_whitespace());
    rexpect::session::spawn_command(cmd, Some(Duration::from_secs(20).as_millis() as u64)).unwrap()
}

#[test]
fn prompts_use_typed_widgets_and_keep_passwords_hidden() {
    let tmp = fixture("jenkins");
    let mut p = spawn(tmp.path(), "config");
    p.exp_string("Public port (PORT)").unwrap();
    p.exp_string("8080").unwrap();
    keys(&mut p, "\r"); // default accepted
    p.exp_string("Jenkins version (JENKINS_VERSION)").unwrap();
    keys(&mut p, &format!("{UP}\r")); // from the default `lts` up to 2.89.4
    p.exp_string("Plugins (plugins)").unwrap();
    keys(&mut p, "\r"); // default kept
    p.exp_string("Work volume (volume_work)").unwrap();
    keys(&mut p, "\r");
    p.exp_string("Admin password (admin_password)").unwrap();
    keys(&mut p, "hunter2\r");
    let before = p.exp_string("jenkins-primary:").unwrap();
    assert!(!before.contains("hunter2"), "the password was echoed: {before}");
    let rest = p.exp_eof().unwrap();
    assert!(rest.contains("jenkins/jenkins:2.89.4"), "{rest}");
    assert!(rest.contains("8080:8080"), "{rest}");
    assert!(rest.contains("jenkins-home:/var/jenkins_home"), "{rest}");
}

#[test]
fn boolean_prompt_and_answered_questions_are_not_asked() {
    let tmp = fixture("catalog-app");
    let dir = tmp.path().parent().unwrap();
    std::fs::write(dir.join("a.yml"), "NGINX_TAG: mainline\nDB_PASSWORD: pw\n").unwrap();
    let mut p = spawn(dir, "--catalog catalog-app --catalog-version 1 --answers a.yml config");
    // NGINX_TAG and DB_PASSWORD are answered: the first question is DEBUG, a yes/no.
    let before = p.exp_string("Debug logging (DEBUG)").unwrap();
    assert!(!before.contains("NGINX_TAG"), "{before}");
    keys(&mut p, "y");
    p.exp_string("Workers (WORKERS)").unwrap();
    keys(&mut p, "9\r"); // above max: refused, asked again
    p.exp_string("above the maximum 5").unwrap();
    keys(&mut p, "\x150\r"); // clear the line, then 0
    let rest = p.exp_eof().unwrap();
    assert!(rest.contains("debug: \"on\""), "{rest}");
    assert!(!rest.contains("worker0"), "{rest}");
}

#[test]
fn no_prompt_on_a_terminal_lists_missing_answers() {
    let tmp = fixture("jenkins");
    let mut p = spawn(tmp.path(), "--no-prompt config");
    p.exp_string("`admin_password` (Admin password): required, but has no answer").unwrap();
    p.exp_string("--answers FILE").unwrap();
    p.exp_eof().unwrap();
    let _ = root();
}

/// `config --variables` prints a table by default; `--format yaml` and `--format json` are
/// the same rows in those formats (secret values never in any of them).
#[test]
fn config_variables_formats_say_what_they_print() {
    let tmp = fixture("jenkins");
    let go = |format: &[&str]| {
        let mut args = vec!["--answers", "answers.txt", "config", "--variables"];
        args.extend_from_slice(format);
        let out = run(rc(tmp.path()).args(&args));
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(!out.stdout.contains("s3cret"), "{}", out.stdout);
        out.stdout
    };
    assert!(go(&[]).starts_with("VARIABLE "), "a table by default");
    let yaml: serde_yaml::Value = serde_yaml::from_str(&go(&["--format", "yaml"])).unwrap();
    let json: serde_json::Value = serde_json::from_str(&go(&["--format", "json"])).unwrap();
    assert_eq!(serde_json::to_value(&yaml).unwrap(), json);
    assert!(json.as_array().is_some_and(|rows| rows.iter().any(|r| r["name"] == "PORT")), "{json}");
}

#[test]
fn a_misspelt_answer_is_a_warning_naming_the_question() {
    let tmp = fixture("jenkins");
    // `PROT` and `jenkins_version` answer nothing: the defaults deploy, so say what was meant.
    std::fs::write(
        tmp.path().join("typo.txt"),
        "PROT=9000\njenkins_version=2.89.4\nUNRELATED=1\nadmin_password=pw\n",
    )
    .unwrap();
    let out = run(rc(tmp.path()).args(["--answers", "typo.txt", "config"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "answers typo.txt: `PROT` is not a question and no file uses it, so it is ignored; did you mean the question `PORT`?"
        ),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("`jenkins_version` is not a question"), "{}", out.stderr);
    // A variable close to nothing the files use is left alone (env files are shared).
    assert!(!out.stderr.contains("UNRELATED"), "{}", out.stderr);
    // An answered question has no look-alike to warn about.
    let out = run(rc(tmp.path()).args(["--answers", "answers.txt", "config"]));
    assert!(!out.stderr.contains("is not a question"), "{}", out.stderr);
}
