//! A `where` clause on the handler.

use fg_events::dis::DisEvent;
use fg_runtime::dis_handler;

#[dis_handler]
fn handle(event: DisEvent) -> usize
where
    DisEvent: Clone,
{
    event.records().count()
}
