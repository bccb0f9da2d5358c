//! The official Rancher 1.6 catalog (`../shared/corpus/rancher-catalog`): every version folder
//! with a plain `docker-compose.yml` loads and validates with its questions' defaults as
//! answers. Files that use Go-template syntax (`{{ }}`) need the catalog renderer and are
//! counted separately; `.tpl` files are left to the catalog tests.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rancher_compose::compose::{LoadOptions, load};

use crate::support::root;

fn corpus_root() -> PathBuf {
    let dir = root().join("../shared/corpus/rancher-catalog");
    assert!(
        dir.is_dir(),
        "the catalog corpus is missing: expected ../shared/corpus/rancher-catalog beside the project ({})",
        dir.display()
    );
    dir
}

fn version_dirs(base: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for template in std::fs::read_dir(base).unwrap() {
        let template = template.unwrap().path();
        if !template.is_dir() {
            continue;
        }
        for version in std::fs::read_dir(&template).unwrap() {
            let version = version.unwrap().path();
            if version.join("docker-compose.yml").is_file() {
                out.push(version);
            }
        }
    }
    out.sort();
    out
}

fn load_dir(dir: &Path, env: HashMap<String, String>) -> Result<rancher_compose::compose::Loaded, String> {
    let opts = LoadOptions {
        files: vec![PathBuf::from("docker-compose.yml")],
        project_name: Some("corpus".into()),
        working_dir: dir.to_owned(),
        ..LoadOptions::default()
    };
    load(&opts, env, &mut || Ok(String::new())).map_err(|e| e.to_string())
}

#[test]
fn every_plain_catalog_compose_file_loads_with_default_answers() {
    let corpus = corpus_root();
    let mut dirs = version_dirs(&corpus.join("templates"));
    dirs.extend(version_dirs(&corpus.join("infra-templates")));
    let (mut loaded, mut templated, mut failures) = (0, 0, Vec::new());
    for dir in &dirs {
        let text = std::fs::read_to_string(dir.join("docker-compose.yml")).unwrap();
        let rancher = std::fs::read_to_string(dir.join("rancher-compose.yml")).unwrap_or_default();
        if text.contains("{{") || rancher.contains("{{") {
            templated += 1;
            continue;
        }
        // First pass: read the questions; second pass: their defaults are the answers.
        let defaults: HashMap<String, String> = match load_dir(dir, HashMap::new()) {
            Ok(first) => first
                .project
                .catalog
                .iter()
                .flat_map(|c| &c.questions)
                .filter_map(|q| Some((q.variable.clone(), q.default.clone()?)))
                .collect(),
            Err(e) => {
                failures.push(format!("{}: {e}", dir.display()));
                continue;
            }
        };
        match load_dir(dir, defaults) {
            Ok(second) if !second.project.services.is_empty() => loaded += 1,
            Ok(_) => failures.push(format!("{}: no services", dir.display())),
            Err(e) => failures.push(format!("{}: {e}", dir.display())),
        }
    }
    println!(
        "catalog corpus: {loaded} of {} plain docker-compose.yml files load ({templated} use Go templates and wait for the catalog renderer)",
        dirs.len() - templated
    );
    assert!(dirs.len() > 150, "too few version folders found: {}", dirs.len());
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        dirs.len() - templated,
        failures.join("\n")
    );
}
