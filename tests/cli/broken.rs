//! Every case under `fixtures/broken/` fails with its expected exit code and messages.
//! A case's `expect` file holds `args ...` (default `config`), `exit N` and `stderr TEXT` lines.

use crate::support::{fixture, rc, root, run};

#[test]
fn each_broken_input_gives_its_message_and_exit_code() {
    let dir = root().join("fixtures/broken");
    let mut cases: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    cases.sort();
    assert!(cases.len() >= 20, "expected the broken-input fixtures, found {}", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.to_string_lossy();
        let tmp = fixture(&format!("broken/{name}"));
        let expect = std::fs::read_to_string(tmp.path().join("expect")).unwrap();
        let mut args = vec!["config".to_owned()];
        let mut exit = 1;
        let mut wanted = Vec::new();
        for line in expect.lines() {
            match line.split_once(' ') {
                Some(("args", rest)) => args = rest.split_whitespace().map(str::to_owned).collect(),
                Some(("exit", n)) => exit = n.parse().unwrap(),
                Some(("stderr", text)) => wanted.push(text.to_owned()),
                _ => panic!("{name}: bad expect line {line:?}"),
            }
        }
        let out = run(rc(tmp.path()).args(&args));
        if out.code != exit {
            failures.push(format!("{name}: exit {} instead of {exit}; stderr:\n{}", out.code, out.stderr));
        }
        for text in wanted {
            if !out.stderr.contains(&text) {
                failures.push(format!("{name}: stderr lacks {text:?}; stderr:\n{}", out.stderr));
            }
        }
        if !out.stdout.is_empty() {
            failures.push(format!("{name}: a failing run printed data on stdout: {}", out.stdout));
        }
        if out.stderr.contains("panicked") {
            failures.push(format!("{name}: panicked"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
