//! An argument to the attribute, which takes none.

use fg_events::dis::DisEvent;
use fg_runtime::dis_handler;

#[dis_handler(flavor = "current_thread")]
fn handle(event: DisEvent) -> usize {
    event.records().count()
}
