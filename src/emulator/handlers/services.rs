//! Services of every kind: create (with its validation), update (which may schedule the
//! `update` process), remove, and their actions; link actions and the upgrade preparation live
//! in `links` and `upgrade`.

use std::sync::Arc;

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::checks::{
    check_image, check_kind_rules, check_selector, check_service_name, check_sidekicks, names_in_stack,
};
use super::links::link_action;
use super::upgrade::{prepare_rollback, prepare_upgrade};
use super::{action_input, respond, take_str};
use crate::emulator::app::App;
use crate::emulator::error::{ApiError, ApiResult};
use crate::emulator::machines::{self, Machine};
use crate::emulator::ports;
use crate::emulator::processes::{self, begin_service};
use crate::emulator::routes::{Reply, Req};
use crate::emulator::schemas::{self, Mode, sanitize};
use crate::emulator::selector::Selector;
use crate::emulator::selector_links;
use crate::emulator::store::{Obj, Service, State};
use crate::emulator::util::{fmt_id, parse_id};

/// Service fields whose change schedules the `update` process.
const SCHEDULE_UPDATE: &[&str] = &[
    "name",
    "scale",
    "scalePolicy",
    "metadata",
    "retainIp",
    "selectorLink",
    "selectorContainer",
    "lbConfig",
];

pub(super) async fn create(app: &Arc<App>, req: &Req, kind: &str, body: &Value) -> ApiResult<Reply> {
    let mut input = sanitize(kind, body, Mode::Create)?;
    let name = take_str(&mut input, "name").ok_or_else(|| ApiError::validation("MissingRequired", "name"))?;
    check_service_name(&name)?;
    let stack_ref =
        take_str(&mut input, "stackId").ok_or_else(|| ApiError::validation("MissingRequired", "stackId"))?;
    let stack_id =
        parse_id("st", &stack_ref).ok_or_else(|| ApiError::validation("InvalidReference", "stackId"))?;
    let mut launch_config = match input.remove("launchConfig") {
        Some(Value::Object(m)) => m,
        _ => Obj::new(),
    };
    let mut secondary: Vec<Value> = match input.remove("secondaryLaunchConfigs") {
        Some(Value::Array(a)) => a,
        _ => Vec::new(),
    };
    check_image(&Value::Object(launch_config.clone()))?;
    check_sidekicks(&name, &launch_config, &secondary)?;
    check_kind_rules(kind, &input)?;
    check_selector(&input)?;
    // Stored as Cattle normalises them; a lone port on a balancer publishes itself.
    let balancer = kind == "loadBalancerService";
    ports::normalise(&mut launch_config, balancer)?;
    for sk in secondary.iter_mut().filter_map(Value::as_object_mut) {
        ports::normalise(sk, balancer)?;
    }
    let scale = input.remove("scale").and_then(|v| v.as_i64()).unwrap_or(1);
    let id = {
        let mut st = app.lock();
        let stack = st
            .stacks
            .get(&stack_id)
            .filter(|x| x.meta.project == req.ctx.project)
            .ok_or_else(|| ApiError::validation("InvalidReference", "stackId"))?;
        if matches!(stack.meta.state.as_str(), "error" | "erroring" | "removing" | "removed") {
            return Err(ApiError::validation("InvalidState", "stackId"));
        }
        let taken = names_in_stack(&st, stack_id, None);
        let mut mine = vec![name.to_lowercase()];
        mine.extend(
            secondary.iter().filter_map(|s| s.get("name").and_then(Value::as_str)).map(str::to_lowercase),
        );
        if mine.iter().any(|n| taken.contains(n)) {
            return Err(ApiError::validation("NotUnique", "name"));
        }
        let mut meta = st.new_meta(req.ctx.project, "service", "registering");
        meta.epoch = 1;
        let id = meta.id;
        let secondary = secondary.into_iter().filter_map(|v| v.as_object().cloned()).collect();
        st.services.insert(
            id,
            Service {
                meta,
                kind: kind.to_string(),
                name,
                stack_id,
                scale,
                launch_config,
                secondary,
                fields: input,
                upgrade: None,
                create_index: 0,
                restart_counts: Default::default(),
            },
        );
        selector_links::register(&mut st, id);
        id
    };
    app.touch();
    app.run(processes::service_create(Arc::clone(app), id, 1)).await;
    respond(app, req, "service", &fmt_id("s", id), StatusCode::CREATED)
}

pub(super) async fn update(app: &Arc<App>, req: &Req, id: &str, body: &Value) -> ApiResult<Reply> {
    let n = parse_id("s", id).ok_or_else(ApiError::not_found)?;
    let kind = app.lock().services.get(&n).map(|s| s.kind.clone()).ok_or_else(ApiError::not_found)?;
    let input = sanitize(&kind, body, Mode::Update)?;
    let run = {
        let mut st = app.lock();
        let svc = st.services.get(&n).ok_or_else(ApiError::not_found)?.clone();
        let mut changed: Vec<(String, Value)> = Vec::new();
        for (k, v) in input {
            let cur = match k.as_str() {
                "name" => json!(svc.name),
                "scale" => json!(svc.scale),
                _ => svc.fields.get(&k).cloned().unwrap_or(Value::Null),
            };
            if cur != v {
                changed.push((k, v));
            }
        }
        if let Some((_, v)) = changed.iter().find(|(k, _)| k == "name") {
            let name = v.as_str().ok_or_else(|| ApiError::validation("MissingRequired", "name"))?;
            check_service_name(name)?;
            if names_in_stack(&st, svc.stack_id, Some(n)).contains(&name.to_lowercase()) {
                return Err(ApiError::validation("NotUnique", "name"));
            }
        }
        if let Some((_, Value::String(text))) = changed.iter().find(|(k, _)| k == "selectorLink") {
            Selector::parse(text)?;
        }
        let relink = changed.iter().any(|(k, _)| k == "selectorLink");
        let schedule = changed.iter().any(|(k, _)| SCHEDULE_UPDATE.contains(&k.as_str()));
        if schedule && !machines::can_start(Machine::Service, "update", &svc.meta.state) {
            return Err(ApiError::conflict());
        }
        let Some(s) = st.services.get_mut(&n) else {
            return Err(ApiError::not_found());
        };
        for (k, v) in changed {
            match k.as_str() {
                "name" => s.name = v.as_str().unwrap_or(&s.name).to_string(),
                "scale" => s.scale = v.as_i64().unwrap_or(s.scale),
                _ => {
                    s.fields.insert(k, v);
                }
            }
        }
        let from = s.meta.state.clone();
        if relink {
            selector_links::register(&mut st, n);
        }
        if schedule && (from == "active" || from == "inactive") {
            let next = machines::service_update_state(&from).to_string();
            let epoch = begin_service(&mut st, n, &next);
            Some((epoch, next, from))
        } else {
            None
        }
    };
    app.touch();
    if let Some((epoch, next, from)) = run {
        app.run(processes::run_service(Arc::clone(app), n, epoch, next, from)).await;
    }
    respond(app, req, "service", id, StatusCode::OK)
}

pub(super) async fn delete(app: &Arc<App>, req: &Req, id: &str) -> ApiResult<Reply> {
    let n = parse_id("s", id).ok_or_else(ApiError::not_found)?;
    let epoch = {
        let mut st = app.lock();
        let svc = st.services.get(&n).ok_or_else(ApiError::not_found)?;
        if !machines::can_start(Machine::Service, "remove", &svc.meta.state) {
            return Err(ApiError::method_not_allowed());
        }
        begin_service(&mut st, n, "removing")
    };
    app.touch();
    app.run(processes::service_remove(Arc::clone(app), n, epoch)).await;
    respond(app, req, "service", id, StatusCode::OK)
}

pub(super) async fn action(
    app: &Arc<App>,
    req: &Req,
    id: &str,
    action: &str,
    body: &Value,
) -> ApiResult<Reply> {
    let n = parse_id("s", id).ok_or_else(ApiError::not_found)?;
    let kind = app.lock().services.get(&n).map(|s| s.kind.clone()).ok_or_else(ApiError::not_found)?;
    let schema = schemas::get(&kind).ok_or_else(ApiError::not_found)?;
    let input = action_input(schema, action, body)?;
    if machines::SERVICE_LINK_ACTIONS.contains(&action) {
        {
            let mut st = app.lock();
            link_action(&mut st, n, action, &input)?;
        }
        app.touch();
        return respond(app, req, "service", id, StatusCode::OK);
    }
    let (epoch, state) = {
        let mut st = app.lock();
        let svc = st.services.get(&n).ok_or_else(ApiError::not_found)?;
        let from = svc.meta.state.clone();
        if !machines::can_start(Machine::Service, action, &from) {
            return Err(ApiError::action_not_available());
        }
        let next = match action {
            "activate" => "activating",
            "deactivate" => "deactivating",
            "update" => machines::service_update_state(&from),
            "remove" => "removing",
            "upgrade" => {
                prepare_upgrade(&mut st, n, &input)?;
                "upgrading"
            }
            "continueupgrade" => "upgrading",
            "finishupgrade" => "finishing-upgrade",
            "rollback" => {
                prepare_rollback(&mut st, n);
                "rolling-back"
            }
            "cancelupgrade" => "canceling-upgrade",
            "restart" => {
                prepare_restart(&mut st, n, &input);
                "restarting"
            }
            _ => return Err(ApiError::action_not_available()),
        }
        .to_string();
        let epoch = begin_service(&mut st, n, &next);
        (epoch, (next, from))
    };
    app.touch();
    let (next, from) = state;
    if next == from {
        // `update` from a state it keeps (e.g. upgrading) has nothing to do.
        return respond(app, req, "service", id, StatusCode::ACCEPTED);
    }
    app.run(processes::run_service(Arc::clone(app), n, epoch, next, from)).await;
    respond(app, req, "service", id, StatusCode::ACCEPTED)
}

fn prepare_restart(st: &mut State, sid: u64, input: &Obj) {
    let counts = st
        .service_containers(sid)
        .filter(|c| c.managed && c.is_live())
        .map(|c| (c.meta.id, c.start_count))
        .collect();
    if let Some(s) = st.services.get_mut(&sid) {
        s.restart_counts = counts;
        s.fields.insert(
            processes::RESTART_KEY.into(),
            input.get("rollingRestartStrategy").cloned().unwrap_or(Value::Null),
        );
    }
}
