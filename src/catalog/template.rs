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

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::limits::{MAX_TEMPLATE_DEPTH, MAX_TEMPLATE_OUTPUT, MAX_TEMPLATE_STEPS, mib};

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
    let items = lex(text)?;
    let mut parser = Parser { items, pos: 0, depth: 0 };
    let (nodes, end) = parser.block()?;
    if let Some((word, line)) = end {
        return Err(TemplateError { line, message: format!("unexpected `{{{{{word}}}}}`") });
    }
    let mut out = String::with_capacity(text.len());
    let mut exec =
        Exec { root: data_value(data), vars: vec![("$".to_owned(), Val::Nil)], budget: Budget::default() };
    exec.vars[0].1 = exec.root.clone();
    let dot = exec.root.clone();
    exec.nodes(&nodes, &dot, &mut out)?;
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

// ---------------------------------------------------------------------------------------------
// Lexing: text and actions, with trim markers applied.

#[derive(Debug, Clone, PartialEq)]
enum Tok {
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
enum Item {
    Text(String),
    Action { line: usize, toks: Vec<Tok> },
}

fn lex(src: &str) -> Result<Vec<Item>, TemplateError> {
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

/// Words with a meaning in actions: the functions [`call`] knows, `and`/`or`, and keywords.
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

// ---------------------------------------------------------------------------------------------
// Parsing into a tree.

#[derive(Debug, Clone)]
enum Arg {
    Dot,
    Field(Box<Arg>, Vec<String>),
    Var(String),
    Lit(Val),
    Func(String),
    Sub(Pipeline),
}

#[derive(Debug, Clone)]
struct Pipeline {
    line: usize,
    decl: Vec<String>,
    assign: bool,
    cmds: Vec<Vec<Arg>>,
}

#[derive(Debug)]
enum Node {
    Text(String),
    Print(Pipeline),
    If { branches: Vec<(Pipeline, Vec<Node>)>, otherwise: Vec<Node> },
    Range { pipe: Pipeline, body: Vec<Node>, otherwise: Vec<Node> },
    With { pipe: Pipeline, body: Vec<Node>, otherwise: Vec<Node> },
}

struct Parser {
    items: Vec<Item>,
    pos: usize,
    /// Blocks (`if`, `range`, `with`) open around the current position.
    depth: usize,
}

/// How a block ended: `end` or `else` (with the tokens after `else`) and the line.
type BlockEnd = Option<(String, usize)>;

impl Parser {
    /// Parses nodes until `{{end}}`/`{{else ...}}` (returned) or the end of input (`None`).
    fn block(&mut self) -> Result<(Vec<Node>, BlockEnd), TemplateError> {
        if self.depth > MAX_TEMPLATE_DEPTH {
            let line = match self.items.get(self.pos.saturating_sub(1)) {
                Some(Item::Action { line, .. }) => *line,
                _ => 1,
            };
            return Err(TemplateError {
                line,
                message: format!(
                    "blocks nest deeper than {MAX_TEMPLATE_DEPTH} levels (limit hit: template nesting depth)"
                ),
            });
        }
        self.depth += 1;
        let result = self.block_items();
        self.depth -= 1;
        result
    }

    fn block_items(&mut self) -> Result<(Vec<Node>, BlockEnd), TemplateError> {
        let mut nodes = Vec::new();
        while self.pos < self.items.len() {
            let idx = self.pos;
            self.pos += 1;
            let (line, toks) = match &self.items[idx] {
                Item::Text(t) => {
                    if !t.is_empty() {
                        nodes.push(Node::Text(t.clone()));
                    }
                    continue;
                }
                Item::Action { line, toks } => (*line, toks.clone()),
            };
            let err = |message: String| TemplateError { line, message };
            match toks.first() {
                None => return Err(err("missing value for command".to_owned())),
                Some(Tok::Ident(w)) if w == "end" => return Ok((nodes, Some(("end".to_owned(), line)))),
                Some(Tok::Ident(w)) if w == "else" => {
                    // Keep the rest for an `else if` chain.
                    self.items[idx] = Item::Action { line, toks: toks[1..].to_vec() };
                    return Ok((nodes, Some(("else".to_owned(), line))));
                }
                Some(Tok::Ident(w)) if w == "if" => nodes.push(self.if_node(line, &toks[1..])?),
                Some(Tok::Ident(w)) if w == "range" || w == "with" => {
                    let pipe = pipeline(&toks[1..], line)?;
                    let (body, end) = self.block()?;
                    let otherwise = self.else_part(end, line, w)?;
                    nodes.push(if w == "range" {
                        Node::Range { pipe, body, otherwise }
                    } else {
                        Node::With { pipe, body, otherwise }
                    });
                }
                Some(Tok::Ident(w))
                    if ["define", "template", "block", "break", "continue"].contains(&w.as_str()) =>
                {
                    return Err(err(format!("`{w}` is not supported in catalog templates")));
                }
                _ => nodes.push(Node::Print(pipeline(&toks, line)?)),
            }
        }
        Ok((nodes, None))
    }

    fn if_node(&mut self, line: usize, cond: &[Tok]) -> Result<Node, TemplateError> {
        let mut branches = Vec::new();
        let mut cond = pipeline(cond, line)?;
        loop {
            let (body, end) = self.block()?;
            branches.push((cond, body));
            match end {
                Some((w, else_line)) if w == "else" => {
                    let rest = match &self.items[self.pos - 1] {
                        Item::Action { toks, .. } => toks.clone(),
                        Item::Text(_) => Vec::new(),
                    };
                    if matches!(rest.first(), Some(Tok::Ident(w)) if w == "if") {
                        cond = pipeline(&rest[1..], else_line)?;
                        continue;
                    }
                    if !rest.is_empty() {
                        return Err(TemplateError {
                            line: else_line,
                            message: "unexpected words after `else`".into(),
                        });
                    }
                    let (otherwise, end) = self.block()?;
                    expect_end(end, line, "if")?;
                    return Ok(Node::If { branches, otherwise });
                }
                end => {
                    expect_end(end, line, "if")?;
                    return Ok(Node::If { branches, otherwise: Vec::new() });
                }
            }
        }
    }

    fn else_part(&mut self, end: BlockEnd, line: usize, what: &str) -> Result<Vec<Node>, TemplateError> {
        match end {
            Some((w, _)) if w == "else" => {
                let (otherwise, end) = self.block()?;
                expect_end(end, line, what)?;
                Ok(otherwise)
            }
            end => {
                expect_end(end, line, what)?;
                Ok(Vec::new())
            }
        }
    }
}

fn expect_end(end: BlockEnd, line: usize, what: &str) -> Result<(), TemplateError> {
    match end {
        Some((w, _)) if w == "end" => Ok(()),
        Some((w, l)) => Err(TemplateError { line: l, message: format!("unexpected `{w}` in `{what}`") }),
        None => Err(TemplateError { line, message: format!("`{what}` has no matching `{{{{end}}}}`") }),
    }
}

fn pipeline(toks: &[Tok], line: usize) -> Result<Pipeline, TemplateError> {
    let err = |message: &str| TemplateError { line, message: message.to_owned() };
    let mut decl = Vec::new();
    let mut assign = false;
    let mut rest = toks;
    // `$x :=`, `$x =`, `$i, $e :=`
    let decl_len = match toks {
        [Tok::Var(_), Tok::Declare | Tok::Assign, ..] => 2,
        [Tok::Var(_), Tok::Comma, Tok::Var(_), Tok::Declare | Tok::Assign, ..] => 4,
        _ => 0,
    };
    if decl_len > 0 {
        for t in &toks[..decl_len] {
            match t {
                Tok::Var(v) => decl.push(v.clone()),
                Tok::Assign => assign = true,
                _ => {}
            }
        }
        rest = &toks[decl_len..];
    }
    let mut cmds = Vec::new();
    let mut pos = 0;
    loop {
        let (cmd, next) = command(rest, pos, line)?;
        if cmd.is_empty() {
            return Err(err("missing value for command"));
        }
        cmds.push(cmd);
        match rest.get(next) {
            None => break,
            Some(Tok::Pipe) => pos = next + 1,
            Some(Tok::Close) => return Err(err("unexpected `)`")),
            Some(_) => return Err(err("unexpected token in pipeline")),
        }
    }
    Ok(Pipeline { line, decl, assign, cmds })
}

/// One command: operands up to `|`, `)` or the end. Returns the operands and the next index.
fn command(toks: &[Tok], mut i: usize, line: usize) -> Result<(Vec<Arg>, usize), TemplateError> {
    let err = |message: String| TemplateError { line, message };
    let mut args = Vec::new();
    while let Some(t) = toks.get(i) {
        let arg = match t {
            Tok::Pipe | Tok::Close => break,
            Tok::Dot => Arg::Dot,
            Tok::Field(f, _) => Arg::Field(Box::new(Arg::Dot), vec![f.clone()]),
            Tok::Var(v) => Arg::Var(v.clone()),
            Tok::Ident(f) => Arg::Func(f.clone()),
            Tok::Str(s) => Arg::Lit(Val::Str(s.clone())),
            Tok::Int(n) => Arg::Lit(Val::Int(*n)),
            Tok::Float(f) => Arg::Lit(Val::Float(*f)),
            Tok::Bool(b) => Arg::Lit(Val::Bool(*b)),
            Tok::Nil => Arg::Lit(Val::Nil),
            Tok::Open => {
                let close = matching_close(toks, i).ok_or_else(|| err("unclosed `(`".to_owned()))?;
                let inner = pipeline(&toks[i + 1..close], line)?;
                i = close;
                Arg::Sub(inner)
            }
            Tok::Declare | Tok::Assign | Tok::Comma => {
                return Err(err("unexpected `:=`, `=` or `,`".to_owned()));
            }
        };
        i += 1;
        // Field chains on a value: `$x.A.B`, `(pipeline).A`, `.A.B` (lexed as separate fields).
        let mut arg = arg;
        while let Some(Tok::Field(f, true)) = toks.get(i) {
            arg = match arg {
                Arg::Field(base, mut path) => {
                    path.push(f.clone());
                    Arg::Field(base, path)
                }
                Arg::Func(_) | Arg::Lit(_) => return Err(err(format!("unexpected `.{f}`"))),
                other => Arg::Field(Box::new(other), vec![f.clone()]),
            };
            i += 1;
        }
        args.push(arg);
    }
    Ok((args, i))
}

fn matching_close(toks: &[Tok], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, t) in toks.iter().enumerate().skip(open) {
        match t {
            Tok::Open => depth += 1,
            Tok::Close => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Values and execution.

#[derive(Debug, Clone, PartialEq)]
enum Val {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    List(Vec<Val>),
    Map(BTreeMap<String, Val>),
    Nil,
    /// A key absent from a map: prints `<no value>`, is false.
    Missing,
}

impl Val {
    fn truthy(&self) -> bool {
        match self {
            Self::Str(s) => !s.is_empty(),
            Self::Int(n) => *n != 0,
            Self::Float(f) => *f != 0.0,
            Self::Bool(b) => *b,
            Self::List(l) => !l.is_empty(),
            Self::Map(m) => !m.is_empty(),
            Self::Nil | Self::Missing => false,
        }
    }

    fn text(&self) -> String {
        match self {
            Self::Str(s) => s.clone(),
            Self::Int(n) => n.to_string(),
            Self::Float(f) => f.to_string(),
            Self::Bool(b) => b.to_string(),
            Self::List(l) => format!("[{}]", l.iter().map(Self::text).collect::<Vec<_>>().join(" ")),
            Self::Map(m) => {
                let parts: Vec<String> = m.iter().map(|(k, v)| format!("{k}:{}", v.text())).collect();
                format!("map[{}]", parts.join(" "))
            }
            Self::Nil => "<nil>".to_owned(),
            Self::Missing => "<no value>".to_owned(),
        }
    }

    /// About how many bytes the value's text takes, and at least one per element.
    fn weight(&self) -> usize {
        match self {
            Self::Str(s) => s.len(),
            Self::List(l) => l.iter().fold(l.len(), |n, v| n.saturating_add(v.weight())),
            Self::Map(m) => {
                m.iter().fold(m.len(), |n, (k, v)| n.saturating_add(k.len()).saturating_add(v.weight()))
            }
            _ => 8,
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Self::Str(_) => "string",
            Self::Int(_) => "int",
            Self::Float(_) => "float",
            Self::Bool(_) => "bool",
            Self::List(_) => "list",
            Self::Map(_) => "map",
            Self::Nil => "nil",
            Self::Missing => "missing value",
        }
    }
}

/// What a rendering may still spend: steps (range iterations, list elements, and one per 64
/// bytes of values copied or built), so that no template runs long or fills memory.
struct Budget {
    steps: usize,
}

impl Default for Budget {
    fn default() -> Self {
        Self { steps: MAX_TEMPLATE_STEPS }
    }
}

/// Bytes of value text that cost one step.
const BYTES_PER_STEP: usize = 64;

impl Budget {
    fn spend(&mut self, steps: usize) -> Result<(), String> {
        match self.steps.checked_sub(steps) {
            Some(left) => {
                self.steps = left;
                Ok(())
            }
            None => {
                self.steps = 0;
                Err(format!(
                    "the template takes more than {MAX_TEMPLATE_STEPS} steps (limit hit: template iterations)"
                ))
            }
        }
    }

    /// Pays for a value that was copied or built.
    fn pay_for(&mut self, value: &Val) -> Result<(), String> {
        let weight = value.weight();
        fits(weight)?;
        self.spend(1 + weight / BYTES_PER_STEP)
    }
}

/// Refuses text (or a value whose text would be) larger than the output limit.
fn fits(len: usize) -> Result<(), String> {
    if len > MAX_TEMPLATE_OUTPUT {
        return Err(format!(
            "the template produces more than {} (limit hit: template output size)",
            mib(MAX_TEMPLATE_OUTPUT as u64)
        ));
    }
    Ok(())
}

struct Exec {
    root: Val,
    vars: Vec<(String, Val)>,
    budget: Budget,
}

impl Exec {
    fn nodes(&mut self, nodes: &[Node], dot: &Val, out: &mut String) -> Result<(), TemplateError> {
        for node in nodes {
            match node {
                Node::Text(t) => push_output(out, t, 1)?,
                Node::Print(p) => {
                    let v = self.pipeline(p, dot)?;
                    if p.decl.is_empty() {
                        fits(v.weight()).map_err(|message| TemplateError { line: p.line, message })?;
                        push_output(out, &v.text(), p.line)?;
                    }
                }
                Node::If { branches, otherwise } => {
                    let mark = self.vars.len();
                    let mut chosen = None;
                    for (cond, body) in branches {
                        if self.pipeline(cond, dot)?.truthy() {
                            chosen = Some(body);
                            break;
                        }
                    }
                    self.nodes(chosen.unwrap_or(otherwise), dot, out)?;
                    self.vars.truncate(mark);
                }
                Node::With { pipe, body, otherwise } => {
                    let mark = self.vars.len();
                    let v = self.pipeline(pipe, dot)?;
                    if v.truthy() {
                        self.nodes(body, &v, out)?;
                    } else {
                        self.nodes(otherwise, dot, out)?;
                    }
                    self.vars.truncate(mark);
                }
                Node::Range { pipe, body, otherwise } => self.range(pipe, body, otherwise, dot, out)?,
            }
        }
        Ok(())
    }

    fn range(
        &mut self,
        pipe: &Pipeline,
        body: &[Node],
        otherwise: &[Node],
        dot: &Val,
        out: &mut String,
    ) -> Result<(), TemplateError> {
        let err = |message: String| TemplateError { line: pipe.line, message };
        let mark = self.vars.len();
        let plain = Pipeline { decl: Vec::new(), ..pipe.clone() };
        let items: Vec<(Val, Val)> = match self.pipeline(&plain, dot)? {
            Val::List(l) => l.into_iter().enumerate().map(|(i, v)| (Val::Int(i as i64), v)).collect(),
            Val::Map(m) => m.into_iter().map(|(k, v)| (Val::Str(k), v)).collect(),
            Val::Int(n) => {
                self.budget.spend(usize::try_from(n).unwrap_or(0)).map_err(err)?;
                (0..n).map(|i| (Val::Int(i), Val::Int(i))).collect()
            }
            Val::Nil | Val::Missing => Vec::new(),
            other => {
                return Err(err(format!("range can't iterate over {} `{}`", other.kind(), other.text())));
            }
        };
        if items.is_empty() {
            self.nodes(otherwise, dot, out)?;
        }
        for (key, value) in items {
            self.budget.spend(1).map_err(err)?;
            match pipe.decl.as_slice() {
                [e] => self.vars.push((e.clone(), value.clone())),
                [k, e] => {
                    self.vars.push((k.clone(), key));
                    self.vars.push((e.clone(), value.clone()));
                }
                _ => {}
            }
            self.nodes(body, &value, out)?;
            self.vars.truncate(mark);
        }
        Ok(())
    }

    fn pipeline(&mut self, p: &Pipeline, dot: &Val) -> Result<Val, TemplateError> {
        let mut piped: Option<Val> = None;
        for cmd in &p.cmds {
            piped = Some(self.command(cmd, dot, piped, p.line)?);
        }
        let v = piped.unwrap_or(Val::Nil);
        for name in &p.decl {
            if p.assign {
                let slot = self.vars.iter_mut().rev().find(|(n, _)| n == name).ok_or_else(|| {
                    TemplateError { line: p.line, message: format!("undefined variable `{name}`") }
                })?;
                slot.1 = v.clone();
            } else {
                self.vars.push((name.clone(), v.clone()));
            }
        }
        Ok(v)
    }

    fn command(
        &mut self,
        cmd: &[Arg],
        dot: &Val,
        piped: Option<Val>,
        line: usize,
    ) -> Result<Val, TemplateError> {
        let err = |message: String| TemplateError { line, message };
        let Some(first) = cmd.first() else { return Err(err("empty command".to_owned())) };
        if let Arg::Func(name) = first {
            let mut args = Vec::with_capacity(cmd.len());
            // `and`/`or` short-circuit on their (already parsed) operands.
            if name == "and" || name == "or" {
                let mut last = Val::Bool(name == "and");
                let operands = cmd[1..].iter().map(Some).chain(piped.iter().map(|_| None));
                let mut piped = piped.clone();
                for a in operands {
                    last = match a {
                        Some(a) => self.arg(a, dot, line)?,
                        None => piped.take().unwrap_or(Val::Nil),
                    };
                    if last.truthy() != (name == "and") {
                        return Ok(last);
                    }
                }
                if cmd.len() == 1 {
                    return Err(err(format!("wrong number of args for {name}: want at least 1 got 0")));
                }
                return Ok(last);
            }
            for a in &cmd[1..] {
                args.push(self.arg(a, dot, line)?);
            }
            args.extend(piped);
            let result = call(name, args, &mut self.budget).map_err(err)?;
            self.budget.pay_for(&result).map_err(err)?;
            return Ok(result);
        }
        if cmd.len() > 1 || piped.is_some() {
            return Err(err(format!(
                "can't give argument to non-function {}",
                match first {
                    Arg::Sub(_) => "(...)".to_owned(),
                    other => self.arg(other, dot, line).map(|v| v.text()).unwrap_or_default(),
                }
            )));
        }
        self.arg(first, dot, line)
    }

    /// The value of an operand; every copy of a value is paid for.
    fn arg(&mut self, arg: &Arg, dot: &Val, line: usize) -> Result<Val, TemplateError> {
        let err = |message: String| TemplateError { line, message };
        let value = match arg {
            Arg::Sub(p) => return self.pipeline(p, dot),
            Arg::Func(name) => {
                let result = call(name, Vec::new(), &mut self.budget).map_err(err)?;
                self.budget.pay_for(&result).map_err(err)?;
                return Ok(result);
            }
            Arg::Dot => dot.clone(),
            Arg::Lit(v) => v.clone(),
            Arg::Var(name) => {
                self.var(name).cloned().ok_or_else(|| err(format!("undefined variable `{name}`")))?
            }
            Arg::Field(base, path) => {
                // Fields of `.` and of variables are looked up in place: only the result is copied.
                let owned;
                let base = match &**base {
                    Arg::Dot => dot,
                    Arg::Var(name) => {
                        self.var(name).ok_or_else(|| err(format!("undefined variable `{name}`")))?
                    }
                    other => {
                        owned = self.arg(other, dot, line)?;
                        &owned
                    }
                };
                field(base, path).map_err(err)?
            }
        };
        self.budget.pay_for(&value).map_err(err)?;
        Ok(value)
    }

    fn var(&self, name: &str) -> Option<&Val> {
        self.vars.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

/// `value.A.B`: a missing key is `Missing`; a field of nothing is an error, as in Go.
fn field(value: &Val, path: &[String]) -> Result<Val, String> {
    static MISSING: Val = Val::Missing;
    let mut v = value;
    for f in path {
        v = match v {
            Val::Map(m) => m.get(f).unwrap_or(&MISSING),
            Val::Missing | Val::Nil => {
                return Err(format!("nil pointer evaluating `.{f}` (the value before it is not set)"));
            }
            other => return Err(format!("can't evaluate field {f} in type {}", other.kind())),
        };
    }
    Ok(v.clone())
}

/// Appends to the output, within the output limit.
fn push_output(out: &mut String, text: &str, line: usize) -> Result<(), TemplateError> {
    fits(out.len() + text.len()).map_err(|message| TemplateError { line, message })?;
    out.push_str(text);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Functions: Go built-ins and the Sprig helpers catalogs use.

/// Calls a function. Those that build lists or long text check what they would build against
/// `budget` and the output limit first.
fn call(name: &str, args: Vec<Val>, budget: &mut Budget) -> Result<Val, String> {
    let want = |n: usize| -> Result<(), String> {
        if args.len() == n {
            Ok(())
        } else {
            Err(format!("wrong number of args for {name}: want {n} got {}", args.len()))
        }
    };
    let s = |i: usize| args.get(i).map(Val::text).unwrap_or_default();
    Ok(match name {
        "eq" => {
            let Some((first, rest)) = args.split_first() else {
                return Err("missing arguments for eq".into());
            };
            if rest.is_empty() {
                return Err("missing arguments for eq".into());
            }
            let mut any = false;
            for other in rest {
                any |= compare(first, other)? == Some(std::cmp::Ordering::Equal);
            }
            Val::Bool(any)
        }
        "ne" => {
            want(2)?;
            Val::Bool(compare(&args[0], &args[1])? != Some(std::cmp::Ordering::Equal))
        }
        "lt" | "le" | "gt" | "ge" => {
            want(2)?;
            use std::cmp::Ordering::{Greater, Less};
            let ord = compare(&args[0], &args[1])?.ok_or_else(|| {
                format!("invalid type for comparison: {} and {}", args[0].kind(), args[1].kind())
            })?;
            Val::Bool(match name {
                "lt" => ord == Less,
                "le" => ord != Greater,
                "gt" => ord == Greater,
                _ => ord != Less,
            })
        }
        "not" => {
            want(1)?;
            Val::Bool(!args[0].truthy())
        }
        "len" => {
            want(1)?;
            Val::Int(match &args[0] {
                Val::Str(s) => s.len(),
                Val::List(l) => l.len(),
                Val::Map(m) => m.len(),
                other => return Err(format!("len of {}", other.kind())),
            } as i64)
        }
        "index" => {
            let mut it = args.into_iter();
            let mut v = it.next().ok_or("index of nothing")?;
            for key in it {
                v = match (v, key) {
                    (Val::List(l), Val::Int(i)) => usize::try_from(i)
                        .ok()
                        .and_then(|i| l.into_iter().nth(i))
                        .ok_or_else(|| format!("index {i} out of range"))?,
                    (Val::Map(mut m), k) => m.remove(&k.text()).unwrap_or(Val::Missing),
                    (v, k) => return Err(format!("can't index {} with {}", v.kind(), k.kind())),
                };
            }
            v
        }
        "print" => Val::Str(go_print(&args)),
        "println" => Val::Str(args.iter().map(Val::text).collect::<Vec<_>>().join(" ") + "\n"),
        "printf" => {
            let Some((fmt, rest)) = args.split_first() else { return Err("printf needs a format".into()) };
            Val::Str(printf(&fmt.text(), rest)?)
        }
        // Sprig.
        "contains" => {
            want(2)?;
            Val::Bool(s(1).contains(&s(0)))
        }
        "hasPrefix" => {
            want(2)?;
            Val::Bool(s(1).starts_with(&s(0)))
        }
        "hasSuffix" => {
            want(2)?;
            Val::Bool(s(1).ends_with(&s(0)))
        }
        "lower" => Val::Str(s(0).to_lowercase()),
        "upper" => Val::Str(s(0).to_uppercase()),
        "trim" => Val::Str(s(0).trim().to_owned()),
        "trimPrefix" => Val::Str(s(1).strip_prefix(&s(0)).map_or_else(|| s(1), str::to_owned)),
        "trimSuffix" => Val::Str(s(1).strip_suffix(&s(0)).map_or_else(|| s(1), str::to_owned)),
        "replace" => {
            want(3)?;
            let (from, to, text) = (s(0), s(1), s(2));
            let count = if from.is_empty() { text.chars().count() + 1 } else { text.matches(&from).count() };
            fits(text.len().saturating_add(count.saturating_mul(to.len())))?;
            Val::Str(text.replace(&from, &to))
        }
        "quote" => Val::Str(args.iter().map(|a| format!("{:?}", a.text())).collect::<Vec<_>>().join(" ")),
        "squote" => Val::Str(args.iter().map(|a| format!("'{}'", a.text())).collect::<Vec<_>>().join(" ")),
        "toString" => Val::Str(s(0)),
        "default" => {
            want(2)?;
            if args[1].truthy() { args[1].clone() } else { args[0].clone() }
        }
        "empty" => Val::Bool(!args.first().is_some_and(Val::truthy)),
        "atoi" | "int" => Val::Int(match args.first() {
            Some(Val::Int(n)) => *n,
            Some(Val::Float(f)) => *f as i64,
            Some(Val::Bool(b)) => i64::from(*b),
            _ => s(0).trim().parse().unwrap_or(0),
        }),
        "until" => {
            want(1)?;
            let n = match &args[0] {
                Val::Int(n) => *n,
                other => other
                    .text()
                    .parse()
                    .map_err(|_| format!("until needs a number, not `{}`", other.text()))?,
            };
            budget.spend(usize::try_from(n.unsigned_abs()).unwrap_or(usize::MAX))?;
            let list: Vec<Val> = if n >= 0 {
                (0..n).map(Val::Int).collect()
            } else {
                (n + 1..=0).rev().map(Val::Int).collect()
            };
            Val::List(list)
        }
        "add" => Val::Int(args.iter().map(int_of).sum()),
        "sub" => {
            want(2)?;
            Val::Int(int_of(&args[0]) - int_of(&args[1]))
        }
        "list" => Val::List(args),
        "splitList" => {
            want(2)?;
            let (sep, text) = (s(0), s(1));
            budget.spend(if sep.is_empty() {
                text.chars().count() + 2
            } else {
                text.matches(&sep).count() + 1
            })?;
            Val::List(text.split(&sep).map(|p| Val::Str(p.to_owned())).collect())
        }
        "join" => {
            want(2)?;
            let sep = s(0);
            let items = match &args[1] {
                Val::List(l) => l.iter().collect::<Vec<_>>(),
                other => vec![other],
            };
            fits(args[1].weight().saturating_add(items.len().saturating_mul(sep.len())))?;
            Val::Str(items.iter().map(|v| v.text()).collect::<Vec<_>>().join(&sep))
        }
        "splitPreserveQuotes" => {
            want(1)?;
            let text = s(0);
            budget.spend(text.split_whitespace().count())?;
            Val::List(split_preserve_quotes(&text).into_iter().map(Val::Str).collect())
        }
        _ => return Err(format!("function \"{name}\" not defined")),
    })
}

fn int_of(v: &Val) -> i64 {
    match v {
        Val::Int(n) => *n,
        Val::Float(f) => *f as i64,
        other => other.text().trim().parse().unwrap_or(0),
    }
}

/// Go template comparison: numbers with numbers, strings with strings, bools with bools. A
/// missing value equals nothing (current Go); other mixes are an error, as in Go.
fn compare(a: &Val, b: &Val) -> Result<Option<std::cmp::Ordering>, String> {
    Ok(match (a, b) {
        (Val::Str(x), Val::Str(y)) => Some(x.cmp(y)),
        (Val::Int(x), Val::Int(y)) => Some(x.cmp(y)),
        (Val::Int(_) | Val::Float(_), Val::Int(_) | Val::Float(_)) => {
            let f = |v: &Val| {
                if let Val::Int(n) = v {
                    *n as f64
                } else if let Val::Float(f) = v {
                    *f
                } else {
                    0.0
                }
            };
            f(a).partial_cmp(&f(b))
        }
        (Val::Bool(x), Val::Bool(y)) => (x == y).then_some(std::cmp::Ordering::Equal),
        (Val::Missing | Val::Nil, _) | (_, Val::Missing | Val::Nil) => (matches!(a, Val::Missing | Val::Nil)
            && matches!(b, Val::Missing | Val::Nil))
        .then_some(std::cmp::Ordering::Equal),
        _ => return Err(format!("incompatible types for comparison: {} and {}", a.kind(), b.kind())),
    })
}

/// Go's `fmt.Sprint`: spaces only between operands when neither is a string.
fn go_print(args: &[Val]) -> String {
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 && !matches!(a, Val::Str(_)) && !matches!(args[i - 1], Val::Str(_)) {
            out.push(' ');
        }
        out.push_str(&a.text());
    }
    out
}

/// A subset of Go's `fmt.Sprintf`: `%s %d %v %q %t %f %x %%` with width, precision and `-`,
/// within the output limit.
fn printf(fmt: &str, args: &[Val]) -> Result<String, String> {
    let mut out = String::new();
    let mut args = args.iter();
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        fits(out.len())?;
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut left = false;
        let mut zero = false;
        while let Some(&f) = chars.peek() {
            match f {
                '-' => left = true,
                '0' => zero = true,
                '+' | ' ' | '#' => {}
                _ => break,
            }
            chars.next();
        }
        let mut width = String::new();
        while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
            width.push(d);
            chars.next();
        }
        let mut precision: Option<usize> = None;
        if chars.peek() == Some(&'.') {
            chars.next();
            let mut p = String::new();
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                p.push(d);
                chars.next();
            }
            let p: usize = if p.is_empty() { 0 } else { p.parse().unwrap_or(usize::MAX) };
            fits(p)?;
            precision = Some(p);
        }
        let Some(verb) = chars.next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        let Some(arg) = args.next() else {
            let _ = write!(out, "%!{verb}(MISSING)");
            continue;
        };
        fits(arg.weight())?;
        let body = match verb {
            's' | 'v' => {
                let t = arg.text();
                match precision {
                    Some(p) => t.chars().take(p).collect(),
                    None => t,
                }
            }
            'q' => format!("{:?}", arg.text()),
            'd' => int_of(arg).to_string(),
            'x' => format!("{:x}", int_of(arg)),
            't' => arg.truthy().to_string(),
            'f' => {
                let f = match arg {
                    Val::Float(f) => *f,
                    other => int_of(other) as f64,
                };
                format!("{:.*}", precision.unwrap_or(6), f)
            }
            other => format!("%!{other}({})", arg.text()),
        };
        let width: usize = if width.is_empty() { 0 } else { width.parse().unwrap_or(usize::MAX) };
        fits(width)?;
        let pad = width.saturating_sub(body.chars().count());
        if left {
            out.push_str(&body);
            out.extend(std::iter::repeat_n(' ', pad));
        } else {
            out.extend(std::iter::repeat_n(if zero { '0' } else { ' ' }, pad));
            out.push_str(&body);
        }
    }
    fits(out.len())?;
    Ok(out)
}

/// Rancher's `splitPreserveQuotes`: split on whitespace, except inside single or double
/// quotes, keeping the quote characters.
#[must_use]
pub fn split_preserve_quotes(s: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    for c in s.chars() {
        match quote {
            Some(q) if c == q => {
                quote = None;
                current.push(c);
            }
            Some(_) => current.push(c),
            None if c == '"' || c == '\'' => {
                quote = Some(c);
                current.push(c);
            }
            None if c.is_whitespace() => {
                if !current.is_empty() {
                    parts.push(std::mem::take(&mut current));
                }
            }
            None => current.push(c),
        }
    }
    if !current.is_empty() {
        parts.push(current);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(values: &[(&str, &str)]) -> Data {
        Data {
            values: values.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
            stack_name: "mystack".into(),
            version: "1.2".into(),
            environment_name: "Default".into(),
            ..Data::default()
        }
    }

    fn r(text: &str, values: &[(&str, &str)]) -> String {
        render(text, &data(values)).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn if_else_chains_with_trimming() {
        let t = "a:\n{{- if eq .Values.X \"1\" }}\n  one\n{{- else if (ne .Values.X \"2\") }}\n  other\n{{- else }}\n  two\n{{- end }}\nz";
        assert_eq!(r(t, &[("X", "1")]), "a:\n  one\nz");
        assert_eq!(r(t, &[("X", "2")]), "a:\n  two\nz");
        assert_eq!(r(t, &[("X", "3")]), "a:\n  other\nz");
        assert_eq!(r(t, &[]), "a:\n  other\nz");
        assert_eq!(r("a {{- \" b \" -}} c", &[]), "a b c");
    }

    #[test]
    fn boolean_combinators_and_truthiness() {
        let t = "{{ if (or (eq .Values.A \"x\") (and (eq .Values.B \"y\") (ne .Values.C \"z\"))) }}yes{{ else }}no{{ end }}";
        assert_eq!(r(t, &[("A", "x")]), "yes");
        assert_eq!(r(t, &[("B", "y"), ("C", "q")]), "yes");
        assert_eq!(r(t, &[("B", "y"), ("C", "z")]), "no");
        assert_eq!(
            r("{{ if .Values.A }}set{{ end }}{{ if not .Values.B }}unset{{ end }}", &[("A", "v"), ("B", "")]),
            "setunset"
        );
        assert_eq!(r("{{ eq .Values.A \"a\" \"b\" }}", &[("A", "b")]), "true");
    }

    #[test]
    fn values_variables_and_missing_keys() {
        let t = "{{- $img:=\"rancher/k8s:v1\" }}\nimage: {{$img}}\nname: {{ .Stack.Name }}/{{ .Release.Version }}/{{ .Environment.Name }}\nx: {{ .Values.NOPE }}";
        assert_eq!(r(t, &[]), "\nimage: rancher/k8s:v1\nname: mystack/1.2/Default\nx: <no value>");
        assert_eq!(r("{{ $x := 1 }}{{ $x = 2 }}{{ $x }}", &[]), "2");
    }

    #[test]
    fn range_split_preserve_quotes_atoi_until() {
        let t = "{{- range $i, $elem := splitPreserveQuotes .Values.F }}\n- {{ $elem }}{{ end }}";
        assert_eq!(r(t, &[("F", "--a=1 --b=\"x y\"  'c d'")]), "\n- --a=1\n- --b=\"x y\"\n- 'c d'");
        let t = "{{- range $idx, $e := atoi .Values.N | until }}d{{$idx}} {{ end }}";
        assert_eq!(r(t, &[("N", "3")]), "d0 d1 d2 ");
        assert_eq!(
            r("{{ range splitPreserveQuotes .Values.E }}x{{ else }}none{{ end }}", &[("E", " ")]),
            "none"
        );
    }

    #[test]
    fn printf_contains_and_friends() {
        assert_eq!(r("{{ printf \"%.1s\" .Values.D }}", &[("D", "rancher-nfs")]), "r");
        assert_eq!(r("{{ printf \"%s-%d|%5s|%-3s|\" \"a\" 7 \"b\" \"c\" }}", &[]), "a-7|    b|c  |");
        assert_eq!(r("{{ if contains \"nfs\" .Values.D }}y{{ end }}", &[("D", "rancher-nfs")]), "y");
        assert_eq!(r("{{ .Values.D | default \"dflt\" | upper }}", &[("D", "")]), "DFLT");
        assert_eq!(r("{{/* a comment */}}x{{- /* trimmed */ -}} y", &[]), "xy");
    }

    #[test]
    fn notemplating_and_plain_text_are_untouched() {
        let t = "# notemplating\nlabels:\n  a: \"%{{service_name}}\"\n";
        assert_eq!(r(t, &[]), t);
        assert_eq!(r("no braces", &[]), "no braces");
    }

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

    #[test]
    fn limits_stop_runaway_templates() {
        let limit = |t: &str, what: &str| match render(t, &data(&[])) {
            Ok(out) => panic!("{t}: rendered {} bytes", out.len()),
            Err(e) => assert!(e.message.contains(&format!("limit hit: {what}")), "{t}: {e}"),
        };
        limit("{{ range until 100000000 }}{{ end }}", "template iterations");
        limit("{{ range 100000000 }}{{ end }}", "template iterations");
        limit("{{ range until 2000 }}{{ range until 2000 }}{{ end }}{{ end }}", "template iterations");
        limit("{{ len (splitList \"\" (printf \"%5000000s\" \"x\")) }}", "template iterations");
        limit("{{ printf \"%999999999s\" \"x\" }}", "template output size");
        limit("{{ printf \"%.999999999f\" 1.5 }}", "template output size");
        limit(
            "{{ replace \"\" (printf \"%4000000s\" \"\") (printf \"%4000000s\" \"\") }}",
            "template output size",
        );
        // Doubling a value: the bytes built are paid for and no value outgrows the output
        // limit, whichever comes first.
        limit("{{ $x := \"ab\" }}{{ range until 64 }}{{ $x = printf \"%s%s\" $x $x }}{{ end }}", "");
        limit(
            &format!("{{{{ range until 100000 }}}}{}{{{{ end }}}}", "0123456789".repeat(10)),
            "template output size",
        );
        limit(
            &format!("{}{}", "{{ if true }}".repeat(150), "{{ end }}".repeat(150)),
            "template nesting depth",
        );
        limit(&format!("{{{{ {}1{} }}}}", "(".repeat(150), ")".repeat(150)), "template nesting depth");
        // Real catalogs are far below every limit.
        assert_eq!(r("{{ range $i := until 3 }}{{ $i }}{{ end }}", &[]), "012");
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
