//! `init` given, but the handler has no parameter to receive the state.

use fg_events::dis::DisEvent;
use fg_runtime::{Context, dis_handler};

struct Store;

fn connect() -> Result<Store, String> {
    Ok(Store)
}

#[dis_handler(init = connect)]
fn handle(event: DisEvent, ctx: &Context) -> usize {
    let _ = ctx;
    event.records().count()
}
