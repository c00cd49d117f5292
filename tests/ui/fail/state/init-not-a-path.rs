//! `init` given a string instead of the function's path.

use fg_events::dis::DisEvent;
use fg_runtime::{Context, dis_handler};

struct Store;

#[dis_handler(init = "connect")]
fn handle(event: DisEvent, ctx: &Context, store: &Store) -> usize {
    let _ = (ctx, store);
    event.records().count()
}
