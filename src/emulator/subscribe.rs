//! Resource change events, as Rancher 1.6 serves them to its CLI's waiter: a websocket at
//! `/v2-beta/projects/<id>/subscribe?eventNames=resource.change` (or `/v2-beta/subscribe`),
//! authenticated as every request, whose text messages are events
//! `{"name": "resource.change", "resourceType": "service", "resourceId": "1s3", "data":
//! {"resource": {...}}}`, one for each stack, service or container whose representation
//! changed, plus a `ping` event every few seconds. Nothing is sent for the state at connect
//! time; a client reads that once and then follows the changes.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::app::App;
use super::render::{self, Ctx};
use super::util;

/// How often an idle subscription is pinged.
const PING: Duration = Duration::from_secs(5);
/// Changes that come together (a process touches the model several times in a row) are sent
/// together: the model is rendered at most this often per subscriber.
const COALESCE: Duration = Duration::from_millis(5);

/// `GET .../subscribe`: upgrades to the event stream.
pub(super) async fn socket(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    uri: Uri,
    ws: WebSocketUpgrade,
) -> Response {
    let segs: Vec<&str> = uri.path().split('/').filter(|s| !s.is_empty()).collect();
    let ctx = match super::routes::request_scope(&app, &headers, &segs) {
        Ok((_, ctx)) => ctx,
        Err(refused) => return *refused,
    };
    let names: Vec<String> = uri
        .query()
        .unwrap_or_default()
        .split('&')
        .filter_map(|pair| pair.strip_prefix("eventNames="))
        .map(|v| v.replace("%2E", ".").replace("%2e", "."))
        .collect();
    let changes = names.is_empty() || names.iter().any(|n| n == "resource.change");
    ws.on_upgrade(move |socket| follow(app, socket, ctx, changes)).into_response()
}

/// Sends an event for every resource whose representation changed since the last one, and a
/// ping now and then, until the client goes away.
async fn follow(app: Arc<App>, mut socket: WebSocket, ctx: Ctx, changes: bool) {
    let mut versions = app.changes();
    let mut seen = rendered(&app, &ctx, &HashMap::new());
    let mut ping = tokio::time::interval(PING);
    ping.tick().await;
    loop {
        tokio::select! {
            changed = versions.changed() => {
                if changed.is_err() {
                    return;
                }
                tokio::time::sleep(COALESCE).await;
                versions.mark_unchanged();
                let now = rendered(&app, &ctx, &seen);
                if changes {
                    for (key, sent) in &now {
                        if seen.get(key).is_some_and(|was| was.text == sent.text) {
                            continue;
                        }
                        let resource: Value = serde_json::from_str(&sent.text).unwrap_or(Value::Null);
                        let event = event(&app, "resource.change", Some((&sent.kind, &sent.id, resource)));
                        if socket.send(Message::Text(event.to_string().into())).await.is_err() {
                            return;
                        }
                    }
                }
                seen = now;
            }
            _ = ping.tick() => {
                if socket.send(Message::Text(event(&app, "ping", None).to_string().into())).await.is_err() {
                    return;
                }
            }
            message = socket.recv() => match message {
                None | Some(Err(_) | Ok(Message::Close(_))) => return,
                Some(Ok(_)) => {}
            },
        }
    }
}

/// What was last sent of one resource.
struct Sent {
    kind: String,
    id: String,
    /// For containers, whose representation follows their own fields: a cheap fingerprint, so
    /// an unchanged one is not rendered again.
    print: Option<String>,
    text: String,
}

/// Every stack, service and container as the API renders it, by `type:id`.
fn rendered(app: &App, ctx: &Ctx, before: &HashMap<String, Sent>) -> HashMap<String, Sent> {
    let st = app.lock();
    let mut out = HashMap::new();
    let put = |out: &mut HashMap<String, Sent>, r: Value, print: Option<String>| {
        let kind = r.get("type").and_then(Value::as_str).unwrap_or_default().to_owned();
        let id = r.get("id").and_then(Value::as_str).unwrap_or_default().to_owned();
        out.insert(format!("{kind}:{id}"), Sent { kind, id, print, text: r.to_string() });
    };
    // Events of the subscriber's environment only, as every other read.
    let here = ctx.project;
    for s in st.stacks.values().filter(|s| s.meta.project == here) {
        put(&mut out, render::stack(&st, s, ctx), None);
    }
    for s in st.services.values().filter(|s| s.meta.project == here) {
        put(&mut out, render::service(&st, s, ctx), None);
    }
    for c in st.containers.values().filter(|c| c.meta.project == here) {
        let id = util::fmt_id("i", c.meta.id);
        let print = format!(
            "{}|{:?}|{:?}|{}|{:?}|{}|{}|{}|{}|{}",
            c.meta.state,
            c.meta.removed,
            c.meta.message,
            c.meta.error,
            c.health,
            c.host_id,
            c.start_count,
            c.version,
            c.managed,
            c.old
        );
        let key = format!("container:{id}");
        match before.get(&key) {
            Some(sent) if sent.print.as_deref() == Some(print.as_str()) => {
                let again = Sent { kind: sent.kind.clone(), id, print: Some(print), text: sent.text.clone() };
                out.insert(key, again);
            }
            _ => put(&mut out, render::container(&st, c, ctx, "container"), Some(print)),
        }
    }
    out
}

fn event(app: &App, name: &str, resource: Option<(&String, &String, Value)>) -> Value {
    let mut event = json!({
        "id": util::uuid_from(app.next_seq()),
        "name": name,
        "time": std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
        "resourceType": Value::Null,
        "resourceId": Value::Null,
        "data": {},
    });
    if let Some((kind, id, resource)) = resource {
        event["resourceType"] = json!(kind);
        event["resourceId"] = json!(id);
        event["data"] = json!({ "resource": resource });
    }
    event
}
