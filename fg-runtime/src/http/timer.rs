//! The timer behind `serve`'s header-read timeout: hyper starts one sleep each time a
//! connection waits for a request head (for a keep-alive connection, after every response)
//! and drops it when the head has arrived. On tokio's timer wheel that registration and its
//! cancellation cost about 2 µs a request (HTTP-function bench: ×1.13 of `axum::serve`, ×1.05
//! without the timeout). Here a sleep is a map entry written under a lock, and one thread wakes
//! those past their deadline every 250 ms: a timeout fires up to that much late, which does not
//! matter for a limit of seconds.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

/// How often due sleeps are woken.
const TICK: Duration = Duration::from_millis(250);

/// A hyper timer whose sleeps a background thread wakes (see the module docs).
#[derive(Clone, Debug)]
pub(crate) struct CoarseTimer(Arc<Waiting>);

#[derive(Debug, Default)]
struct Waiting {
    next_id: AtomicU64,
    /// Pending sleeps by id: their deadline and who to wake.
    sleeps: Mutex<HashMap<u64, (Instant, Waker)>>,
}

impl Waiting {
    fn sleeps(&self) -> MutexGuard<'_, HashMap<u64, (Instant, Waker)>> {
        self.sleeps.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl CoarseTimer {
    /// A timer and its waking thread, which ends once the timer and its sleeps are dropped.
    pub(crate) fn start() -> std::io::Result<Self> {
        let waiting = Arc::new(Waiting::default());
        let weak = Arc::downgrade(&waiting);
        std::thread::Builder::new()
            .name("fg-http-timer".into())
            .spawn(move || wake_due(&weak))?;
        Ok(Self(waiting))
    }
}

fn wake_due(waiting: &Weak<Waiting>) {
    loop {
        std::thread::sleep(TICK);
        let Some(waiting) = waiting.upgrade() else {
            return;
        };
        let now = Instant::now();
        let mut due = Vec::new();
        waiting.sleeps().retain(|_, (deadline, waker)| {
            if *deadline <= now {
                due.push(waker.clone());
                false
            } else {
                true
            }
        });
        // Woken outside the lock: a woken task may poll its sleep at once.
        for waker in due {
            waker.wake();
        }
    }
}

impl hyper::rt::Timer for CoarseTimer {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn hyper::rt::Sleep>> {
        self.sleep_until(Instant::now() + duration)
    }

    fn sleep_until(&self, deadline: Instant) -> Pin<Box<dyn hyper::rt::Sleep>> {
        Box::pin(CoarseSleep {
            id: self.0.next_id.fetch_add(1, Ordering::Relaxed),
            deadline,
            waiting: Arc::clone(&self.0),
            registered: false,
        })
    }
}

/// One sleep: ready once its deadline has passed.
#[derive(Debug)]
struct CoarseSleep {
    id: u64,
    deadline: Instant,
    waiting: Arc<Waiting>,
    registered: bool,
}

impl CoarseSleep {
    fn unregister(&mut self) {
        if self.registered {
            self.waiting.sleeps().remove(&self.id);
            self.registered = false;
        }
    }
}

impl Future for CoarseSleep {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        if Instant::now() >= this.deadline {
            this.unregister();
            return Poll::Ready(());
        }
        this.waiting
            .sleeps()
            .insert(this.id, (this.deadline, cx.waker().clone()));
        this.registered = true;
        Poll::Pending
    }
}

impl hyper::rt::Sleep for CoarseSleep {}

impl Drop for CoarseSleep {
    fn drop(&mut self) {
        self.unregister();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyper::rt::Timer as _;

    #[test]
    fn sleeps_end_after_their_deadline_and_leave_nothing_behind() {
        let timer = CoarseTimer::start().unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let started = Instant::now();
        runtime.block_on(timer.sleep(Duration::from_millis(100)));
        let waited = started.elapsed();
        assert!(waited >= Duration::from_millis(100), "{waited:?}");
        assert!(waited < Duration::from_millis(100) + TICK * 4, "{waited:?}");
        // A sleep dropped before its deadline (a request head that arrived) unregisters.
        let mut early = timer.sleep(Duration::from_secs(60));
        let waker = std::task::Waker::noop();
        assert!(
            early
                .as_mut()
                .poll(&mut Context::from_waker(waker))
                .is_pending()
        );
        assert_eq!(timer.0.sleeps().len(), 1);
        drop(early);
        assert!(timer.0.sleeps().is_empty());
    }
}
