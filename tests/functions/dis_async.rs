//! An `async fn` DIS function for the integration tests: `StreamName` `panic` panics inside
//! the future, `error` returns an error, anything else answers with the record count after
//! yielding to the runtime once.

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

#[dis_handler]
async fn handle(event: DisEvent, ctx: &Context) -> Result<String, String> {
    yield_now().await;
    match event.stream_name() {
        "panic" => panic!("async boom"),
        "error" => Err(format!("async refusal for {}", ctx.request_id())),
        _ => Ok(format!("{} records", event.len())),
    }
}
