//! The state shared by the test's thread and the connection threads: the event queue, the
//! faults to apply, what was handed out and what came back, behind one mutex and condvar.

use std::collections::VecDeque;
use std::sync::atomic::AtomicBool;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use crate::{Answer, Event, Fault, TimedOut};

#[derive(Debug, Default)]
pub(crate) struct State {
    pub(crate) queue: VecDeque<(String, Event)>,
    pub(crate) faults: VecDeque<Fault>,
    pub(crate) post_faults: VecDeque<u16>,
    pub(crate) handed_out: Vec<String>,
    /// Handed out, not yet answered or timed out, with when they were handed out.
    pub(crate) in_flight: Vec<(String, Instant)>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) timed_out: Vec<TimedOut>,
    pub(crate) answers: Vec<Answer>,
    pub(crate) connections: u64,
    pub(crate) polls: u64,
    /// Bumped to make every held `GET` close its connection.
    pub(crate) idle_generation: u64,
    pub(crate) next_id: u64,
}

impl State {
    pub(crate) fn hand_out(&mut self, id: String) {
        self.in_flight.push((id.clone(), Instant::now()));
        self.handed_out.push(id);
    }

    /// Undoes [`hand_out`](Self::hand_out) for an event that never reached the function.
    pub(crate) fn take_back(&mut self, id: &str) {
        if let Some(at) = self.handed_out.iter().rposition(|h| h == id) {
            self.handed_out.remove(at);
        }
        if let Some(at) = self.in_flight.iter().rposition(|(h, _)| h == id) {
            self.in_flight.remove(at);
        }
    }

    /// Moves the invocations past their deadline from in flight to timed out. Run on every
    /// lock, so that whatever a test observes is up to date.
    pub(crate) fn expire(&mut self) {
        let Some(timeout) = self.timeout else { return };
        let now = Instant::now();
        if self.next_deadline().is_none_or(|at| at > now) {
            return;
        }
        let (expired, in_flight): (Vec<_>, Vec<_>) = std::mem::take(&mut self.in_flight)
            .into_iter()
            .partition(|(_, at)| now.duration_since(*at) >= timeout);
        self.in_flight = in_flight;
        self.timed_out
            .extend(expired.into_iter().map(|(request_id, _)| TimedOut {
                request_id,
                after: timeout,
            }));
    }

    /// When the next in-flight invocation times out.
    pub(crate) fn next_deadline(&self) -> Option<Instant> {
        let timeout = self.timeout?;
        self.in_flight.iter().map(|(_, at)| *at + timeout).min()
    }
}

#[derive(Debug, Default)]
pub(crate) struct Shared {
    pub(crate) state: Mutex<State>,
    pub(crate) changed: Condvar,
    pub(crate) shutdown: AtomicBool,
}

impl Shared {
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking connection thread must not take the whole emulator down with it.
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.expire();
        state
    }

    pub(crate) fn wait_until<T>(
        &self,
        timeout: Duration,
        mut ready: impl FnMut(&State) -> Option<T>,
    ) -> Option<T> {
        let end = Instant::now() + timeout;
        let mut state = self.lock();
        loop {
            if let Some(found) = ready(&state) {
                return Some(found);
            }
            let now = Instant::now();
            let left = end.saturating_duration_since(now);
            if left.is_zero() {
                return None;
            }
            // Wake up at the next deadline too, to see the invocation time out.
            let wait = state
                .next_deadline()
                .map_or(left, |at| left.min(at.saturating_duration_since(now)));
            state = self
                .changed
                .wait_timeout(state, wait)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
            state.expire();
        }
    }
}
