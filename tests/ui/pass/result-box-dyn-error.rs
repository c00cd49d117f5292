//! `Result<T, Box<dyn Error + Send + Sync>>`, so `?` works on any error.

use std::error::Error;

use fg_events::dis::DisEvent;
use fg_runtime::dis_handler;

#[dis_handler]
fn handle(event: DisEvent) -> Result<usize, Box<dyn Error + Send + Sync>> {
    let mut bytes = 0;
    for record in event.records() {
        bytes += record.data()?.len();
    }
    Ok(bytes)
}
