//! `crate` takes a path, not a string (tokio's `crate = "..."` takes a string; fg's a path).

use fg_events::dis::DisEvent;
use fg_runtime::dis_handler;

#[dis_handler(crate = "fg_runtime")]
fn handle(event: DisEvent) -> usize {
    event.len()
}
