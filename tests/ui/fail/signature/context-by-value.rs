//! The context taken by value instead of `&Context`.

use fg_events::dis::DisEvent;
use fg_runtime::{Context, dis_handler};

#[dis_handler]
fn handle(event: DisEvent, ctx: Context) -> usize {
    let _ = ctx;
    event.records().count()
}
