//! Mutating requests: create (POST collection), update (PUT), delete and actions, with Cattle's
//! validation rules (spec §1.7, §2, §4, §5). Each handler validates and moves the resource into
//! its transitioning state under one lock, then runs the process (see `processes`).

use std::collections::BTreeSet;
use std::sync::Arc;

use axum::http::StatusCode;
use serde_json::{Map, Value, json};

use super::app::App;
use super::containers;
use super::error::{ApiError, ApiResult};
use super::export;
use super::logs;
use super::machines::{self, Machine};
use super::placement;
use super::ports;
use super::processes::{self, begin_service, begin_stack};
use super::render;
use super::routes::{Out, Req, get_item};
use super::schemas::{self, Mode, Schema, sanitize};
use super::selector::Selector;
use super::selector_links;
use super::store::{Container, Generic, Obj, Service, Stack, State, is_service_kind, mark_removed};
use super::util::{self, fmt_id, parse_id};

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

fn respond(app: &App, req: &Req, type_id: &str, id: &str, status: StatusCode) -> ApiResult<Out> {
    let st = app.lock();
    get_item(&st, type_id, id, &req.ctx).map(|v| Out::Json(status, v)).ok_or_else(ApiError::not_found)
}

fn take_str(m: &mut Obj, k: &str) -> Option<String> {
    m.remove(k).and_then(|v| v.as_str().map(str::to_string))
}

// ---------------------------------------------------------------- create

pub async fn create(app: &Arc<App>, req: &Req, s: &'static Schema) -> ApiResult<Out> {
    let body = req.json()?;
    match s.id {
        "stack" => create_stack(app, req, &body).await,
        k if is_service_kind(k) => create_service(app, req, k, &body).await,
        "container" => create_container(app, req, &body).await,
        "certificate" | "volume" | "volumeTemplate" | "pullTask" => {
            create_generic(app, req, s.id, &body).await
        }
        _ => Err(ApiError::method_not_allowed()),
    }
}

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

async fn create_stack(app: &Arc<App>, req: &Req, body: &Value) -> ApiResult<Out> {
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

fn check_service_name(name: &str) -> ApiResult<()> {
    let ok = name.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && !name.contains("--")
        && !name.ends_with('-');
    if ok { Ok(()) } else { Err(ApiError::validation("InvalidCharacters", "name")) }
}

fn check_image(lc: &Value) -> ApiResult<()> {
    match lc.get("imageUuid").and_then(Value::as_str) {
        None => Ok(()),
        Some(img) if img.starts_with("docker:") || img.starts_with("sim:") || img == "rancher/none" => Ok(()),
        Some(_) => Err(ApiError::validation("InvalidReference", "imageUuid")),
    }
}

/// Names used in a stack by other services and their sidekicks (lower-cased).
fn names_in_stack(st: &State, stack_id: u64, except: Option<u64>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for s in st.stack_services(stack_id).filter(|s| Some(s.meta.id) != except && s.meta.state != "removing") {
        out.insert(s.name.to_lowercase());
        for sk in &s.secondary {
            if let Some(n) = sk.get("name").and_then(Value::as_str) {
                out.insert(n.to_lowercase());
            }
        }
    }
    out
}

fn check_sidekicks(service_name: &str, primary: &Obj, secondary: &[Value]) -> ApiResult<()> {
    let mut names: BTreeSet<String> = BTreeSet::new();
    names.insert(service_name.to_lowercase());
    for sk in secondary {
        let n = sk.get("name").and_then(Value::as_str).unwrap_or("");
        if !names.insert(n.to_lowercase()) {
            return Err(ApiError::validation("NotUnique", "name")
                .with_message(format!("duplicate launch config name {n}")));
        }
        check_image(sk)?;
    }
    let all = std::iter::once(primary).chain(secondary.iter().filter_map(Value::as_object));
    for lc in all {
        let mut refs: Vec<&str> = lc
            .get("dataVolumesFromLaunchConfigs")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        if let Some(n) = lc.get("networkLaunchConfig").and_then(Value::as_str) {
            refs.push(n);
        }
        for r in refs {
            if !names.contains(&r.to_lowercase()) {
                return Err(ApiError::validation("InvalidReference", "secondaryLaunchConfigs")
                    .with_message(format!("{r} is not properly labeled as a sidekick")));
            }
        }
    }
    Ok(())
}

fn check_selector(input: &Obj) -> ApiResult<()> {
    match input.get("selectorLink").and_then(Value::as_str) {
        Some(text) => Selector::parse(text).map(|_| ()),
        None => Ok(()),
    }
}

fn check_kind_rules(kind: &str, input: &Obj) -> ApiResult<()> {
    if kind == "externalService" {
        let ips = input.get("externalIpAddresses").and_then(Value::as_array).is_some_and(|a| !a.is_empty());
        let host = input.get("hostname").and_then(Value::as_str).is_some_and(|h| !h.is_empty());
        if ips && host {
            return Err(ApiError::validation("InvalidOption", "externalIpAddresses"));
        }
    }
    if kind == "loadBalancerService" {
        let rules = input.get("lbConfig").and_then(|l| l.get("portRules")).and_then(Value::as_array);
        for r in rules.into_iter().flatten() {
            let sid = r.get("serviceId").is_some_and(|v| !v.is_null());
            let sel = r.get("selector").is_some_and(|v| !v.is_null());
            if sid == sel {
                return Err(ApiError::validation("InvalidOption", "portRules"));
            }
            if sid && r.get("targetPort").is_none_or(Value::is_null) {
                return Err(ApiError::validation("MissingRequired", "targetPort"));
            }
            if r.get("sourcePort").and_then(Value::as_i64) == Some(42) {
                return Err(ApiError::validation("InvalidOption", "sourcePort"));
            }
        }
    }
    if input.get("metadata").is_some_and(|m| m.to_string().len() > 1 << 20) {
        return Err(ApiError::validation("MaxLengthExceeded", "metadata"));
    }
    Ok(())
}

async fn create_service(app: &Arc<App>, req: &Req, kind: &str, body: &Value) -> ApiResult<Out> {
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

async fn create_container(app: &Arc<App>, req: &Req, body: &Value) -> ApiResult<Out> {
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

async fn create_generic(app: &Arc<App>, req: &Req, type_id: &str, body: &Value) -> ApiResult<Out> {
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
    respond(app, req, type_id, &fmt_id(super::store::prefix_of(type_id), id), StatusCode::CREATED)
}

// ---------------------------------------------------------------- update

pub async fn update(app: &Arc<App>, req: &Req, s: &'static Schema, id: &str) -> ApiResult<Out> {
    let body = req.json()?;
    match s.id {
        k if is_service_kind(k) => update_service(app, req, id, &body).await,
        "stack" => update_stack(app, req, id, &body).await,
        "container" => {
            let n = parse_id("i", id).ok_or_else(ApiError::not_found)?;
            let input = sanitize("container", &body, Mode::Update)?;
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
        other => {
            let n = parse_id(super::store::prefix_of(other), id).ok_or_else(ApiError::not_found)?;
            let input = sanitize(other, &body, Mode::Update)?;
            {
                let mut st = app.lock();
                let g =
                    st.generics.get_mut(other).and_then(|m| m.get_mut(&n)).ok_or_else(ApiError::not_found)?;
                g.fields.extend(input);
            }
            app.touch();
            respond(app, req, other, id, StatusCode::OK)
        }
    }
}

async fn update_service(app: &Arc<App>, req: &Req, id: &str, body: &Value) -> ApiResult<Out> {
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

async fn update_stack(app: &Arc<App>, req: &Req, id: &str, body: &Value) -> ApiResult<Out> {
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

// ---------------------------------------------------------------- delete

pub async fn delete(app: &Arc<App>, req: &Req, s: &'static Schema, id: &str) -> ApiResult<Out> {
    match s.id {
        k if is_service_kind(k) => {
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
        "stack" => {
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
        "container" => {
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
        other => {
            let n = parse_id(super::store::prefix_of(other), id).ok_or_else(ApiError::not_found)?;
            {
                let mut st = app.lock();
                let g =
                    st.generics.get_mut(other).and_then(|m| m.get_mut(&n)).ok_or_else(ApiError::not_found)?;
                if g.meta.removed.is_some() {
                    return Err(ApiError::method_not_allowed());
                }
                mark_removed(&mut g.meta);
            }
            app.touch();
            respond(app, req, other, id, StatusCode::OK)
        }
    }
}

// ---------------------------------------------------------------- actions

pub async fn action(app: &Arc<App>, req: &Req, s: &'static Schema, id: &str, action: &str) -> ApiResult<Out> {
    let body = req.json()?;
    match s.id {
        k if is_service_kind(k) => service_action(app, req, id, action, &body).await,
        "stack" => stack_action(app, req, id, action, &body).await,
        "container" | "instance" => container_action(app, req, s, id, action, &body).await,
        other => {
            if !s.actions.contains_key(action) {
                return Err(ApiError::invalid_action());
            }
            let n = parse_id(super::store::prefix_of(other), id).ok_or_else(ApiError::not_found)?;
            {
                let mut st = app.lock();
                let g =
                    st.generics.get_mut(other).and_then(|m| m.get_mut(&n)).ok_or_else(ApiError::not_found)?;
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
    }
}

fn action_input(schema: &Schema, action: &str, body: &Value) -> ApiResult<Obj> {
    match schema.actions.get(action) {
        None => Err(ApiError::invalid_action()),
        Some(Some(input)) => sanitize(input, body, Mode::Create),
        Some(None) => Ok(Obj::new()),
    }
}

async fn service_action(app: &Arc<App>, req: &Req, id: &str, action: &str, body: &Value) -> ApiResult<Out> {
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

/// A link's target: a live service of the consumer's environment.
fn new_link_target(st: &State, project: u64, link: &Value) -> ApiResult<(u64, Option<String>)> {
    let sid = link.get("serviceId").and_then(Value::as_str).unwrap_or("");
    let n = parse_id("s", sid).ok_or_else(|| ApiError::validation("InvalidReference", "serviceId"))?;
    let target = st
        .services
        .get(&n)
        .filter(|t| t.meta.project == project)
        .ok_or_else(|| ApiError::validation("InvalidReference", "serviceId"))?;
    if target.meta.removed.is_some() || target.meta.state == "removing" {
        return Err(ApiError::validation("InvalidReference", "serviceId")
            .with_message(format!("Service {sid} is removed")));
    }
    let name = link.get("name").and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_string);
    if let Some(alias) = &name {
        let bad = alias.starts_with('.') || alias.ends_with('.') || alias.contains("..");
        if bad || !alias.chars().all(|c| c.is_ascii_alphanumeric() || "-._".contains(c)) {
            return Err(ApiError::validation("InvalidCharacters", "name"));
        }
    }
    Ok((n, name))
}

fn add_map(st: &mut State, sid: u64, target: u64, name: Option<String>) {
    st.add_consume_map(sid, target, name);
}

fn link_action(st: &mut State, sid: u64, action: &str, input: &Obj) -> ApiResult<()> {
    let project = st.services.get(&sid).map(|s| s.meta.project).ok_or_else(ApiError::not_found)?;
    let existing: Vec<(u64, u64, Option<String>)> = st
        .live_consume_maps()
        .filter(|m| m.service_id == sid)
        .map(|m| (m.meta.id, m.consumed_id, m.name.clone()))
        .collect();
    match action {
        "setservicelinks" => {
            let links = input.get("serviceLinks").and_then(Value::as_array).cloned().unwrap_or_default();
            let mut wanted: Vec<(u64, Option<String>)> = Vec::new();
            for l in &links {
                let t = new_link_target(st, project, l)?;
                if wanted.contains(&t) {
                    return Err(ApiError::validation("NotUnique", "serviceLinks"));
                }
                wanted.push(t);
            }
            for (mid, target, name) in &existing {
                if !wanted.contains(&(*target, name.clone()))
                    && let Some(m) = st.consume_maps.get_mut(mid)
                {
                    mark_removed(&mut m.meta);
                }
            }
            for (target, name) in wanted {
                if !existing.iter().any(|(_, t, n)| *t == target && *n == name) {
                    add_map(st, sid, target, name);
                }
            }
        }
        "addservicelink" => {
            let link = input.get("serviceLink").cloned().unwrap_or(Value::Null);
            let (target, name) = new_link_target(st, project, &link)?;
            if existing.iter().any(|(_, t, _)| *t == target) {
                return Err(ApiError::validation("NotUnique", "serviceId"));
            }
            add_map(st, sid, target, name);
        }
        _ => {
            let link = input.get("serviceLink").cloned().unwrap_or(Value::Null);
            let target = link.get("serviceId").and_then(Value::as_str).and_then(|s| parse_id("s", s));
            let name = link.get("name").and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_string);
            let found = existing
                .iter()
                .find(|(_, t, n)| Some(*t) == target && (name.is_none() || *n == name))
                .map(|(mid, _, _)| *mid)
                .ok_or_else(|| ApiError::validation("InvalidReference", "serviceId"))?;
            if let Some(m) = st.consume_maps.get_mut(&found) {
                mark_removed(&mut m.meta);
            }
        }
    }
    Ok(())
}

fn lc_refs(lc: &Obj) -> Vec<String> {
    let mut refs: Vec<String> = lc
        .get("dataVolumesFromLaunchConfigs")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_lowercase)
        .collect();
    if let Some(n) = lc.get("networkLaunchConfig").and_then(Value::as_str) {
        refs.push(n.to_lowercase());
    }
    refs
}

/// API-side part of an in-service or to-service upgrade (spec §4.5 steps 1–7, §4.10).
fn prepare_upgrade(st: &mut State, sid: u64, input: &Obj) -> ApiResult<()> {
    let svc = st.services.get(&sid).ok_or_else(ApiError::not_found)?.clone();
    let ins = input.get("inServiceStrategy").and_then(Value::as_object).cloned();
    let tos = input.get("toServiceStrategy").and_then(Value::as_object).cloned();
    if let Some(mut ins) = ins {
        let balancer = svc.kind == "loadBalancerService";
        let mut lc = ins.get("launchConfig").and_then(Value::as_object).cloned();
        let mut sec: Vec<Obj> = ins
            .get("secondaryLaunchConfigs")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(|v| v.as_object().cloned()).collect())
            .unwrap_or_default();
        for cfg in lc.iter_mut().chain(sec.iter_mut()) {
            ports::normalise(cfg, balancer)?;
        }
        if lc.is_none() && sec.is_empty() {
            return Err(ApiError::validation("InvalidOption", "inServiceStrategy"));
        }
        let start_first = ins.get("startFirst").and_then(Value::as_bool).unwrap_or(false);
        if start_first && svc.fields.get("retainIp").and_then(Value::as_bool).unwrap_or(false) {
            return Err(ApiError::validation("InvalidOption", "startFirst"));
        }
        if svc.kind == "loadBalancerService" && lc.is_none() {
            return Err(ApiError::validation("InvalidOption", "launchConfig"));
        }
        if let Some(new_lc) = &lc {
            check_image(&Value::Object(new_lc.clone()))?;
            let mut probe = svc.clone();
            probe.launch_config = new_lc.clone();
            if containers::is_global(&probe) != containers::is_global(&svc) {
                return Err(ApiError::validation("InvalidOption", "launchConfig"));
            }
        }
        for s in &sec {
            check_image(&Value::Object(s.clone()))?;
        }
        // Launch configs to upgrade: supplied ones plus, transitively, those referencing them.
        let primary_key = svc.name.to_lowercase();
        let mut set: BTreeSet<String> = BTreeSet::new();
        if lc.is_some() {
            set.insert(primary_key.clone());
        }
        for s in &sec {
            if let Some(n) = s.get("name").and_then(Value::as_str) {
                set.insert(n.to_lowercase());
            }
        }
        let mut all: Vec<(String, Obj)> = vec![(primary_key.clone(), svc.launch_config.clone())];
        for s in &svc.secondary {
            if let Some(n) = s.get("name").and_then(Value::as_str) {
                all.push((n.to_lowercase(), s.clone()));
            }
        }
        loop {
            let before = set.len();
            for (name, cfg) in &all {
                if !set.contains(name) && lc_refs(cfg).iter().any(|r| set.contains(r)) {
                    set.insert(name.clone());
                }
            }
            if set.len() == before {
                break;
            }
        }
        let mut new_primary = match &lc {
            Some(l) => l.clone(),
            None => svc.launch_config.clone(),
        };
        if set.contains(&primary_key) {
            new_primary.insert("version".into(), json!(st.next_uuid()));
        }
        let keep_none = svc.fields.get("selectorContainer").is_some_and(|v| !v.is_null());
        let mut new_sec: Vec<Obj> = Vec::new();
        for old in &svc.secondary {
            let name = old.get("name").and_then(Value::as_str).unwrap_or("").to_string();
            let supplied = sec.iter().find(|s| s.get("name").and_then(Value::as_str) == Some(name.as_str()));
            let mut cfg = supplied.cloned().unwrap_or_else(|| old.clone());
            if cfg.get("imageUuid").and_then(Value::as_str) == Some("rancher/none") && !keep_none {
                continue;
            }
            if set.contains(&name.to_lowercase()) {
                cfg.insert("version".into(), json!(st.next_uuid()));
            }
            new_sec.push(cfg);
        }
        for s in &sec {
            let name = s.get("name").and_then(Value::as_str).unwrap_or("");
            let known = svc.secondary.iter().any(|o| o.get("name").and_then(Value::as_str) == Some(name));
            if !known && s.get("imageUuid").and_then(Value::as_str) != Some("rancher/none") {
                let mut cfg = s.clone();
                cfg.insert("version".into(), json!(st.next_uuid()));
                new_sec.push(cfg);
            }
        }
        ins.insert("launchConfig".into(), Value::Object(new_primary.clone()));
        ins.insert("secondaryLaunchConfigs".into(), json!(new_sec));
        ins.insert("previousLaunchConfig".into(), Value::Object(svc.launch_config.clone()));
        ins.insert("previousSecondaryLaunchConfigs".into(), json!(svc.secondary));
        if let Some(s) = st.services.get_mut(&sid) {
            s.launch_config = new_primary;
            s.secondary = new_sec;
            s.upgrade = Some(json!({"inServiceStrategy": ins, "toServiceStrategy": null}));
        }
        return Ok(());
    }
    if let Some(tos) = tos {
        let to = tos
            .get("toServiceId")
            .and_then(Value::as_str)
            .ok_or_else(|| ApiError::validation("MissingRequired", "toServiceId"))?;
        let tid = parse_id("s", to).ok_or_else(|| ApiError::validation("InvalidReference", "toServiceId"))?;
        let ok = tid != sid
            && st.services.get(&tid).is_some_and(|t| {
                t.meta.project == svc.meta.project && t.meta.removed.is_none() && t.meta.state != "removing"
            });
        if !ok {
            return Err(ApiError::validation("InvalidReference", "toServiceId"));
        }
        if let Some(s) = st.services.get_mut(&sid) {
            s.upgrade = Some(json!({"inServiceStrategy": null, "toServiceStrategy": tos}));
        }
        return Ok(());
    }
    Err(ApiError::validation("MissingRequired", "Upgrade strategy needs to be set"))
}

/// Rollback of an in-service upgrade puts the previous launch configs back immediately.
fn prepare_rollback(st: &mut State, sid: u64) {
    let Some(s) = st.services.get_mut(&sid) else {
        return;
    };
    let Some(ins) =
        s.upgrade.as_ref().and_then(|u| u.get("inServiceStrategy")).filter(|v| !v.is_null()).cloned()
    else {
        return;
    };
    if let Some(prev) = ins.get("previousLaunchConfig").and_then(Value::as_object) {
        s.launch_config = prev.clone();
    }
    if let Some(prev) = ins.get("previousSecondaryLaunchConfigs").and_then(Value::as_array) {
        s.secondary = prev.iter().filter_map(|v| v.as_object().cloned()).collect();
    }
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

async fn stack_action(app: &Arc<App>, req: &Req, id: &str, action: &str, body: &Value) -> ApiResult<Out> {
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
            Ok(Out::Json(
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

/// externalId/environment bookkeeping of stack upgrades (what the executor replies, spec §5.2).
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

async fn container_action(
    app: &Arc<App>,
    req: &Req,
    s: &Schema,
    id: &str,
    action: &str,
    body: &Value,
) -> ApiResult<Out> {
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
            return Ok(Out::Json(StatusCode::OK, logs::grant(app, n, &Value::Object(input), &req.host)));
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

/// Render every resource of a plural for in-process inspection.
pub fn inspect(st: &State, plural: &str, ctx: &render::Ctx) -> Vec<Value> {
    match schemas::by_plural(plural) {
        Some(s) => super::routes::list_items(st, s.id, ctx),
        None => Vec::new(),
    }
}
