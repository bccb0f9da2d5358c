//! Stacks: create, rename, remove, and their actions (activating or deactivating their
//! services, export, outputs, and the upgrade/rollback state machine with its bookkeeping).

use std::collections::BTreeSet;
use std::sync::Arc;

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::{action_input, respond, take_str};
use crate::emulator::app::App;
use crate::emulator::error::{ApiError, ApiResult};
use crate::emulator::export;
use crate::emulator::machines::{self, Machine};
use crate::emulator::processes::{self, begin_service, begin_stack};
use crate::emulator::routes::{Reply, Req};
use crate::emulator::schemas::{self, Mode, sanitize};
use crate::emulator::store::{Obj, Stack, State};
use crate::emulator::util::{fmt_id, parse_id};

/// Stack names are unique within an environment.
fn check_stack_name(st: &State, project: u64, name: &str, except: Option<u64>) -> ApiResult<()> {
    if name.starts_with('-') || name.ends_with('-') {
        return Err(ApiError::validation("InvalidCharacters", "name"));
    }
    let taken = st.stacks.values().any(|x| {
        Some(x.meta.id) != except
            && x.meta.project == project
            && x.meta.removed.is_none()
            && x.meta.state != "removing"
            && x.name.eq_ignore_ascii_case(name)
    });
    if taken {
        return Err(ApiError::validation("NotUnique", "name"));
    }
    Ok(())
}

pub(super) async fn create(app: &Arc<App>, req: &Req, body: &Value) -> ApiResult<Reply> {
    let mut input = sanitize("stack", body, Mode::Create)?;
    let name = take_str(&mut input, "name").ok_or_else(|| ApiError::validation("MissingRequired", "name"))?;
    let (id, epoch) = {
        let mut st = app.lock();
        check_stack_name(&st, req.ctx.project, &name, None)?;
        let mut meta = st.new_meta(req.ctx.project, "stack", "activating");
        meta.epoch = 1;
        let id = meta.id;
        st.stacks.insert(id, Stack { meta, name, fields: input });
        (id, 1)
    };
    app.touch();
    app.run(processes::stack_simple(Arc::clone(app), id, epoch, "active")).await;
    respond(app, req, "stack", &fmt_id("st", id), StatusCode::CREATED)
}

pub(super) async fn update(app: &Arc<App>, req: &Req, id: &str, body: &Value) -> ApiResult<Reply> {
    let n = parse_id("st", id).ok_or_else(ApiError::not_found)?;
    let mut input = sanitize("stack", body, Mode::Update)?;
    let run = {
        let mut st = app.lock();
        let cur = st.stacks.get(&n).ok_or_else(ApiError::not_found)?.clone();
        let new_name = take_str(&mut input, "name").filter(|nm| *nm != cur.name);
        if let Some(name) = &new_name {
            check_stack_name(&st, cur.meta.project, name, Some(n))?;
            if !machines::can_start(Machine::Stack, "update", &cur.meta.state) {
                return Err(ApiError::conflict());
            }
        }
        let Some(s) = st.stacks.get_mut(&n) else {
            return Err(ApiError::not_found());
        };
        s.fields.extend(input);
        match new_name {
            Some(name) => {
                s.name = name;
                Some(begin_stack(&mut st, n, "updating-active"))
            }
            None => None,
        }
    };
    app.touch();
    if let Some(epoch) = run {
        app.run(processes::stack_simple(Arc::clone(app), n, epoch, "active")).await;
    }
    respond(app, req, "stack", id, StatusCode::OK)
}

pub(super) async fn delete(app: &Arc<App>, req: &Req, id: &str) -> ApiResult<Reply> {
    let n = parse_id("st", id).ok_or_else(ApiError::not_found)?;
    let epoch = {
        let mut st = app.lock();
        let stack = st.stacks.get(&n).ok_or_else(ApiError::not_found)?;
        if !machines::can_start(Machine::Stack, "remove", &stack.meta.state) {
            return Err(ApiError::method_not_allowed());
        }
        begin_stack(&mut st, n, "removing")
    };
    app.touch();
    app.run(processes::stack_remove(Arc::clone(app), n, epoch)).await;
    respond(app, req, "stack", id, StatusCode::OK)
}

pub(super) async fn action(
    app: &Arc<App>,
    req: &Req,
    id: &str,
    action: &str,
    body: &Value,
) -> ApiResult<Reply> {
    let n = parse_id("st", id).ok_or_else(ApiError::not_found)?;
    let schema = schemas::get("stack").ok_or_else(ApiError::not_found)?;
    let input = action_input(schema, action, body)?;
    let state = app.lock().stacks.get(&n).map(|s| s.meta.state.clone()).ok_or_else(ApiError::not_found)?;
    match action {
        "activateservices" => {
            let started = {
                let mut st = app.lock();
                let mut order: Vec<u64> =
                    st.stack_services(n).filter(|s| s.meta.state == "inactive").map(|s| s.meta.id).collect();
                order = consumed_first(&st, order);
                order
                    .into_iter()
                    .map(|sid| (sid, begin_service(&mut st, sid, "activating")))
                    .collect::<Vec<_>>()
            };
            app.touch();
            for (sid, epoch) in started {
                app.run(processes::service_activate(Arc::clone(app), sid, epoch)).await;
            }
            respond(app, req, "stack", id, StatusCode::OK)
        }
        "deactivateservices" => {
            let started = {
                let mut st = app.lock();
                let svcs: Vec<(u64, String, String)> =
                    st.stack_services(n).map(|s| (s.meta.id, s.name.clone(), s.meta.state.clone())).collect();
                let mut todo = Vec::new();
                for (sid, name, state) in svcs {
                    match state.as_str() {
                        "active" | "activating" | "updating-active" | "updating-inactive" | "restarting" => {
                            todo.push(sid)
                        }
                        "inactive" | "deactivating" | "removing" | "removed" => {}
                        other => {
                            return Err(ApiError::validation("InvalidState", "state").with_message(format!(
                                "Service {name} is not in valid state to be deactivated: {other}"
                            )));
                        }
                    }
                }
                todo.into_iter()
                    .map(|sid| (sid, begin_service(&mut st, sid, "deactivating")))
                    .collect::<Vec<_>>()
            };
            app.touch();
            for (sid, epoch) in started {
                app.run(processes::service_deactivate(Arc::clone(app), sid, epoch)).await;
            }
            respond(app, req, "stack", id, StatusCode::OK)
        }
        "exportconfig" => {
            let only: Option<Vec<u64>> = input
                .get("serviceIds")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).filter_map(|s| parse_id("s", s)).collect());
            let (dc, rc) = export::export(&app.lock(), n, only.as_deref());
            Ok(Reply(
                StatusCode::OK,
                json!({"type": "composeConfig", "baseType": "composeConfig", "links": {}, "actions": {},
                       "dockerComposeConfig": dc, "rancherComposeConfig": rc}),
            ))
        }
        "addoutputs" => {
            {
                let mut st = app.lock();
                let s = st.stacks.get_mut(&n).ok_or_else(ApiError::not_found)?;
                let mut outputs =
                    s.fields.get("outputs").and_then(Value::as_object).cloned().unwrap_or_default();
                if let Some(Value::Object(add)) = input.get("outputs") {
                    outputs.extend(add.clone());
                }
                s.fields.insert("outputs".into(), Value::Object(outputs));
            }
            app.touch();
            respond(app, req, "stack", id, StatusCode::OK)
        }
        _ => {
            if !machines::can_start(Machine::Stack, action, &state) {
                return Err(ApiError::action_not_available());
            }
            let next = match action {
                "upgrade" => "upgrading",
                "finishupgrade" => "finishing-upgrade",
                "rollback" => "rolling-back",
                "cancelupgrade" => "canceling-upgrade",
                "error" => "erroring",
                "update" => "updating-active",
                "remove" => "removing",
                _ => return Err(ApiError::action_not_available()),
            };
            let epoch = {
                let mut st = app.lock();
                if let Some(s) = st.stacks.get_mut(&n) {
                    stack_bookkeeping(s, action, &input);
                }
                begin_stack(&mut st, n, next)
            };
            app.touch();
            app.run(processes::run_stack(Arc::clone(app), n, epoch, next.to_string())).await;
            respond(app, req, "stack", id, StatusCode::ACCEPTED)
        }
    }
}

/// externalId/environment bookkeeping of stack upgrades (what the executor replies, `rancher-api-semantics.md` §5.2).
fn stack_bookkeeping(s: &mut Stack, action: &str, input: &Obj) {
    let f = &mut s.fields;
    match action {
        "upgrade" => {
            let prev_ext = f.get("externalId").cloned().unwrap_or(Value::Null);
            let prev_env = f.get("environment").cloned().unwrap_or(Value::Null);
            f.insert("previousExternalId".into(), prev_ext);
            f.insert("previousEnvironment".into(), prev_env);
            for k in ["externalId", "environment", "dockerCompose", "rancherCompose"] {
                if let Some(v) = input.get(k).filter(|v| !v.is_null()) {
                    f.insert(k.into(), v.clone());
                }
            }
        }
        "rollback" => {
            let ext = f.remove("previousExternalId").unwrap_or(Value::Null);
            let env = f.remove("previousEnvironment").unwrap_or(Value::Null);
            f.insert("externalId".into(), ext);
            f.insert("environment".into(), env);
        }
        "finishupgrade" => {
            f.remove("previousExternalId");
            f.remove("previousEnvironment");
        }
        _ => {}
    }
}

/// Order services so that consumed ones come before their consumers (cycles keep their order).
fn consumed_first(st: &State, ids: Vec<u64>) -> Vec<u64> {
    let set: BTreeSet<u64> = ids.iter().copied().collect();
    let mut out: Vec<u64> = Vec::new();
    let mut pending = ids;
    while !pending.is_empty() {
        let (ready, rest): (Vec<u64>, Vec<u64>) = pending.iter().partition(|sid| {
            st.live_consume_maps().all(|m| {
                m.service_id != **sid
                    || m.consumed_id == **sid
                    || !set.contains(&m.consumed_id)
                    || out.contains(&m.consumed_id)
            })
        });
        if ready.is_empty() {
            out.extend(rest);
            break;
        }
        out.extend(ready);
        pending = rest;
    }
    out
}
