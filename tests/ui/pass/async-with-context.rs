//! An `async fn` handler that uses the context across an `.await`.

use fg_events::dis::DisEvent;
use fg_runtime::{Context, dis_handler};

async fn count(event: &DisEvent) -> usize {
    event.records().count()
}

#[dis_handler]
async fn handle(event: DisEvent, ctx: &Context) -> Result<String, String> {
    let records = count(&event).await;
    Ok(format!("{records} records for {}", ctx.request_id()))
}
