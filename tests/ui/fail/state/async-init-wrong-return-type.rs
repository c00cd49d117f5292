//! An `async fn` init that returns the state itself instead of `Result<State, E>`.

use fg_events::dis::DisEvent;
use fg_runtime::{Context, dis_handler};

struct Store;

async fn connect() -> Store {
    Store
}

#[dis_handler(init = connect)]
async fn handle(event: DisEvent, ctx: &Context, store: &Store) -> usize {
    let _ = (ctx, store);
    event.records().count()
}
