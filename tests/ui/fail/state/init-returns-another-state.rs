//! An `init` whose state is not the type the handler borrows.

use fg_events::dis::DisEvent;
use fg_runtime::{Context, dis_handler};

struct Store;
struct Cache;

fn connect() -> Result<Cache, std::io::Error> {
    Ok(Cache)
}

#[dis_handler(init = connect)]
fn handle(event: DisEvent, ctx: &Context, store: &Store) -> usize {
    let _ = (ctx, store);
    event.records().count()
}
