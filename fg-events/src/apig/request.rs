//! The HTTP request the gateway sends, and the accessors that decode its body and parameters.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::encoding::{Base64Error, Base64Text};

/// The event an APIG (or APIC) trigger delivers: one HTTP request.
///
/// Read the body with [`body`](Self::body), [`body_text`](Self::body_text) or
/// [`body_json`](Self::body_json), which undo the base64 the gateway applies; headers with
/// [`header`](Self::header) (any case); parameters with [`query`](Self::query) and
/// [`path_parameter`](Self::path_parameter). Only `httpMethod` is required; every other field
/// defaults when missing, and maps also when `null`.
///
/// Build one in tests with [`ApigRequest::new`]:
///
/// ```
/// use fg_events::apig::ApigRequest;
///
/// let request = ApigRequest::new("POST", "/orders")
///     .with_header("Content-Type", "application/json")
///     .with_query("page", 2)
///     .with_body(r#"{"item": "tea"}"#);
/// assert!(request.is_base64_encoded); // the body is sent base64, as the gateway does
/// assert_eq!(request.raw_body(), "eyJpdGVtIjogInRlYSJ9");
/// assert_eq!(request.body_text().unwrap(), r#"{"item": "tea"}"#);
/// assert_eq!(request.header("content-type"), Some("application/json"));
/// assert_eq!(request.query("page").as_deref(), Some("2"));
/// ```
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApigRequest {
    /// `body`: the request body, base64 when [`is_base64_encoded`](Self::is_base64_encoded) is
    /// set. Read it decoded with [`body`](Self::body).
    #[serde(default)]
    pub body: String,
    /// `requestContext`: the API, stage and request ids.
    #[serde(default, deserialize_with = "crate::lenient::null_as_default")]
    pub request_context: ApigRequestContext,
    /// `queryStringParameters`: a string map in the Go SDK but `Map<String, Object>` in the Java
    /// one, so values may be other JSON (docs/PLATFORM.md §9.4). Read them with
    /// [`query`](Self::query).
    #[serde(default, deserialize_with = "crate::lenient::null_as_default")]
    pub query_string_parameters: HashMap<String, Value>,
    /// `httpMethod`: `GET`, `POST`, …
    pub http_method: String,
    /// `pathParameters`: the values of the path's `{name}` segments. A wildcard segment's value
    /// is under the **empty** key, e.g. `{"": "helloWorld/Test"}` (docs/PLATFORM.md §9.4).
    #[serde(default, deserialize_with = "crate::lenient::null_as_default")]
    pub path_parameters: HashMap<String, String>,
    /// `headers`: the request headers, keys lower-case (docs/PLATFORM.md §9.4). Look one up in any
    /// case with [`header`](Self::header).
    #[serde(default, deserialize_with = "crate::lenient::null_as_default")]
    pub headers: HashMap<String, String>,
    /// `path`: the request path, e.g. `/apig-event-template`.
    #[serde(default)]
    pub path: String,
    /// `isBase64Encoded`: whether `body` is base64. **Defaults to `true` when missing**: the OTC
    /// docs and the Go SDK state that the gateway base64-encodes the body by default
    /// (docs/PLATFORM.md §9.4). [`Default`] builds a request with no body and this flag unset.
    #[serde(default = "default_true")]
    pub is_base64_encoded: bool,
    /// `user_data` (snake case, unlike the other keys): what a custom authorizer passed on; a
    /// string in the Go and Java SDKs (docs/PLATFORM.md §9.4).
    #[serde(default, rename = "user_data", skip_serializing_if = "Option::is_none")]
    pub user_data: Option<String>,
}

/// The `requestContext` of an [`ApigRequest`].
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApigRequestContext {
    /// `apiId`: the id of the API in the gateway.
    #[serde(default)]
    pub api_id: String,
    /// `requestId`: the gateway's id of this request (also sent as the `x-request-id` header).
    #[serde(default)]
    pub request_id: String,
    /// `stage`: the environment the API is published to, e.g. `RELEASE`.
    #[serde(default)]
    pub stage: String,
    /// `sourceIp`: the client's address; in the Go and Java SDK types, absent from the samples
    /// (docs/PLATFORM.md §9.4, §11).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_ip: Option<String>,
}

fn default_true() -> bool {
    true
}

impl ApigRequest {
    /// A request for `http_method` on `path` with no body, headers or parameters, flagged base64
    /// as the gateway sends requests.
    pub fn new(http_method: impl Into<String>, path: impl Into<String>) -> Self {
        Self {
            http_method: http_method.into(),
            path: path.into(),
            is_base64_encoded: true,
            ..Self::default()
        }
    }

    /// Sets the body to `bytes`, base64-encoded as the gateway sends it (`isBase64Encoded` true).
    #[must_use]
    pub fn with_body(mut self, bytes: impl AsRef<[u8]>) -> Self {
        self.body = Base64Text::encode(bytes).into_string();
        self.is_base64_encoded = true;
        self
    }

    /// Sets the body to `text`, sent as is (`isBase64Encoded` false).
    #[must_use]
    pub fn with_text_body(mut self, text: impl Into<String>) -> Self {
        self.body = text.into();
        self.is_base64_encoded = false;
        self
    }

    /// Adds a header, its name lower-cased as the gateway sends it.
    #[must_use]
    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.insert(name.to_ascii_lowercase(), value.into());
        self
    }

    /// Adds a query parameter (a string, a number, an array for repeated parameters …).
    #[must_use]
    pub fn with_query(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.query_string_parameters
            .insert(name.into(), value.into());
        self
    }

    /// Adds a path parameter; the empty name holds a wildcard segment's value.
    #[must_use]
    pub fn with_path_parameter(
        mut self,
        name: impl Into<String>,
        value: impl Into<String>,
    ) -> Self {
        self.path_parameters.insert(name.into(), value.into());
        self
    }

    /// Sets `requestContext.sourceIp`.
    #[must_use]
    pub fn with_source_ip(mut self, source_ip: impl Into<String>) -> Self {
        self.request_context.source_ip = Some(source_ip.into());
        self
    }

    /// Sets `user_data`, as a custom authorizer would.
    #[must_use]
    pub fn with_user_data(mut self, user_data: impl Into<String>) -> Self {
        self.user_data = Some(user_data.into());
        self
    }

    /// The HTTP method.
    pub fn http_method(&self) -> &str {
        &self.http_method
    }

    /// The request path.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The value of header `name`, matched without regard to case (the gateway sends lower-case
    /// names; docs/PLATFORM.md §9.4).
    pub fn header(&self, name: &str) -> Option<&str> {
        let value = match self.headers.get(name) {
            Some(value) => value,
            None => {
                let (_, value) = self
                    .headers
                    .iter()
                    .find(|(key, _)| key.eq_ignore_ascii_case(name))?;
                value
            }
        };
        Some(value)
    }

    /// The query parameter `name` as text: a string as is; a number, boolean or object as its
    /// JSON text; the first non-null item of an array (a repeated parameter); `None` for `null`
    /// or a missing parameter.
    ///
    /// ```
    /// use fg_events::apig::ApigRequest;
    ///
    /// let request = ApigRequest::new("GET", "/")
    ///     .with_query("q", "tea")
    ///     .with_query("limit", 10)
    ///     .with_query("tag", vec!["a", "b"]);
    /// assert_eq!(request.query("q").as_deref(), Some("tea"));
    /// assert_eq!(request.query("limit").as_deref(), Some("10"));
    /// assert_eq!(request.query("tag").as_deref(), Some("a"));
    /// assert_eq!(request.query_all("tag"), ["a", "b"]);
    /// assert_eq!(request.query("missing"), None);
    /// ```
    pub fn query(&self, name: &str) -> Option<Cow<'_, str>> {
        value_text(self.query_string_parameters.get(name)?)
    }

    /// Every value of the query parameter `name` as text: each item of an array, or the single
    /// value as [`query`](Self::query) gives it; empty when missing or `null`.
    pub fn query_all(&self, name: &str) -> Vec<Cow<'_, str>> {
        match self.query_string_parameters.get(name) {
            Some(Value::Array(items)) => items.iter().filter_map(value_text).collect(),
            Some(value) => value_text(value).into_iter().collect(),
            None => Vec::new(),
        }
    }

    /// The path parameter `name`; `path_parameter("")` gives a wildcard segment's value.
    pub fn path_parameter(&self, name: &str) -> Option<&str> {
        self.path_parameters.get(name).map(String::as_str)
    }

    /// The body as sent, base64 or not.
    pub fn raw_body(&self) -> &str {
        &self.body
    }

    /// The body's bytes: base64-decoded when `isBase64Encoded` is set, else as sent.
    ///
    /// Tolerant: a body flagged base64 that is not valid base64 is returned **as sent**. The Go
    /// doc sample flags a plain JSON body as base64 (docs/PLATFORM.md §9.4, §12 item 12), and a
    /// plain body is rarely valid base64 (JSON, for one, never is). The price: a plain body that
    /// happens to be valid base64 (`test`, `abcd`) under a wrong flag is decoded. Use
    /// [`body_strict`](Self::body_strict) to get an error instead.
    ///
    /// ```
    /// use fg_events::apig::ApigRequest;
    ///
    /// let mut request = ApigRequest::new("POST", "/").with_body("hello");
    /// assert_eq!(request.body(), &b"hello"[..]);
    /// request.body = r#"{"test":"body"}"#.to_owned(); // plain, still flagged base64
    /// assert_eq!(request.body(), &br#"{"test":"body"}"#[..]);
    /// assert!(request.body_strict().is_err());
    /// ```
    pub fn body(&self) -> Cow<'_, [u8]> {
        self.body_strict()
            .unwrap_or(Cow::Borrowed(self.body.as_bytes()))
    }

    /// The body's bytes, base64-decoded when `isBase64Encoded` is set, else as sent.
    ///
    /// # Errors
    /// [`Base64Error`] when the body is flagged base64 but is not valid base64.
    pub fn body_strict(&self) -> Result<Cow<'_, [u8]>, Base64Error> {
        if self.is_base64_encoded {
            Base64Text::new(self.body.as_str()).decode().map(Cow::Owned)
        } else {
            Ok(Cow::Borrowed(self.body.as_bytes()))
        }
    }

    /// The body (see [`body`](Self::body)) as UTF-8 text.
    ///
    /// # Errors
    /// The UTF-8 error when the decoded body is not text.
    pub fn body_text(&self) -> Result<Cow<'_, str>, std::str::Utf8Error> {
        match self.body() {
            Cow::Borrowed(bytes) => std::str::from_utf8(bytes).map(Cow::Borrowed),
            Cow::Owned(bytes) => String::from_utf8(bytes)
                .map(Cow::Owned)
                .map_err(|e| e.utf8_error()),
        }
    }

    /// The body (see [`body`](Self::body)) parsed as JSON into `T`.
    ///
    /// # Errors
    /// The `serde_json` error when the body is not JSON of the shape `T` expects (an empty body
    /// included).
    pub fn body_json<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body())
    }

    /// The gateway's id of this request (`requestContext.requestId`).
    pub fn request_id(&self) -> &str {
        &self.request_context.request_id
    }

    /// The client's address (`requestContext.sourceIp`), if sent.
    pub fn source_ip(&self) -> Option<&str> {
        self.request_context.source_ip.as_deref()
    }

    /// What a custom authorizer passed on (`user_data`), if sent.
    pub fn user_data(&self) -> Option<&str> {
        self.user_data.as_deref()
    }
}

/// A query value as text; see [`ApigRequest::query`].
fn value_text(value: &Value) -> Option<Cow<'_, str>> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(Cow::Borrowed(text)),
        Value::Array(items) => items.iter().find_map(value_text),
        other => Some(Cow::Owned(other.to_string())),
    }
}
