//! The catalog capability: answers files, questions, prompts, validation and Go-template
//! rendering, around the compose loader.
//!
//! A [`Session`] is opened from the command line's settings: it resolves a `--catalog`
//! template folder to its compose files, reads `-e`/`--answers` files in command-line order,
//! and reads the questions (rendering a templated rancher-compose.yml first). Then, in order:
//! [`Session::prompt`] asks what is missing (only on a terminal), [`Session::check`] validates
//! every answer against its question, and [`Session::load`] renders the templates with the
//! final values and runs the loader with them.

pub(crate) mod answers;
pub(crate) mod prompt;
pub(crate) mod references;
pub mod repo;
pub(crate) mod secrets;
pub mod template;
pub(crate) mod validate;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use indexmap::{IndexMap, IndexSet};

use crate::compose::source::Location;
use crate::compose::variables::{Origin, Variables};
use crate::compose::{self, Catalog, LoadOptions, Loaded, Question};
use crate::ui::prompt::{PromptError, Prompter};

pub(crate) use answers::AnswersError;
pub(crate) use repo::RepoError;
pub(crate) use validate::Problem;
pub use validate::ProblemKind;

/// The name of the official catalog, used in `externalId`s.
pub const LIBRARY: &str = "library";

/// A `-e` or `--answers` file, in command-line order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VarFile {
    EnvFile(PathBuf),
    Answers(PathBuf),
}

impl VarFile {
    #[must_use]
    pub fn path(&self) -> &Path {
        match self {
            Self::EnvFile(p) | Self::Answers(p) => p,
        }
    }
}

/// Whether questions may be asked interactively.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PromptMode {
    /// Ask on a terminal, never otherwise.
    #[default]
    IfTerminal,
    /// Never ask (`--no-prompt`).
    Never,
}

/// The catalog half of the settings.
#[derive(Debug, Clone, Default)]
pub struct CatalogOptions {
    pub var_files: Vec<VarFile>,
    /// `--catalog DIR`: a template folder.
    pub template_dir: Option<PathBuf>,
    /// `--catalog-version N`.
    pub template_version: Option<String>,
    pub prompt: PromptMode,
}

/// What can go wrong around the loader.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Load(#[from] compose::Error),
    #[error(transparent)]
    Answers(#[from] AnswersError),
    #[error(transparent)]
    Repo(#[from] RepoError),
    #[error("{}", problems_message(.0))]
    Problems(Vec<Problem>),
    #[error("cannot ask `{variable}`: {source}")]
    Prompt { variable: String, source: PromptError },
}

fn problems_message(problems: &[Problem]) -> String {
    let missing = problems.iter().filter(|p| p.kind == ProblemKind::Missing).count();
    let head = match (missing, problems.len() - missing) {
        (m, 0) => format!("{m} required question{} without an answer", if m == 1 { " is" } else { "s are" }),
        (0, i) => format!(
            "{i} answer{} not fit {} question",
            if i == 1 { " does" } else { "s do" },
            if i == 1 { "its" } else { "their" }
        ),
        (m, i) => format!(
            "{m} required question{} no answer and {i} answer{} not fit",
            if m == 1 { " has" } else { "s have" },
            if i == 1 { " does" } else { "s do" }
        ),
    };
    let list: Vec<String> = problems.iter().map(|p| format!("\n  - {p}")).collect();
    format!("{head}:{}", list.concat())
}

impl Error {
    /// What to do about it.
    #[must_use]
    pub fn hint(&self) -> Option<String> {
        match self {
            Self::Load(e) => e.hint(),
            Self::Problems(p) if p.iter().any(|p| p.kind == ProblemKind::Missing) => Some(
                "give the answers with `--answers FILE` (KEY=VALUE, YAML or JSON), or run on a terminal to be asked; `rancher-compose questions --write-answers FILE` writes a file to fill in"
                    .to_owned(),
            ),
            Self::Repo(RepoError::NoSuchVersion { .. }) => {
                Some("`--catalog-version` takes a version folder name or a `.catalog` version".to_owned())
            }
            _ => None,
        }
    }
}

/// The state of one run: files, variable sources, questions.
#[derive(Debug)]
pub struct Session {
    /// The load options, with a `--catalog` template resolved to its files.
    pub opts: LoadOptions,
    pub template: Option<(repo::Template, repo::Version)>,
    pub vars: Variables,
    pub catalog: Option<Catalog>,
    /// Variables the files refer to, in order of appearance.
    pub referenced: IndexSet<String>,
    pub stack_name: String,
    /// Whether the files are rendered as Go templates, as the server renders a catalog version:
    /// for a `--catalog` folder, or when a `-f` file is named `.tpl`; otherwise they are used
    /// verbatim, as 0.12.5 did. Off for template versions written for Rancher before 1.5, which
    /// had no templating.
    pub templating: bool,
    environment: HashMap<String, String>,
}

impl Session {
    /// Resolves the files, reads the answers files and the questions.
    ///
    /// # Errors
    /// A bad template folder, an unreadable or malformed answers file, or a rancher-compose.yml
    /// whose catalog section cannot be read.
    pub fn open(
        load: &LoadOptions,
        catalog: &CatalogOptions,
        environment: HashMap<String, String>,
    ) -> Result<Self, Error> {
        let mut opts = load.clone();
        let mut template = None;
        if let Some(dir) = &catalog.template_dir {
            let t = repo::open(&load.working_dir.join(dir))?;
            let v = t.choose(catalog.template_version.as_deref())?.clone();
            opts.files = vec![v.compose_file.clone()];
            opts.rancher_file =
                Some(v.rancher_file.clone().unwrap_or_else(|| v.dir.join("rancher-compose.yml")));
            if opts.project_name.is_none() {
                opts.project_name = Some(t.folder.clone());
            }
            template = Some((t, v));
        }
        let mut vars = Variables::new(environment.clone());
        for file in &catalog.var_files {
            let shown = file.path();
            let values = answers::read(&opts.working_dir.join(shown), shown)?;
            let origin = match file {
                VarFile::EnvFile(p) => Origin::EnvFile(p.clone()),
                VarFile::Answers(p) => Origin::Answers(p.clone()),
            };
            vars.add_values(origin, values);
        }
        let stack_name = compose::project_name::resolve(opts.project_name.as_deref(), &first_dir(&opts));
        let templating = template.is_some() || opts.files.iter().any(|f| is_tpl(f));
        let mut session = Self {
            opts,
            template,
            vars,
            catalog: None,
            referenced: IndexSet::new(),
            stack_name,
            templating,
            environment,
        };
        // Before the questions are read (rendering them may fail with a value in the message),
        // and again after (their types and defaults add secrets).
        session.hide_secrets();
        session.read_questions()?;
        session.hide_secrets();
        Ok(session)
    }

    /// Registers the value of every secret variable known so far (by its name, or as the
    /// answer to a password question) with the output scrubber, so no message shows one.
    fn hide_secrets(&self) {
        let mut names: IndexSet<&str> = self.questions().iter().map(|q| q.variable.as_str()).collect();
        names.extend(self.vars.file_names());
        names.extend(self.environment.keys().map(String::as_str));
        names.extend(self.referenced.iter().map(String::as_str));
        let secret = names
            .into_iter()
            .filter(|name| secrets::is_secret(name, self.questions().iter().find(|q| q.variable == *name)));
        crate::ui::redact::hide(secret.filter_map(|name| self.vars.get(name)).collect::<Vec<_>>());
    }

    /// Reads every file's text for references, and the catalog section where the loader finds
    /// it (rancher-compose.yml, else the first compose file).
    fn read_questions(&mut self) -> Result<(), Error> {
        let mut texts = Vec::new();
        for path in &self.opts.files {
            if path.as_os_str() == "-" {
                continue;
            }
            if let Ok(text) = compose::input::read_text(&self.opts.working_dir.join(path)) {
                texts.push((path.clone(), text));
            }
        }
        let rancher_path = compose::rancher_file_path(&self.opts);
        let rancher_text = compose::input::read_text(&self.opts.working_dir.join(&rancher_path))
            .ok()
            .filter(|t| !t.trim().is_empty());
        let home = match rancher_text {
            Some(text) => {
                texts.push((rancher_path.clone(), text.clone()));
                Some((rancher_path, text))
            }
            None => texts.first().cloned(),
        };
        for (_, text) in &texts {
            references::collect(text, &mut self.referenced);
        }
        if let Some((path, text)) = home {
            if !self.templating {
                self.catalog = compose::read_catalog(&path, text)?;
                self.set_question_defaults();
                return Ok(());
            }
            // Values known so far: the section itself may be templated.
            match render_text(&path, text.clone(), &self.template_data()) {
                Ok(rendered) => self.catalog = compose::read_catalog(&path, rendered)?,
                Err(e) => {
                    // Rancher before 1.5 did not template; versions written for it may contain
                    // `{{` that is not template syntax (e.g. `%{{service_name}}`).
                    let raw = compose::read_catalog(&path, text).ok().flatten();
                    if !raw.as_ref().is_some_and(predates_templating) {
                        return Err(e.into());
                    }
                    self.templating = false;
                    self.catalog = raw;
                }
            }
        }
        self.set_question_defaults();
        Ok(())
    }

    fn set_question_defaults(&mut self) {
        self.vars.set_defaults(
            self.questions().iter().filter_map(|q| Some((q.variable.clone(), q.default.clone()?))).collect(),
        );
    }

    /// The questions, in file order.
    #[must_use]
    pub fn questions(&self) -> &[Question] {
        self.catalog.as_ref().map_or(&[], |c| c.questions.as_slice())
    }

    /// Whether a question has an answer from a file, the environment or a prompt (a default
    /// alone is not an answer).
    #[must_use]
    pub fn is_answered(&self, q: &Question) -> bool {
        self.vars.lookup(&q.variable).is_some_and(|(_, o)| o != Origin::QuestionDefault)
    }

    /// The questions to ask: unanswered ones that are required without a default, or that the
    /// files use.
    #[must_use]
    pub fn to_ask(&self) -> Vec<&Question> {
        self.questions()
            .iter()
            .filter(|q| !self.is_answered(q))
            .filter(|q| {
                let no_default = q.default.as_deref().is_none_or(str::is_empty);
                (q.required && no_default) || self.referenced.contains(&q.variable)
            })
            .collect()
    }

    /// Asks the unanswered questions, if `mode` and the terminal allow it. Returns how many
    /// were asked.
    ///
    /// # Errors
    /// The terminal failed while asking.
    pub fn prompt(&mut self, mode: PromptMode) -> Result<usize, Error> {
        if mode == PromptMode::Never {
            return Ok(0);
        }
        let questions: Vec<Question> = self.to_ask().into_iter().cloned().collect();
        if questions.is_empty() {
            return Ok(0);
        }
        let Ok(prompter) = Prompter::open() else { return Ok(0) };
        for q in &questions {
            let answer = prompt::ask(&prompter, q)
                .map_err(|source| Error::Prompt { variable: q.variable.clone(), source })?;
            self.vars.set_prompted(q.variable.clone(), answer);
        }
        self.hide_secrets();
        Ok(questions.len())
    }

    /// Answers-file and `-e` entries that look like a misspelt question or variable: no question
    /// asks for them, no file refers to them, and a name spelled almost the same (a question
    /// or a reference) gets no value from any file. Each is a warning naming the file, the
    /// entry and what was probably meant; entries with no such look-alike are left alone (an
    /// env file shared between projects may hold many unused variables).
    #[must_use]
    pub fn misspelt_answers(&self) -> Vec<String> {
        let file_names = self.vars.file_names();
        let wanted: IndexSet<&str> = self
            .questions()
            .iter()
            .map(|q| q.variable.as_str())
            .chain(self.referenced.iter().map(String::as_str))
            .collect();
        let unanswered: Vec<&str> = wanted.iter().copied().filter(|w| !file_names.contains(w)).collect();
        file_names
            .iter()
            .filter(|name| !wanted.contains(**name))
            .filter_map(|name| {
                let meant = closest_name(name, &unanswered)?;
                let origin = self.vars.lookup(name).map(|(_, o)| o.to_string()).unwrap_or_default();
                let what = if self.questions().iter().any(|q| q.variable == meant) {
                    "the question"
                } else {
                    "the variable"
                };
                Some(format!(
                    "{origin}: `{name}` is not a question and no file uses it, so it is ignored; did you mean {what} `{meant}`?"
                ))
            })
            .collect()
    }

    /// Every problem with the current answers, in question order.
    #[must_use]
    pub fn problems(&self) -> Vec<Problem> {
        self.questions()
            .iter()
            .filter_map(|q| validate::check(q, self.vars.get(&q.variable).as_deref()))
            .collect()
    }

    /// Fails with every problem at once, if there is any.
    ///
    /// # Errors
    /// [`Error::Problems`].
    pub fn check(&self) -> Result<(), Error> {
        let problems = self.problems();
        if problems.is_empty() { Ok(()) } else { Err(Error::Problems(problems)) }
    }

    /// The data templates see: every question variable, file entry and environment variable
    /// with its effective value (so `.Values` follows the same precedence as `$VAR`).
    #[must_use]
    pub fn template_data(&self) -> template::Data {
        let mut names: IndexSet<&str> = self.questions().iter().map(|q| q.variable.as_str()).collect();
        names.extend(self.vars.file_names());
        names.extend(self.environment.keys().map(String::as_str));
        let values: BTreeMap<String, String> =
            names.into_iter().filter_map(|n| Some((n.to_owned(), self.vars.get(n)?))).collect();
        let version = self
            .template
            .as_ref()
            .and_then(|(_, v)| v.version.clone())
            .or_else(|| self.catalog.as_ref().and_then(|c| c.version.clone()))
            .unwrap_or_default();
        template::Data {
            values,
            stack_name: self.stack_name.clone(),
            version,
            previous_version: String::new(),
            environment_name: String::new(),
        }
    }

    /// Renders the templates with the final values and loads the project.
    ///
    /// # Errors
    /// A template or load error.
    pub fn load(&self, read_stdin: &mut compose::ReadStdin<'_>) -> Result<Loaded, Error> {
        let data = self.template_data();
        let templating = self.templating;
        let mut render =
            |path: &Path, text: String| if templating { render_text(path, text, &data) } else { Ok(text) };
        Ok(compose::load_prepared(&self.opts, self.vars.clone(), read_stdin, &mut render)?)
    }

    /// The answers a catalog deploy records on the stack: every question with a value.
    #[must_use]
    pub fn answers(&self) -> IndexMap<String, String> {
        self.questions()
            .iter()
            .filter_map(|q| Some((q.variable.clone(), self.vars.get(&q.variable)?)))
            .collect()
    }

    /// The stack `externalId` of a `--catalog` deploy (`catalog://library:<base*>name:<rev>`).
    #[must_use]
    pub fn external_id(&self) -> Option<String> {
        self.template.as_ref().map(|(t, v)| t.external_id(LIBRARY, v))
    }

    /// Every variable the project uses (questions, then other references), with its source.
    #[must_use]
    pub fn variables(&self) -> Vec<VariableRow> {
        let mut names: IndexSet<&str> = self.questions().iter().map(|q| q.variable.as_str()).collect();
        names.extend(self.referenced.iter().map(String::as_str));
        names
            .into_iter()
            .map(|name| {
                let question = self.questions().iter().find(|q| q.variable == name);
                let found = self.vars.lookup(name);
                let secret = secrets::is_secret(name, question);
                VariableRow {
                    name: name.to_owned(),
                    source: found.as_ref().map(|(_, o)| o.to_string()),
                    value: match &found {
                        Some(_) if secret => Some(secrets::MASK.to_owned()),
                        Some((v, _)) => Some((*v).to_owned()),
                        None => None,
                    },
                    secret,
                    question: question.is_some(),
                }
            })
            .collect()
    }
}

/// One line of `config --variables`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct VariableRow {
    pub name: String,
    /// Where the value comes from; `None` when unset.
    pub source: Option<String>,
    /// The value, masked when secret; `None` when unset.
    pub value: Option<String>,
    pub secret: bool,
    /// Whether a catalog question asks for it.
    pub question: bool,
}

/// The candidate `name` is most likely a misspelling of: the same but for case, or one or two
/// edits away (a swap counts as one), allowing one edit for every four characters.
fn closest_name<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let lower = name.to_ascii_lowercase();
    candidates
        .iter()
        .map(|c| (strsim::osa_distance(&lower, &c.to_ascii_lowercase()), *c))
        .filter(|(d, c)| *d <= (c.chars().count() / 4).clamp(1, 2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Whether a file is named as a template (`docker-compose.yml.tpl`).
fn is_tpl(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "tpl")
}

/// Whether a catalog version declares it is only for Rancher before 1.5 (no templating then).
fn predates_templating(c: &Catalog) -> bool {
    let Some(max) = c.maximum_rancher_version.as_deref() else { return false };
    let mut parts =
        max.trim().trim_start_matches('v').split(['.', '-']).map(|p| p.parse::<u64>().unwrap_or(0));
    let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    (major, minor) < (1, 5)
}

/// Renders one file's text, mapping template errors to the loader's located errors.
fn render_text(path: &Path, text: String, data: &template::Data) -> Result<String, compose::Error> {
    if !template::needs_rendering(&text) {
        return Ok(text);
    }
    template::render(&text, data).map_err(|e| compose::Error::Invalid {
        location: Location { file: path.to_owned(), line: Some((e.line, 1)) },
        hint: (!e.message.contains("limit hit")).then(|| {
            "`.tpl` files and `--catalog` folders are rendered as Go templates, as Rancher does; put `# notemplating` on the first line to turn that off"
                .to_owned()
        }),
        message: format!("Go template: {}", e.message),
    })
}

fn first_dir(opts: &LoadOptions) -> PathBuf {
    let dir = match opts.files.first() {
        Some(p) if p.as_os_str() != "-" => {
            let full = opts.working_dir.join(p);
            full.parent().map_or_else(|| opts.working_dir.clone(), Path::to_path_buf)
        }
        _ => opts.working_dir.clone(),
    };
    std::path::absolute(&dir).unwrap_or(dir)
}
