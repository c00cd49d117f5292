//! The shapes of handler the macros generate (sync closures, async closures on one tokio
//! current-thread runtime), each owning the state its `init` built, and the one function that
//! runs an invocation through any of them: decode, call under panic capture, map the result,
//! enforce limits.

use std::sync::Arc;

use fg_events::encoding::SharedBody;

use crate::config::FunctionConfig;
use crate::context::{Context, InvokeType};
use crate::invocation::Invocation;
use crate::logger as log;
use crate::{Diagnostic, panic, response};

/// What one invocation produced: the body to post, or the error report.
pub type Outcome = Result<Vec<u8>, Diagnostic>;

/// Turns an event body into the handler's event type.
pub type Decoder<T> = fn(&[u8]) -> Result<T, Diagnostic>;

/// A handler the runtime can call once per invocation.
pub(crate) trait Handler<T> {
    fn decode(&self, body: &[u8]) -> Result<T, Diagnostic>;
    fn call(&mut self, event: T, ctx: &Context) -> Outcome;
}

/// A synchronous handler closure, the decoder for its event type, and the state it borrows
/// on every call (`()` for a handler without `init`).
///
/// `K` is what the handler keeps alive beside its state: the runtime an async `init` ran on
/// (`Option<Runtime>`), or `()` for a handler without `init`, so that a plain sync function
/// does not link the async runtime's teardown (about 25 KiB of a release binary).
pub(crate) struct SyncHandler<T, S, F, K = ()> {
    pub(crate) decode: Decoder<T>,
    pub(crate) f: F,
    pub(crate) state: S,
    /// Kept so that what the state holds of it (timers, connections) stays valid.
    pub(crate) _keep: K,
}

impl<T, S, F: FnMut(T, &Context, &S) -> Outcome, K> Handler<T> for SyncHandler<T, S, F, K> {
    fn decode(&self, body: &[u8]) -> Result<T, Diagnostic> {
        (self.decode)(body)
    }

    fn call(&mut self, event: T, ctx: &Context) -> Outcome {
        (self.f)(event, ctx, &self.state)
    }
}

#[cfg(feature = "async")]
pub(crate) use async_handler::AsyncHandler;
#[cfg(feature = "async")]
pub use async_handler::LocalBoxFuture;

#[cfg(feature = "async")]
pub(crate) mod async_handler {
    use std::future::Future;
    use std::pin::Pin;

    use super::{Context, Decoder, Diagnostic, Handler, Outcome};

    /// The future an async handler's glue returns; it may borrow the context and the state.
    pub type LocalBoxFuture<'a> = Pin<Box<dyn Future<Output = Outcome> + 'a>>;

    /// An async handler, driven to completion on a runtime created once at start-up so that
    /// clients built on tokio keep their connections across invocations.
    pub(crate) struct AsyncHandler<T, S, F> {
        pub(crate) runtime: tokio::runtime::Runtime,
        pub(crate) decode: Decoder<T>,
        pub(crate) f: F,
        pub(crate) state: S,
    }

    /// The runtime every async handler (and async `init`) runs on.
    pub(crate) fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
    }

    impl<T, S, F> Handler<T> for AsyncHandler<T, S, F>
    where
        F: for<'a> FnMut(T, &'a Context, &'a S) -> LocalBoxFuture<'a>,
    {
        fn decode(&self, body: &[u8]) -> Result<T, Diagnostic> {
            (self.decode)(body)
        }

        fn call(&mut self, event: T, ctx: &Context) -> Outcome {
            self.runtime.block_on((self.f)(event, ctx, &self.state))
        }
    }
}

/// Runs one invocation: the single place where events become answers, shared by the runtime
/// loop, container mode and local mode.
pub(crate) fn process<T, H>(
    handler: &mut H,
    invocation: &Invocation,
    function: &Arc<FunctionConfig>,
) -> Outcome
where
    H: Handler<T>,
{
    let ctx = Context::new(invocation, Arc::clone(function));
    log::in_invocation(ctx.request_id(), || {
        // Inside the scope, text values of the event share the body instead of copying it.
        let outcome = SharedBody::scope(&invocation.body, || handler.decode(&invocation.body))
            .and_then(|event| panic::catch(ctx.request_id(), || handler.call(event, &ctx))?)
            // The platform discards an async result; the Go runtime posts nothing (docs/PLATFORM.md
            // §5 step 6), before its size is checked (step 8), so an async result is never too
            // large.
            .map(|body| match ctx.invoke_type() {
                InvokeType::Async => Vec::new(),
                InvokeType::Sync => body,
            })
            .and_then(|body| response::check_size(body, function.max_response_size));
        if let Err(diagnostic) = &outcome {
            ctx.error(format_args!(
                "{}: {}",
                diagnostic.error_type, diagnostic.error_message
            ));
        }
        warn_if_close_to_deadline(&ctx);
        outcome
    })
}

/// A handler that ends with less than a tenth of its time left is one slow dependency away
/// from being timed out by the platform: say so while it still succeeds.
fn warn_if_close_to_deadline(ctx: &Context) {
    let timeout = ctx.timeout();
    let remaining = ctx.remaining_time();
    if remaining < timeout / 10 {
        ctx.warn(format_args!(
            "the invocation ended with {} ms of its {} ms left (under 10%); the platform times out invocations that run past RUNTIME_TIMEOUT",
            crate::logger::millis(remaining),
            crate::logger::millis(timeout)
        ));
    }
}
