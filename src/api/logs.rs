//! Container log streams. The `logs` action of a container answers `{url, token}`; the stream
//! is a websocket at `url?token=TOKEN` (no other authentication) whose messages are frames in
//! the host-api format: two digits (`01` stdout, anything else stderr), a separator, then the
//! text. Frames of three bytes or fewer carry nothing.

use futures_util::StreamExt;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

use super::{Client, Error, Resource, websocket};

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
    container: &(impl Resource + ?Sized),
    follow: bool,
    lines: u32,
    mut on_line: impl FnMut(LogLine),
) -> Result<(), Error> {
    let input = json!({ "follow": follow, "lines": lines });
    let access: Value = client.action(container, "logs", Some(&input)).await?;
    let url = super::types::text(&access, "url");
    let token = super::types::text(&access, "token");
    let mut target = reqwest::Url::parse(url).map_err(|e| Error::Transport {
        method: "GET".into(),
        url: url.to_owned(),
        reason: format!("not a URL: {e}"),
    })?;
    target.query_pairs_mut().append_pair("token", token);
    // The token authorises the stream; the API keys are not sent along.
    let mut socket = websocket::open(client, target, false).await?;
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
