//! Executes API requests: discovery through `X-API-Schemas`, basic authentication, connect and
//! request timeouts, retries with backoff for idempotent requests on connection errors and
//! 502/503/504, pagination, and Rancher error documents turned into [`Error::Api`].

use std::fmt;
use std::time::Duration;

use reqwest::{Method, StatusCode, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::Error;
use super::schema::Schemas;
use super::types::{Resource, State, Transitioning, decode};
use super::url;

/// An API key pair. The secret never appears in `Debug` output.
#[derive(Clone)]
pub struct Credentials {
    pub access_key: String,
    secret_key: String,
}

impl Credentials {
    #[must_use]
    pub fn new(access_key: String, secret_key: String) -> Self {
        Self { access_key, secret_key }
    }

    #[cfg(test)]
    pub(crate) fn secret(&self) -> &str {
        &self.secret_key
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key", &self.access_key)
            .field("secret_key", &"REDACTED")
            .finish()
    }
}

/// Timeouts and retry policy.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    pub connect_timeout: Duration,
    /// How long one attempt may wait for its answer.
    pub request_timeout: Duration,
    /// How long one request may take in all, retries and pauses included.
    pub give_up_after: Duration,
    /// Extra attempts for idempotent requests after a transient failure.
    pub retries: u32,
    /// Delay before the first retry; doubled for each further one.
    pub retry_delay: Duration,
    /// PEM certificates trusted in addition to the system's roots (a private CA).
    pub extra_roots: Vec<reqwest::Certificate>,
    /// Where each request is told (method, URL, status, time; never headers or bodies, so no
    /// secret can appear): `--verbose`'s debug lines.
    pub trace: Option<Lines>,
    /// Where a line goes before each retry, saying why and when.
    pub retry_notes: Option<Lines>,
}

/// Where the client's own lines go: the caller's printer (the client prints nothing itself).
#[derive(Clone)]
pub struct Lines(std::sync::Arc<dyn Fn(&str) + Send + Sync>);

impl Lines {
    pub fn new(to: impl Fn(&str) + Send + Sync + 'static) -> Self {
        Self(std::sync::Arc::new(to))
    }

    fn say(&self, line: &str) {
        (self.0)(line);
    }
}

impl std::fmt::Debug for Lines {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Lines")
    }
}

/// `RANCHER_API_TIMEOUT`: seconds one API request may take in all, retries included.
pub(super) const API_TIMEOUT_VAR: &str = "RANCHER_API_TIMEOUT";

impl Default for ClientOptions {
    fn default() -> Self {
        Self::within(Duration::from_secs(30))
    }
}

impl ClientOptions {
    /// Requests that give up after `total`: each attempt waits a third of it (10 s by default,
    /// as 0.12 did), so a server that never answers is tried three times, not once.
    #[must_use]
    pub fn within(total: Duration) -> Self {
        let attempt = total / 3;
        Self {
            connect_timeout: attempt.min(Duration::from_secs(10)),
            request_timeout: attempt,
            give_up_after: total,
            retries: 5,
            retry_delay: Duration::from_millis(100),
            extra_roots: Vec::new(),
            trace: None,
            retry_notes: None,
        }
    }

    /// The defaults, with [`API_TIMEOUT_VAR`] applied when it holds a number of seconds.
    #[must_use]
    pub fn from_env(env: &crate::env::Env) -> Self {
        env.get(API_TIMEOUT_VAR)
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s > 0.0)
            .map_or_else(Self::default, |s| Self::within(Duration::from_secs_f64(s)))
    }
}

/// A connected API client.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    credentials: Option<Credentials>,
    schemas: Schemas,
    options: ClientOptions,
    /// How many requests that change the server it accepted.
    mutations: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl Client {
    /// Connects to `raw_url` (any form users write: bare server, `/v1`, `/v2-beta`, a project
    /// URL) and reads the schemas.
    ///
    /// # Errors
    /// The URL is unusable, the server is unreachable, refuses the credentials, or does not
    /// look like a Rancher API.
    pub async fn connect(
        raw_url: &str,
        credentials: Option<Credentials>,
        options: ClientOptions,
    ) -> Result<Self, Error> {
        let (url, in_url) = url::split_credentials(url::normalise(raw_url)?);
        // Keys written in the URL serve every request, not only the first.
        let credentials = credentials.or(in_url);
        // No client-wide timeout: API requests set their own, log streams last as long as
        // their container's output.
        let mut builder = reqwest::Client::builder()
            .connect_timeout(options.connect_timeout)
            .user_agent(concat!("rancher-compose/", env!("CARGO_PKG_VERSION")))
            .tls_certs_merge(options.extra_roots.iter().cloned());
        // HTTPS_PROXY/NO_PROXY apply, but never to this machine (the local emulator).
        if url::is_loopback(&url) {
            builder = builder.no_proxy();
        }
        let http = builder.build().map_err(|e| Error::Transport {
            method: "GET".into(),
            url: url::display(&url),
            reason: e.to_string(),
        })?;
        let mut client =
            Self { http, credentials, schemas: Schemas::default(), options, mutations: Default::default() };
        let (headers, root) = client.send_with_retry(Method::GET, url.clone(), None).await?;
        let schemas_url =
            headers.get("x-api-schemas").and_then(|v| v.to_str().ok()).map(str::to_owned).ok_or_else(
                || Error::Decode {
                    url: url::display(&url),
                    reason: "no X-API-Schemas header: this does not look like a Rancher API endpoint".into(),
                },
            )?;
        let doc = if schemas_url.trim_end_matches('/') == url.as_str().trim_end_matches('/') {
            root
        } else {
            let schemas = Url::parse(&schemas_url)
                .map_err(|e| Error::Decode { url: schemas_url.clone(), reason: e.to_string() })?;
            client.send_with_retry(Method::GET, schemas, None).await?.1
        };
        client.schemas = Schemas::from_collection(&doc, &schemas_url)?;
        Ok(client)
    }

    fn count_change(&self) {
        self.mutations.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// How many changes (creates, updates, deletes, actions) the server has accepted so far.
    #[must_use]
    pub fn mutations(&self) -> usize {
        self.mutations.load(std::sync::atomic::Ordering::Relaxed)
    }

    #[must_use]
    pub fn schemas(&self) -> &Schemas {
        &self.schemas
    }

    /// The HTTP client every request goes through (websockets too).
    pub(super) fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// `request` with the API keys.
    pub(super) fn authenticate(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.credentials {
            Some(c) => request.basic_auth(&c.access_key, Some(&c.secret_key)),
            None => request,
        }
    }

    /// Every resource of `type_name` matching `filters`, following pagination.
    ///
    /// # Errors
    /// The type cannot be listed, or a request failed.
    pub async fn list(&self, type_name: &str, filters: &[(&str, &str)]) -> Result<Vec<Value>, Error> {
        self.list_as(type_name, filters).await
    }

    /// [`Self::list`], each resource decoded as a `T`.
    ///
    /// # Errors
    /// The type cannot be listed, a request failed, or a resource is not a `T`.
    pub async fn list_as<T: DeserializeOwned>(
        &self,
        type_name: &str,
        filters: &[(&str, &str)],
    ) -> Result<Vec<T>, Error> {
        self.schemas.require_method(type_name, "GET", true)?;
        let mut url = parse(&self.schemas.collection_url(type_name)?)?;
        url.query_pairs_mut().extend_pairs(filters);
        self.pages(url).await
    }

    /// Every resource of a collection link (such as a service's `instances`), following
    /// pagination.
    ///
    /// # Errors
    /// A request failed.
    pub async fn list_url(&self, url: &str) -> Result<Vec<Value>, Error> {
        self.list_url_as(url).await
    }

    /// [`Self::list_url`], each resource decoded as a `T`.
    ///
    /// # Errors
    /// A request failed, or a resource is not a `T`.
    pub async fn list_url_as<T: DeserializeOwned>(&self, url: &str) -> Result<Vec<T>, Error> {
        self.pages(parse(url)?).await
    }

    async fn pages<T: DeserializeOwned>(&self, mut url: Url) -> Result<Vec<T>, Error> {
        let mut out = Vec::new();
        loop {
            let (_, page) = self.send_with_retry(Method::GET, url.clone(), None).await?;
            if let Some(items) = page.get("data").and_then(Value::as_array) {
                for item in items {
                    out.push(decode(&url::display(&url), item.clone())?);
                }
            }
            match page.pointer("/pagination/next").and_then(Value::as_str) {
                Some(next) if !next.is_empty() => url = parse(next)?,
                _ => return Ok(out),
            }
        }
    }

    /// One resource by id; `None` when the server says it does not exist.
    ///
    /// # Errors
    /// A request failed for another reason.
    pub async fn by_id(&self, type_name: &str, id: &str) -> Result<Option<Value>, Error> {
        self.by_id_as(type_name, id).await
    }

    /// [`Self::by_id`], decoded as a `T`.
    ///
    /// # Errors
    /// A request failed, or the resource is not a `T`.
    pub async fn by_id_as<T: DeserializeOwned>(&self, type_name: &str, id: &str) -> Result<Option<T>, Error> {
        let url = parse(&format!("{}/{id}", self.schemas.collection_url(type_name)?))?;
        match self.send_with_retry(Method::GET, url.clone(), None).await {
            Ok((_, v)) => Ok(Some(decode(&url::display(&url), v)?)),
            Err(Error::Api { status: 404, .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Creates a resource. After a transient failure the request may still have reached the
    /// server, so a named resource is first looked up: found, it is the result; only otherwise
    /// is the create sent again, so a named resource is never created twice. (Unnamed ones,
    /// pull tasks, are sent again: pulling twice does no harm.)
    ///
    /// # Errors
    /// The server refused it or the request failed.
    pub async fn create(&self, type_name: &str, body: &Value) -> Result<Value, Error> {
        self.create_as(type_name, body).await
    }

    /// [`Self::create`], the answer decoded as a `T`.
    ///
    /// # Errors
    /// The server refused it, the request failed, or the answer is not a `T`.
    pub async fn create_as<T: DeserializeOwned>(&self, type_name: &str, body: &Value) -> Result<T, Error> {
        self.schemas.require_method(type_name, "POST", true)?;
        let url = parse(&self.schemas.collection_url(type_name)?)?;
        let shown = url::display(&url);
        let read_back = move || self.created_earlier(type_name, body);
        decode(&shown, self.send_retrying(Method::POST, url, Some(body), read_back).await?.1)
    }

    /// The resource a create with `body` made, if an earlier attempt reached the server.
    async fn created_earlier(&self, type_name: &str, body: &Value) -> Result<Option<Value>, Error> {
        let Some(name) = body.get("name").and_then(Value::as_str) else { return Ok(None) };
        let mut filters = vec![("name", name), ("removed_null", "1")];
        if let Some(stack) = body.get("stackId").and_then(Value::as_str) {
            filters.push(("stackId", stack));
        }
        Ok(self.list(type_name, &filters).await?.into_iter().next())
    }

    /// Updates a resource (`PUT` to its `self` link).
    ///
    /// # Errors
    /// The server refused it or the request failed.
    pub async fn update<R: Resource + ?Sized>(&self, resource: &R, body: &Value) -> Result<Value, Error> {
        self.update_as(resource, body).await
    }

    /// [`Self::update`], the answer decoded as a `T`.
    ///
    /// # Errors
    /// The server refused it, the request failed, or the answer is not a `T`.
    pub async fn update_as<R: Resource + ?Sized, T: DeserializeOwned>(
        &self,
        resource: &R,
        body: &Value,
    ) -> Result<T, Error> {
        let url = parse(self_link(resource)?)?;
        let shown = url::display(&url);
        decode(&shown, self.send_with_retry(Method::PUT, url, Some(body)).await?.1)
    }

    /// Deletes a resource (`DELETE` to its `self` link).
    ///
    /// # Errors
    /// The server refused it or the request failed.
    pub async fn delete<R: Resource + Serialize + ?Sized>(&self, resource: &R) -> Result<Value, Error> {
        self.delete_as(resource).await
    }

    /// [`Self::delete`], the answer decoded as a `T`.
    ///
    /// # Errors
    /// The server refused it, the request failed, or the answer is not a `T`.
    pub async fn delete_as<R: Resource + Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        resource: &R,
    ) -> Result<T, Error> {
        let url = parse(self_link(resource)?)?;
        let shown = url::display(&url);
        match self.send_with_retry(Method::DELETE, url, None).await {
            Ok((_, removing)) => decode(&shown, removing),
            // A retried delete whose first attempt got through finds the resource going or
            // gone: that is the answer wanted.
            Err(e @ Error::Api { status: 404 | 405 | 409, .. }) => match self.reload_value(resource).await {
                Ok(now) if now.state_str().map(State::from).is_some_and(|s| s.is_deleted()) => {
                    self.count_change();
                    decode(&shown, now)
                }
                Err(Error::Api { status: 404, .. }) => {
                    self.count_change();
                    let mut gone = serde_json::to_value(resource).unwrap_or(Value::Null);
                    if let Some(fields) = gone.as_object_mut() {
                        fields.insert("state".into(), Value::from(State::Removed.as_str()));
                        fields.insert("transitioning".into(), Value::from(Transitioning::No.as_str()));
                    }
                    decode(&shown, gone)
                }
                _ => Err(e),
            },
            Err(e) => Err(e),
        }
    }

    /// Runs an action the resource offers in its current state.
    ///
    /// # Errors
    /// The resource does not offer the action now, or the server refused it.
    pub async fn action<R: Resource + ?Sized>(
        &self,
        resource: &R,
        action: &str,
        input: Option<&Value>,
    ) -> Result<Value, Error> {
        self.action_as(resource, action, input).await
    }

    /// [`Self::action`], the answer decoded as a `T`.
    ///
    /// # Errors
    /// The resource does not offer the action now, the server refused it, or the answer is not
    /// a `T`.
    pub async fn action_as<R: Resource + ?Sized, T: DeserializeOwned>(
        &self,
        resource: &R,
        action: &str,
        input: Option<&Value>,
    ) -> Result<T, Error> {
        let link = resource.action_link(action).ok_or_else(|| {
            let kind = resource.kind().unwrap_or("resource");
            let name = resource.name().unwrap_or_default();
            let state = resource.state_str().unwrap_or("unknown");
            Error::Api {
                method: "POST".into(),
                url: format!("{kind} `{name}`"),
                status: 422,
                code: "ActionNotAvailable".into(),
                message: Some(format!("`{action}` is not available in state `{state}`")),
                field_name: Some("action".into()),
            }
        })?;
        let url = parse(link)?;
        let shown = url::display(&url);
        if repeatable(action) {
            return decode(&shown, self.send_with_retry(Method::POST, url, input).await?.1);
        }
        // Read back first: an action that reached the server has moved the resource on (another
        // state, or a transition under way) and must not run twice.
        let read_back = move || async move {
            let now = self.reload_value(resource).await?;
            Ok(took_effect(resource, &now).then_some(now))
        };
        decode(&shown, self.send_retrying(Method::POST, url, input, read_back).await?.1)
    }

    /// The current version of a resource.
    ///
    /// # Errors
    /// The request failed, or the answer is not a resource of the same type.
    pub async fn reload<R: Resource + DeserializeOwned>(&self, resource: &R) -> Result<R, Error> {
        let url = parse(self_link(resource)?)?;
        let shown = url::display(&url);
        decode(&shown, self.send_with_retry(Method::GET, url, None).await?.1)
    }

    async fn reload_value<R: Resource + ?Sized>(&self, resource: &R) -> Result<Value, Error> {
        let url = parse(self_link(resource)?)?;
        Ok(self.send_with_retry(Method::GET, url, None).await?.1)
    }

    /// A request that changes nothing, or is safe to repeat: sent again after a transient
    /// failure.
    async fn send_with_retry(
        &self,
        method: Method,
        url: Url,
        body: Option<&Value>,
    ) -> Result<(reqwest::header::HeaderMap, Value), Error> {
        self.send_retrying(method, url, body, || std::future::ready(Ok(None))).await
    }

    /// Sends a request, again after each transient failure while attempts and time are left.
    /// Before sending it again, `read_back` says whether the failed attempt reached the server
    /// after all: `Some(resource)` is then the answer (with no headers), counted as a change.
    async fn send_retrying<F, R>(
        &self,
        method: Method,
        url: Url,
        body: Option<&Value>,
        mut read_back: F,
    ) -> Result<(reqwest::header::HeaderMap, Value), Error>
    where
        F: FnMut() -> R,
        R: Future<Output = Result<Option<Value>, Error>>,
    {
        let mut attempts = Attempts::new(&self.options);
        loop {
            match self.send(method.clone(), url.clone(), body, attempts.timeout()).await {
                Err(e) if attempts.again(&e, &url).await => {
                    if let Some(done) = read_back().await? {
                        self.count_change();
                        return Ok((reqwest::header::HeaderMap::new(), done));
                    }
                }
                other => return other,
            }
        }
    }

    async fn send(
        &self,
        method: Method,
        url: Url,
        body: Option<&Value>,
        timeout: Duration,
    ) -> Result<(reqwest::header::HeaderMap, Value), Error> {
        let shown = url::display(&url);
        let mut request = self.authenticate(self.http.request(method.clone(), url).timeout(timeout));
        if let Some(body) = body {
            request = request.json(body);
        }
        let started = std::time::Instant::now();
        let sent = request.send().await;
        if let Some(trace) = &self.options.trace {
            let outcome = match &sent {
                Ok(r) => r.status().as_u16().to_string(),
                Err(_) => "no answer".to_owned(),
            };
            let ms = started.elapsed().as_millis();
            trace.say(&format!("{method} {shown} -> {outcome} ({ms} ms)"));
        }
        let response = sent.map_err(|e| transport(&method, &shown, &e, timeout))?;
        let status = response.status();
        if status == StatusCode::UNAUTHORIZED && self.credentials.is_none() {
            return Err(Error::KeysNeeded { method: method.to_string(), url: shown });
        }
        // Opening a log stream and pulling images change nothing a user would call the stack.
        let changes = !shown.contains("action=logs") && !shown.to_lowercase().contains("/pulltasks");
        if status.is_success() && method != Method::GET && changes {
            self.count_change();
        }
        let headers = response.headers().clone();
        let text = response.text().await.map_err(|e| transport(&method, &shown, &e, timeout))?;
        if !status.is_success() {
            return Err(api_error(&method, &shown, status, &text));
        }
        let value = if text.trim().is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).map_err(|e| Error::Decode { url: shown, reason: e.to_string() })?
        };
        Ok((headers, value))
    }
}

/// The longest pause between two attempts.
const MAX_RETRY_DELAY: Duration = Duration::from_secs(2);

/// The attempts of one request: each gets the attempt timeout, cut to what is left of the
/// request's whole time; retries back off and are announced.
struct Attempts<'a> {
    options: &'a ClientOptions,
    started: std::time::Instant,
    /// Attempts made so far.
    made: u32,
    delay: Duration,
}

impl<'a> Attempts<'a> {
    fn new(options: &'a ClientOptions) -> Self {
        Self { options, started: std::time::Instant::now(), made: 1, delay: options.retry_delay }
    }

    fn left(&self) -> Duration {
        self.options.give_up_after.saturating_sub(self.started.elapsed())
    }

    /// How long the next attempt may wait.
    fn timeout(&self) -> Duration {
        self.options.request_timeout.min(self.left()).max(Duration::from_millis(1))
    }

    /// Whether to try again after `error`: only a transient one, and only while attempts and
    /// time are left. Waits (saying so) before returning `true`.
    async fn again(&mut self, error: &Error, url: &Url) -> bool {
        let total = self.options.retries + 1;
        // Another attempt needs time for the pause and for an answer.
        if !error.is_transient() || self.made >= total || self.left() <= self.delay * 2 {
            return false;
        }
        self.made += 1;
        if let Some(notes) = &self.options.retry_notes {
            notes.say(&format!(
                "retrying in {}: {} (attempt {} of {total})",
                seconds(self.delay),
                retry_reason(error, url),
                self.made
            ));
        }
        tokio::time::sleep(self.delay).await;
        self.delay = (self.delay * 2).min(MAX_RETRY_DELAY);
        true
    }
}

/// `0.1 s`, `2 s`.
fn seconds(d: Duration) -> String {
    let text = format!("{:.1}", d.as_secs_f64());
    format!("{} s", text.strip_suffix(".0").unwrap_or(&text))
}

/// Why a request is tried again, naming the server (never the path or keys).
fn retry_reason(error: &Error, url: &Url) -> String {
    let host = match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_owned(),
        _ => "the server".to_owned(),
    };
    match error {
        Error::Timeout { .. } => format!("no answer from {host}"),
        Error::Api { status, .. } => format!("{host} answered {status}"),
        Error::Transport { reason, .. } => format!("{reason} ({host})"),
        other => other.to_string(),
    }
}

/// Actions that leave the resource's state alone and do the same when repeated: sent again
/// after a transient failure without a read-back, which could not tell whether they went
/// through (a state change seen then is someone else's, e.g. an activation finishing).
fn repeatable(action: &str) -> bool {
    matches!(action, "setservicelinks" | "exportconfig" | "logs")
}

/// Whether a resource read back after a failed action shows the action happened.
fn took_effect<R: Resource + ?Sized>(before: &R, now: &Value) -> bool {
    let yes = Some(Transitioning::Yes.as_str());
    before.state_str().unwrap_or_default() != now.state_str().unwrap_or_default()
        || (now.transitioning_str() == yes && before.transitioning_str() != yes)
}

fn parse(url: &str) -> Result<Url, Error> {
    Url::parse(url).map_err(|e| Error::Decode { url: url.to_owned(), reason: e.to_string() })
}

fn self_link<R: Resource + ?Sized>(resource: &R) -> Result<&str, Error> {
    resource.link("self").ok_or_else(|| Error::Decode {
        url: String::from("(resource)"),
        reason: "the resource has no `links.self`".into(),
    })
}

fn transport(method: &Method, url: &str, e: &reqwest::Error, timeout: Duration) -> Error {
    if e.is_timeout() {
        Error::Timeout { method: method.to_string(), url: url.to_owned(), waited: seconds(timeout) }
    } else {
        Error::Transport { method: method.to_string(), url: url.to_owned(), reason: innermost(e) }
    }
}

/// The innermost cause of an error: it names the real problem ("connection refused", "invalid
/// peer certificate: UnknownIssuer").
pub(super) fn innermost(e: &(dyn std::error::Error + 'static)) -> String {
    let mut reason = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        reason = cause.to_string();
        source = cause.source();
    }
    reason
}

/// Turns a Rancher error document (or any failed answer) into [`Error::Api`].
fn api_error(method: &Method, url: &str, status: StatusCode, body: &str) -> Error {
    let doc: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let text = |key: &str| doc.get(key).and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_owned);
    let code = text("code").unwrap_or_else(|| status.canonical_reason().unwrap_or("error").to_owned());
    let message = text("message").or_else(|| text("detail")).or_else(|| {
        // A body that is not an error document is shown as it came, briefly.
        (doc.is_null() && !body.trim().is_empty()).then(|| body.trim().chars().take(200).collect())
    });
    Error::Api {
        method: method.to_string(),
        url: url.to_owned(),
        status: status.as_u16(),
        code,
        message,
        field_name: text("fieldName"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_api_time_limits() {
        let options = ClientOptions::default();
        assert_eq!(options.give_up_after, Duration::from_secs(30));
        assert_eq!(options.request_timeout, Duration::from_secs(10));
        let env = crate::env::Env::from_map([("RANCHER_API_TIMEOUT".to_owned(), "3".to_owned())].into());
        let options = ClientOptions::from_env(&env);
        assert_eq!(
            (options.give_up_after, options.request_timeout),
            (Duration::from_secs(3), Duration::from_secs(1))
        );
    }

    #[test]
    fn an_action_took_effect_when_the_resource_moved_on() {
        let before = serde_json::json!({"state": "inactive", "transitioning": "no"});
        assert!(took_effect(&before, &serde_json::json!({"state": "activating", "transitioning": "yes"})));
        assert!(took_effect(&before, &serde_json::json!({"state": "active", "transitioning": "no"})));
        assert!(!took_effect(&before, &before.clone()));
    }

    #[test]
    fn rancher_error_documents_keep_code_message_and_field() {
        let body = r#"{"type":"error","status":422,"code":"NotUnique","message":null,"fieldName":"name"}"#;
        let e = api_error(&Method::POST, "http://h/v2-beta/stacks", StatusCode::UNPROCESSABLE_ENTITY, body);
        assert_eq!(
            e.to_string(),
            "POST http://h/v2-beta/stacks: the server answered 422 NotUnique (field `name`)"
        );
        let e = api_error(&Method::GET, "http://h/x", StatusCode::BAD_GATEWAY, "<html>bad gateway</html>");
        assert!(e.is_transient());
        assert!(e.to_string().contains("502 Bad Gateway: <html>bad gateway</html>"), "{e}");
    }

    #[test]
    fn credentials_never_show_the_secret() {
        let c = Credentials::new("KEY".into(), "very-secret".into());
        assert!(!format!("{c:?}").contains("very-secret"));
    }
}
