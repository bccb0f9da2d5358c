//! Lexing of a catalog template: the text between actions and each action's tokens, with the
//! `{{-`/`-}}` trim markers applied and comments dropped. An action that is one unknown bare
//! word (a placeholder for another program) stays text.

use super::TemplateError;
use crate::limits::MAX_TEMPLATE_DEPTH;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    Dot,
    /// `.Name`; `true` when attached to what precedes it (`$x.Name`, `.A.Name`, `(...).Name`).
    Field(String, bool),
    Var(String),
    Ident(String),
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Nil,
    Open,
    Close,
    Pipe,
    Declare,
    Assign,
    Comma,
}

#[derive(Debug)]
pub(super) enum Item {
    Text(String),
    Action { line: usize, toks: Vec<Tok> },
}

pub(super) fn lex(src: &str) -> Result<Vec<Item>, TemplateError> {
    let mut items = Vec::new();
    let mut rest = src;
    let mut line = 1;
    let mut trim_next = false;
    while !rest.is_empty() {
        let Some(start) = rest.find("{{") else {
            let text = if trim_next { rest.trim_start() } else { rest };
            items.push(Item::Text(text.to_owned()));
            break;
        };
        let mut text = &rest[..start];
        if trim_next {
            text = text.trim_start();
        }
        line += rest[..start].matches('\n').count();
        let action = &rest[start..];
        let mut body = &rest[start + 2..];
        if body.starts_with('-') && body[1..].starts_with(|c: char| c.is_ascii_whitespace()) {
            text = text.trim_end();
            body = &body[1..];
        }
        items.push(Item::Text(text.to_owned()));
        let action_line = line;
        let (toks, consumed, trim) = lex_action(body, action_line)?;
        line += body[..consumed].matches('\n').count();
        trim_next = trim;
        rest = &body[consumed..];
        match toks {
            Some(toks) if is_placeholder(&toks) => {
                items.push(Item::Text(action[..action.len() - rest.len()].to_owned()));
            }
            Some(toks) => items.push(Item::Action { line: action_line, toks }),
            None => {}
        }
    }
    Ok(items)
}

/// Words with a meaning in actions: the functions [`call`](super::functions::call) knows, `and`/`or`, and keywords.
const KNOWN_WORDS: [&str; 49] = [
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "not",
    "len",
    "index",
    "print",
    "println",
    "printf",
    "contains",
    "hasPrefix",
    "hasSuffix",
    "lower",
    "upper",
    "trim",
    "trimPrefix",
    "trimSuffix",
    "replace",
    "quote",
    "squote",
    "toString",
    "default",
    "empty",
    "atoi",
    "int",
    "until",
    "add",
    "sub",
    "list",
    "splitList",
    "join",
    "splitPreserveQuotes",
    "and",
    "or",
    "if",
    "else",
    "end",
    "range",
    "with",
    "define",
    "template",
    "block",
    "break",
    "continue",
    "nil",
    "call",
];

/// An action that is one unknown bare word, such as `%{{service_name}}` in the DNS catalog
/// templates' questions: a placeholder for another program, kept as text. (Go, and so the
/// Rancher server, fails on it: `function "service_name" not defined`.)
fn is_placeholder(toks: &[Tok]) -> bool {
    matches!(toks, [Tok::Ident(word)] if !KNOWN_WORDS.contains(&word.as_str()))
}

/// Lexes one action body (after `{{` and an optional `-`). Returns its tokens (`None` for a
/// comment), how many bytes were consumed through the closing `}}`, and whether it ended `-}}`.
#[allow(clippy::too_many_lines)]
fn lex_action(body: &str, line: usize) -> Result<(Option<Vec<Tok>>, usize, bool), TemplateError> {
    let err = |message: String| TemplateError { line, message };
    let close = |at: usize| -> Option<(usize, bool)> {
        let s = &body[at..];
        if s.starts_with("}}") {
            return Some((at + 2, false));
        }
        if s.starts_with("-}}") && body[..at].ends_with(|c: char| c.is_ascii_whitespace()) {
            return Some((at + 3, true));
        }
        None
    };
    let lead = body.len() - body.trim_start().len();
    if body[lead..].starts_with("/*") {
        let end = body[lead..].find("*/").ok_or_else(|| err("unclosed comment".to_owned()))? + lead + 2;
        let after = end + (body.len() - end - body[end..].trim_start().len());
        return match close(after) {
            Some((n, trim)) => Ok((None, n, trim)),
            None => Err(err("comment ends without `}}`".to_owned())),
        };
    }
    let mut toks = Vec::new();
    let bytes = body.as_bytes();
    let mut i = 0;
    let mut parens = 0usize;
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= bytes.len() {
            return Err(err("unclosed action (no `}}`)".to_owned()));
        }
        if let Some((n, trim)) = close(i) {
            return Ok((Some(toks), n, trim));
        }
        let c = bytes[i];
        let word_end = |from: usize| {
            body[from..].find(|c: char| !(c.is_alphanumeric() || c == '_')).map_or(body.len(), |n| n + from)
        };
        match c {
            b'(' => {
                parens += 1;
                if parens > MAX_TEMPLATE_DEPTH {
                    return Err(err(format!(
                        "parentheses nest deeper than {MAX_TEMPLATE_DEPTH} levels (limit hit: template nesting depth)"
                    )));
                }
                toks.push(Tok::Open);
                i += 1;
            }
            b')' => {
                parens = parens.saturating_sub(1);
                toks.push(Tok::Close);
                i += 1;
            }
            b'|' => {
                toks.push(Tok::Pipe);
                i += 1;
            }
            b',' => {
                toks.push(Tok::Comma);
                i += 1;
            }
            b':' if bytes.get(i + 1) == Some(&b'=') => {
                toks.push(Tok::Declare);
                i += 2;
            }
            b'=' => {
                toks.push(Tok::Assign);
                i += 1;
            }
            b'.' => {
                let end = word_end(i + 1);
                let attached = i > 0 && !bytes[i - 1].is_ascii_whitespace() && bytes[i - 1] != b'(';
                if end == i + 1 {
                    toks.push(Tok::Dot);
                } else {
                    toks.push(Tok::Field(body[i + 1..end].to_owned(), attached));
                }
                i = end;
            }
            b'$' => {
                let end = word_end(i + 1);
                toks.push(Tok::Var(body[i..end].to_owned()));
                i = end;
            }
            b'"' => {
                let (s, n) =
                    lex_string(&body[i + 1..]).ok_or_else(|| err("unterminated string".to_owned()))?;
                toks.push(Tok::Str(s));
                i += n + 1;
            }
            b'`' => {
                let n = body[i + 1..].find('`').ok_or_else(|| err("unterminated raw string".to_owned()))?;
                toks.push(Tok::Str(body[i + 1..i + 1 + n].to_owned()));
                i += n + 2;
            }
            b'\'' => {
                let n = body[i + 1..].find('\'').ok_or_else(|| err("unterminated character".to_owned()))?;
                let ch = body[i + 1..i + 1 + n].chars().next().map_or(0, |c| i64::from(u32::from(c)));
                toks.push(Tok::Int(ch));
                i += n + 2;
            }
            b'-' | b'+' | b'0'..=b'9' => {
                let end = body[i + 1..]
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_'))
                    .map_or(body.len(), |n| n + i + 1);
                let text = &body[i..end];
                if let Ok(n) = text.parse::<i64>() {
                    toks.push(Tok::Int(n));
                } else if let Ok(f) = text.parse::<f64>() {
                    toks.push(Tok::Float(f));
                } else {
                    return Err(err(format!("bad number syntax: `{text}`")));
                }
                i = end;
            }
            _ if (c as char).is_alphabetic() || c == b'_' || c >= 0x80 => {
                let end = word_end(i);
                if end == i {
                    return Err(err(format!("unexpected character in action: `{}`", &body[i..=i])));
                }
                let word = &body[i..end];
                toks.push(match word {
                    "true" => Tok::Bool(true),
                    "false" => Tok::Bool(false),
                    "nil" => Tok::Nil,
                    _ => Tok::Ident(word.to_owned()),
                });
                i = end;
            }
            _ => {
                let ch = body[i..].chars().next().unwrap_or('?');
                return Err(err(format!("unexpected `{ch}` in action")));
            }
        }
    }
}

/// A Go double-quoted string starting after the opening quote: (value, bytes through the quote).
fn lex_string(s: &str) -> Option<(String, usize)> {
    let mut out = String::new();
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, i + 1)),
            '\n' => return None,
            '\\' => match chars.next()?.1 {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                other => out.push(other),
            },
            _ => out.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::functions::call;
    use super::super::testing::r;
    use super::super::value::Budget;
    use super::KNOWN_WORDS;

    #[test]
    fn an_unknown_bare_word_is_a_placeholder_kept_as_text() {
        let t = "NAME: \"%{{service_name}}.%{{ stack_name }}\"\nX: {{ .Values.X }}{{if true}}!{{end}}\n";
        assert_eq!(r(t, &[("X", "1")]), "NAME: \"%{{service_name}}.%{{ stack_name }}\"\nX: 1!\n");
        for word in KNOWN_WORDS.iter().filter(|w| !["and", "or", "nil"].contains(w)) {
            let known = call(word, Vec::new(), &mut Budget::default());
            let keyword = [
                "if", "else", "end", "range", "with", "define", "template", "block", "break", "continue",
                "call",
            ]
            .contains(word);
            assert!(keyword || !matches!(&known, Err(m) if m.ends_with("not defined")), "{word}: {known:?}");
        }
    }
}
