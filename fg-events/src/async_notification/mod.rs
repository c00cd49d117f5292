//! Asynchronous-invocation result notifications: what a function configured as the success or
//! failure target of an asynchronously invoked function receives.
//!
//! The [`AsyncNotificationEvent`] names the invocation ([`request_context`]), carries the
//! original event ([`request`]) and the function's result or error ([`response`]) as JSON inside
//! strings, and says how it ended ([`response_context`]; docs/PLATFORM.md §9.11). Every field is
//! optional: the OTC doc's own example leaves the request payload empty and has a plain-text
//! response payload.
//!
//! [`request_context`]: AsyncNotificationEvent::request_context
//! [`request`]: AsyncNotificationEvent::request
//! [`response`]: AsyncNotificationEvent::response
//! [`response_context`]: AsyncNotificationEvent::response_context
//!
//! ```
//! use fg_events::async_notification::{AsyncNotificationEvent, FunctionError};
//!
//! #[derive(serde::Deserialize)]
//! struct Order { id: u32 }
//!
//! let event: AsyncNotificationEvent = serde_json::from_str(r#"{
//!     "timestamp": "2025-07-28T11:47:56.893440057+02:00",
//!     "request_context": {
//!         "request_id": "c61f58df-f66d-4d07-b2c4-bbb515b53186",
//!         "function_urn": "urn:fss:eu-de:ae05:function:default:orders:latest",
//!         "condition": "UnhandledInvocationError",
//!         "approximate_invoke_count": 2
//!     },
//!     "request_payload": "{\"id\": 7}",
//!     "response_context": {"status_code": 500, "function_error": ""},
//!     "response_payload": "{\"errorMessage\": \"out of stock\", \"errorType\": \"OrderError\"}"
//! }"#)?;
//!
//! assert_eq!(event.request::<Order>()?.id, 7);
//! assert_eq!(event.condition(), Some("UnhandledInvocationError"));
//! assert!(event.was_retried());
//! let error: FunctionError = event.response()?;
//! assert_eq!(error.error_message, "out of stock");
//! # Ok::<(), serde_json::Error>(())
//! ```

#[cfg(test)]
mod tests;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::encoding::JsonString;

/// The result of one asynchronous invocation, delivered to the function configured as its
/// success or failure target.
///
/// Build one in tests with the `with_*` methods:
///
/// ```
/// use fg_events::async_notification::AsyncNotificationEvent;
///
/// let event = AsyncNotificationEvent::default()
///     .with_function_urn("urn:fss:eu-de:p:function:default:orders:latest")
///     .with_status_code(200)
///     .with_request(&serde_json::json!({"id": 7}))?
///     .with_response(&"done")?;
/// assert_eq!(event.request_payload(), Some(r#"{"id":7}"#));
/// assert_eq!(event.response::<String>()?, "done");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
pub struct AsyncNotificationEvent {
    /// `timestamp`: when the invocation started, RFC 3339 with nanoseconds and an offset in the
    /// real event (`2025-07-28T11:47:56.893440057+02:00`); the OTC doc example has the odd
    /// `2020-08-20T12:00:00.000Z+08:00`, so it is kept as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    /// `request_context`: which invocation this is about.
    #[serde(default, deserialize_with = "crate::lenient::null_as_default")]
    pub request_context: AsyncRequestContext,
    /// `request_payload`: the original event, JSON in a string (empty in the OTC doc example). A
    /// JSON value other than a string is kept as its JSON text.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_json_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub request_payload: Option<JsonString>,
    /// `response_context`: how the invocation ended.
    #[serde(default, deserialize_with = "crate::lenient::null_as_default")]
    pub response_context: AsyncResponseContext,
    /// `response_payload`: what the function returned, or its error report
    /// (`{"errorMessage", "errorType", "stackTrace"}`, see [`FunctionError`]). Usually JSON in a
    /// string, but the OTC doc example has plain text (`hello world!`).
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_json_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub response_payload: Option<JsonString>,
}

/// The `request_context` of an [`AsyncNotificationEvent`].
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
pub struct AsyncRequestContext {
    /// `request_id`: the id of the asynchronous invocation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// `function_urn`: the function that was invoked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function_urn: Option<String>,
    /// `condition`: the error type, e.g. `UnhandledInvocationError`; `""` on success in the OTC doc
    /// example.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// `approximate_invoke_count`: how many times the function ran; above 1 it was retried
    /// (docs/PLATFORM.md §9.11). The samples have 0.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_integer",
        skip_serializing_if = "Option::is_none"
    )]
    pub approximate_invoke_count: Option<i64>,
}

/// The `response_context` of an [`AsyncNotificationEvent`].
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
pub struct AsyncResponseContext {
    /// `status_code`: 200 on success; anything else is a failure. The OTC doc's table spells it
    /// `statusCode` while its example and the real event say `status_code`, so both are read.
    #[serde(
        default,
        alias = "statusCode",
        deserialize_with = "crate::lenient::opt_integer",
        skip_serializing_if = "Option::is_none"
    )]
    pub status_code: Option<i64>,
    /// `function_error`: the invocation error information; `""` in both samples.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function_error: Option<String>,
}

/// The error report a failed function leaves in `response_payload`, as FunctionGraph runtimes
/// write it: read it with `event.response::<FunctionError>()`.
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FunctionError {
    /// `errorMessage`.
    #[serde(default)]
    pub error_message: String,
    /// `errorType`, e.g. `com.obs.services.exception.ObsException`.
    #[serde(default)]
    pub error_type: String,
    /// `stackTrace`: one frame per line; empty when not sent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stack_trace: Vec<String>,
}

impl AsyncNotificationEvent {
    /// Sets `timestamp`.
    #[must_use]
    pub fn with_timestamp(mut self, timestamp: impl Into<String>) -> Self {
        self.timestamp = Some(timestamp.into());
        self
    }

    /// Sets `request_context.request_id`.
    #[must_use]
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_context.request_id = Some(request_id.into());
        self
    }

    /// Sets `request_context.function_urn`.
    #[must_use]
    pub fn with_function_urn(mut self, function_urn: impl Into<String>) -> Self {
        self.request_context.function_urn = Some(function_urn.into());
        self
    }

    /// Sets `request_context.condition`, e.g. `UnhandledInvocationError`.
    #[must_use]
    pub fn with_condition(mut self, condition: impl Into<String>) -> Self {
        self.request_context.condition = Some(condition.into());
        self
    }

    /// Sets `request_context.approximate_invoke_count`.
    #[must_use]
    pub fn with_invoke_count(mut self, count: i64) -> Self {
        self.request_context.approximate_invoke_count = Some(count);
        self
    }

    /// Sets `response_context.status_code`.
    #[must_use]
    pub fn with_status_code(mut self, status_code: i64) -> Self {
        self.response_context.status_code = Some(status_code);
        self
    }

    /// Sets `request_payload` to `event` serialised as JSON.
    ///
    /// # Errors
    /// The `serde_json` error if `event` cannot be serialised.
    pub fn with_request<T: Serialize + ?Sized>(
        mut self,
        event: &T,
    ) -> Result<Self, serde_json::Error> {
        self.request_payload = Some(JsonString::encode(event)?);
        Ok(self)
    }

    /// Sets `response_payload` to `result` serialised as JSON.
    ///
    /// # Errors
    /// The `serde_json` error if `result` cannot be serialised.
    pub fn with_response<T: Serialize + ?Sized>(
        mut self,
        result: &T,
    ) -> Result<Self, serde_json::Error> {
        self.response_payload = Some(JsonString::encode(result)?);
        Ok(self)
    }

    /// The original event parsed into `T` (e.g. `fg_events::obs::ObsEvent`, or
    /// `serde_json::Value`). A missing or empty payload parses as JSON `null`, so ask for
    /// `Option<T>` when it may be absent.
    ///
    /// # Errors
    /// The `serde_json` error when the payload is not JSON of the shape `T` expects.
    pub fn request<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        parse_payload(self.request_payload.as_ref())
    }

    /// The function's result or error report parsed into `T` ([`FunctionError`] for failures).
    /// A missing or empty payload parses as JSON `null`.
    ///
    /// # Errors
    /// The `serde_json` error when the payload is not JSON of the shape `T` expects (plain text
    /// included: read that with [`response_payload`](Self::response_payload)).
    pub fn response<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        parse_payload(self.response_payload.as_ref())
    }

    /// The original event's text, as sent.
    pub fn request_payload(&self) -> Option<&str> {
        self.request_payload.as_ref().map(JsonString::as_str)
    }

    /// The function's result or error text, as sent.
    pub fn response_payload(&self) -> Option<&str> {
        self.response_payload.as_ref().map(JsonString::as_str)
    }

    /// When the invocation started, as sent.
    pub fn timestamp(&self) -> Option<&str> {
        self.timestamp.as_deref()
    }

    /// The id of the asynchronous invocation.
    pub fn request_id(&self) -> Option<&str> {
        self.request_context.request_id.as_deref()
    }

    /// The function that was invoked.
    pub fn function_urn(&self) -> Option<&str> {
        self.request_context.function_urn.as_deref()
    }

    /// The error type (e.g. `UnhandledInvocationError`); `None` when missing or empty, as on
    /// success.
    pub fn condition(&self) -> Option<&str> {
        non_empty(self.request_context.condition.as_deref())
    }

    /// How many times the function ran, if sent.
    pub fn approximate_invoke_count(&self) -> Option<i64> {
        self.request_context.approximate_invoke_count
    }

    /// Whether the function ran more than once (`approximate_invoke_count > 1`, docs/PLATFORM.md
    /// §9.11).
    pub fn was_retried(&self) -> bool {
        self.approximate_invoke_count()
            .is_some_and(|count| count > 1)
    }

    /// The status code, if sent: 200 on success.
    pub fn status_code(&self) -> Option<i64> {
        self.response_context.status_code
    }

    /// The invocation error information; `None` when missing or empty.
    pub fn function_error(&self) -> Option<&str> {
        non_empty(self.response_context.function_error.as_deref())
    }
}

fn parse_payload<T: DeserializeOwned>(
    payload: Option<&JsonString>,
) -> Result<T, serde_json::Error> {
    match payload.map(JsonString::as_str) {
        Some(text) if !text.trim().is_empty() => serde_json::from_str(text),
        _ => serde_json::from_value(serde_json::Value::Null),
    }
}

fn non_empty(text: Option<&str>) -> Option<&str> {
    text.filter(|text| !text.is_empty())
}
