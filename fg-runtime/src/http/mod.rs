//! Serve an `axum::Router`, or any `tower` service of `http::Request`s, on FunctionGraph
//! (feature `http`), two ways:
//!
//! - [`serve`]: an **HTTP function** (docs/PLATFORM.md §3). The `bootstrap` runs a web server on
//!   `127.0.0.1:8000` and the platform forwards the gateway's requests to it, any path, as
//!   real HTTP. The platform turns your HTTP response into the gateway's answer itself.
//! - [`run`]: an **event function behind an APIG trigger** (docs/PLATFORM.md §9.4). Each APIG event
//!   arrives through the custom runtime's API, becomes an `http::Request`, and the service's
//!   response becomes the APIG response object `{"statusCode", "headers", "body",
//!   "isBase64Encoded"}`. Without `RUNTIME_API_ADDR` it runs once on an APIG event from a file or
//!   standard input and prints that object.
//!
//! The same service runs both ways unchanged:
//!
//! ```no_run
//! use axum::{Extension, Router, routing::get};
//! use fg_runtime::Context;
//!
//! #[tokio::main]
//! async fn main() -> Result<(), fg_runtime::http::Error> {
//!     let app = Router::new().route(
//!         "/hello",
//!         get(|Extension(ctx): Extension<Context>| async move {
//!             ctx.info(format_args!("saying hello"));
//!             format!("Hello from {}", ctx.function_name())
//!         }),
//!     );
//!     // Which mode is a deployment choice: an environment variable of your own picks it here.
//!     if std::env::var_os("APIG_EVENTS").is_some() {
//!         fg_runtime::http::run(app).await
//!     } else {
//!         fg_runtime::http::serve(app).await
//!     }
//! }
//! ```
//!
//! # What a request carries
//! Every request has its [`Context`](crate::Context) in its extensions
//! (`axum::Extension<fg_runtime::Context>`): request id, function metadata, deadline, the
//! agency's credentials. In HTTP-function mode it is built from the `X-Cff-*` request headers
//! and the `RUNTIME_*` environment as in container mode (`X-Cff-Func-Name` fills in a missing
//! `RUNTIME_FUNC_NAME`, a `null` credential is absent), and [`Context::header`](crate::Context::header) sees the
//! `X-Cff-*` headers only. Events through [`run`] also carry the APIG
//! [`ApigRequestContext`](fg_events::apig::ApigRequestContext), [`PathParameters`] and, when a
//! custom authorizer sent it, [`UserData`]. The body is a [`Body`].
//!
//! # How an APIG event becomes a request
//! Method from `httpMethod` (one of GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS, in any case;
//! anything else is an `InvalidEvent` report); path from `path` as it is, **without** the
//! stage (`requestContext.stage`) in front; query from `queryStringParameters` in the event's
//! order, every name and value percent-encoded, arrays as repeated names; headers from
//! `headers`, `host` as the URI's authority; body base64-decoded when `isBase64Encoded`
//! (padding optional). An event that is not an APIG request (a DIS batch) is answered with an
//! `InvalidEvent` report naming what is missing, and the loop goes on.
//!
//! # What the gateway receives from `run`
//! - `statusCode`: the response's status.
//! - `body`: text for text-like content types (`text/*`, JSON, XML, JavaScript, `+json`,
//!   `+xml`) without `Content-Encoding`, when the bytes are UTF-8; otherwise base64 with
//!   `isBase64Encoded: true`, so binary and compressed bodies and text with invalid UTF-8 keep
//!   their exact bytes. An empty body is `""`. The answer to `HEAD` has no body.
//! - `headers`: lower-case names; one value as a string, several values (two `Set-Cookie`s) as
//!   an array of strings, the shape the platform itself sends the gateway for HTTP functions
//!   (docs/PLATFORM.md §3). `Connection`, `Keep-Alive` and `Transfer-Encoding` are left out.
//! - A response body over `RUNTIME_MAX_RESP_BODY_SIZE` (default 6 MiB), or a response object
//!   over it once encoded, is reported as `FunctionResponseTooLarge` instead; a service error
//!   as `FunctionReturnError`; a panic as `panic`.
//!
//! # Limits and failures in `serve`
//! Request heads up to 64 KiB and 100 headers (`431` above; hyper checks the size between
//! reads, so a head that arrives in one large read may pass up to twice that), sent within 30 s
//! (`FG_HTTP_HEADER_TIMEOUT`; an idle keep-alive connection is closed after as long); bodies
//! up to `FG_MAX_EVENT_SIZE` (default
//! 8 MiB: `413` when `Content-Length` says more, a `LengthLimitError` from the body when it
//! streams more). A service error or panic is logged with the request id and answered `500`.
//! The platform limits responses to 6 MB (docs/PLATFORM.md §3).
//!
//! # Log lines
//! Lines written while the service works on a request (the context logger, `tracing` and
//! `log` with those features) carry the request's id, on whichever thread polls it. Work the
//! service spawns onto other tasks is not tagged.

mod apig_event;
mod apig_request;
mod apig_response;
mod body;
mod head_timeout;
mod map_or_null;
mod query;
mod run;
mod serve;

use std::fmt;

#[cfg(feature = "fuzzing")]
pub(crate) use apig_event::agreement::compare as apig_event_agreement;
pub use apig_request::{PathParameters, UserData};
pub use body::{Body, BoxError};
pub use run::run;
pub use serve::{DEFAULT_HTTP_HOST, serve, serve_with_shutdown};

/// Why [`serve`] or [`run`] stopped with a failure.
///
/// ```
/// let error = fg_runtime::http::Error::LocalEvent;
/// assert!(error.to_string().contains("local mode"));
/// fn is_std_error<E: std::error::Error + Send + Sync + 'static>(_: &E) {}
/// is_std_error(&error);
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// [`serve`] could not listen on `FG_HOST:FG_PORT`.
    Bind {
        /// The address, `host:port`.
        address: String,
        /// Why.
        source: std::io::Error,
    },
    /// [`serve`] could not handle SIGTERM.
    Signal(std::io::Error),
    /// [`serve`] could not start the thread that times request heads.
    Timer(std::io::Error),
    /// [`run`] ended with a failure, which its log lines name: the runtime API stayed
    /// unreachable, or in local mode the event was answered with an error report (printed on
    /// standard output).
    Stopped,
    /// [`run`] in local mode could not read the event (or write the answer): standard error
    /// says why.
    LocalEvent,
    /// The blocking task [`run`] serves events on ended abnormally.
    Runtime(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Bind { address, source } => write!(f, "cannot listen on {address}: {source}"),
            Self::Signal(e) => write!(f, "cannot handle SIGTERM: {e}"),
            Self::Timer(e) => write!(f, "cannot start the request-head timer: {e}"),
            Self::Stopped => f.write_str(
                "the function stopped with a failure; its log lines say why (in local mode: the event was answered with the error report on standard output)",
            ),
            Self::LocalEvent => f.write_str(
                "local mode could not read the event or write the answer; standard error says why",
            ),
            Self::Runtime(e) => write!(f, "the task serving events ended abnormally: {e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Bind { source, .. } | Self::Signal(source) | Self::Timer(source) => Some(source),
            _ => None,
        }
    }
}

/// A request's context goes into `http::Extensions`, which needs `Clone + Send + Sync`.
const _: fn() = || {
    fn extension<T: Clone + Send + Sync + 'static>() {}
    extension::<crate::Context>();
};
