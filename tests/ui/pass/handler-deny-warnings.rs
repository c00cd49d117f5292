//! The `#[handler]` expansion is lint-clean for raw and JSON events alike.
#![deny(warnings, unused, rust_2018_idioms, dead_code)]

use fg_runtime::{Context, handler};

#[handler]
async fn handle(event: Vec<u8>, ctx: &Context) -> Result<Vec<u8>, String> {
    let _ = ctx.request_id();
    let value: serde_json::Value = serde_json::from_slice(&event).map_err(|e| e.to_string())?;
    Ok(value["Tag"].to_string().into_bytes())
}
