//! An `#[apig_handler]` with state built by `init`.

use fg_events::apig::{ApigRequest, ApigResponse};
use fg_runtime::{Context, apig_handler};

struct Greeting(String);

fn init() -> Result<Greeting, std::convert::Infallible> {
    Ok(Greeting("hello".to_owned()))
}

#[apig_handler(init = init)]
fn handle(request: ApigRequest, ctx: &Context, greeting: &Greeting) -> ApigResponse {
    let _ = (request, ctx);
    ApigResponse::text(200, &greeting.0)
}
