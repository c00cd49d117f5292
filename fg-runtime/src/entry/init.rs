//! What [`run_with_state`](crate::run_with_state) and its async twin take as `init`: a
//! function returning `Result<S, E>`, or an `async fn` returning it.

use std::fmt::Display;

#[cfg(feature = "async")]
use crate::private::PendingFn;
use crate::private::{Prepared, PreparedFn, ReadyFn};
#[cfg(feature = "async")]
use crate::state::PendingInitKind;
use crate::state::{Init, ReadyInitKind};

/// A function that builds the state every invocation borrows, run once before the first
/// event: `fn() -> Result<S, E>`, or with the `async` feature `async fn() -> Result<S, E>`,
/// where `E` is any `Display` error (`std::io::Error`, `anyhow::Error`, `String`, ...).
///
/// The second parameter tells the two kinds apart; it is always inferred, never written.
///
/// ```
/// use fg_runtime::StateInit;
///
/// struct Pool;
///
/// fn connect() -> Result<Pool, std::io::Error> {
///     Ok(Pool)
/// }
///
/// async fn connect_later() -> Result<Pool, String> {
///     Ok(Pool)
/// }
///
/// fn builds_pool<K>(_init: impl StateInit<Pool, K>) {}
/// builds_pool(connect);
/// builds_pool(connect_later); // needs the `async` feature (on by default)
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the `init` of a handler with state `{S}`",
    label = "`init` is a function without parameters returning `Result<{S}, E>` (or an `async fn` returning it)",
    note = "`E` may be any error type that implements `Display` (`std::io::Error`, `anyhow::Error`, `String`, ...); an `async fn` init needs fg-runtime's `async` feature (on by default)"
)]
pub trait StateInit<S, Kind> {
    /// The state, or how it will be awaited.
    #[doc(hidden)]
    fn into_init(self) -> Init<S>;
}

// Both by the rules the macros' `init` follows (`crate::state`).
impl<S, E, F> StateInit<S, ReadyFn> for F
where
    E: Display,
    F: FnOnce() -> Result<S, E>,
{
    fn into_init(self) -> Init<S> {
        ReadyInitKind.into_init(self())
    }
}

#[cfg(feature = "async")]
impl<S, E, Fut, F> StateInit<S, PendingFn> for F
where
    E: Display,
    Fut: std::future::Future<Output = Result<S, E>> + 'static,
    F: FnOnce() -> Fut,
{
    fn into_init(self) -> Init<S> {
        PendingInitKind.into_init(self())
    }
}

// The handler macros' `init`, whose kind they already picked by its return type.
impl<S, F: FnOnce() -> Init<S>> StateInit<S, PreparedFn> for Prepared<F> {
    fn into_init(self) -> Init<S> {
        (self.0)()
    }
}

/// What the state of a sync handler ([`run_with_state`](crate::run_with_state), or a handler
/// macro's `init`) must be: with the `container` feature, invocations run at once on several
/// threads and share the state, so it must be `Sync`; without it, any type.
///
/// ```
/// use std::sync::Mutex;
///
/// fn shareable<S: fg_runtime::SharedState>() {}
/// shareable::<Mutex<Vec<String>>>();
/// ```
#[cfg(feature = "container")]
#[diagnostic::on_unimplemented(
    message = "the state `init` returns is shared by concurrent invocations in container mode, so `{Self}` must be `Sync`",
    label = "not `Sync`",
    note = "wrap what is not `Sync` in a `Mutex` (or use `Arc`, atomics, `OnceLock`); container mode runs several invocations at once"
)]
pub trait SharedState: Sync {}
#[cfg(feature = "container")]
impl<S: Sync> SharedState for S {}

/// What the state of a sync handler ([`run_with_state`](crate::run_with_state), or a handler
/// macro's `init`) must be: with the `container` feature, invocations run at once on several
/// threads and share the state, so it must be `Sync`; without it (as now), any type.
///
/// ```
/// use std::sync::Mutex;
///
/// fn shareable<S: fg_runtime::SharedState>() {}
/// shareable::<Mutex<Vec<String>>>();
/// ```
#[cfg(not(feature = "container"))]
pub trait SharedState {}
#[cfg(not(feature = "container"))]
impl<S> SharedState for S {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::InitKind;

    fn state<S, K>(init: impl StateInit<S, K>) -> Result<S, String> {
        match init.into_init().0 {
            InitKind::Ready(result) => result,
            #[cfg(feature = "async")]
            InitKind::Pending(future) => crate::handler::async_handler::runtime()
                .expect("a runtime")
                .block_on(future),
        }
    }

    #[derive(Debug)]
    struct Refused;

    impl Display for Refused {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            if f.alternate() {
                f.write_str("refused: no route to host")
            } else {
                f.write_str("refused")
            }
        }
    }

    #[test]
    fn a_sync_init_is_run_and_its_error_keeps_the_alternate_text() {
        assert_eq!(state(|| Ok::<_, Refused>(7)).unwrap(), 7);
        assert_eq!(
            state(|| Err::<u8, _>(Refused)).unwrap_err(),
            "refused: no route to host"
        );
    }

    #[cfg(feature = "async")]
    #[test]
    fn an_async_init_is_awaited() {
        async fn connect() -> Result<&'static str, String> {
            Ok("pool")
        }
        assert_eq!(state(connect).unwrap(), "pool");
        assert_eq!(
            state(|| async { Err::<u8, _>("down".to_string()) }).unwrap_err(),
            "down"
        );
    }

    #[test]
    fn a_prepared_init_is_taken_as_it_is() {
        let prepared = Prepared(|| Init(InitKind::Ready(Ok::<_, String>(3))));
        assert_eq!(state(prepared).unwrap(), 3);
    }
}
