//! An `#[apig_handler]` whose event is not `ApigRequest`.

use fg_events::apig::ApigResponse;
use fg_runtime::apig_handler;

#[apig_handler]
fn handle(request: serde_json::Value) -> ApigResponse {
    ApigResponse::text(200, request.to_string())
}
