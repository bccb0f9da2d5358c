//! Named volumes of version 2 files (`rancher-compose-behavior.md` §17): an `external` volume
//! must already exist; any other becomes a volume template of the stack, created before the
//! services that mount it. Templates are never removed or changed by us; a changed driver is
//! reported.

use serde_json::{Map, Value, json};

use super::{Deployer, Error, id};

/// What the files say about one named volume.
#[derive(Debug, PartialEq)]
enum Wanted {
    /// Must exist on the server under this name.
    External(String),
    /// A volume template with this create body (without the stack).
    Template(Map<String, Value>),
}

fn wanted(name: &str, spec: &serde_yaml::Value) -> Wanted {
    let spec = serde_json::to_value(spec).unwrap_or(Value::Null);
    match spec.get("external") {
        Some(Value::Bool(true)) => return Wanted::External(name.to_owned()),
        // 0.12 looked the volume up by its key, ignoring `name:` (a bug); we use the name.
        Some(Value::Object(e)) => {
            return Wanted::External(e.get("name").and_then(Value::as_str).unwrap_or(name).to_owned());
        }
        _ => {}
    }
    let mut body = Map::new();
    body.insert("name".into(), json!(name));
    if let Some(driver) = spec.get("driver").and_then(Value::as_str) {
        body.insert("driver".into(), json!(driver));
    }
    if let Some(opts) = spec.get("driver_opts").and_then(Value::as_object) {
        let opts: Map<String, Value> = opts
            .iter()
            .map(|(k, v)| (k.clone(), json!(v.as_str().map_or_else(|| v.to_string(), str::to_owned))))
            .collect();
        body.insert("driverOpts".into(), Value::Object(opts));
    }
    if let Some(per) = spec.get("per_container").and_then(Value::as_bool) {
        body.insert("perContainer".into(), json!(per));
    }
    Wanted::Template(body)
}

impl Deployer<'_> {
    /// Fails, before any change, if an external volume does not exist or the server cannot
    /// hold volume templates.
    ///
    /// # Errors
    /// A missing external volume, a server without volume templates, or a failed request.
    pub async fn check_volumes(&self) -> Result<(), Error> {
        for (name, spec) in &self.project.volumes {
            match wanted(name, spec) {
                Wanted::External(volume) => {
                    let found = self
                        .client
                        .list("volume", &[("name", volume.as_str()), ("removed_null", "1")])
                        .await?;
                    if found.is_empty() {
                        return Err(Error::NotFound(format!(
                            "volume `{volume}` is declared external but does not exist on the server; create it first"
                        )));
                    }
                }
                Wanted::Template(_) => {
                    self.client.schemas().require_method("volumeTemplate", "POST", true)?
                }
            }
        }
        Ok(())
    }

    /// The stack's volume template `name`, if it exists.
    async fn template(&self, stack: &Value, name: &str) -> Result<Option<Value>, Error> {
        let filters = [("name", name), ("stackId", id(stack)), ("removed_null", "1")];
        Ok(self.client.list("volumeTemplate", &filters).await?.into_iter().next())
    }

    /// The named volumes that have no template in the stack yet (all of them without a stack).
    ///
    /// # Errors
    /// A request failed.
    pub async fn missing_volumes(&self, stack: Option<&Value>) -> Result<Vec<String>, Error> {
        let mut missing = Vec::new();
        for (name, spec) in &self.project.volumes {
            if matches!(wanted(name, spec), Wanted::External(_)) {
                continue;
            }
            let Some(stack) = stack else {
                missing.push(name.clone());
                continue;
            };
            if self.template(stack, name).await?.is_none() {
                missing.push(name.clone());
            }
        }
        Ok(missing)
    }

    /// Creates the stack's missing volume templates.
    ///
    /// # Errors
    /// A request failed or the server refused a template.
    pub async fn ensure_volumes(&self, stack: &Value) -> Result<(), Error> {
        for (name, spec) in &self.project.volumes {
            let Wanted::Template(mut body) = wanted(name, spec) else { continue };
            match self.template(stack, name).await?.as_ref() {
                Some(template) => {
                    let have = template.get("driver").and_then(Value::as_str).unwrap_or_default();
                    if let Some(want) = body.get("driver").and_then(Value::as_str)
                        && want != have
                    {
                        self.reporter.warn(&format!(
                            "volume `{name}` uses driver `{have}` on the server, not `{want}`; it must be recreated to change it"
                        ));
                    }
                }
                None => {
                    self.reporter.note(&format!("Creating volume template {name}"));
                    body.insert("stackId".into(), json!(id(stack)));
                    self.client.create("volumeTemplate", &Value::Object(body)).await?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_volumes_and_templates() {
        let spec = |yaml: &str| serde_yaml::from_str::<serde_yaml::Value>(yaml).unwrap();
        assert_eq!(wanted("data", &spec("external: true")), Wanted::External("data".into()));
        assert_eq!(wanted("data", &spec("external: {name: shared}")), Wanted::External("shared".into()));
        let Wanted::Template(body) =
            wanted("data", &spec("driver: rancher-nfs\ndriver_opts: {size: 10}\nper_container: true"))
        else {
            panic!("not a template")
        };
        assert_eq!(
            Value::Object(body),
            json!({"name": "data", "driver": "rancher-nfs", "driverOpts": {"size": "10"}, "perContainer": true})
        );
        assert_eq!(
            wanted("x", &serde_yaml::Value::Null),
            Wanted::Template(Map::from_iter([("name".into(), json!("x"))]))
        );
    }
}
