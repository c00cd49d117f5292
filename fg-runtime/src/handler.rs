//! The shapes of handler the macros generate (sync closures, async closures on one tokio
//! current-thread runtime) and the one function that runs an invocation through any of them:
//! decode, call under panic capture, map the result, enforce limits.

use std::sync::Arc;

use crate::config::FunctionConfig;
use crate::context::{Context, InvokeType};
use crate::invocation::Invocation;
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

/// A synchronous handler closure and the decoder for its event type.
pub(crate) struct SyncHandler<T, F> {
    pub(crate) decode: Decoder<T>,
    pub(crate) f: F,
}

impl<T, F: FnMut(T, &Context) -> Outcome> Handler<T> for SyncHandler<T, F> {
    fn decode(&self, body: &[u8]) -> Result<T, Diagnostic> {
        (self.decode)(body)
    }

    fn call(&mut self, event: T, ctx: &Context) -> Outcome {
        (self.f)(event, ctx)
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

    /// The future an async handler's glue returns; it may borrow the context.
    pub type LocalBoxFuture<'a> = Pin<Box<dyn Future<Output = Outcome> + 'a>>;

    /// An async handler, driven to completion on a runtime created once at start-up so that
    /// clients built on tokio keep their connections across invocations.
    pub(crate) struct AsyncHandler<T, F> {
        runtime: tokio::runtime::Runtime,
        decode: Decoder<T>,
        f: F,
    }

    impl<T, F> AsyncHandler<T, F> {
        pub(crate) fn new(decode: Decoder<T>, f: F) -> std::io::Result<Self> {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            Ok(Self { runtime, decode, f })
        }
    }

    impl<T, F> Handler<T> for AsyncHandler<T, F>
    where
        F: for<'a> FnMut(T, &'a Context) -> LocalBoxFuture<'a>,
    {
        fn decode(&self, body: &[u8]) -> Result<T, Diagnostic> {
            (self.decode)(body)
        }

        fn call(&mut self, event: T, ctx: &Context) -> Outcome {
            self.runtime.block_on((self.f)(event, ctx))
        }
    }
}

/// Runs one invocation: the single place where events become answers, shared by the runtime
/// loop and local mode.
pub(crate) fn process<T, H>(
    handler: &mut H,
    invocation: &Invocation,
    function: &Arc<FunctionConfig>,
) -> Outcome
where
    H: Handler<T>,
{
    let ctx = Context::new(invocation, Arc::clone(function));
    let outcome = handler
        .decode(&invocation.body)
        .and_then(|event| panic::catch(ctx.request_id(), || handler.call(event, &ctx))?)
        .and_then(|body| response::check_size(body, function.max_response_size))
        .map(|body| match ctx.invoke_type() {
            // The platform discards an async result; the Go runtime posts nothing (§5 step 6).
            InvokeType::Async => Vec::new(),
            InvokeType::Sync => body,
        });
    if let Err(diagnostic) = &outcome {
        ctx.error(format_args!(
            "{}: {}",
            diagnostic.error_type, diagnostic.error_message
        ));
    }
    outcome
}
