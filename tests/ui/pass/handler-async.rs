//! An async `#[handler]` taking the context.

use fg_runtime::{Context, handler};
use serde_json::Value;

#[handler]
async fn handle(event: Value, ctx: &Context) -> Result<Value, String> {
    std::future::ready(()).await;
    let _ = ctx.request_id();
    Ok(event["Tag"].clone())
}
