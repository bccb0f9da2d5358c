//! The `.catalog` section of rancher-compose.yml: template metadata and its questions.
//! Parsed and kept here; answering the questions is the catalog module's job.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_yaml::Value;

use super::shapes;

/// Template metadata and questions. Unknown keys (typos such as `minimun_rancher_version` occur
/// in real catalogs) are ignored, as Rancher does.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Catalog {
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub uuid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub minimum_rancher_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub maximum_rancher_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub upgrade_from: Option<String>,
    #[serde(skip_serializing_if = "IndexMap::is_empty", deserialize_with = "shapes::label_map")]
    pub labels: IndexMap<String, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<Question>,
}

/// One catalog question. `default` and `options` are text whatever YAML type they were written
/// with (`8080`, `true`), as Rancher's own parsers produce.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Question {
    #[serde(deserialize_with = "required_text")]
    pub variable: String,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub description: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not", deserialize_with = "flag_or_false")]
    pub required: bool,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub default: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::int")]
    pub min_length: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::int")]
    pub max_length: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::int")]
    pub min: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::int")]
    pub max: Option<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty", deserialize_with = "shapes::list")]
    pub options: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub valid_chars: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub invalid_chars: Option<String>,
}

fn required_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    shapes::string(d)?.ok_or_else(|| serde::de::Error::custom("a question needs a `variable`"))
}

fn flag_or_false<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(shapes::flag(d)?.unwrap_or(false))
}

/// Finds the catalog section in a parsed rancher-compose.yml, where Rancher looks: a top-level
/// `catalog` or `.catalog` wins over `services: {.catalog: ...}` in a v2 file.
#[must_use]
pub(crate) fn find_section(doc: &Value) -> Option<(&'static str, &Value)> {
    let top = doc.as_mapping()?;
    for key in ["catalog", ".catalog"] {
        if let Some(v) = top.get(key) {
            return Some((key, v));
        }
    }
    top.get("services")?.as_mapping()?.get(".catalog").map(|v| ("services..catalog", v))
}
