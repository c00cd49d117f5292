//! `serve`'s request-head timeout (`FG_HTTP_HEADER_TIMEOUT`), at no cost per request beyond
//! two atomic stores. hyper's own `header_read_timeout` starts a sleep each time a connection
//! waits for a head and drops it when the head has arrived, and makes hyper poll the
//! connection once more per request: about 1.2 µs a request even on a cheap timer (HTTP-function
//! bench: ×1.09–1.11 of `axum::serve`). Here each connection has a [`HeadWatch`]: the time its
//! wait for a head began (when it was accepted, and when its last response body was dropped,
//! which is when hyper goes back to reading), cleared when the head has arrived (the service
//! is called). One thread keeps a coarse clock and, every [`TICK`], closes the connections
//! that have waited longer than the timeout: a connection that sends no head, or sends it a
//! byte at a time, is cut off between the timeout and two ticks after it, which does not
//! matter for a limit of seconds.

use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

/// How often the clock advances and waiting connections are checked.
const TICK: Duration = Duration::from_millis(250);

/// `waiting_since` of a connection that is not waiting for a head.
const NOT_WAITING: u64 = u64::MAX;

/// The server's head timeouts: the clock, and the connections it watches.
#[derive(Debug)]
pub(crate) struct HeadTimeouts {
    shared: Arc<Watcher>,
}

#[derive(Debug)]
struct Watcher {
    clock: Arc<Clock>,
    timeout_ms: u64,
    connections: Mutex<Vec<Weak<Watched>>>,
}

/// Milliseconds since the server started, as of the last tick.
#[derive(Debug)]
struct Clock {
    started: Instant,
    now_ms: AtomicU64,
}

impl Clock {
    fn elapsed_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }
}

/// One connection as the watcher sees it.
#[derive(Debug)]
struct Watched {
    clock: Arc<Clock>,
    /// When the wait for the current head began (clock milliseconds, rounded up to the next
    /// tick so it is never early), or [`NOT_WAITING`].
    waiting_since: AtomicU64,
    expired: AtomicBool,
    waker: Mutex<Option<Waker>>,
}

impl Watched {
    fn waker(&self) -> MutexGuard<'_, Option<Waker>> {
        self.waker.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Watcher {
    fn connections(&self) -> MutexGuard<'_, Vec<Weak<Watched>>> {
        self.connections
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

impl HeadTimeouts {
    /// Watches with `timeout`, and starts the thread that keeps the clock; it ends once these
    /// and every connection's watch are dropped.
    pub(crate) fn start(timeout: Duration) -> std::io::Result<Self> {
        let shared = Arc::new(Watcher {
            clock: Arc::new(Clock {
                started: Instant::now(),
                now_ms: AtomicU64::new(0),
            }),
            timeout_ms: u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX),
            connections: Mutex::default(),
        });
        let weak = Arc::downgrade(&shared);
        std::thread::Builder::new()
            .name("fg-http-head-timeout".into())
            .spawn(move || tick(&weak))?;
        Ok(Self { shared })
    }

    /// The watch of a new connection, waiting for its first head from now.
    pub(crate) fn watch(&self) -> HeadWatch {
        let watched = Arc::new(Watched {
            clock: Arc::clone(&self.shared.clock),
            waiting_since: AtomicU64::new(NOT_WAITING),
            expired: AtomicBool::new(false),
            waker: Mutex::default(),
        });
        let watch = HeadWatch(watched);
        watch.waiting();
        self.shared.connections().push(Arc::downgrade(&watch.0));
        watch
    }
}

fn tick(watcher: &Weak<Watcher>) {
    loop {
        std::thread::sleep(TICK);
        let Some(watcher) = watcher.upgrade() else {
            return;
        };
        let now = watcher.clock.elapsed_ms();
        watcher.clock.now_ms.store(now, Ordering::Relaxed);
        let mut expired = Vec::new();
        watcher.connections().retain(|connection| {
            let Some(connection) = connection.upgrade() else {
                return false;
            };
            let since = connection.waiting_since.load(Ordering::Relaxed);
            if since != NOT_WAITING && now.saturating_sub(since) >= watcher.timeout_ms {
                expired.push(connection);
                return false;
            }
            true
        });
        // Woken outside the list's lock: a woken connection may drop its watch at once.
        for connection in expired {
            connection.expired.store(true, Ordering::Release);
            let waker = connection.waker().take();
            if let Some(waker) = waker {
                waker.wake();
            }
        }
    }
}

/// One connection's head timeout; clones share it.
#[derive(Clone, Debug)]
pub(crate) struct HeadWatch(Arc<Watched>);

impl HeadWatch {
    /// The connection waits for a request head from now.
    fn waiting(&self) {
        let now = self.0.clock.now_ms.load(Ordering::Relaxed);
        let tick = u64::try_from(TICK.as_millis()).unwrap_or(u64::MAX);
        self.0
            .waiting_since
            .store(now.saturating_add(tick), Ordering::Relaxed);
    }

    /// A request head has arrived: the connection is not waiting until its response is done.
    pub(crate) fn head_received(&self) {
        self.0.waiting_since.store(NOT_WAITING, Ordering::Relaxed);
    }

    /// Marks the connection waiting for its next head when dropped: put it in the response
    /// body, which hyper drops once the body is written.
    pub(crate) fn on_response_done(&self) -> ResponseDone {
        ResponseDone(self.clone())
    }

    /// `connection` until it ends, or `None` once it has waited too long for a request head.
    pub(crate) async fn until_expired<F: Future>(&self, connection: F) -> Option<F::Output> {
        let mut connection = std::pin::pin!(connection);
        let mut registered: Option<Waker> = None;
        std::future::poll_fn(|cx| {
            if self.expired(cx, &mut registered) {
                return Poll::Ready(None);
            }
            connection.as_mut().poll(cx).map(Some)
        })
        .await
    }

    /// Whether the watcher has expired the connection; if not, it will wake `cx`'s task when
    /// it does. The waker is stored only when it changes (a task's waker rarely does).
    fn expired(&self, cx: &Context<'_>, registered: &mut Option<Waker>) -> bool {
        if self.0.expired.load(Ordering::Acquire) {
            return true;
        }
        if registered.as_ref().is_some_and(|w| w.will_wake(cx.waker())) {
            return false;
        }
        *registered = Some(cx.waker().clone());
        *self.0.waker() = Some(cx.waker().clone());
        // The watcher may have expired it between the check and the registration.
        self.0.expired.load(Ordering::Acquire)
    }
}

/// Dropped with the response body: the connection waits for its next head from then.
#[derive(Debug)]
pub(crate) struct ResponseDone(HeadWatch);

impl Drop for ResponseDone {
    fn drop(&mut self) {
        self.0.waiting();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
    }

    #[test]
    fn a_connection_waiting_too_long_for_a_head_expires() {
        let timeouts = HeadTimeouts::start(Duration::from_millis(300)).unwrap();
        let watch = timeouts.watch();
        let started = Instant::now();
        let ended = runtime().block_on(watch.until_expired(std::future::pending::<()>()));
        let waited = started.elapsed();
        assert_eq!(ended, None);
        assert!(waited >= Duration::from_millis(300), "{waited:?}");
        assert!(waited < Duration::from_millis(300) + TICK * 4, "{waited:?}");
        assert!(
            timeouts.shared.connections().is_empty(),
            "an expired connection is no longer watched"
        );
    }

    #[test]
    fn a_connection_serving_a_request_does_not_expire_and_ends_on_its_own() {
        let timeouts = HeadTimeouts::start(Duration::from_millis(100)).unwrap();
        let watch = timeouts.watch();
        watch.head_received();
        let response_done = watch.on_response_done();
        let runtime = runtime();
        // Busy for well over the timeout: not cut off.
        let served = runtime.block_on(watch.until_expired(async {
            tokio::task::yield_now().await;
            std::thread::sleep(Duration::from_millis(600));
            tokio::task::yield_now().await;
            "served"
        }));
        assert_eq!(served, Some("served"));
        // Once the response is done, the wait for the next head is timed again.
        drop(response_done);
        let idle = runtime.block_on(watch.until_expired(std::future::pending::<()>()));
        assert_eq!(idle, None);
    }
}
