//! The official Rancher 1.6 catalog (`../shared/corpus/rancher-catalog`): every version folder
//! of `templates/` and `infra-templates/` (`docker-compose.yml` or `.tpl`) renders its Go
//! templates and loads with its questions' defaults as the only answers, and every template
//! folder opens and picks a default version.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rancher_compose::catalog::{CatalogOptions, ProblemKind, PromptMode, Session, repo};
use rancher_compose::compose::LoadOptions;

use crate::support::root;

/// Version folders that fail for a reason outside the renderer, with the message they give:
/// (folder suffix, expected message, why). Route53 11, 12 and 14, whose questions hold
/// `%{{service_name}}` placeholders without `# notemplating`, load since such placeholders are
/// kept as text.
const KNOWN: &[(&str, &str, &str)] = &[];

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
            if compose_file(&version).is_some() {
                out.push(version);
            }
        }
    }
    out.sort();
    out
}

/// `docker-compose.yml`, else `docker-compose.yml.tpl`, as the template folder reader picks.
fn compose_file(dir: &Path) -> Option<PathBuf> {
    ["docker-compose.yml", "docker-compose.yml.tpl"].iter().map(|f| dir.join(f)).find(|p| p.is_file())
}

/// Loads the version folder as the server renders it (questions' defaults are the only
/// answers): a copy named `docker-compose.yml.tpl` makes every file a template, as
/// `--catalog` does (opening the template folder for each of its versions would parse every
/// version's files again). Returns the loaded project and the non-"missing" answer problems.
fn load_dir(dir: &Path) -> Result<(rancher_compose::compose::Loaded, Vec<String>), String> {
    let file = compose_file(dir).ok_or("no compose file")?;
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let copy = tmp.path().join(dir.file_name().ok_or("no version folder")?);
    std::fs::create_dir(&copy).map_err(|e| e.to_string())?;
    std::fs::copy(&file, copy.join("docker-compose.yml.tpl")).map_err(|e| e.to_string())?;
    if dir.join("rancher-compose.yml").is_file() {
        std::fs::copy(dir.join("rancher-compose.yml"), copy.join("rancher-compose.yml"))
            .map_err(|e| e.to_string())?;
    }
    let opts = LoadOptions {
        files: vec![PathBuf::from("docker-compose.yml.tpl")],
        project_name: Some("corpus".into()),
        working_dir: copy,
        ..LoadOptions::default()
    };
    let catalog = CatalogOptions { prompt: PromptMode::Never, ..CatalogOptions::default() };
    let session = Session::open(&opts, &catalog, HashMap::new()).map_err(|e| e.to_string())?;
    let problems = session
        .problems()
        .into_iter()
        .filter(|p| p.kind != ProblemKind::Missing)
        .map(|p| p.to_string())
        .collect();
    let loaded = session.load(&mut || Ok(String::new())).map_err(|e| e.to_string())?;
    Ok((loaded, problems))
}

#[test]
fn every_catalog_version_renders_and_loads_with_default_answers() {
    let corpus = corpus_root();
    let mut dirs = version_dirs(&corpus.join("templates"));
    dirs.extend(version_dirs(&corpus.join("infra-templates")));
    let (mut loaded, mut templated, mut exceptions) = (0, 0, 0);
    let (mut failures, mut bad_defaults) = (Vec::new(), Vec::new());
    for dir in &dirs {
        let text = std::fs::read_to_string(compose_file(dir).unwrap()).unwrap();
        let rancher = std::fs::read_to_string(dir.join("rancher-compose.yml")).unwrap_or_default();
        if rancher_compose::catalog::template::needs_rendering(&text)
            || rancher_compose::catalog::template::needs_rendering(&rancher)
        {
            templated += 1;
        }
        match load_dir(dir) {
            Ok((l, problems)) if !l.project.services.is_empty() => {
                loaded += 1;
                bad_defaults.extend(problems.into_iter().map(|p| format!("{}: {p}", dir.display())));
            }
            Ok(_) => failures.push(format!("{}: no services", dir.display())),
            Err(e) => {
                let known = KNOWN.iter().find(|(suffix, _, _)| dir.ends_with(suffix));
                match known {
                    Some((_, message, _)) if e.contains(message) => exceptions += 1,
                    _ => failures.push(format!("{}: {e}", dir.display())),
                }
            }
        }
    }
    println!(
        "catalog corpus: {loaded} of {} version folders render and load ({templated} use Go templates); {exceptions} known exceptions; {} question defaults do not fit their own question",
        dirs.len(),
        bad_defaults.len()
    );
    for b in &bad_defaults {
        println!("  default problem: {b}");
    }
    assert!(dirs.len() > 150, "too few version folders found: {}", dirs.len());
    assert!(templated > 100, "too few templated versions found: {templated}");
    assert_eq!(exceptions, KNOWN.len(), "a known exception now loads: update KNOWN");
    assert!(failures.is_empty(), "{} of {} failed:\n{}", failures.len(), dirs.len(), failures.join("\n"));
}

#[test]
fn every_catalog_template_folder_opens_and_chooses_a_version() {
    let corpus = corpus_root();
    let mut count = 0;
    for base in ["templates", "infra-templates"] {
        for template in std::fs::read_dir(corpus.join(base)).unwrap() {
            let dir = template.unwrap().path();
            if !dir.join("config.yml").is_file() || version_dirs_of(&dir).is_empty() {
                continue;
            }
            let t = repo::open(&dir).unwrap_or_else(|e| panic!("{e}"));
            let v = t.choose(None).unwrap_or_else(|e| panic!("{e}"));
            let id = t.external_id("library", v);
            assert!(id.starts_with("catalog://library:"), "{id}");
            if base == "infra-templates" {
                assert!(id.contains("infra*"), "{id}");
            }
            count += 1;
        }
    }
    println!("catalog corpus: {count} template folders open");
    assert!(count > 25);
}

fn version_dirs_of(template: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(template)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| compose_file(p).is_some())
        .collect()
}
