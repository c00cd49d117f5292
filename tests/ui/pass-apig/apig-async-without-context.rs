//! An async `#[apig_handler]` taking only the request, returning a plain `ApigResponse`.

use fg_events::apig::{ApigRequest, ApigResponse};
use fg_runtime::apig_handler;

#[apig_handler]
async fn handle(request: ApigRequest) -> ApigResponse {
    std::future::ready(()).await;
    ApigResponse::builder()
        .status(200)
        .header("X-Path", request.path())
        .body(request.http_method())
        .build()
}
