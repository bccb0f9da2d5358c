//! Reading what a plan is made from: the stack, its services (one list request), and the
//! resources the project refers to elsewhere (services of other stacks, certificates, the
//! legacy balancer image, volume templates and external volumes). Only reads.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::Value;

use crate::api::{Certificate, Client, Service, Stack, State};
use crate::compose::Project;

use super::Error;
use super::kind::Kind;
use super::plan::{balancer_targets, certificates};
use super::request;
use super::volumes::{self, Wanted};
use super::wait::until_settled;

/// The server's side of a run.
#[derive(Debug, Clone, Default)]
pub(crate) struct Observed {
    pub stack: Option<Stack>,
    /// The stack's services by lower-case name (Rancher matches names without case).
    pub services: BTreeMap<String, Service>,
    /// `stack/service` references → the service's id, if it exists.
    pub remote: BTreeMap<String, Option<String>>,
    /// Certificate name → id, if it exists.
    pub certificates: BTreeMap<String, Option<String>>,
    /// The server's load balancer image (setting `lb.instance.image`), for legacy balancers.
    pub lb_image: Option<String>,
    /// The stack's volume templates by name.
    pub volume_templates: BTreeMap<String, Value>,
    /// External volume name → whether it exists.
    pub external_volumes: BTreeMap<String, bool>,
}

impl Observed {
    /// The deployed service `name`.
    #[must_use]
    pub(crate) fn service(&self, name: &str) -> Option<&Service> {
        self.services.get(&name.to_lowercase())
    }

    #[must_use]
    pub(crate) fn stack_id(&self) -> Option<&str> {
        self.stack.as_ref().map(Stack::id)
    }
}

/// The project's stack, matched by name without regard to case (0.12 did the same).
///
/// # Errors
/// A request failed.
pub(crate) async fn find_stack(client: &Client, name: &str) -> Result<Option<Stack>, Error> {
    let same = |s: &&Stack| s.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(name));
    let direct: Vec<Stack> = client.list_as("stack", &[("name", name), ("removed_null", "1")]).await?;
    if let Some(stack) = direct.iter().find(same) {
        return Ok(Some(stack.clone()));
    }
    // Case-sensitive databases do not match `name` across cases: scan every stack.
    let all: Vec<Stack> = client.list_as("stack", &[("removed_null", "1")]).await?;
    Ok(all.iter().find(same).cloned())
}

/// The services of the stack `stack_id`, by lower-case name.
///
/// # Errors
/// A request failed.
pub(crate) async fn services(client: &Client, stack_id: &str) -> Result<BTreeMap<String, Service>, Error> {
    let listed: Vec<Service> =
        client.list_as("service", &[("stackId", stack_id), ("removed_null", "1"), ("limit", "1000")]).await?;
    Ok(listed.into_iter().map(|s| (s.name().to_lowercase(), s)).collect())
}

/// Reads the stack named `stack`, its services and, with `references`, what `project` refers
/// to. The `settle` services, when in a transition other than an upgrade, are waited for (up
/// to `timeout`), so plans start from settled states.
///
/// # Errors
/// A request failed or a transition did not settle.
pub(crate) async fn observe(
    client: &Client,
    stack: &str,
    project: Option<&Project>,
    settle: &[String],
    timeout: Duration,
) -> Result<Observed, Error> {
    let mut observed = Observed { stack: find_stack(client, stack).await?, ..Observed::default() };
    if let Some(found) = &observed.stack {
        for (name, service) in services(client, found.id()).await? {
            let selected = settle.iter().any(|s| s.eq_ignore_ascii_case(&name));
            let service = if service.is_transitioning() && selected && *service.state() != State::Upgrading {
                until_settled(client, service, &[], timeout).await?
            } else {
                service
            };
            observed.services.insert(name, service);
        }
    }
    if let Some(project) = project {
        references(client, project, &mut observed).await?;
    }
    Ok(observed)
}

/// Looks up what the project refers to outside its stack.
async fn references(client: &Client, project: &Project, observed: &mut Observed) -> Result<(), Error> {
    let mut remote: Vec<String> = Vec::new();
    let mut certs: Vec<String> = Vec::new();
    let mut legacy = false;
    for service in project.services.values() {
        let links = request::wanted_links(service).into_iter().map(|(target, _)| target);
        remote.extend(links.chain(balancer_targets(service)).filter(|t| t.contains('/')));
        certs.extend(certificates(service));
        legacy |= Kind::of(service) == Kind::LegacyLoadBalancer;
    }
    for target in remote {
        if observed.remote.contains_key(&target) {
            continue;
        }
        let Some((stack_name, service)) = target.split_once('/') else { continue };
        let stacks: Vec<Stack> =
            client.list_as("stack", &[("name", stack_name), ("removed_null", "1")]).await?;
        let found = match stacks.first() {
            Some(other) => client
                .list_as::<Service>(
                    "service",
                    &[("name", service), ("stackId", other.id()), ("removed_null", "1")],
                )
                .await?
                .first()
                .map(|s| s.id().to_owned()),
            None => None,
        };
        observed.remote.insert(target, found);
    }
    for cert in certs {
        if observed.certificates.contains_key(&cert) {
            continue;
        }
        let found: Vec<Certificate> =
            client.list_as("certificate", &[("name", cert.as_str()), ("removed_null", "1")]).await?;
        observed.certificates.insert(cert, found.first().map(|c| c.id().to_owned()));
    }
    if legacy {
        let image: Option<Value> = client.by_id("setting", "lb.instance.image").await?;
        observed.lb_image = image.and_then(|s| s.get("value").and_then(Value::as_str).map(str::to_owned));
    }
    for (name, spec) in &project.volumes {
        match volumes::wanted(name, spec) {
            Wanted::External(volume) => {
                let found =
                    client.list("volume", &[("name", volume.as_str()), ("removed_null", "1")]).await?;
                observed.external_volumes.insert(volume, !found.is_empty());
            }
            Wanted::Template(_) => {
                let Some(stack) = observed.stack.as_ref() else { continue };
                let filters = [("name", name.as_str()), ("stackId", stack.id()), ("removed_null", "1")];
                if let Some(template) = client.list("volumeTemplate", &filters).await?.into_iter().next() {
                    observed.volume_templates.insert(name.clone(), template);
                }
            }
        }
    }
    Ok(())
}
