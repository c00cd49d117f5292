//! A handler with no parameters: the event is required.

use fg_runtime::dis_handler;

#[dis_handler]
fn handle() -> usize {
    0
}
