//! The emulator's own schema model: which types it serves, their fields (type, create/update
//! flags, defaults, limits), actions with input types, methods and filters. `/schemas` is rendered
//! from this model and request bodies are validated and filtered against it (Cattle keeps only
//! writable fields and fills schema defaults). Field lists are written in a compact one-line-per-
//! field notation: `name type flags [=default] [min=N] [max=N] [minLen=N] [maxLen=N] [chars=..]
//! [opts=a|b]`, flags being any of `C` (create), `U` (update), `R` (required) or `-`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use indexmap::IndexMap;
use serde_json::Value;

/// One field of a schema.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Field {
    pub ty: String,
    pub create: bool,
    pub update: bool,
    pub required: bool,
    pub default: Option<Value>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub min_len: Option<usize>,
    pub max_len: Option<usize>,
    pub valid_chars: Option<String>,
    pub options: Vec<String>,
}

/// One schema (type) as served at `/schemas/{id}`.
#[derive(Debug, Clone)]
pub(crate) struct Schema {
    pub id: &'static str,
    pub plural: &'static str,
    pub collection_methods: Vec<&'static str>,
    pub resource_methods: Vec<&'static str>,
    /// Listable types get a `collection` link.
    pub listable: bool,
    pub fields: IndexMap<String, Field>,
    pub actions: IndexMap<&'static str, Option<&'static str>>,
    /// filter name → type used to pick the modifiers.
    pub filters: IndexMap<String, String>,
    pub output_type: &'static str,
}

/// One schema as written in `definitions.rs`.
pub(super) struct Def {
    pub(super) id: &'static str,
    pub(super) plural: &'static str,
    pub(super) cm: &'static [&'static str],
    pub(super) rm: &'static [&'static str],
    pub(super) listable: bool,
    pub(super) fields: &'static str,
    pub(super) actions: &'static [(&'static str, Option<&'static str>)],
    /// Filters; names that are not fields carry their type after a colon.
    pub(super) filters: &'static str,
}

mod definitions;
mod sanitize;
mod wire;

use definitions::definitions;
pub(crate) use sanitize::{Mode, sanitize};
pub(crate) use wire::{collection_json, schema_json};

fn parse_fields(spec: &str) -> Result<IndexMap<String, Field>, String> {
    let mut out = IndexMap::new();
    for raw in spec.split(';') {
        let toks: Vec<&str> = raw.split_whitespace().collect();
        if toks.is_empty() {
            continue;
        }
        if toks.len() < 3 {
            return Err(format!("bad field spec {raw:?}"));
        }
        let flags = toks[2];
        let mut f = Field {
            ty: toks[1].to_string(),
            create: flags.contains('C'),
            update: flags.contains('U'),
            required: flags.contains('R'),
            default: None,
            min: None,
            max: None,
            min_len: None,
            max_len: None,
            valid_chars: None,
            options: Vec::new(),
        };
        for t in &toks[3..] {
            if let Some(d) = t.strip_prefix('=') {
                f.default = Some(typed_default(&f.ty, d));
            } else if let Some((k, v)) = t.split_once('=') {
                let num = || v.parse::<i64>().map_err(|_| format!("bad number in {raw:?}"));
                match k {
                    "min" => f.min = Some(num()?),
                    "max" => f.max = Some(num()?),
                    "minLen" => f.min_len = Some(num()? as usize),
                    "maxLen" => f.max_len = Some(num()? as usize),
                    "chars" => f.valid_chars = Some(v.to_string()),
                    "opts" => f.options = v.split('|').map(str::to_string).collect(),
                    _ => return Err(format!("unknown attribute {k} in {raw:?}")),
                }
            } else {
                return Err(format!("bad token {t:?} in {raw:?}"));
            }
        }
        out.insert(toks[0].to_string(), f);
    }
    Ok(out)
}

fn typed_default(ty: &str, raw: &str) -> Value {
    match ty {
        "int" => raw.parse::<i64>().map(Value::from).unwrap_or(Value::Null),
        "boolean" => Value::Bool(raw == "true"),
        _ => Value::String(raw.to_string()),
    }
}

fn build_registry() -> Result<BTreeMap<&'static str, Schema>, String> {
    let mut map = BTreeMap::new();
    for d in definitions() {
        let fields = parse_fields(d.fields)?;
        let mut filters = IndexMap::new();
        for tok in d.filters.split_whitespace() {
            let (name, ty) = match tok.split_once(':') {
                Some((n, t)) => (n.to_string(), t.to_string()),
                None => {
                    let ty = fields
                        .get(tok)
                        .map(|f| f.ty.clone())
                        .ok_or_else(|| format!("filter {tok} of {} is not a field", d.id))?;
                    (tok.to_string(), ty)
                }
            };
            filters.insert(name, ty);
        }
        map.insert(
            d.id,
            Schema {
                id: d.id,
                plural: d.plural,
                collection_methods: d.cm.to_vec(),
                resource_methods: d.rm.to_vec(),
                listable: d.listable,
                fields,
                actions: d.actions.iter().copied().collect(),
                filters,
                output_type: d.id,
            },
        );
    }
    Ok(map)
}

static REGISTRY: OnceLock<BTreeMap<&'static str, Schema>> = OnceLock::new();

/// All schemas the emulator serves, keyed by id. The definitions are static; a malformed one is a
/// programming error caught by the unit tests, and yields an empty registry rather than a panic.
pub(crate) fn registry() -> &'static BTreeMap<&'static str, Schema> {
    REGISTRY.get_or_init(|| build_registry().unwrap_or_default())
}

pub(crate) fn get(id: &str) -> Option<&'static Schema> {
    registry().get(id)
}

/// Find a listable schema by its (case-insensitive) plural name, as URLs are lower-cased.
pub(crate) fn by_plural(plural: &str) -> Option<&'static Schema> {
    registry().values().find(|s| s.listable && s.plural.eq_ignore_ascii_case(plural))
}

/// Modifiers Cattle offers for a filter of the given field type.
pub(crate) fn modifiers_for(ty: &str) -> &'static [&'static str] {
    match ty {
        "eq-only" => &["eq"],
        "string" | "password" => &["eq", "ne", "prefix", "like", "notlike", "null", "notnull"],
        "int" | "float" | "date" => &["eq", "ne", "lt", "lte", "gt", "gte", "null", "notnull"],
        _ => &["eq", "ne", "null", "notnull"],
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn all_definitions_parse() {
        let reg = build_registry().expect("schema definitions parse");
        assert!(reg.len() > 40);
        assert_eq!(reg["service"].fields["scale"].default, Some(json!(1)));
        assert!(reg["stack"].fields["name"].required);
        assert_eq!(reg["launchConfig"].fields["version"].default, Some(json!("0")));
    }

    #[test]
    fn nested_types_exist_or_are_opaque() {
        // Every nested object type either has a schema here or is passed through verbatim.
        for s in registry().values() {
            for (action, input) in &s.actions {
                if let Some(i) = input {
                    assert!(get(i).is_some(), "{}.{action} input {i} missing", s.id);
                }
            }
        }
    }
}
