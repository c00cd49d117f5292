//! An explicit `-> ()`: an empty response body.

use fg_events::dis::DisEvent;
use fg_runtime::dis_handler;

#[dis_handler]
#[allow(clippy::unused_unit)]
fn handle(_event: DisEvent) -> () {}
