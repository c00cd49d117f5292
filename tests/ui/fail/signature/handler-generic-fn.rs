//! A generic `#[handler]`: the event type must be written out, even though any type will do.

use fg_runtime::handler;

#[handler]
fn handle<E: serde::de::DeserializeOwned>(event: E) -> usize {
    let _ = event;
    0
}
