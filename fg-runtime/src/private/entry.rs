//! The entry points the glue `main` of a handler macro calls: sync or async, with or without
//! the state an `init` builds.

use std::process::ExitCode;

use crate::Context;
use crate::handler::{Decoder, Outcome, SyncHandler};
use crate::state::{Init, build};

/// Runs a synchronous handler (the glue `main` of a non-async handler without `init`).
pub fn run_sync<T, F>(decode: Decoder<T>, handler: F) -> ExitCode
where
    F: Fn(T, &Context) -> Outcome + Sync,
{
    crate::start::start(move || {
        Ok(SyncHandler {
            decode,
            f: move |event, ctx: &Context, (): &()| handler(event, ctx),
            state: (),
            _keep: (),
        })
    })
}

/// Runs a synchronous handler whose state `init` builds once, before the first invocation.
pub fn run_sync_with<T, S, I, F>(decode: Decoder<T>, init: I, handler: F) -> ExitCode
where
    S: SharedState,
    I: FnOnce() -> Init<S>,
    F: Fn(T, &Context, &S) -> Outcome + Sync,
{
    crate::start::start(move || {
        let (state, runtime) = build(init, None)?;
        Ok(SyncHandler {
            decode,
            f: handler,
            state,
            _keep: runtime,
        })
    })
}

/// What a sync handler's `init` may return: in container mode invocations run at once on
/// several threads and share the state, so it must be `Sync` there.
#[cfg(feature = "container")]
#[diagnostic::on_unimplemented(
    message = "the state `init` returns is shared by concurrent invocations in container mode, so `{Self}` must be `Sync`",
    label = "not `Sync`",
    note = "wrap what is not `Sync` in a `Mutex` (or use `Arc`, atomics, `OnceLock`); container mode runs several invocations at once"
)]
pub trait SharedState: Sync {}
#[cfg(feature = "container")]
impl<S: Sync> SharedState for S {}

/// What a sync handler's `init` may return (any type: without the `container` feature
/// invocations run one at a time).
#[cfg(not(feature = "container"))]
pub trait SharedState {}
#[cfg(not(feature = "container"))]
impl<S> SharedState for S {}

/// Registers the hook a handler's `shutdown = path` names (see [`crate::on_shutdown`]).
pub fn shutdown_hook<F: ShutdownHook>(hook: F) {
    hook.register();
}

/// What `shutdown = path` may name: a function without parameters.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a shutdown hook",
    label = "`shutdown` names a function without parameters: `fn on_shutdown()`",
    note = "the hook runs once, on the thread that handles SIGTERM, so it must be `Send + 'static`"
)]
pub trait ShutdownHook {
    /// Adds the hook to those run at shutdown.
    fn register(self);
}

impl<F: FnOnce() + Send + 'static> ShutdownHook for F {
    fn register(self) {
        crate::shutdown::on_shutdown(self);
    }
}

#[cfg(feature = "async")]
pub use crate::handler::LocalBoxFuture;

/// Runs an async handler on one tokio current-thread runtime created here, once.
#[cfg(feature = "async")]
pub fn run_async<T, F>(decode: Decoder<T>, handler: F) -> ExitCode
where
    F: for<'a> Fn(T, &'a Context) -> LocalBoxFuture<'a>,
{
    run_async_with(
        decode,
        || Init(crate::state::InitKind::Ready(Ok(()))),
        move |event, ctx, (): &()| handler(event, ctx),
    )
}

/// Runs an async handler whose state `init` builds once, on the handler's runtime, before the
/// first invocation.
#[cfg(feature = "async")]
pub fn run_async_with<T, S, I, F>(decode: Decoder<T>, init: I, handler: F) -> ExitCode
where
    I: FnOnce() -> Init<S>,
    F: for<'a> Fn(T, &'a Context, &'a S) -> LocalBoxFuture<'a>,
{
    crate::start::start(move || {
        let runtime = crate::handler::async_handler::runtime()
            .map_err(|e| format!("cannot start the tokio runtime for the handler: {e}"))?;
        let (state, _) = build(init, Some(&runtime))?;
        Ok(crate::handler::AsyncHandler {
            runtime,
            decode,
            f: handler,
            state,
        })
    })
}

/// Never implemented: names the missing feature when an `async fn` handler is built without it.
#[cfg(not(feature = "async"))]
#[diagnostic::on_unimplemented(
    message = "`async fn` handlers need the `async` feature of fg-runtime",
    label = "this handler is async",
    note = "enable it (it is on by default): fg-runtime = {{ version = \"0.1\", features = [\"async\"] }}"
)]
pub trait AsyncFeatureEnabled {}

/// Stand-in that fails to compile with a message naming the missing `async` feature.
#[cfg(not(feature = "async"))]
pub fn run_async<T, F: AsyncFeatureEnabled>(decode: Decoder<T>, handler: F) -> ExitCode {
    let _ = (decode, handler);
    ExitCode::FAILURE
}

/// Stand-in that fails to compile with a message naming the missing `async` feature.
#[cfg(not(feature = "async"))]
pub fn run_async_with<T, S, I, F: AsyncFeatureEnabled>(
    decode: Decoder<T>,
    init: I,
    handler: F,
) -> ExitCode {
    let _ = (decode, init, handler);
    ExitCode::FAILURE
}
