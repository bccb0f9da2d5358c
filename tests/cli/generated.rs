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
