//! `questions`: the catalog questions of the project (or `--catalog` template) with their type,
//! default and whether the current answers satisfy them (exit 1 when any does not, so CI can
//! use it as a check); `--write-answers FILE` writes an answers file with every default
//! filled in, for CI users to edit.

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::catalog::{Session, answers, secrets, validate};
use crate::cli::{QuestionsArgs, QuestionsFormat};
use crate::compose::Question;
use crate::exit::ExitStatus;

use super::{Ctx, open_session};

/// One question and its state, as printed.
#[derive(Debug, Serialize)]
struct Row<'a> {
    variable: &'a str,
    label: Option<&'a str>,
    #[serde(rename = "type")]
    kind: &'static str,
    required: bool,
    default: Option<String>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    options: &'a [String],
    /// Where the current value comes from, if anywhere.
    source: Option<String>,
    satisfied: bool,
    problem: Option<String>,
}

pub(super) fn run(args: &QuestionsArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let session = open_session(ctx)?;
    if session.questions().is_empty() {
        ctx.printer.warn("the project has no catalog questions (no `.catalog` section with `questions`)");
    }
    if let Some(path) = &args.write_answers {
        let text = answers_file(session.questions(), path);
        std::fs::write(ctx.settings.load.working_dir.join(path), text)
            .map_err(|e| anyhow::anyhow!("cannot write `{}`: {e}", path.display()))?;
        ctx.printer.debug(format_args!("wrote {}", path.display()));
        return Ok(ExitStatus::Success);
    }
    let rows = rows(&session);
    let text = match args.format {
        QuestionsFormat::Json => serde_json::to_string_pretty(&rows)? + "\n",
        QuestionsFormat::Table => table(&rows),
    };
    ctx.printer.data(&text)?;
    // A check for CI: any missing or invalid answer fails it.
    if rows.iter().any(|r| !r.satisfied) {
        ctx.printer.warn(format_args!(
            "answers missing or invalid: {} of {} questions",
            rows.iter().filter(|r| !r.satisfied).count(),
            rows.len()
        ));
        return Ok(ExitStatus::Failure);
    }
    Ok(ExitStatus::Success)
}

fn rows(session: &Session) -> Vec<Row<'_>> {
    session
        .questions()
        .iter()
        .map(|q| {
            let secret = secrets::is_secret(&q.variable, Some(q));
            let problem = validate::check(q, session.vars.get(&q.variable).as_deref());
            Row {
                variable: &q.variable,
                label: q.label.as_deref(),
                kind: validate::kind_of(q),
                required: q.required,
                default: q
                    .default
                    .clone()
                    .map(|d| if secret && !d.is_empty() { secrets::MASK.to_owned() } else { d }),
                options: &q.options,
                source: session.vars.lookup(&q.variable).map(|(_, o)| o.to_string()),
                satisfied: problem.is_none(),
                problem: problem.map(|p| match p.kind {
                    validate::ProblemKind::Missing => "required, but has no answer".to_owned(),
                    validate::ProblemKind::Invalid(why) => why,
                }),
            }
        })
        .collect()
}

fn table(rows: &[Row<'_>]) -> String {
    let header = ["VARIABLE", "TYPE", "REQUIRED", "DEFAULT", "STATUS"];
    let cells: Vec<[String; 5]> = rows
        .iter()
        .map(|r| {
            let default = r.default.as_deref().unwrap_or("").replace('\n', "\\n");
            let default = if default.chars().count() > 30 {
                default.chars().take(29).collect::<String>() + "…"
            } else {
                default
            };
            let status = match (&r.problem, &r.source) {
                (Some(p), _) => format!("NOT OK: {p}"),
                (None, Some(s)) => format!("ok ({s})"),
                (None, None) => "ok (unset)".to_owned(),
            };
            [
                r.variable.to_owned(),
                r.kind.to_owned(),
                if r.required { "yes" } else { "no" }.to_owned(),
                default,
                status,
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cols: [&str; 5]| {
        let mut l = String::new();
        for (i, (c, w)) in cols.iter().zip(widths).enumerate() {
            if i + 1 == cols.len() {
                l.push_str(c);
            } else {
                let _ = write!(l, "{c:<w$}   ");
            }
        }
        out.push_str(l.trim_end());
        out.push('\n');
    };
    line(header);
    for row in &cells {
        line([&row[0], &row[1], &row[2], &row[3], &row[4]]);
    }
    out
}

/// An answers file with every default filled in, commented with each question's label,
/// type and description (JSON has no comments: just the values).
fn answers_file(questions: &[Question], path: &Path) -> String {
    let default = |q: &Question| q.default.clone().unwrap_or_default();
    match answers::Format::of(path) {
        answers::Format::Json => {
            let map: indexmap::IndexMap<&str, String> =
                questions.iter().map(|q| (q.variable.as_str(), default(q))).collect();
            serde_json::to_string_pretty(&map).unwrap_or_default() + "\n"
        }
        answers::Format::Yaml => {
            let mut out = String::from("# Answers to the catalog questions; pass with --answers FILE.\n");
            for q in questions {
                out.push('\n');
                out.push_str(&comment(q));
                let entry = serde_yaml::Mapping::from_iter([(
                    serde_yaml::Value::String(q.variable.clone()),
                    serde_yaml::Value::String(default(q)),
                )]);
                out.push_str(&serde_yaml::to_string(&entry).unwrap_or_default());
            }
            out
        }
        answers::Format::Text => {
            let mut out = String::from("# Answers to the catalog questions; pass with --answers FILE.\n");
            for q in questions {
                out.push('\n');
                out.push_str(&comment(q));
                let _ = writeln!(out, "{}={}", q.variable, answers::quote_text_value(&default(q)));
            }
            out
        }
    }
}

fn comment(q: &Question) -> String {
    let mut out = String::new();
    let label = q.label.as_deref().unwrap_or(&q.variable);
    let _ = write!(out, "# {label} ({}{})", validate::kind_of(q), if q.required { ", required" } else { "" });
    if !q.options.is_empty() {
        let _ = write!(out, "; one of: {}", q.options.join(", "));
    }
    if q.min.is_some() || q.max.is_some() {
        let bound = |b: Option<i64>| b.map(|m| m.to_string()).unwrap_or_default();
        let _ = write!(out, "; range {}..{}", bound(q.min), bound(q.max));
    }
    out.push('\n');
    for line in q.description.as_deref().unwrap_or("").trim().lines() {
        let _ = writeln!(out, "#   {line}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn questions() -> Vec<Question> {
        let q = |v: &str, kind: &str, default: Option<&str>| Question {
            variable: v.into(),
            label: Some(format!("The {v}")),
            description: Some("line one\nline two\n".into()),
            kind: Some(kind.into()),
            default: default.map(Into::into),
            ..Question::default()
        };
        vec![
            q("PORT", "int", Some("8080")),
            q("PLUGINS", "multiline", Some("credentials\ngit\n")),
            q("QUOTE", "string", Some("it's \"x\" $HOME #1")),
            q("EMPTY", "string", None),
            q("FLAG", "boolean", Some("true")),
        ]
    }

    #[test]
    fn written_answers_read_back_to_the_defaults() {
        let qs = questions();
        for name in ["answers.txt", "answers.yml", "answers.json"] {
            let path = Path::new(name);
            let text = answers_file(&qs, path);
            let back = answers::parse(&text, answers::Format::of(path), path)
                .unwrap_or_else(|e| panic!("{name}: {e}\n{text}"));
            let want: Vec<(String, String)> =
                qs.iter().map(|q| (q.variable.clone(), q.default.clone().unwrap_or_default())).collect();
            assert_eq!(back.into_iter().collect::<Vec<_>>(), want, "{name}:\n{text}");
        }
    }
}
