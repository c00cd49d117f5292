//! `#[dis_handler]` without fg-runtime's `dis` feature.

use fg_events::dis::DisEvent;
use fg_runtime::dis_handler;

#[dis_handler]
fn handle(event: DisEvent) -> usize {
    event.len()
}
