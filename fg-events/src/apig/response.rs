//! The HTTP response a function returns to the gateway, and ways to build one.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::encoding::{Base64Error, Base64Text};

/// What a function behind an APIG trigger must return: it serialises to exactly the object the
/// gateway requires (docs/PLATFORM.md §9.4):
///
/// ```json
/// {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": "…", "isBase64Encoded": false}
/// ```
///
/// `statusCode` is a JSON integer and `isBase64Encoded` a boolean. The Go doc's template shows
/// both as strings (`"statusCode": "httpStatusCode"`, `"isBase64Encoded": "true|false"`), but the
/// real values are numbers and booleans (docs/PLATFORM.md §12 item 12). A function that returns a
/// bare string, or any other shape, gets **HTTP 500** from the gateway.
///
/// ```
/// use fg_events::apig::ApigResponse;
///
/// let ok = ApigResponse::json(200, &serde_json::json!({"id": 7}))?;
/// let created = ApigResponse::text(201, "created").with_header("Location", "/orders/7");
/// let png = ApigResponse::binary(200, [0x89, b'P', b'N', b'G'], "image/png");
/// let teapot = ApigResponse::builder().status(418).header("X-Reason", "tea").body("short and stout").build();
///
/// assert_eq!(ok.body, r#"{"id":7}"#);
/// assert_eq!(created.header("location"), Some("/orders/7"));
/// assert!(png.is_base64_encoded);
/// assert_eq!(png.body, "iVBORw==");
/// assert_eq!(serde_json::to_value(&teapot)?, serde_json::json!({
///     "statusCode": 418,
///     "headers": {"X-Reason": "tea"},
///     "body": "short and stout",
///     "isBase64Encoded": false
/// }));
/// # Ok::<(), serde_json::Error>(())
/// ```
///
/// Headers are a string-to-string map: the array values HTTP functions may send are not accepted
/// here (docs/PLATFORM.md §9.4, §3). [`Default`] is an empty `200` response; all four keys are
/// always written.
#[derive(Clone, Debug, Deserialize, Eq, PartialEq, Serialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ApigResponse {
    /// `statusCode`: the HTTP status, written as a JSON integer.
    pub status_code: u16,
    /// `headers`: response headers, one value each. Sorted by name, so the output is stable.
    pub headers: BTreeMap<String, String>,
    /// `body`: the response body, base64 when [`is_base64_encoded`](Self::is_base64_encoded) is
    /// set (binary content).
    pub body: String,
    /// `isBase64Encoded`: whether `body` is base64 that the gateway decodes before answering.
    pub is_base64_encoded: bool,
}

impl Default for ApigResponse {
    /// An empty `200 OK`: a zero status would make the gateway fail the request.
    fn default() -> Self {
        Self::new(200)
    }
}

impl ApigResponse {
    /// A response with `status_code`, no headers and an empty body.
    pub fn new(status_code: u16) -> Self {
        Self {
            status_code,
            headers: BTreeMap::new(),
            body: String::new(),
            is_base64_encoded: false,
        }
    }

    /// Starts a [`ApigResponseBuilder`] for a `200` response.
    pub fn builder() -> ApigResponseBuilder {
        ApigResponseBuilder::default()
    }

    /// A response whose body is `value` as JSON, with `Content-Type: application/json`.
    ///
    /// # Errors
    /// The `serde_json` error if `value` cannot be serialised (e.g. a map with non-string keys).
    pub fn json<T: Serialize + ?Sized>(
        status_code: u16,
        value: &T,
    ) -> Result<Self, serde_json::Error> {
        Ok(Self::builder()
            .status(status_code)
            .json_body(value)?
            .build())
    }

    /// A response whose body is `text`, with `Content-Type: text/plain; charset=utf-8`.
    pub fn text(status_code: u16, text: impl Into<String>) -> Self {
        Self::builder()
            .status(status_code)
            .header("Content-Type", "text/plain; charset=utf-8")
            .body(text)
            .build()
    }

    /// A response whose body is `bytes`, base64-encoded with `isBase64Encoded` set so that the
    /// gateway sends the raw bytes, with the given `Content-Type`.
    pub fn binary(status_code: u16, bytes: impl AsRef<[u8]>, content_type: &str) -> Self {
        Self::builder()
            .status(status_code)
            .header("Content-Type", content_type)
            .binary_body(bytes)
            .build()
    }

    /// Sets header `name`, replacing any header of the same name in any case.
    #[must_use]
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        set_header(&mut self.headers, name.into(), value.into());
        self
    }

    /// Sets the status code.
    #[must_use]
    pub fn with_status(mut self, status_code: u16) -> Self {
        self.status_code = status_code;
        self
    }

    /// The value of header `name`, matched without regard to case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The body's bytes as the client will receive them: base64-decoded when `isBase64Encoded`
    /// is set, else as is.
    ///
    /// # Errors
    /// [`Base64Error`] when the body is flagged base64 but is not valid base64.
    pub fn body_bytes(&self) -> Result<Cow<'_, [u8]>, Base64Error> {
        if self.is_base64_encoded {
            Base64Text::new(self.body.as_str()).decode().map(Cow::Owned)
        } else {
            Ok(Cow::Borrowed(self.body.as_bytes()))
        }
    }
}

/// Builds an [`ApigResponse`] step by step; start with [`ApigResponse::builder`].
///
/// ```
/// use fg_events::apig::ApigResponse;
///
/// let response = ApigResponse::builder()
///     .status(404)
///     .header("Cache-Control", "no-store")
///     .json_body(&serde_json::json!({"error": "no such order"}))?
///     .build();
/// assert_eq!(response.status_code, 404);
/// assert_eq!(response.header("content-type"), Some("application/json"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, Eq, PartialEq)]
pub struct ApigResponseBuilder {
    response: ApigResponse,
}

impl ApigResponseBuilder {
    /// Sets the status code (`200` unless set).
    #[must_use]
    pub fn status(mut self, status_code: u16) -> Self {
        self.response.status_code = status_code;
        self
    }

    /// Sets header `name`, replacing any header of the same name in any case.
    #[must_use]
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        set_header(&mut self.response.headers, name.into(), value.into());
        self
    }

    /// Sets a text body, sent as is (`isBase64Encoded` false).
    #[must_use]
    pub fn body(mut self, body: impl Into<String>) -> Self {
        self.response.body = body.into();
        self.response.is_base64_encoded = false;
        self
    }

    /// Sets a binary body: base64-encodes `bytes` and sets `isBase64Encoded`.
    #[must_use]
    pub fn binary_body(mut self, bytes: impl AsRef<[u8]>) -> Self {
        self.response.body = Base64Text::encode(bytes).into_string();
        self.response.is_base64_encoded = true;
        self
    }

    /// Sets the body to `value` as JSON and `Content-Type` to `application/json`.
    ///
    /// # Errors
    /// The `serde_json` error if `value` cannot be serialised.
    pub fn json_body<T: Serialize + ?Sized>(self, value: &T) -> Result<Self, serde_json::Error> {
        let body = serde_json::to_string(value)?;
        Ok(self.header("Content-Type", "application/json").body(body))
    }

    /// The response.
    pub fn build(self) -> ApigResponse {
        self.response
    }
}

impl From<ApigResponseBuilder> for ApigResponse {
    fn from(builder: ApigResponseBuilder) -> Self {
        builder.build()
    }
}

/// Inserts a header, dropping any other spelling of the same name first: HTTP names are
/// case-insensitive, and two spellings in the map would send the header twice.
fn set_header(headers: &mut BTreeMap<String, String>, name: String, value: String) {
    headers.retain(|key, _| !key.eq_ignore_ascii_case(&name));
    headers.insert(name, value);
}
