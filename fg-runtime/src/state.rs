//! Shared state, built once per instance before the first invocation: what a handler's
//! `init = connect` function returns (sync or async), and how start-up turns it into the state
//! every invocation borrows. A failed `init` ends the process before it polls for events, so
//! the platform retries the instance (docs/PLATFORM.md §2.7).

use std::fmt::Display;
use std::marker::PhantomData;

/// The result of a handler's `init` function, as the generated code hands it to the runtime:
/// ready (a sync `init`) or still to be awaited (an `async fn` init).
pub struct Init<S>(pub(crate) InitKind<S>);

pub(crate) enum InitKind<S> {
    Ready(Result<S, String>),
    #[cfg(feature = "async")]
    Pending(std::pin::Pin<Box<dyn std::future::Future<Output = Result<S, String>>>>),
}

impl<S> std::fmt::Debug for Init<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.0 {
            InitKind::Ready(_) => "Init::Ready",
            #[cfg(feature = "async")]
            InitKind::Pending(_) => "Init::Pending",
        })
    }
}

/// The message for a failed `init`: the error's alternate `Display`, which includes the cause
/// chain for `anyhow` errors.
fn message(error: &impl Display) -> String {
    format!("{error:#}")
}

/// What an `init` function may return: `Result<S, E>` with any `Display` error.
#[diagnostic::on_unimplemented(
    message = "the `init` function returns `{Self}`, not `Result<{S}, E>`",
    label = "this `init` function must return `Result<{S}, E>` (or be an `async fn` returning it)",
    note = "the handler's state parameter is `&{S}`; `E` may be any error type that implements `Display` (`std::io::Error`, `Box<dyn Error + Send + Sync>`, `anyhow::Error`, `String`, ...)"
)]
pub trait InitResult<S> {
    /// The state, or the message of the failure.
    fn into_state(self) -> Result<S, String>;
}

impl<S, E: Display> InitResult<S> for Result<S, E> {
    fn into_state(self) -> Result<S, String> {
        self.map_err(|e| message(&e))
    }
}

/// What an `async fn` init may return: a future of `Result<S, E>`.
#[diagnostic::on_unimplemented(
    message = "the `init` function returns `{Self}`, not `Result<{S}, E>`",
    label = "this `init` function must return `Result<{S}, E>` (or be an `async fn` returning it)",
    note = "the handler's state parameter is `&{S}`; `E` may be any error type that implements `Display`; an `async fn` init needs fg-runtime's `async` feature (on by default)"
)]
pub trait InitFuture<S> {
    /// The state once the future is awaited, or the message of the failure.
    fn into_init(self) -> Init<S>;
}

// Bounded on the output's `InitResult` rather than on `Output = Result<S, E>`, so that an
// `async fn` returning something else gets `InitResult`'s message, at the user's path.
#[cfg(feature = "async")]
impl<S, F> InitFuture<S> for F
where
    F: std::future::Future + 'static,
    F::Output: InitResult<S>,
{
    fn into_init(self) -> Init<S> {
        Init(InitKind::Pending(Box::pin(async move {
            self.await.into_state()
        })))
    }
}

/// Carries the type an `init` call returned to the autoref-specialised `fg_init_kind`
/// methods: [`ReadyInit`] for a `Result`, [`PendingInit`] for anything else (a future).
pub struct InitProbe<R>(PhantomData<R>);

impl<R> InitProbe<R> {
    /// A probe for the type of `value`.
    pub fn of(_value: &R) -> Self {
        Self(PhantomData)
    }
}

impl<R> std::fmt::Debug for InitProbe<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("InitProbe")
    }
}

/// Picks [`ReadyInitKind`] for an `init` that returned a `Result`.
pub trait ReadyInit {
    /// The handling for this return type.
    fn fg_init_kind(&self) -> ReadyInitKind {
        ReadyInitKind
    }
}

impl<S, E> ReadyInit for InitProbe<Result<S, E>> {}

/// Picks [`PendingInitKind`] for any other return type; its bound names the accepted ones.
pub trait PendingInit {
    /// The handling for this return type.
    fn fg_init_kind(&self) -> PendingInitKind {
        PendingInitKind
    }
}

impl<R> PendingInit for &InitProbe<R> {}

/// Takes a sync `init`'s `Result`.
#[derive(Debug)]
pub struct ReadyInitKind;

impl ReadyInitKind {
    /// The state for the handler.
    pub fn into_init<S, R: InitResult<S>>(self, result: R) -> Init<S> {
        Init(InitKind::Ready(result.into_state()))
    }
}

/// Takes an `async fn` init's future.
#[derive(Debug)]
pub struct PendingInitKind;

impl PendingInitKind {
    /// The state for the handler, once awaited.
    pub fn into_init<S, F: InitFuture<S>>(self, future: F) -> Init<S> {
        future.into_init()
    }
}

/// Runs `init` (catching a panic) and, for an async one, awaits it on `runtime`, creating one
/// when the handler is sync. Returns the state and the runtime created for it, if any.
pub(crate) fn build<S>(
    init: impl FnOnce() -> Init<S>,
    runtime: Option<&Runtime>,
) -> Result<(S, Option<Runtime>), String> {
    let started = std::time::Instant::now();
    let init = std::panic::catch_unwind(std::panic::AssertUnwindSafe(init))
        .map_err(|payload| format!("init panicked: {}", crate::panic::payload_text(&*payload)))?;
    let built = match init.0 {
        InitKind::Ready(result) => {
            let _ = runtime;
            result.map(|state| (state, None))
        }
        #[cfg(feature = "async")]
        InitKind::Pending(future) => {
            let own = match runtime {
                Some(_) => None,
                None => Some(crate::handler::async_handler::runtime().map_err(|e| {
                    format!("cannot start the tokio runtime for the async init: {e}")
                })?),
            };
            let Some(runtime) = runtime.or(own.as_ref()) else {
                unreachable!("a runtime was given or created above");
            };
            let awaited =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| runtime.block_on(future)))
                    .map_err(|payload| {
                        format!("init panicked: {}", crate::panic::payload_text(&*payload))
                    })?;
            awaited.map(|state| (state, own))
        }
    };
    crate::logger::runtime_log!(
        Debug,
        "init {} in {} ms",
        if built.is_ok() { "done" } else { "failed" },
        crate::logger::millis(started.elapsed())
    );
    built
}

/// The tokio runtime async handlers and async `init`s run on.
#[cfg(feature = "async")]
pub(crate) type Runtime = tokio::runtime::Runtime;

/// Without the `async` feature there is no runtime: no value of this type exists.
#[cfg(not(feature = "async"))]
pub(crate) enum Runtime {}

#[cfg(test)]
// The probes are called as the generated code calls them, by reference.
#[allow(clippy::needless_borrow)]
mod tests {
    use super::*;

    fn ready<S>(init: Init<S>) -> Result<S, String> {
        match init.0 {
            InitKind::Ready(r) => r,
            #[cfg(feature = "async")]
            InitKind::Pending(_) => panic!("expected a ready init"),
        }
    }

    #[test]
    fn a_result_is_ready_and_its_error_keeps_the_message() {
        let ok: Result<u8, String> = Ok(3);
        #[allow(unused_imports)]
        use super::{PendingInit as _, ReadyInit as _};
        assert_eq!(
            ready((&InitProbe::of(&ok)).fg_init_kind().into_init::<u8, _>(ok)),
            Ok(3)
        );
        let err: Result<u8, std::io::Error> = Err(std::io::Error::other("refused"));
        let init = (&InitProbe::of(&err))
            .fg_init_kind()
            .into_init::<u8, _>(err);
        assert_eq!(ready(init), Err("refused".to_owned()));
    }

    #[cfg(feature = "async")]
    #[test]
    fn an_async_init_is_awaited_on_a_runtime_of_its_own() {
        #[allow(unused_imports)]
        use super::{PendingInit as _, ReadyInit as _};
        let future = async { Ok::<_, String>(String::from("state")) };
        let init = (&InitProbe::of(&future))
            .fg_init_kind()
            .into_init::<String, _>(future);
        let (state, runtime) = build(|| init, None).unwrap();
        assert_eq!(state, "state");
        assert!(runtime.is_some());
    }

    #[test]
    fn a_panicking_init_is_a_failure() {
        let failed = build::<u8>(|| panic!("no database"), None);
        assert_eq!(failed.err().as_deref(), Some("init panicked: no database"));
    }
}
