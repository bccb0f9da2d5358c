//! The values a template computes with, and the budget that bounds what a rendering may spend
//! (steps and output size).

use std::collections::BTreeMap;

use crate::limits::{MAX_TEMPLATE_OUTPUT, MAX_TEMPLATE_STEPS, mib};

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Val {
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
    pub(super) fn truthy(&self) -> bool {
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

    pub(super) fn text(&self) -> String {
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
    pub(super) fn weight(&self) -> usize {
        match self {
            Self::Str(s) => s.len(),
            Self::List(l) => l.iter().fold(l.len(), |n, v| n.saturating_add(v.weight())),
            Self::Map(m) => {
                m.iter().fold(m.len(), |n, (k, v)| n.saturating_add(k.len()).saturating_add(v.weight()))
            }
            _ => 8,
        }
    }

    pub(super) fn kind(&self) -> &'static str {
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
pub(super) struct Budget {
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
    pub(super) fn spend(&mut self, steps: usize) -> Result<(), String> {
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
    pub(super) fn pay_for(&mut self, value: &Val) -> Result<(), String> {
        let weight = value.weight();
        fits(weight)?;
        self.spend(1 + weight / BYTES_PER_STEP)
    }
}

/// Refuses text (or a value whose text would be) larger than the output limit.
pub(super) fn fits(len: usize) -> Result<(), String> {
    if len > MAX_TEMPLATE_OUTPUT {
        return Err(format!(
            "the template produces more than {} (limit hit: template output size)",
            mib(MAX_TEMPLATE_OUTPUT as u64)
        ));
    }
    Ok(())
}
