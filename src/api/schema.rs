//! The server's schemas, indexed by type: where each type's collection lives and which methods,
//! fields and actions it has. Checked before the first write so a run never stops half-way
//! because the server lacks something.

use std::collections::HashMap;

use serde_json::Value;

use super::error::Error;

/// The schema collection of one API endpoint.
#[derive(Debug, Clone, Default)]
pub struct Schemas {
    by_id: HashMap<String, Value>,
    /// `links.self` of the schema collection (ends in `/schemas`).
    pub self_url: String,
}

impl Schemas {
    /// Indexes a schema collection document.
    ///
    /// # Errors
    /// The document is not a schema collection.
    pub fn from_collection(doc: &Value, url: &str) -> Result<Self, Error> {
        let data = doc.get("data").and_then(Value::as_array).ok_or_else(|| Error::Decode {
            url: url.to_owned(),
            reason: "not a schema collection (no `data` list)".into(),
        })?;
        let by_id = data
            .iter()
            .filter_map(|s| Some((s.get("id")?.as_str()?.to_owned(), s.clone())))
            .collect::<HashMap<_, _>>();
        let self_url =
            doc.pointer("/links/self").and_then(Value::as_str).map_or_else(|| url.to_owned(), str::to_owned);
        Ok(Self { by_id, self_url })
    }

    #[must_use]
    pub fn get(&self, type_name: &str) -> Option<&Value> {
        self.by_id.get(type_name)
    }

    /// The fields of a type that an update (`PUT`) may change.
    #[must_use]
    pub fn updatable_fields(&self, type_name: &str) -> Vec<String> {
        self.fields_with(type_name, &["update"])
    }

    /// The type of `field` of `type_name` (`storageDriver`, `array[string]`, ...).
    #[must_use]
    pub fn field_type(&self, type_name: &str, field: &str) -> Option<&str> {
        self.get(type_name)?.pointer(&format!("/resourceFields/{field}/type"))?.as_str()
    }

    /// The fields of a type that a create or an update may set (the server keeps no others).
    #[must_use]
    pub fn settable_fields(&self, type_name: &str) -> Vec<String> {
        self.fields_with(type_name, &["create", "update"])
    }

    /// The fields of a type with any of the schema flags `flags` (`create`, `update`) set.
    fn fields_with(&self, type_name: &str, flags: &[&str]) -> Vec<String> {
        let Some(fields) =
            self.get(type_name).and_then(|s| s.get("resourceFields")).and_then(Value::as_object)
        else {
            return Vec::new();
        };
        let set = |f: &Value, k: &&str| f.get(*k).and_then(Value::as_bool) == Some(true);
        fields.iter().filter(|(_, f)| flags.iter().any(|k| set(f, k))).map(|(name, _)| name.clone()).collect()
    }

    /// The collection URL of a type.
    ///
    /// # Errors
    /// The type is unknown or has no collection.
    pub fn collection_url(&self, type_name: &str) -> Result<String, Error> {
        let schema = self.require_type(type_name)?;
        if let Some(url) = schema.pointer("/links/collection").and_then(Value::as_str) {
            return Ok(url.to_owned());
        }
        // The Go client's fallback: replace `schemas/...` in the schema's self link by the plural.
        let plural = schema.get("pluralName").and_then(Value::as_str).unwrap_or(type_name);
        let self_link = schema.pointer("/links/self").and_then(Value::as_str).unwrap_or_default();
        match self_link.find("/schemas") {
            Some(i) => Ok(format!("{}/{}", &self_link[..i], plural.to_lowercase())),
            None => Err(Error::Missing { what: format!("a collection for `{type_name}`") }),
        }
    }

    fn require_type(&self, type_name: &str) -> Result<&Value, Error> {
        self.get(type_name).ok_or_else(|| Error::Missing { what: format!("the resource type `{type_name}`") })
    }

    /// Checks that `type_name` exists and allows `method` on its collection (`GET`/`POST`) or
    /// resources (`GET`/`PUT`/`DELETE`).
    ///
    /// # Errors
    /// What is missing.
    pub fn require_method(&self, type_name: &str, method: &str, on_collection: bool) -> Result<(), Error> {
        let schema = self.require_type(type_name)?;
        let key = if on_collection { "collectionMethods" } else { "resourceMethods" };
        let allowed = schema
            .get(key)
            .and_then(Value::as_array)
            .is_some_and(|methods| methods.iter().any(|m| m.as_str() == Some(method)));
        if allowed {
            Ok(())
        } else {
            let scope = if on_collection { "collection" } else { "resource" };
            Err(Error::Missing { what: format!("`{method}` on the `{type_name}` {scope}") })
        }
    }

    /// Checks that `type_name` has the resource action `action`.
    ///
    /// # Errors
    /// What is missing.
    pub fn require_action(&self, type_name: &str, action: &str) -> Result<(), Error> {
        let schema = self.require_type(type_name)?;
        if schema.pointer(&format!("/resourceActions/{action}")).is_some() {
            Ok(())
        } else {
            Err(Error::Missing { what: format!("the `{action}` action on `{type_name}`") })
        }
    }
}
