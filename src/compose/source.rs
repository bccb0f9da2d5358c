//! One input file: its text, YAML parsing with positions, and mapping a key path back to a
//! line and column for error messages.
//!
//! Positions are looked up lazily (only when something is wrong), by replaying the parser's
//! events, so the happy path pays nothing for them.

use std::fmt;
use std::path::{Path, PathBuf};

use serde_yaml::Value;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// One step of a path into a YAML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

impl fmt::Display for Seg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Key(k) => f.write_str(k),
            Self::Index(i) => write!(f, "[{i}]"),
        }
    }
}

/// Renders a path as `services.web.ports[0]`.
#[must_use]
pub fn display_path(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        if matches!(seg, Seg::Key(_)) && !out.is_empty() {
            out.push('.');
        }
        out.push_str(&seg.to_string());
    }
    out
}

/// Where something is: a file and, when known, a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub line: Option<(usize, usize)>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some((line, col)) => write!(f, "{}:{line}:{col}", self.file.display()),
            None => write!(f, "{}", self.file.display()),
        }
    }
}

/// A compose, rancher-compose or extended file that has been read.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as the user named it (shown in messages).
    pub path: PathBuf,
    /// Directory that relative paths inside the file resolve against.
    pub dir: PathBuf,
    pub text: String,
}

/// A YAML syntax error with its position.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    pub location: Location,
    pub message: String,
}

impl Source {
    #[must_use]
    pub fn new(path: PathBuf, dir: PathBuf, text: String) -> Self {
        Self { path, dir, text }
    }

    /// Parses the text as one YAML document; an empty document is an empty mapping.
    ///
    /// # Errors
    /// The YAML syntax error, with its position.
    pub fn parse(&self) -> Result<Value, SyntaxError> {
        if self.text.trim().is_empty() {
            return Ok(Value::Mapping(serde_yaml::Mapping::new()));
        }
        let mut value: Value = serde_yaml::from_str(&self.text).map_err(|e| {
            let line = e.location().map(|l| (l.line(), l.column()));
            let message = strip_position_suffix(&e.to_string());
            SyntaxError {
                location: Location {
                    file: self.path.clone(),
                    line,
                },
                message,
            }
        })?;
        value.apply_merge().map_err(|e| SyntaxError {
            location: Location {
                file: self.path.clone(),
                line: None,
            },
            message: e.to_string(),
        })?;
        if value.is_null() {
            value = Value::Mapping(serde_yaml::Mapping::new());
        }
        Ok(value)
    }

    /// The location of `path` (or of its deepest existing prefix) in this file.
    #[must_use]
    pub fn locate(&self, path: &[Seg]) -> Location {
        Location {
            file: self.path.clone(),
            line: position_of(&self.text, path),
        }
    }

    #[must_use]
    pub fn file_name(&self) -> &Path {
        &self.path
    }

    /// The text of the scalar at `path` exactly as written in the file.
    #[must_use]
    pub fn scalar_text(&self, path: &[Seg]) -> Option<String> {
        scalar_source_text(&self.text, path)
    }
}

fn strip_position_suffix(message: &str) -> String {
    // serde_yaml appends "at line N column M"; the location is printed separately.
    match message.find(" at line ") {
        Some(i) => {
            let (head, tail) = message.split_at(i);
            let tail = tail.split_once(", ").map_or("", |(_, rest)| rest);
            if tail.is_empty() {
                head.to_owned()
            } else {
                format!("{head}, {tail}")
            }
        }
        None => message.to_owned(),
    }
}

/// Finds the 1-based line and column of the node at `path` by replaying parser events.
fn position_of(text: &str, path: &[Seg]) -> Option<(usize, usize)> {
    replay(text, path, false)
        .best
        .map(|m| (m.line(), m.col() + 1))
}

/// The source text of the scalar at `path`, exactly as written (`1.10` stays `1.10`).
#[must_use]
pub fn scalar_source_text(text: &str, path: &[Seg]) -> Option<String> {
    replay(text, path, true).scalar
}

fn replay<'a>(text: &str, path: &'a [Seg], want_scalar: bool) -> Finder<'a> {
    let mut finder = Finder {
        target: path,
        stack: Vec::new(),
        best: None,
        best_depth: 0,
        done: false,
        want_scalar,
        scalar: None,
    };
    let mut parser = Parser::new_from_str(text);
    // A syntax error stops the replay; whatever was found so far is still useful.
    let _ = parser.load(&mut finder, false);
    finder
}

enum Frame {
    Map {
        key: Option<Seg>,
        expecting_key: bool,
    },
    Seq {
        next: usize,
    },
}

struct Finder<'a> {
    target: &'a [Seg],
    stack: Vec<Frame>,
    best: Option<Marker>,
    best_depth: usize,
    done: bool,
    want_scalar: bool,
    scalar: Option<String>,
}

impl Finder<'_> {
    fn current_path(&self) -> Vec<Seg> {
        self.stack
            .iter()
            .filter_map(|f| match f {
                Frame::Map { key, .. } => key.clone(),
                Frame::Seq { next } => Some(Seg::Index(next.saturating_sub(1))),
            })
            .collect()
    }

    /// Records `mark` if the path of the node now being visited matches a longer target prefix;
    /// `value` is the text of a scalar value node.
    fn visit(&mut self, mark: Marker, value: Option<&str>) {
        let here = self.current_path();
        if here.len() > self.target.len() || here[..] != self.target[..here.len()] {
            return;
        }
        // The first node seen at a depth is its key, the best place to point at.
        if here.len() > self.best_depth || self.best.is_none() {
            self.best = Some(mark);
            self.best_depth = here.len();
        }
        if here.len() == self.target.len() {
            if !self.want_scalar {
                self.done = true;
            } else if let Some(text) = value {
                self.scalar = Some(text.to_owned());
                self.done = true;
            }
        }
    }

    /// Called before a node (scalar or collection start) that is a value or sequence item.
    fn enter_value(&mut self) {
        if let Some(Frame::Seq { next }) = self.stack.last_mut() {
            *next += 1;
        }
    }

    fn after_value(&mut self) {
        if let Some(Frame::Map { key, expecting_key }) = self.stack.last_mut() {
            *key = None;
            *expecting_key = true;
        }
    }
}

impl MarkedEventReceiver for Finder<'_> {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.done {
            return;
        }
        let is_key = matches!(
            self.stack.last(),
            Some(Frame::Map {
                expecting_key: true,
                ..
            })
        );
        match ev {
            Event::Scalar(text, ..) if is_key => {
                if let Some(Frame::Map { key, expecting_key }) = self.stack.last_mut() {
                    *key = Some(Seg::Key(text));
                    *expecting_key = false;
                }
                // A key's own position is the best place to point at for its entry.
                self.visit(mark, None);
            }
            Event::Scalar(text, ..) => {
                self.enter_value();
                self.visit(mark, Some(&text));
                self.after_value();
            }
            Event::Alias(_) => {
                self.enter_value();
                self.visit(mark, None);
                self.after_value();
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if is_key {
                    // Complex keys are not addressable; treat the key as unnamed.
                    if let Some(Frame::Map { expecting_key, .. }) = self.stack.last_mut() {
                        *expecting_key = false;
                    }
                } else {
                    self.enter_value();
                    self.visit(mark, None);
                }
                let frame = if matches!(ev, Event::MappingStart(..)) {
                    Frame::Map {
                        key: None,
                        expecting_key: true,
                    }
                } else {
                    Frame::Seq { next: 0 }
                };
                self.stack.push(frame);
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                self.after_value();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> Seg {
        Seg::Key(k.to_owned())
    }

    const DOC: &str = "version: '2'\nservices:\n  web:\n    image: nginx\n    ports:\n      - 80:80\n      - \"443\"\n  db:\n    environment: {A: b}\n";

    #[test]
    fn locates_keys_items_and_prefixes() {
        let at = |path: &[Seg]| position_of(DOC, path);
        assert_eq!(at(&[key("services")]), Some((2, 1)));
        assert_eq!(
            at(&[key("services"), key("web"), key("image")]),
            Some((4, 5))
        );
        assert_eq!(
            at(&[key("services"), key("web"), key("ports"), Seg::Index(1)]),
            Some((7, 9))
        );
        assert_eq!(
            at(&[key("services"), key("db"), key("environment"), key("A")]),
            Some((9, 19))
        );
        // Missing leaf: the deepest existing prefix.
        assert_eq!(
            at(&[key("services"), key("web"), key("nope")]),
            Some((3, 3))
        );
    }

    #[test]
    fn scalar_text_as_written() {
        let doc = "q:\n  - default: 1.10\n    options: [1.10, 2.0, true]\n";
        let at = |p: &[Seg]| scalar_source_text(doc, p);
        assert_eq!(
            at(&[key("q"), Seg::Index(0), key("default")]).as_deref(),
            Some("1.10")
        );
        assert_eq!(
            at(&[key("q"), Seg::Index(0), key("options"), Seg::Index(0)]).as_deref(),
            Some("1.10")
        );
        assert_eq!(
            at(&[key("q"), Seg::Index(0), key("options"), Seg::Index(2)]).as_deref(),
            Some("true")
        );
        assert_eq!(at(&[key("q"), Seg::Index(0), key("nope")]), None);
    }

    #[test]
    fn syntax_errors_carry_positions() {
        let src = Source::new("x.yml".into(), ".".into(), "a: [1, 2\nb: 3\n".into());
        let err = src.parse().unwrap_err();
        assert!(err.location.line.is_some(), "{err:?}");
        assert!(
            err.message.starts_with("did not find expected"),
            "{}",
            err.message
        );
    }

    #[test]
    fn empty_documents_are_empty_mappings() {
        let src = Source::new("x.yml".into(), ".".into(), "\n# nothing\n".into());
        assert!(
            src.parse()
                .unwrap()
                .as_mapping()
                .is_some_and(serde_yaml::Mapping::is_empty)
        );
    }

    #[test]
    fn paths_render_readably() {
        assert_eq!(
            display_path(&[key("services"), key("web"), Seg::Index(2)]),
            "services.web[2]"
        );
    }
}
