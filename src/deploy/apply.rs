//! Observing the live stack, planning every service against it, and applying the plans.
//!
//! One read of the stack's services gives the snapshot the plans are made from, so a run with
//! nothing to do makes a handful of requests and no change. Applying runs each service's steps
//! in order, every one waited for with the deadline; upgrades report their progress and can be
//! rolled back when they fail.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::{Value, json};

use super::kind::Kind;
use super::plan::{self, Flags, Live, Resolve, ServicePlan, Step, WantedLinks};
use super::request::{self, Resolved};
use super::wait::{WaitError, until_settled};
use super::{Deployer, Error, id, state};

/// The live stack and its services (by lower-case name, as Rancher matches names).
#[derive(Debug, Default)]
pub struct Snapshot {
    pub stack: Option<Value>,
    pub services: BTreeMap<String, Value>,
}

/// What happened to one service, for the summary and `--json`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Outcome {
    pub service: String,
    pub actions: Vec<String>,
    pub changed: bool,
    pub state: String,
    pub health: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// How a run applies its plans.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub flags: Flags,
    /// Activate services and run upgrades (`up`), or only create and link (`create`).
    pub start: bool,
    /// Succeed only when upgraded and started services are healthy.
    pub wait_healthy: bool,
    /// Pull images before upgrading.
    pub pull: bool,
}

/// A service whose steps failed.
#[derive(Debug)]
pub struct Failure {
    pub service: String,
    /// The failure happened in or while waiting for an upgrade.
    pub upgrade: bool,
    pub error: Error,
}

fn key(name: &str) -> String {
    name.to_lowercase()
}

impl Deployer<'_> {
    /// Reads the stack and its services. The `settle` services, when in a transition other
    /// than an upgrade, are waited for, so their plans start from settled states; the others
    /// are taken as they are.
    ///
    /// # Errors
    /// A request failed or a transition did not settle.
    pub async fn observe(&self, settle: &[String]) -> Result<Snapshot, Error> {
        let Some(stack) = self.find_stack().await? else { return Ok(Snapshot::default()) };
        let listed = self
            .client
            .list("service", &[("stackId", id(&stack)), ("removed_null", "1"), ("limit", "1000")])
            .await?;
        let mut services = BTreeMap::new();
        for service in listed {
            let transitioning = service.get("transitioning").and_then(Value::as_str) == Some("yes");
            let name = service.get("name").and_then(Value::as_str).unwrap_or_default();
            let selected = settle.iter().any(|s| s.eq_ignore_ascii_case(name));
            let service = if transitioning && selected && state(&service) != "upgrading" {
                until_settled(self.client, service, &[], self.timeout).await?
            } else {
                service
            };
            let name = service.get("name").and_then(Value::as_str).unwrap_or_default().to_owned();
            services.insert(key(&name), service);
        }
        Ok(Snapshot { stack: Some(stack), services })
    }

    /// Plans each named service against the snapshot.
    ///
    /// # Errors
    /// A request made to resolve a reference failed.
    pub async fn plan(
        &self,
        snapshot: &Snapshot,
        names: &[String],
        flags: &Flags,
    ) -> Result<Vec<ServicePlan>, Error> {
        let stack_id = snapshot.stack.as_ref().map(id).unwrap_or_default();
        let mut plans = Vec::with_capacity(names.len());
        for name in names {
            plans.push(self.plan_one(stack_id, &snapshot.services, name, flags).await?);
        }
        let created: Vec<String> = plans
            .iter()
            .filter(|p| p.steps.iter().any(|s| matches!(s, Step::Create)))
            .map(|p| p.service.clone())
            .collect();
        // A deployed balancer sending traffic to a service this run creates gets its rules
        // updated (the new target's id only exists once it is created).
        for plan in &mut plans {
            let Ok(config) = self.service(&plan.service) else { continue };
            let kind = Kind::of(config);
            let targets: Vec<String> = match kind {
                Kind::LegacyLoadBalancer => super::legacy_lb::targets(config),
                Kind::LoadBalancer => config
                    .rancher
                    .lb_config
                    .iter()
                    .flat_map(|lb| lb.port_rules.iter().filter_map(|r| r.service.clone()))
                    .collect(),
                _ => Vec::new(),
            };
            let settled = matches!(plan.state.as_deref(), Some("active" | "inactive"));
            let updates_rules = plan.steps.iter().any(|s| match s {
                Step::Update { fields } => fields.iter().any(|f| f == "lbConfig"),
                Step::Create => true,
                _ => false,
            });
            if settled && !updates_rules && targets.iter().any(|t| created.contains(t)) {
                match plan.steps.iter_mut().find_map(|s| match s {
                    Step::Update { fields } => Some(fields),
                    _ => None,
                }) {
                    Some(fields) => fields.push("lbConfig".into()),
                    None => plan.steps.insert(0, Step::Update { fields: vec!["lbConfig".into()] }),
                }
            }
        }
        // A deployed service linking to one this run creates gets its links set too.
        for plan in &mut plans {
            let Ok(config) = self.service(&plan.service) else { continue };
            let links_new = request::wanted_links(config).iter().any(|(target, _)| created.contains(target));
            let has_links = plan.steps.iter().any(|s| matches!(s, Step::Links { .. } | Step::Create));
            if links_new && !has_links && Kind::of(config).takes_links() {
                let links = request::wanted_links(config).into_iter().map(|(t, a)| a.unwrap_or(t)).collect();
                // Before a confirmation or activation, as for a new service.
                let at = plan
                    .steps
                    .iter()
                    .position(|s| matches!(s, Step::Confirm | Step::Activate))
                    .unwrap_or(plan.steps.len());
                plan.steps.insert(at, Step::Links { links });
            }
        }
        Ok(plans)
    }

    async fn plan_one(
        &self,
        stack_id: &str,
        known: &BTreeMap<String, Value>,
        name: &str,
        flags: &Flags,
    ) -> Result<ServicePlan, Error> {
        let live_service = known.get(&key(name));
        let (resolved, links) = self.references(known, name).await?;
        let desired = request::create_body(self.project, name, stack_id, &resolved);
        let kind = self.service(name).map(Kind::of)?;
        let updatable = self.client.schemas().updatable_fields(kind.schema_type());
        let live = live_service.map(|service| Live {
            service,
            links: service.get("linkedServices").and_then(Value::as_object).cloned().unwrap_or_default(),
        });
        Ok(plan::service(self.project, name, &desired, &updatable, &links, live.as_ref(), flags))
    }

    /// The load balancer targets, certificates and links of `name`, resolved to ids as far as
    /// they exist.
    async fn references(
        &self,
        known: &BTreeMap<String, Value>,
        name: &str,
    ) -> Result<(Resolved, WantedLinks), Error> {
        let config = self.service(name)?;
        let mut resolved = Resolved::default();
        let r = &config.rancher;
        let (targets, certs): (Vec<String>, Vec<&String>) = if Kind::of(config) == Kind::LegacyLoadBalancer {
            let image = self.client.by_id("setting", "lb.instance.image").await?;
            resolved.lb_image = image.and_then(|s| s.get("value").and_then(Value::as_str).map(str::to_owned));
            (super::legacy_lb::targets(config), r.default_cert.iter().chain(&r.certs).collect())
        } else if let Some(lb) = r.lb_config.as_ref() {
            let targets = lb.port_rules.iter().filter_map(|r| r.service.clone()).collect();
            (targets, lb.default_cert.iter().chain(&lb.certs).collect())
        } else {
            (Vec::new(), Vec::new())
        };
        for target in targets {
            if let Some(found) = self.find_known(known, &target).await? {
                resolved.services.push((target, id(&found).to_owned()));
            }
        }
        for cert in certs {
            let found = self.client.list("certificate", &[("name", cert), ("removed_null", "1")]).await?;
            if let Some(c) = found.first() {
                resolved.certificates.push((cert.clone(), id(c).to_owned()));
            }
        }
        let mut links = Vec::new();
        for (target, alias) in request::wanted_links(config) {
            let found = self.find_known(known, &target).await?;
            if found.is_none() && !self.project.services.contains_key(&target) {
                self.reporter
                    .warn(&format!("cannot find service `{target}` for a link of `{name}`; skipped"));
                continue;
            }
            links.push((alias.unwrap_or(target), found.map(|f| id(&f).to_owned())));
        }
        Ok((resolved, links))
    }

    /// `service` from the stack's known services, or `stack/service` from the server.
    async fn find_known(
        &self,
        known: &BTreeMap<String, Value>,
        target: &str,
    ) -> Result<Option<Value>, Error> {
        match target.split_once('/') {
            Some((stack_name, service)) => {
                let stacks =
                    self.client.list("stack", &[("name", stack_name), ("removed_null", "1")]).await?;
                match stacks.first() {
                    Some(other) => self.find_service(other, service).await,
                    None => Ok(None),
                }
            }
            None => Ok(known.get(&key(target)).cloned()),
        }
    }
}

/// One application of plans to a stack.
pub struct Run<'r, 'a> {
    deployer: &'r Deployer<'a>,
    stack: Value,
    options: Options,
    known: Mutex<BTreeMap<String, Value>>,
    /// Services whose upgrade this run started, in the order it started them.
    upgrades: Mutex<Vec<String>>,
    outcomes: Mutex<BTreeMap<String, Outcome>>,
    /// Services this run created: they are never upgraded in the same run.
    created: Mutex<Vec<String>>,
}

impl<'r, 'a> Run<'r, 'a> {
    #[must_use]
    pub fn new(deployer: &'r Deployer<'a>, stack: Value, snapshot: Snapshot, options: Options) -> Self {
        Self {
            deployer,
            stack,
            options,
            known: Mutex::new(snapshot.services),
            upgrades: Mutex::new(Vec::new()),
            outcomes: Mutex::new(BTreeMap::new()),
            created: Mutex::new(Vec::new()),
        }
    }

    fn known(&self) -> BTreeMap<String, Value> {
        self.known.lock().map(|k| k.clone()).unwrap_or_default()
    }

    fn remember(&self, name: &str, service: &Value) {
        if let Ok(mut known) = self.known.lock() {
            known.insert(key(name), service.clone());
        }
    }

    fn record(&self, name: &str, action: Option<String>, service: Option<&Value>, error: Option<String>) {
        let Ok(mut outcomes) = self.outcomes.lock() else { return };
        let outcome = outcomes
            .entry(name.to_owned())
            .or_insert_with(|| Outcome { service: name.to_owned(), ..Outcome::default() });
        if let Some(action) = action {
            outcome.actions.push(action);
            outcome.changed = true;
        }
        if let Some(service) = service {
            outcome.state = state(service);
            outcome.health = text(service, "healthState");
        }
        if error.is_some() {
            outcome.error = error;
        }
    }

    /// The outcome of every service the run looked at, in name order.
    #[must_use]
    pub fn outcomes(&self) -> Vec<Outcome> {
        self.outcomes.lock().map(|o| o.values().cloned().collect()).unwrap_or_default()
    }

    /// How many changes the server has accepted in this run (stack and volumes included).
    #[must_use]
    pub fn mutations(&self) -> usize {
        self.deployer.client.mutations()
    }

    /// The services whose upgrade this run started.
    #[must_use]
    pub fn started_upgrades(&self) -> Vec<String> {
        self.upgrades.lock().map(|u| u.clone()).unwrap_or_default()
    }

    /// Creates `name` if it does not exist yet (left inactive).
    ///
    /// # Errors
    /// The create request or its wait failed.
    pub async fn create(&self, name: &str) -> Result<(), Failure> {
        let fail = |error| Failure { service: name.to_owned(), upgrade: false, error };
        if self.known().contains_key(&key(name)) {
            return Ok(());
        }
        check_interrupt().map_err(fail)?;
        let d = self.deployer;
        let known = self.known();
        let (resolved, _) = d.references(&known, name).await.map_err(fail)?;
        let body = request::create_body(d.project, name, id(&self.stack), &resolved);
        let kind = d.service(name).map(Kind::of).map_err(fail)?;
        d.reporter.event(name, "Creating");
        let created = d.client.create(kind.schema_type(), &body).await.map_err(|e| fail(e.into()))?;
        self.record(name, Some("create".into()), Some(&created), None);
        let created = until_settled(d.client, created, &["inactive", "active"], d.timeout)
            .await
            .map_err(|e| fail(e.into()))?;
        self.remember(name, &created);
        if let Ok(mut list) = self.created.lock() {
            list.push(name.to_owned());
        }
        self.record(name, None, Some(&created), None);
        d.reporter.event(name, "Created");
        Ok(())
    }

    /// Plans `name` against what is known now and runs its steps (all of them for `up`; only
    /// the links for `create`).
    ///
    /// # Errors
    /// A step failed; the failure says whether it was an upgrade.
    pub async fn apply(&self, name: &str) -> Result<(), Failure> {
        let d = self.deployer;
        let fail = |error| Failure { service: name.to_owned(), upgrade: false, error };
        let known = self.known();
        // A service created moments ago by this run is new, whatever the server filled in.
        let created_now = self.created.lock().is_ok_and(|c| c.iter().any(|n| n == name));
        let flags = if created_now {
            Flags { upgrade: false, force: false, ..self.options.flags.clone() }
        } else {
            self.options.flags.clone()
        };
        let plan = d.plan_one(id(&self.stack), &known, name, &flags).await.map_err(fail)?;
        if let Some(reason) = plan.blocked.clone() {
            return Err(fail(Error::Unsupported(reason)));
        }
        let mut service = known.get(&key(name)).cloned().unwrap_or(Value::Null);
        let normal = d.service(name).is_ok_and(|c| Kind::of(c) == Kind::Normal);
        if self.options.pull && self.options.start && plan.upgrades() && normal {
            // Before any step: a failed pull leaves the service as it was.
            for image in images(d.project, d.service(name).map_err(fail)?) {
                check_interrupt().map_err(fail)?;
                d.pull_image(&image, false).await.map_err(fail)?;
            }
        }
        for step in &plan.steps {
            if !self.options.start && !matches!(step, Step::Links { .. }) {
                continue;
            }
            check_interrupt().map_err(fail)?;
            match self.step(name, step, service).await {
                Ok(next) => {
                    self.remember(name, &next);
                    self.record(name, step.mutates().then(|| step.label()), Some(&next), None);
                    service = next;
                }
                Err(error) => {
                    self.record(name, None, None, Some(error.to_string()));
                    // Only an upgrade the server accepted can be rolled back or left for
                    // inspection; a refused request changed nothing.
                    let upgrade = self.started_upgrades().iter().any(|n| n == name);
                    return Err(Failure { service: name.to_owned(), upgrade, error });
                }
            }
        }
        if self.options.start && self.options.wait_healthy && plan.changes() {
            service = self.until_healthy(name, service).await.map_err(|error| {
                self.record(name, None, None, Some(error.to_string()));
                let upgrade = self.started_upgrades().iter().any(|n| n == name);
                Failure { service: name.to_owned(), upgrade, error }
            })?;
        }
        self.record(name, None, (!service.is_null()).then_some(&service), None);
        Ok(())
    }

    async fn step(&self, name: &str, step: &Step, service: Value) -> Result<Value, Error> {
        let d = self.deployer;
        match step {
            Step::Create => Ok(service),
            Step::Update { fields } => {
                // The body is worked out now that every target exists. The metadata always goes
                // along, so its stored service hash follows the change.
                let (resolved, _) = d.references(&self.known(), name).await?;
                let desired = request::create_body(d.project, name, id(&self.stack), &resolved);
                let mut body: serde_json::Map<String, Value> =
                    fields.iter().filter_map(|f| Some((f.clone(), desired.get(f)?.clone()))).collect();
                // A `PUT` replaces the whole metadata map: keep the keys set elsewhere, and
                // refresh the stored service hash.
                let mut metadata =
                    service.get("metadata").and_then(Value::as_object).cloned().unwrap_or_default();
                if let Some(wanted) = desired.get("metadata").and_then(Value::as_object) {
                    metadata.extend(wanted.iter().map(|(k, v)| (k.clone(), v.clone())));
                }
                body.insert("metadata".into(), Value::Object(metadata));
                d.reporter.event(name, &format!("Updating {}", fields.join(", ")));
                let updated = d.client.update(&service, &Value::Object(body)).await?;
                let updated = until_settled(d.client, updated, &[], d.timeout).await?;
                d.reporter.event(name, "Updated");
                Ok(updated)
            }
            Step::Pending { resolve } => self.resolve_pending(name, *resolve, service).await,
            Step::Upgrade { forced, .. } => self.upgrade(name, service, *forced).await,
            Step::Links { .. } => d.set_links_known(&self.known(), name, service).await,
            Step::Confirm => self.confirm(name, service).await,
            Step::Activate => d.start_service(name, service).await,
        }
    }

    async fn resolve_pending(&self, name: &str, resolve: Resolve, service: Value) -> Result<Value, Error> {
        let d = self.deployer;
        // This run carries such an upgrade on: its failure is an upgrade failure.
        match resolve {
            Resolve::Wait => {
                self.started(name);
                d.reporter.event(name, "Waiting for the upgrade under way");
                self.until_upgraded(name, service).await
            }
            Resolve::Continue => {
                d.reporter.event(name, "Continuing the canceled upgrade");
                let continued = d.client.action(&service, "continueupgrade", None).await?;
                self.started(name);
                self.until_upgraded(name, continued).await
            }
            Resolve::Confirm => self.confirm(name, service).await,
            Resolve::Rollback => self.rollback(name, service).await,
        }
    }

    /// Upgrades `name` in service: the strategy is worked out against the service as it is now
    /// (a pending upgrade may just have been resolved).
    async fn upgrade(&self, name: &str, service: Value, forced: bool) -> Result<Value, Error> {
        let d = self.deployer;
        let config = d.service(name)?;
        let service = d.client.reload(&service).await?;
        let (input, _) = plan::upgrade_strategy(d.project, config, &service, forced, &self.options.flags);
        d.reporter.event(name, "Upgrading");
        let upgrading = d.client.action(&service, "upgrade", Some(&input)).await?;
        self.started(name);
        self.record(name, None, Some(&upgrading), None);
        let upgraded = self.until_upgraded(name, upgrading).await?;
        d.reporter.event(name, "Upgraded");
        Ok(upgraded)
    }

    fn started(&self, name: &str) {
        if let Ok(mut started) = self.upgrades.lock()
            && !started.iter().any(|n| n == name)
        {
            started.push(name.to_owned());
        }
    }

    /// Finishes an upgrade, first waiting for it to reach `upgraded`.
    async fn confirm(&self, name: &str, service: Value) -> Result<Value, Error> {
        let d = self.deployer;
        let service =
            if state(&service) == "upgraded" { service } else { self.until_upgraded(name, service).await? };
        let events = ("Confirming the upgrade", "Upgrade confirmed");
        let done = d.transition(name, &service, "finishupgrade", None, &["active"], events).await?;
        // Confirmed: there is no way back, so later failures are not upgrade failures.
        if let Ok(mut started) = self.upgrades.lock() {
            started.retain(|n| n != name);
        }
        Ok(done)
    }

    async fn rollback(&self, name: &str, service: Value) -> Result<Value, Error> {
        self.deployer
            .transition(name, &service, "rollback", None, &["active"], ("Rolling back", "Rolled back"))
            .await
    }

    /// Waits until an upgrade reaches `upgraded`, reporting its batches as they go.
    async fn until_upgraded(&self, name: &str, service: Value) -> Result<Value, Error> {
        let d = self.deployer;
        let started = Instant::now();
        let mut last = String::new();
        let mut current = service;
        let mut delay = Duration::from_millis(100);
        loop {
            check_interrupt()?;
            let st = state(&current);
            let transitioning = text(&current, "transitioning");
            if transitioning == "error" {
                return Err(WaitError::Failed {
                    what: format!("upgrade of `{name}`"),
                    state: st,
                    message: text(&current, "transitioningMessage"),
                }
                .into());
            }
            if transitioning != "yes" {
                if st == "upgraded" {
                    return Ok(current);
                }
                return Err(WaitError::Failed {
                    what: format!("upgrade of `{name}`"),
                    state: st,
                    message: "the upgrade ended without reaching `upgraded`".into(),
                }
                .into());
            }
            if let Ok(progress) = self.upgrade_progress(&current).await
                && progress != last
            {
                d.reporter
                    .event(name, &format!("Upgrading: {progress} ({:.1}s)", started.elapsed().as_secs_f64()));
                last = progress;
            }
            if !d.timeout.is_zero() && started.elapsed() >= d.timeout {
                let containers = self.failing_containers(&current).await;
                return Err(WaitError::Timeout {
                    what: format!("upgrade of `{name}`"),
                    seconds: d.timeout.as_secs(),
                    state: st,
                    message: Some(containers).filter(|c| !c.is_empty()),
                }
                .into());
            }
            tokio::time::sleep(delay).await;
            delay = (delay * 3 / 2).min(Duration::from_millis(250));
            current = d.client.reload(&current).await?;
        }
    }

    /// Waits until the service reports itself healthy.
    async fn until_healthy(&self, name: &str, service: Value) -> Result<Value, Error> {
        let d = self.deployer;
        let started = Instant::now();
        let mut current = service;
        loop {
            check_interrupt()?;
            if matches!(text(&current, "healthState").as_str(), "healthy" | "started-once") {
                return Ok(current);
            }
            if !d.timeout.is_zero() && started.elapsed() >= d.timeout {
                let containers = self.failing_containers(&current).await;
                return Err(WaitError::Timeout {
                    what: format!("`{name}` becoming healthy"),
                    seconds: d.timeout.as_secs(),
                    state: format!("{}, {}", state(&current), text(&current, "healthState")),
                    message: Some(containers).filter(|c| !c.is_empty()),
                }
                .into());
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
            current = d.client.reload(&current).await?;
        }
    }

    /// `n/m new running (k healthy), o old`, from the service's containers.
    async fn upgrade_progress(&self, service: &Value) -> Result<String, Error> {
        let containers = self.containers(service).await?;
        let versions = current_versions(service);
        let (new, old): (Vec<&Value>, Vec<&Value>) =
            containers.iter().partition(|c| versions.contains(&text(c, "version")));
        let running = new.iter().filter(|c| state(c) == "running").count();
        let healthy = new.iter().filter(|c| state(c) == "running" && is_healthy(c)).count();
        let scale = service.get("scale").and_then(Value::as_u64).unwrap_or(0);
        let wanted = scale * u64::try_from(versions.len()).unwrap_or(1);
        let batch = service
            .pointer("/upgrade/inServiceStrategy/batchSize")
            .and_then(Value::as_u64)
            .unwrap_or(1)
            .max(1);
        let units = running as u64 / u64::try_from(versions.len()).unwrap_or(1).max(1);
        Ok(format!(
            "batch {} of {}, {running}/{wanted} new containers running ({healthy} healthy), {} old",
            units.div_ceil(batch).min(scale.div_ceil(batch)),
            scale.div_ceil(batch),
            old.len()
        ))
    }

    async fn containers(&self, service: &Value) -> Result<Vec<Value>, Error> {
        let Some(url) = service.pointer("/links/instances").and_then(Value::as_str) else {
            return Ok(Vec::new());
        };
        Ok(self.deployer.client.list_url(url).await?)
    }

    /// The service's containers that are not running and healthy, as `name (state, health)`.
    async fn failing_containers(&self, service: &Value) -> String {
        let Ok(containers) = self.containers(service).await else { return String::new() };
        let versions = current_versions(service);
        let failing: Vec<String> = containers
            .iter()
            .filter(|c| versions.contains(&text(c, "version")) || versions.iter().all(String::is_empty))
            .filter(|c| state(c) != "running" || !is_healthy(c))
            .map(|c| {
                let health = text(c, "healthState");
                let health = if health.is_empty() { String::new() } else { format!(", {health}") };
                format!("{} ({}{health})", text(c, "name"), state(c))
            })
            .collect();
        if failing.is_empty() {
            String::new()
        } else {
            format!("containers not ready: {}", failing.join(", "))
        }
    }

    /// Brings `name` up at scale 0 (the target of a rolling upgrade, which the server then
    /// grows): created if missing, scaled to 0, linked and activated. Returns the service.
    ///
    /// # Errors
    /// A request or a wait failed.
    pub async fn up_at_scale_zero(&self, name: &str) -> Result<Value, Error> {
        let d = self.deployer;
        let created = !self.known().contains_key(&key(name));
        if created {
            self.create(name).await.map_err(|f| f.error)?;
        }
        let mut service = self.known().get(&key(name)).cloned().unwrap_or(Value::Null);
        if created {
            service = d.scale_service(name, service, 0).await?;
        }
        if Kind::of(d.service(name)?).takes_links() {
            service = d.set_links_known(&self.known(), name, service).await?;
        }
        let service = d.start_service(name, service).await?;
        self.remember(name, &service);
        Ok(service)
    }

    /// Undoes the upgrades this run started: an upgrade still under way is canceled first.
    /// Returns each service with how it went: rolled back (`true`), or already confirmed and
    /// so without a way back (`false`).
    pub async fn roll_back_started(&self) -> Vec<(String, Result<bool, Error>)> {
        let d = self.deployer;
        let mut results = Vec::new();
        for name in self.started_upgrades() {
            let result = async {
                let Some(service) = self.known().get(&key(&name)).cloned() else { return Ok(false) };
                let mut service = d.client.reload(&service).await?;
                // A confirmed upgrade has no way back: its old containers are gone.
                if !matches!(state(&service).as_str(), "upgrading" | "upgraded" | "canceled-upgrade") {
                    return Ok(false);
                }
                if state(&service) == "upgrading" {
                    let events = ("Canceling the upgrade", "Upgrade canceled");
                    service = d
                        .transition(&name, &service, "cancelupgrade", None, &["canceled-upgrade"], events)
                        .await?;
                }
                let done = self.rollback(&name, service).await?;
                self.remember(&name, &done);
                self.record(&name, Some("rollback".into()), Some(&done), None);
                Ok(true)
            }
            .await;
            results.push((name, result));
        }
        results
    }
}

impl Deployer<'_> {
    /// Replaces the links of `service` with the wanted ones, resolved against `known`.
    async fn set_links_known(
        &self,
        known: &BTreeMap<String, Value>,
        name: &str,
        service: Value,
    ) -> Result<Value, Error> {
        let (_, wanted) = self.references(known, name).await?;
        let links: Vec<(String, Option<String>, String)> = request::wanted_links(self.service(name)?)
            .into_iter()
            .filter_map(|(target, alias)| {
                let link_name = alias.clone().unwrap_or_else(|| target.clone());
                let (_, found) = wanted.iter().find(|(n, _)| *n == link_name)?;
                Some((target, alias, found.clone()?))
            })
            .collect();
        self.reporter.event(name, "Linking");
        let linked =
            self.client.action(&service, "setservicelinks", Some(&request::service_links(&links))).await?;
        Ok(until_settled(self.client, linked, &[], self.timeout).await?)
    }
}

/// The images of a service and its sidekicks.
#[must_use]
pub fn images(project: &crate::compose::Project, config: &crate::compose::ProjectService) -> Vec<String> {
    let sidekicks = config.sidekicks().into_iter().filter_map(|s| project.services.get(s));
    let mut images: Vec<String> = Vec::new();
    for image in std::iter::once(config).chain(sidekicks).filter_map(|s| s.compose.image.clone()) {
        if !images.contains(&image) {
            images.push(image);
        }
    }
    images
}

/// The versions of a service's current launch configs (primary and sidekicks): containers of
/// other versions are the old ones of an upgrade.
fn current_versions(service: &Value) -> Vec<String> {
    let sidekicks = service.get("secondaryLaunchConfigs").and_then(Value::as_array).into_iter().flatten();
    service.get("launchConfig").into_iter().chain(sidekicks).map(|lc| text(lc, "version")).collect()
}

/// Running containers without a health check count as healthy.
fn is_healthy(container: &Value) -> bool {
    matches!(text(container, "healthState").as_str(), "" | "healthy")
}

fn check_interrupt() -> Result<(), Error> {
    if crate::interrupt::requested() { Err(Error::Interrupted) } else { Ok(()) }
}

fn text(resource: &Value, key: &str) -> String {
    resource.get(key).and_then(Value::as_str).unwrap_or_default().to_owned()
}

/// The JSON summary line of a run.
#[must_use]
pub fn summary(outcomes: &[Outcome], status: &str) -> Value {
    json!({ "result": status, "services": outcomes })
}
