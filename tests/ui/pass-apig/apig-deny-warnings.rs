//! The `#[apig_handler]` expansion is lint-clean.
#![deny(warnings, unused, rust_2018_idioms, dead_code)]

use fg_events::apig::{ApigRequest, ApigResponse};
use fg_runtime::{Context, apig_handler};

#[apig_handler]
async fn handle(request: ApigRequest, ctx: &Context) -> Result<ApigResponse, String> {
    let _ = ctx.request_id();
    Ok(ApigResponse::text(200, request.path()))
}
