//! The state taken by value: it is built once and shared, so it can only be lent.

use fg_events::dis::DisEvent;
use fg_runtime::{Context, dis_handler};

struct Store;

fn connect() -> Result<Store, String> {
    Ok(Store)
}

#[dis_handler(init = connect)]
fn handle(event: DisEvent, ctx: &Context, store: Store) -> usize {
    let _ = (ctx, store);
    event.records().count()
}
