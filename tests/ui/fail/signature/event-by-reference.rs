//! The event taken by reference instead of by value.

use fg_events::dis::DisEvent;
use fg_runtime::dis_handler;

#[dis_handler]
fn handle(event: &DisEvent) -> usize {
    event.records().count()
}
