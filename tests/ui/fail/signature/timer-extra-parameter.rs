//! A `#[timer_handler]` with a third parameter.

use fg_events::timer::TimerEvent;
use fg_runtime::{Context, timer_handler};

#[timer_handler]
fn handle(event: TimerEvent, ctx: &Context, attempt: u32) -> String {
    let _ = (ctx, attempt);
    event.time().to_owned()
}
