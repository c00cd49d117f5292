//! The handler stays an ordinary function that tests can call with an event and a context
//! they build themselves.

use fg_events::dis::DisEvent;
use fg_runtime::{Context, dis_handler};

#[dis_handler]
fn handle(event: DisEvent, ctx: &Context) -> Result<usize, String> {
    let _ = ctx.request_id();
    Ok(event.records().count())
}

/// What a unit test would do; `#[cfg(test)]` would hide it from trybuild's build.
#[allow(dead_code)]
fn call_directly() {
    let summary = handle(DisEvent::default(), &Context::for_test());
    assert_eq!(summary, Ok(0));
}
