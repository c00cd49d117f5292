//! A generic handler: the event type must be written out.

use fg_runtime::dis_handler;

#[dis_handler]
fn handle<E: serde::de::DeserializeOwned>(event: E) -> usize {
    let _ = event;
    0
}
