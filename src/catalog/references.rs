//! Which variables a file's text refers to: `$NAME`, `${NAME...}` (not `$$`) and `.Values.NAME`.
//! Used to decide which unanswered questions to ask up front and what `config --variables`
//! lists; lenient on purpose (the loader reports real syntax errors).

use indexmap::IndexSet;

/// Adds the variable names referenced in `text` to `out`, in order of appearance.
pub(crate) fn collect(text: &str, out: &mut IndexSet<String>) {
    let name_len = |s: &str| s.find(|c: char| !(c == '_' || c.is_ascii_alphanumeric())).unwrap_or(s.len());
    let mut rest = text;
    while let Some(pos) = rest.find('$') {
        let after = &rest[pos + 1..];
        if let Some(tail) = after.strip_prefix('$') {
            rest = tail;
            continue;
        }
        let body = after.strip_prefix('{').unwrap_or(after);
        let n = name_len(body);
        if n > 0 && body.starts_with(|c: char| c == '_' || c.is_ascii_alphabetic()) {
            out.insert(body[..n].to_owned());
        }
        rest = after;
    }
    let mut rest = text;
    while let Some(pos) = rest.find(".Values.") {
        let after = &rest[pos + ".Values.".len()..];
        let n = name_len(after);
        if n > 0 {
            out.insert(after[..n].to_owned());
        }
        rest = after;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_interpolations_and_template_values() {
        let mut out = IndexSet::new();
        collect(
            "a: $A\nb: ${B}\nc: ${C:-x}\nd: $$NOT\ne: $1\n{{ if eq .Values.D \"x\" }}{{ .Values.A }}",
            &mut out,
        );
        assert_eq!(out.into_iter().collect::<Vec<_>>(), ["A", "B", "C", "D"]);
    }
}
