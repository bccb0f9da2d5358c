//! Parsing of lexed items into a tree of nodes: text, printed pipelines and the `if`, `range`
//! and `with` blocks, with pipelines split into commands and operands.

use super::TemplateError;
use super::lex::{Item, Tok};
use super::value::Val;
use crate::limits::MAX_TEMPLATE_DEPTH;

#[derive(Debug, Clone)]
pub(super) enum Arg {
    Dot,
    Field(Box<Arg>, Vec<String>),
    Var(String),
    Lit(Val),
    Func(String),
    Sub(Pipeline),
}

#[derive(Debug, Clone)]
pub(super) struct Pipeline {
    pub(super) line: usize,
    pub(super) decl: Vec<String>,
    pub(super) assign: bool,
    pub(super) cmds: Vec<Vec<Arg>>,
}

#[derive(Debug)]
pub(super) enum Node {
    Text(String),
    Print(Pipeline),
    If { branches: Vec<(Pipeline, Vec<Node>)>, otherwise: Vec<Node> },
    Range { pipe: Pipeline, body: Vec<Node>, otherwise: Vec<Node> },
    With { pipe: Pipeline, body: Vec<Node>, otherwise: Vec<Node> },
}

pub(super) struct Parser {
    items: Vec<Item>,
    pos: usize,
    /// Blocks (`if`, `range`, `with`) open around the current position.
    depth: usize,
}

/// How a block ended: `end` or `else` (with the tokens after `else`) and the line.
type BlockEnd = Option<(String, usize)>;

impl Parser {
    pub(super) fn new(items: Vec<Item>) -> Self {
        Self { items, pos: 0, depth: 0 }
    }

    /// Parses nodes until `{{end}}`/`{{else ...}}` (returned) or the end of input (`None`).
    pub(super) fn block(&mut self) -> Result<(Vec<Node>, BlockEnd), TemplateError> {
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

#[cfg(test)]
mod tests {
    use super::super::testing::r;

    #[test]
    fn if_else_chains_with_trimming() {
        let t = "a:\n{{- if eq .Values.X \"1\" }}\n  one\n{{- else if (ne .Values.X \"2\") }}\n  other\n{{- else }}\n  two\n{{- end }}\nz";
        assert_eq!(r(t, &[("X", "1")]), "a:\n  one\nz");
        assert_eq!(r(t, &[("X", "2")]), "a:\n  two\nz");
        assert_eq!(r(t, &[("X", "3")]), "a:\n  other\nz");
        assert_eq!(r(t, &[]), "a:\n  other\nz");
        assert_eq!(r("a {{- \" b \" -}} c", &[]), "a b c");
    }
}
