//! A `String`, sent verbatim.

use fg_events::dis::DisEvent;
use fg_runtime::dis_handler;

#[dis_handler]
fn handle(event: DisEvent) -> String {
    format!("{} records", event.records().count())
}
