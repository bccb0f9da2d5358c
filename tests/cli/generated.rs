//! `completions/` and `man/` are generated from the clap definitions; this fails when the
//! checked-in files are stale. `UPDATE_GENERATED=1 cargo test` rewrites them.

use rancher_compose::cli::generate::artefacts;

use crate::support::root;

#[test]
fn completions_and_man_pages_are_up_to_date() {
    let update = std::env::var_os("UPDATE_GENERATED").is_some();
    let mut stale = Vec::new();
    for (rel, contents) in artefacts().unwrap() {
        let path = root().join(&rel);
        let current = std::fs::read(&path).unwrap_or_default();
        if current != contents {
            if update {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &contents).unwrap();
            } else {
                stale.push(rel.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated files (run `UPDATE_GENERATED=1 cargo test --test cli generated`): {}",
        stale.join(", ")
    );
}

#[test]
fn man_pages_give_the_version_and_environment_and_name_only_pages_that_exist() {
    let artefacts = artefacts().unwrap();
    let pages: Vec<(String, String)> = artefacts
        .iter()
        .filter(|(rel, _)| rel.starts_with("man"))
        .map(|(rel, text)| (rel.display().to_string(), String::from_utf8_lossy(text).into_owned()))
        .collect();
    assert!(pages.len() > 10, "{} pages", pages.len());
    let version = format!(".SH VERSION\nrancher\\-compose {}\n", env!("CARGO_PKG_VERSION"));
    for (rel, page) in &pages {
        assert!(page.ends_with(&version), "{rel}: no `rancher-compose X.Y.Z` version:\n{page}");
        assert!(!page.contains("vversion"), "{rel}");
        for var in [
            "RANCHER_URL",
            "RANCHER_ACCESS_KEY",
            "RANCHER_SECRET_KEY",
            "RANCHER_CLIENT_CONFIG",
            "RANCHER_ENVIRONMENT",
            "RANCHER_CA_FILE",
            "COMPOSE_FILE",
            "COMPOSE_PROJECT_NAME",
            "NO_COLOR",
            "HTTPS_PROXY",
            "NO_PROXY",
        ] {
            let section = page.split(".SH ENVIRONMENT\n").nth(1).unwrap_or_default();
            assert!(section.contains(&format!("\\fB{var}")), "{rel}: ENVIRONMENT lacks {var}");
        }
        // Every page a page refers to is shipped.
        for reference in page.split("rancher\\-compose\\-").skip(1) {
            let Some((name, _)) = reference.split_once("(1)") else { continue };
            let file = format!("man/rancher-compose-{}.1", name.replace("\\-", "-"));
            assert!(pages.iter().any(|(r, _)| *r == file), "{rel} refers to missing {file}");
        }
    }
}

#[test]
fn completions_do_not_offer_hidden_commands_but_offer_globals_after_commands() {
    let mut bash = String::new();
    for (rel, text) in artefacts().unwrap() {
        if !rel.starts_with("completions") {
            continue;
        }
        let text = String::from_utf8_lossy(&text).into_owned();
        assert!(!text.contains("generate"), "{} offers the hidden `generate` command", rel.display());
        if rel.ends_with("rancher-compose.bash") {
            bash = text;
        }
    }
    // The options bash offers after `up` (clap names that case `..._compose__subcmd__up)`).
    let up = bash.split("compose__subcmd__up)").nth(1).and_then(|c| c.split("opts=\"").nth(1));
    let up = up.and_then(|o| o.split('"').next()).unwrap_or_default();
    assert!(up.contains("--url") && up.contains("--project-name") && up.contains("--pull"), "up: {up}");
    assert!(!up.contains("--version"), "up: {up}");
}
