//! The expansion is lint-clean: every lint group denied, every shape of return exercised.
#![deny(warnings, unused, rust_2018_idioms, dead_code)]

use fg_events::dis::DisEvent;
use fg_runtime::{Context, dis_handler};

#[dis_handler]
async fn handle(event: DisEvent, ctx: &Context) -> Result<Vec<u8>, String> {
    let _ = ctx.request_id();
    Ok(event.records().count().to_string().into_bytes())
}
