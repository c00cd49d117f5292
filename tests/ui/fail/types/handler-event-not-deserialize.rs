//! A `#[handler]` event type that implements neither `Deserialize` nor `FromRawEvent`.

use fg_runtime::handler;

struct Order {
    id: String,
}

#[handler]
fn handle(event: Order) -> String {
    event.id
}
