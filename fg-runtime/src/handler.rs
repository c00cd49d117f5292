//! The shapes of handler the macros generate (sync closures, async closures on one tokio
//! current-thread runtime), each owning the state its `init` built, and the one function that
//! runs an invocation through any of them: decode, call under panic capture, map the result,
//! enforce limits.
//!
//! Handlers are called through `&self`: container mode runs several invocations at once
//! (sync handlers on worker threads, async ones as concurrent futures), all sharing one
//! handler and its state.

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
    fn call(&self, event: T, ctx: &Context) -> Outcome;
}

/// A handler every mode of this build can run: container mode (with its feature) runs
/// several invocations at once, so it needs more of the handler than [`Handler`].
#[cfg(feature = "container")]
pub(crate) use crate::container::Serve;

/// A handler every mode of this build can run (any [`Handler`] without container mode).
#[cfg(not(feature = "container"))]
pub(crate) trait Serve<T>: Handler<T> {}
#[cfg(not(feature = "container"))]
impl<T, H: Handler<T>> Serve<T> for H {}

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

impl<T, S, F: Fn(T, &Context, &S) -> Outcome, K> Handler<T> for SyncHandler<T, S, F, K> {
    fn decode(&self, body: &[u8]) -> Result<T, Diagnostic> {
        (self.decode)(body)
    }

    fn call(&self, event: T, ctx: &Context) -> Outcome {
        (self.f)(event, ctx, &self.state)
    }
}

#[cfg(feature = "async")]
pub(crate) use async_handler::AsyncHandler;
#[cfg(feature = "async")]
pub(crate) use async_handler::LocalBoxFuture;

#[cfg(feature = "async")]
pub(crate) mod async_handler {
    use std::future::Future;
    use std::pin::Pin;

    use super::{Context, Decoder, Diagnostic, Handler, Outcome};

    /// The future an async handler's glue returns; it may borrow the context and the state.
    pub(crate) type LocalBoxFuture<'a> = Pin<Box<dyn Future<Output = Outcome> + 'a>>;

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
        F: for<'a> Fn(T, &'a Context, &'a S) -> LocalBoxFuture<'a>,
    {
        fn decode(&self, body: &[u8]) -> Result<T, Diagnostic> {
            (self.decode)(body)
        }

        fn call(&self, event: T, ctx: &Context) -> Outcome {
            self.runtime.block_on((self.f)(event, ctx, &self.state))
        }
    }

    #[cfg(feature = "container")]
    impl<T, S, F> AsyncHandler<T, S, F>
    where
        F: for<'a> Fn(T, &'a Context, &'a S) -> LocalBoxFuture<'a>,
    {
        /// The handler's future for one event, without running it (container mode drives
        /// several at once).
        pub(crate) fn future<'a>(&'a self, event: T, ctx: &'a Context) -> LocalBoxFuture<'a> {
            (self.f)(event, ctx, &self.state)
        }
    }
}

/// Runs one invocation: the single place where events become answers, shared by the runtime
/// loop, container mode and local mode.
pub(crate) fn process<T, H>(
    handler: &H,
    invocation: &Invocation,
    function: &Arc<FunctionConfig>,
) -> Outcome
where
    H: Handler<T>,
{
    let ctx = Context::new(invocation, Arc::clone(function));
    log::in_invocation(ctx.request_id(), || {
        let outcome = decode(handler, invocation)
            .and_then(|event| panic::catch(ctx.request_id(), || handler.call(event, &ctx))?);
        conclude(&ctx, outcome)
    })
}

/// Decodes the event; inside the scope, text values of the event share the body instead of
/// copying it.
pub(crate) fn decode<T, H: Handler<T>>(
    handler: &H,
    invocation: &Invocation,
) -> Result<T, Diagnostic> {
    SharedBody::scope(&invocation.body, || handler.decode(&invocation.body))
}

/// What the platform receives for a handler's outcome: the result within the size limit, an
/// error report logged. Call it inside the invocation's log scope.
// One copy for every handler type: the bootstrap's size budget (docs/PERFORMANCE.md).
#[inline(never)]
pub(crate) fn conclude(ctx: &Context, outcome: Outcome) -> Outcome {
    let limit = ctx.max_response_size();
    let outcome = outcome.and_then(|body| match ctx.invoke_type() {
        // Async results reach the async-notification destinations as `response_payload`
        // (docs/PLATFORM.md §14.1). One too large to deliver is answered with an empty success:
        // an error report would make the platform retry an invocation whose work is done.
        InvokeType::Async if limit > 0 && body.len() > limit => {
            ctx.warn(format_args!(
                "the result of this asynchronous invocation is {} bytes, over RUNTIME_MAX_RESP_BODY_SIZE ({limit} bytes): answered with an empty success instead",
                body.len()
            ));
            Ok(Vec::new())
        }
        InvokeType::Async | InvokeType::Sync => response::check_size(body, limit),
    });
    if let Err(diagnostic) = &outcome {
        ctx.error(format_args!(
            "{}: {}",
            diagnostic.error_type, diagnostic.error_message
        ));
    }
    warn_if_close_to_deadline(ctx);
    outcome
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
