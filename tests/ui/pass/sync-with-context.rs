//! A sync handler taking the event and the context, returning `Result<T, E>`.

use fg_events::dis::DisEvent;
use fg_runtime::{Context, dis_handler};
use serde::Serialize;

#[derive(Serialize)]
struct Summary {
    records: usize,
    request_id: String,
}

#[dis_handler]
fn handle(event: DisEvent, ctx: &Context) -> Result<Summary, String> {
    Ok(Summary {
        records: event.records().count(),
        request_id: ctx.request_id().to_owned(),
    })
}
