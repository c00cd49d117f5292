//! The leanest documented way: `record.data_into(&mut buf)`, one buffer for the whole batch.

use fg_bench::Summary;
use fg_events::dis::{DataError, DisEvent};
use fg_runtime::dis_handler;

#[dis_handler]
fn handle(event: DisEvent) -> Result<Summary, DataError> {
    let mut buf = Vec::new();
    let mut bytes = 0;
    for record in event.records() {
        bytes += record.data_into(&mut buf)?.len();
    }
    Ok(Summary {
        records: event.len(),
        bytes,
    })
}
