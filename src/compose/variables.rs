//! Where interpolation values come from, in precedence order: `--env-file` and `--answers`
//! files (one list in command-line order, later files win), then the process environment, then
//! answers typed at a prompt, then the defaults of the catalog questions. A variable
//! set to the empty string in the environment counts as unset, as in rancher-compose 0.12, so
//! catalog defaults can still apply.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;

use super::envfile;
use super::error::Error;

/// Where a value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    EnvFile(PathBuf),
    /// An `--answers` file.
    Answers(PathBuf),
    Environment,
    /// Typed at an interactive prompt.
    Prompt,
    QuestionDefault,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::EnvFile(p) => write!(f, "env-file {}", p.display()),
            Self::Answers(p) => write!(f, "answers {}", p.display()),
            Self::Environment => f.write_str("environment"),
            Self::Prompt => f.write_str("prompt"),
            Self::QuestionDefault => f.write_str("question default"),
        }
    }
}

/// The variable sources of one run.
#[derive(Debug, Clone, Default)]
pub struct Variables {
    /// Each file with the origin it reports (`EnvFile` or `Answers`).
    files: Vec<(Origin, IndexMap<String, String>)>,
    environment: HashMap<String, String>,
    prompted: IndexMap<String, String>,
    defaults: IndexMap<String, String>,
}

impl Variables {
    #[must_use]
    pub fn new(environment: HashMap<String, String>) -> Self {
        Self { files: Vec::new(), environment, prompted: IndexMap::new(), defaults: IndexMap::new() }
    }

    /// Adds the values of a file already read, after (so above) the earlier ones. `origin` is
    /// what [`Self::lookup`] reports for them.
    pub fn add_values(&mut self, origin: Origin, values: IndexMap<String, String>) {
        self.files.push((origin, values));
    }

    /// Records an answer typed at a prompt.
    pub fn set_prompted(&mut self, name: String, value: String) {
        self.prompted.insert(name, value);
    }

    /// Every name the files define, in file order (duplicates included once).
    #[must_use]
    pub fn file_names(&self) -> Vec<&str> {
        let mut names: IndexMap<&str, ()> = IndexMap::new();
        for (_, values) in &self.files {
            names.extend(values.keys().map(|k| (k.as_str(), ())));
        }
        names.into_keys().collect()
    }

    /// Sets the catalog question defaults, the last source consulted.
    pub fn set_defaults(&mut self, defaults: IndexMap<String, String>) {
        self.defaults = defaults;
    }

    /// Reads an `--env-file`. Bare `KEY` lines define KEY as empty, as 0.12 did.
    ///
    /// # Errors
    /// The file cannot be read or has a malformed line.
    pub fn add_env_file(&mut self, path: &Path) -> Result<(), Error> {
        self.add_env_file_at(path, path)
    }

    /// Reads the env file at `full`, naming it `path` in messages.
    ///
    /// # Errors
    /// The file cannot be read or has a malformed line.
    pub fn add_env_file_at(&mut self, full: &Path, path: &Path) -> Result<(), Error> {
        let text = super::input::read_text(full).map_err(|e| Error::read(path, e))?;
        let entries = envfile::parse(&text).map_err(|e| Error::EnvFile {
            path: path.to_owned(),
            line: e.line,
            message: e.message,
        })?;
        let values = entries.into_iter().map(|e| (e.key, e.value.unwrap_or_default())).collect();
        self.files.push((Origin::EnvFile(path.to_owned()), values));
        Ok(())
    }

    /// The value of `name` and where it came from.
    #[must_use]
    pub fn lookup(&self, name: &str) -> Option<(&str, Origin)> {
        for (origin, values) in self.files.iter().rev() {
            if let Some(v) = values.get(name) {
                return Some((v, origin.clone()));
            }
        }
        if let Some(v) = self.environment.get(name).filter(|v| !v.is_empty()) {
            return Some((v, Origin::Environment));
        }
        if let Some(v) = self.prompted.get(name) {
            return Some((v, Origin::Prompt));
        }
        self.defaults.get(name).map(|v| (v.as_str(), Origin::QuestionDefault))
    }

    /// The value of `name`, if any.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<String> {
        self.lookup(name).map(|(v, _)| v.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_files_win_over_the_environment_and_later_files_win() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.env");
        let b = dir.path().join("b.env");
        std::fs::write(&a, "X=from-a\nY=from-a\nEMPTY=\n").unwrap();
        std::fs::write(&b, "Y=from-b\n").unwrap();
        let env = HashMap::from([
            ("X".to_owned(), "from-env".to_owned()),
            ("Z".to_owned(), "from-env".to_owned()),
            ("BLANK".to_owned(), String::new()),
        ]);
        let mut vars = Variables::new(env);
        vars.add_env_file(&a).unwrap();
        vars.add_env_file(&b).unwrap();
        assert_eq!(vars.get("X").as_deref(), Some("from-a"));
        assert_eq!(vars.get("Y").as_deref(), Some("from-b"));
        assert_eq!(vars.get("Z").as_deref(), Some("from-env"));
        assert_eq!(vars.get("EMPTY").as_deref(), Some(""));
        assert_eq!(vars.get("BLANK"), None);
        assert_eq!(vars.lookup("Z").map(|(_, o)| o), Some(Origin::Environment));
        vars.set_defaults(IndexMap::from([
            ("BLANK".to_owned(), "d".to_owned()),
            ("X".to_owned(), "d".to_owned()),
        ]));
        assert_eq!(vars.lookup("BLANK"), Some(("d", Origin::QuestionDefault)));
        assert_eq!(vars.get("X").as_deref(), Some("from-a"));
        vars.set_prompted("BLANK".to_owned(), "typed".to_owned());
        assert_eq!(vars.lookup("BLANK"), Some(("typed", Origin::Prompt)));
    }

    #[test]
    fn answers_and_env_files_form_one_ordered_list() {
        let mut vars = Variables::new(HashMap::from([("A".to_owned(), "env".to_owned())]));
        vars.add_values(
            Origin::Answers("a.yml".into()),
            IndexMap::from([("A".to_owned(), "answers".to_owned())]),
        );
        vars.add_values(
            Origin::EnvFile("b.env".into()),
            IndexMap::from([("B".to_owned(), "env-file".to_owned())]),
        );
        vars.add_values(
            Origin::Answers("c.json".into()),
            IndexMap::from([("B".to_owned(), "later".to_owned())]),
        );
        assert_eq!(vars.lookup("A"), Some(("answers", Origin::Answers("a.yml".into()))));
        assert_eq!(vars.lookup("B"), Some(("later", Origin::Answers("c.json".into()))));
        assert_eq!(vars.file_names(), vec!["A", "B"]);
    }

    #[test]
    fn env_file_errors_name_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.env");
        std::fs::write(&a, "OK=1\nBAD='open\n").unwrap();
        let err = Variables::default().add_env_file(&a).unwrap_err();
        assert!(matches!(err, Error::EnvFile { line: 2, .. }), "{err}");
        let missing = Variables::default().add_env_file(&dir.path().join("nope")).unwrap_err();
        assert!(matches!(missing, Error::Read { .. }));
    }
}
