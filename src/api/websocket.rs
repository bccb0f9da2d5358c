//! Websockets opened through the API's own HTTP client (an HTTP/1.1 upgrade), so a stream gets
//! the same trust (`--ca-file`, system roots), proxies and timeouts as every API request.

use reqwest::header;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::handshake::client::generate_key;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::Role;

use super::{Client, Error};

/// An open websocket.
pub(super) type Socket = WebSocketStream<reqwest::Upgraded>;

/// Opens the websocket at `url` (`ws`, `wss`, `http` or `https`), with the API keys when
/// `authenticate` (the event stream wants them; log streams carry a token instead).
///
/// # Errors
/// Not a websocket URL, the server could not be reached, or it refused the upgrade.
pub(super) async fn open(client: &Client, url: reqwest::Url, authenticate: bool) -> Result<Socket, Error> {
    // Shown without the query: a log stream's token is in it.
    let mut bare = url.clone();
    bare.set_query(None);
    let shown = super::url::display(&bare);
    let failed = |reason: String| Error::Transport { method: "GET".into(), url: shown.clone(), reason };
    let mut target = url;
    let scheme = match target.scheme() {
        "ws" | "http" => "http",
        "wss" | "https" => "https",
        other => return Err(failed(format!("not a websocket URL (scheme `{other}`)"))),
    };
    // Both are valid schemes, so this cannot fail.
    let _ = target.set_scheme(scheme);
    let key = generate_key();
    let mut request = client
        .http()
        .get(target)
        .header(header::CONNECTION, "Upgrade")
        .header(header::UPGRADE, "websocket")
        .header(header::SEC_WEBSOCKET_VERSION, "13")
        .header(header::SEC_WEBSOCKET_KEY, &key);
    if authenticate {
        request = client.authenticate(request);
    }
    let response = request.send().await.map_err(|e| failed(super::client::innermost(&e)))?;
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
    let upgraded = response.upgrade().await.map_err(|e| failed(super::client::innermost(&e)))?;
    Ok(WebSocketStream::from_raw_socket(upgraded, Role::Client, None).await)
}
