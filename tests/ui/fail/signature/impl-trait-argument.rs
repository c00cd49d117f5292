//! `impl Trait` as the event type.

use fg_events::dis::DisEvent;
use fg_runtime::dis_handler;

#[dis_handler]
fn handle(event: impl Into<DisEvent>) -> usize {
    event.into().records().count()
}
