//! Secret values never reach the terminal: once the answers and variables of a run are known,
//! the values of the secret ones are registered here, and every message the [`super::Printer`]
//! writes to stderr has them replaced by a mask. One mechanism covers every message, whichever
//! field a secret landed in and whichever check refused it.

use std::borrow::Cow;
use std::sync::RwLock;

// A poisoned lock is recovered: skipping the mask after a panic would print secrets (see
// `crate::locks`).
use crate::locks::{read, write};

/// What is shown instead of a secret value.
pub(crate) const MASK: &str = "****";

/// Values shorter than this are not hidden: masking every `1` or `on` would garble line numbers
/// and messages without protecting anything.
pub(crate) const MIN_HIDDEN_LEN: usize = 3;

/// The values to hide, longest first (so a value containing another is hidden whole).
static HIDDEN: RwLock<Vec<String>> = RwLock::new(Vec::new());

/// Adds values to hide from now on.
pub(crate) fn hide(values: impl IntoIterator<Item = String>) {
    let mut hidden = write(&HIDDEN);
    for value in values {
        if value.chars().count() >= MIN_HIDDEN_LEN && !hidden.contains(&value) {
            hidden.push(value);
        }
    }
    hidden.sort_by_key(|v| std::cmp::Reverse(v.len()));
}

/// `text` with every hidden value masked.
#[must_use]
pub(crate) fn scrub(text: &str) -> Cow<'_, str> {
    let hidden = read(&HIDDEN);
    scrub_with(text, &hidden)
}

fn scrub_with<'a>(text: &'a str, hidden: &[String]) -> Cow<'a, str> {
    let mut out = Cow::Borrowed(text);
    for value in hidden {
        if out.contains(value.as_str()) {
            out = Cow::Owned(out.replace(value.as_str(), MASK));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_occurrence_is_masked_longest_first() {
        let hidden = vec!["PwAnswer-7731xq".to_owned(), "7731".to_owned()];
        assert_eq!(
            scrub_with("`PwAnswer-7731xq:80` is not a port specification; 7731", &hidden),
            "`****:80` is not a port specification; ****"
        );
        assert!(matches!(scrub_with("nothing here", &hidden), Cow::Borrowed(_)));
    }

    #[test]
    fn registered_values_are_scrubbed_and_short_ones_ignored() {
        hide(["SecretVal-unit-test".to_owned(), "ab".to_owned()]);
        assert_eq!(scrub("cannot read `SecretVal-unit-test.yml`"), "cannot read `****.yml`");
        assert_eq!(scrub("line ab"), "line ab");
    }
}
