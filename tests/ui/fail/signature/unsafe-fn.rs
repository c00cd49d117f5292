//! An `unsafe fn` handler.

use fg_events::dis::DisEvent;
use fg_runtime::dis_handler;

#[dis_handler]
unsafe fn handle(event: DisEvent) -> usize {
    event.records().count()
}
