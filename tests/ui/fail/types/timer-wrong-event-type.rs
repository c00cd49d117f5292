//! A `#[timer_handler]` whose event is another trigger's.

use fg_events::dis::DisEvent;
use fg_runtime::timer_handler;

#[timer_handler]
fn handle(event: DisEvent) -> usize {
    event.records().count()
}
