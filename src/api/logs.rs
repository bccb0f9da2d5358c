//! Container log streams. The `logs` action of a container answers `{url, token}`; the stream
//! is a websocket at `url?token=TOKEN` (no other authentication) whose messages are frames in
//! the host-api format: two digits (`01` stdout, anything else stderr), a separator, then the
//! text. Frames of three bytes or fewer carry nothing.

use futures_util::StreamExt;
use reqwest::header;
use serde_json::{Value, json};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::client::generate_key;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::Role;

use super::client::innermost;
use super::{Client, Error};

/// One line of container output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    pub stderr: bool,
    pub text: String,
}

/// Decodes one frame; `None` for frames that carry no text.
#[must_use]
pub fn parse_frame(frame: &[u8]) -> Option<LogLine> {
    if frame.len() <= 3 {
        return None;
    }
    let stderr = &frame[..2] != b"01";
    let text = String::from_utf8_lossy(&frame[3..]).trim_end_matches(['\n', '\r']).to_owned();
    Some(LogLine { stderr, text })
}

/// Streams the logs of `container` into `on_line` until the server closes the stream: the last
/// `lines` lines, then (with `follow`) new ones as they come.
///
/// # Errors
/// The container does not offer logs now, or the stream could not be opened or broke.
pub async fn stream(
    client: &Client,
    container: &Value,
    follow: bool,
    lines: u32,
    mut on_line: impl FnMut(LogLine),
) -> Result<(), Error> {
    let input = json!({ "follow": follow, "lines": lines });
    let access = client.action(container, "logs", Some(&input)).await?;
    let url = access.get("url").and_then(Value::as_str).unwrap_or_default();
    let token = access.get("token").and_then(Value::as_str).unwrap_or_default();
    let mut socket = open_websocket(client, url, token).await?;
    let failed = |reason: String| Error::Transport { method: "GET".into(), url: url.to_owned(), reason };
    while let Some(message) = socket.next().await {
        match message.map_err(|e| failed(e.to_string()))? {
            Message::Text(text) => on_line_opt(parse_frame(text.as_bytes()), &mut on_line),
            Message::Binary(bytes) => on_line_opt(parse_frame(&bytes), &mut on_line),
            Message::Close(_) => break,
            _ => {}
        }
    }
    Ok(())
}

/// Opens the websocket at `url` with `token` (encoded into the query) through the API's own
/// HTTP client, so the stream gets the same trust (`--ca-file`, system roots), proxies and
/// timeouts as every API request.
async fn open_websocket(
    client: &Client,
    url: &str,
    token: &str,
) -> Result<WebSocketStream<reqwest::Upgraded>, Error> {
    let failed = |reason: String| Error::Transport { method: "GET".into(), url: url.to_owned(), reason };
    let mut target = reqwest::Url::parse(url).map_err(|e| failed(format!("not a URL: {e}")))?;
    let scheme = match target.scheme() {
        "ws" | "http" => "http",
        "wss" | "https" => "https",
        other => return Err(failed(format!("not a websocket URL (scheme `{other}`)"))),
    };
    // Both are valid schemes, so this cannot fail.
    let _ = target.set_scheme(scheme);
    target.query_pairs_mut().append_pair("token", token);
    let key = generate_key();
    let response = client
        .http()
        .get(target)
        .header(header::CONNECTION, "Upgrade")
        .header(header::UPGRADE, "websocket")
        .header(header::SEC_WEBSOCKET_VERSION, "13")
        .header(header::SEC_WEBSOCKET_KEY, &key)
        .send()
        .await
        .map_err(|e| failed(innermost(&e)))?;
    if response.status() != reqwest::StatusCode::SWITCHING_PROTOCOLS {
        return Err(failed(format!(
            "the server answered {} instead of opening the stream",
            response.status()
        )));
    }
    let accepted = response.headers().get(header::SEC_WEBSOCKET_ACCEPT).map(|v| v.as_bytes().to_vec());
    if accepted.as_deref() != Some(derive_accept_key(key.as_bytes()).as_bytes()) {
        return Err(failed("the server did not accept the websocket handshake".to_owned()));
    }
    let upgraded = response.upgrade().await.map_err(|e| failed(innermost(&e)))?;
    Ok(WebSocketStream::from_raw_socket(upgraded, Role::Client, None).await)
}

fn on_line_opt(line: Option<LogLine>, on_line: &mut impl FnMut(LogLine)) {
    if let Some(line) = line {
        on_line(line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_in_the_host_api_format() {
        assert_eq!(parse_frame(b"01 hello\n"), Some(LogLine { stderr: false, text: "hello".into() }));
        assert_eq!(parse_frame(b"02 oops"), Some(LogLine { stderr: true, text: "oops".into() }));
        assert_eq!(parse_frame(b"01 "), None);
        assert_eq!(parse_frame(b""), None);
    }
}
