//! `#[apig_handler]` without fg-runtime's `apig` feature: one error, the decoder's.

use fg_events::apig::{ApigRequest, ApigResponse};
use fg_runtime::apig_handler;

#[apig_handler]
fn handle(request: ApigRequest) -> ApigResponse {
    let _ = request;
    ApigResponse::text(200, "ok")
}
