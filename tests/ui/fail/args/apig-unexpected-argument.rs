//! An argument to `#[apig_handler]`, which takes none.

use fg_events::apig::{ApigRequest, ApigResponse};
use fg_runtime::apig_handler;

#[apig_handler(path = "/orders")]
fn handle(request: ApigRequest) -> ApigResponse {
    ApigResponse::text(200, request.path())
}
