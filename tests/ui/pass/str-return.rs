//! A `&'static str`, sent verbatim.

use fg_events::dis::DisEvent;
use fg_runtime::dis_handler;

#[dis_handler]
fn handle(_event: DisEvent) -> &'static str {
    "ok"
}
