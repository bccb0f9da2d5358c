//! Container logs. As the real server does, the `logs` action answers with a `hostAccess`
//! `{url, token}` for a websocket (`ws://HOST/emulator/logs/<containerId>`, opened with
//! `?token=TOKEN` and no other authentication). Each text message is one simulated line in the
//! host-api framing (`01 ` stdout, `02 ` stderr, then a Docker-style timestamp). With `follow`
//! the socket stays open and a line comes every `timing.log_interval` until the container stops
//! (then the server closes it) or the client goes away.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::app::{App, LogGrant};
use super::util;

pub(super) fn grant(app: &App, container_id: u64, input: &Value, host: &str) -> Value {
    let follow = input.get("follow").and_then(Value::as_bool).unwrap_or(true);
    let lines = input.get("lines").and_then(Value::as_u64).unwrap_or(100);
    let token = format!("emu-{}", util::uuid_from(app.next_seq() ^ (container_id << 40)));
    app.grant(token.clone(), LogGrant { container_id, follow, lines });
    json!({
        "type": "hostAccess",
        "baseType": "hostAccess",
        "links": {},
        "actions": {},
        "url": format!("ws://{host}/emulator/logs/{}", util::fmt_id("i", container_id)),
        "token": token,
    })
}

fn line(stream: u8, name: &str, text: &str) -> String {
    format!("{stream:02} {} {name}: {text}\n", util::now_iso())
}

/// The lines for container `container_id` if `token` grants them: the backlog, then (with
/// `follow`) new lines until the container stops. None if the token does not match.
pub(super) fn lines(
    app: &Arc<App>,
    container_id: u64,
    token: &str,
) -> Option<tokio::sync::mpsc::Receiver<String>> {
    let g = app.grant_for(token).filter(|g| g.container_id == container_id)?;
    let (name, image, starts) = {
        let st = app.lock();
        let c = st.containers.get(&container_id)?;
        (c.name.clone(), c.image().to_string(), c.start_count)
    };
    let mut history = Vec::new();
    for n in 1..=starts.max(1) {
        history.push(line(1, &name, &format!("starting {image} (start #{n})")));
        history.push(line(1, &name, "listening on 0.0.0.0"));
        history.push(line(2, &name, "warning: this is a simulated container"));
    }
    let skip = history.len().saturating_sub(g.lines as usize);
    let history: Vec<String> = history.into_iter().skip(skip).collect();
    let (tx, rx) = tokio::sync::mpsc::channel::<String>(16);
    let app2 = Arc::clone(app);
    let interval = app.timing.log_interval.max(std::time::Duration::from_millis(10));
    tokio::spawn(async move {
        for l in history {
            if tx.send(l).await.is_err() {
                return;
            }
        }
        if !g.follow {
            return;
        }
        app2.log_streams.fetch_add(1, Ordering::SeqCst);
        let mut n = 0u64;
        loop {
            tokio::time::sleep(interval).await;
            let running =
                app2.lock().containers.get(&container_id).is_some_and(|c| c.meta.state == "running");
            if !running {
                break;
            }
            n += 1;
            if tx.send(line(1, &name, &format!("request {n} handled"))).await.is_err() {
                break;
            }
        }
        app2.log_streams.fetch_sub(1, Ordering::SeqCst);
    });
    Some(rx)
}

/// `GET /emulator/logs/{id}?token=...` as a websocket: one text message per line, then a close.
pub(super) async fn socket(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Query(query): Query<std::collections::HashMap<String, String>>,
    upgrade: WebSocketUpgrade,
) -> Response {
    let token = query.get("token").cloned().unwrap_or_default();
    let Some(mut rx) = util::parse_id("i", &id).and_then(|n| lines(&app, n, &token)) else {
        return (StatusCode::UNAUTHORIZED, "invalid or expired log token").into_response();
    };
    upgrade.on_upgrade(|mut socket: WebSocket| async move {
        while let Some(line) = rx.recv().await {
            if socket.send(Message::Text(line.into())).await.is_err() {
                return;
            }
        }
        let _ = socket.send(Message::Close(None)).await;
    })
}
