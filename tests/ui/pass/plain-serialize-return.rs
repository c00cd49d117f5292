//! A plain `Serialize` return value, sent as JSON.

use fg_events::dis::DisEvent;
use fg_runtime::{Context, dis_handler};
use serde::Serialize;

#[derive(Serialize)]
struct Summary {
    records: usize,
}

#[dis_handler]
fn handle(event: DisEvent, _ctx: &Context) -> Summary {
    Summary {
        records: event.records().count(),
    }
}
