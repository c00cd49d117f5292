//! A sync handler that leaves out the context.

use fg_events::dis::DisEvent;
use fg_runtime::dis_handler;

#[dis_handler]
fn handle(event: DisEvent) -> Result<usize, String> {
    Ok(event.records().count())
}
