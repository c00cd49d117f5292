//! `fn-user` written as an `async fn`: the difference is the cost of the async path.

use fg_bench::Summary;
use fg_events::dis::{DataError, DisEvent};
use fg_runtime::dis_handler;

#[dis_handler]
async fn handle(event: DisEvent) -> Result<Summary, DataError> {
    let mut bytes = 0;
    for record in event.records() {
        bytes += record.data()?.len();
    }
    Ok(Summary {
        records: event.len(),
        bytes,
    })
}
