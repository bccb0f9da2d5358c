//! Mutating requests: create (POST collection), update (PUT), delete and actions, with Cattle's
//! validation rules (`rancher-api-semantics.md` §1.7, §2, §4, §5). Each handler validates and moves the resource into
//! its transitioning state under one lock, then runs the process (see `processes`).
//!
//! One module per resource (`stacks`, `services`, `containers`, `generic` for certificates,
//! volumes and pull tasks), with the service checks, link actions and upgrade preparation on
//! their own; this module routes each request to its resource.

mod checks;
mod containers;
mod generic;
mod links;
mod services;
mod stacks;
mod upgrade;

use std::sync::Arc;

use axum::http::StatusCode;
use serde_json::Value;

use super::app::App;
use super::error::{ApiError, ApiResult};
use super::render;
use super::routes::{Reply, Req, get_item};
use super::schemas::{self, Mode, Schema, sanitize};
use super::store::{Obj, State, is_service_kind};

/// The resource as it is now, in the answer's `status`.
fn respond(app: &App, req: &Req, type_id: &str, id: &str, status: StatusCode) -> ApiResult<Reply> {
    let st = app.lock();
    get_item(&st, type_id, id, &req.ctx).map(|v| Reply(status, v)).ok_or_else(ApiError::not_found)
}

/// Removes a string field from the input.
fn take_str(m: &mut Obj, k: &str) -> Option<String> {
    m.remove(k).and_then(|v| v.as_str().map(str::to_string))
}

/// An action's input checked against its input type (empty when the action takes none).
fn action_input(schema: &Schema, action: &str, body: &Value) -> ApiResult<Obj> {
    match schema.actions.get(action) {
        None => Err(ApiError::invalid_action()),
        Some(Some(input)) => sanitize(input, body, Mode::Create),
        Some(None) => Ok(Obj::new()),
    }
}

// ---------------------------------------------------------------- create

pub(super) async fn create(app: &Arc<App>, req: &Req, s: &'static Schema) -> ApiResult<Reply> {
    let body = req.json()?;
    match s.id {
        "stack" => stacks::create(app, req, &body).await,
        k if is_service_kind(k) => services::create(app, req, k, &body).await,
        "container" => containers::create(app, req, &body).await,
        "certificate" | "volume" | "volumeTemplate" | "pullTask" => {
            generic::create(app, req, s.id, &body).await
        }
        _ => Err(ApiError::method_not_allowed()),
    }
}

// ---------------------------------------------------------------- update

pub(super) async fn update(app: &Arc<App>, req: &Req, s: &'static Schema, id: &str) -> ApiResult<Reply> {
    let body = req.json()?;
    match s.id {
        k if is_service_kind(k) => services::update(app, req, id, &body).await,
        "stack" => stacks::update(app, req, id, &body).await,
        "container" => containers::update(app, req, id, &body).await,
        other => generic::update(app, req, other, id, &body).await,
    }
}

// ---------------------------------------------------------------- delete

pub(super) async fn delete(app: &Arc<App>, req: &Req, s: &'static Schema, id: &str) -> ApiResult<Reply> {
    match s.id {
        k if is_service_kind(k) => services::delete(app, req, id).await,
        "stack" => stacks::delete(app, req, id).await,
        "container" => containers::delete(app, req, id).await,
        other => generic::delete(app, req, other, id).await,
    }
}

// ---------------------------------------------------------------- actions

pub(super) async fn action(
    app: &Arc<App>,
    req: &Req,
    s: &'static Schema,
    id: &str,
    action: &str,
) -> ApiResult<Reply> {
    let body = req.json()?;
    match s.id {
        k if is_service_kind(k) => services::action(app, req, id, action, &body).await,
        "stack" => stacks::action(app, req, id, action, &body).await,
        "container" | "instance" => containers::action(app, req, s, id, action, &body).await,
        other => generic::action(app, req, s, other, id, action).await,
    }
}

/// Render every resource of a plural for in-process inspection.
pub(super) fn inspect(st: &State, plural: &str, ctx: &render::Ctx) -> Vec<Value> {
    match schemas::by_plural(plural) {
        Some(s) => super::routes::list_items(st, s.id, ctx),
        None => Vec::new(),
    }
}
