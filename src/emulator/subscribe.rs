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
use super::render::{self, Ctx, PROJECT_ID};
use super::util;

/// How often an idle subscription is pinged.
const PING: Duration = Duration::from_secs(5);

/// `GET .../subscribe`: upgrades to the event stream.
pub async fn socket(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    uri: Uri,
    ws: WebSocketUpgrade,
) -> Response {
    if !super::routes::authorised(&app, &headers) {
        return super::routes::unauthorised(&app, &headers);
    }
    let names: Vec<String> = uri
        .query()
        .unwrap_or_default()
        .split('&')
        .filter_map(|pair| pair.strip_prefix("eventNames="))
        .map(|v| v.replace("%2E", ".").replace("%2e", "."))
        .collect();
    let changes = names.is_empty() || names.iter().any(|n| n == "resource.change");
    let host = headers.get("host").and_then(|h| h.to_str().ok()).unwrap_or("localhost").to_owned();
    let ctx = Ctx { base: format!("http://{host}/v2-beta/projects/{PROJECT_ID}") };
    ws.on_upgrade(move |socket| follow(app, socket, ctx, changes)).into_response()
}

/// Sends an event for every resource whose representation changed since the last one, and a
/// ping now and then, until the client goes away.
async fn follow(app: Arc<App>, mut socket: WebSocket, ctx: Ctx, changes: bool) {
    let mut versions = app.changes();
    let mut seen = rendered(&app, &ctx);
    let mut ping = tokio::time::interval(PING);
    ping.tick().await;
    loop {
        tokio::select! {
            changed = versions.changed() => {
                if changed.is_err() {
                    return;
                }
                let now = rendered(&app, &ctx);
                if changes {
                    for (key, (kind, id, text)) in &now {
                        if seen.get(key).is_some_and(|(_, _, was)| was == text) {
                            continue;
                        }
                        let resource: Value = serde_json::from_str(text).unwrap_or(Value::Null);
                        let event = event(&app, "resource.change", Some((kind, id, resource)));
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

/// Every stack, service and container as the API renders it, by `type:id`.
fn rendered(app: &App, ctx: &Ctx) -> HashMap<String, (String, String, String)> {
    let st = app.lock();
    let stacks = st.stacks.values().map(|s| render::stack(&st, s, ctx));
    let services = st.services.values().map(|s| render::service(&st, s, ctx));
    let containers = st.containers.values().map(|c| render::container(&st, c, ctx, "container"));
    stacks
        .chain(services)
        .chain(containers)
        .map(|r| {
            let kind = r.get("type").and_then(Value::as_str).unwrap_or_default().to_owned();
            let id = r.get("id").and_then(Value::as_str).unwrap_or_default().to_owned();
            (format!("{kind}:{id}"), (kind, id, r.to_string()))
        })
        .collect()
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
