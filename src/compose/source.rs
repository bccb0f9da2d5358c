//! One input file: its text, YAML parsing with positions, and mapping a key path back to a
//! line and column for error messages.
//!
//! Positions are looked up lazily (only when something is wrong), by replaying the parser's
//! events, so the happy path pays nothing for them.

use std::fmt;
use std::path::{Path, PathBuf};

use serde_yaml::Value;
use yaml_rust2::parser::Event;
use yaml_rust2::scanner::Marker;

use super::tree;

/// One step of a path into a YAML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seg {
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
pub(crate) fn display_path(path: &[Seg]) -> String {
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
pub(crate) struct Source {
    /// The path as the user named it (shown in messages).
    pub path: PathBuf,
    /// Directory that relative paths inside the file resolve against.
    pub dir: PathBuf,
    pub text: String,
}

/// A parsed document.
#[derive(Debug, Clone)]
pub(crate) struct Parsed {
    pub value: Value,
    /// Keys that appeared more than once in one mapping, where they appeared again.
    pub duplicates: Vec<(String, Location)>,
    /// Numbers whose text as used differs from the text written: written, used, where.
    pub reshaped: Vec<(String, String, Location)>,
}

/// A document that could not be read as YAML, with its position: a syntax error, or a limit
/// or a misused alias or merge key (`syntax` is false).
#[derive(Debug, Clone)]
pub(crate) struct SyntaxError {
    pub location: Location,
    pub message: String,
    pub syntax: bool,
}

impl Source {
    #[must_use]
    pub(crate) fn new(path: PathBuf, dir: PathBuf, text: String) -> Self {
        Self { path, dir, text }
    }

    /// Parses the text as one YAML document; an empty document is an empty mapping. Repeated
    /// keys are accepted with the last value winning, as Go's yaml.v2 (and so rancher-compose
    /// 0.12) did; they are reported in [`Parsed::duplicates`].
    ///
    /// # Errors
    /// The YAML syntax error, with its position.
    pub(crate) fn parse(&self) -> Result<Parsed, SyntaxError> {
        let tree = tree::build(&self.text).map_err(|e| SyntaxError {
            location: Location { file: self.path.clone(), line: Some(e.at) },
            message: e.message,
            syntax: e.syntax,
        })?;
        let mut value = tree.value;
        if value.is_null() {
            value = Value::Mapping(serde_yaml::Mapping::new());
        }
        let duplicates = tree
            .duplicates
            .into_iter()
            .map(|(key, line)| (key, Location { file: self.path.clone(), line: Some(line) }))
            .collect();
        let reshaped = tree
            .reshaped
            .into_iter()
            .map(|(written, used, at)| (written, used, Location { file: self.path.clone(), line: Some(at) }))
            .collect();
        Ok(Parsed { value, duplicates, reshaped })
    }

    /// The location of `path` (or of its deepest existing prefix) in this file.
    #[must_use]
    pub(crate) fn locate(&self, path: &[Seg]) -> Location {
        Location { file: self.path.clone(), line: position_of(&self.text, path) }
    }

    /// How to show a path written inside this file: relative to this file's own displayed path.
    #[must_use]
    pub(crate) fn relative(&self, rel: impl AsRef<Path>) -> PathBuf {
        let rel = rel.as_ref();
        if rel.is_absolute() {
            return rel.to_owned();
        }
        match self.path.parent() {
            Some(parent) if self.path != Path::new("<stdin>") => parent.join(rel),
            _ => rel.to_owned(),
        }
    }

    /// The text of the scalar at `path` exactly as written in the file.
    #[must_use]
    pub(crate) fn scalar_text(&self, path: &[Seg]) -> Option<String> {
        scalar_source_text(&self.text, path)
    }
}

/// Finds the 1-based line and column of the node at `path` by replaying parser events.
fn position_of(text: &str, path: &[Seg]) -> Option<(usize, usize)> {
    replay(text, path, false).best.as_ref().map(tree::position)
}

/// The source text of the scalar at `path`, exactly as written (`1.10` stays `1.10`).
#[must_use]
pub(crate) fn scalar_source_text(text: &str, path: &[Seg]) -> Option<String> {
    replay(text, path, true).scalar
}

/// One key of a top-level map: where it is, and its value's text as written when that is a
/// scalar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TopEntry {
    pub key: String,
    pub at: (usize, usize),
    pub scalar: Option<String>,
}

/// The keys of a document that is a map, in one pass (for flat files such as answers).
#[must_use]
pub(crate) fn top_level_entries(text: &str) -> Vec<TopEntry> {
    let mut entries: Vec<TopEntry> = Vec::new();
    let mut depth = 0usize;
    let mut expect_key = true;
    let _ = tree::each_event(text, |event, mark| {
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if depth == 1 && !expect_key {
                    expect_key = true;
                }
                depth += 1;
            }
            Event::MappingEnd | Event::SequenceEnd => depth = depth.saturating_sub(1),
            Event::Scalar(text, ..) if depth == 1 => {
                if expect_key {
                    entries.push(TopEntry { key: text, at: tree::position(&mark), scalar: None });
                } else if let Some(last) = entries.last_mut() {
                    last.scalar = Some(text);
                }
                expect_key = !expect_key;
            }
            Event::Alias(_) if depth == 1 => expect_key = !expect_key,
            _ => {}
        }
        true
    });
    entries
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
    // A syntax error stops the replay; whatever was found so far is still useful.
    let _ = tree::each_event(text, |event, mark| {
        finder.on_event(event, mark);
        !finder.done
    });
    finder
}

enum Frame {
    Map { key: Option<Seg>, expecting_key: bool },
    Seq { next: usize },
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

impl Finder<'_> {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let is_key = matches!(self.stack.last(), Some(Frame::Map { expecting_key: true, .. }));
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
                    Frame::Map { key: None, expecting_key: true }
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
        assert_eq!(at(&[key("services"), key("web"), key("image")]), Some((4, 5)));
        assert_eq!(at(&[key("services"), key("web"), key("ports"), Seg::Index(1)]), Some((7, 9)));
        assert_eq!(at(&[key("services"), key("db"), key("environment"), key("A")]), Some((9, 19)));
        // Missing leaf: the deepest existing prefix.
        assert_eq!(at(&[key("services"), key("web"), key("nope")]), Some((3, 3)));
    }

    #[test]
    fn scalar_text_as_written() {
        let doc = "q:\n  - default: 1.10\n    options: [1.10, 2.0, true]\n";
        let at = |p: &[Seg]| scalar_source_text(doc, p);
        assert_eq!(at(&[key("q"), Seg::Index(0), key("default")]).as_deref(), Some("1.10"));
        assert_eq!(at(&[key("q"), Seg::Index(0), key("options"), Seg::Index(0)]).as_deref(), Some("1.10"));
        assert_eq!(at(&[key("q"), Seg::Index(0), key("options"), Seg::Index(2)]).as_deref(), Some("true"));
        assert_eq!(at(&[key("q"), Seg::Index(0), key("nope")]), None);
    }

    #[test]
    fn syntax_errors_carry_positions() {
        let src = Source::new("x.yml".into(), ".".into(), "a: [1, 2\nb: 3\n".into());
        let err = src.parse().unwrap_err();
        assert!(err.location.line.is_some(), "{err:?}");
        assert!(!err.message.is_empty());
    }

    #[test]
    fn empty_documents_are_empty_mappings() {
        let src = Source::new("x.yml".into(), ".".into(), "\n# nothing\n".into());
        assert!(src.parse().unwrap().value.as_mapping().is_some_and(serde_yaml::Mapping::is_empty));
    }

    #[test]
    fn duplicate_keys_are_read_last_wins() {
        let src = Source::new(
            "x.yml".into(),
            ".".into(),
            "a: &x {b: 1, b: 2}\nc: *x\nd: 'q'\ne: 3\nf: [~, true, 1.5, 0x10, '07', '']\ng:\n".into(),
        );
        let parsed = src.parse().unwrap();
        let v = parsed.value;
        assert_eq!(parsed.duplicates.len(), 1);
        assert_eq!(parsed.duplicates[0].0, "b");
        assert_eq!(parsed.duplicates[0].1.line, Some((1, 14)));
        assert_eq!(v["f"], serde_yaml::from_str::<Value>("[null, true, 1.5, 16, '07', '']").unwrap());
        assert_eq!(v["g"], Value::Null);
        assert_eq!(v["a"]["b"], Value::from(2));
        assert_eq!(v["c"]["b"], Value::from(2));
        assert_eq!(v["d"], Value::from("q"));
        assert_eq!(v["e"], Value::from(3));
    }

    #[test]
    fn paths_render_readably() {
        assert_eq!(display_path(&[key("services"), key("web"), Seg::Index(2)]), "services.web[2]");
    }
}
