//! Bounding work by the invocation's deadline: [`Context::with_deadline`] for async work (on
//! the handler's tokio runtime) and [`DeadlineExceeded`], the error it reports, which becomes
//! an error report of type `DeadlineExceeded` when a handler returns it.

use std::fmt;
use std::time::Duration;

#[cfg(feature = "async")]
use crate::Context;
use crate::constants::DEADLINE_EXCEEDED;
use crate::{Diagnostic, IntoDiagnostic};

/// Work bounded by [`Context::with_deadline`] did not finish before the invocation's deadline.
///
/// Returned from a handler (`?` works with `Result<T, DeadlineExceeded>` and with any error
/// type that converts from it), it is reported with `errorType` `DeadlineExceeded`, before the
/// platform's own timeout would end the invocation without a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeadlineExceeded {
    timeout: Duration,
}

impl DeadlineExceeded {
    /// The function's timeout the deadline was computed from.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }
}

impl fmt::Display for DeadlineExceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the work did not finish before the invocation's deadline ({} ms after the event arrived)",
            crate::logger::millis(self.timeout)
        )
    }
}

impl std::error::Error for DeadlineExceeded {}

impl IntoDiagnostic for DeadlineExceeded {
    fn into_diagnostic(self) -> Diagnostic {
        Diagnostic::new(DEADLINE_EXCEEDED, self.to_string())
    }
}

#[cfg(feature = "async")]
impl Context {
    /// Runs `future` until it completes or the invocation's [`deadline`](Self::deadline)
    /// passes, whichever comes first; the future is dropped (cancelled) at the deadline.
    ///
    /// Uses tokio's timer, so it must run on a tokio runtime with time enabled: the one fg
    /// runs `async fn` handlers on, or `#[tokio::test]` in tests.
    ///
    /// ```
    /// # async fn fetch() -> u32 { 7 }
    /// use fg_runtime::{Context, DeadlineExceeded};
    ///
    /// async fn handle(ctx: &Context) -> Result<u32, DeadlineExceeded> {
    ///     let rows = ctx.with_deadline(fetch()).await?;
    ///     Ok(rows)
    /// }
    /// # let rt = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
    /// # assert_eq!(rt.block_on(handle(&Context::for_test())), Ok(7));
    /// ```
    ///
    /// # Errors
    /// [`DeadlineExceeded`] when the deadline passes first.
    pub async fn with_deadline<F: std::future::Future>(
        &self,
        future: F,
    ) -> Result<F::Output, DeadlineExceeded> {
        tokio::time::timeout_at(self.deadline().into(), future)
            .await
            .map_err(|_| DeadlineExceeded {
                timeout: self.timeout(),
            })
    }
}

#[cfg(all(test, feature = "async"))]
mod tests {
    use super::*;

    #[test]
    fn work_past_the_deadline_is_cancelled() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        // A zero timeout: the deadline is already there.
        let ctx = Context::builder().timeout(Duration::ZERO).build();
        let slow = ctx.with_deadline(async { tokio::time::sleep(Duration::from_secs(60)).await });
        let error = runtime.block_on(slow).unwrap_err();
        assert_eq!(error.timeout(), Duration::ZERO);
        assert_eq!(error.into_diagnostic().error_type, DEADLINE_EXCEEDED);
        let ctx = Context::builder().timeout(Duration::from_secs(60)).build();
        let fast = ctx.with_deadline(async { 5 });
        assert_eq!(runtime.block_on(fast), Ok(5));
    }
}
