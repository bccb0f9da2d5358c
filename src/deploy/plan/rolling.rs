//! The plan of `upgrade FROM TO`, a rolling upgrade to another service batched by the server
//! (`toServiceStrategy`), as rancher-compose 0.12 ran it: TO is created if missing and brought
//! to scale 0, linked and activated; TO's images are pulled if asked; one `upgrade` action on
//! FROM moves the containers over; with cleanup, FROM is removed once drained.

use serde_json::{Map, json};

use crate::api::{self, Schemas};
use crate::compose::Project;
use crate::deploy::kind::Kind;
use crate::deploy::observe::Observed;

use super::up::{UpOptions, images};
use super::{Action, StackPlan, created_by, step_id};

/// The label that runs one container on every host; such services cannot move to another.
const GLOBAL_LABEL: &str = "io.rancher.scheduler.global";

/// What `upgrade FROM TO` is asked to do.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rolling {
    pub from: String,
    pub to: String,
    pub batch_size: u32,
    pub interval_ms: u64,
    /// TO's final scale; `None`: FROM's scale.
    pub final_scale: Option<u64>,
    pub update_links: bool,
    pub wait: bool,
    pub cleanup: bool,
    pub pull: bool,
}

/// Plans the rolling upgrade.
///
/// # Errors
/// FROM is not deployed or cannot be upgraded now, or FROM or TO is a global service.
pub(crate) fn rolling(
    project: &Project,
    observed: &Observed,
    schemas: &Schemas,
    r: &Rolling,
    opts: &UpOptions,
) -> Result<StackPlan, String> {
    let Some(from) = observed.service(&r.from) else {
        return Err(format!(
            "service `{}` is not deployed in stack `{}`; there is nothing to upgrade from",
            r.from, project.name
        ));
    };
    refuse_global(&r.from, from)?;
    if let Some(to) = project.services.get(&r.to)
        && to.compose.labels.get(GLOBAL_LABEL).is_some_and(|v| v == "true")
    {
        return Err(format!(
            "`{}` is a global service (one container per host); upgrading to it is not supported",
            r.to
        ));
    }
    if let Some(to) = observed.service(&r.to) {
        refuse_global(&r.to, to)?;
    }
    if !from.offers("upgrade") {
        return Err(format!(
            "service `{}` is `{}`; it must be active or inactive to upgrade (a pending upgrade must be confirmed or rolled back first)",
            r.from,
            from.state()
        ));
    }
    let from_scale = from.scale().unwrap_or(0);
    let final_scale = r.final_scale.unwrap_or_else(|| from.scale().unwrap_or(1));

    // TO as `up` would bring it, without upgrades; new, it starts at scale 0 (0.12 created it
    // with its configured scale, then set 0).
    let to_opts = UpOptions {
        flags: super::Flags::default(),
        selected: vec![r.to.clone()],
        pull: false,
        wait_healthy: false,
        create_only: false,
        mask: opts.mask.clone(),
        stack_fields: Map::new(),
        build_stamp: opts.build_stamp,
    };
    let mut plan = super::up(project, observed, schemas, &to_opts);
    if let Some(blocked) = plan.blocked().first() {
        return Err(blocked.clone());
    }
    if observed.service(&r.to).is_none() {
        let created = step_id(&r.to, "create");
        let scale_id = step_id(&r.to, "scale");
        let change = opts.mask.change("scale", None, Some(&json!(0)));
        plan.push(
            scale_id.clone(),
            Some(&r.to),
            Action::Scale { scale: 0 },
            vec![change],
            vec![created.clone()],
        );
        // Links and activation come after the scale.
        for step in plan.steps.iter_mut().filter(|s| s.service.as_deref() == Some(&r.to)) {
            if follows_the_scale(&step.action) && step.after.contains(&created) {
                step.after.retain(|a| *a != created);
                step.after.push(scale_id.clone());
            }
        }
        let at = plan.steps.iter().position(|s| s.id == created).map_or(plan.steps.len(), |i| i + 1);
        if let Some(scale) = plan.steps.pop() {
            plan.steps.insert(at, scale);
        }
    }
    let mut after: Vec<String> = plan.last_of(&r.to).into_iter().collect();
    if r.pull
        && let Some(config) = project.services.get(&r.to)
        && Kind::of(config) == Kind::Normal
    {
        for image in images(project, config) {
            let id = format!("pull:{image}");
            plan.push(id.clone(), None, Action::Pull { image, cached: false }, Vec::new(), Vec::new());
            after.push(id);
        }
    }
    let to_id = match observed.service(&r.to).and_then(|s| s.id.as_deref()) {
        Some(id) => id.to_owned(),
        None => created_by(&step_id(&r.to, "create")),
    };
    let mut strategy = Map::new();
    if r.batch_size > 0 {
        strategy.insert("batchSize".into(), json!(r.batch_size));
    }
    if final_scale > 0 {
        strategy.insert("finalScale".into(), json!(final_scale));
    }
    if r.interval_ms > 0 {
        strategy.insert("intervalMillis".into(), json!(r.interval_ms));
    }
    strategy.insert("toServiceId".into(), json!(to_id));
    if r.update_links {
        strategy.insert("updateLinks".into(), json!(true));
    }
    let input = json!({ "toServiceStrategy": strategy });
    let upgrade = step_id(&r.from, "upgrade-to");
    let changes = vec![
        opts.mask.change(&format!("{}.scale", r.from), Some(&json!(from_scale)), Some(&json!(0))),
        opts.mask.change(&format!("{}.scale", r.to), None, Some(&json!(final_scale))),
    ];
    plan.services.push(super::ServiceView {
        service: r.from.clone(),
        kind: from.kind.as_deref().map_or("service", Kind::schema_name),
        state: Some(from.state().to_string()),
        notes: Vec::new(),
        blocked: None,
    });
    let wait = r.wait || r.cleanup;
    plan.push(
        upgrade.clone(),
        Some(&r.from),
        Action::UpgradeTo { to: r.to.clone(), input, wait },
        changes,
        after,
    );
    plan.notes.push(format!(
        "Upgrading {} to {}, scale={final_scale} ({} at a time, {} ms apart{})",
        r.from,
        r.to,
        r.batch_size,
        r.interval_ms,
        if r.update_links { ", moving its links" } else { "" }
    ));
    if r.cleanup {
        plan.push(
            step_id(&r.from, "remove"),
            Some(&r.from),
            Action::Remove { drained: true },
            Vec::new(),
            vec![upgrade],
        );
    }
    Ok(plan)
}

fn follows_the_scale(action: &Action) -> bool {
    !matches!(action, Action::Create { .. } | Action::Scale { .. })
}

fn refuse_global(name: &str, service: &api::Service) -> Result<(), String> {
    if service.is_global() {
        return Err(format!(
            "`{name}` is a global service (one container per host); upgrading it to another service is not supported"
        ));
    }
    Ok(())
}
