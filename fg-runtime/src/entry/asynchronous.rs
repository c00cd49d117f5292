//! The async entry points: an `async fn` (or async closure) run on one tokio current-thread
//! runtime created at start-up, as `#[handler]` runs an `async fn`.

use std::process::ExitCode;

use super::{Event, Output, StateInit};
use crate::Context;
use crate::handler::async_handler::runtime;
use crate::handler::{AsyncHandler, LocalBoxFuture};
use crate::state::build;

/// Runs an async `handler` as the function (see [`run`](crate::run) for the modes, events and
/// results). Needs the `async` feature.
///
/// ```no_run
/// use fg_runtime::Context;
///
/// async fn handle(event: serde_json::Value, ctx: &Context) -> Result<String, std::io::Error> {
///     ctx.info("handling");
///     Ok(event.to_string())
/// }
///
/// fn main() -> std::process::ExitCode {
///     fg_runtime::run_async(handle)
/// }
/// ```
pub fn run_async<E, R, F>(handler: F) -> ExitCode
where
    E: Event,
    R: Output,
    F: AsyncFn(E, &Context) -> R + 'static,
{
    crate::start::start(move || {
        let runtime = runtime()
            .map_err(|e| format!("cannot start the tokio runtime for the handler: {e}"))?;
        // The handler is the "state" each invocation's future borrows, as it borrows the
        // context: no handle on it to count.
        Ok(AsyncHandler {
            runtime,
            decode: E::decoder(),
            f: glue(|event, ctx, handler: &F| {
                Box::pin(async move { handler(event, ctx).await.into_outcome() })
            }),
            state: handler,
        })
    })
}

/// Runs an async `handler` with the state `init` builds once, on the handler's runtime, before
/// the first event (see [`run_with_state`](crate::run_with_state)). `init` may be an
/// `async fn` or a plain function returning `Result<S, E>` (see [`StateInit`]).
///
/// ```no_run
/// use fg_runtime::Context;
///
/// struct Client { base: String }
///
/// async fn connect() -> Result<Client, String> {
///     Ok(Client { base: "https://example.invalid".into() })
/// }
///
/// async fn handle(path: String, _ctx: &Context, client: &Client) -> Result<String, String> {
///     Ok(format!("{}/{path}", client.base))
/// }
///
/// fn main() -> std::process::ExitCode {
///     fg_runtime::run_async_with_state(connect, handle)
/// }
/// ```
pub fn run_async_with_state<S, K, E, R, F>(init: impl StateInit<S, K>, handler: F) -> ExitCode
where
    S: 'static,
    E: Event,
    R: Output,
    F: AsyncFn(E, &Context, &S) -> R + 'static,
{
    crate::start::start(move || {
        let runtime = runtime()
            .map_err(|e| format!("cannot start the tokio runtime for the handler: {e}"))?;
        let (state, _) = build(move || init.into_init(), Some(&runtime))?;
        // Each invocation's future borrows the handler with the state, as it borrows the
        // context.
        Ok(AsyncHandler {
            runtime,
            decode: E::decoder(),
            f: glue(|event, ctx, (handler, state): &(F, S)| {
                Box::pin(async move { handler(event, ctx, state).await.into_outcome() })
            }),
            state: (handler, state),
        })
    })
}

/// Gives a closure the signature `AsyncHandler` needs (the future borrows the context and the
/// state for the same lifetime), which closure inference alone does not find.
fn glue<E, S, F>(f: F) -> F
where
    F: for<'a> Fn(E, &'a Context, &'a S) -> LocalBoxFuture<'a>,
{
    f
}
