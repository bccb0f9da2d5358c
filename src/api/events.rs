//! The server's event stream (`subscribe?eventNames=resource.change`): a websocket whose text
//! messages are JSON events, one per changed resource (`{"name": "resource.change",
//! "resourceType": ..., "data": {"resource": ...}}`), plus pings.

use futures_util::StreamExt;
use serde_json::Value;
use tokio_tungstenite::tungstenite::Message;

use super::websocket::{self, Socket};
use super::{Client, Error};

/// An open event stream.
pub(crate) struct Events {
    socket: Socket,
}

/// Subscribes to resource changes.
///
/// # Errors
/// The server has no event stream, or it could not be opened.
pub(crate) async fn subscribe(client: &Client) -> Result<Events, Error> {
    let mut url = reqwest::Url::parse(&client.schemas().collection_url("subscribe")?)
        .map_err(|e| Error::Decode { url: "subscribe".into(), reason: e.to_string() })?;
    url.query_pairs_mut().append_pair("eventNames", "resource.change");
    Ok(Events { socket: websocket::open(client, url, true).await? })
}

impl Events {
    /// The next event; `None` once the stream ends or breaks.
    pub(crate) async fn next(&mut self) -> Option<Value> {
        loop {
            match self.socket.next().await? {
                Ok(Message::Text(text)) => {
                    if let Ok(event) = serde_json::from_str(&text) {
                        return Some(event);
                    }
                }
                Ok(Message::Close(_)) | Err(_) => return None,
                Ok(_) => {}
            }
        }
    }
}
