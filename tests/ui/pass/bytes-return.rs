//! Bytes, sent verbatim; here the first record's decoded data.

use fg_events::dis::DataError;
use fg_events::dis::DisEvent;
use fg_runtime::dis_handler;

#[dis_handler]
fn handle(event: DisEvent) -> Result<Vec<u8>, DataError> {
    match event.records().next() {
        Some(record) => record.data(),
        None => Ok(Vec::new()),
    }
}
