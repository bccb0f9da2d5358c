//! The stack name: `-p`, `COMPOSE_PROJECT_NAME`, or the directory of the first compose file,
//! sanitised as rancher-compose 0.12 does (lower case, `[a-z0-9-]` only, no leading `_.-`).

use std::path::Path;

/// Sanitises a raw name: lower-cased, every character outside `[a-z0-9-]` becomes `-`, and a
/// leading `_`, `.` or `-` gets an `x` in front (0.12 checked after replacing, so only `-` can
/// remain there).
#[must_use]
pub(crate) fn sanitise(raw: &str) -> String {
    let mut name: String = raw
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '-' })
        .collect();
    if name.starts_with(['_', '.', '-']) {
        name.insert(0, 'x');
    }
    name
}

/// The project name from an explicit value or the directory holding the first compose file.
#[must_use]
pub(crate) fn resolve(explicit: Option<&str>, first_file_dir: &Path) -> String {
    let raw = explicit.filter(|n| !n.is_empty()).map_or_else(
        || {
            first_file_dir
                .file_name()
                .map_or_else(|| "default".to_owned(), |n| n.to_string_lossy().into_owned())
        },
        str::to_owned,
    );
    sanitise(&raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitising_matches_0_12() {
        for (raw, want) in [
            ("MyStack", "mystack"),
            ("something-with-dashes-v0.2.6", "something-with-dashes-v0-2-6"),
            ("My_Dir.v0.2", "my-dir-v0-2"),
            ("_foo", "x-foo"),
            ("-foo", "x-foo"),
            ("ok-name", "ok-name"),
            ("ünï", "x-n-"),
        ] {
            assert_eq!(sanitise(raw), want, "{raw}");
        }
    }

    #[test]
    fn explicit_name_wins_over_the_directory() {
        assert_eq!(resolve(Some("Prod"), Path::new("/srv/app")), "prod");
        assert_eq!(resolve(None, Path::new("/srv/My.App")), "my-app");
        assert_eq!(resolve(Some(""), Path::new("/srv/app")), "app");
        assert_eq!(resolve(None, Path::new("/")), "default");
    }
}
