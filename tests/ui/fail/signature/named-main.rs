//! A handler named `main`, the name the macro generates.

use fg_events::dis::DisEvent;
use fg_runtime::dis_handler;

#[dis_handler]
fn main(event: DisEvent) -> usize {
    event.records().count()
}
