//! A state parameter, but no `init` to build the state.

use fg_events::dis::DisEvent;
use fg_runtime::{Context, dis_handler};

struct Store;

#[dis_handler]
fn handle(event: DisEvent, ctx: &Context, store: &Store) -> usize {
    let _ = (ctx, store);
    event.records().count()
}
