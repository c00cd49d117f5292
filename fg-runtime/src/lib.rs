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
//!   `RUNTIME_MAX_RESP_BODY_SIZE`.
//!
//! # Environment
//! The platform's `RUNTIME_*` variables are read once at start-up ([`Context`]). fg adds:
//! `FG_LOG_LEVEL` (`debug`, `info` (default), `warn`, `error`), `FG_LOCAL_EVENT` (local mode's
//! event file), `FG_MAX_EVENT_SIZE` (bytes, default 8 MiB; larger events are answered with
//! `EventTooLarge` without being read) and `FG_API_UNREACHABLE_TIMEOUT` (seconds the runtime
//! API may refuse connections before the process exits, default 60).
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod api;
mod config;
mod context;
mod decode;
mod diagnostic;
mod handler;
mod invocation;
mod local;
mod log;
mod panic;
mod private;
mod response;
mod runtime;
mod start;

#[cfg(feature = "testing")]
pub mod testing;

pub use config::{DEFAULT_MAX_EVENT_SIZE, DEFAULT_MAX_RESPONSE_SIZE};
pub use context::{Context, ContextBuilder, InvokeType, Secret};
pub use decode::{FromRawEvent, INVALID_EVENT};
pub use diagnostic::{Diagnostic, FUNCTION_RETURN_ERROR, IntoDiagnostic};
pub use local::LOCAL_EVENT_VAR;
pub use log::Level;
pub use panic::PANIC;
pub use response::{FUNCTION_RESPONSE_TOO_LARGE, FUNCTION_RESULT_INVALID, IntoResponse, Json};

#[cfg(feature = "macros")]
pub use fg_macros::{apig_handler, dis_handler, handler, timer_handler};

/// The runtime-API reply parser fed from memory, for the fuzz targets in `fuzz/` (feature
/// `fuzzing`). Not public API; may change in any release.
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod __fuzzing {
    pub use crate::api::fuzzing::replies;
}

/// Used by code that `fg-macros` generates. Not public API; may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use crate::private::*;
}
