//! The invocations waiting for a worker: connection threads push, the workers (threads for
//! sync handlers, the executor for async ones) take. One mutex, one condition variable and one
//! waker: smaller in the binary than a channel crate, and enough for both kinds of worker.

use std::collections::VecDeque;
use std::sync::mpsc::SyncSender;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::task::Waker;

use crate::config::FunctionConfig;
use crate::handler::Outcome;
use crate::invocation::Invocation;

/// One `POST /invoke`: the event, the function's configuration as its headers complete it,
/// and where its outcome goes (the connection thread waiting to write the answer).
pub(crate) struct Job {
    pub(crate) invocation: Invocation,
    pub(crate) function: Arc<FunctionConfig>,
    pub(crate) answer: SyncSender<Outcome>,
}

#[derive(Default)]
pub(crate) struct Queue {
    state: Mutex<State>,
    pushed: Condvar,
}

#[derive(Default)]
struct State {
    jobs: VecDeque<Job>,
    /// The async executor, when it waits for a job.
    waker: Option<Waker>,
}

impl Queue {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn push(&self, job: Job) {
        let waker = {
            let mut state = self.lock();
            state.jobs.push_back(job);
            state.waker.take()
        };
        self.pushed.notify_one();
        if let Some(waker) = waker {
            waker.wake();
        }
    }

    /// A worker thread: the next job, waiting for one.
    pub(crate) fn take(&self) -> Job {
        let mut state = self.lock();
        loop {
            if let Some(job) = state.jobs.pop_front() {
                return job;
            }
            state = self
                .pushed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// The async executor: the next job if there is one; otherwise it is woken by the next push.
    #[cfg(feature = "async")]
    pub(crate) fn poll_take(&self, cx: &std::task::Context<'_>) -> Option<Job> {
        let mut state = self.lock();
        let job = state.jobs.pop_front();
        if job.is_none() {
            state.waker = Some(cx.waker().clone());
        }
        job
    }
}
