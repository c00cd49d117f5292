//! The function a user would write: `record.data()` per record (a new `Vec` each).

use fg_bench::Summary;
use fg_events::dis::{DataError, DisEvent};
use fg_runtime::dis_handler;

#[dis_handler]
fn handle(event: DisEvent) -> Result<Summary, DataError> {
    let mut bytes = 0;
    for record in event.records() {
        bytes += record.data()?.len();
    }
    Ok(Summary {
        records: event.len(),
        bytes,
    })
}
