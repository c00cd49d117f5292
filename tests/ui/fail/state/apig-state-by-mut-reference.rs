//! An `#[apig_handler]` taking the state by `&mut`: invocations share it, so it is lent by
//! shared reference (use a `Mutex` or atomics inside for what changes).

use fg_events::apig::{ApigRequest, ApigResponse};
use fg_runtime::{Context, apig_handler};

struct Counter(u64);

fn init() -> Result<Counter, String> {
    Ok(Counter(0))
}

#[apig_handler(init = init)]
fn handle(request: ApigRequest, ctx: &Context, counter: &mut Counter) -> ApigResponse {
    let _ = (request, ctx);
    counter.0 += 1;
    ApigResponse::text(200, "ok")
}
