//! `#[handler]` with `serde_json::Value`: the JSON event, explored by the function.

use fg_runtime::{Context, handler};
use serde_json::Value;

#[handler]
fn handle(event: Value, ctx: &Context) -> Result<usize, String> {
    let _ = ctx.request_id();
    let records = event["Message"]["records"].as_array();
    records
        .map(Vec::len)
        .ok_or_else(|| format!("no records in {event}"))
}
