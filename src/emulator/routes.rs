//! HTTP plumbing: URL parsing (`/v2-beta`, `/v1`, `/projects/1a5/...` scoping), API keys,
//! fault injection, the `X-API-Schemas` header, error bodies, collections with filters and
//! paging, reads by id and links, and the `/emulator/...` admin endpoints. Mutations are in
//! `handlers`.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::access::{self, Principal};
use super::app::App;
use super::error::{ApiError, ApiResult};
use super::faults::{Decision, Faults};
use super::handlers;
use super::render::{self, Ctx};
use super::schemas::{self, Schema};
use super::store::{Meta, SERVICE_KINDS, State as Model, is_service_kind, prefix_of};
use super::util::{self, parse_id};
use super::{Hold, RequestRecord, logs, subscribe};

pub(super) fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/emulator/logs/{id}", axum::routing::get(logs::socket))
        .route("/v2-beta/subscribe", axum::routing::get(subscribe::socket))
        .route("/v2-beta/projects/{project}/subscribe", axum::routing::get(subscribe::socket))
        .fallback(entry)
        .with_state(app)
}

/// What an API handler answers: a status and a JSON body.
pub(super) struct Reply(pub(super) StatusCode, pub(super) Value);

async fn entry(State(app): State<Arc<App>>, req: Request) -> Response {
    let method = req.method().clone();
    let uri = req.uri().clone();
    let headers = req.headers().clone();
    let body = axum::body::to_bytes(req.into_body(), 16 << 20).await;
    let resp = match body {
        Ok(body) => route(&app, &method, &uri, &headers, body).await,
        Err(_) => error_response(
            &app,
            None,
            &ApiError::invalid_body("request body too large or unreadable"),
            &headers,
        ),
    };
    app.record(RequestRecord {
        method: method.to_string(),
        path: uri.path().to_string(),
        query: uri.query().map(str::to_string),
        status: resp.status().as_u16(),
    });
    resp
}

fn host_of(headers: &HeaderMap) -> String {
    headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost").to_string()
}

fn json_response(status: StatusCode, body: &Value, ctx: Option<&Ctx>) -> Response {
    let mut resp = (status, body.to_string()).into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    if let Some(ctx) = ctx
        && let Ok(v) = HeaderValue::from_str(&format!("{}/schemas", ctx.base))
    {
        h.insert("X-API-Schemas", v);
    }
    resp
}

fn error_response(app: &App, ctx: Option<&Ctx>, e: &ApiError, headers: &HeaderMap) -> Response {
    let id = util::uuid_from(app.next_seq() ^ 0xe77);
    let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut resp = json_response(status, &e.to_json(&id), ctx);
    let no_challenge = headers
        .get("X-API-No-Challenge")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("true"));
    if e.status == 401 && !no_challenge {
        resp.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static(
                "Basic realm=\"Enter API access key and secret key as username and password\"",
            ),
        );
    }
    resp
}

/// A response whose body fails immediately, so the client sees the connection drop.
fn dropped() -> Response {
    let body = futures_util::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "injected drop",
        ))
    });
    (StatusCode::OK, Body::from_stream(body)).into_response()
}

async fn route(app: &Arc<App>, method: &Method, uri: &Uri, headers: &HeaderMap, body: Bytes) -> Response {
    let segs: Vec<&str> = uri.path().split('/').filter(|s| !s.is_empty()).collect();
    let host = host_of(headers);
    if segs.first() == Some(&"emulator") {
        return admin(app, method, headers, &segs[1..], body).await;
    }
    let (principal, ctx) = match request_scope(app, headers, &segs) {
        Ok(scoped) => scoped,
        Err(refused) => return *refused,
    };
    if !matches!(segs.first(), Some(&"v2-beta") | Some(&"v1")) {
        return error_response(app, Some(&ctx), &ApiError::not_found(), headers);
    }
    let faults = app.faults();
    if faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }
    let mutating = method != Method::GET && method != Method::HEAD;
    let decision = faults.decide(app.next_seq());
    if decision == Decision::Error || (mutating && app.fails_this_write()) {
        return error_response(app, Some(&ctx), &ApiError::service_unavailable(), headers);
    }
    let query = parse_query(uri);
    let req = Req {
        method: method.clone(),
        principal,
        ctx,
        query,
        body,
        host,
        version: segs.first().filter(|v| **v == "v1").map_or("v2-beta", |v| *v).to_owned(),
        uri: uri.clone(),
    };
    if mutating {
        app.gates.pass(Hold::Writes).await;
    }
    let out = api(app, &req, &segs[1..]).await;
    if mutating {
        app.durable().await;
    }
    // A dropped connection happens after the work is done: the client cannot tell whether
    // its request took effect, which is what a read-back before a retry is for.
    if decision == Decision::Drop {
        return dropped();
    }
    match out {
        Ok(Reply(status, v)) => json_response(status, &v, Some(&req.ctx)),
        Err(e) => error_response(app, Some(&req.ctx), &e, headers),
    }
}

/// Who sent a request and the environment it acts in, or the error response that refuses it
/// (401 for unknown credentials or an environment the key does not see, 404 for none).
pub(super) fn request_scope(
    app: &App,
    headers: &HeaderMap,
    segs: &[&str],
) -> Result<(Principal, Ctx), Box<Response>> {
    let version = match segs.first() {
        Some(v) if *v == "v2-beta" || *v == "v1" => *v,
        _ => "v2-beta",
    };
    let root = format!("http://{}/{version}", host_of(headers));
    let Some(principal) = access::authenticate(&app.keys, headers) else {
        let ctx = Ctx::new(&root, super::store::DEFAULT_PROJECT);
        return Err(Box::new(error_response(app, Some(&ctx), &ApiError::unauthorized(), headers)));
    };
    match scope(app, principal, segs) {
        Ok(project) => Ok((principal, Ctx::new(&root, project))),
        Err(e) => Err(Box::new(error_response(app, Some(&Ctx::new(&root, principal.home())), &e, headers))),
    }
}

/// The environment a request acts in: the one its `/projects/<id>` prefix names (which must
/// exist, 404, and be one the key sees, 401), else the key's own. The project URL itself is in
/// its own scope, as on Rancher: its `X-API-Schemas` names the project's schemas, which is how
/// clients given `.../projects/1a6` find their way.
fn scope(app: &App, principal: Principal, segs: &[&str]) -> ApiResult<u64> {
    let [_, "projects", id, rest @ ..] = segs else {
        return Ok(principal.home());
    };
    let project =
        parse_id("a", id).filter(|p| app.lock().projects.contains_key(p)).ok_or_else(ApiError::not_found)?;
    match (principal.sees(project), rest.is_empty()) {
        (true, _) => Ok(project),
        // Another environment's resource does not exist for the key; its contents are refused.
        (false, true) => Err(ApiError::not_found()),
        (false, false) => Err(ApiError::unauthorized()),
    }
}

/// One parsed API request.
pub(super) struct Req {
    pub method: Method,
    pub principal: Principal,
    pub ctx: Ctx,
    pub query: Vec<(String, String)>,
    pub body: Bytes,
    pub host: String,
    pub version: String,
    pub uri: Uri,
}

impl Req {
    /// The body as JSON; empty or `null` bodies are `Null` (actions without input send those).
    pub(super) fn json(&self) -> ApiResult<Value> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Value::Null);
        }
        serde_json::from_slice(&self.body)
            .map_err(|e| ApiError::invalid_body(format!("invalid JSON body: {e}")))
    }

    pub(super) fn param(&self, key: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    fn self_url(&self) -> String {
        let q = self.uri.query().map(|q| format!("?{q}")).unwrap_or_default();
        format!("http://{}{}{q}", self.host, self.uri.path())
    }
}

fn parse_query(uri: &Uri) -> Vec<(String, String)> {
    axum::extract::Query::<Vec<(String, String)>>::try_from_uri(uri).map(|q| q.0).unwrap_or_default()
}

async fn api(app: &Arc<App>, req: &Req, segs: &[&str]) -> ApiResult<Reply> {
    let mut rest = segs;
    if rest.len() >= 3 && rest[0] == "projects" {
        // Checked by `scope`.
        rest = &rest[2..];
    }
    let get_only = |r: Value| -> ApiResult<Reply> {
        if req.method == Method::GET {
            Ok(Reply(StatusCode::OK, r))
        } else {
            Err(ApiError::method_not_allowed())
        }
    };
    match rest {
        [] => get_only(version_root(req)),
        ["schemas"] => get_only(schemas::collection_json(&req.ctx.base)),
        ["schemas", id] => match schemas::registry().values().find(|s| s.id.eq_ignore_ascii_case(id)) {
            Some(s) => get_only(schemas::schema_json(s, &req.ctx.base)),
            None => Err(ApiError::not_found()),
        },
        ["scripts", "transform"] => {
            if req.method != Method::POST {
                return Err(ApiError::method_not_allowed());
            }
            let input = req.json()?;
            Ok(Reply(StatusCode::OK, super::transform::transform(&input)?))
        }
        ["projects"] => {
            let items = {
                let st = app.lock();
                req.principal
                    .visible(&st)
                    .iter()
                    .filter_map(|p| st.projects.get(p))
                    .map(|p| render::project(p, &req.ctx))
                    .collect()
            };
            get_only(collection(req, schema("project")?, items))
        }
        ["projects", id] => {
            let st = app.lock();
            let project =
                parse_id("a", id).filter(|p| req.principal.sees(*p)).and_then(|p| st.projects.get(&p));
            get_only(project.map(|p| render::project(p, &req.ctx)).ok_or_else(ApiError::not_found)?)
        }
        ["settings"] => {
            let items =
                render::settings().into_iter().map(|(n, v)| render::setting(n, v, &req.ctx)).collect();
            get_only(collection(req, schema("setting")?, items))
        }
        ["settings", name] => match render::settings().into_iter().find(|(n, _)| n == name) {
            Some((n, v)) => get_only(render::setting(n, v, &req.ctx)),
            None => Err(ApiError::not_found()),
        },
        [plural, tail @ ..] => {
            let plural = if req.version == "v1" && plural.eq_ignore_ascii_case("environments") {
                "stacks"
            } else {
                plural
            };
            let s = schemas::by_plural(plural).ok_or_else(ApiError::not_found)?;
            resource_routes(app, req, s, tail).await
        }
    }
}

fn schema(id: &str) -> ApiResult<&'static Schema> {
    schemas::get(id).ok_or_else(|| ApiError::internal(format!("schema {id} missing")))
}

fn version_root(req: &Req) -> Value {
    let mut links = Map::new();
    links.insert("self".into(), json!(req.ctx.base.clone()));
    for s in schemas::registry().values().filter(|s| s.listable) {
        links.insert(
            s.plural.to_string(),
            json!(format!("{}/{}", req.ctx.base, s.plural.to_ascii_lowercase())),
        );
    }
    links.insert("schemas".into(), json!(format!("{}/schemas", req.ctx.base)));
    json!({"id": req.version, "type": "apiVersion", "links": links, "actions": {}})
}

async fn resource_routes(app: &Arc<App>, req: &Req, s: &'static Schema, tail: &[&str]) -> ApiResult<Reply> {
    let allowed = |methods: &[&str]| methods.contains(&req.method.as_str());
    match tail {
        [] => {
            if !allowed(&s.collection_methods) {
                return Err(ApiError::method_not_allowed());
            }
            if req.method == Method::POST {
                return handlers::create(app, req, s).await;
            }
            let items = {
                let st = app.lock();
                list_items(&st, s.id, &req.ctx)
            };
            Ok(Reply(StatusCode::OK, collection(req, s, items)))
        }
        [id] | [id, _] if !in_project(&app.lock(), s.id, id, req.ctx.project) => Err(ApiError::not_found()),
        [id] => {
            if let Some(action) = req.param("action") {
                if req.method != Method::POST {
                    return Err(ApiError::method_not_allowed());
                }
                return handlers::action(app, req, s, id, action).await;
            }
            if !allowed(&s.resource_methods) {
                return Err(ApiError::method_not_allowed());
            }
            match req.method {
                Method::GET => {
                    let st = app.lock();
                    get_item(&st, s.id, id, &req.ctx)
                        .map(|v| Reply(StatusCode::OK, v))
                        .ok_or_else(ApiError::not_found)
                }
                Method::PUT => handlers::update(app, req, s, id).await,
                Method::DELETE => handlers::delete(app, req, s, id).await,
                _ => Err(ApiError::method_not_allowed()),
            }
        }
        [id, link] => {
            if req.method != Method::GET {
                return Err(ApiError::method_not_allowed());
            }
            let st = app.lock();
            follow_link(&st, req, s, id, link)
        }
        _ => Err(ApiError::not_found()),
    }
}

/// Every resource of a type in the request's environment as JSON (removed ones included;
/// `collection` hides them).
pub(super) fn list_items(st: &Model, type_id: &str, ctx: &Ctx) -> Vec<Value> {
    let here = |m: &Meta| m.project == ctx.project;
    match type_id {
        "stack" => st.stacks.values().filter(|s| here(&s.meta)).map(|s| render::stack(st, s, ctx)).collect(),
        "service" => {
            st.services.values().filter(|s| here(&s.meta)).map(|s| render::service(st, s, ctx)).collect()
        }
        kind if is_service_kind(kind) => st
            .services
            .values()
            .filter(|s| s.kind == type_id && here(&s.meta))
            .map(|s| render::service(st, s, ctx))
            .collect(),
        "container" | "instance" => st
            .containers
            .values()
            .filter(|c| here(&c.meta))
            .map(|c| render::container(st, c, ctx, "container"))
            .collect(),
        "serviceConsumeMap" => {
            st.consume_maps.values().filter(|m| here(&m.meta)).map(|m| render::consume_map(m, ctx)).collect()
        }
        "host" => st.hosts.values().filter(|h| here(&h.meta)).map(|h| render::host(st, h, ctx)).collect(),
        other => st
            .generics
            .get(other)
            .map(|m| m.values().filter(|g| here(&g.meta)).map(|g| render::generic(other, g, ctx)).collect())
            .unwrap_or_default(),
    }
}

/// The stored fields every resource has, of one resource.
fn meta_of<'a>(st: &'a Model, type_id: &str, id: &str) -> Option<&'a Meta> {
    let n = parse_id(prefix_of(type_id), id)?;
    match type_id {
        "stack" => st.stacks.get(&n).map(|s| &s.meta),
        kind if is_service_kind(kind) => st.services.get(&n).map(|s| &s.meta),
        "container" | "instance" => st.containers.get(&n).map(|c| &c.meta),
        "serviceConsumeMap" => st.consume_maps.get(&n).map(|m| &m.meta),
        "host" => st.hosts.get(&n).map(|h| &h.meta),
        other => st.generics.get(other)?.get(&n).map(|g| &g.meta),
    }
}

/// Whether a resource belongs to the environment: another environment's resources do not
/// exist for a request (404), whatever it does with them.
pub(super) fn in_project(st: &Model, type_id: &str, id: &str, project: u64) -> bool {
    meta_of(st, type_id, id).is_some_and(|m| m.project == project)
}

pub(super) fn get_item(st: &Model, type_id: &str, id: &str, ctx: &Ctx) -> Option<Value> {
    if !in_project(st, type_id, id, ctx.project) {
        return None;
    }
    let n = parse_id(prefix_of(type_id), id)?;
    match type_id {
        "stack" => st.stacks.get(&n).map(|s| render::stack(st, s, ctx)),
        kind if is_service_kind(kind) => st.services.get(&n).map(|s| render::service(st, s, ctx)),
        "container" | "instance" => st.containers.get(&n).map(|c| render::container(st, c, ctx, "container")),
        "serviceConsumeMap" => st.consume_maps.get(&n).map(|m| render::consume_map(m, ctx)),
        "host" => st.hosts.get(&n).map(|h| render::host(st, h, ctx)),
        other => st.generics.get(other)?.get(&n).map(|g| render::generic(other, g, ctx)),
    }
}

fn follow_link(st: &Model, req: &Req, s: &Schema, id: &str, link: &str) -> ApiResult<Reply> {
    let link = link.to_ascii_lowercase();
    let ctx = &req.ctx;
    let (items, of): (Vec<Value>, &str) = match (s.id, link.as_str()) {
        (kind, _) if is_service_kind(kind) => {
            let n =
                parse_id("s", id).filter(|n| st.services.contains_key(n)).ok_or_else(ApiError::not_found)?;
            match link.as_str() {
                "instances" => (
                    st.service_containers(n)
                        .filter(|c| c.is_live())
                        .map(|c| render::container(st, c, ctx, "container"))
                        .collect(),
                    "container",
                ),
                "consumedservices" => (
                    st.live_consume_maps()
                        .filter(|m| m.service_id == n)
                        .filter_map(|m| st.services.get(&m.consumed_id))
                        .map(|x| render::service(st, x, ctx))
                        .collect(),
                    "service",
                ),
                "consumedbyservices" => (
                    st.live_consume_maps()
                        .filter(|m| m.consumed_id == n)
                        .filter_map(|m| st.services.get(&m.service_id))
                        .map(|x| render::service(st, x, ctx))
                        .collect(),
                    "service",
                ),
                "stack" => {
                    let sid = st.services.get(&n).map(|x| x.stack_id).unwrap_or(0);
                    return st
                        .stacks
                        .get(&sid)
                        .map(|x| Reply(StatusCode::OK, render::stack(st, x, ctx)))
                        .ok_or_else(ApiError::not_found);
                }
                _ => return Err(ApiError::not_found()),
            }
        }
        ("stack", "services") => {
            let n =
                parse_id("st", id).filter(|n| st.stacks.contains_key(n)).ok_or_else(ApiError::not_found)?;
            (
                st.services
                    .values()
                    .filter(|x| x.stack_id == n)
                    .map(|x| render::service(st, x, ctx))
                    .collect(),
                "service",
            )
        }
        ("container" | "instance", "services") => {
            let n = parse_id("i", id).and_then(|n| st.containers.get(&n)).ok_or_else(ApiError::not_found)?;
            (
                n.service_id
                    .and_then(|sid| st.services.get(&sid))
                    .map(|x| render::service(st, x, ctx))
                    .into_iter()
                    .collect(),
                "service",
            )
        }
        _ => return Err(ApiError::not_found()),
    };
    Ok(Reply(StatusCode::OK, collection(req, schema(of)?, items)))
}

const MODIFIERS: &[&str] =
    &["eq", "ne", "lt", "lte", "gt", "gte", "prefix", "like", "notlike", "null", "notnull"];

/// Split `field_modifier` at the last underscore when the suffix is a modifier.
fn split_filter(key: &str) -> (&str, &str) {
    if let Some((f, m)) = key.rsplit_once('_')
        && MODIFIERS.contains(&m)
        && !f.is_empty()
    {
        return (f, m);
    }
    (key, "eq")
}

fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn like(pattern: &str, text: &str) -> bool {
    util::glob_match(&pattern.to_lowercase().replace('%', "*").replace('_', "?"), &text.to_lowercase())
}

fn compare(a: &str, b: &str) -> std::cmp::Ordering {
    match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => x.partial_cmp(&y).unwrap_or(std::cmp::Ordering::Equal),
        _ => a.cmp(b),
    }
}

fn matches(v: Option<&Value>, modifier: &str, want: &str) -> bool {
    let text = v.and_then(as_text);
    match modifier {
        "null" => text.is_none(),
        "notnull" => text.is_some(),
        "eq" => text.is_some_and(|t| t.eq_ignore_ascii_case(want)),
        "ne" => !text.is_some_and(|t| t.eq_ignore_ascii_case(want)),
        "prefix" => text.is_some_and(|t| t.to_lowercase().starts_with(&want.to_lowercase())),
        "like" => text.is_some_and(|t| like(want, &t)),
        "notlike" => !text.is_some_and(|t| like(want, &t)),
        "lt" => text.is_some_and(|t| compare(&t, want).is_lt()),
        "lte" => text.is_some_and(|t| compare(&t, want).is_le()),
        "gt" => text.is_some_and(|t| compare(&t, want).is_gt()),
        "gte" => text.is_some_and(|t| compare(&t, want).is_ge()),
        _ => true,
    }
}

/// Filter, page and wrap resources as a collection (`rancher-api-semantics.md` §1.5, §1.6).
pub(super) fn collection(req: &Req, s: &Schema, mut items: Vec<Value>) -> Value {
    let mut applied: Map<String, Value> = s.filters.keys().map(|k| (k.clone(), Value::Null)).collect();
    let mut conds = Vec::new();
    for (k, v) in &req.query {
        let (field, modifier) = split_filter(k);
        let Some(ty) = s.filters.get(field) else {
            continue;
        };
        if !schemas::modifiers_for(ty).contains(&modifier) {
            continue;
        }
        conds.push((field.to_string(), modifier.to_string(), v.clone()));
        if let Some(Value::Array(list)) = applied.get_mut(field) {
            list.push(json!({"modifier": modifier, "value": v}));
        } else {
            applied.insert(field.to_string(), json!([{"modifier": modifier, "value": v}]));
        }
    }
    let show_removed = req.param("_removed").is_some();
    items.retain(|item| {
        (show_removed || item.get("removed").is_none_or(Value::is_null))
            && conds.iter().all(|(f, m, v)| matches(item.get(f), m, v))
    });
    let total = items.len();
    let limit = match req.param("limit").and_then(|l| l.parse::<i64>().ok()) {
        Some(l) if l > 0 => (l as usize).min(3000),
        Some(_) => 3000,
        None => 100,
    };
    let offset = req
        .param("marker")
        .and_then(|m| m.strip_prefix('m'))
        .and_then(|m| m.parse::<usize>().ok())
        .unwrap_or(0);
    let page: Vec<Value> = items.into_iter().skip(offset).take(limit).collect();
    let partial = offset + page.len() < total;
    let base_q: Vec<(String, String)> = req.query.iter().filter(|(k, _)| k != "marker").cloned().collect();
    let url_with = |marker: Option<usize>| {
        let mut q = base_q.clone();
        if let Some(m) = marker {
            q.push(("marker".into(), format!("m{m}")));
        }
        let qs: Vec<String> = q.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
        let path = format!("http://{}{}", req.host, req.uri.path());
        if qs.is_empty() { path } else { format!("{path}?{}", qs.join("&")) }
    };
    let mut pagination = Map::new();
    pagination.insert("first".into(), json!(url_with(None)));
    if offset > 0 {
        pagination.insert("previous".into(), json!(url_with(Some(offset.saturating_sub(limit)))));
    }
    if partial {
        pagination.insert("next".into(), json!(url_with(Some(offset + limit))));
    }
    pagination.insert("limit".into(), json!(limit));
    pagination.insert("total".into(), json!(total));
    pagination.insert("partial".into(), json!(partial));
    let mut create_types = Map::new();
    if s.collection_methods.contains(&"POST") {
        let kinds: &[&str] = if s.id == "service" { SERVICE_KINDS } else { std::slice::from_ref(&s.id) };
        for k in kinds {
            if let Some(ks) = schemas::get(k) {
                create_types.insert(
                    k.to_string(),
                    json!(format!("{}/{}", req.ctx.base, ks.plural.to_ascii_lowercase())),
                );
            }
        }
    }
    json!({
        "type": "collection",
        "resourceType": s.id,
        "links": {"self": req.self_url()},
        "createTypes": create_types,
        "actions": {},
        "data": page,
        "pagination": pagination,
        "sort": null,
        "sortLinks": {},
        "filters": applied,
        "createDefaults": {},
    })
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

// ---------------------------------------------------------------- admin

async fn admin(app: &Arc<App>, method: &Method, headers: &HeaderMap, segs: &[&str], body: Bytes) -> Response {
    if access::authenticate(&app.keys, headers).is_none() {
        return error_response(app, None, &ApiError::unauthorized(), headers);
    }
    let ok = |v: Value| json_response(StatusCode::OK, &v, None);
    match (method.as_str(), segs) {
        ("GET", ["health"]) => ok(json!({"status": "ok"})),
        ("GET", ["faults"]) => ok(serde_json::to_value(app.faults()).unwrap_or(Value::Null)),
        ("PUT" | "POST", ["faults"]) => match serde_json::from_slice::<Faults>(&body) {
            Ok(f) => {
                app.set_faults(f.clone());
                ok(serde_json::to_value(f).unwrap_or(Value::Null))
            }
            Err(e) => error_response(app, None, &ApiError::invalid_body(e.to_string()), headers),
        },
        ("DELETE", ["faults"]) => {
            app.set_faults(Faults::default());
            ok(json!({}))
        }
        ("GET", ["requests"]) => ok(serde_json::to_value(app.request_log()).unwrap_or(Value::Null)),
        ("DELETE", ["requests"]) => {
            app.clear_request_log();
            ok(json!({}))
        }
        ("GET", ["holds"]) => ok(Value::Object(
            Hold::ALL
                .into_iter()
                .map(|h| {
                    let held = json!({"held": app.gates.is_held(h), "waiting": app.gates.waiting(h)});
                    (h.name().to_owned(), held)
                })
                .collect(),
        )),
        ("PUT" | "POST" | "DELETE", ["holds", kind]) => match kind.parse::<Hold>() {
            Ok(h) => {
                if method == Method::DELETE {
                    app.gates.release(h);
                } else {
                    app.gates.hold(h);
                }
                ok(json!({"held": app.gates.is_held(h), "waiting": app.gates.waiting(h)}))
            }
            Err(e) => error_response(app, None, &ApiError::invalid_body(e), headers),
        },
        ("GET", ["state"]) => {
            let st = app.lock();
            ok(serde_json::to_value(&*st).unwrap_or(Value::Null))
        }
        _ => error_response(app, None, &ApiError::not_found(), headers),
    }
}
