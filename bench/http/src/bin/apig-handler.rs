//! The baseline: the same work written by hand as an `#[apig_handler]`.

use fg_events::apig::{ApigRequest, ApigResponse};
use fg_runtime::apig_handler;

#[apig_handler]
fn handle(request: ApigRequest) -> Result<ApigResponse, serde_json::Error> {
    let id = request
        .path()
        .strip_prefix("/users/")
        .and_then(|id| id.parse::<u64>().ok());
    let Some(id) = id else {
        return Ok(ApigResponse::text(404, "not found"));
    };
    let fields = request.query_all("field");
    let fields: Vec<&str> = fields.iter().map(|f| f.as_ref()).collect();
    ApigResponse::json(200, &fg_bench_http::user(id, &fields))
}
