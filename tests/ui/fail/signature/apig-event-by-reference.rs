//! An `#[apig_handler]` borrowing the request: the event is passed by value.

use fg_events::apig::{ApigRequest, ApigResponse};
use fg_runtime::apig_handler;

#[apig_handler]
fn handle(request: &ApigRequest) -> ApigResponse {
    ApigResponse::text(200, request.path())
}
