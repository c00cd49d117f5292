//! An `#[apig_handler]` answering JSON, whose error type is that of `ApigResponse::json`.

use fg_events::apig::{ApigRequest, ApigResponse};
use fg_runtime::apig_handler;
use serde::Serialize;

#[derive(Serialize)]
struct Echo {
    method: String,
    path: String,
}

#[apig_handler]
fn handle(request: ApigRequest) -> Result<ApigResponse, serde_json::Error> {
    let echo = Echo {
        method: request.http_method().to_owned(),
        path: request.path().to_owned(),
    };
    ApigResponse::json(200, &echo)
}
