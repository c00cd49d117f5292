//! An `#[apig_handler]` returning a bare string, which the gateway answers with HTTP 500.

use fg_events::apig::ApigRequest;
use fg_runtime::apig_handler;

#[apig_handler]
fn handle(request: ApigRequest) -> Result<String, String> {
    Ok(request.path().to_owned())
}
