//! One CTS trace: the fields of the samples and of the NODE d.ts, all optional.

use std::time::SystemTime;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::CtsUser;
use crate::encoding::EpochTime;

/// One operation recorded by CTS, as the `cts` object of a [`CtsEvent`](super::CtsEvent).
///
/// The fields are those of the GO sample, of the newer PY `cts_fg_create.json` and of the NODE
/// d.ts (docs/PLATFORM.md §9.9). All are optional because no two sources list the same set; unknown
/// fields are ignored. Values for each field are described in the CTS trace reference.
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
#[serde(default)]
pub struct CtsTrace {
    /// `time`: when the operation happened. Milliseconds in the GO sample and in
    /// `cts_fg_create.json`, seconds in the PY/JAVA `cts_event.json`, a date string in raw CTS
    /// records (docs/PLATFORM.md §9.9, §12 item 9). Read it with [`time`](Self::time).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<EpochTime>,
    /// `user`: who made the request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<CtsUser>,
    /// `request`: the request body, any JSON (objects, nested objects, even `""`); `Null` when
    /// absent. Go's `map[string]string` typing would fail on nesting (docs/PLATFORM.md §9.9).
    #[serde(skip_serializing_if = "Value::is_null")]
    pub request: Value,
    /// `response`: the response body, any JSON; `Null` when absent.
    #[serde(skip_serializing_if = "Value::is_null")]
    pub response: Value,
    /// `code`: the response code, an integer in the samples and a string in the NODE d.ts
    /// (docs/PLATFORM.md §9.9); kept as its decimal text. Read it as a number with
    /// [`code`](Self::code).
    #[serde(
        deserialize_with = "crate::lenient::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub code: Option<String>,
    /// `service_type`: the service that sent the trace, e.g. `vpc`, `ECS`, `FunctionGraph`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_type: Option<String>,
    /// `resource_type`: the type of the resource operated on, e.g. `VPC`, `Functions`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
    /// `resource_name`: the name of the resource operated on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_name: Option<String>,
    /// `resource_id`: the id (or URN) of the resource operated on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_id: Option<String>,
    /// `trace_name`: the operation, e.g. `deleteGraph`, `createFunction`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace_name: Option<String>,
    /// `trace_type`: how the operation was made: `ConsoleAction`, `ApiCall` or `SystemAction`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace_type: Option<String>,
    /// `record_time`: when CTS recorded the trace; the same forms as [`time`](Self::time)
    /// ("String" in the GO table, `string` in the NODE d.ts, numbers in the samples).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record_time: Option<EpochTime>,
    /// `trace_id`: the trace's unique id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace_id: Option<String>,
    /// `trace_status`: `normal`, `warning` or `incident`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace_status: Option<String>,
    /// `trace_rating`: the trace's level, like `trace_status` (newer samples).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace_rating: Option<String>,
    /// `api_version`: the version of the API called (may be `""`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// `domain_id`: the account (domain) the trace belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain_id: Option<String>,
    /// `project_id`: the project the trace belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    /// `message`: a human-readable summary, e.g. `POST /v2/…/fgs/functions, create function[test4]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// `operation_id`: the API operation, e.g. `CreateFunction`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation_id: Option<String>,
    /// `read_only`: whether the operation only read data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read_only: Option<bool>,
    /// `resource_account_id`: the account owning the resource (may be `""`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_account_id: Option<String>,
    /// `source_ip`: the caller's IP address (may be `""`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_ip: Option<String>,
    /// `event_type` (NODE d.ts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_type: Option<String>,
    /// `tracker_name`: the CTS tracker that recorded the trace (NODE d.ts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracker_name: Option<String>,
    /// `request_id` (NODE d.ts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// `location_info`: free-form location details (NODE d.ts); `Null` when absent.
    #[serde(skip_serializing_if = "Value::is_null")]
    pub location_info: Value,
    /// `endpoint`: the endpoint called (NODE d.ts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// `resource_url`: the URL of the resource (NODE d.ts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_url: Option<String>,
    /// `enterprise_project_id` (NODE d.ts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enterprise_project_id: Option<String>,
    /// `user_agent`: the caller's user agent (NODE d.ts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// `content_length`: the request's content length (NODE d.ts: number).
    #[serde(
        deserialize_with = "crate::lenient::opt_integer",
        skip_serializing_if = "Option::is_none"
    )]
    pub content_length: Option<i64>,
    /// `total_time`: how long the request took (NODE d.ts: number).
    #[serde(
        deserialize_with = "crate::lenient::opt_integer",
        skip_serializing_if = "Option::is_none"
    )]
    pub total_time: Option<i64>,
}

impl CtsTrace {
    /// `time` as a [`SystemTime`], reading numbers below 10^11 as seconds and others as
    /// milliseconds (see [`EpochTime`]); `None` if absent or a date string.
    pub fn time(&self) -> Option<SystemTime> {
        self.time.as_ref()?.to_system_time()
    }

    /// `time` in milliseconds since the epoch, with the same unit rule as [`time`](Self::time).
    pub fn time_millis(&self) -> Option<i64> {
        self.time.as_ref()?.unix_millis()
    }

    /// `record_time` as a [`SystemTime`], with the same unit rule as [`time`](Self::time).
    pub fn record_time(&self) -> Option<SystemTime> {
        self.record_time.as_ref()?.to_system_time()
    }

    /// `record_time` in milliseconds since the epoch, with the same unit rule as
    /// [`time`](Self::time).
    pub fn record_time_millis(&self) -> Option<i64> {
        self.record_time.as_ref()?.unix_millis()
    }

    /// `code` as a number; `None` when absent or not a decimal integer.
    pub fn code(&self) -> Option<i64> {
        self.code.as_deref()?.trim().parse().ok()
    }

    /// `user.name`, if sent.
    pub fn user_name(&self) -> Option<&str> {
        self.user.as_ref()?.name.as_deref()
    }

    /// `request` deserialised into `T`.
    ///
    /// ```
    /// # use fg_events::cts::CtsTrace;
    /// #[derive(serde::Deserialize)]
    /// struct CreateServer { server: Server }
    /// #[derive(serde::Deserialize)]
    /// struct Server { name: String }
    ///
    /// let trace = CtsTrace {
    ///     request: serde_json::json!({"server": {"name": "vm-1", "count": 1}}),
    ///     ..CtsTrace::default()
    /// };
    /// assert_eq!(trace.request_as::<CreateServer>()?.server.name, "vm-1");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    ///
    /// # Errors
    /// The `serde_json` error if `request` does not have the shape `T` expects.
    pub fn request_as<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        T::deserialize(&self.request)
    }

    /// `response` deserialised into `T`.
    ///
    /// # Errors
    /// The `serde_json` error if `response` does not have the shape `T` expects.
    pub fn response_as<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        T::deserialize(&self.response)
    }
}
