//! An `extern "C"` handler.

use fg_events::dis::DisEvent;
use fg_runtime::dis_handler;

#[dis_handler]
extern "C" fn handle(event: DisEvent) -> usize {
    event.records().count()
}
