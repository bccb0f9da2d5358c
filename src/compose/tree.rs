//! Building a document's value from YAML parser events, within [`crate::limits`].
//!
//! Events are pulled one at a time (the parser's own `load` recurses once per nesting level,
//! so a deeply nested file would overflow the stack). Aliases are expanded as copies of their
//! anchor and every copy is counted, so an alias bomb stops at [`MAX_YAML_NODES`] instead of
//! taking the machine's memory. Merge keys (`<<`) are applied when their map ends, so an
//! error in one points at its line. Repeated keys are accepted with the last value winning, as
//! Go's yaml.v2 (and so rancher-compose 0.12) did, and reported.

use std::collections::HashMap;

use serde_yaml::{Mapping, Value};
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, ScanError, TScalarStyle};

use crate::limits::{MAX_YAML_DEPTH, MAX_YAML_NODES};

/// A 1-based line and column.
pub(crate) type Position = (usize, usize);

/// The value of a document and the keys that appeared more than once in one map (where they
/// appeared again).
pub(crate) struct Tree {
    pub value: Value,
    pub duplicates: Vec<(String, Position)>,
    /// Plain values YAML reads as a number whose text differs from what was written (`1.10`
    /// is 1.1, `010` is 10, `0x1F` is 31, `1e3` is 1000.0): as written, then as used, and where.
    /// Outside `version` and the catalog section, whose values are re-read as written.
    pub reshaped: Vec<(String, String, Position)>,
}

/// Why a document could not be built: a syntax error, a limit, or a misused alias or merge key.
#[derive(Debug)]
pub(crate) struct TreeError {
    pub at: Position,
    pub message: String,
    /// Whether it is a YAML syntax error (the others are about what the YAML means).
    pub syntax: bool,
}

/// Builds the first document of `text`; an empty text is `Value::Null`.
pub(crate) fn build(text: &str) -> Result<Tree, TreeError> {
    let mut builder = Builder { text, ..Builder::default() };
    let mut failure = None;
    each_event(text, |event, mark| match builder.on_event(event, mark) {
        Ok(()) => true,
        Err(e) => {
            failure = Some(e);
            false
        }
    })
    .map_err(|e| TreeError { at: position(e.marker()), message: e.info().to_owned(), syntax: true })?;
    if let Some(e) = failure {
        return Err(e);
    }
    Ok(Tree {
        value: builder.root.unwrap_or(Value::Null),
        duplicates: builder.duplicates,
        reshaped: builder.reshaped,
    })
}

/// Feeds the events of the first document of `text` to `on_event` until it returns `false`.
pub(crate) fn each_event(
    text: &str,
    mut on_event: impl FnMut(Event, Marker) -> bool,
) -> Result<(), ScanError> {
    let mut parser = Parser::new_from_str(text);
    loop {
        let (event, mark) = parser.next_token()?;
        match event {
            Event::StreamEnd | Event::DocumentEnd => return Ok(()),
            Event::StreamStart | Event::DocumentStart | Event::Nothing => {}
            event => {
                if !on_event(event, mark) {
                    return Ok(());
                }
            }
        }
    }
}

pub(crate) fn position(mark: &Marker) -> Position {
    (mark.line(), mark.col() + 1)
}

/// The merge key.
const MERGE: &str = "<<";

/// A collection being built.
struct Open {
    value: Value,
    /// A key waiting for its value, and where the key is.
    key: Option<(Value, Position)>,
    /// The value of a `<<` key, and where the key is; applied when the map ends.
    merge: Option<(Value, Position)>,
    anchor: usize,
    /// Nodes inside, this one included.
    nodes: usize,
    /// Levels of nesting below this collection, this one included.
    height: usize,
}

/// A finished value as the builder hands it up: how many nodes it holds and how deep it is.
struct Node {
    value: Value,
    nodes: usize,
    height: usize,
}

#[derive(Default)]
struct Builder<'a> {
    text: &'a str,
    stack: Vec<Open>,
    anchors: HashMap<usize, (Value, usize, usize)>,
    root: Option<Value>,
    duplicates: Vec<(String, Position)>,
    reshaped: Vec<(String, String, Position)>,
    /// Nodes built so far, alias copies included.
    built: usize,
    at: Position,
}

impl Builder<'_> {
    fn on_event(&mut self, event: Event, mark: Marker) -> Result<(), TreeError> {
        self.at = position(&mark);
        match event {
            Event::Scalar(text, style, anchor, _) => {
                self.count(1)?;
                let (value, written) = scalar(text, style);
                if let (Value::Number(n), Some(written)) = (&value, written) {
                    let used = n.to_string();
                    if used != written && self.is_text_value() {
                        self.reshaped.push((written, used, self.at));
                    }
                }
                let node = Node { value, nodes: 1, height: 0 };
                self.finish(node, anchor)
            }
            Event::Alias(id) => {
                let Some((value, nodes, height)) = self.anchors.get(&id) else {
                    return Err(self.error(format!(
                        "the alias {} is inside the value of its own anchor (a recursive alias), which YAML cannot expand",
                        self.alias_name(&mark)
                    )));
                };
                let node = Node { value: value.clone(), nodes: *nodes, height: *height };
                self.count(node.nodes)?;
                self.check_depth(self.stack.len() + node.height)?;
                self.finish(node, 0)
            }
            Event::SequenceStart(anchor, _) => self.open(Value::Sequence(Vec::new()), anchor),
            Event::MappingStart(anchor, _) => self.open(Value::Mapping(Mapping::new()), anchor),
            Event::SequenceEnd | Event::MappingEnd => match self.stack.pop() {
                Some(open) => {
                    let anchor = open.anchor;
                    let node = close(open)?;
                    self.finish(node, anchor)
                }
                None => Ok(()),
            },
            _ => Ok(()),
        }
    }

    /// Whether the scalar coming next is a value (not a key) outside the top-level `version`
    /// and the catalog section (top-level `catalog`/`.catalog`, or `services: .catalog`).
    fn is_text_value(&self) -> bool {
        let pending = |i: usize| {
            self.stack.get(i).and_then(|o| o.key.as_ref()).and_then(|(k, _)| k.as_str()).unwrap_or("")
        };
        let is_key = match self.stack.last() {
            Some(open) => open.value.is_mapping() && open.key.is_none(),
            None => false,
        };
        let catalog = |k: &str| k == "catalog" || k == ".catalog";
        !(is_key
            || (self.stack.len() == 1 && pending(0) == "version")
            || catalog(pending(0))
            || (pending(0) == "services" && catalog(pending(1))))
    }

    fn open(&mut self, value: Value, anchor: usize) -> Result<(), TreeError> {
        self.count(1)?;
        self.check_depth(self.stack.len() + 1)?;
        self.stack.push(Open { value, key: None, merge: None, anchor, nodes: 1, height: 1 });
        Ok(())
    }

    fn count(&mut self, nodes: usize) -> Result<(), TreeError> {
        self.built = self.built.saturating_add(nodes);
        if self.built > MAX_YAML_NODES {
            return Err(self.error(format!(
                "the document expands to more than {MAX_YAML_NODES} YAML nodes (limit hit: expanded YAML nodes; aliases count as copies of their anchor)"
            )));
        }
        Ok(())
    }

    fn check_depth(&self, depth: usize) -> Result<(), TreeError> {
        if depth > MAX_YAML_DEPTH {
            return Err(self.error(format!(
                "the document nests deeper than {MAX_YAML_DEPTH} levels (limit hit: YAML nesting depth)"
            )));
        }
        Ok(())
    }

    fn error(&self, message: String) -> TreeError {
        TreeError { at: self.at, message, syntax: false }
    }

    /// `*name` as written at an alias event.
    fn alias_name(&self, mark: &Marker) -> String {
        let rest = self.text.get(mark.index()..).unwrap_or_default();
        let name: String = rest
            .strip_prefix('*')
            .unwrap_or_default()
            .chars()
            .take_while(|c| !c.is_whitespace() && !",[]{}".contains(*c))
            .collect();
        if name.is_empty() { "here".to_owned() } else { format!("`*{name}`") }
    }

    /// Hands a finished node to the collection it belongs to (or makes it the root).
    fn finish(&mut self, node: Node, anchor: usize) -> Result<(), TreeError> {
        if anchor > 0 {
            // The anchor keeps a copy, which counts like any other.
            self.count(node.nodes)?;
            self.anchors.insert(anchor, (node.value.clone(), node.nodes, node.height));
        }
        let at = self.at;
        let Some(parent) = self.stack.last_mut() else {
            if self.root.is_none() {
                self.root = Some(node.value);
            }
            return Ok(());
        };
        parent.nodes = parent.nodes.saturating_add(node.nodes);
        parent.height = parent.height.max(node.height + 1);
        match &mut parent.value {
            Value::Sequence(items) => items.push(node.value),
            Value::Mapping(map) => match parent.key.take() {
                None => parent.key = Some((node.value, at)),
                Some((key, key_at)) if key.as_str() == Some(MERGE) => {
                    if parent.merge.is_some() {
                        self.duplicates.push((MERGE.to_owned(), key_at));
                    }
                    parent.merge = Some((node.value, key_at));
                }
                Some((key, key_at)) => {
                    if let Some(slot) = map.get_mut(&key) {
                        self.duplicates.push((key_text(&key), key_at));
                        *slot = node.value;
                    } else {
                        map.insert(key, node.value);
                    }
                }
            },
            _ => {}
        }
        Ok(())
    }
}

/// A finished collection, with its merge key applied: the map's own keys win over merged
/// ones, and earlier maps in a `<<` list over later ones.
fn close(open: Open) -> Result<Node, TreeError> {
    let Open { mut value, merge, nodes, height, .. } = open;
    if let (Value::Mapping(map), Some((merged, at))) = (&mut value, merge) {
        let error = |found: &str| TreeError {
            at,
            message: format!(
                "the merge key `<<` takes a map or a list of maps (usually an alias such as `*base`), not {found}"
            ),
            syntax: false,
        };
        let sources = match merged {
            Value::Mapping(m) => vec![m],
            Value::Sequence(items) => items
                .into_iter()
                .map(|item| match item {
                    Value::Mapping(m) => Ok(m),
                    other => Err(error(&format!("a list holding {}", kind(&other)))),
                })
                .collect::<Result<_, _>>()?,
            other => return Err(error(kind(&other))),
        };
        for source in sources {
            for (k, v) in source {
                map.entry(k).or_insert(v);
            }
        }
    }
    Ok(Node { value, nodes, height })
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "an empty value",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a map",
        Value::Tagged(_) => "a tagged value",
    }
}

fn key_text(key: &Value) -> String {
    key.as_str().map_or_else(|| format!("{key:?}"), str::to_owned)
}

/// A scalar with YAML 1.2 core typing for plain ones (`8080`, `true`, `~`), text otherwise; a
/// number comes with the text it was written as (the text is moved, not copied, for the rest).
fn scalar(text: String, style: TScalarStyle) -> (Value, Option<String>) {
    // Only plain scalars starting like a number, null or boolean can be other than strings;
    // checking that first skips the resolver for most values.
    let maybe_typed =
        text.is_empty() || text.starts_with(|c: char| !c.is_ascii_alphabetic() || "nNtTfF".contains(c));
    if style != TScalarStyle::Plain || !maybe_typed {
        return (Value::String(text), None);
    }
    match yaml_rust2::Yaml::from_str(&text) {
        yaml_rust2::Yaml::Real(real) => match real.parse::<f64>() {
            Ok(number) => (Value::from(number), Some(text)),
            Err(_) => (Value::String(real), None),
        },
        yaml_rust2::Yaml::Integer(i) => (Value::from(i), Some(text)),
        yaml_rust2::Yaml::Boolean(b) => (Value::Bool(b), None),
        yaml_rust2::Yaml::String(_) => (Value::String(text), None),
        _ => (Value::Null, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> TreeError {
        match build(text) {
            Ok(tree) => panic!("{text:?} built {:?}", tree.value),
            Err(e) => e,
        }
    }

    #[test]
    fn numbers_whose_text_changes_are_reported_with_their_position() {
        let text = "version: 2.0\nservices:\n  web:\n    environment:\n      V: 1.10\n      ZIP: 010\n      N: 8080\n      Q: \"1.10\"\n    labels: {a: 0x1F, 1.50: x}\n    command: [run, 1e3]\n  .catalog: {questions: [{default: 1.10}]}\n.catalog:\n  version: 1.0\n";
        let tree = build(text).unwrap();
        let found: Vec<(&str, &str, Position)> =
            tree.reshaped.iter().map(|(w, u, at)| (w.as_str(), u.as_str(), *at)).collect();
        // Not `version`, keys, quoted text, canonical numbers or the catalog section.
        assert_eq!(
            found,
            [
                ("1.10", "1.1", (5, 10)),
                ("010", "10", (6, 12)),
                ("0x1F", "31", (9, 17)),
                ("1e3", "1000.0", (10, 20))
            ]
        );
    }

    #[test]
    fn an_alias_bomb_stops_at_the_node_limit() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for level in 1..=9 {
            let prev = level - 1;
            text.push_str(&format!("a{level}: &a{level} [{}]\n", vec![format!("*a{prev}"); 9].join(", ")));
        }
        let e = err(&text);
        assert!(e.message.contains("limit hit: expanded YAML nodes"), "{}", e.message);
        assert!(!e.syntax);
    }

    #[test]
    fn a_merge_key_bomb_stops_at_the_node_limit() {
        let mut text = String::from("b0: &b0 {x: 1}\n");
        for level in 1..=25 {
            text.push_str(&format!("b{level}: &b{level} {{<<: [*b{}, *b{}]}}\n", level - 1, level - 1));
        }
        assert!(err(&text).message.contains("limit hit: expanded YAML nodes"));
    }

    #[test]
    fn deep_nesting_stops_at_the_depth_limit() {
        let mut text = String::new();
        for i in 0..5000 {
            text.push_str(&" ".repeat(i));
            text.push_str("a:\n");
        }
        let e = err(&text);
        assert!(e.message.contains("limit hit: YAML nesting depth"), "{}", e.message);
        assert_eq!(e.at.0, MAX_YAML_DEPTH + 1);
        let flow = format!("a: {}{}", "[".repeat(230), "]".repeat(230));
        assert!(err(&flow).message.contains("nesting depth"));
        // Deeper still, the scanner's own recursion limit answers first.
        let flow = format!("a: {}{}", "[".repeat(5000), "]".repeat(5000));
        assert!(err(&flow).at.0 == 1);
        // An alias adds the depth of what it copies.
        let mut text = String::from("x: &x ");
        text.push_str(&"[".repeat(150));
        text.push_str(&"]".repeat(150));
        text.push_str("\ny: ");
        text.push_str(&"[".repeat(60));
        text.push_str("*x");
        text.push_str(&"]".repeat(60));
        assert!(err(&text).message.contains("nesting depth"));
    }

    #[test]
    fn a_recursive_alias_is_an_error() {
        let e = err("web: &a\n  image: x\n  links: *a\n");
        assert!(e.message.contains("`*a`") && e.message.contains("recursive"), "{}", e.message);
        assert_eq!(e.at, (3, 10));
    }

    #[test]
    fn merge_keys_apply_in_yaml_order_and_errors_have_lines() {
        let tree =
            build("b: &b {x: 1, y: 2}\nc: &c {y: 3, z: 4}\nd: &d\n  <<: [*b, *c]\n  x: 0\ne:\n  <<: *d\n")
                .unwrap_or_else(|e| panic!("{}", e.message));
        let d = &tree.value["d"];
        assert_eq!((d["x"].as_i64(), d["y"].as_i64(), d["z"].as_i64()), (Some(0), Some(2), Some(4)));
        assert_eq!(tree.value["e"], tree.value["d"]);
        assert!(tree.value["e"].get(MERGE).is_none());
        let e = err("a: 1\nweb:\n  <<: 5\n");
        assert_eq!(e.at, (3, 3));
        assert!(e.message.contains("not a number"), "{}", e.message);
        assert!(err("b: &b [1]\nweb:\n  <<: [*b]\n").message.contains("a list holding a list"));
    }

    #[test]
    fn syntax_errors_are_marked_as_such() {
        let e = err("a: [1, 2\nb: 3\n");
        assert!(e.syntax);
    }
}
