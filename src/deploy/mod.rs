//! Deploying a project to a Rancher server: finding or creating the stack, creating services
//! (every kind), wiring links, activating, stopping, scaling and removing, each step waited for
//! with a deadline. Everything the run needs from the server is checked before the first write.

pub mod apply;
pub mod hash;
pub mod kind;
pub mod launch;
pub mod legacy_lb;
pub mod order;
pub mod plan;
pub mod request;
pub mod volumes;
pub mod wait;

use std::time::Duration;

use serde_json::{Value, json};

use crate::api::{self, Client};
use crate::compose::Project;

use kind::Kind;
use wait::{WaitError, until_settled};

/// Deploy failures.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Api(Box<api::Error>),
    #[error(transparent)]
    Wait(Box<WaitError>),
    #[error("{0}")]
    Unsupported(String),
    #[error("{0}")]
    NotFound(String),
    #[error("interrupted")]
    Interrupted,
}

impl From<api::Error> for Error {
    fn from(e: api::Error) -> Self {
        Self::Api(Box::new(e))
    }
}

impl From<WaitError> for Error {
    fn from(e: WaitError) -> Self {
        match e {
            WaitError::Interrupted => Self::Interrupted,
            other => Self::Wait(Box::new(other)),
        }
    }
}

impl Error {
    #[must_use]
    pub fn hint(&self) -> Option<String> {
        match self {
            Self::Api(e) => e.hint(),
            Self::Wait(e) => match e.as_ref() {
                WaitError::Timeout { .. } => Some("raise --timeout, or check the service in Rancher".into()),
                WaitError::Api(e) => e.hint(),
                WaitError::Failed { .. } | WaitError::Interrupted => None,
            },
            _ => None,
        }
    }
}

/// Where progress goes (the CLI prints it; tests may collect it).
pub trait Reporter: Sync {
    /// `service` moved to a new step (`Creating`, `Started`, ...).
    fn event(&self, service: &str, text: &str);
    /// A step that is not about one service (creating the stack).
    fn note(&self, message: &str);
    /// Something the user should know that does not stop the run.
    fn warn(&self, message: &str);
    /// The run is over: live displays stop here, before the summary or the logs.
    fn done(&self) {}
}

/// One deploy run against one stack.
pub struct Deployer<'a> {
    pub client: &'a Client,
    pub project: &'a Project,
    pub reporter: &'a dyn Reporter,
    /// Deadline for each wait; zero waits forever.
    pub timeout: Duration,
}

impl Deployer<'_> {
    /// Checks that the server has every type and action a deploy of this project uses.
    ///
    /// # Errors
    /// The first thing the server lacks.
    pub fn check_server(&self) -> Result<(), Error> {
        let schemas = self.client.schemas();
        schemas.require_method("stack", "POST", true)?;
        schemas.require_method("service", "GET", true)?;
        for service in self.project.services.values() {
            let kind = Kind::of(service);
            schemas.require_method(kind.schema_type(), "POST", true)?;
            if kind == Kind::LegacyLoadBalancer {
                schemas.require_method("setting", "GET", false)?;
            }
        }
        for action in ["activate", "deactivate", "setservicelinks"] {
            schemas.require_action("service", action)?;
        }
        Ok(())
    }

    /// Fails if a service to create has no image: building on the server is not supported.
    ///
    /// # Errors
    /// The first service with `build:` and no `image:`.
    pub fn check_images(&self) -> Result<(), Error> {
        for (name, service) in &self.project.services {
            if service.compose.build.is_some() && service.compose.image.is_none() {
                return Err(Error::Unsupported(format!(
                    "service `{name}` has `build:` and no `image:`; building on the server (0.12's build contexts and \
                     S3 uploads) is not supported: build and push the image, then name it with `image:`"
                )));
            }
        }
        Ok(())
    }

    /// Read-only checks of what the create requests will refer to, so a missing certificate or
    /// load balancer target stops the run before anything changes.
    ///
    /// # Errors
    /// The first reference that cannot be found.
    pub async fn check_references(&self) -> Result<(), Error> {
        for (name, service) in &self.project.services {
            let r = &service.rancher;
            if Kind::of(service) == Kind::LegacyLoadBalancer {
                for cert in r.default_cert.iter().chain(&r.certs) {
                    self.require_certificate(name, cert).await?;
                }
            }
            let Some(lb) = r.lb_config.as_ref() else { continue };
            for cert in lb.default_cert.iter().chain(&lb.certs) {
                self.require_certificate(name, cert).await?;
            }
            for target in lb.port_rules.iter().filter_map(|r| r.service.as_deref()) {
                let Some((stack_name, service_name)) = target.split_once('/') else { continue };
                let stacks =
                    self.client.list("stack", &[("name", stack_name), ("removed_null", "1")]).await?;
                let found = match stacks.first() {
                    Some(stack) => self.find_service(stack, service_name).await?.is_some(),
                    None => false,
                };
                if !found {
                    return Err(Error::NotFound(format!(
                        "load balancer `{name}`: no service `{target}` on the server"
                    )));
                }
            }
        }
        Ok(())
    }

    /// Fails unless the certificate `cert` that balancer `name` uses exists.
    async fn require_certificate(&self, name: &str, cert: &str) -> Result<(), Error> {
        if self.client.list("certificate", &[("name", cert), ("removed_null", "1")]).await?.is_empty() {
            return Err(Error::NotFound(format!(
                "load balancer `{name}`: no certificate `{cert}` on the server"
            )));
        }
        Ok(())
    }

    /// The project's stack, matched by name without regard to case (0.12 did the same).
    ///
    /// # Errors
    /// A request failed.
    pub async fn find_stack(&self) -> Result<Option<Value>, Error> {
        let name = &self.project.name;
        let same =
            |s: &&Value| s.get("name").and_then(Value::as_str).is_some_and(|n| n.eq_ignore_ascii_case(name));
        let direct = self.client.list("stack", &[("name", name), ("removed_null", "1")]).await?;
        if let Some(stack) = direct.iter().find(same) {
            return Ok(Some(stack.clone()));
        }
        // Case-sensitive databases do not match `name` across cases: scan every stack.
        let all = self.client.list("stack", &[("removed_null", "1")]).await?;
        Ok(all.iter().find(same).cloned())
    }

    /// The stack, created if it does not exist (with the `extra` fields, such as the catalog
    /// `externalId` and the answers as `environment`).
    ///
    /// # Errors
    /// A request failed.
    pub async fn ensure_stack(&self, extra: &serde_json::Map<String, Value>) -> Result<Value, Error> {
        if let Some(stack) = self.find_stack().await? {
            return Ok(stack);
        }
        self.reporter.note(&format!("Creating stack {}", self.project.name));
        let mut body = extra.clone();
        body.insert("name".into(), json!(self.project.name));
        let stack = self.client.create("stack", &Value::Object(body)).await?;
        Ok(until_settled(self.client, stack, &[], self.timeout).await?)
    }

    /// The service `name` of `stack`, if it exists.
    ///
    /// # Errors
    /// A request failed.
    pub async fn find_service(&self, stack: &Value, name: &str) -> Result<Option<Value>, Error> {
        let stack_id = id(stack);
        let found = self
            .client
            .list("service", &[("name", name), ("stackId", stack_id), ("removed_null", "1")])
            .await?;
        Ok(found.into_iter().next())
    }

    /// Runs `action` on a service and waits until it settles in one of `targets`, reporting
    /// `(doing, done)` around it: the one shape of every service transition we start.
    ///
    /// # Errors
    /// The service does not offer the action now, the server refused it, or the transition
    /// failed or took too long.
    pub async fn transition(
        &self,
        name: &str,
        service: &Value,
        action: &str,
        input: Option<&Value>,
        targets: &[&str],
        (doing, done): (&str, &str),
    ) -> Result<Value, Error> {
        self.reporter.event(name, doing);
        let moving = self.client.action(service, action, input).await?;
        let settled = until_settled(self.client, moving, targets, self.timeout).await?;
        self.reporter.event(name, done);
        Ok(settled)
    }

    /// Activates an existing service unless it is already active.
    ///
    /// # Errors
    /// A request or the transition failed.
    pub async fn start_service(&self, name: &str, service: Value) -> Result<Value, Error> {
        if state(&service) == "active" {
            return Ok(service);
        }
        self.transition(name, &service, "activate", None, &["active"], ("Starting", "Started")).await
    }

    /// Deactivates a service unless it is already inactive.
    ///
    /// # Errors
    /// A request or the transition failed.
    pub async fn stop_service(&self, name: &str, service: Value) -> Result<Value, Error> {
        if state(&service) == "inactive" {
            return Ok(service);
        }
        self.transition(name, &service, "deactivate", None, &["inactive"], ("Stopping", "Stopped")).await
    }

    /// Removes a service and waits until it is gone.
    ///
    /// # Errors
    /// A request or the transition failed.
    pub async fn remove_service(&self, name: &str, service: Value) -> Result<(), Error> {
        if matches!(state(&service).as_str(), "removing" | "removed") {
            return Ok(());
        }
        self.reporter.event(name, "Deleting");
        let removing = self.client.delete(&service).await?;
        until_settled(self.client, removing, &["removed", "purged"], self.timeout).await?;
        self.reporter.event(name, "Deleted");
        Ok(())
    }

    /// Restarts a service's containers in batches (`batch_size` at a time, `interval_ms` apart).
    ///
    /// # Errors
    /// The service cannot restart in its state, or the restart failed.
    pub async fn restart_service(
        &self,
        name: &str,
        service: Value,
        batch_size: u32,
        interval_ms: u64,
    ) -> Result<Value, Error> {
        // Zero means "the server's default", as the Go client sent it (omitted).
        let mut strategy = serde_json::Map::new();
        if batch_size > 0 {
            strategy.insert("batchSize".into(), json!(batch_size));
        }
        if interval_ms > 0 {
            strategy.insert("intervalMillis".into(), json!(interval_ms));
        }
        let input = json!({ "rollingRestartStrategy": strategy });
        self.transition(name, &service, "restart", Some(&input), &["active"], ("Restarting", "Restarted"))
            .await
    }

    /// Pulls `image` on the hosts (`cached`: only hosts that already have it) and waits until
    /// every host reports done.
    ///
    /// # Errors
    /// The pull failed on a host or did not finish in time.
    pub async fn pull_image(&self, image: &str, cached: bool) -> Result<(), Error> {
        self.reporter.event(image, "Pulling");
        let mode = if cached { "cached" } else { "all" };
        let task = self.client.create("pullTask", &json!({ "image": image, "mode": mode })).await?;
        let task = until_settled(self.client, task, &[], self.timeout).await?;
        let failed: Vec<String> = task
            .get("status")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter(|(_, status)| status.as_str() != Some("Done"))
            .map(|(host, status)| format!("{host}: {}", status.as_str().unwrap_or("unknown")))
            .collect();
        if !failed.is_empty() {
            return Err(Error::NotFound(format!("pulling `{image}` failed on {}", failed.join(", "))));
        }
        self.reporter.event(image, "Pulled");
        Ok(())
    }

    /// Sets a service's scale and waits until the server has reconciled it.
    ///
    /// # Errors
    /// A request or the transition failed.
    pub async fn scale_service(&self, name: &str, service: Value, scale: u32) -> Result<Value, Error> {
        self.reporter.event(name, &format!("Scaling to {scale}"));
        let updated = self.client.update(&service, &json!({ "scale": scale })).await?;
        let updated = until_settled(self.client, updated, &[], self.timeout).await?;
        self.reporter.event(name, "Scaled");
        Ok(updated)
    }

    fn service(&self, name: &str) -> Result<&crate::compose::ProjectService, Error> {
        self.project
            .services
            .get(name)
            .ok_or_else(|| Error::NotFound(format!("no service `{name}` in the compose files")))
    }
}

fn id(resource: &Value) -> &str {
    resource.get("id").and_then(Value::as_str).unwrap_or_default()
}

/// The `state` of a resource.
#[must_use]
pub fn state(resource: &Value) -> String {
    resource.get("state").and_then(Value::as_str).unwrap_or_default().to_owned()
}
