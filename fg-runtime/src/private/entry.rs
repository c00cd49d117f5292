//! What a handler macro's glue `main` needs besides the public entry points it calls
//! ([`run`](crate::run), [`run_with_state`](crate::run_with_state) and their async twins):
//! the wrappers that carry a result or an `init` the glue has already mapped, the bounds that
//! name what is wrong at the user's tokens, and the async entry points under names that exist
//! (as stand-ins naming the feature) without the `async` feature.

use crate::handler::Outcome;

/// A handler's result the glue has already turned into the body or the error report (with
/// the probes, which see the concrete type), passed through [`Output`](crate::Output) as it is.
#[derive(Debug)]
pub struct Answer(pub Outcome);

impl crate::Output for Answer {
    #[inline]
    fn into_outcome(self) -> Outcome {
        self.0
    }
}

/// An `init` the glue has already wrapped (a `Result` as it is, a future to be awaited),
/// taken by [`StateInit`](crate::StateInit) as it is.
#[derive(Debug)]
pub struct Prepared<F>(pub F);

/// [`StateInit`](crate::StateInit)'s kind for a function returning a `Result`.
#[derive(Debug)]
pub enum ReadyFn {}

/// [`StateInit`](crate::StateInit)'s kind for a function returning a future.
#[derive(Debug)]
pub enum PendingFn {}

/// [`StateInit`](crate::StateInit)'s kind for a [`Prepared`] init.
#[derive(Debug)]
pub enum PreparedFn {}

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

// The glue of an `async fn` handler calls these by this path, so that without the `async`
// feature it meets the stand-ins below (whose bound names the feature) instead of an
// unresolved `fg_runtime::run_async`.
#[cfg(feature = "async")]
pub use crate::entry::{run_async, run_async_with_state};

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
pub fn run_async<F: AsyncFeatureEnabled>(handler: F) -> std::process::ExitCode {
    let _ = handler;
    std::process::ExitCode::FAILURE
}

/// Stand-in that fails to compile with a message naming the missing `async` feature.
#[cfg(not(feature = "async"))]
pub fn run_async_with_state<I, F: AsyncFeatureEnabled>(
    init: I,
    handler: F,
) -> std::process::ExitCode {
    let _ = (init, handler);
    std::process::ExitCode::FAILURE
}
