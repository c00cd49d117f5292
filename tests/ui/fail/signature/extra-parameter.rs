//! A third parameter after the event and the context.

use fg_events::dis::DisEvent;
use fg_runtime::{Context, dis_handler};

#[dis_handler]
fn handle(event: DisEvent, ctx: &Context, retries: u32) -> usize {
    let _ = (ctx, retries);
    event.records().count()
}
