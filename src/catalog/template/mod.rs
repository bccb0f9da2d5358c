//! Go `text/template` rendering of catalog compose files, as Rancher does before parsing them.
//!
//! No maintained crate implements Go template semantics plus the Sprig helpers the catalogs use,
//! so this is a small interpreter for the subset found in real catalogs: `if`/`else if`/`else`,
//! `range` (with `$i, $e :=`), `with`, variable declarations, pipelines, parenthesised
//! sub-expressions, `{{-`/`-}}` trimming, comments, the Go built-ins (`eq`, `ne`, `lt`, `le`,
//! `gt`, `ge`, `and`, `or`, `not`, `len`, `index`, `print`, `printf`, `println`) and the Sprig
//! functions catalogs reach for (`contains`, `atoi`, `until`, `default`, `splitPreserveQuotes`,
//! ...). Unlike Rancher, which silently truncated the output at an execution error, every
//! error names its template line.

mod exec;
mod functions;
mod lex;
mod parse;
mod value;

use std::collections::BTreeMap;

pub use functions::split_preserve_quotes;

use exec::Exec;
use parse::Parser;
use value::Val;

/// A template that could not be parsed or executed, with its 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct TemplateError {
    pub line: usize,
    pub message: String,
}

/// The data a template sees: `.Values`, `.Stack`/`.Release` and `.Environment`.
#[derive(Debug, Clone, Default)]
pub struct Data {
    pub values: BTreeMap<String, String>,
    pub stack_name: String,
    pub version: String,
    pub previous_version: String,
    pub environment_name: String,
}

/// Whether Rancher would template this text: not when it starts with `# notemplating`.
#[must_use]
pub fn is_disabled(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with("# notemplating") || t.starts_with("#notemplating")
}

/// Whether the text needs rendering at all (template syntax present, not disabled).
#[must_use]
pub fn needs_rendering(text: &str) -> bool {
    text.contains("{{") && !is_disabled(text)
}

/// Renders `text` with `data`. Text without template syntax, or disabled with
/// `# notemplating`, comes back unchanged.
///
/// # Errors
/// A parse error or an execution error, with its line.
pub fn render(text: &str, data: &Data) -> Result<String, TemplateError> {
    if !needs_rendering(text) {
        return Ok(text.to_owned());
    }
    let items = lex::lex(text)?;
    let mut parser = Parser::new(items);
    let (nodes, end) = parser.block()?;
    if let Some((word, line)) = end {
        return Err(TemplateError { line, message: format!("unexpected `{{{{{word}}}}}`") });
    }
    let mut out = String::with_capacity(text.len());
    Exec::new(data_value(data)).run(&nodes, &mut out)?;
    Ok(out)
}

fn data_value(data: &Data) -> Val {
    let release = Val::Map(BTreeMap::from([
        ("Name".to_owned(), Val::Str(data.stack_name.clone())),
        ("Version".to_owned(), Val::Str(data.version.clone())),
        ("PreviousVersion".to_owned(), Val::Str(data.previous_version.clone())),
    ]));
    Val::Map(BTreeMap::from([
        (
            "Values".to_owned(),
            Val::Map(data.values.iter().map(|(k, v)| (k.clone(), Val::Str(v.clone()))).collect()),
        ),
        ("Stack".to_owned(), release.clone()),
        ("Release".to_owned(), release),
        (
            "Environment".to_owned(),
            Val::Map(BTreeMap::from([("Name".to_owned(), Val::Str(data.environment_name.clone()))])),
        ),
    ]))
}

/// What the tests of every part share: data with a few values, and rendering that must work.
#[cfg(test)]
mod testing {
    use super::{Data, render};

    pub(super) fn data(values: &[(&str, &str)]) -> Data {
        Data {
            values: values.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
            stack_name: "mystack".into(),
            version: "1.2".into(),
            environment_name: "Default".into(),
            ..Data::default()
        }
    }

    pub(super) fn r(text: &str, values: &[(&str, &str)]) -> String {
        render(text, &data(values)).unwrap_or_else(|e| panic!("{e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::render;
    use super::testing::{data, r};

    #[test]
    fn notemplating_and_plain_text_are_untouched() {
        let t = "# notemplating\nlabels:\n  a: \"%{{service_name}}\"\n";
        assert_eq!(r(t, &[]), t);
        assert_eq!(r("no braces", &[]), "no braces");
    }

    #[test]
    fn errors_name_their_line() {
        let e = render("a\nb\n{{ if eq .Values.X \"1\" }}", &data(&[])).unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        let e = render("a\n\n{{ service_name .Values.X }}", &data(&[])).unwrap_err();
        assert_eq!((e.line, e.message.as_str()), (3, "function \"service_name\" not defined"));
        let e = render("x\n{{- if (ne .Values.A \"true\") and .Values.B}}y{{end}}", &data(&[])).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("non-function"), "{e}");
        let e = render("{{ end }}", &data(&[])).unwrap_err();
        assert_eq!(e.line, 1);
        for bad in [
            "{{",
            "{{ \"x }}",
            "{{ ( }}",
            "{{ .Values.A.B.C }}",
            "{{ eq 1 \"a\" }}",
            "{{ }}",
            "{{ range 3.5 }}{{end}}",
        ] {
            assert!(render(bad, &data(&[])).is_err(), "{bad}");
        }
    }
}
