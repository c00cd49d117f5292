//! A `#[handler]` without the event parameter: the message says what the event may be.

use fg_runtime::handler;

#[handler]
fn handle() -> String {
    String::new()
}
