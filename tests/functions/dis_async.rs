//! An `async fn` DIS function for the integration tests: `StreamName` `panic` panics inside
//! the future, `error` returns an error, `sleep` waits `ShardID` milliseconds without blocking
//! the thread (logging when it starts and ends), anything else answers with the record count
//! after yielding to the runtime once.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::Poll;
use std::time::Duration;

use fg_events::dis::DisEvent;
use fg_runtime::{Context, dis_handler};

/// Yields once, so the handler really suspends and is resumed by the runtime.
async fn yield_now() {
    let mut yielded = false;
    std::future::poll_fn(|cx| {
        if yielded {
            std::task::Poll::Ready(())
        } else {
            yielded = true;
            cx.waker().wake_by_ref();
            std::task::Poll::Pending
        }
    })
    .await;
}

/// Waits without blocking the runtime's thread: a helper thread sleeps, then wakes the task
/// (the test binaries have no timer crate of their own).
async fn sleep(duration: Duration) {
    let done = Arc::new(AtomicBool::new(false));
    let mut started = false;
    std::future::poll_fn(|cx| {
        if done.load(Ordering::SeqCst) {
            return Poll::Ready(());
        }
        if !started {
            started = true;
            let (done, waker) = (Arc::clone(&done), cx.waker().clone());
            std::thread::spawn(move || {
                std::thread::sleep(duration);
                done.store(true, Ordering::SeqCst);
                waker.wake();
            });
        }
        Poll::Pending
    })
    .await;
}

#[dis_handler]
async fn handle(event: DisEvent, ctx: &Context) -> Result<String, String> {
    yield_now().await;
    match event.stream_name() {
        "panic" => panic!("async boom"),
        "error" => Err(format!("async refusal for {}", ctx.request_id())),
        "sleep" => {
            ctx.info("sleep starts");
            let ms = event.shard_id().parse().unwrap_or(0);
            sleep(Duration::from_millis(ms)).await;
            ctx.info("sleep ends");
            Ok(format!("slept {ms} ms"))
        }
        _ => Ok(format!("{} records", event.len())),
    }
}
