//! A context type other than `fg_runtime::Context`.

use fg_events::dis::DisEvent;
use fg_runtime::dis_handler;

struct Context;

#[dis_handler]
fn handle(event: DisEvent, ctx: &Context) -> usize {
    let _ = ctx;
    event.records().count()
}
