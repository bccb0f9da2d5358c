//! Resources with no process of their own (certificates, volumes, volume templates, pull
//! tasks): create, update, remove and the simple actions.

use std::sync::Arc;

use axum::http::StatusCode;
use serde_json::{Map, Value, json};

use super::respond;
use crate::emulator::app::App;
use crate::emulator::error::{ApiError, ApiResult};
use crate::emulator::machines::{self, Machine};
use crate::emulator::routes::{Reply, Req};
use crate::emulator::schemas::{Mode, Schema, sanitize};
use crate::emulator::store::{Generic, mark_removed, prefix_of};
use crate::emulator::util::{fmt_id, parse_id};

pub(super) async fn create(app: &Arc<App>, req: &Req, type_id: &str, body: &Value) -> ApiResult<Reply> {
    let mut input = sanitize(type_id, body, Mode::Create)?;
    let instant = app.timing.is_instant();
    let faults = app.faults();
    let id = {
        let mut st = app.lock();
        let state = if type_id == "pullTask" && !instant { "activating" } else { "active" };
        let mut meta = st.new_meta(req.ctx.project, type_id, state);
        if type_id == "pullTask" {
            let image = input.get("image").and_then(Value::as_str).unwrap_or("").to_string();
            let failed = faults.fails_to_start(&image);
            let status: Map<String, Value> = st
                .hosts
                .values()
                .filter(|h| h.meta.project == req.ctx.project)
                .map(|h| {
                    (
                        h.name.clone(),
                        json!(if failed { "Error: image not found (injected fault)" } else { "Done" }),
                    )
                })
                .collect();
            input.insert("status".into(), Value::Object(status));
            if failed {
                meta.error = true;
                meta.message = Some(format!("Failed to pull {image}"));
            }
        }
        if type_id == "certificate" {
            input.insert("CN".into(), json!(input.get("name").cloned().unwrap_or(Value::Null)));
            input.insert("algorithm".into(), json!("SHA256WITHRSA"));
            input.insert("keySize".into(), json!(2048));
        }
        let id = meta.id;
        st.generics.entry(type_id.to_string()).or_default().insert(id, Generic { meta, fields: input });
        id
    };
    app.touch();
    if type_id == "pullTask" && !instant {
        let a = Arc::clone(app);
        app.spawn(async move {
            a.pause(a.timing.start).await;
            if let Some(g) = a.lock().generics.get_mut("pullTask").and_then(|m| m.get_mut(&id)) {
                g.meta.state = "active".into();
            }
            a.touch();
        });
    }
    respond(app, req, type_id, &fmt_id(prefix_of(type_id), id), StatusCode::CREATED)
}

pub(super) async fn update(
    app: &Arc<App>,
    req: &Req,
    other: &str,
    id: &str,
    body: &Value,
) -> ApiResult<Reply> {
    let n = parse_id(prefix_of(other), id).ok_or_else(ApiError::not_found)?;
    let input = sanitize(other, body, Mode::Update)?;
    {
        let mut st = app.lock();
        let g = st.generics.get_mut(other).and_then(|m| m.get_mut(&n)).ok_or_else(ApiError::not_found)?;
        g.fields.extend(input);
    }
    app.touch();
    respond(app, req, other, id, StatusCode::OK)
}

pub(super) async fn delete(app: &Arc<App>, req: &Req, other: &str, id: &str) -> ApiResult<Reply> {
    let n = parse_id(prefix_of(other), id).ok_or_else(ApiError::not_found)?;
    {
        let mut st = app.lock();
        let g = st.generics.get_mut(other).and_then(|m| m.get_mut(&n)).ok_or_else(ApiError::not_found)?;
        if g.meta.removed.is_some() {
            return Err(ApiError::method_not_allowed());
        }
        mark_removed(&mut g.meta);
    }
    app.touch();
    respond(app, req, other, id, StatusCode::OK)
}

pub(super) async fn action(
    app: &Arc<App>,
    req: &Req,
    s: &Schema,
    other: &str,
    id: &str,
    action: &str,
) -> ApiResult<Reply> {
    if !s.actions.contains_key(action) {
        return Err(ApiError::invalid_action());
    }
    let n = parse_id(prefix_of(other), id).ok_or_else(ApiError::not_found)?;
    {
        let mut st = app.lock();
        let g = st.generics.get_mut(other).and_then(|m| m.get_mut(&n)).ok_or_else(ApiError::not_found)?;
        if !machines::can_start(Machine::Simple, action, &g.meta.state) {
            return Err(ApiError::action_not_available());
        }
        if action == "remove" {
            mark_removed(&mut g.meta);
        }
    }
    app.touch();
    respond(app, req, other, id, StatusCode::ACCEPTED)
}
