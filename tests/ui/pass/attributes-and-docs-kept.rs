//! Doc comments, attributes and visibility on the handler are kept as written.
#![deny(missing_docs)]

use fg_events::dis::DisEvent;
use fg_runtime::dis_handler;

/// Counts the records of a DIS batch.
#[inline]
#[must_use]
#[dis_handler]
pub fn handle(event: DisEvent) -> usize {
    event.records().count()
}
