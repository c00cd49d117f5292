//! No return type at all, like `-> ()`.

use fg_events::dis::DisEvent;
use fg_runtime::{Context, dis_handler};

#[dis_handler]
fn handle(event: DisEvent, ctx: &Context) {
    ctx.info(format_args!("{} records", event.records().count()));
}
