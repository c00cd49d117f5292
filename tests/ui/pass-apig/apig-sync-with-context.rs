//! A sync `#[apig_handler]` taking the request and the context, returning
//! `Result<ApigResponse, E>`.

use fg_events::apig::{ApigRequest, ApigResponse};
use fg_runtime::{Context, apig_handler};

#[apig_handler]
fn handle(request: ApigRequest, ctx: &Context) -> Result<ApigResponse, String> {
    let body: serde_json::Value = request.body_json().map_err(|e| e.to_string())?;
    if body["test"] != "body" {
        return Err(format!("unexpected body {body}"));
    }
    Ok(ApigResponse::text(200, ctx.request_id()))
}
