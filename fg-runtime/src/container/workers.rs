//! Who runs container mode's invocations, several at once (docs/CONTAINER.md, "Concurrent
//! requests"): sync handlers on a bounded pool of worker threads sharing the handler and its
//! state, async handlers as concurrent futures on the handler's runtime. Each invocation has
//! its own `Context`, deadline, log scope and panic capture, as in [`process`].

use crate::Context;
use crate::handler::{Handler, Outcome, SyncHandler, process};
use crate::logger::runtime_log;

use super::queue::Queue;

/// A handler container mode can run: it takes jobs from the queue for as long as the process
/// lives (shutdown ends the process from the thread that writes the last answer).
pub(crate) trait Serve<T>: Handler<T> {
    fn serve(&self, queue: &Queue, workers: usize) -> !;
}

impl<T, S, F, K> Serve<T> for SyncHandler<T, S, F, K>
where
    S: Sync,
    F: Fn(T, &Context, &S) -> Outcome + Sync,
    K: Sync,
{
    fn serve(&self, queue: &Queue, workers: usize) -> ! {
        std::thread::scope(|scope| {
            for n in 1..workers.max(1) {
                let spawned = std::thread::Builder::new()
                    .name(format!("fg-worker-{n}"))
                    .spawn_scoped(scope, || work(self, queue));
                if let Err(e) = spawned {
                    runtime_log!(
                        Warn,
                        "container mode: started {n} of {workers} workers, the next failed: {e}"
                    );
                    break;
                }
            }
            work(self, queue)
        })
    }
}

/// One worker: runs one invocation after the other.
pub(crate) fn work<T, H: Handler<T>>(handler: &H, queue: &Queue) -> ! {
    loop {
        let job = queue.take();
        let outcome = process(handler, &job.invocation, &job.function);
        // The connection is gone when nobody waits: nothing more to do for this invocation.
        let _ = job.answer.send(outcome);
    }
}

#[cfg(feature = "async")]
mod tasks {
    use std::future::Future;
    use std::pin::Pin;
    use std::sync::Arc;
    use std::task::{Context as TaskContext, Poll};

    use super::{Queue, Serve};
    use crate::Context;
    use crate::container::queue::Job;
    use crate::handler::{AsyncHandler, LocalBoxFuture, conclude, decode};
    use crate::logger as log;
    use crate::panic;

    type Task<'a> = Pin<Box<dyn Future<Output = ()> + 'a>>;

    impl<T, S, F> Serve<T> for AsyncHandler<T, S, F>
    where
        F: for<'a> Fn(T, &'a Context, &'a S) -> LocalBoxFuture<'a>,
    {
        /// Every job that arrives starts at once: the platform's "max. requests per instance"
        /// bounds how many are in flight.
        fn serve(&self, queue: &Queue, _workers: usize) -> ! {
            let mut running: Vec<Task<'_>> = Vec::new();
            self.runtime.block_on(std::future::poll_fn(|cx| {
                loop {
                    let mut started = false;
                    while let Some(job) = queue.poll_take(cx) {
                        running.push(Box::pin(invocation(self, job)));
                        started = true;
                    }
                    running.retain_mut(|task| task.as_mut().poll(cx).is_pending());
                    if !started {
                        return Poll::<()>::Pending;
                    }
                }
            }));
            unreachable!("the executor's future never completes")
        }
    }

    /// One invocation as a future: decode, run the handler's future, answer.
    async fn invocation<T, S, F>(handler: &AsyncHandler<T, S, F>, job: Job)
    where
        F: for<'a> Fn(T, &'a Context, &'a S) -> LocalBoxFuture<'a>,
    {
        let ctx = Context::new(&job.invocation, Arc::clone(&job.function));
        let id = ctx.request_id();
        let outcome = match log::in_invocation(id, || decode(handler, &job.invocation)) {
            Ok(event) => {
                Scoped {
                    request_id: id,
                    future: handler.future(event, &ctx),
                }
                .await
            }
            Err(diagnostic) => Err(diagnostic),
        };
        let outcome = log::in_invocation(id, || conclude(&ctx, outcome));
        let _ = job.answer.send(outcome);
    }

    /// Polls a handler's future inside its invocation's log scope, with a panic becoming that
    /// invocation's error report (the other invocations go on).
    struct Scoped<'a> {
        request_id: &'a str,
        future: LocalBoxFuture<'a>,
    }

    impl Future for Scoped<'_> {
        type Output = crate::handler::Outcome;

        fn poll(mut self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<Self::Output> {
            let this = &mut *self;
            log::in_invocation(this.request_id, || {
                match panic::catch(this.request_id, || this.future.as_mut().poll(cx)) {
                    Ok(poll) => poll,
                    Err(diagnostic) => Poll::Ready(Err(diagnostic)),
                }
            })
        }
    }
}
