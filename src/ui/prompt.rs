//! Interactive questions on the terminal (dialoguer), on stderr so stdout stays data. Every
//! prompt goes through [`Prompter`], which refuses to exist without a terminal: scripts and CI
//! never hang on a question.

use std::io::IsTerminal;

use dialoguer::theme::SimpleTheme;
use dialoguer::{Confirm, Input, Password, Select};

/// Why a question could not be asked.
#[derive(Debug, thiserror::Error)]
pub enum PromptError {
    #[error("standard input is not a terminal")]
    NoTerminal,
    #[error("the prompt failed: {0}")]
    Terminal(#[from] dialoguer::Error),
}

/// The way to ask questions; only exists when stdin and stderr are terminals.
pub(crate) struct Prompter {
    theme: SimpleTheme,
}

impl Prompter {
    /// A prompter, if standard input and standard error are terminals.
    ///
    /// # Errors
    /// [`PromptError::NoTerminal`] otherwise.
    pub(crate) fn open() -> Result<Self, PromptError> {
        if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
            Ok(Self { theme: SimpleTheme })
        } else {
            Err(PromptError::NoTerminal)
        }
    }

    /// A line of explanation before a question.
    pub(crate) fn note(&self, text: &str) {
        eprintln!("{text}");
    }

    /// One line of text; an empty line gives `default` (when there is one).
    ///
    /// # Errors
    /// The terminal failed.
    pub(crate) fn text(
        &self,
        prompt: &str,
        default: Option<&str>,
        mut check: impl FnMut(&str) -> Result<(), String>,
    ) -> Result<String, PromptError> {
        let mut input = Input::<String>::with_theme(&self.theme).with_prompt(prompt).allow_empty(true);
        if let Some(d) = default.filter(|d| !d.is_empty()) {
            input = input.default(d.to_owned());
        }
        Ok(input.validate_with(|v: &String| check(v)).interact_text()?)
    }

    /// One of `items`; returns its index.
    ///
    /// # Errors
    /// The terminal failed.
    pub(crate) fn select(
        &self,
        prompt: &str,
        items: &[String],
        default: usize,
    ) -> Result<usize, PromptError> {
        Ok(Select::with_theme(&self.theme).with_prompt(prompt).items(items).default(default).interact()?)
    }

    /// Yes or no.
    ///
    /// # Errors
    /// The terminal failed.
    pub(crate) fn confirm(&self, prompt: &str, default: bool) -> Result<bool, PromptError> {
        Ok(Confirm::with_theme(&self.theme).with_prompt(prompt).default(default).interact()?)
    }

    /// Hidden input, never echoed.
    ///
    /// # Errors
    /// The terminal failed.
    pub(crate) fn password(
        &self,
        prompt: &str,
        check: impl Fn(&str) -> Result<(), String>,
    ) -> Result<String, PromptError> {
        Ok(Password::with_theme(&self.theme)
            .with_prompt(prompt)
            .allow_empty_password(true)
            .validate_with(|v: &String| check(v))
            .interact()?)
    }

    /// Several lines, ended by an empty line; an empty first line gives `None`.
    ///
    /// # Errors
    /// The terminal failed.
    pub(crate) fn lines(&self, prompt: &str) -> Result<Option<String>, PromptError> {
        let mut lines: Vec<String> = Vec::new();
        loop {
            let label = if lines.is_empty() { prompt.to_owned() } else { "…".to_owned() };
            let line = Input::<String>::with_theme(&self.theme)
                .with_prompt(label)
                .allow_empty(true)
                .interact_text()?;
            if line.is_empty() {
                break;
            }
            lines.push(line);
        }
        Ok(if lines.is_empty() { None } else { Some(lines.join("\n")) })
    }
}
