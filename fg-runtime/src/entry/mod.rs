//! Running a handler without the macros: [`run`] and its variants take a plain function
//! (or closure) and make it the function's `main`, exactly as `#[handler]` does; the handler
//! macros themselves expand to calls of these functions.
//!
//! ```no_run
//! use fg_runtime::Context;
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Deserialize)]
//! struct Order { id: String, amount: u64 }
//!
//! #[derive(Serialize)]
//! struct Receipt { id: String, accepted: bool }
//!
//! fn handle(order: Order, ctx: &Context) -> Result<Receipt, String> {
//!     ctx.info(format_args!("order {} for {}", order.id, order.amount));
//!     if order.amount == 0 {
//!         return Err(format!("order {} is empty", order.id));
//!     }
//!     Ok(Receipt { id: order.id, accepted: true })
//! }
//!
//! fn main() -> std::process::ExitCode {
//!     fg_runtime::run(handle)
//! }
//! ```
//!
//! What the handler takes and returns, and what the platform receives, is what the handler
//! macros accept, with two differences that come from plain generic functions (the macros see
//! the concrete types and can choose by the traits a type implements; a generic function
//! cannot):
//! - a result that is a value of your own type is returned as `Result<T, E>` or wrapped in
//!   [`Json`](crate::Json) (`Json(receipt)`): see [`Output`];
//! - an error is reported from its `Display` text (or is a [`Diagnostic`](crate::Diagnostic)
//!   you built); an [`IntoDiagnostic`](crate::IntoDiagnostic) implementation is not consulted,
//!   so call `into_diagnostic()` yourself and return `Result<T, Diagnostic>`: see [`Report`].
//!
//! All of them are available with fg-runtime's default features off; the async ones need the
//! `async` feature.

mod event;
mod init;
mod output;

use std::process::ExitCode;

use crate::Context;
use crate::handler::SyncHandler;
use crate::state::build;

pub use event::Event;
pub use init::{SharedState, StateInit};
pub use output::{Output, Report, Response};

/// Runs `handler` as the function: the custom-runtime loop when `RUNTIME_API_ADDR` is set,
/// container mode with `FG_MODE=container`, otherwise once on a local event (a file named by
/// the first argument, `FG_LOCAL_EVENT`, or standard input). Returns the process's exit code;
/// use it as `main`'s.
///
/// `E` is any [`Event`] (a `Deserialize` type, or the raw body as `Vec<u8>`, `Box<[u8]>` or
/// `String`), `R` any [`Output`] (a `Result<T, E>`, or a verbatim value).
///
/// ```no_run
/// use fg_runtime::Context;
///
/// fn main() -> std::process::ExitCode {
///     fg_runtime::run(|body: String, ctx: &Context| -> Result<String, String> {
///         ctx.info(format_args!("{} bytes", body.len()));
///         Ok(body.to_uppercase())
///     })
/// }
/// ```
pub fn run<E, R, F>(handler: F) -> ExitCode
where
    E: Event,
    R: Output,
    F: Fn(E, &Context) -> R + Sync,
{
    crate::start::start(move || {
        Ok(SyncHandler {
            decode: E::decoder(),
            f: move |event, ctx: &Context, (): &()| handler(event, ctx).into_outcome(),
            state: (),
            _keep: (),
        })
    })
}

/// Runs `handler` with the state `init` builds once, before the first event; every invocation
/// borrows it. `init` is a function returning `Result<S, E>`, or an `async fn` returning it
/// (see [`StateInit`]; an async one runs on a tokio runtime kept for the process). A failing
/// `init` is logged and ends the process with status 1 before it takes an event, so the
/// platform retries the instance.
///
/// With the `container` feature, invocations run concurrently and share the state, so it must
/// be `Sync`.
///
/// ```no_run
/// use std::sync::atomic::{AtomicU64, Ordering};
/// use fg_runtime::{Context, Json};
///
/// struct Counter(AtomicU64);
///
/// fn connect() -> Result<Counter, std::io::Error> {
///     Ok(Counter(AtomicU64::new(0)))
/// }
///
/// fn main() -> std::process::ExitCode {
///     fg_runtime::run_with_state(connect, |event: serde_json::Value, _ctx: &Context, seen: &Counter| {
///         Json(serde_json::json!({"seen": seen.0.fetch_add(1, Ordering::Relaxed) + 1, "event": event}))
///     })
/// }
/// ```
pub fn run_with_state<S, K, E, R, F>(init: impl StateInit<S, K>, handler: F) -> ExitCode
where
    S: SharedState,
    E: Event,
    R: Output,
    F: Fn(E, &Context, &S) -> R + Sync,
{
    crate::start::start(move || {
        let (state, runtime) = build(move || init.into_init(), None)?;
        Ok(SyncHandler {
            decode: E::decoder(),
            f: move |event, ctx: &Context, state: &S| handler(event, ctx, state).into_outcome(),
            state,
            _keep: runtime,
        })
    })
}

#[cfg(feature = "async")]
mod asynchronous;
#[cfg(feature = "async")]
pub use asynchronous::{run_async, run_async_with_state};
