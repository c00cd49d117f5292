//! Run Rust functions on Open Telekom Cloud / Huawei Cloud **FunctionGraph**.
//!
//! Write one annotated function; `#[dis_handler]` generates the `main` of a custom-runtime
//! `bootstrap` binary that polls FunctionGraph's runtime API, decodes each event, calls your
//! function and posts its result, error or panic as the platform expects.
//!
//! ```no_run
//! use fg_events::dis::DisEvent;
//! use fg_runtime::{dis_handler, Context};
//! use serde::Serialize;
//!
//! #[derive(Serialize)]
//! struct Summary { records: usize, bytes: usize }
//!
//! #[dis_handler]
//! fn handle(event: DisEvent, ctx: &Context) -> Result<Summary, fg_events::dis::DataError> {
//!     let mut bytes = 0;
//!     for record in event.records() {
//!         bytes += record.data()?.len();
//!     }
//!     ctx.info(format_args!("{} records from {}", event.records().count(), event.stream_name()));
//!     Ok(Summary { records: event.records().count(), bytes })
//! }
//! ```
//!
//! Without `RUNTIME_API_ADDR` (that is, anywhere but on the platform) the same binary runs
//! once on an event from a file argument, `$FG_LOCAL_EVENT` or standard input: `cargo run <
//! event.json`.
//!
//! # What the platform gets
//! - The handler's `Ok` value: text and bytes verbatim, `()` as an empty body, anything else
//!   `Serialize` as JSON ([`IntoResponse`]); an empty body for asynchronous invocations.
//! - An error: `{"errorMessage", "errorType", "stackTrace"?}` ([`Diagnostic`],
//!   [`IntoDiagnostic`]); `InvalidEvent` for an event that does not deserialize (the message
//!   names the JSON path), `panic` for a panic, `FunctionResponseTooLarge` above
//!   `RUNTIME_MAX_RESP_BODY_SIZE`. A panic's `stackTrace` starts with its location; with
//!   `RUST_BACKTRACE=1` the frames follow in debug builds, and in release builds with the
//!   `backtrace` feature (a stripped binary has no symbols to name them).
//!
//! # Lifecycle
//! - **State**: `#[dis_handler(init = connect)]` builds the state once, before the first event,
//!   and lends it to every invocation as a third parameter `state: &State`; a failing `init`
//!   ends the process with status 1 before it takes an event, so the platform retries the
//!   instance.
//! - **Deadline**: [`Context::deadline`], [`Context::remaining_time`] and (feature `async`)
//!   [`Context::with_deadline`], which stops async work at the deadline with
//!   [`DeadlineExceeded`]. An invocation that ends with less than 10% of its time left is
//!   logged with a warning.
//! - **Shutdown**: on SIGTERM the in-flight invocation finishes and is answered, the hooks of
//!   [`on_shutdown`] (and `shutdown = path`) run, logs are flushed and the process exits 0;
//!   while waiting for an event it exits at once.
//!
//! # Modes
//! With `RUNTIME_API_ADDR` set, the custom runtime's API (a `bootstrap` in a zip); with
//! `FG_MODE=container`, the container-image contract (`POST /invoke` and `POST /init` on port
//! 8000, with the `container` feature, off by default); otherwise local mode.
//!
//! # Logging
//! The [`Context`] logger, the runtime's own lines, `tracing` events (feature `tracing`, with a
//! span per invocation carrying `request_id`) and `log` records (feature `log`) go through one
//! writer to standard output, as the platform's lines
//! `<UTC RFC 3339 ms> <request id> <LEVEL> <message>` or, with `FG_LOG_FORMAT=json`, one JSON
//! object per line (`time`, `level`, `request_id`, `target`, `message`, `fields`, `spans`).
//!
//! # Environment
//! The platform's `RUNTIME_*` variables are read once at start-up ([`Context`]). fg adds:
//! `FG_LOG_LEVEL` (`trace`, `debug`, `info` (default), `warn`, `error`, `off`), `RUST_LOG`
//! (a default level and `target=level` directives; `FG_LOG_LEVEL` wins for the default),
//! `FG_LOG_FORMAT` (`text` (default) or `json`), `FG_LOCAL_EVENT` (local mode's event file),
//! `FG_MAX_EVENT_SIZE` (bytes, default 8 MiB; larger events are answered with `EventTooLarge`
//! without being read), `FG_API_UNREACHABLE_TIMEOUT` (seconds the runtime API may refuse
//! connections before the process exits, default 60), and for container mode `FG_MODE`,
//! `FG_PORT` (default 8000) and `FG_HOST` (default `0.0.0.0`).
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod api;
mod config;
pub mod constants;
#[cfg(feature = "container")]
mod container;
mod context;
mod deadline;
mod decode;
mod diagnostic;
mod entry;
mod handler;
#[cfg(feature = "http")]
pub mod http;
mod invocation;
mod local;
mod logger;
mod panic;
mod private;
#[cfg(any(feature = "container", feature = "http"))]
mod request_headers;
mod response;
mod runtime;
mod shutdown;
mod start;
mod state;

pub use crate::logger::Level;
pub use constants::{
    DEADLINE_EXCEEDED, DEFAULT_CONTAINER_PORT, DEFAULT_CONTAINER_WORKERS, DEFAULT_MAX_EVENT_SIZE,
    DEFAULT_MAX_RESPONSE_SIZE, EVENT_TOO_LARGE, EVENT_UNREADABLE, FUNCTION_RESPONSE_TOO_LARGE,
    FUNCTION_RESULT_INVALID, FUNCTION_RETURN_ERROR, INVALID_EVENT, LOCAL_EVENT_VAR, PANIC,
};
pub use context::{Context, ContextBuilder, Credentials, InvokeType, Secret};
pub use deadline::DeadlineExceeded;
pub use decode::FromRawEvent;
pub use diagnostic::{Diagnostic, IntoDiagnostic};
pub use entry::{Event, Output, Report, Response, SharedState, StateInit, run, run_with_state};
#[cfg(feature = "async")]
pub use entry::{run_async, run_async_with_state};
pub use response::{IntoResponse, Json};
pub use shutdown::on_shutdown;

/// The `tracing` crate (feature `tracing`), whose events and spans fg writes with the
/// function's other log lines: `fg_runtime::tracing::info!(rows, "stored")`.
#[cfg(feature = "tracing")]
pub use ::tracing;

/// The `log` crate (feature `log`), whose records fg writes with the function's other log
/// lines.
#[cfg(feature = "log")]
pub use ::log;

#[cfg(feature = "macros")]
pub use fg_macros::{apig_handler, dis_handler, handler, timer_handler};

/// The runtime-API reply parser fed from memory and the APIG event decoding, for the fuzz
/// targets in `fuzz/` (feature `fuzzing`). Not public API; may change in any release.
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod __fuzzing {
    pub use crate::api::fuzzing::replies;

    /// Decodes `json` as `fg_runtime::http::run` decodes APIG events, and as
    /// `fg_events::apig::ApigRequest`.
    ///
    /// # Panics
    /// When the two readings disagree: one accepts what the other refuses, they refuse it
    /// with different messages, or they read different requests.
    #[cfg(feature = "http")]
    pub fn apig_event(json: &[u8]) {
        crate::http::apig_event_agreement(json);
    }
}

/// Used by code that `fg-macros` generates. Not public API; may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use crate::private::*;
}
