//! The URL forms users give for a Rancher server, normalised as the Go client did: an empty
//! path becomes `/v2-beta`, and `/v1` (or `/v1/...`) becomes `/v2-beta` (or `/v2-beta/...`).
//! Everything else, such as `/v2-beta/projects/1a5` or a schemas URL, is kept.

use reqwest::Url;

use super::client::Credentials;
use super::error::Error;

/// Parses and normalises a server URL.
///
/// # Errors
/// The text is not an `http` or `https` URL (with a hint when only the scheme is missing).
pub(crate) fn normalise(raw: &str) -> Result<Url, Error> {
    let raw = raw.trim();
    let shown = hide_userinfo(raw);
    // `127.0.0.1:8080` fails to parse and `localhost:8080` parses with the scheme `localhost`.
    let hint = (!raw.contains("://")).then(|| format!("add the scheme: `http://{shown}` (or https://)"));
    let invalid = |message: String| Error::Url { message, hint: hint.clone() };
    let mut url = Url::parse(raw).map_err(|e| invalid(format!("`{shown}` is not a URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid(format!("`{shown}` is not an http or https URL")));
    }
    let path = url.path().trim_end_matches('/').to_owned();
    let path = if path.is_empty() || path == "/v1" {
        "/v2-beta".to_owned()
    } else if let Some(rest) = path.strip_prefix("/v1/") {
        format!("/v2-beta/{rest}")
    } else {
        path
    };
    url.set_path(&path);
    Ok(url)
}

/// The URL without its user information, and the keys that were written there
/// (`http://KEY:SECRET@host`), percent-decoded.
#[must_use]
pub(crate) fn split_credentials(mut url: Url) -> (Url, Option<Credentials>) {
    if url.username().is_empty() {
        return (url, None);
    }
    let access = percent_decode(url.username());
    let secret = percent_decode(url.password().unwrap_or_default());
    let _ = url.set_username("");
    let _ = url.set_password(None);
    (url, Some(Credentials::new(access, secret)))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `scheme://user:secret@host...` as `scheme://****@host...`, for text that may not parse.
#[must_use]
pub(crate) fn hide_userinfo(raw: &str) -> String {
    let Some(start) = raw.find("://").map(|i| i + 3) else { return raw.to_owned() };
    let authority_end = raw[start..].find('/').map_or(raw.len(), |i| start + i);
    match raw[start..authority_end].rfind('@') {
        Some(at) => format!("{}****{}", &raw[..start], &raw[start + at..]),
        None => raw.to_owned(),
    }
}

/// The URL without user information, for messages.
#[must_use]
pub(crate) fn display(url: &Url) -> String {
    let mut shown = url.clone();
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    shown.to_string()
}

/// Whether credentials sent to this URL travel unencrypted to another machine.
#[must_use]
pub(crate) fn is_plain_http_remote(url: &Url) -> bool {
    url.scheme() == "http" && !is_loopback(url)
}

/// Whether the URL points at this machine.
#[must_use]
pub(crate) fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d == "localhost",
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_in_urls_are_hidden() {
        assert_eq!(hide_userinfo("http://key:s3cret@host:8080/v1"), "http://****@host:8080/v1");
        assert_eq!(hide_userinfo("http://host/v1"), "http://host/v1");
        assert!(!normalise("ftp://k:s3cret@host").unwrap_err().to_string().contains("s3cret"));
    }

    #[test]
    fn a_missing_scheme_gets_a_hint() {
        for raw in ["127.0.0.1:8080", "localhost:8080", "rancher.example.com"] {
            let err = normalise(raw).unwrap_err();
            assert!(err.hint().is_some_and(|h| h.contains(&format!("http://{raw}"))), "{raw}: {err:?}");
        }
        assert!(normalise("ftp://h").unwrap_err().hint().is_none());
    }

    #[test]
    fn keys_in_the_url_are_taken_out_and_decoded() {
        let (url, keys) = split_credentials(normalise("http://AK:s%2Fc%40ret@h:8080/v1").unwrap());
        assert_eq!(url.as_str(), "http://h:8080/v2-beta");
        let keys = keys.unwrap();
        assert_eq!((keys.access_key.as_str(), keys.secret()), ("AK", "s/c@ret"));
        assert!(split_credentials(normalise("http://h").unwrap()).1.is_none());
    }

    #[test]
    fn every_url_form_users_have() {
        for (input, want) in [
            ("http://h:8080", "http://h:8080/v2-beta"),
            ("http://h:8080/", "http://h:8080/v2-beta"),
            ("http://h:8080/v1", "http://h:8080/v2-beta"),
            ("http://h:8080/v1/", "http://h:8080/v2-beta"),
            ("http://h:8080/v1/projects/1a5", "http://h:8080/v2-beta/projects/1a5"),
            ("http://h:8080/v1/projects/1a5/schemas", "http://h:8080/v2-beta/projects/1a5/schemas"),
            ("http://h:8080/v2-beta", "http://h:8080/v2-beta"),
            ("http://h:8080/v2-beta/", "http://h:8080/v2-beta"),
            (
                "https://rancher.example.com/v2-beta/projects/1a5/",
                "https://rancher.example.com/v2-beta/projects/1a5",
            ),
        ] {
            assert_eq!(normalise(input).unwrap().as_str(), want, "{input}");
        }
        assert!(normalise("ftp://h").is_err());
        assert!(normalise("not a url").is_err());
    }

    #[test]
    fn plain_http_to_remote_hosts_is_flagged() {
        assert!(is_plain_http_remote(&normalise("http://rancher:8080").unwrap()));
        assert!(!is_plain_http_remote(&normalise("http://127.0.0.1:8080").unwrap()));
        assert!(!is_plain_http_remote(&normalise("http://localhost:8080").unwrap()));
        assert!(!is_plain_http_remote(&normalise("https://rancher").unwrap()));
    }

    #[test]
    fn display_hides_credentials() {
        let url = normalise("http://key:secret@h:8080").unwrap();
        assert!(!display(&url).contains("secret"));
    }
}
