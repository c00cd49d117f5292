//! `crate` names a path that does not exist: the error is at the user's path.

use fg_events::dis::DisEvent;
use fg_runtime::dis_handler;

#[dis_handler(crate = fg)]
fn handle(event: DisEvent) -> usize {
    event.len()
}
