//! Standalone containers: create (placed on a host with its published ports free), update,
//! remove, and their actions (logs, start, stop, restart, remove, purge).

use std::sync::Arc;

use axum::http::StatusCode;
use serde_json::Value;

use super::checks::check_image;
use super::{action_input, respond, take_str};
use crate::emulator::app::App;
use crate::emulator::containers;
use crate::emulator::error::{ApiError, ApiResult};
use crate::emulator::logs;
use crate::emulator::machines::{self, Machine};
use crate::emulator::placement;
use crate::emulator::ports;
use crate::emulator::processes;
use crate::emulator::routes::{Reply, Req};
use crate::emulator::schemas::{Mode, Schema, sanitize};
use crate::emulator::store::Container;
use crate::emulator::util::{self, fmt_id, parse_id};

pub(super) async fn create(app: &Arc<App>, req: &Req, body: &Value) -> ApiResult<Reply> {
    let mut input = sanitize("container", body, Mode::Create)?;
    check_image(&Value::Object(input.clone()))?;
    ports::normalise(&mut input, false)?;
    if input.get("imageUuid").is_none_or(Value::is_null) {
        return Err(ApiError::validation("MissingRequired", "imageUuid"));
    }
    let name = take_str(&mut input, "name");
    let start = input.get("startOnCreate").and_then(Value::as_bool).unwrap_or(true);
    let needed = ports::host_ports(&input);
    let (id, placed) = {
        let mut st = app.lock();
        let mut meta = st.new_meta(req.ctx.project, "container", "creating");
        let id = meta.id;
        // Hosts in turn from this container's id on; a published port must be free there.
        let mut hosts: Vec<u64> = st.project_hosts(req.ctx.project);
        let turn = (id as usize) % hosts.len().max(1);
        hosts.rotate_left(turn);
        let placed = placement::pick(&placement::ports_in_use(&st, &[]), &hosts, &needed);
        if placed.is_none() {
            meta.state = "error".into();
            meta.error = true;
            meta.message = Some(placement::scheduling_failed(&needed));
        }
        let host = placed.or_else(|| hosts.first().copied()).unwrap_or(1);
        st.containers.insert(
            id,
            Container {
                name: name.unwrap_or_else(|| format!("r-container-{id}")),
                service_id: None,
                stack_id: None,
                lc_name: None,
                du_uuid: None,
                du_index: 0,
                create_index: 0,
                version: "0".into(),
                start_count: 0,
                managed: false,
                old: false,
                host_id: host,
                ip: containers::container_ip(id),
                health: None,
                config: input,
                first_running: None,
                external_id: util::docker_id(id ^ 0x5eed),
                meta,
            },
        );
        if !start
            && placed.is_some()
            && let Some(c) = st.containers.get_mut(&id)
        {
            c.meta.state = "stopped".into();
        }
        (id, placed.is_some())
    };
    app.touch();
    if start && placed {
        let a = Arc::clone(app);
        app.run(async move {
            processes::start_containers(&a, &[id]).await;
        })
        .await;
    }
    respond(app, req, "container", &fmt_id("i", id), StatusCode::CREATED)
}

pub(super) async fn update(app: &Arc<App>, req: &Req, id: &str, body: &Value) -> ApiResult<Reply> {
    let n = parse_id("i", id).ok_or_else(ApiError::not_found)?;
    let input = sanitize("container", body, Mode::Update)?;
    {
        let mut st = app.lock();
        let c = st.containers.get_mut(&n).ok_or_else(ApiError::not_found)?;
        for (k, v) in input {
            if k == "name" {
                c.name = v.as_str().unwrap_or(&c.name).to_string();
            } else {
                c.config.insert(k, v);
            }
        }
    }
    app.touch();
    respond(app, req, "container", id, StatusCode::OK)
}

pub(super) async fn delete(app: &Arc<App>, req: &Req, id: &str) -> ApiResult<Reply> {
    let n = parse_id("i", id).ok_or_else(ApiError::not_found)?;
    {
        let st = app.lock();
        let c = st.containers.get(&n).ok_or_else(ApiError::not_found)?;
        let state = c.meta.state.as_str();
        // A running container is stopped first, then removed.
        if !machines::can_start(Machine::Container, "remove", state)
            && !machines::can_start(Machine::Container, "stop", state)
        {
            return Err(ApiError::method_not_allowed());
        }
    }
    let a = Arc::clone(app);
    app.run(async move { processes::remove_containers(&a, &[n]).await }).await;
    respond(app, req, "container", id, StatusCode::OK)
}

pub(super) async fn action(
    app: &Arc<App>,
    req: &Req,
    s: &Schema,
    id: &str,
    action: &str,
    body: &Value,
) -> ApiResult<Reply> {
    let n = parse_id("i", id).ok_or_else(ApiError::not_found)?;
    let input = action_input(s, action, body)?;
    let state =
        app.lock().containers.get(&n).map(|c| c.meta.state.clone()).ok_or_else(ApiError::not_found)?;
    if !machines::can_start(Machine::Container, action, &state) {
        return Err(ApiError::action_not_available());
    }
    let a = Arc::clone(app);
    match action {
        "logs" => {
            return Ok(Reply(StatusCode::OK, logs::grant(app, n, &Value::Object(input), &req.host)));
        }
        "start" => {
            app.run(async move {
                processes::start_containers(&a, &[n]).await;
            })
            .await
        }
        "stop" => {
            let remove = input.get("remove").and_then(Value::as_bool).unwrap_or(false);
            app.run(async move {
                processes::stop_containers(&a, &[n]).await;
                if remove {
                    processes::remove_containers(&a, &[n]).await;
                }
            })
            .await
        }
        "restart" => {
            app.run(async move {
                processes::stop_containers(&a, &[n]).await;
                processes::start_containers(&a, &[n]).await;
            })
            .await
        }
        "remove" => app.run(async move { processes::remove_containers(&a, &[n]).await }).await,
        "purge" => {
            if let Some(c) = app.lock().containers.get_mut(&n) {
                c.meta.state = "purged".into();
            }
            app.touch();
        }
        _ => {}
    }
    respond(app, req, "container", id, StatusCode::ACCEPTED)
}
