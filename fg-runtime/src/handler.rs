//! The shapes of handler the macros generate (sync closures, async closures on one tokio
//! current-thread runtime) and the one function that runs an invocation through any of them:
//! decode, call under panic capture, map the result, enforce limits.

use std::sync::Arc;

use serde::de::DeserializeOwned;

use crate::config::FunctionConfig;
use crate::context::{Context, InvokeType};
use crate::invocation::Invocation;
use crate::{Diagnostic, decode, panic, response};

/// What one invocation produced: the body to post, or the error report.
pub type Outcome = Result<Vec<u8>, Diagnostic>;

/// A handler the runtime can call once per invocation.
pub(crate) trait Handler<T> {
    fn call(&mut self, event: T, ctx: &Context) -> Outcome;
}

/// A synchronous handler closure.
pub(crate) struct SyncHandler<F>(pub(crate) F);

impl<T, F: FnMut(T, &Context) -> Outcome> Handler<T> for SyncHandler<F> {
    fn call(&mut self, event: T, ctx: &Context) -> Outcome {
        (self.0)(event, ctx)
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

    use super::{Context, Handler, Outcome};

    /// The future an async handler's glue returns; it may borrow the context.
    pub type LocalBoxFuture<'a> = Pin<Box<dyn Future<Output = Outcome> + 'a>>;

    /// An async handler, driven to completion on a runtime created once at start-up so that
    /// clients built on tokio keep their connections across invocations.
    pub(crate) struct AsyncHandler<F> {
        runtime: tokio::runtime::Runtime,
        f: F,
    }

    impl<F> AsyncHandler<F> {
        pub(crate) fn new(f: F) -> std::io::Result<Self> {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            Ok(Self { runtime, f })
        }
    }

    impl<T, F> Handler<T> for AsyncHandler<F>
    where
        F: for<'a> FnMut(T, &'a Context) -> LocalBoxFuture<'a>,
    {
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
    T: DeserializeOwned,
    H: Handler<T>,
{
    let ctx = Context::new(invocation, Arc::clone(function));
    let outcome = decode::event::<T>(&invocation.body)
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
