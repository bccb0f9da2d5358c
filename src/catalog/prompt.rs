//! Asking one catalog question with the widget its type calls for: a list for `enum`, yes/no
//! for `boolean`, hidden input for `password`/`masked`, checked numbers for `int`/`float`,
//! line-by-line input for `multiline`, checked text otherwise. Label, description and default
//! are shown (a password default is never shown: an empty answer keeps it).

use crate::compose::Question;
use crate::ui::prompt::{PromptError, Prompter};

use super::validate;

/// Asks `q` and returns the answer (the default when the user just presses Enter).
///
/// # Errors
/// The terminal failed.
pub(crate) fn ask(p: &Prompter, q: &Question) -> Result<String, PromptError> {
    if let Some(desc) = q.description.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        p.note(desc);
    }
    let label = q.label.as_deref().filter(|l| !l.is_empty()).unwrap_or(&q.variable);
    let prompt = if label == q.variable { label.to_owned() } else { format!("{label} ({})", q.variable) };
    let default = q.default.as_deref().filter(|d| !d.is_empty());
    let check = |v: &str| -> Result<(), String> {
        if v.is_empty() {
            return if q.required && default.is_none() {
                Err("an answer is required".into())
            } else {
                Ok(())
            };
        }
        validate::check_value(q, v).map_or(Ok(()), Err)
    };
    match validate::kind_of(q) {
        "enum" if !q.options.is_empty() => {
            let at = default.and_then(|d| q.options.iter().position(|o| o == d)).unwrap_or(0);
            let i = p.select(&prompt, &q.options, at)?;
            Ok(q.options.get(i).cloned().unwrap_or_default())
        }
        "boolean" => Ok(p.confirm(&prompt, default == Some("true"))?.to_string()),
        "password" | "masked" => {
            let prompt =
                if default.is_some() { format!("{prompt} [empty keeps the default]") } else { prompt };
            let answer = p.password(&prompt, check)?;
            Ok(if answer.is_empty() { default.unwrap_or_default().to_owned() } else { answer })
        }
        "multiline" => {
            p.note("(several lines; an empty line ends the answer, an empty first line keeps the default)");
            loop {
                match p.lines(&prompt)? {
                    Some(answer) => return Ok(answer),
                    None if q.required && default.is_none() => p.note("an answer is required"),
                    None => return Ok(default.unwrap_or_default().to_owned()),
                }
            }
        }
        _ => {
            let answer = p.text(&prompt, default, check)?;
            Ok(if answer.is_empty() { default.unwrap_or_default().to_owned() } else { answer })
        }
    }
}
